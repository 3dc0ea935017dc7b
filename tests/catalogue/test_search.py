"""Search and facets from the shop's database (catalogue.search): a listing is found, or gone, as soon as the change
that approved, edited or withdrew it commits; facets count what a buyer would see."""

import contextlib
import datetime
import sys
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import transaction
from oscar.core.loading import get_model
from wagtail.search.models import IndexEntry

from catalogue import moderation, search
from makers.consent import withdraw_consent
from makers.actions import add_status
from makers.models import Consent, MakerStatus, Workshop
from storefront import money
from tests import factories
from tests.catalogue.listing_setup import make_listing

pytestmark = pytest.mark.django_db
Product = get_model("catalogue", "Product")
Category = get_model("catalogue", "Category")


@pytest.fixture(autouse=True, params=[False, True], ids=["made-afresh", "shared"])
def shared_listings(request, settings):
    """Every test runs twice: with the listings and their facet values made for each page, and with the copy every
    web server shares (``search.catalogue``): whatever a test changes must reach both at once."""
    settings.STOREFRONT_FRAGMENT_CACHE = request.param
    cache.clear()
    return request.param


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """An atomic block whose on-commit callbacks run when it ends, as its commit would run them (the test's own
    transaction never commits)."""
    @contextlib.contextmanager
    def block():
        with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
            yield callbacks
    return block


def found(words):
    """The ids of the listings found (the demo's may be among them, in a kept test database)."""
    return {listing.pk for listing in search.find(words).listings}


def indexed(product):
    return IndexEntry.objects.filter(content_type=ContentType.objects.get_for_model(Product),
                                     object_id=str(product.pk)).exists()


def titled(listing, title):
    Product.objects.filter(pk=listing.pk).update(title=title)
    listing.refresh_from_db()
    return listing


def test_an_approved_listing_is_found_at_once_and_gone_when_changes_are_requested(shop, committed):
    listing = titled(make_listing(shop.ma), "Kingfisher linocut")
    with committed():
        moderation.submit(listing, shop.ia)
    assert listing.pk not in found("kingfisher") and not indexed(listing)
    with committed():
        moderation.approve(listing, shop.admin)
    assert listing.pk in found("kingfisher")
    assert listing.pk in found("Ana")  # by its maker's display name too
    with committed():
        moderation.request_changes(listing, shop.admin, "Crop the photo.")
    assert listing.pk not in found("kingfisher") and not indexed(listing)


def test_a_rejected_listing_is_gone(shop, committed):
    listing = titled(make_listing(shop.ma, state=Product.SUBMITTED), "Heron study")
    with committed():
        moderation.approve(listing, shop.admin)
    assert listing.pk in found("heron")
    with committed():
        moderation.reject(listing, shop.admin, "Not ours to sell.")
    assert listing.pk not in found("heron") and not indexed(listing)


def test_an_edited_title_is_found_by_its_new_words_once_approved_again(shop, committed):
    listing = titled(make_listing(shop.ma, state=Product.SUBMITTED), "Blue jug")
    with committed():
        moderation.approve(listing, shop.admin)
    before = moderation.public_text(listing)
    with committed():
        listing.title = "Cobalt pitcher"
        listing.save()
        assert moderation.after_edit(listing, before, shop.ia)  # new text goes back to review, out of the shop
    assert listing.pk not in found("cobalt") | found("jug")
    with committed():
        moderation.approve(listing, shop.admin)
    assert listing.pk in found("cobalt pitcher")
    assert listing.pk not in found("jug")


def test_a_public_listing_edited_in_place_is_found_by_its_new_title(shop, committed):
    """Edits that keep a listing public (the Django admin, a script) refresh its row too."""
    listing = titled(make_listing(shop.ma, state=Product.SUBMITTED), "Walnut bowl")
    with committed():
        moderation.approve(listing, shop.admin)
    with committed():
        listing.title = "Walnut platter"
        listing.save()
    assert listing.pk in found("platter") and listing.pk not in found("bowl")


def test_withdrawn_consent_takes_the_listing_out_of_search(shop, committed):
    listing = titled(make_listing(shop.ma, state=Product.SUBMITTED), "Oak spoon")
    with committed():
        moderation.approve(listing, shop.admin)
    assert listing.pk in found("spoon")
    with committed():
        withdraw_consent(Consent.objects.get(maker=shop.ma, scope=Consent.LISTING), by=shop.ia)
    assert listing.pk not in found("spoon") and not indexed(listing)


def test_a_makers_new_display_name_finds_their_listings(shop, committed):
    listing = titled(make_listing(shop.ma, state=Product.SUBMITTED), "Ash stool")
    with committed():
        moderation.approve(listing, shop.admin)
        shop.ma.display_name = "Anya"
        shop.ma.save()
    assert listing.pk in found("Anya") and listing.pk not in found("Ana")


