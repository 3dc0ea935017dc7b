"""Stripe faked at the HTTP boundary: stripe-python's own client code runs, only its HTTP client is replaced.

Responses are Stripe's published sample objects (tests/checkout/stripe_samples.json, from fixtures3.json) with the fields a test needs
changed; webhook bodies are signed with stripe-python's own signing code.
"""

import copy
import itertools
import json
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlparse

import stripe
from django.conf import settings

# A subset of ../shared/stripe/fixtures3.json kept beside the tests, so `make test` needs nothing outside the repository.
FIXTURES = json.loads((Path(__file__).with_name("stripe_samples.json")).read_text())["resources"]
_ids = itertools.count(1)


def sample(resource, **fields):
    """A fresh copy of Stripe's sample object for a resource, with `fields` changed."""
    return copy.deepcopy(FIXTURES[resource]) | fields


# Stripe's answer (401) to a request without a secret key.
NO_API_KEY = {"error": {"type": "invalid_request_error", "message": (
    "You did not provide an API key. You need to provide your API key in the Authorization header, using Bearer auth "
    "(e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, or "
    "we can help at https://support.stripe.com/.")}}


def _form(post_data):
    """Stripe's form encoding (metadata[order_number]=...) back into a flat dict."""
    return dict(parse_qsl(post_data or ""))


def stripe_fee(amount):
    """Stripe's UK card fee for `amount` pence (1.5% + 20p, rounded), what the fake keeps unless a test says otherwise."""
    return (amount * 15 + 500) // 1000 + 20


class FakeStripe(stripe.HTTPClient):
    """Answers PaymentIntent create/retrieve/cancel and Refund create like Stripe, including its idempotency keys.

    Retrieving a PaymentIntent answers it as succeeded, its latest charge and that charge's balance transaction
    expanded when asked (``expand[]``), keeping ``fees[intent id]`` pence (``stripe_fee`` by default); an intent in
    ``unsettled`` has a charge without a balance transaction yet.
    """

    name = "fake-stripe"

    def __init__(self):
        super().__init__()
        self.calls = []
        self.intents = {}
        self.refunds = {}
        self._replies = {}
        self.fail_cancel = set()
        self.fees = {}
        self.unsettled = set()

    def request(self, method, url, headers, post_data=None, *, _usage=None):
        parsed = urlparse(url)
        path, params = parsed.path, _form(post_data) | _form(parsed.query)
        self.calls.append((method.upper(), path, params, dict(headers or {})))
        if (headers or {}).get("Authorization", "").strip() == "Bearer":  # no secret key: Stripe refuses, as here
            return json.dumps(NO_API_KEY), 401, {"request-id": f"req_{next(_ids)}"}
        key = (headers or {}).get("Idempotency-Key")
        if key and key in self._replies:
            return self._replies[key]
        status, body = self.route(method.upper(), path, params)
        reply = (json.dumps(body), status, {"request-id": f"req_{next(_ids)}"})
        if key and status == 200:
            self._replies[key] = reply
        return reply

    def request_stream(self, *args, **kwargs):
        raise NotImplementedError

    def close(self):
        pass

    def route(self, method, path, params):
        if (method, path) == ("POST", "/v1/payment_intents"):
            n = next(_ids)
            intent = sample(
                "payment_intent", id=f"pi_test_{n}", amount=int(params["amount"]), currency=params["currency"],
                client_secret=f"pi_test_{n}_secret_x", status="requires_payment_method", canceled_at=None,
                last_payment_error=None, latest_charge=None, next_action=None, amount_received=0,
                metadata={k[9:-1]: v for k, v in params.items() if k.startswith("metadata[")})
            self.intents[intent["id"]] = intent
            return 200, intent
        if method == "GET" and path.startswith("/v1/payment_intents/"):
            intent_id = path.split("/")[3]
            if intent_id not in self.intents:
                return 404, {"error": {"type": "invalid_request_error", "code": "resource_missing",
                                       "message": f"No such payment_intent: '{intent_id}'"}}
            return 200, self.retrieved(self.intents[intent_id], [v for k, v in params.items() if k.startswith("expand[")])
        if method == "POST" and path.startswith("/v1/payment_intents/") and path.endswith("/cancel"):
            intent_id = path.split("/")[3]
            if intent_id in self.fail_cancel:
                return 400, {"error": {"type": "invalid_request_error", "code": "payment_intent_unexpected_state",
                                       "message": "This PaymentIntent's status is succeeded."}}
            self.intents[intent_id]["status"] = "canceled"
            return 200, self.intents[intent_id]
        if (method, path) == ("POST", "/v1/refunds"):
            refund = sample("refund", id=f"re_test_{next(_ids)}", payment_intent=params["payment_intent"],
                            amount=int(params.get("amount") or self.intents.get(params["payment_intent"], {})
                                       .get("amount", 0)), currency="gbp",
                            metadata={k[9:-1]: v for k, v in params.items() if k.startswith("metadata[")})
            self.refunds[refund["id"]] = refund
            return 200, refund
        return 404, {"error": {"type": "invalid_request_error", "message": f"Unknown {method} {path}"}}

    def retrieved(self, intent, expand):
        """The intent as Stripe shows it once paid, with its charge and balance transaction expanded as asked."""
        paid = succeeded(intent, charge_id=f"ch_of_{intent['id']}")
        if "latest_charge" not in expand and "latest_charge.balance_transaction" not in expand:
            return paid
        charge = charge_for(paid) | {"balance_transaction": None if intent["id"] in self.unsettled
                                     else f"txn_of_{intent['id']}"}
        if charge["balance_transaction"] and "latest_charge.balance_transaction" in expand:
            fee = self.fees.get(intent["id"], stripe_fee(intent["amount"]))
            charge["balance_transaction"] = sample(
                "balance_transaction", id=charge["balance_transaction"], amount=intent["amount"],
                currency=intent["currency"], fee=fee, net=intent["amount"] - fee, source=charge["id"],
                fee_details=[{"amount": fee, "application": None, "currency": intent["currency"],
                              "description": "Stripe processing fees", "type": "stripe_fee"}])
        return paid | {"latest_charge": charge}

    def created(self, path):
        return [params for method, p, params, _ in self.calls if p == path]


