"""The permission matrix of README "Permission matrix", cell by cell: every role against every screen or action.

A cell that should be refused must answer 403, 404 or a redirect to a sign-in page; a cell that should work must
answer 200 (or, for a POST action, its redirect onwards). Each row is data: a name, the request, and the roles allowed.
"""

import datetime

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from makers.models import Attribution
from payouts.allocation import allocate_order
from payouts.policies import load_default_policies
from payouts.runs import close_period
from payouts.testing import paid_order
from storefront import roles
from tests.factories import make_maker, make_product, make_user, make_workshop
from tests.makers.governance_setup import make_member, open_proposal, time_is_up

pytestmark = pytest.mark.django_db
ShippingAddress = get_model("order", "ShippingAddress")
Country = get_model("address", "Country")

ANONYMOUS, BUYER, MAKER, INSTRUCTOR, ADMIN, EDITOR = "anonymous", "buyer", "maker", "instructor", "co-op admin", "editor"
ROLES = (ANONYMOUS, BUYER, MAKER, INSTRUCTOR, ADMIN, EDITOR)
SIGNED_IN = {BUYER, MAKER, INSTRUCTOR, ADMIN, EDITOR}


def row(name, url, allowed, method="get", data=None, private=False):
    """One screen or action: ``url`` (and ``data``, if need be) a function of the test world, ``allowed`` the roles
    that may use it; ``private`` marks the only screens that may show a maker's private fields."""
    return {"name": name, "url": url, "allowed": set(allowed), "method": method, "data": data or {}, "private": private}


ROWS = [
    row("shop catalogue", lambda w: reverse("catalogue:index"), ROLES),
    row("own account", lambda w: reverse("customer:profile-view"), SIGNED_IN),
    row("own statement", lambda w: reverse("own-statement"), {MAKER}),
    row("dashboard home", lambda w: reverse("dashboard:index"), {MAKER, INSTRUCTOR, ADMIN}),
    row("order list", lambda w: reverse("dashboard:order-list"), {MAKER, INSTRUCTOR, ADMIN}),
    row("order statistics", lambda w: reverse("dashboard:order-stats"), {ADMIN}),
    row("order of own workshop", lambda w: reverse("dashboard:order-detail", args=[w["order"].number]),
        {INSTRUCTOR, ADMIN}),
    row("order of another workshop", lambda w: reverse("dashboard:order-detail", args=[w["other_order"].number]),
        {ADMIN}),
    row("delivery address of own workshop's order",
        lambda w: reverse("dashboard:order-shipping-address", args=[w["order"].number]), {INSTRUCTOR, ADMIN}),
    row("delivery address of an order shared with another workshop",
        lambda w: reverse("dashboard:order-shipping-address", args=[w["shared_order"].number]), {ADMIN}),
    row("delete a co-op admin's note on an order",
        lambda w: reverse("dashboard:order-detail", args=[w["order"].number]), {ADMIN}, method="post",
        data=lambda w: {"order_action": "delete_note", "note_id": w["admins_note"].pk}),
    row("refund an order", lambda w: reverse("shop-order-refund", args=[w["order"].number]), {ADMIN}),
    row("packing slip", lambda w: reverse("shop-packing-slip", args=[w["order"].number]), {INSTRUCTOR, ADMIN}),
    row("packing slip of another workshop's order",
        lambda w: reverse("shop-packing-slip", args=[w["other_order"].number]), {ADMIN}),
    row("payout runs", lambda w: reverse("payouts:runs"), {ADMIN}),
    row("close a payout period", lambda w: reverse("payouts:close"), {ADMIN}),
    row("payout run", lambda w: reverse("payouts:run", args=[w["run"].pk]), {ADMIN}),
    row("approve a payout run", lambda w: reverse("payouts:approve", args=[w["run"].pk]), {ADMIN}, method="post"),
    row("payout CSV export", lambda w: reverse("payouts:export", args=[w["run"].pk, "member"]), {ADMIN},
        private=True),
    row("held sales", lambda w: reverse("payouts:held"), {ADMIN}),
    row("allocate a held sale again", lambda w: reverse("payouts:held-allocate", args=[w["held_line"].pk]), {ADMIN},
        method="post"),
    row("split policies", lambda w: reverse("payouts:policies"), {ADMIN}),
    row("new split policy version", lambda w: reverse("payouts:policy-add"), {ADMIN}),
    row("makers list", lambda w: reverse("makers-dashboard:list"), {INSTRUCTOR, ADMIN}),
    row("add a maker", lambda w: reverse("makers-dashboard:create"), {ADMIN}),
    row("maker of own workshop", lambda w: reverse("makers-dashboard:maker", args=[w["ours"].pk]),
        {INSTRUCTOR, ADMIN}),
    row("maker of another workshop", lambda w: reverse("makers-dashboard:maker", args=[w["theirs"].pk]), {ADMIN}),
    row("maker's private fields", lambda w: reverse("makers-dashboard:private", args=[w["ours"].pk]), {ADMIN},
        private=True),
    row("record consent", lambda w: reverse("makers-dashboard:consent-give", args=[w["ours"].pk]),
        {INSTRUCTOR, ADMIN}, method="post", data={"scope": "listing", "given_on": "2026-01-05"}),
    row("add a status period", lambda w: reverse("makers-dashboard:status-add", args=[w["ours"].pk]), {ADMIN},
        method="post", data={"status": "released", "starts_on": "2026-06-01"}),
    row("statement of own workshop's maker", lambda w: reverse("payouts:statement", args=[w["ours"].slug]),
        {INSTRUCTOR, ADMIN}),
    row("printable statement", lambda w: reverse("payouts:statement-print", args=[w["ours"].slug]),
        {INSTRUCTOR, ADMIN}),
    row("statement of another workshop's maker", lambda w: reverse("payouts:statement", args=[w["theirs"].slug]),
        {ADMIN}),
    row("meetings and votes", lambda w: reverse("governance:meetings"), {INSTRUCTOR, ADMIN}),
    row("open a meeting", lambda w: reverse("governance:meeting-add"), {ADMIN}),
    row("meeting", lambda w: reverse("governance:meeting", args=[w["proposal"].meeting_id]), {INSTRUCTOR, ADMIN}),
    row("add a proposal", lambda w: reverse("governance:proposal-add", args=[w["proposal"].meeting_id]), {ADMIN}),
    row("proposal, paper ballots of own members", lambda w: reverse("governance:proposal", args=[w["proposal"].pk]),
        {INSTRUCTOR, ADMIN}),
    row("printable ballot papers of own members",
        lambda w: reverse("governance:ballot-papers", args=[w["proposal"].pk]), {INSTRUCTOR, ADMIN}),
    row("printable results sheet", lambda w: reverse("governance:results-sheet", args=[w["proposal"].meeting_id]),
        {INSTRUCTOR, ADMIN}),
    row("close a vote", lambda w: reverse("governance:close", args=[w["due"].pk]), {ADMIN}, method="post"),
    row("own votes", lambda w: reverse("own-votes"), {MAKER}),
    row("vote on a proposal", lambda w: reverse("own-vote", args=[w["proposal"].pk]), {MAKER}),
    row("audit log", lambda w: reverse("audit-log"), {ADMIN}),
    row("Stripe events", lambda w: reverse("stripe-events"), {ADMIN}),
    row("CMS (Wagtail admin)", lambda w: "/cms/", {EDITOR, ADMIN}),
    row("Django admin", lambda w: "/django-admin/", set()),
]