def test_a_rolled_back_change_leaves_the_index_alone(shop, committed):
    listing = titled(make_listing(shop.ma, state=Product.SUBMITTED), "Elm board")
    with committed():
        moderation.approve(listing, shop.admin)
    with committed() as callbacks:
        try:
            with transaction.atomic():
                moderation.reject(listing, shop.admin, "A mistake.")
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert callbacks == [] and listing.pk in found("elm")


def test_a_variant_is_found_through_its_parent_until_it_is_hidden(shop, committed):
    parent = titled(make_listing(shop.ma, line="textiles", state=Product.SUBMITTED), "Field scarf")
    variants = {}
    for colour in ("Ochre", "Crimson"):
        variants[colour] = Product.objects.create(parent=parent, structure=Product.CHILD, title=colour)
        factories.StockRecord.objects.create(product=variants[colour], partner=shop.wa.partner,
                                             partner_sku=f"S{variants[colour].pk}", price=Decimal("30.00"))
    with committed():
        moderation.approve(parent, shop.admin)  # its variants go public with it
    assert parent.pk in found("ochre") & found("crimson")
    with committed():
        variants["Crimson"].is_public = False
        variants["Crimson"].save()
    assert parent.pk in found("ochre") and parent.pk not in found("crimson")


def test_a_makers_private_details_are_never_indexed_nor_found(shop, committed):
    listing = make_listing(shop.ma, state=Product.SUBMITTED)
    with committed():
        moderation.approve(listing, shop.admin)
    assert listing.pk in found(shop.ma.display_name)
    for private in (shop.ma.legal_name, "Kowalczyk", shop.ma.prisoner_number, shop.ma.establishment):
        assert listing.pk not in found(search.plain_words(private)), private
    assert shop.ma.legal_name.split()[-1] not in search.listing_text(listing)


def test_deleting_a_listing_deletes_its_row(shop, committed):
    listing = make_listing(shop.ma, state=Product.SUBMITTED)
    with committed():
        moderation.approve(listing, shop.admin)
    assert indexed(listing)
    with committed():
        Product.objects.get(pk=listing.pk).delete()
    assert not indexed(listing)


# Facets: a shelf of its own, so the demo's listings stay out of the counts.

@pytest.fixture
def shelf(db):
    shelf = Category.add_root(name="Facet shelf", slug="facet-shelf")
    north, south = factories.make_workshop(name="North studio"), factories.make_workshop(name="South studio")
    inside = factories.make_maker(workshop=north)
    released = factories.make_maker(workshop=north, statuses=(
        ("serving_inside", datetime.date(2023, 1, 1), datetime.date(2025, 1, 1)),
        ("released", datetime.date(2025, 1, 1), None)))
    community = factories.make_maker(workshop=south, statuses=(("community", datetime.date(2024, 1, 1), None),))

    def listing(line, pence, workshop, *makers):
        product = factories.make_product(line, price=Decimal(pence) / 100, partner=workshop.partner)
        product.categories.add(shelf)
        for position, maker in enumerate(makers):
            product.attributions.create(maker=maker, position=position)
        return product

    products = {
        "print": listing("art", 1999, north, inside),  # just under £20
        "mural": listing("art", 2000, north, inside, community),  # £20 exactly: the next band; made by two
        "ale": listing("beer", 450, north, released),
        "laptop": listing("it", 15000, south, community),  # £150 exactly: the top band
    }
    return shelf, products


def facets(found):
    return {key: {value.name: value.count for value in values} for key, values in found.facets.items()}


def test_facets_count_each_value_over_the_shelf(shelf):
    category, products = shelf
    result = search.find(categories=[category])
    assert {listing.pk for listing in result.listings} == {p.pk for p in products.values()}
    assert facets(result) == {
        "product_class": {"Art": 2, "Craft beer": 1, "Recycled IT": 1},
        "price_band": {"Under £20": 2, "£20 to £50": 1, "£150 and over": 1},
        "workshop": {"North studio": 3, "South studio": 1},
        "made": {"Made inside": 2, "Made after release": 1, "Made in the community": 2},
    }
    assert [value.name for value in result.facets["price_band"]] == ["Under £20", "£20 to £50", "£150 and over"]