def event(type, obj, event_id=None):
    """A Stripe event around `obj`, from the published sample event."""
    return sample("event", id=event_id or f"evt_test_{next(_ids)}", type=type, created=int(time.time()),
                  api_version="2026-10-28", data={"object": obj})


def signed(body, secret=None, timestamp=None):
    """The Stripe-Signature header for `body`, computed by stripe-python's own signing code."""
    timestamp = int(time.time()) if timestamp is None else timestamp
    secret = secret or settings.STRIPE_WEBHOOK_SECRET
    signature = stripe.WebhookSignature._compute_signature(f"{timestamp}.{body}", secret)
    return f"t={timestamp},v1={signature}"


def post_event(client, evt, secret=None):
    body = json.dumps(evt)
    return client.post("/webhooks/stripe/", body, content_type="application/json",
                       HTTP_STRIPE_SIGNATURE=signed(body, secret))


def deliver(client, evt):
    """Post a signed event as Stripe does and return what became of it: the status of its record once applied (Celery
    runs eagerly in tests, so the event is applied before the answer), or the webhook's answer when nothing was
    recorded ("ignored", "duplicate")."""
    from storefront.shop.models import StripeEvent

    response = post_event(client, evt)
    assert response.status_code == 200, response.content
    answer = response.content.decode()
    return StripeEvent.objects.get(event_id=evt["id"]).status if answer == StripeEvent.RECEIVED else answer


def succeeded(intent, charge_id=None):
    return intent | {"status": "succeeded", "amount_received": intent["amount"],
                     "latest_charge": charge_id or f"ch_test_{next(_ids)}"}


def charge_for(intent, amount_refunded=0, charge_id=None):
    return sample("charge", id=charge_id or intent["latest_charge"], amount=intent["amount"],
                  amount_captured=intent["amount"], amount_refunded=amount_refunded, captured=True, currency="gbp",
                  payment_intent=intent["id"], refunded=amount_refunded == intent["amount"], metadata={})


def dispute_for(intent, amount, status="needs_response", dispute_id=None):
    return sample("dispute", id=dispute_id or f"dp_test_{next(_ids)}", amount=amount, currency="gbp",
                  charge=intent["latest_charge"], payment_intent=intent["id"], status=status)
