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
        post_migrate.connect(ensure_page_tree_root, sender=self, dispatch_uid="storefront.page_tree_root")
