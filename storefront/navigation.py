"""The site's menus: the four product lines, stories, impact and about in the header; content pages in the footer; the
product lines on their own too (the home page lists them).

Every page shows them, so they are built once and kept in the shared cache (not in the process) until an editor
publishes or unpublishes a page or an admin changes a category.
"""

from django.core.cache import cache
from django.utils.functional import SimpleLazyObject

CACHE_KEY = "storefront:navigation:v2"


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
    value = cache.get(CACHE_KEY)
    if value is None:
        value = build()
        cache.set(CACHE_KEY, value, 60 * 60)
    return value


def invalidate(**kwargs):
    cache.delete(CACHE_KEY)


def context_processor(request):
    from django.conf import settings

    return {"site_nav": SimpleLazyObject(menus), "prices_include_vat": settings.SHOP_VAT_REGISTERED}
