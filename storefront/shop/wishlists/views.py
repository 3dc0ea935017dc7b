"""The shared page of a wish list: Oscar's, showing only the products still in the shop."""

from django.core.paginator import Paginator
from oscar.apps.wishlists import views
from oscar.core.loading import get_model

Product = get_model("catalogue", "Product")


def lines_in_shop(wishlist):
    """The lines of a wish list whose product is in the shop: one taken down since it was added is not shown (to its
    owner either), and comes back if the listing returns to the shop."""
    return wishlist.lines.filter(product__in=Product.objects.in_shop()).order_by("pk")


class WishListView(views.WishListView):
    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        paginator = Paginator(lines_in_shop(self.object), ctx["paginator"].per_page)
        ctx["paginator"], ctx["page_obj"] = paginator, paginator.get_page(self.request.GET.get("page"))
        return ctx
