from oscar.apps.basket import apps


class BasketConfig(apps.BasketConfig):
    """Oscar's basket, forked so that a basket loads its lines with everything checkout reads from them at once."""

    name = "storefront.shop.basket"
