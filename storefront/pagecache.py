"""A shared-cache copy of browse pages for visitors with no session, basket or messages: they all see the same page.

Oscar's product lists are a search of the catalogue plus two dozen product cards; a visitor without cookies gets the copy made
for the previous one, so the page costs about what a static template does (issue 6 budget). Copies live in the shared
cache under a generation number that any change to products, stock, categories, makers' credits or published pages
bumps, so nobody sees a stale page for more than a moment; they also expire after ``TIMEOUT`` seconds.
"""

import hashlib
import threading
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.utils import timezone

from storefront import generations

GENERATION_KEY = "storefront:pagecache:generation"
TIMEOUT = 5 * 60
MAX_KEPT = 5000  # copies a process keeps (cards, listings, categories, searches' words); more empties them


def _personal(request):
    cookies = request.COOKIES
    return (
        not getattr(settings, "STOREFRONT_PAGE_CACHE", True)
        or request.method not in ("GET", "HEAD")
        or settings.SESSION_COOKIE_NAME in cookies
        or settings.OSCAR_BASKET_COOKIE_OPEN in cookies
        or "messages" in cookies
    )


def key_for(request):
    """The cache key of this request's page, or None when the page may be personal (or the cache is off, as in
    tests that look at how a page is made)."""
    if _personal(request):
        return None
    generation = current_generation()
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"storefront:page:{generation}:{digest}"  # (content, content type, CSP nonce or None)


NAVIGATION_KEY = "storefront:navigation:generation"  # the menus' own (storefront.navigation): sales don't move it
_request = threading.local()  # the generations read for the request this thread is serving
_kept = {"generation": None, "values": {}}  # this process's copies of the current generation's shared parts
_MISSING = object()


def _generations():
    """The numbers of the pages' and the menus' generations: a request reads them from the shared cache once
    (``request_started``), in one round trip; outside requests they are read every time."""
    known = getattr(_request, "generations", None)
    if known:
        return known
    numbers = generations.current_many([GENERATION_KEY, NAVIGATION_KEY])
    known = {NAVIGATION_KEY: numbers[NAVIGATION_KEY],
             GENERATION_KEY: f"{numbers[GENERATION_KEY]}-{timezone.localdate().isoformat()}"}
    if getattr(_request, "active", False):
        _request.generations = known
    return known


def current_generation():
    """The number every shared copy and fragment of a browse page is kept under, with the London date: a maker's
    status that comes into force at midnight changes what a page shows (its "made" facet) without any save."""
    return _generations()[GENERATION_KEY]


def navigation_generation():
    """The number the menus are kept under (``storefront.navigation``)."""
    return _generations()[NAVIGATION_KEY]


def request_started(**kwargs):
    _request.active, _request.generations = True, None


def request_finished(**kwargs):
    _request.active, _request.generations = False, None


def _bump(key=GENERATION_KEY):
    _request.generations = None
    generations.bump(key)


def invalidate(**kwargs):
    """Make every cached page and fragment stale (connected to the models a browse page shows, in
    ``storefront.apps``): at once, and again when the change commits, so that a page another server made from the
    database between the two, before it could see the change, is not kept."""
    _bump()
    transaction.on_commit(_bump)


def invalidate_navigation(**kwargs):
    """Make the menus stale (a page published or unpublished, a category changed), at once and on commit too."""
    _bump(NAVIGATION_KEY)
    transaction.on_commit(lambda: _bump(NAVIGATION_KEY))


def fragments_shared():
    """Whether browse pages use the shared parts every visitor sees alike (product cards, the listings and their
    facet values, the product line, the readable stories); off in tests that look at how a page is made, and in the
    benchmark's --fresh runs."""
    return getattr(settings, "STOREFRONT_FRAGMENT_CACHE", True)


def _kept_values(generation):
    """This process's copies, emptied when the generation moves on; a copy also lapses with the shared one."""
    if _kept["generation"] != generation:
        _kept["generation"], _kept["values"] = generation, {}
    return _kept["values"]


