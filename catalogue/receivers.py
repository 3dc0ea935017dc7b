"""Signal receivers that keep product lines in place, their stock rules enforced and the search index in step with
the listings."""

from django.db.models.signals import post_delete, post_migrate, post_save, pre_save
from django.dispatch import receiver
from oscar.core.loading import get_model

from catalogue import product_lines, search
from makers.models import Attribution, Maker

Product = get_model("catalogue", "Product")
ProductAttributeValue = get_model("catalogue", "ProductAttributeValue")
ProductCategory = get_model("catalogue", "ProductCategory")
Category = get_model("catalogue", "Category")
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


# What a listing's search index row is made of (``catalogue.search.listing_text``), and the listings each part is of.
LISTING_TEXT_SOURCES = {
    Product: lambda product: [product.pk],
    ProductAttributeValue: lambda value: [value.product_id],
    Attribution: lambda attribution: [attribution.product_id],
    ProductCategory: lambda link: [link.product_id],
    Category: lambda category: ProductCategory.objects.filter(category=category).values_list("product_id", flat=True),
    Maker: lambda maker: Attribution.objects.filter(maker=maker).values_list("product_id", flat=True),
}


def listing_text_changed(sender, instance, raw=False, **kwargs):
    """Whatever changes a listing's searchable text or whether buyers may see it (moderation, consent, an edit, a
    maker's new display name) refreshes its index row when the transaction commits, on every server at once."""
    if not raw:
        search.refresh_later(LISTING_TEXT_SOURCES[sender](instance))


for _model in LISTING_TEXT_SOURCES:
    post_save.connect(listing_text_changed, sender=_model, dispatch_uid=f"catalogue.search.{_model.__name__}.saved")
    # A deleted category's links are deleted first, each refreshing its listing; a deleted maker has no listings.
    if _model not in (Category, Maker):
        post_delete.connect(listing_text_changed, sender=_model,
                            dispatch_uid=f"catalogue.search.{_model.__name__}.deleted")