LISTING_ROWS = [
    # Listings in Oscar's dashboard (catalogue/dashboard/): an instructor's are their workshop's makers' listings, a
    # maker's those credited to them; anyone else's answers 404.
    row("listings", lambda w: reverse("dashboard:catalogue-product-list"), {MAKER, INSTRUCTOR, ADMIN}),
    row("new listing", lambda w: reverse("dashboard:catalogue-product-create", args=["art"]),
        {MAKER, INSTRUCTOR, ADMIN}),
    row("listing of own workshop", lambda w: reverse("dashboard:catalogue-product", args=[w["our_product"].pk]),
        {INSTRUCTOR, ADMIN}),
    row("listing credited to the signed-in maker",
        lambda w: reverse("dashboard:catalogue-product", args=[w["their_product"].pk]), {MAKER, ADMIN}),
    row("delete a listing", lambda w: reverse("dashboard:catalogue-product-delete", args=[w["our_product"].pk]),
        {ADMIN}),
    row("bulk actions on listings", lambda w: reverse("dashboard:catalogue-product-bulk-action"), {ADMIN},
        method="post"),
    row("product lookup", lambda w: reverse("dashboard:catalogue-product-lookup"), {MAKER, INSTRUCTOR, ADMIN}),
    row("review queue", lambda w: reverse("dashboard:catalogue-review-list"), {ADMIN}),
    row("review a listing", lambda w: reverse("dashboard:catalogue-review", args=[w["our_product"].pk]), {ADMIN}),
    row("category list", lambda w: reverse("dashboard:catalogue-category-list"), {ADMIN}),
]


PRIVATE_VALUES = [
    {"legal_name": "Orla Hiddensurname", "prisoner_number": "Z9999ZZ", "establishment": "HMP Nowhereton"},
    {"legal_name": "Tam Quietsurname", "prisoner_number": "", "establishment": ""},
]


