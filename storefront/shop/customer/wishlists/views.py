"""A buyer's own wish lists: Oscar's views, taking and showing only products in the shop."""

from oscar.apps.customer.wishlists import views

from catalogue.views import InShopRequired
from storefront.shop.wishlists.views import lines_in_shop


class WishListAddProduct(InShopRequired, views.WishListAddProduct):
    pass


class WishListCreateView(InShopRequired, views.WishListCreateView):
    """Also "create a list with this product" (``product_pk``)."""


class WishListDetailView(views.WishListDetailView):
    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"queryset": lines_in_shop(self.object)}
