"""Template tags that hand templates figures computed elsewhere: templates display, they never calculate money."""

from django import template

from catalogue import product_lines
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
    """The cards of a page of listings (``catalogue.search.Listing``), each rendered once and shared
    (``storefront.pagecache``); the products of the cards not ready are loaded together, with what a card shows
    (``storefront.showcase``)."""
    from django.utils.safestring import mark_safe
    from oscar.templatetags.product_tags import render_product

    from storefront import pagecache, showcase

    cards = pagecache.product_cards([result.pk for result in results],
                                    lambda ids: showcase.card_queryset().in_bulk(ids),
                                    lambda product: render_product(context, product))
    return [mark_safe(html) for html in cards]


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
    gives the ids, the cards (title, intro, address) come from the shared list of stories anyone may read, which an
    editor publishing, unpublishing or restricting a page makes stale (``storefront.pagecache``)."""
    from catalogue.search import plain_words
    from storefront.models import StoryPage

    words = plain_words(query)
    if not words:
        return []
    readable = pagecache.shared_fragment("stories", _readable_stories, always=True)
    found = StoryPage.objects.live().only("pk").search(words, operator="or")[:50]
    return [readable[story.pk] for story in found if story.pk in readable][:limit]


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
