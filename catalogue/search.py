"""Finding listings: the catalogue, product line and search pages, served by the database the shop already has.

Words go through Wagtail's own search library, modelsearch, on its database backend (PostgreSQL's full text search in
production, SQLite's FTS5 in the embedded demo). Each listing buyers may see has one row in its index table holding
what they can find it by (``listing_text``): never a maker's private fields. The row is written again when the
transaction that changed the listing commits (``refresh_later``), so every web server finds a listing, or stops
finding it, at once; ``manage.py update_index`` rebuilds them all.

Facets are not copied into the index: they are read from the live tables, in two queries (the listings, then their
makers' statuses in force) for the whole catalogue at once, and that list is shared by every visitor and web server
(``catalogue()``) until anything it shows changes, so a new price, a workshop taking the stock or a maker's release
shows at once too. ``find`` narrows and counts it in Python, so a page costs the same however many listings it shows
(ARCHITECTURE.md trap 6); words cost one more query, in the index.
"""

import datetime
import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.html import strip_tags
from modelsearch.backends import get_search_backend, get_search_backends
from oscar.core.loading import get_model

from catalogue import moderation
from makers.models import MakerStatus, Workshop
from storefront import pagecache
from storefront.money import to_pence

Product = get_model("catalogue", "Product")
ProductCategory = get_model("catalogue", "ProductCategory")
StockRecord = get_model("partner", "StockRecord")

PRICE_BANDS = ((2000, "Under £20"), (5000, "£20 to £50"), (15000, "£50 to £150"), (None, "£150 and over"))
MADE = {
    MakerStatus.SERVING_INSIDE: "Made inside",
    MakerStatus.ROTL: "Made inside",
    MakerStatus.RELEASED: "Made after release",
    MakerStatus.COMMUNITY: "Made in the community",
}
# Facets buyers narrow a list by, as ``selected_facets=<key>:<value>`` in the address (Oscar's form).
FACETS = {"product_class": "Product line", "price_band": "Price", "workshop": "Workshop", "made": "Made"}
_VALUE_ORDER = {
    "price_band": [name for _, name in PRICE_BANDS],
    "made": list(dict.fromkeys(MADE.values())),
}

RELEVANCE, NEWEST, PRICE_LOW, PRICE_HIGH, TITLE_AZ, TITLE_ZA = (
    "relevancy", "newest", "price-asc", "price-desc", "title-asc", "title-desc")
ORDERS = [(RELEVANCE, "Relevance"), (NEWEST, "Newest"), (PRICE_LOW, "Price low to high"),
          (PRICE_HIGH, "Price high to low"), (TITLE_AZ, "Title A to Z"), (TITLE_ZA, "Title Z to A")]
MAX_QUERY = 200


def price_band(pence):
    """The price band buyers narrow by, of a price in pence."""
    return next(name for limit, name in PRICE_BANDS if limit is None or pence < limit)


def plain_words(query):
    """The words of a visitor's query: search syntax (quotes, brackets, operators) is not theirs to use, and an odd or
    huge query just finds less."""
    return " ".join(re.sub(r"[^\w\s]+", " ", query or "").split())[:MAX_QUERY].strip()


@dataclass(frozen=True)
class Listing:
    """A listing as a browse page sorts and narrows it (its product card shows the rest)."""

    pk: int
    title: str
    created: datetime.datetime
    price: Decimal | None
    facets: dict  # facet key → frozenset of the listing's values


@dataclass(frozen=True)
class FacetValue:
    name: str
    count: int  # listings it would show, with the other facets' choices kept
    selected: bool


@dataclass(frozen=True)
class Found:
    listings: list  # of Listing: those matching the words and every facet chosen, in the order asked
    facets: dict  # facet key → [FacetValue], every value the words' listings have


