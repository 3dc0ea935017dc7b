from django.apps import AppConfig
from django.db.models.signals import post_migrate


def ensure_page_tree_root(sender, using="default", **kwargs):
    """Keep Wagtail's root page, which only a migration creates, after a flush (tests that truncate tables)."""
    if sender.name != "storefront":
        return
    from wagtail.models import Page

    if not Page.objects.using(using).filter(depth=1).exists():
        Page.add_root(instance=Page(title="Root", slug="root", url_path="/"))


class StorefrontConfig(AppConfig):
    name = "storefront"
    verbose_name = "Storefront"

    def ready(self):
        post_migrate.connect(ensure_page_tree_root, sender=self, dispatch_uid="storefront.page_tree_root")
