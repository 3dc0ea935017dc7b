"""Stock alerts: Oscar's views, for products in the shop only."""

from oscar.apps.customer.alerts import views
from oscar.core.loading import get_model

from catalogue.views import InShopRequired

Product = get_model("catalogue", "Product")


class ProductAlertListView(views.ProductAlertListView):
    def get_queryset(self):
        return super().get_queryset().filter(product__in=Product.objects.in_shop())


class ProductAlertCreateView(InShopRequired, views.ProductAlertCreateView):
    product_kwarg = "pk"
