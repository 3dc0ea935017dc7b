"""The order dashboard scoped by workshop (ARCHITECTURE.md trap 5): an instructor sees only orders with a line of
their workshop, and in them only their own lines; staff see everything, with the refund and packing-slip links."""

import csv
import datetime
import io

import pytest
from django.urls import reverse

from payouts.testing import paid_order
from storefront import roles
from tests.factories import make_product, make_user, make_workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def orders():
    north, south = make_workshop(), make_workshop()
    ours = make_product("art", partner=north.partner)
    theirs = make_product("art", partner=south.partner)
    when = datetime.datetime(2026, 3, 3, 12, tzinfo=datetime.UTC)
    mixed = paid_order([(ours, 4000), (theirs, 2500)], when, number="MIXED1")
    only_theirs = paid_order([(theirs, 2500)], when, number="THEIRS1")
    for order in (mixed, only_theirs):
        for line in order.lines.all():
            line.partner = line.product.stockrecords.get().partner
            line.partner_name = line.partner.name
            line.save()
    return {"north": north, "mixed": mixed, "only_theirs": only_theirs,
            "our_line": mixed.lines.get(product=ours), "their_line": mixed.lines.get(product=theirs)}


def test_an_instructor_sees_only_orders_and_lines_of_their_own_workshop(client, orders):
    client.force_login(make_user(roles.INSTRUCTORS, workshops=[orders["north"]]))
    listing = client.get(reverse("dashboard:order-list"))
    assert [order.number for order in listing.context["orders"]] == ["MIXED1"]
    assert f"{orders['mixed'].total_incl_tax:,.2f}" not in listing.content.decode()  # no whole-order totals
    assert "download_selected_orders" not in listing.content.decode()
    download = client.post(reverse("dashboard:order-list"), {"action": "download_selected_orders",
                                                             "selected_order": [orders["mixed"].pk]})
    assert download.status_code == 403
    by_get = client.get(reverse("dashboard:order-list") + "?response_format=csv")
    assert by_get.status_code == 403 and "MIXED1" not in by_get.content.decode()
    detail = client.get(reverse("dashboard:order-detail", args=["MIXED1"]))
    assert list(detail.context["lines"]) == [orders["our_line"]]
    assert orders["their_line"].title not in detail.content.decode()
    assert "Only your workshop's lines" in detail.content.decode()
    assert detail.context["own_lines_total"] == orders["our_line"].line_price_before_discounts_incl_tax
    whole = orders["mixed"].total_incl_tax
    assert f"{whole:,.2f}" not in detail.content.decode()  # nor the whole order's total: it holds the other line's worth
    assert reverse("shop-order-refund", args=["MIXED1"]) not in detail.content.decode()
    assert client.get(reverse("dashboard:order-detail", args=["THEIRS1"])).status_code == 404
    line_url = reverse("dashboard:order-line-detail", args=["MIXED1", orders["their_line"].pk])
    assert client.get(line_url).status_code == 404
    assert client.get(reverse("dashboard:order-line-detail", args=["MIXED1", orders["our_line"].pk])).status_code == 200
    assert client.get(reverse("dashboard:order-list") + "?order_number=THEIRS1").status_code == 200


def test_an_instructor_cannot_act_on_another_workshops_line(client, orders):
    client.force_login(make_user(roles.INSTRUCTORS, workshops=[orders["north"]]))
    their_line = orders["their_line"]
    response = client.post(reverse("dashboard:order-detail", args=["MIXED1"]), {
        "line_action": "change_line_statuses", "selected_line": [their_line.pk],
        f"selected_line_qty_{their_line.pk}": 1, "new_status": "Shipped"})
    their_line.refresh_from_db()
    assert their_line.status != "Shipped"
    assert response.status_code in (200, 302)


def test_admins_see_every_line_and_the_refund_and_packing_slip_links(client, orders):
    client.force_login(make_user(roles.ADMINS))
    detail = client.get(reverse("dashboard:order-detail", args=["MIXED1"]))
    assert len(detail.context["lines"]) == 2
    page = detail.content.decode()
    assert reverse("shop-order-refund", args=["MIXED1"]) in page and reverse("shop-packing-slip", args=["MIXED1"]) in page
    assert f"{orders['mixed'].total_incl_tax:,.2f}" in page  # admins see the whole order's total
    listing = client.get(reverse("dashboard:order-list"))
    assert {"MIXED1", "THEIRS1"} <= {order.number for order in listing.context["orders"]}
    assert f"{orders['mixed'].total_incl_tax:,.2f}" in listing.content.decode()
    download = client.post(reverse("dashboard:order-list"), {"action": "download_selected_orders",
                                                             "selected_order": [orders["mixed"].pk]})
    assert download.status_code == 200 and "MIXED1" in download.content.decode()


def test_someone_with_no_workshop_sees_no_orders(client, orders):
    client.force_login(make_user(roles.MAKERS))
    listing = client.get(reverse("dashboard:order-list"))
    assert listing.status_code == 200 and list(listing.context["orders"]) == []
    assert client.get(reverse("dashboard:order-detail", args=["MIXED1"])).status_code == 404


def test_an_instructor_sees_no_other_workshops_line_nor_the_amount_in_the_payment_events(client, orders):
    """Found walking the demo: the gateway's payment event lists every line it paid for, and Oscar's payment events
    table showed the other workshop's line and the whole order's amount on an instructor's order page."""
    from oscar.core.loading import get_model

    PaymentEventType = get_model("order", "PaymentEventType")
    mixed = orders["mixed"]
    event = mixed.payment_events.create(event_type=PaymentEventType.objects.get_or_create(name="Paid")[0],
                                        amount=mixed.total_incl_tax, reference="pi_test")
    for line in mixed.lines.all():
        event.line_quantities.create(line=line, quantity=line.quantity)
    client.force_login(make_user(roles.INSTRUCTORS, workshops=[orders["north"]]))
    html = client.get(reverse("dashboard:order-detail", args=["MIXED1"])).content.decode()
    events = html[html.index("Payment Events"):]
    assert orders["our_line"].title in events
    assert orders["their_line"].title not in html
    assert "pi_test" not in events


def test_the_orders_csv_neutralises_formulas_a_buyer_typed(client, orders):
    """A buyer's name or email such as =HYPERLINK(...) must reach a spreadsheet as text, not as a formula."""
    mixed = orders["mixed"]
    mixed.guest_email = "=HYPERLINK(\"http://evil.example\",\"x\")@example.org"
    mixed.user = None
    mixed.save()
    client.force_login(make_user(roles.ADMINS))
    body = client.get(reverse("dashboard:order-list") + "?response_format=csv").content.decode("utf-8-sig")
    rows = {row["Order number"]: row for row in csv.DictReader(io.StringIO(body))}
    assert rows["MIXED1"]["Customer email address"] == "'" + mixed.guest_email
    assert not any(cell.startswith(("=", "+", "@")) for row in rows.values() for cell in row.values())
