"""What the checkout records beside Oscar's orders: age checks, Stripe events, buyer refunds, workshop notices."""

from django.conf import settings
from django.db import models


class AgeCheck(models.Model):
    """The buyer's 18+ confirmation for an order with age-restricted goods; the courier checks ID on delivery."""

    order = models.OneToOneField("order.Order", on_delete=models.CASCADE, related_name="age_check")
    date_of_birth = models.DateField()
    confirmed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"18+ confirmed for order {self.order_id}"


class StripeEvent(models.Model):
    """One Stripe webhook event: the unique event id makes every event apply at most once.

    The webhook records a verified event as "received" and queues it; a worker applies it, turning "received" into its
    outcome in the same transaction as the event's effects, with the row locked, so an event is applied once however
    often it is delivered or queued. An event that depends on one not yet seen (a refund before the payment) is kept
    as deferred and applied once its order is paid. A payment for no payable order that the shop cannot give back
    itself (no Stripe API key) is kept as a refund due, for a person to make in Stripe's dashboard.
    """

    RECEIVED, APPLIED, IGNORED, DEFERRED = "received", "applied", "ignored", "deferred"
    REFUND_DUE = "refund_due"
    STATUS_CHOICES = [(RECEIVED, "Received, to be applied"), (APPLIED, "Applied"),
                      (IGNORED, "Acknowledged and ignored"), (DEFERRED, "Waiting for its order"),
                      (REFUND_DUE, "Paid for no order: refund it in Stripe")]

    event_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    status = models.CharField(max_length=10, choices=STATUS_CHOICES)
    order_number = models.CharField(max_length=128, blank=True, db_index=True)
    payload = models.JSONField(help_text="The verified event, as Stripe sent it.")
    received_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["order_number", "status"]),
            # The sweep's question, "what is still waiting to be applied?", over a table that only grows.
            models.Index(fields=["received_at"], condition=models.Q(status="received"), name="shop_stripeevent_waiting"),
        ]

    def __str__(self):
        return f"{self.type} {self.event_id} ({self.status})"


class BuyerRefund(models.Model):
    """Money given back to a buyer, split over the order's lines (and shipping) in pence.

    Asked for from the dashboard (or noticed in a Stripe event when refunded elsewhere); it is "settled" when the
    gateway confirms it, which is when the payout ledger is reversed.
    """

    order = models.ForeignKey("order.Order", on_delete=models.PROTECT, related_name="buyer_refunds")
    amount = models.PositiveIntegerField(help_text="Pence, VAT included.")
    lines = models.JSONField(help_text='Pence per order line id, and "shipping".')
    reference = models.CharField(max_length=255, blank=True, help_text="The gateway's refund id.")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(auto_now_add=True)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return f"Refund of {self.amount}p on order {self.order_id}"


class FulfilmentNotice(models.Model):
    """A workshop has been told about its own lines of a paid order; the unique pair makes retries send once."""

    order = models.ForeignKey("order.Order", on_delete=models.CASCADE, related_name="fulfilment_notices")
    partner = models.ForeignKey("partner.Partner", on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["order", "partner"], name="one_notice_per_workshop_and_order")]