def kept(keys, fetch):
    """The values of these shared-cache keys of the current generation: this process's copy when it has one and it
    is younger than ``TIMEOUT``, else ``fetch(missing keys)`` (a dict), whose answers are copied."""
    values = _kept_values(current_generation())
    now = time.monotonic()
    found = {key: values[key][1] for key in keys if key in values and values[key][0] > now}
    missing = [key for key in keys if key not in found]
    if missing:
        if len(values) + len(missing) > MAX_KEPT:  # searches for ever new words must not fill the memory
            values.clear()
        fetched = fetch(missing)
        for key, value in fetched.items():
            values[key] = (now + TIMEOUT, value)
        found |= fetched
    return found


def shared_fragment(name, make, always=False):
    """``make()``'s value, kept in the shared cache under the current generation and copied in this process (``make``
    runs on a miss, or every time when fragments are not shared, unless ``always``)."""
    if not (always or fragments_shared()):
        return make()
    return shared(f"storefront:fragment:{current_generation()}:{name}", make)


def shared(key, make, timeout=TIMEOUT):
    """The value of ``key``: this process's copy (``kept``), else the shared cache's, else ``make()``'s, which is
    stored for ``timeout`` seconds. The key holds whatever generation makes the value stale."""

    def fetch(keys):
        value = cache.get(key, _MISSING)
        if value is _MISSING:
            value = make()
            cache.set(key, value, timeout)
        return {key: value}

    return kept([key], fetch)[key]


def product_cards(ids, load, render):
    """The HTML of the cards of these products, shared by every visitor: one cache round trip for a page of cards;
    only the missing products are loaded (``load(ids)`` gives them by id) and rendered, then kept.

    A card shows nothing personal (picture, price, stock, makers), and its key holds the generation, so whatever
    makes browse pages stale makes their cards stale too. Most of a card's cost is its thumbnails (four lookups in
    sorl-thumbnail's store each), so a visitor with a session or a basket, who gets a freshly made page, still gets
    ready-made cards.
    """
    shared = fragments_shared()
    generation = current_generation() if shared else 0
    keys = {pk: f"storefront:card:{generation}:{pk}" for pk in ids}
    found = kept(list(keys.values()), cache.get_many) if shared else {}
    missing = [pk for pk in ids if keys[pk] not in found]
    if missing:
        products = load(missing)
        made = {keys[pk]: render(products[pk]) for pk in missing if pk in products}
        if shared and made:
            cache.set_many(made, TIMEOUT)
        found |= made
    return [found[keys[pk]] for pk in ids if keys[pk] in found]


STOCK_SHOWN_KEY = "storefront:pagecache:stock:{}"


def _shown(record):
    """What a browse page shows of a stock record: its price, whether it can be bought (not how many are left), and
    the workshop holding it (a facet)."""
    return str(record.price), record.num_in_stock is None or record.net_stock_level > 0, record.partner_id


def stock_changed(sender, instance, created=False, **kwargs):
    """Make the copies stale only when a stock change shows: a product sold out, back in stock, or a new price.

    Every sale changes a stock record; invalidating on each one emptied the page cache at the busiest moments. The
    last state seen per record is kept in the shared cache; when it is unknown the copies are made stale, to be safe.
    """
    key, shown = STOCK_SHOWN_KEY.format(instance.pk), _shown(instance)
    if created or cache.get(key) != shown:
        cache.set(key, shown, 7 * 24 * 3600)
        invalidate()


class AnonymousPageCache:
    """View mixin: serve and keep the shared copy of the page for visitors who carry nothing personal."""

    def dispatch(self, request, *args, **kwargs):
        key = key_for(request)
        if key and (hit := cache.get(key)):
            content, content_type, nonce = hit
            if nonce:  # the copy's inline scripts run under this response's Content-Security-Policy nonce
                content = content.replace(nonce.encode(), str(request.csp_nonce).encode())
            return HttpResponse(content, content_type=content_type)
        response = super().dispatch(request, *args, **kwargs)
        if key and response.status_code == 200:
            def keep(rendered):
                if not rendered.cookies:
                    nonce = str(request.csp_nonce) if request.csp_nonce else None  # true once the page used it
                    cache.set(key, (rendered.content, rendered["Content-Type"], nonce), TIMEOUT)
            if hasattr(response, "add_post_render_callback") and not getattr(response, "is_rendered", True):
                response.add_post_render_callback(keep)
            else:
                keep(response)
        return response
