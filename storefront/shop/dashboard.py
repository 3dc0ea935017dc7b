"""Pages beside Oscar's order dashboard: refunding an order (staff), printing its packing slip (staff, and an
instructor for their own workshop's lines, scoped as the order dashboard is) and Stripe's events (co-op admins)."""

from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.views import View
from django.views.generic import ListView
from oscar.core.loading import get_model

from storefront.dashboard import RoleRequired
from storefront.shop import age
from storefront.shop.gateways import pence
from storefront.shop.models import StripeEvent
from storefront.shop.orders_dashboard.views import lines_for, orders_for
from storefront.shop.refunds import SHIPPING, RefundNotPossible, refundable, request_refund
from storefront.shop.shipping.methods import ID_CHECK_NOTE

Order = get_model("order", "Order")


@method_decorator(staff_member_required, name="dispatch")
class RefundView(View):
    """Refund a whole order or chosen lines and quantities through the gateway it was paid with."""

    template_name = "oscar/checkout/dashboard/refund.html"

    def get(self, request, number):
        order = get_object_or_404(Order, number=number)
        return render(request, self.template_name, self.context(order))

    def post(self, request, number):
        order = get_object_or_404(Order, number=number)
        whole = request.POST.get("whole_order") == "1"
        quantities = {}
        for line in order.lines.all():
            raw = request.POST.get(f"quantity_{line.pk}", "0")
            try:
                quantity = line.quantity if whole else int(raw or 0)
            except ValueError:
                quantity = -1
            if not 0 <= quantity <= line.quantity:
                messages.error(request, f"Choose between 0 and {line.quantity} for “{line.title}”.")
                return render(request, self.template_name, self.context(order), status=400)
            if quantity:
                quantities[str(line.pk)] = quantity
        try:
            refund = request_refund(order, quantities, whole or request.POST.get("shipping") == "1", request.user)
        except RefundNotPossible as problem:
            messages.error(request, str(problem))
            return render(request, self.template_name, self.context(order), status=400)
        messages.success(
            request, f"Refund of £{refund.amount / 100:.2f} sent to the payment gateway ({refund.reference}).")
        return redirect(reverse("dashboard:order-detail", kwargs={"number": order.number}))

    @staticmethod
    def context(order):
        left = refundable(order)
        lines = [(line, left[str(line.pk)] / 100) for line in order.lines.all()]
        return {"order": order, "lines": lines, "shipping_left": left[SHIPPING] / 100,
                "total_left": sum(v for v in left.values()) / 100, "paid": pence(order.total_incl_tax) / 100}


@login_required(login_url=reverse_lazy("customer:login"))
def packing_slip(request, number):
    """The slip for the parcel a workshop packs: an instructor's shows only their workshop's lines (another
    workshop's order is not found); the courier's ID-check instruction is printed when those lines hold beer."""
    order = get_object_or_404(orders_for(request.user), number=number)
    lines = lines_for(request.user, order)
    if request.GET.get("partner"):
        lines = lines.filter(partner_id=request.GET["partner"])
    age_checked = hasattr(order, "age_check") and age.lines_are_age_restricted(lines)
    return render(request, "oscar/checkout/dashboard/packing_slip.html", {
        "order": order, "lines": lines, "id_check_note": ID_CHECK_NOTE if age_checked else ""})


class StripeEventsView(RoleRequired, ListView):
    """Stripe's events as the shop recorded them, those still waiting first: "received" (queued for a worker; the
    sweep queues it again after five minutes, so one that stays here needs a person), "deferred" (a refund or
    dispute waiting for its payment) and "refund due" (money for no order that a person must give back in Stripe).
    Only the event's kind, status, order and times are shown: the event itself holds the buyer's card and billing
    details."""

    permission_required = "shop.view_stripeevent"
    template_name = "oscar/checkout/dashboard/stripe_events.html"
    context_object_name = "events"
    paginate_by = 50
    WAITING = "waiting"
    WAITING_STATUSES = (StripeEvent.RECEIVED, StripeEvent.DEFERRED, StripeEvent.REFUND_DUE)
    FILTERS = [(WAITING, "Waiting (received, deferred or refund due)"), *StripeEvent.STATUS_CHOICES, ("", "All")]

    def status(self):
        status = self.request.GET.get("status", self.WAITING)
        return status if status in dict(self.FILTERS) else self.WAITING

    def get_queryset(self):
        events = StripeEvent.objects.only("event_id", "type", "status", "order_number", "received_at", "applied_at")
        status = self.status()
        if status == self.WAITING:
            return events.filter(status__in=self.WAITING_STATUSES).order_by("received_at")
        return (events.filter(status=status) if status else events).order_by("-received_at")

    def get_context_data(self, **kwargs):
        return super().get_context_data(filters=self.FILTERS, status=self.status(), **kwargs)