def test_two_facets_narrow_together_and_values_of_one_facet_add_up(shelf):
    category, products = shelf
    result = search.find(categories=[category], selected={"workshop": {"North studio"}, "made": {"Made inside"}})
    assert {listing.pk for listing in result.listings} == {products["print"].pk, products["mural"].pk}
    counts = facets(result)
    # A value's count is what choosing it would show, the other facet's choice kept.
    assert counts["made"] == {"Made inside": 2, "Made after release": 1, "Made in the community": 1}
    assert counts["workshop"] == {"North studio": 2, "South studio": 0}
    assert counts["product_class"] == {"Art": 2, "Craft beer": 0, "Recycled IT": 0}
    either = search.find(categories=[category], selected={"made": {"Made inside", "Made after release"}})
    assert {listing.pk for listing in either.listings} == {products[k].pk for k in ("print", "mural", "ale")}


def test_a_choice_nobody_has_is_ignored(shelf):
    category, products = shelf
    result = search.find(categories=[category], selected={"workshop": {"Nowhere"}, "colour": {"Red"}})
    assert len(result.listings) == len(products)


def test_listings_sort_by_price_and_title(shelf):
    category, products = shelf
    by_price = search.find(categories=[category], order=search.PRICE_LOW).listings
    assert [listing.pk for listing in by_price] == [products[k].pk for k in ("ale", "print", "mural", "laptop")]
    by_price = search.find(categories=[category], order=search.PRICE_HIGH).listings
    assert [listing.pk for listing in by_price] == [products[k].pk for k in ("laptop", "mural", "print", "ale")]
    titles = [listing.title for listing in search.find(categories=[category], order=search.TITLE_ZA).listings]
    assert titles == sorted(titles, key=str.casefold, reverse=True)


def test_the_product_line_page_shows_the_facets_with_links_that_add_and_remove_a_choice(shelf, client):
    category, products = shelf
    page = client.get(category.get_absolute_url())
    made = {item["name"]: item for item in page.context["facet_data"]["made"]["results"]}
    assert made["Made in the community"]["count"] == 2
    narrowed = client.get(made["Made in the community"]["select_url"])
    price = {item["name"]: item for item in narrowed.context["facet_data"]["price_band"]["results"]}
    both = client.get(price["£20 to £50"]["select_url"])
    assert [listing.pk for listing in both.context["products"]] == [products["mural"].pk]
    html = both.content.decode()
    assert "Made in the community" in html and "(selected, follow to remove)" in html
    chosen = {item["name"]: item for item in both.context["facet_data"]["price_band"]["results"]}
    back = client.get(chosen["£20 to £50"]["deselect_url"])
    assert {listing.pk for listing in back.context["products"]} == {products["mural"].pk, products["laptop"].pk}


def test_odd_page_numbers_sorts_and_facets_give_a_normal_page(shelf, client, settings):
    settings.OSCAR_PRODUCTS_PER_PAGE = 3
    category, products = shelf
    url = category.get_absolute_url()
    second = client.get(url, {"page": 2, "sort_by": search.PRICE_LOW})
    assert [listing.pk for listing in second.context["products"]] == [products["laptop"].pk]
    for params in ({"page": 99}, {"page": "x"}, {"sort_by": "cheapest"}, {"selected_facets": ["made", ":", "x:y"]}):
        response = client.get(url, params)
        assert response.status_code == 200 and response.context["products"], params
    assert client.get(url, {"page": 99}).context["page_obj"].number == 2


def test_the_price_band_is_that_of_the_price_a_card_shows(demo_shop):
    shown = {listing.pk: listing for listing in search.find().listings}
    products = Product.objects.browsable().filter(upc__startswith="DEMO-")
    assert len(products) >= 40 and any(product.is_parent for product in products)
    for product in products:
        pence = money.price_of(product)
        assert shown[product.pk].price == Decimal(pence) / 100, product.title
        assert shown[product.pk].facets["price_band"] == {search.price_band(pence)}


def test_made_follows_the_status_in_force_today(shelf):
    category, products = shelf
    maker = products["ale"].attributions.get().maker
    MakerStatus.objects.filter(maker=maker, ends_on=None).update(starts_on=datetime.date.today()
                                                                 + datetime.timedelta(days=30))
    ale = next(x for x in search.find(categories=[category]).listings if x.pk == products["ale"].pk)
    assert ale.facets["made"] == set()  # not yet released, and no status in force any more


def _facet_of(category, product, key):
    return next(x for x in search.find(categories=[category]).listings if x.pk == product.pk).facets[key]


def test_a_release_recorded_today_moves_a_listing_to_made_after_release_at_once(shelf, committed):
    category, products = shelf
    assert _facet_of(category, products["print"], "made") == {"Made inside"}
    maker = products["print"].attributions.get().maker
    with committed():
        add_status(maker, None, MakerStatus.RELEASED, datetime.date.today())
    assert _facet_of(category, products["print"], "made") == {"Made after release"}


