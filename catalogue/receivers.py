"""Signal receivers that keep product lines in place, their stock rules enforced, and listings within consent."""

from django.db.models.signals import post_migrate, post_save, pre_save
from django.dispatch import receiver
from oscar.core.loading import get_model

from catalogue import moderation, product_lines
from makers.models import Consent

Product = get_model("catalogue", "Product")
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


@receiver(post_save, sender=Consent, dispatch_uid="catalogue.listing_consent_withdrawn")
def listing_consent_withdrawn(sender, instance, **kwargs):
    """Withdrawing consent takes down what depended on it (DOMAIN.md): a maker's public and pending listings, however
    the withdrawal was recorded (``makers.consent.withdraw_consent``, an admin screen, the Django admin)."""
    if instance.scope != Consent.LISTING or instance.withdrawn_on is None or instance.maker.has_consent(Consent.LISTING):
        return
    affected = Product.objects.filter(
        attributions__maker=instance.maker, moderation_state__in=(Product.APPROVED, Product.SUBMITTED))
    for product in affected.distinct():
        moderation.consent_withdrawn(product, instance.maker, instance.recorded_by)