def find(words=None, categories=None, selected=None, order=RELEVANCE):
    """The public listings matching ``words`` (None: all of them; an empty string: none) within ``categories`` (and
    their subcategories), with the ``selected`` facet values ({key: values}: any value of a facet, every facet), and
    each facet's values counted.

    A value's count is what choosing it would show alongside the other facets' choices, so a facet's values can be
    combined. Chosen values that none of the listings have are ignored.
    """
    listings = catalogue()
    if categories is not None:
        members = _members(categories)
        listings = [listing for listing in listings if listing.pk in members]
    if words is not None:
        listings = _searched(words, listings)
    present = {key: set() for key in FACETS}
    for listing in listings:
        for key, values in listing.facets.items():
            present[key].update(values)
    chosen = {key: frozenset(values) & present[key] for key, values in (selected or {}).items() if key in FACETS}
    chosen = {key: values for key, values in chosen.items() if values}
    return Found(
        listings=_ordered([listing for listing in listings if _matches(listing, chosen)] if chosen else listings,
                          order),
        facets={key: _facet(key, listings, present[key], chosen) for key in FACETS},
    )


def catalogue():
    """Every listing buyers may see, newest first, with its facet values: the same for every visitor and every page,
    so it is made once and shared by every web server (``storefront.pagecache``: anything it shows makes it stale)."""
    return pagecache.shared_fragment("listings", lambda: _listings(Product.objects.listings()))


def _members(categories):
    """The ids of the products in these categories or below them (shared, as the catalogue is)."""
    categories = list(categories)
    paths = sorted({category.path for category in categories})
    if not paths:
        return frozenset()

    def make():
        within = Q()
        for path in paths:
            within |= Q(category__path__startswith=path)
        return frozenset(ProductCategory.objects.filter(within).values_list("product_id", flat=True))

    return pagecache.shared_fragment("categories:" + ",".join(paths), make)


def _searched(words, listings):
    """Those of ``listings`` matching ``words``, most relevant first: the words are looked up in the index, the
    listings' facet values are those already known.

    Which listings match the words is shared like the catalogue (``words_key``): a buyer narrowing a search by its
    facets, sorting it or paging through it, and the next buyer searching the same words, need no query."""

    def make():
        found = get_search_backend().search(words, Product.objects.listings().only("pk"), operator="and")
        return [product.pk for product in found]

    ranked = pagecache.shared_fragment(words_key("listings", words), make)
    known = {listing.pk: listing for listing in listings}
    return [known[pk] for pk in ranked if pk in known]


def words_key(index, words):
    """The name a shared search of ``index`` for ``words`` is kept under: a digest, so any words make a short key, of
    the words in lower case, as both indexes (PostgreSQL's and SQLite's) match them."""
    return f"words:{index}:{hashlib.sha256(words.casefold().encode()).hexdigest()}"


def _listings(products):
    """These products as listings, newest first, each with its facet values: two queries (the products with their
    line, shown price and workshop; their makers' statuses in force)."""
    products = products.annotate(
        line_name=F("product_class__name"),
        shown_price=_shown_price(),
        workshop_name=_workshop_name(),
    ).only("pk", "title", "date_created")
    found = list(products.order_by("-date_created", "-pk"))
    made = defaultdict(set)
    statuses = MakerStatus.objects.in_force().filter(maker__attributions__product__in=[p.pk for p in found])
    for product_id, status in statuses.values_list("maker__attributions__product", "status").order_by().distinct():
        made[product_id].add(MADE[status])
    return [
        Listing(p.pk, p.title, p.date_created, p.shown_price, {
            "product_class": frozenset({p.line_name}),
            "price_band": frozenset({price_band(to_pence(p.shown_price))} if p.shown_price is not None else ()),
            "workshop": frozenset({p.workshop_name} if p.workshop_name else ()),
            "made": frozenset(made[p.pk]),
        })
        for p in found
    ]


def _shown_price():
    """The price a product card shows: Oscar's strategy takes a product's first stock record, and for a parent the first
    stock record of its first public variant (newest first)."""
    own = StockRecord.objects.filter(product=OuterRef("pk")).order_by("pk")
    variants = StockRecord.objects.filter(product__parent=OuterRef("pk"), product__is_public=True)
    variants = variants.order_by("-product__date_created", "pk")
    return Coalesce(Subquery(own.values("price")[:1]), Subquery(variants.values("price")[:1]))


