"""A buyer pays by card through a real, local Stripe API server (localstripe), and a co-op admin refunds the order.

The shop talks to localstripe as it would to Stripe (``STRIPE_API_BASE``), the payment page loads localstripe's
Stripe.js (``STRIPE_JS_URL``), and localstripe's signed webhooks reach /webhooks/stripe/ (fixtures in conftest.py).
Nothing is faked in the shop: the PaymentIntent, the card payment, its 3-D Secure step, the refund and both events
cross real HTTP between the browser, the shop's server and localstripe.
"""

import re
import time

import pytest
import stripe
from django.db.models import Sum
from oscar.core.loading import get_model

from payouts.models import Entry
from payouts.models import Transaction as LedgerTransaction
from storefront.shop.gateways import pence
from storefront.shop.models import BuyerRefund, StripeEvent
from tests.e2e.test_checkout import add_first_of, check_out_as_guest, leave_no_trace  # noqa: F401  (a fixture)
from tests.e2e.test_payouts import ADMINS, forget_audit, sign_in  # noqa: F401  (a fixture)

# PostgreSQL: the test reads the order while the shop's server and localstripe are still writing to it; inside the
# test's transaction SQLite keeps showing the test what it saw first, so the event and the payment would never appear.
pytestmark = [pytest.mark.browser, pytest.mark.postgres, pytest.mark.django_db]
Order = get_model("order", "Order")
NEEDS_3D_SECURE = "4000002500003155"  # Stripe's test card that asks for authentication (localstripe knows it too)


def eventually(check, what, log, timeout=20):
    """Wait for `check()` to be true: Stripe's events arrive a moment after the step that caused them."""
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"{what} did not happen; localstripe's log ends:\n{log.read_text()[-3000:]}")
        time.sleep(0.25)


def balances_by_account(transactions):
    """What these ledger transactions put in each account, in pence (a debit is negative)."""
    rows = (Entry.objects.filter(transaction__in=transactions).values("account__key")
            .annotate(total=Sum("amount")).order_by("account__key"))
    return {row["account__key"]: row["total"] for row in rows}


def test_a_card_payment_and_its_refund_round_trip_through_a_local_stripe(
        stripe_shop_url, localstripe, browser, leave_no_trace, forget_audit):  # noqa: F811
    api = stripe.StripeClient("sk_test_e2e", base_addresses={"api": localstripe.url})
    buyer = browser.new_context()
    page = buyer.new_page()
    add_first_of(page, stripe_shop_url, "Textiles")
    add_first_of(page, stripe_shop_url, "Art")
    check_out_as_guest(page, stripe_shop_url, "card-buyer@example.org")
    page.wait_for_url(re.compile(r"/checkout/shipping-method/"))
    page.locator("form:has(input[name=method_code]) [type=submit]").first.click()
    page.wait_for_url(re.compile(r"/checkout/payment-details/"))
    assert page.locator("#stripe-gateway").is_visible()
    page.locator("#view_preview").click()
    page.wait_for_url(re.compile(r"/checkout/preview/"))
    page.locator("#place-order").click()

    # The payment page: the PaymentIntent was made on localstripe, and its Stripe.js shows the card fields.
    page.wait_for_url(re.compile(r"/checkout/pay/\d+/"))
    number = re.search(r"/checkout/pay/(\d+)/", page.url).group(1)
    order = Order.objects.get(number=number)
    intent = api.v1.payment_intents.retrieve(order.sources.get().reference)
    assert intent.amount == pence(order.total_incl_tax) and intent.currency == "gbp"
    assert intent.metadata["order_number"] == number and intent.status == "requires_payment_method"
    # Placing the order and showing its payment page each asked for the payment, with the same idempotency key.
    made = [made.id for made in api.v1.payment_intents.list(params={"limit": 100}).data
            if made.metadata.to_dict().get("order_number") == number]
    assert made == [intent.id]
    card = page.locator("#payment-element")
    for field, value in (("number", NEEDS_3D_SECURE), ("exp_month", "12"), ("exp_year", "34"), ("cvc", "123"),
                         ("postal_code", "LS1 4AP")):
        card.get_by_placeholder(field, exact=True).fill(value)
    page.locator("#pay").click()
    page.get_by_role("button", name="Complete authentication").click()  # localstripe's 3-D Secure step

    # Back on the confirmation page, which says the payment is confirmed once the signed event has been applied. The
    # server answers one request at a time, so by then the event's request, with the allocation and fee, is over.
    page.wait_for_url(re.compile(r"/checkout/thank-you/"))
    page.locator("#payment-status", has_text="Paid").wait_for(timeout=20000)  # not a string to eval: the CSP refuses it
    intent = api.v1.payment_intents.retrieve(intent.id, params={"expand": ["latest_charge.balance_transaction"]})
    assert intent.status == "succeeded"
    paid = StripeEvent.objects.get(type="payment_intent.succeeded", order_number=number)
    assert paid.status == StripeEvent.APPLIED and paid.payload["data"]["object"]["id"] == intent.id
    order.refresh_from_db()
    assert order.status == "Paid"
    lines = list(order.lines.all())
    assert len(lines) == 2
    for line in lines:
        sale, = LedgerTransaction.objects.filter(kind=LedgerTransaction.SALE, line_id=line.pk)
        shares = balances_by_account([sale])
        assert sum(shares.values()) == 0, shares  # balanced
        assert Entry.objects.filter(transaction=sale).exclude(bucket="").exists()  # shared out into the buckets
    # Stripe's fee, as localstripe's balance transaction for the charge says, is the co-op's cost, posted once.
    fee, = LedgerTransaction.objects.filter(kind=LedgerTransaction.FEE, order_id=order.pk)
    assert fee.idempotency_key == f"fee:{intent.latest_charge.balance_transaction.id}"
    assert balances_by_account([fee])["payment_fees"] == -intent.latest_charge.balance_transaction.fee
    buyer.close()

    # A co-op admin refunds the whole order from the dashboard; the ledger moves when localstripe's event says so.
    admin = browser.new_context()
    page = admin.new_page()
    sign_in(page, stripe_shop_url, *ADMINS[0])
    page.goto(f"{stripe_shop_url}/dashboard/orders/{number}/refund/")
    page.get_by_role("button", name="Refund the whole order").click()
    page.wait_for_url(re.compile(rf"/dashboard/orders/{number}/$"))
    refund = BuyerRefund.objects.get(order=order)
    assert f"sent to the payment gateway ({refund.reference})" in page.inner_text("body")
    on_stripe = api.v1.refunds.retrieve(refund.reference)
    assert on_stripe.amount == refund.amount == pence(order.total_incl_tax) and on_stripe.status == "succeeded"
    assert on_stripe.payment_intent == intent.id and on_stripe.metadata["order_number"] == number
    eventually(lambda: Order.objects.get(pk=order.pk).status == "Refunded", "the refund's event", localstripe.log)
    refunded = StripeEvent.objects.get(type="charge.refunded", order_number=number)
    assert refunded.status == StripeEvent.APPLIED
    assert refunded.payload["data"]["object"]["id"] == intent.latest_charge.id
    refund.refresh_from_db()
    assert refund.settled_at is not None
    for line in lines:
        sale_and_refund = LedgerTransaction.objects.filter(line_id=line.pk)
        assert set(sale_and_refund.values_list("kind", flat=True)) == {LedgerTransaction.SALE, LedgerTransaction.REFUND}
        assert set(balances_by_account(sale_and_refund).values()) == {0}, "every bucket of the line back to zero"
    admin.close()
