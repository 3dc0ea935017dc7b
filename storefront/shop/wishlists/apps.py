from oscar.apps.wishlists import apps


class WishlistsConfig(apps.WishlistsConfig):
    """Oscar's wish lists, forked so a shared list shows only products in the shop."""

    name = "storefront.shop.wishlists"