def test_stock_moved_to_another_workshop_moves_the_listing_between_workshops(shelf):
    category, products = shelf
    assert _facet_of(category, products["ale"], "workshop") == {"North studio"}
    record = products["ale"].stockrecords.get()
    record.partner = Workshop.objects.get(name="South studio").partner
    record.save()
    assert _facet_of(category, products["ale"], "workshop") == {"South studio"}


def test_a_listing_in_a_subcategory_is_on_its_line(shelf):
    category, products = shelf
    below = category.add_child(name="Small prints", slug="small-prints")
    tiny = factories.make_product("art", price=Decimal("5.00"))
    assert tiny.pk not in {x.pk for x in search.find(categories=[category]).listings}
    tiny.categories.add(below)
    assert tiny.pk in {x.pk for x in search.find(categories=[category]).listings}
    assert {x.pk for x in search.find(categories=[below]).listings} == {tiny.pk}


def test_a_search_page_with_two_facets(demo_shop, client):
    page = client.get("/shop/search/", {"q": "wool", "selected_facets": ["product_class:Textiles",
                                                                           "price_band:£50 to £150"]})
    shown = page.context["products"]
    assert shown and all(listing.facets["price_band"] == {"£50 to £150"} for listing in shown)
    assert all("wool" in search.listing_text(Product.objects.get(pk=listing.pk)).lower() + listing.title.lower()
               for listing in shown)
    assert page.content.decode().count('class="product_pod"') == len(shown)


def test_search_never_loads_haystack(demo_shop, client):
    for url in ("/shop/catalogue/", "/shop/search/?q=beer"):
        assert client.get(url).status_code == 200
    assert not [name for name in sys.modules if name.split(".")[0] in ("haystack", "whoosh")]


def test_a_story_is_found_once_published_and_gone_once_unpublished(demo_shop, client):
    from storefront.models import StoryPage

    story = StoryPage.objects.live().get(slug="sol-four-hundred-starlings")
    assert story.title in client.get("/shop/search/", {"q": "starlings"}).content.decode()
    story.unpublish()
    assert story.title not in client.get("/shop/search/", {"q": "starlings"}).content.decode()



def test_a_story_restricted_to_signed_in_visitors_is_not_found_at_once(demo_shop, client):
    from wagtail.models import PageViewRestriction

    from storefront.models import StoryPage

    story = StoryPage.objects.live().get(slug="sol-four-hundred-starlings")
    assert story.title in client.get("/shop/search/", {"q": "starlings"}).content.decode()
    PageViewRestriction.objects.create(page=story, restriction_type=PageViewRestriction.LOGIN)
    assert story.title not in client.get("/shop/search/", {"q": "starlings"}).content.decode()


def test_words_searched_before_the_index_was_rewritten_are_searched_again(shop, committed):
    """What words found is shared until anything changes; rewriting a listing's index row is such a change, even
    when nothing else told the pages (a title changed without signals, then ``refresh``)."""
    listing = titled(make_listing(shop.ma, state=Product.SUBMITTED), "Slate coaster")
    with committed():
        moderation.approve(listing, shop.admin)
    assert listing.pk in found("coaster") and listing.pk not in found("trivet")
    Product.objects.filter(pk=listing.pk).update(title="Slate trivet")  # no signal: nothing made stale yet
    search.refresh([listing.pk])
    assert listing.pk in found("trivet") and listing.pk not in found("coaster")


def test_the_same_words_in_another_case_find_the_same(shop, committed):
    listing = titled(make_listing(shop.ma, state=Product.SUBMITTED), "Willow basket")
    with committed():
        moderation.approve(listing, shop.admin)
    assert listing.pk in found("willow") and listing.pk in found("WILLOW Basket")


def test_facet_values_are_shown_escaped(shelf, client):
    """A workshop's name is typed by an admin; in the facet list it is text, never markup."""
    from makers.models import Workshop

    category, _ = shelf
    workshop = Workshop.objects.filter(partner__stockrecords__product__categories=category).first()
    workshop.name = '<img src=x onerror="alert(1)"> & Sons'
    workshop.save()
    html = client.get(category.get_absolute_url()).content.decode()
    facets = html.split('id="ttg-facets"', 1)[1].split("</nav>", 1)[0]
    assert "<img" not in facets
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; Sons" in facets


def test_the_order_chosen_is_the_one_shown_and_works_without_script(shelf, client):
    category, _ = shelf
    html = client.get(category.get_absolute_url(), {"sort_by": search.PRICE_HIGH}).content.decode()
    assert f'<option value="{search.PRICE_HIGH}" selected>' in html and html.count(" selected>") == 1
    assert '<noscript><button type="submit"' in html and 'id="id_sort_by"' in html
    html = client.get(category.get_absolute_url(), {"sort_by": "cheapest"}).content.decode()
    assert f'<option value="{search.RELEVANCE}" selected>' in html
