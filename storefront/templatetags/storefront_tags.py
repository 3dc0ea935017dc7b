"""Template tags that hand templates figures computed elsewhere: templates display, they never calculate money."""

import functools
from html import escape

from django import template
from django.conf import settings
from django.utils.functional import LazyObject, empty
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from catalogue import product_lines, search
from makers import credits
from storefront import money, pagecache

register = template.Library()


@register.simple_tag(takes_context=True)
def money_breakdown(context, product):
    """Where the money goes for this product at the price the visitor sees (``storefront.money``)."""
    request = context.get("request")
    strategy = getattr(request, "strategy", None)
    price = None
    if strategy is not None:
        info = strategy.fetch_for_parent(product) if product.is_parent else strategy.fetch_for_product(product)
        if not info.price.exists:
            return None
        price = money.to_pence(info.price.incl_tax if info.price.is_tax_known else info.price.excl_tax)
    return money.breakdown_for(product, price=price)


@register.simple_tag
def basket_breakdown(basket):
    """Where the money goes for everything in the basket, line by line and summed."""
    pence = money.to_pence
    return money.combine(money.breakdowns_of([
        (line.product, pence(line.line_price_incl_tax), pence(line.line_price_incl_tax_incl_discounts))
        for line in basket.all_lines()]))


@register.simple_tag(takes_context=True)
def product_cards(context, results):
    """The cards of a page of listings (``catalogue.search.Listing``) as the items of its list, each card rendered once
    and shared (``storefront.pagecache``); the products of the cards not ready are loaded together, with what a card
    shows (``storefront.showcase``)."""
    from oscar.templatetags.product_tags import render_product

    from storefront import showcase

    cards = pagecache.product_cards([result.pk for result in results],
                                    lambda ids: showcase.card_queryset().in_bulk(ids),
                                    lambda product: render_product(context, product))
    return mark_safe("".join(f'<li class="col-sm-6 col-md-4 col-lg-3">{card}</li>' for card in cards))


@register.simple_tag
@functools.lru_cache(maxsize=None)  # one per order: the choice shows nothing else
def order_choice(chosen):
    """The order of a page of listings: a labelled choice that Oscar's script sends when it changes (``#id_sort_by``),
    with a button for a browser without script."""
    options = format_html_join("", '<option value="{}"{}>{}</option>', (
        (value, " selected" if value == chosen else "", label) for value, label in search.ORDERS))
    return format_html('<div class="ttg-order__choice"><label for="id_sort_by">Sort by</label> '
                       '<select name="sort_by" id="id_sort_by" class="form-control">{}</select> '
                       '<noscript><button type="submit" class="ttg-button">Sort</button></noscript></div>', options)


@register.simple_tag
def facet_lists(facet_data):
    """Each facet of a browse page with its values (``storefront.shop.search.views.facet_data``): a chosen value links
    to its removal, a value none of the listings would show is not a link, any other links to choosing it and says how
    many it would show. (Plain string formatting with every value escaped: a page shows a dozen or more values.)"""
    return mark_safe("".join(
        f'<div class="ttg-facet"><h3 class="ttg-facet__name">{escape(data["name"])}</h3><ul>'
        + "".join(f"<li>{_facet_value(item)}</li>" for item in data["results"]) + "</ul></div>"
        for data in facet_data.values() if data["results"]))


def _facet_value(item):
    name = escape(item["name"])
    if item["selected"]:
        return (f'<a href="{escape(item["deselect_url"])}" aria-current="true"><span aria-hidden="true">✓&nbsp;</span>'
                f'{name}<span class="ttg-visually-hidden"> (selected, follow to remove)</span></a>')
    if item["disabled"]:
        return f"<span>{name}</span>"
    return f'<a href="{escape(item["select_url"])}">{name} <span class="ttg-facet-count">({int(item["count"])})</span></a>'


