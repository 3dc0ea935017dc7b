"""The co-op admins' payout screens: close, two approvals by different admins, paid with references, cancel,
exports and split policy versions with their guard-rail errors on the form fields."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from makers.models import Attribution
from payouts.allocation import allocate_order
from payouts.models import PayoutRun, SplitPolicy, Transaction
from payouts.policies import load_default_policies
from payouts.runs import PayoutError, approve, close_period, mark_paid
from payouts.testing import paid_order
from storefront import roles
from storefront.models import AuditEntry
from tests.factories import make_maker, make_product, make_user

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
SOLD = datetime.datetime(2026, 3, 3, 12, tzinfo=UTC)
END = datetime.datetime(2026, 3, 9, 0, tzinfo=UTC)


@pytest.fixture
def sales(settings):
    """A serving maker and a released maker with a £40 sale each (no VAT, for round numbers)."""
    settings.SHOP_VAT_REGISTERED = False
    load_default_policies()
    makers = [make_maker(display_name="Inez"),
              make_maker(display_name="Rafe", statuses=[("released", datetime.date(2025, 1, 1), None)],
                         prisoner_number="", establishment="")]
    for maker in makers:
        product = make_product("art")
        Attribution.objects.create(product=product, maker=maker)
        allocate_order(paid_order([(product, 4000)], SOLD))
    return makers


@pytest.fixture
def admins(client):
    return make_user(roles.ADMINS, email="first@example.org"), make_user(roles.ADMINS, email="second@example.org")


def as_user(client, user):
    client.force_login(user)
    return client


def test_run_list_shows_totals_per_bucket(client, sales, admins):
    run = close_period(END)
    page = as_user(client, admins[0]).get(reverse("payouts:runs"))
    assert page.status_code == 200
    text = page.content.decode()
    assert f"#{run.pk}" in text
    # wages 2000 + 2800, reparation 800 + 200, room and board 400, surplus 800 + 1000: £80 in all
    for figure in ("£48.00", "£10.00", "£4.00", "£18.00", "£80.00"):
        assert figure in text


def test_closing_a_week_and_closing_it_again_is_a_form_error(client, sales, admins):
    client = as_user(client, admins[0])
    response = client.post(reverse("payouts:close"), {"how": "week", "day": "2026-03-04"})
    run = PayoutRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("payouts:run", args=[run.pk])
    assert run.closed_by == admins[0]
    again = client.post(reverse("payouts:close"), {"how": "until", "day": "2026-03-07"})
    assert again.status_code == 200
    assert "already closed" in again.context["form"].errors["day"][0]
    assert PayoutRun.objects.count() == 1
    assert AuditEntry.objects.filter(action="payout.closed", target_id=str(run.pk), actor=admins[0]).exists()


def test_a_period_that_has_not_ended_cannot_be_closed(client, sales, admins):
    today = timezone.localdate().isoformat()
    response = as_user(client, admins[0]).post(reverse("payouts:close"), {"how": "until", "day": today})
    assert "has not ended yet" in response.context["form"].errors["day"][0]
    assert not PayoutRun.objects.exists()


def test_two_different_admins_approve_then_it_is_paid_with_a_reference_per_payee(client, sales, admins):
    first, second = admins
    run = close_period(END)
    approve = reverse("payouts:approve", args=[run.pk])
    assert as_user(client, first).post(approve).status_code == 302
    refused = client.post(approve)
    assert refused.status_code == 409
    assert "a second, different admin must approve it" in refused.content.decode()
    run.refresh_from_db()
    assert run.state == PayoutRun.FIRST_APPROVAL and run.second_approved_by is None

    # Paying before the second approval is refused by the engine, shown on the form.
    payees = list(run.payees.filter(amount__gt=0))
    references = {f"reference_{p.pk}": f"BACS-{p.pk}" for p in payees}
    early = client.post(reverse("payouts:pay", args=[run.pk]), references)
    assert early.status_code == 400 and "approved by two admins" in early.content.decode()

    assert as_user(client, second).post(approve).status_code == 302
    run.refresh_from_db()
    assert (run.state, run.first_approved_by, run.second_approved_by) == (PayoutRun.APPROVED, first, second)

    missing = client.post(reverse("payouts:pay", args=[run.pk]), dict(list(references.items())[1:]))
    assert missing.status_code == 400
    assert missing.context["form"].errors == {f"reference_{payees[0].pk}": ["This field is required."]}
    paid = client.post(reverse("payouts:pay", args=[run.pk]), references)
    assert paid.status_code == 302
    run.refresh_from_db()
    assert run.state == PayoutRun.PAID
    assert {p.payment_reference for p in run.payees.filter(amount__gt=0)} == set(references.values())
    trail = list(AuditEntry.objects.filter(target_type="payouts.payoutrun", target_id=str(run.pk))
                 .order_by("pk").values_list("action", "actor__email", "after__state"))
    assert trail == [("payout.closed", None, "draft"), ("payout.approved", "first@example.org", "first_approval"),
                     ("payout.approved", "second@example.org", "approved"), ("payout.paid", "second@example.org", "paid")]
    history = client.get(reverse("payouts:run", args=[run.pk])).content.decode()
    assert "Marked paid by second@example.org" in history and "payout.approved" in history


def test_cancelling_needs_a_reason_and_records_it(client, sales, admins):
    run = close_period(END)
    client = as_user(client, admins[0])
    empty = client.post(reverse("payouts:cancel", args=[run.pk]), {"reason": ""})
    assert empty.status_code == 400 and "reason" in empty.context["cancel_form"].errors
    client.post(reverse("payouts:cancel", args=[run.pk]), {"reason": "Wrong week"})
    run.refresh_from_db()
    assert run.state == PayoutRun.CANCELLED
    entry = AuditEntry.objects.get(action="payout.cancelled")
    assert (entry.note, entry.before, entry.after) == ("Wrong week", {"state": "draft"}, {"state": "cancelled"})


def test_exports_are_csv_per_payee_kind_and_each_download_is_logged(client, sales, admins):
    run = close_period(END)
    response = as_user(client, admins[0]).get(reverse("payouts:export", args=[run.pk, "member"]))
    assert response["Content-Type"] == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["maker"] for row in rows] == ["Rafe"]
    assert AuditEntry.objects.filter(action="payout.exported", actor=admins[0]).count() == 1
    assert client.get(reverse("payouts:export", args=[run.pk, "nobody"])).status_code == 404


def test_run_page_names_payees_by_display_name_never_by_private_fields(client, sales, admins):
    run = close_period(END)
    text = as_user(client, admins[0]).get(reverse("payouts:run", args=[run.pk])).content.decode()
    assert "Inez" in text and "Rafe" in text
    for maker in sales:
        for private in (maker.legal_name, maker.prisoner_number, maker.establishment):
            if private:
                assert private not in text


def test_instructors_buyers_and_anonymous_are_refused(client, sales):
    run = close_period(END)
    urls = [reverse("payouts:runs"), reverse("payouts:run", args=[run.pk]), reverse("payouts:policies")]
    for url in urls:
        assert client.get(url).status_code == 302
    for role in (roles.INSTRUCTORS, roles.BUYERS, roles.MAKERS):
        as_user(client, make_user(role))
        for url in urls:
            assert client.get(url).status_code == 403, (role, url)
        assert client.post(reverse("payouts:approve", args=[run.pk])).status_code == 403
    run.refresh_from_db()
    assert run.state == PayoutRun.DRAFT


def policy_data(**figures):
    start = (timezone.now() + datetime.timedelta(days=7)).strftime("%Y-%m-%dT%H:%M")
    data = {"status": "serving_inside", "effective_from": start, "wages_bp": 5000, "reparation_bp": 2000,
            "room_board_bp": 1000, "surplus_bp": 2000, "housed_room_board_bp": 0, "levy_rate_bp": 4000,
            "levy_threshold_pence": 2000, "note": "Yearly review"}
    return data | figures


@pytest.mark.parametrize(("figures", "field", "message"), [
    ({"surplus_bp": 1000}, "__all__", "Percentages add up to 90.00%, they must add up to exactly 100%"),
    ({"wages_bp": 2000, "reparation_bp": 4000, "room_board_bp": 2000}, "wages_bp", "Wages keep only 25.00%"),
    ({"wages_bp": 1000, "reparation_bp": 6000, "room_board_bp": 1000}, "reparation_bp", "take 87.50% of the maker"),
    ({"levy_rate_bp": 5000}, "levy_rate_bp", "the most the law allows"),
    ({"housed_room_board_bp": 500}, "housed_room_board_bp", "applies only to released makers"),
    ({"effective_from": "2020-01-01T00:00"}, "effective_from", "takes effect now or later"),
])
def test_policy_guard_rails_are_shown_on_the_form_fields(client, admins, figures, field, message):
    versions = SplitPolicy.objects.count()
    response = as_user(client, admins[0]).post(reverse("payouts:policy-add"), policy_data(**figures))
    assert response.status_code == 200
    assert any(message in error for error in response.context["form"].errors[field])
    assert message.split(",")[0] in response.content.decode()
    assert SplitPolicy.objects.count() == versions


def test_a_valid_policy_version_is_added_with_who_and_an_audit_entry(client, admins):
    load_default_policies()
    response = as_user(client, admins[0]).post(reverse("payouts:policy-add"),
                                               policy_data(wages_bp=5500, surplus_bp=1500))
    assert response.status_code == 302
    policy = SplitPolicy.objects.get(wages_bp=5500)
    assert policy.created_by == admins[0]
    entry = AuditEntry.objects.get(action="policy.added")
    assert (entry.before["wages_bp"], entry.after["wages_bp"]) == (5000, 5500)
    assert client.get(reverse("payouts:policy-add") + "?status=rotl").context["form"].initial["wages_bp"] == 7500


def test_the_dashboard_menu_offers_the_payout_screens_to_admins_only(client, admins):
    page = as_user(client, admins[0]).get(reverse("dashboard:index")).content.decode()
    assert reverse("payouts:runs") in page and reverse("audit-log") in page
    instructor = make_user(roles.INSTRUCTORS)
    page = as_user(client, instructor).get(reverse("dashboard:index"))
    assert page.status_code == 200 and reverse("payouts:runs") not in page.content.decode()


def test_a_held_sale_is_listed_with_why_and_allocated_again_once_its_listing_is_fixed(client, admins, settings):
    settings.SHOP_VAT_REGISTERED = False
    load_default_policies()
    maker = make_maker(display_name="Inez")
    listing = make_product("art", partner=maker.workshop.partner)  # a workshop's listing, no maker credited
    order = paid_order([(listing, 2500)], SOLD)
    allocate_order(order)
    line = order.lines.get()
    client = as_user(client, admins[0])

    menu = client.get(reverse("dashboard:index")).content.decode()
    assert f'href="{reverse("payouts:held")}"' in menu
    page = client.get(reverse("payouts:held")).content.decode()
    assert order.number in page and f"#{line.pk}: {line.title}" in page and "£25.00" in page
    assert "No maker is credited with this listing" in page
    assert reverse("dashboard:catalogue-product", kwargs={"pk": listing.pk}) in page
    allocate_url = reverse("payouts:held-allocate", args=[line.pk])
    assert allocate_url in page

    still = client.post(allocate_url, follow=True)
    assert "is still held: No maker is credited" in still.content.decode()
    assert not Transaction.objects.filter(line=line, kind=Transaction.SALE).exists()

    Attribution.objects.create(product=listing, maker=maker)
    assert "its makers are known now" in client.get(reverse("payouts:held")).content.decode()
    done = client.post(allocate_url, follow=True).content.decode()
    assert "is allocated to its makers" in done and "No sale is held" in done
    assert Transaction.objects.get(line=line, kind=Transaction.SALE).entries.filter(maker=maker).exists()
    entry = AuditEntry.objects.get(action="sale.allocated")
    assert (entry.actor, entry.target_id, entry.after["makers"]) == (admins[0], str(line.pk), [maker.pk])


def test_only_a_held_line_can_be_allocated_from_the_held_sales_screen(client, sales, admins):
    line = Transaction.objects.filter(kind=Transaction.SALE).first().line
    response = as_user(client, admins[0]).post(reverse("payouts:held-allocate", args=[line.pk]))
    assert response.status_code == 404


def test_mark_paid_asks_a_reference_of_each_payee_and_writes_nothing_until_all_are_given(client, sales, admins):
    run = close_period(END)
    approve(run, admins[0])
    approve(run, admins[1])
    client = as_user(client, admins[0])
    payees = list(run.payees.filter(amount__gt=0).order_by("pk"))
    form = client.get(reverse("payouts:pay", args=[run.pk])).content.decode()
    assert len(payees) > 1 and all(f'name="reference_{p.pk}"' in form for p in payees)

    partial = {f"reference_{p.pk}": f"BACS-{p.pk}" for p in payees[1:]} | {f"reference_{payees[0].pk}": "  "}
    response = client.post(reverse("payouts:pay", args=[run.pk]), partial)
    assert response.status_code == 400
    page = response.content.decode()
    assert "This field is required." in page and f'id="id_reference_{payees[0].pk}"' in page
    assert f'value="BACS-{payees[1].pk}"' in page  # what was typed is kept
    run.refresh_from_db()
    assert run.state == PayoutRun.APPROVED
    assert not run.payees.exclude(payment_reference="").exists()
    assert not Transaction.objects.filter(kind=Transaction.PAYOUT_PAID).exists()


def test_an_empty_run_cannot_be_approved_or_paid_and_offers_neither(client, admins):
    load_default_policies()
    run = close_period(END)  # nothing was sold
    assert not run.items.exists()
    for action in (lambda: approve(run, admins[0]), lambda: mark_paid(run, admins[0], {})):
        with pytest.raises(PayoutError, match="This run has nothing to pay"):
            action()
    client = as_user(client, admins[0])
    page = client.get(reverse("payouts:run", args=[run.pk])).content.decode()
    assert "This run has nothing to pay" in page
    assert reverse("payouts:approve", args=[run.pk]) not in page and reverse("payouts:pay", args=[run.pk]) not in page
    refused = client.post(reverse("payouts:approve", args=[run.pk]))
    assert refused.status_code == 409 and "This run has nothing to pay" in refused.content.decode()
    pay = client.get(reverse("payouts:pay", args=[run.pk])).content.decode()
    assert "This run has nothing to pay" in pay and ">Mark paid</button>" not in pay
    run.refresh_from_db()
    assert run.state == PayoutRun.DRAFT and not run.events.exclude(action="closed").exists()


def test_the_run_page_links_the_csv_of_each_kind_of_payee_it_pays(client, sales, admins):
    run = close_period(END)
    client = as_user(client, admins[0])
    page = client.get(reverse("payouts:run", args=[run.pk])).content.decode()
    kinds = set(run.payees.values_list("kind", flat=True))
    assert kinds == {"member", "establishment", "victim_fund", "reserve"}
    for kind in kinds:
        url = reverse("payouts:export", args=[run.pk, kind])
        assert f'href="{url}"' in page
        rows = list(csv.DictReader(io.StringIO(client.get(url).content.decode())))
        assert rows and sum(int(row["amount_pence"]) for row in rows) == sum(
            run.payees.filter(kind=kind).values_list("amount", flat=True))
