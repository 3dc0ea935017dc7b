"""Every dashboard page instructors and co-op admins use, scanned by axe-core in the browser as each role sees it:
no serious or critical finding (colour contrast, list structure, labels, names...).

The demo has no orders, payout runs or listings waiting for review, so ``world`` adds one of each for the module (an
order shared by the instructor's workshop and a community studio, with a note; a closed payout run over it; a
submitted listing with a flag) on a connection of its own, committed so the server sees them, and removes them after.
"""

import datetime
import re

import pytest
from playwright.sync_api import expect
from django.db import DEFAULT_DB_ALIAS, connections
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from makers.models import Attribution, Maker, Workshop
from payouts.allocation import allocate_order
from payouts.runs import close_period
from payouts.testing import paid_order
from tests.e2e.test_checkout import constraints_off, serious_violations, tables, with_connection
from tests.factories import make_product

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
Product = get_model("catalogue", "Product")
INSTRUCTOR = ("instructor@demo.throughthegate.example", "demo-instructor-pass")
ADMIN = ("admin1@demo.throughthegate.example", "demo-admin1-pass")


def build(created):
    """The order, run and listing the pages need; ``created`` collects what to remove afterwards."""
    prison = Workshop.objects.filter(kind=Workshop.PRISON).order_by("pk").first()
    studio = Workshop.objects.filter(kind=Workshop.COMMUNITY).order_by("pk").first()
    ours = Product.objects.filter(stockrecords__partner=prison.partner, is_public=True).order_by("pk").first()
    theirs = Product.objects.filter(stockrecords__partner=studio.partner, is_public=True).order_by("pk").first()
    placed = timezone.now() - datetime.timedelta(days=1)
    order = paid_order([(ours, 4500), (theirs, 2800)], placed)
    for line in order.lines.select_related("product"):
        line.partner = line.product.stockrecords.get().partner
        line.partner_name = line.partner.name
        line.save(update_fields=["partner", "partner_name"])
    allocate_order(order)
    order.notes.create(message="Wrapped in the workshop's own paper.", note_type="Info")
    run = close_period(placed + datetime.timedelta(hours=1))

    maker = Maker.objects.filter(workshop=prison).order_by("pk").first()
    listing = make_product("art", partner=prison.partner, is_public=False)
    Product.objects.filter(pk=listing.pk).update(moderation_state=Product.SUBMITTED,
                                                 description="<p>Painted after the court hearing.</p>")  # flagged
    Attribution.objects.create(product=listing, maker=maker)
    created["listing"] = listing
    return {"order": order.number, "run": run.pk, "maker": maker, "listing": listing.pk, "own_listing": ours.pk}


@pytest.fixture(scope="module")
def world(demo_shop, django_db_blocker):
    """What ``build`` makes, committed on a connection of our own; afterwards every row above each table's last id
    before it goes, as ``leave_no_trace`` does for one test."""
    with django_db_blocker.unblock():
        own = connections.create_connection(DEFAULT_DB_ALIAS)
        created, last = {}, {}
        try:
            with own.cursor() as cursor:
                for table, pk in (tables() | {"storefront_auditentry": "id"}).items():
                    cursor.execute(f"SELECT MAX({pk}) FROM {table}")
                    last[table] = (pk, cursor.fetchone()[0] or 0)
            yield with_connection(own, lambda: build(created))
        finally:
            if listing := created.get("listing"):
                with_connection(own, listing.delete)
            with own.cursor() as cursor, constraints_off(cursor):
                for table, (pk, before) in last.items():
                    cursor.execute(f"DELETE FROM {table} WHERE {pk} > %s", [before])
            own.close()


def screen(name, url, tabs=()):
    """A dashboard page: ``url`` is a function of the world; ``tabs`` are opened one by one, as a tab's contents are
    hidden, so out of axe's sight, until it is opened."""
    return {"name": name, "url": url, "tabs": tabs}


LISTING_TABS = ("#product_category", "#product_attributes", "#product_images", "#product_stock", "#product_makers")
BOTH = [  # the pages of README "Permission matrix" that instructors and co-op admins both use
    screen("home", lambda w: reverse("dashboard:index")),
    screen("listings", lambda w: reverse("dashboard:catalogue-product-list")),
    screen("listing form", lambda w: reverse("dashboard:catalogue-product", args=[w["own_listing"]]), LISTING_TABS),
    screen("new listing form", lambda w: reverse("dashboard:catalogue-product-create", args=["art"]), LISTING_TABS),
    screen("makers", lambda w: reverse("makers-dashboard:list")),
    screen("maker", lambda w: reverse("makers-dashboard:maker", args=[w["maker"].pk])),
    screen("orders", lambda w: reverse("dashboard:order-list")),
    screen("order", lambda w: reverse("dashboard:order-detail", args=[w["order"]]),
           ("#shipping", "#payment", "#discounts", "#notes")),
    screen("statement", lambda w: reverse("payouts:statement", args=[w["maker"].slug])),
]
ADMINS_ONLY = [
    screen("review queue", lambda w: reverse("dashboard:catalogue-review-list")),
    screen("review a listing", lambda w: reverse("dashboard:catalogue-review", args=[w["listing"]])),
    screen("payout runs", lambda w: reverse("payouts:runs")),
    screen("payout run", lambda w: reverse("payouts:run", args=[w["run"]])),
    screen("close a period", lambda w: reverse("payouts:close")),
    screen("split policies", lambda w: reverse("payouts:policies")),
    screen("new split policy", lambda w: reverse("payouts:policy-add")),
    screen("audit log", lambda w: reverse("audit-log")),
    screen("Stripe events", lambda w: reverse("stripe-events")),
]
PAGES = [("instructor", spec) for spec in BOTH] + [("co-op admin", spec) for spec in BOTH + ADMINS_ONLY]


@pytest.fixture(scope="module")
def signed_in(browser, shop_url):
    """One browser context per role, signed in at the dashboard's login."""
    contexts = {}

    def page_for(role):
        if role not in contexts:
            email, password = INSTRUCTOR if role == "instructor" else ADMIN
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(shop_url + "/dashboard/")
            page.fill("#dashboard_login_form [name=username]", email)
            page.fill("#dashboard_login_form [name=password]", password)
            page.click("#dashboard_login_form [type=submit]")
            page.wait_for_url(re.compile(r"/dashboard/$"))
            contexts[role] = page
        return contexts[role]

    yield page_for
    for page in contexts.values():
        page.context.close()


@pytest.mark.parametrize(("role", "spec"), PAGES, ids=[f"{role}: {spec['name']}" for role, spec in PAGES])
def test_the_dashboard_page_has_no_serious_axe_finding(world, signed_in, shop_url, role, spec):
    page = signed_in(role)
    response = page.goto(shop_url + spec["url"](world))
    assert response.status == 200, (role, spec["name"], response.status)
    found = serious_violations(page)
    for tab in spec["tabs"]:
        page.click(f"a[href='{tab}']")
        expect(page.locator(tab)).to_have_css("opacity", "1")  # faded in (not a string to eval: the CSP refuses it)
        found += [(tab, *finding) for finding in serious_violations(page)]
    assert found == [], "\n".join(map(str, found))
