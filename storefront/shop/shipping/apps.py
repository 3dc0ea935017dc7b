from oscar.apps.shipping import apps


class ShippingConfig(apps.ShippingConfig):
    """Oscar's shipping app, forked for the shop's delivery methods per product line."""

    name = "storefront.shop.shipping"
