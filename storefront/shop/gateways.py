"""Payment gateways: Stripe when its keys are set, otherwise the clearly labelled demo gateway.

Both take payment for an order that already exists (placed as "Pending payment" with its stock held), and both end in
``pipeline.on_payment_confirmed``: the demo gateway at once, Stripe when its webhook says the PaymentIntent succeeded.
Every call that moves money carries our own idempotency key, so a double submit or a retried task never charges or
refunds twice.
"""

import datetime
from dataclasses import dataclass

import stripe
from django.conf import settings


def pence(amount):
    """Oscar's two-place Decimal as integer pence."""
    return int(amount * 100)


@dataclass
class Started:
    reference: str
    client_secret: str = ""
    paid: bool = False


@dataclass
class Fee:
    """What the gateway kept for taking a payment or handling a dispute (negative pence: what it gave back): its own
    reference for the fee, the pence, currency and when."""

    reference: str
    pence: int
    currency: str
    at: datetime.datetime


class FeeNotSettled(Exception):
    """The gateway has not worked out the fee yet (no charge or balance transaction on the payment): try later."""


class DemoGateway:
    """Takes no money: every payment and refund succeeds at once. Used only when no Stripe keys are set."""

    code = "demo"
    name = "Demo gateway"
    is_demo = True

    def start_payment(self, order, amount):
        return Started(reference=f"demo_pi_{order.number}", paid=True)

    def refund(self, order, payment_reference, amount, idempotency_key, metadata):
        return f"demo_re_{idempotency_key}"

    def cancel(self, payment_reference):
        return True

    def payment_fee(self, payment_reference):
        """No money is taken, so there is no fee to record."""
        return None


class StripeGateway:
    """Stripe PaymentIntents, confirmed in the browser by the Payment Element and reported by webhook."""

    code = "stripe"
    name = "Stripe"
    is_demo = False

    def start_payment(self, order, amount):
        intent = stripe_client().v1.payment_intents.create(
            params={
                "amount": amount, "currency": order.currency.lower(),
                "automatic_payment_methods": {"enabled": True},
                "metadata": {"order_number": order.number},
                "description": f"Through the Gate order {order.number}",
                "receipt_email": order.email or None,
            },
            options={"idempotency_key": f"ttg-order-{order.number}-payment"},
        )
        return Started(reference=intent.id, client_secret=intent.client_secret, paid=intent.status == "succeeded")

    def refund(self, order, payment_reference, amount, idempotency_key, metadata):
        refund = stripe_client().v1.refunds.create(
            params={"payment_intent": payment_reference, "amount": amount,
                    "metadata": {"order_number": order.number, **metadata}},
            options={"idempotency_key": idempotency_key},
        )
        return refund.id

    def payment_fee(self, payment_reference):
        """The fee Stripe kept for a succeeded PaymentIntent, read from its charge's balance transaction.

        The payment_intent.succeeded event does not carry the fee, so this asks Stripe (one GET, expanding the latest
        charge and its balance transaction); it runs in a task, never in the webhook request. Raises FeeNotSettled
        while Stripe has no balance transaction for the charge yet.
        """
        intent = stripe_client().v1.payment_intents.retrieve(
            payment_reference, params={"expand": ["latest_charge.balance_transaction"]})
        charge = getattr(intent, "latest_charge", None)
        settled = getattr(charge, "balance_transaction", None) if charge and not isinstance(charge, str) else None
        if not settled or isinstance(settled, str):
            raise FeeNotSettled(f"PaymentIntent {payment_reference} has no balance transaction yet")
        return fee_of(settled.to_dict())

    def cancel(self, payment_reference):
        """Cancel an abandoned PaymentIntent; False if it can no longer be cancelled (it succeeded meanwhile)."""
        try:
            stripe_client().v1.payment_intents.cancel(
                payment_reference, options={"idempotency_key": f"ttg-cancel-{payment_reference}"})
        except stripe.InvalidRequestError:
            return False
        return True


def dispute_fees(dispute):
    """The fees in a Stripe dispute's balance transactions: what Stripe kept when the dispute opened and, when it is
    won, any fee it gave back (a negative fee on the reinstating transaction). The dispute object in the webhook's
    event carries them, so nothing is asked of Stripe."""
    return [fee_of(entry, created=dispute["created"])
            for entry in dispute.get("balance_transactions") or () if isinstance(entry, dict) and entry.get("id")]


def fee_of(balance_transaction, created=None):
    """The Fee in a Stripe balance transaction (a plain dict): its id, fee, currency and time (else `created`)."""
    return Fee(reference=balance_transaction["id"], pence=balance_transaction.get("fee") or 0,
               currency=balance_transaction.get("currency") or "",
               at=datetime.datetime.fromtimestamp(balance_transaction.get("created") or created, datetime.UTC))


def http_client():
    """stripe-python's own HTTP client by default; the tests replace this to fake Stripe at the HTTP boundary."""
    return None


def stripe_client():
    """Stripe's API at STRIPE_API_BASE (Stripe's own, or a Stripe-compatible server such as localstripe)."""
    return stripe.StripeClient(settings.STRIPE_SECRET_KEY, base_addresses={"api": settings.STRIPE_API_BASE},
                               http_client=http_client(), max_network_retries=2)


def gateway():
    return StripeGateway() if settings.STRIPE_SECRET_KEY else DemoGateway()


def gateway_for(source_type_code):
    """The gateway an order was paid through (refunds go back the same way)."""
    return DemoGateway() if source_type_code == DemoGateway.code else StripeGateway()