@pytest.fixture
def world(settings):
    settings.SHOP_VAT_REGISTERED = False
    load_default_policies()
    north, south = make_workshop(), make_workshop()
    ours = make_maker(workshop=north, **PRIVATE_VALUES[0])
    theirs = make_maker(workshop=south, statuses=[("released", datetime.date(2025, 1, 1), None)],
                        **PRIVATE_VALUES[1])
    when = datetime.datetime(2026, 3, 3, 12, tzinfo=datetime.UTC)
    orders, products = [], []
    for maker, workshop in ((ours, north), (theirs, south)):
        product = make_product("art", partner=workshop.partner)
        Attribution.objects.create(product=product, maker=maker)
        products.append(product)
        order = paid_order([(product, 4000)], when)
        order.lines.update(partner=workshop.partner, partner_name=workshop.partner.name)
        allocate_order(order)
        orders.append(order)
    shared = paid_order([(product, 4000) for product in products], when)
    for line in shared.lines.all():
        line.partner = line.product.stockrecords.get().partner
        line.save(update_fields=["partner"])
    country, _ = Country.objects.get_or_create(iso_3166_1_a2="GB", defaults={"name": "United Kingdom"})
    for order in (orders[0], shared):
        order.shipping_address = ShippingAddress.objects.create(
            country=country, first_name="Alex", last_name="Buyer", line1="2 Mill Lane", postcode="LS1 4AP")
        order.save(update_fields=["shipping_address"])
    held = paid_order([(make_product("art", partner=north.partner), 1500)], when)  # no maker credited: held
    allocate_order(held)
    users = {
        BUYER: make_user(roles.BUYERS), MAKER: make_user(roles.MAKERS),
        INSTRUCTOR: make_user(roles.INSTRUCTORS, workshops=[north]), ADMIN: make_user(roles.ADMINS),
        EDITOR: make_user(roles.EDITORS),
    }
    theirs.user = users[MAKER]
    theirs.save()
    make_member(maker=ours)
    make_member(maker=theirs)
    admin = users[ADMIN]
    return {"ours": ours, "theirs": theirs, "order": orders[0], "other_order": orders[1], "shared_order": shared,
            "users": users, "admins_note": orders[0].notes.create(user=users[ADMIN], message="Checked by the office"),
            "our_product": products[0], "their_product": products[1], "held_line": held.lines.get(),
            "run": close_period(datetime.datetime(2026, 3, 9, tzinfo=datetime.UTC)),
            "proposal": open_proposal(admin), "due": time_is_up(open_proposal(admin))}


def refused(response):
    location = response.get("Location", "")
    return response.status_code in (403, 404) or (response.status_code == 302 and "login" in location)


@pytest.mark.parametrize("spec", ROWS + LISTING_ROWS, ids=lambda spec: spec["name"])
def test_row(client, world, spec):
    """Every role against one screen (one world per row, as building it is the slow part); all wrong cells are
    reported together."""
    wrong = []
    for role in ROLES:
        client.logout()
        if role != ANONYMOUS:
            client.force_login(world["users"][role])
        data = spec["data"](world) if callable(spec["data"]) else spec["data"]
        response = getattr(client, spec["method"])(spec["url"](world), data)
        if role in spec["allowed"]:
            expected = (200,) if spec["method"] == "get" else (200, 302)
            ok = response.status_code in expected and not refused(response)
        else:
            ok = refused(response)
        if not ok:
            wrong.append((role, "should work" if role in spec["allowed"] else "should be refused",
                          response.status_code, response.get("Location")))
    assert wrong == []


def test_every_row_is_named_once_and_allows_only_known_roles():
    names = [r["name"] for r in ROWS + LISTING_ROWS]
    assert len(names) == len(set(names))
    assert all(r["allowed"] <= set(ROLES) for r in ROWS + LISTING_ROWS)


def test_no_page_but_the_private_ones_shows_a_makers_private_fields(client, world):
    """Admins, instructors and makers open every screen they may (except the private page and the admin export):
    no legal name, prisoner number or establishment appears in any of them."""
    private = [value for fields in PRIVATE_VALUES for value in fields.values() if value]
    seen = []
    for role in (ADMIN, INSTRUCTOR, MAKER):
        client.force_login(world["users"][role])
        for spec in ROWS + LISTING_ROWS:
            if spec["method"] != "get" or spec["private"] or role not in spec["allowed"]:
                continue
            page = client.get(spec["url"](world)).content.decode()
            seen.append(spec["name"])
            assert not [value for value in private if value in page], (role, spec["name"])
    assert {"payout run", "maker of own workshop", "audit log", "review a listing", "listing of own workshop",
            "printable ballot papers of own members", "proposal, paper ballots of own members"} <= set(seen)
