"""The site's menus: the four product lines, stories, impact and about in the header; content pages in the footer; the
product lines on their own too (the home page lists them).

Every page shows them, so they are built once and kept in the shared cache, and copied in each process, under a
generation of their own that an editor publishing or unpublishing a page or an admin changing a category moves on
(``storefront.pagecache``). Not under the browse pages' generation: a sale that sells something out moves that one, and
the menus would be built again at the busiest moments.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import SimpleLazyObject

from storefront import pagecache

TIMEOUT = 60 * 60


def build():
    from oscar.core.loading import get_model

    from storefront.models import ContentPage, ImpactPage, StoryIndexPage

    from catalogue.product_lines import BY_SLUG

    Category = get_model("catalogue", "Category")
    categories = Category.get_root_nodes().filter(is_public=True, slug__in=BY_SLUG).order_by("path")
    lines = [{"title": c.name, "url": c.get_absolute_url(), "slug": c.slug} for c in categories]
    main = list(lines)
    for model, label in ((StoryIndexPage, "Stories"), (ImpactPage, "Impact")):
        page = model.objects.live().public().first()
        if page:
            main.append({"title": label, "url": page.get_url()})
    pages = list(ContentPage.objects.live().public().order_by("path"))
    about = next((p for p in pages if p.slug == "about"), None)
    if about:
        main.append({"title": "About", "url": about.get_url()})
    footer = [{"title": p.title, "url": p.get_url()} for p in pages]
    how = next((p for p in pages if p.slug == "how-the-co-op-works"), None)
    return {"lines": lines, "main": main, "footer": footer, "how_it_works": how.get_url() if how else ""}


def menus():
    return pagecache.shared(f"storefront:navigation:v3:{pagecache.navigation_generation()}", build, TIMEOUT)


invalidate = pagecache.invalidate_navigation


@functools.lru_cache(maxsize=8)
def _addresses(urlconf, prefix):
    return {name: reverse(view) for name, view in (
        ("search", "search:search"), ("login", "customer:login"), ("logout", "customer:logout"),
        ("account", "customer:summary"), ("basket", "basket:summary"), ("dashboard", "dashboard:index"),
        ("cms", "wagtailadmin_home"))}


def shop_addresses():
    """The addresses the header links to on every page, reversed once per process (and URL configuration)."""
    return _addresses(get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())


def context_processor(request):
    return {"site_nav": SimpleLazyObject(menus), "shop_urls": SimpleLazyObject(shop_addresses),
            "prices_include_vat": settings.SHOP_VAT_REGISTERED}
