"""Order dashboard views scoped by workshop.

Oscar lets a partner user open any order that has one of their lines, and then shows every line of it (trap 5).
Here an instructor sees only orders holding a line of a workshop they run, and in those orders only their own
lines: the list of lines, the line actions and the line pages all go through ``lines_for``. Co-op admins and
staff see everything, as in Oscar.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from oscar.apps.dashboard.orders import views
from oscar.core.loading import get_model

from makers.access import sees_every_workshop, workshops_for
from storefront.csv_safe import safe_cell

Order = get_model("order", "Order")
Line = get_model("order", "Line")


def orders_for(user):
    """Orders holding at least one line of a workshop the user looks after (every order for co-op admins)."""
    orders = Order._default_manager.select_related("billing_address", "shipping_address", "user")
    if sees_every_workshop(user):
        return orders
    return orders.filter(lines__partner__workshop__in=workshops_for(user)).distinct()


def lines_for(user, order):
    """The lines of ``order`` the user may see: their own workshops' (all of them for co-op admins)."""
    lines = order.lines.all()
    if sees_every_workshop(user):
        return lines
    return lines.filter(partner__workshop__in=workshops_for(user))


class OrderListView(views.OrderListView):
    def scope(self):
        self.base_queryset = orders_for(self.request.user).order_by("-date_placed")

    def get(self, request, *args, **kwargs):
        """The list; as CSV (``?response_format=csv``) it is Oscar's download of whole orders: admins only."""
        if self.is_csv_download():
            self.refuse_whole_orders(request.user)
        self.scope()
        return super().get(request, *args, **kwargs)

    def post(self, request, *args, **kwargs):
        """The only list action is Oscar's CSV of whole orders, with every workshop's lines and totals: admins only."""
        self.refuse_whole_orders(request.user)
        self.scope()
        return super().post(request, *args, **kwargs)

    @staticmethod
    def refuse_whole_orders(user):
        """Whole orders hold other workshops' lines and the buyers' emails: only co-op admins download them."""
        if not sees_every_workshop(user):
            raise PermissionDenied("Only co-op admins download whole orders.")

    def get_row_values(self, order):
        """A row of the orders CSV, its cells safe to open in a spreadsheet (a buyer types their own name)."""
        return {column: safe_cell(value) for column, value in super().get_row_values(order).items()}


class OrderDetailView(views.OrderDetailView):
    def get_object(self, queryset=None):
        return get_object_or_404(orders_for(self.request.user), number=self.kwargs["number"])

    def get_order_lines(self):
        return lines_for(self.request.user, self.object)

    def get_context_data(self, **kwargs):
        """An instructor's money figure is the sum of their own lines, never the whole order's total (trap 5)."""
        ctx = super().get_context_data(**kwargs)
        ctx["own_lines_total"] = sum((line.line_price_before_discounts_incl_tax for line in ctx["lines"]), Decimal(0))
        return ctx


class LineDetailView(views.LineDetailView):
    def get_object(self, queryset=None):
        order = get_object_or_404(orders_for(self.request.user), number=self.kwargs["number"])
        try:
            return lines_for(self.request.user, order).get(pk=self.kwargs["line_id"])
        except Line.DoesNotExist:
            raise Http404("No such line in your workshop's part of this order")


class ShippingAddressUpdateView(views.ShippingAddressUpdateView):
    def get_object(self, queryset=None):
        order = get_object_or_404(orders_for(self.request.user), number=self.kwargs["number"])
        return get_object_or_404(self.model, order=order)