def _workshop_name():
    """The workshop holding the listing's stock, or its public variants' (the first by name, should there be two)."""
    workshops = Workshop.objects.order_by("name").values("name")
    own = workshops.filter(partner__stockrecords__product=OuterRef("pk"))
    variants = workshops.filter(partner__stockrecords__product__parent=OuterRef("pk"),
                                partner__stockrecords__product__is_public=True)
    return Coalesce(Subquery(own[:1]), Subquery(variants[:1]))


def _matches(listing, chosen):
    facets = listing.facets
    for key, values in chosen.items():
        if not facets[key] & values:
            return False
    return True


def _facet(key, listings, present, chosen):
    others = {other: values for other, values in chosen.items() if other != key}
    counts = dict.fromkeys(present, 0)
    for listing in listings:
        if not others or _matches(listing, others):
            for value in listing.facets[key]:
                counts[value] += 1
    order = _VALUE_ORDER.get(key)
    values = sorted(present, key=order.index if order else str.casefold)
    return [FacetValue(value, counts[value], value in chosen.get(key, ())) for value in values]


def _ordered(listings, order):
    if order == NEWEST:
        return sorted(listings, key=lambda listing: listing.created, reverse=True)
    if order in (PRICE_LOW, PRICE_HIGH):
        sign = 1 if order == PRICE_LOW else -1
        return sorted(listings, key=lambda listing: (listing.price is None, sign * (listing.price or 0)))
    if order in (TITLE_AZ, TITLE_ZA):
        return sorted(listings, key=lambda listing: listing.title.casefold(), reverse=order == TITLE_ZA)
    return listings  # relevance, or newest first when browsing


def listing_text(product):
    """What a buyer can find a listing by besides its title (indexed apart, weighing more): its public text and that
    of its public variants, its product line, categories and its makers' display names. Never a maker's private
    fields."""
    variants = [child for child in product.children.all() if child.is_public]
    parts = [text for key, _, text in moderation.public_text_parts(product, variants) if key != "title"]
    parts.append(product.product_class.name)
    parts += [category.name for category in product.categories.all()]
    parts += [attribution.maker.display_name for attribution in product.attributions.all()]
    return "\n".join(strip_tags(part) for part in parts if part)


def refresh(product_ids):
    """Write these products' index rows again from the database (a variant stands for its parent): a listing buyers
    may see is indexed as it is now, any other (a draft, in review, withdrawn, rejected, deleted) loses its row."""
    ids = set(product_ids)
    parents = dict(Product.objects.filter(pk__in=ids).values_list("pk", "parent_id"))
    ids = {parents.get(pk) or pk for pk in ids}
    listings = list(Product.get_indexed_objects().filter(pk__in=ids))
    gone = ids - {listing.pk for listing in listings}
    for backend in get_search_backends(with_auto_update=True):
        if listings:
            backend.add_bulk(Product, listings)
        for pk in gone:
            backend.delete(Product(pk=pk))
    # Searches kept before the index changed are stale now (the change itself made them stale when it committed,
    # but a search made between that and this rewrite read the old rows).
    pagecache.invalidate()


class _Pending(set):
    """The products a transaction (or one of its savepoints) changed, refreshed once it commits."""

    def __call__(self):
        refresh(self)


def refresh_later(product_ids):
    """``refresh`` these products once the current transaction commits (at once outside one): the index never holds
    what was rolled back, and a listing saved many times in one atomic block (its attributes, variants, makers) is
    refreshed once, by the one callback the block holds (Django drops a savepoint's callbacks with it)."""
    connection = transaction.get_connection()
    block = set(connection.savepoint_ids)
    pending = next((func for sids, func, _ in connection.run_on_commit if sids == block and isinstance(func, _Pending)),
                   None)
    if pending is None:
        transaction.on_commit(_Pending(product_ids))
    else:
        pending.update(product_ids)
