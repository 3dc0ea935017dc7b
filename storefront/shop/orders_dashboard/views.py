"""Order dashboard views scoped by workshop.

Oscar lets a partner user open any order that has one of their lines, and then shows every line of it (trap 5).
Here an instructor sees only orders holding a line of a workshop they run, and in those orders only their own
lines: the list of lines, the line actions and the line pages all go through ``lines_for``. Co-op admins and
staff see everything, as in Oscar. Notes and the delivery address are changed through ``order_changes``, which
says who may change which and writes the audit log.
"""

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from oscar.apps.dashboard.orders import views
from oscar.core.loading import get_model

from makers.access import sees_every_workshop, workshops_for
from storefront.csv_safe import safe_cell
from storefront.shop import order_changes

Order = get_model("order", "Order")
Line = get_model("order", "Line")
OrderNote = get_model("order", "OrderNote")


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
        """An instructor's money figure is the sum of their own lines, never the whole order's total (trap 5); each
        note comes with what this user may do with it, and the address with why they may not change it, if so."""
        ctx = super().get_context_data(**kwargs)
        ctx["own_lines_total"] = sum((line.line_price_before_discounts_incl_tax for line in ctx["lines"]), Decimal(0))
        user = self.request.user
        ctx["order_notes"] = []
        for note in self.object.notes.select_related("user"):
            manages = order_changes.may_manage_note(user, note)
            ctx["order_notes"].append((note, manages and note.is_editable(), manages))
        ctx["address_refused"] = ("" if order_changes.may_change_address(user, self.object)
                                  else order_changes.NOT_YOUR_ADDRESS)
        return ctx

    def get_order_note_form(self):
        """Oscar's note form; at a note's own address (to edit it) only for someone who may manage that note."""
        if note_id := self.kwargs.get("note_id"):
            note = get_object_or_404(OrderNote, order=self.object, id=note_id)
            if not order_changes.may_manage_note(self.request.user, note):
                raise PermissionDenied(order_changes.NOT_YOUR_NOTE)
        return super().get_order_note_form()

    def save_note(self, request, order):
        form = self.get_order_note_form()
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(note_form=form, active_tab="notes"))
        if form.instance.pk:
            order_changes.edit_note(form.instance, request.user, form.cleaned_data["message"])
        else:
            order_changes.add_note(order, request.user, form.cleaned_data["message"])
        messages.success(request, "Note saved")
        return self.reload_page(fragment="notes")

    def delete_note(self, request, order):
        note_id = request.POST.get("note_id", "")
        if not note_id.isdigit():
            raise Http404("No such note")
        note = get_object_or_404(OrderNote, order=order, id=note_id)
        order_changes.delete_note(note, request.user)
        messages.info(request, "Note deleted")
        return self.reload_page(fragment="notes")


class LineDetailView(views.LineDetailView):
    def get_object(self, queryset=None):
        order = get_object_or_404(orders_for(self.request.user), number=self.kwargs["number"])
        try:
            return lines_for(self.request.user, order).get(pk=self.kwargs["line_id"])
        except Line.DoesNotExist:
            raise Http404("No such line in your workshop's part of this order")


class ShippingAddressUpdateView(views.ShippingAddressUpdateView):
    def get_object(self, queryset=None):
        """The address of an order the user sees, if they may change it (``order_changes``): GET and POST alike."""
        order = get_object_or_404(orders_for(self.request.user), number=self.kwargs["number"])
        if not order_changes.may_change_address(self.request.user, order):
            raise PermissionDenied(order_changes.NOT_YOUR_ADDRESS)
        return get_object_or_404(self.model, order=order)

    def form_valid(self, form):
        order_changes.change_shipping_address(self.object.order, self.request.user, form.cleaned_data)
        return HttpResponseRedirect(self.get_success_url())
