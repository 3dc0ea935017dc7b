from django.urls import path
from oscar.apps.checkout import apps
from oscar.core.loading import get_class


class CheckoutConfig(apps.CheckoutConfig):
    """Oscar's checkout, forked: age confirmation, stock held under row locks, the demo gateway or Stripe."""

    name = "storefront.shop.checkout"

    def ready(self):
        super().ready()
        self.pay_view = get_class("checkout.views", "PayView")
        self.payment_status_view = get_class("checkout.views", "payment_status")

    def get_urls(self):
        urls = super().get_urls()
        urls += self.post_process_urls([
            path("pay/<str:order_number>/", self.pay_view.as_view(), name="pay"),
            path("payment-status/", self.payment_status_view, name="payment-status"),
        ])
        return urls
