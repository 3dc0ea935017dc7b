"""The Stripe webhook, its events' screen and the staff pages of the shop app (mounted by storefront/urls.py)."""

from django.urls import path

from storefront.shop import dashboard, webhooks

urlpatterns = [
    path("webhooks/stripe/", webhooks.stripe_webhook, name="stripe-webhook"),
    path("dashboard/orders/<str:number>/refund/", dashboard.RefundView.as_view(), name="shop-order-refund"),
    path("dashboard/orders/<str:number>/packing-slip/", dashboard.packing_slip, name="shop-packing-slip"),
    path("dashboard/stripe-events/", dashboard.StripeEventsView.as_view(), name="stripe-events"),
]