@register.simple_tag(takes_context=True)
def menu_links(context, items):
    """A menu's links (``storefront.navigation``) as list items, the link to the page shown marked as current: every
    page shows two menus, and a template loop over them cost more than the rest of the site's header."""
    request = context.get("request")
    here = request.path if request is not None else None
    return mark_safe("".join(
        f'<li><a href="{escape(item["url"])}"{_CURRENT if item["url"] == here else ""}>{escape(item["title"])}</a></li>'
        for item in items))


_CURRENT = ' aria-current="page"'


@register.simple_tag(takes_context=True)
def basket_count(context):
    """How many items the visitor's basket holds. A visitor who is not signed in and has no basket cookie has no
    basket: Oscar's is not built for them just to count nothing (that cost more than the rest of the site's header)."""
    request = context.get("request")
    basket = getattr(request, "basket", None)
    if basket is None:
        return 0
    not_built = isinstance(basket, LazyObject) and basket._wrapped is empty
    if not_built and not request.user.is_authenticated and settings.OSCAR_BASKET_COOKIE_OPEN not in request.COOKIES:
        return 0
    return basket.num_items or 0


@register.filter(is_safe=True)
def clip(text, length):
    """``text`` cut to ``length`` characters, an ellipsis ending it if it was cut (Django's truncatechars, which
    works out the ellipsis in the visitor's language on every call, cost a search page more than its facets)."""
    text = str(text)
    return text if len(text) <= length else text[:length - 1] + "…"


@register.filter
def credited_makers(product):
    """Who made the product, as the ledger credits them (a variant: its parent's makers)."""
    return credits.attributions_of(product)


@register.filter
def is_art(product):
    """Art that can't be bought has sold: a one-off, or every print of an edition (no attribute queries needed)."""
    line = product_lines.line_of(product)
    return line is not None and line.slug == product_lines.ART


@register.simple_tag
def srcset(image, *sizes):
    """A srcset of thumbnails of `image` at these widths (never upscaled), for a responsive <img>."""
    from oscar.core.thumbnails import get_thumbnailer

    if not image:
        return ""
    thumbnailer = get_thumbnailer()
    parts = []
    for width in sizes:
        thumb = thumbnailer.generate_thumbnail(image, size=f"{width}x", upscale=False)
        parts.append(f"{thumb.url} {thumb.width}w")
    return ", ".join(dict.fromkeys(parts))


@register.simple_tag
def matching_stories(query, limit=6):
    """Live public member stories matching a search query, from the same database index as the listings: the index
    gives the ids (kept for the same words), the cards (title, intro, address) come from the shared list of stories
    anyone may read; an editor publishing, unpublishing or restricting a page makes both stale
    (``storefront.pagecache``)."""
    from catalogue.search import plain_words, words_key
    from storefront.models import StoryPage

    words = plain_words(query)
    if not words:
        return []
    readable = pagecache.shared_fragment("stories", _readable_stories, always=True)
    found = pagecache.shared_fragment(  # shared as a search of the listings is (catalogue.search._searched)
        words_key("stories", words),
        lambda: [story.pk for story in StoryPage.objects.live().only("pk").search(words, operator="or")[:50]])
    return [readable[pk] for pk in found if pk in readable][:limit]


def _readable_stories():
    from storefront.models import StoryPage

    return {story.pk: {"title": story.title, "intro": story.intro, "url": story.get_url()}
            for story in StoryPage.objects.live().public().only("pk", "title", "intro", "url_path")}


@register.simple_tag
def order_breakdown(order):
    """Where the money of an order's lines goes, under the terms in force when it was placed, as the ledger posts it
    (the confirmation page and email)."""
    from django.db.models import Prefetch, prefetch_related_objects

    from makers.models import Attribution

    makers = Attribution.objects.select_related("maker")
    # Whatever the page already loaded of the order's lines and products is used again, not read twice.
    prefetch_related_objects([order], "lines__product__parent", Prefetch("lines__product__attributions", makers),
                             Prefetch("lines__product__parent__attributions", makers))
    pence = money.to_pence
    return money.combine(money.breakdowns_of(
        [(line.product, pence(line.line_price_before_discounts_incl_tax), pence(line.line_price_incl_tax))
         for line in order.lines.all() if line.product is not None], when=order.date_placed))
