"""Signal receivers that keep product lines in place and their stock rules enforced (listings within consent:
makers.consent)."""

from django.db.models.signals import post_migrate, pre_save
from django.dispatch import receiver
from oscar.core.loading import get_model

from catalogue import product_lines

StockRecord = get_model("partner", "StockRecord")


@receiver(post_migrate, dispatch_uid="catalogue.sync_product_lines")
def sync_product_lines(sender, **kwargs):
    """After migrate, the product classes, attributes and categories exist, in every database (demo, tests, prod)."""
    if sender.label != "catalogue":
        return
    product_lines.sync_product_lines(
        get_model("catalogue", "ProductClass"),
        get_model("catalogue", "ProductAttribute"),
        get_model("catalogue", "AttributeOptionGroup"),
        get_model("catalogue", "Category"),
    )


@receiver(pre_save, sender=StockRecord, dispatch_uid="catalogue.one_off_stock")
def one_off_stock(sender, instance, **kwargs):
    product_lines.validate_stock(instance)
