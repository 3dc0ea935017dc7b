"""Anonymous visitors share a cached copy of a browse page; anything personal, or a change to the catalogue, skips it."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.utils import timezone
from django.test.utils import CaptureQueriesContext
from oscar.core.loading import get_model

from storefront import pagecache

pytestmark = pytest.mark.django_db
Category = get_model("catalogue", "Category")
StockRecord = get_model("partner", "StockRecord")


@pytest.fixture
def line_url(demo_shop, settings):
    settings.STOREFRONT_PAGE_CACHE = True
    cache.clear()
    return Category.get_root_nodes().get(slug="craft-beer").get_absolute_url()


def queries(client, url, **kwargs):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **kwargs)
    assert response.status_code == 200
    return len(captured), response.content


def test_a_second_anonymous_visit_is_served_from_the_cache(client, line_url):
    first, page = queries(client, line_url)
    again, same = queries(client, line_url)
    assert again == 0 < first and without_nonce(same) == without_nonce(page)


def without_nonce(content):
    return re.sub(rb'nonce="[^"]*"', b'nonce=""', content)


def test_the_cached_copy_runs_its_scripts_under_the_new_responses_nonce(client, line_url):
    """Each response has its own Content-Security-Policy nonce; a copy that kept the first one would be blocked."""
    nonces = []
    for _ in range(2):
        response = client.get(line_url)
        header = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
        in_page = set(re.findall(r'nonce="([^"]+)"', response.content.decode()))
        assert in_page == {header}
        nonces.append(header)
    assert nonces[0] != nonces[1]


def test_a_change_to_stock_makes_the_copy_stale(client, line_url):
    queries(client, line_url)
    record = StockRecord.objects.filter(product__product_class__slug="craft-beer").first()
    record.num_in_stock += 1
    record.save()
    assert queries(client, line_url)[0] > 0


def test_only_a_sell_out_a_restock_or_a_new_price_makes_the_copy_stale(client, line_url):
    record = StockRecord.objects.filter(product__product_class__slug="craft-beer").first()
    record.num_in_stock, record.num_allocated = 3, 0
    record.save()
    queries(client, line_url)
    record.allocate(1)  # a sale that leaves some: the card still says "In stock"
    assert queries(client, line_url)[0] == 0
    record.allocate(2)  # the last ones: the card must say it is unavailable
    assert queries(client, line_url)[0] > 0
    record.cancel_allocation(1)  # back in stock
    assert queries(client, line_url)[0] > 0
    record.price += 1
    record.save()
    assert queries(client, line_url)[0] > 0


def test_visitors_with_a_basket_or_session_get_their_own_page(client, line_url):
    queries(client, line_url)
    client.cookies["oscar_open_basket"] = "1:abc"
    assert queries(client, line_url)[0] > 0


@pytest.fixture
def shared_cards(line_url, settings):
    settings.STOREFRONT_FRAGMENT_CACHE = True
    return line_url


def test_a_visitor_with_a_session_gets_a_fresh_page_of_ready_made_cards(client, shared_cards):
    client.cookies["sessionid"] = "a-visitor-of-their-own"
    first, page = queries(client, shared_cards)
    again, same = queries(client, shared_cards)
    assert again < first and without_nonce(same) == without_nonce(page)  # the page is made again; its cards, products and thumbnails are not
    assert page.count(b"product_pod") == 11


def test_cards_go_stale_with_the_page_when_a_product_sells_out(client, shared_cards):
    client.cookies["sessionid"] = "a-visitor-of-their-own"
    record = StockRecord.objects.filter(product__product_class__slug="craft-beer").select_related("product").first()
    record.num_in_stock, record.num_allocated = 5, 0
    record.save()
    before = queries(client, shared_cards)[1]
    record.allocate(5)
    after = queries(client, shared_cards)[1]
    assert before.count(b"ttg-stock--out") + 1 == after.count(b"ttg-stock--out")


def test_a_visitor_with_a_session_gets_the_shared_listings_and_facets_too(client, shared_cards):
    client.cookies["sessionid"] = "a-visitor-of-their-own"
    first = client.get(shared_cards)
    with CaptureQueriesContext(connection) as captured:
        again = client.get(shared_cards)
    assert [item["count"] for item in again.context["facet_data"]["made"]["results"]] == [
        item["count"] for item in first.context["facet_data"]["made"]["results"]]
    assert not [query for query in captured if '"catalogue_product"' in query["sql"]]


def test_shared_parts_go_stale_at_midnight(monkeypatch, db):
    """A maker's status dated tomorrow changes the "made" facet without any save: the date is part of the key."""
    today = pagecache.current_generation()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    monkeypatch.setattr(pagecache.timezone, "localdate", lambda: tomorrow)
    assert pagecache.current_generation() != today


def test_a_change_makes_shared_parts_stale_again_when_it_commits(db, django_capture_on_commit_callbacks):
    """Another server may make a page from the database between the change and its commit, before it can see the
    change: the second bump, on commit, makes that copy stale too."""
    before = pagecache.current_generation()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        pagecache.invalidate()
        during = pagecache.current_generation()
    after = pagecache.current_generation()
    assert before != during != after


def test_a_process_keeps_a_bounded_number_of_copies(monkeypatch):
    """Searches for ever new words each leave a shared copy; a process's own copies stay within MAX_KEPT."""
    monkeypatch.setattr(pagecache, "MAX_KEPT", 10)
    for n in range(35):
        assert pagecache.kept([f"test:bounded:{n}"], lambda keys: dict.fromkeys(keys, n)) == {f"test:bounded:{n}": n}
        assert len(pagecache._kept["values"]) <= 10
