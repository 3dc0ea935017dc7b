"""Every dashboard page instructors and co-op admins use, scanned by axe-core in the browser as each role sees it:
no serious or critical finding (colour contrast, list structure, labels, names...).

The demo has no orders, payout runs or listings waiting for review, so ``world`` adds one of each for the module (an
order shared by the instructor's workshop and a community studio, with a note; a closed payout run over it; a
submitted listing with a flag) on a connection of its own, committed so the server sees them, and removes them after.
"""

import datetime
import re

import pytest
from django.db import DEFAULT_DB_ALIAS, connections
from django.urls import reverse
from django.utils import timezone
from oscar.core.loading import get_model

from makers.models import Attribution, Maker, Workshop
from payouts.allocation import allocate_order
from payouts.runs import close_period
from payouts.testing import paid_order
from tests.e2e.test_checkout import serious_violations, tables
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
    with django_db_blocker.unblock():
        own = connections.create_connection(DEFAULT_DB_ALIAS)
        test_connection = connections[DEFAULT_DB_ALIAS]
        created = {}
        try:
            with own.cursor() as cursor:
                last = {}
                for table, pk in (tables() | {"storefront_auditentry": "id"}).items():
                    cursor.execute(f"SELECT MAX({pk}) FROM {table}")
                    last[table] = (pk, cursor.fetchone()[0] or 0)
            connections[DEFAULT_DB_ALIAS] = own
            yield build(created)
        finally:
            if listing := created.get("listing"):
                listing.delete()
            connections[DEFAULT_DB_ALIAS] = test_connection
            with own.cursor() as cursor:
                cursor.execute("SET session_replication_role = replica")  # the ledger's append-only triggers
                for table, (pk, before) in last.items():
                    cursor.execute(f"DELETE FROM {table} WHERE {pk} > %s", [before])
                cursor.execute("SET session_replication_role = DEFAULT")
            own.close()


LISTING_TABS = ("#product_category", "#product_attributes", "#product_images", "#product_stock", "#product_makers")


def pages(w):
    """(role, name, path, tabs to open one by one) for every dashboard page of the matrix (README "Permission
    matrix"); a tab's contents are hidden, so out of axe's sight, until it is opened."""
    order, run, maker, listing = w["order"], w["run"], w["maker"], w["listing"]
    both = [
        ("home", reverse("dashboard:index")),
        ("listings", reverse("dashboard:catalogue-product-list")),
        ("listing form", reverse("dashboard:catalogue-product", args=[w["own_listing"]]), LISTING_TABS),
        ("new listing form", reverse("dashboard:catalogue-product-create", args=["art"]), LISTING_TABS),
        ("makers", reverse("makers-dashboard:list")),
        ("maker", reverse("makers-dashboard:maker", args=[maker.pk])),
        ("orders", reverse("dashboard:order-list")),
        ("order", reverse("dashboard:order-detail", args=[order]), ("#shipping", "#payment", "#discounts", "#notes")),
        ("statement", reverse("payouts:statement", args=[maker.slug])),
    ]
    admins = [
        ("review queue", reverse("dashboard:catalogue-review-list")),
        ("review a listing", reverse("dashboard:catalogue-review", args=[listing])),
        ("payout runs", reverse("payouts:runs")),
        ("payout run", reverse("payouts:run", args=[run])),
        ("close a period", reverse("payouts:close")),
        ("split policies", reverse("payouts:policies")),
        ("new split policy", reverse("payouts:policy-add")),
        ("audit log", reverse("audit-log")),
        ("Stripe events", reverse("stripe-events")),
    ]
    return [("instructor", *page) for page in both] + [("co-op admin", *page) for page in both + admins]


PAGES = [(role, name) for role, name, *_ in pages({"order": "1", "run": 1, "maker": Maker(pk=1, slug="m"),
                                                   "listing": 1, "own_listing": 1})]


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


@pytest.mark.parametrize(("role", "name"), PAGES, ids=[f"{role}: {name}" for role, name in PAGES])
def test_the_dashboard_page_has_no_serious_axe_finding(world, signed_in, shop_url, role, name):
    path, *tabs = {(r, n): rest for r, n, *rest in pages(world)}[(role, name)]
    page = signed_in(role)
    response = page.goto(shop_url + path)
    assert response.status == 200, (role, name, response.status)
    found = serious_violations(page)
    for tab in tabs[0] if tabs else ():
        page.click(f"a[href='{tab}']")
        page.wait_for_function(f"getComputedStyle(document.querySelector('{tab}')).opacity === '1'")  # faded in
        found += [(tab, *finding) for finding in serious_violations(page)]
    assert found == [], "\n".join(map(str, found))
