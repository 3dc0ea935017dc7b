"""Oscar's basket views; adding takes only products in the shop."""

from oscar.apps.basket import views

from catalogue.views import InShopRequired


class BasketAddView(InShopRequired, views.BasketAddView):
    product_kwarg = "pk"
