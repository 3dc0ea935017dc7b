"""A maker's legal name, prisoner number and establishment never reach a public page or the search index."""

import re
from urllib.parse import urlencode

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from oscar.core.loading import get_model
from wagtail.search.models import IndexEntry

from makers.models import Maker
from tests.storefront.test_public_pages import public_urls

pytestmark = pytest.mark.django_db


def private_strings():
    strings = set()
    for maker in Maker.objects.all():
        strings |= {maker.legal_name, maker.prisoner_number, maker.establishment}
        strings |= {part for part in maker.legal_name.split()[1:] if len(part) > 3}  # surnames alone too
    return {s for s in strings if s}


def leaks(text, strings):
    return sorted(s for s in strings if re.search(re.escape(s), text, re.IGNORECASE))


def test_the_demo_has_private_data_to_protect(demo_shop):
    strings = private_strings()
    assert len(strings) >= 24
    assert Maker.objects.exclude(prisoner_number="").count() >= 6


def test_no_public_page_shows_private_maker_data(demo_shop, client):
    strings = private_strings()
    found = {}
    for url in public_urls():
        page = client.get(url).content.decode()
        if hits := leaks(page, strings):
            found[url] = hits
    assert found == {}


def test_the_search_index_holds_no_private_maker_data(demo_shop):
    """The index rows of the listings, as stored: PostgreSQL keeps their plain text beside the tsvectors, SQLite only
    the text."""
    strings = private_strings()
    columns = ("title_text", "body_text") if connection.vendor == "postgresql" else ("title", "body")
    rows = IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(get_model("catalogue", "Product")))
    rows = list(rows.values_list("object_id", *columns))
    assert len(rows) >= 40
    makers_found = {maker.display_name for maker in Maker.objects.all()
                    if any(maker.display_name in text for _, *texts in rows for text in texts)}
    assert len(makers_found) >= 6, "makers are found by their display names"
    for object_id, *texts in rows:
        assert leaks(" ".join(texts), strings) == [], object_id


def test_searching_a_private_value_finds_nothing(demo_shop, client):
    maker = Maker.objects.exclude(prisoner_number="").first()
    assert client.get("/shop/search/", {"q": maker.display_name}).context["paginator"].count > 0  # search works
    for query in (maker.prisoner_number, maker.legal_name, maker.legal_name.split()[-1], maker.establishment):
        response = client.get("/shop/search/", {"q": query})
        assert response.status_code == 200
        assert response.context["paginator"].count == 0
        # The page may repeat the visitor's own query, but nothing else private.
        others = {s for s in private_strings() if query.lower() not in s.lower() and s.lower() not in query.lower()}
        assert leaks(response.content.decode(), others) == []


def test_story_search_results_and_the_impact_page_show_no_private_maker_data(demo_shop, client):
    from storefront.models import ImpactPage, StoryPage

    strings = private_strings()
    urls = [ImpactPage.objects.live().get().url]
    for story in StoryPage.objects.live():
        urls.append("/shop/search/?" + urlencode({"q": story.title.split(":")[0]}))
    for maker in Maker.objects.all():
        urls.append("/shop/search/?" + urlencode({"q": maker.display_name}))
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if hits := leaks(response.content.decode(), strings):
            found[url] = hits
    assert found == {}
    story = StoryPage.objects.live().first()
    html = client.get("/shop/search/", {"q": story.title}).content.decode()
    assert story.title in html and 'id="ttg-search-stories"' in html  # the search really reached the stories
