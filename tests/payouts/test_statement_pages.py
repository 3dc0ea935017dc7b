"""Statement pages: admins and the maker's instructors in the dashboard (and a printable page with no navigation),
a maker with a login sees their own and nothing of anyone else's; another workshop's maker is 404."""

import datetime

import pytest
from django.urls import reverse

from makers.models import Attribution
from payouts.allocation import allocate_order
from payouts.policies import load_default_policies
from payouts.testing import paid_order
from storefront import roles
from tests.factories import make_maker, make_product, make_user, make_workshop

pytestmark = pytest.mark.django_db
UTC = datetime.UTC
PERIOD = "?start=2026-03-01&end=2026-03-31"


@pytest.fixture
def shop(settings):
    settings.SHOP_VAT_REGISTERED = False
    load_default_policies()
    north, south = make_workshop(), make_workshop()
    ours = make_maker(display_name="Ada", workshop=north, legal_name="Adaline Privateperson",
                      prisoner_number="Q9876ZZ", establishment="HMP Hiddenplace")
    theirs = make_maker(display_name="Bo", workshop=south, statuses=[("released", datetime.date(2025, 1, 1), None)],
                        legal_name="Bofrid Secretname", prisoner_number="", establishment="")
    for maker, title in ((ours, "Blue Heron print"), (theirs, "Oak stool")):
        product = make_product("art")
        product.title = title
        product.save()
        Attribution.objects.create(product=product, maker=maker)
        allocate_order(paid_order([(product, 4000)], datetime.datetime(2026, 3, 3, 12, tzinfo=UTC)))
    theirs.user = make_user(roles.MAKERS)
    theirs.save()
    return {"ours": ours, "theirs": theirs, "instructor": make_user(roles.INSTRUCTORS, workshops=[north]),
            "admin": make_user(roles.ADMINS)}


def text(response):
    assert response.status_code == 200
    return response.content.decode()


def assert_private_fields_absent(page):
    for value in ("Adaline Privateperson", "Q9876ZZ", "HMP Hiddenplace", "Bofrid Secretname"):
        assert value not in page


def test_an_instructor_sees_and_prints_their_makers_statement_and_not_another_workshops(client, shop):
    client.force_login(shop["instructor"])
    page = text(client.get(reverse("payouts:statement", args=[shop["ours"].slug]) + PERIOD))
    assert "Statement for Ada, 1 Mar 2026 to 31 Mar 2026" in page
    assert "£32.00" in page and "£20.00" in page  # gross share 80% of £40, wages 50% of £40
    assert_private_fields_absent(page)
    printable = text(client.get(reverse("payouts:statement-print", args=[shop["ours"].slug]) + PERIOD))
    assert "@media print" in printable and "Blue Heron print" in printable
    assert "navbar" not in printable and "<nav" not in printable
    assert_private_fields_absent(printable)
    for name in ("statement", "statement-print"):
        assert client.get(reverse(f"payouts:{name}", args=[shop["theirs"].slug])).status_code == 404


def test_admins_see_any_makers_statement(client, shop):
    client.force_login(shop["admin"])
    page = text(client.get(reverse("payouts:statement", args=[shop["theirs"].slug]) + PERIOD))
    assert "Oak stool" in page and "£28.00" in page  # released: wages 70%


def test_a_maker_sees_their_own_statement_only(client, shop):
    client.force_login(shop["theirs"].user)
    page = text(client.get(reverse("own-statement") + PERIOD))
    assert "Statement for Bo" in page and "Oak stool" in page and "Blue Heron" not in page
    assert reverse("own-statement") in text(client.get(reverse("customer:profile-view")))
    assert_private_fields_absent(page)
    assert "Oak stool" in text(client.get(reverse("own-statement-print") + PERIOD))
    assert client.get(reverse("payouts:statement", args=[shop["ours"].slug])).status_code in (403, 404)
    assert client.get(reverse("payouts:statement", args=[shop["theirs"].slug])).status_code in (403, 404)


def test_an_account_that_is_no_makers_has_no_statement_and_anonymous_must_sign_in(client, shop):
    response = client.get(reverse("own-statement"))
    assert response.status_code == 302 and reverse("customer:login") in response["Location"]
    client.force_login(make_user(roles.BUYERS))
    assert client.get(reverse("own-statement")).status_code == 404
    assert reverse("own-statement") not in text(client.get(reverse("customer:profile-view")))


def test_a_period_that_ends_before_it_starts_is_an_error_not_a_crash(client, shop):
    client.force_login(shop["admin"])
    page = text(client.get(reverse("payouts:statement", args=[shop["ours"].slug]) + "?start=2026-03-05&end=2026-03-01"))
    assert "must end on or after the day it starts" in page
    page = text(client.get(reverse("payouts:statement", args=[shop["ours"].slug]) + "?start=yesterday"))
    assert "YYYY-MM-DD" in page


@pytest.mark.parametrize("query", ["?end=9999-12-31", "?start=0001-01-01", "?start=0001-01-01&end=0001-01-02",
                                   "?end=0001-01-05", "?start=2026-01-01&end=9999-12-31", "?end=2026-02-30",
                                   "?end=%00", "?start=2026-13-01"])
def test_a_date_out_of_range_or_malformed_is_an_error_not_a_crash(client, shop, query):
    client.force_login(shop["admin"])
    for name in ("payouts:statement", "payouts:statement-print"):
        page = text(client.get(reverse(name, args=[shop["ours"].slug]) + query))
        assert "Dates must be between 01 Jan 2000 and 31 Dec 2099" in page or "YYYY-MM-DD" in page
    client.force_login(shop["theirs"].user)
    assert "Dates must be" in text(client.get(reverse("own-statement") + query))


def test_a_statement_opens_on_the_four_weeks_up_to_the_makers_latest_sale(client, shop):
    client.force_login(shop["theirs"].user)
    page = text(client.get(reverse("own-statement")))  # the sale was on 3 Mar 2026, long before this week
    assert "Statement for Bo, 4 Feb 2026 to 3 Mar 2026" in page and "Oak stool" in page
    client.force_login(shop["instructor"])
    page = text(client.get(reverse("payouts:statement", args=[shop["ours"].slug])))
    assert "4 Feb 2026 to 3 Mar 2026" in page and "Blue Heron print" in page


def test_a_maker_with_no_sales_yet_sees_the_last_four_full_weeks(client, shop):
    maker = make_maker(display_name="Cy", workshop=shop["ours"].workshop)
    client.force_login(shop["admin"])
    response = client.get(reverse("payouts:statement", args=[maker.slug]))
    end = response.context["end"]
    assert end.weekday() == 6 and response.context["start"] == end - datetime.timedelta(days=27)
    assert datetime.date.today() - end <= datetime.timedelta(days=8)
