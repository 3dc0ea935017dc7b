"""A buyer's account pages: Oscar's, with a page for an order line's address."""

from django.shortcuts import get_object_or_404, redirect
from oscar.apps.customer import views
from oscar.core.loading import get_model

Order = get_model("order", "Order")


class OrderLineView(views.OrderLineView):
    """Oscar's "buy again" form for one line posts here, but the address had no page (a GET found no template). The
    line is shown on its order's page, so a GET goes there. Only the buyer's own order and one of its lines are
    found: anything else answers 404, by GET and POST alike."""

    def get_object(self, queryset=None):
        order = get_object_or_404(Order, user=self.request.user, number=self.kwargs["order_number"])
        return get_object_or_404(order.lines.select_related("order"), id=self.kwargs["line_id"])

    def get(self, request, *args, **kwargs):
        return redirect("customer:order", order_number=self.get_object().order.number)
