from django.apps import AppConfig
from django.db.models.signals import post_migrate


def ensure_page_tree_root(sender, using="default", **kwargs):
    """Keep Wagtail's locale and root page, which only migrations create, after a flush (tests that truncate tables)."""
    if sender.name != "storefront":
        return
    from django.conf import settings
    from wagtail.coreutils import get_supported_content_language_variant
    from wagtail.models import Locale, Page

    # The root page needs the default locale, which a flush empties too.
    language = get_supported_content_language_variant(settings.LANGUAGE_CODE)
    Locale.objects.using(using).get_or_create(language_code=language)
    if not Page.objects.using(using).filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root", url_path="/"))


class StorefrontConfig(AppConfig):
    name = "storefront"
    verbose_name = "Storefront"

    def ready(self):
        from django.core.signals import request_finished, request_started
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from oscar.core.loading import get_model
        from wagtail.signals import page_published, page_unpublished

        from storefront import impact, logs, media, navigation, pagecache, rich_text, roles

        rich_text.connect()
        post_migrate.connect(ensure_page_tree_root, sender=self, dispatch_uid="storefront.page_tree_root")
        post_migrate.connect(roles.sync_roles, dispatch_uid="storefront.roles")
        post_migrate.connect(media.ensure_missing_image, sender=self, dispatch_uid="storefront.missing_image")
        from oscar.apps.customer.signals import user_registered

        user_registered.connect(roles.join_buyers, dispatch_uid="storefront.roles.buyers")
        # The menus name product lines and pages: rebuild them when either changes (not with every sale, as the
        # shared parts of browse pages are).
        page_published.connect(navigation.invalidate, dispatch_uid="storefront.navigation.published")
        page_unpublished.connect(navigation.invalidate, dispatch_uid="storefront.navigation.unpublished")
        category = get_model("catalogue", "Category")
        post_save.connect(navigation.invalidate, sender=category, dispatch_uid="storefront.navigation.category_saved")
        post_delete.connect(navigation.invalidate, sender=category, dispatch_uid="storefront.navigation.category_gone")
        # A request reads the generation of the shared parts of browse pages (cards, listings) once.
        request_started.connect(pagecache.request_started, dispatch_uid="storefront.pagecache.request_started")
        request_finished.connect(pagecache.request_finished, dispatch_uid="storefront.pagecache.request_finished")
        # Shared copies of browse pages and their parts go stale with anything a product card, a facet or the menus
        # show.
        for model in ("catalogue.Product", "catalogue.ProductClass", "catalogue.Category", "catalogue.ProductCategory",
                      "catalogue.ProductImage", "makers.Attribution", "makers.Maker", "makers.MakerStatus",
                      "makers.Workshop"):
            for name, signal in (("saved", post_save), ("deleted", post_delete)):
                signal.connect(pagecache.invalidate, sender=model, dispatch_uid=f"storefront.pagecache.{model}.{name}")
        m2m_changed.connect(pagecache.invalidate, sender=get_model("catalogue", "Product").categories.through,
                            dispatch_uid="storefront.pagecache.product_categories")
        # Stock: only a sell-out, a restock or a new price shows on a browse page.
        post_save.connect(pagecache.stock_changed, sender="partner.StockRecord",
                          dispatch_uid="storefront.pagecache.stock")
        post_delete.connect(pagecache.invalidate, sender="partner.StockRecord",
                            dispatch_uid="storefront.pagecache.stock_deleted")
        page_published.connect(pagecache.invalidate, dispatch_uid="storefront.pagecache.published")
        # A page restricted to signed-in visitors or a password leaves the stories search finds.
        for name, signal in (("saved", post_save), ("deleted", post_delete)):
            signal.connect(pagecache.invalidate, sender="wagtailcore.PageViewRestriction",
                           dispatch_uid=f"storefront.pagecache.restriction.{name}")
        page_unpublished.connect(pagecache.invalidate, dispatch_uid="storefront.pagecache.unpublished")
        # Log lines are checked against makers' private values: every process reads them again after a change.
        post_save.connect(logs.makers_changed, sender="makers.Maker", dispatch_uid="storefront.logs.makers_changed")
        # The impact page's figures are refreshed when a payout run is paid.
        post_save.connect(impact.payout_run_saved, sender="payouts.PayoutRun", dispatch_uid="storefront.impact.paid")
