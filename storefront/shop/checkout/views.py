"""The payment step of Oscar's checkout, for the demo gateway and Stripe alike.

The order is placed first, as "Pending payment", in one transaction that locks and holds its stock; only then does
payment start. So two buyers of the last piece never both pay: the second is told it has sold out before paying.
"""

from django import http
from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.db.models import prefetch_related_objects
from django.shortcuts import redirect
from django.urls import reverse
from django.views import generic
from django.views.decorators.http import require_GET
from oscar.apps.checkout import views
from oscar.apps.order.exceptions import UnableToPlaceOrder
from oscar.core.loading import get_model

from storefront.shop import age, pipeline
from storefront.shop.gateways import gateway, pence
from storefront.shop.models import AgeCheck
from storefront.shop.shipping.methods import ID_CHECK_NOTE

Order = get_model("order", "Order")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

PRICE_CHANGED = ("A price in your basket has changed since you reviewed your order, so nothing has been charged. "
                 "Please check the new total and place your order again.")


class PaymentDetailsView(views.PaymentDetailsView):
    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx["gateway"] = gateway()
        ctx["age_restricted"] = age.basket_is_age_restricted(self.request.basket)
        if ctx["age_restricted"]:
            ctx.setdefault("age_form", age.AgeConfirmationForm())
            ctx["date_of_birth"] = age.stored_date_of_birth(self.request.session)
        if "order_total" in ctx and ctx["order_total"] is not None:
            ctx["total_pence"] = pence(ctx["order_total"].incl_tax)
        return ctx

    def handle_payment_details_submission(self, request):
        if age.basket_is_age_restricted(request.basket):
            form = age.AgeConfirmationForm(request.POST)
            if not form.is_valid():
                return self.render_payment_details(request, age_form=form)
            age.store(request.session, form.cleaned_data)
        return self.render_preview(request)

    def handle_place_order_submission(self, request):
        if age.basket_is_age_restricted(request.basket) and not age.stored_date_of_birth(request.session):
            messages.error(request, "Please confirm you are 18 or over before paying: your basket has beer in it.")
            return redirect("checkout:payment-details")
        submission = self.build_submission()
        if request.POST.get("total_pence") != str(pence(submission["order_total"].incl_tax)):
            return self.render_preview(request, error=PRICE_CHANGED)
        return self.submit(**submission)

    def place_order(self, order_number, user, basket, shipping_address, shipping_method, shipping_charge,
                    order_total, **kwargs):
        """Place the order as pending payment, holding its stock under row locks in the same transaction."""
        restricted = age.basket_is_age_restricted(basket)
        born = age.stored_date_of_birth(self.request.session)
        if restricted and born is None:
            raise UnableToPlaceOrder("Please confirm you are 18 or over before paying: your basket has beer in it.")
        if restricted and not getattr(shipping_method, "age_checked", False):
            raise UnableToPlaceOrder("Beer can only travel with our ID-checking courier: please choose it again.")
        source_type, _ = SourceType.objects.get_or_create(code=gateway().code, defaults={"name": gateway().name})
        self.add_payment_source(Source(source_type=source_type, currency=order_total.currency,
                                       amount_allocated=order_total.incl_tax))
        with transaction.atomic():
            pipeline.hold_stock(basket)
            order = super().place_order(order_number, user, basket, shipping_address, shipping_method,
                                        shipping_charge, order_total, status=pipeline.PENDING, **kwargs)
            order.lines.update(status=pipeline.PENDING)
            if restricted:
                AgeCheck.objects.create(order=order, date_of_birth=born)
                pipeline.note(order, ID_CHECK_NOTE)
        return order

    def handle_successful_order(self, order):
        """Start payment. The confirmation email is sent by the pipeline once the payment is confirmed."""
        self.checkout_session.flush()
        self.request.session.pop(age.SESSION_KEY, None)
        self.request.session["checkout_order_id"] = order.id
        started = start_payment(order)
        if started.paid and gateway().is_demo:
            pipeline.on_payment_confirmed(order, started.reference, pence(order.total_incl_tax))
            response = http.HttpResponseRedirect(self.get_success_url())
        else:
            response = redirect("checkout:pay", order_number=order.number)
        self.send_signal(self.request, response, order)
        return response


class ThankYouView(views.ThankYouView):
    """Oscar's confirmation page, with the order's lines, products, pictures and payment loaded in bulk."""

    def get_object(self, queryset=None):
        order = super().get_object(queryset)
        if order is not None:
            prefetch_related_objects([order], "shipping_address__country", "sources__source_type", "age_check",
                                     "lines__product__images", "lines__attributes")
        return order


@require_GET
def payment_status(request):
    """Where the payment of this session's last order stands, for its confirmation page to update itself.

    Stripe reports a payment by webhook, which a worker applies a moment after the buyer is back from the payment
    page; the page asks here every few seconds instead of leaving the buyer to reload it. Only the order this browser
    placed is answered (by its session), and only its status, never its contents.
    """
    order = Order.objects.filter(pk=request.session.get("checkout_order_id")).only("status").first()
    if order is None:
        return http.JsonResponse({"error": "No order was placed in this browser session."}, status=404)
    response = http.JsonResponse({"status": order.status, "waiting": order.status == pipeline.PENDING})
    response["Cache-Control"] = "no-store"
    return response


def start_payment(order):
    """Ask the gateway for a payment of the order's total; idempotent per order, so a reload never charges twice."""
    source = order.sources.get()
    started = gateway().start_payment(order, pence(order.total_incl_tax))
    if source.reference != started.reference:
        source.reference = started.reference
        source.save(update_fields=["reference"])
    return started


class PayView(generic.TemplateView):
    """Stripe's Payment Element for an order placed by this session and still waiting for its payment."""

    template_name = "oscar/checkout/pay.html"

    def get(self, request, order_number):
        order = Order.objects.filter(number=order_number, pk=request.session.get("checkout_order_id")).first()
        if order is None:
            messages.error(request, "That payment page has expired. Your basket is still here to try again.")
            return redirect("basket:summary")
        if order.status != pipeline.PENDING:
            if order.status == pipeline.CANCELLED:
                messages.error(request, f"Order {order.number} was cancelled because it was not paid in time; "
                                        "no money was taken.")
                return redirect("basket:summary")
            return redirect("checkout:thank-you")
        started = start_payment(order)
        return self.render_to_response(self.get_context_data(
            order=order, client_secret=started.client_secret, publishable_key=settings.STRIPE_PUBLISHABLE_KEY,
            stripe_js_url=settings.STRIPE_JS_URL,
            return_url=request.build_absolute_uri(reverse("checkout:thank-you"))))
