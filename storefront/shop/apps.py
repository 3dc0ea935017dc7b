from django.apps import AppConfig
from django.db.models.signals import post_migrate


class ShopConfig(AppConfig):
    """Checkout, payments, Stripe webhooks and the order pipeline (issue 4); Oscar's forked apps sit beside it."""

    name = "storefront.shop"
    label = "shop"
    verbose_name = "Shop: payments and orders"

    def ready(self):
        post_migrate.connect(ship_to_the_uk, sender=self)


def ship_to_the_uk(**kwargs):
    """The shop ships within the UK: Great Britain is the one shipping country, so addresses default to it."""
    from oscar.core.loading import get_model

    Country = get_model("address", "Country")
    Country.objects.update_or_create(
        iso_3166_1_a2="GB",
        defaults={"iso_3166_1_a3": "GBR", "iso_3166_1_numeric": "826", "printable_name": "United Kingdom",
                  "name": "United Kingdom of Great Britain and Northern Ireland", "is_shipping_country": True,
                  "display_order": 1},
    )
