"""localstripe, a local Stripe API server (PyPI, GPL-3), for the end-to-end payment test: ``python THIS_FILE PORT``.

It serves Stripe's API, signs and sends webhooks, and serves a stand-in for Stripe.js at ``/js.stripe.com/v3/``.
Where localstripe 1.15.10 differs from Stripe in what the shop uses, it is put right here, in this process only
(the shop never imports localstripe, and nothing in the shop knows it is not talking to Stripe):

- Creating a PaymentIntent with ``description``, ``receipt_email`` or ``automatic_payment_methods`` (Stripe's
  parameters, sent by the shop) is refused as "Unexpected"; they are accepted and kept.
- A PaymentIntent shows its ``latest_charge`` as the whole charge; Stripe shows the charge's id unless asked to
  expand it (the shop's payment event reads the id).
- Its Stripe.js confirms a card payment by opening a 3-D Secure dialog and authenticating, never sending the card,
  so a PaymentIntent created without a card can never be paid (localstripe issue #253). Here, as Stripe.js does, the
  browser confirms the PaymentIntent with the card, its client secret and the publishable key, and the dialog opens
  only for a card that needs 3-D Secure.
- Idempotency keys are ignored, so the payment page shown again makes a second PaymentIntent for the same order;
  here, as at Stripe, a POST with a key that succeeded before gets the same answer again.
- A refund sends no ``charge.refunded`` event; Stripe sends one with the charge and its refunded total.
- A charge's balance transaction has a fee of 0p; here it has Stripe's UK card fee, 1.5% + 20p.
- The data is written to /tmp/localstripe.pickle after every change (shared by every localstripe on the machine)
  and the server listens on every interface; here the data stays in memory and the server on 127.0.0.1.
"""

import logging
import re
import sys

from aiohttp import web
from localstripe import resources, server
from localstripe.errors import UserError

PaymentIntent, PaymentMethod, Refund = resources.PaymentIntent, resources.PaymentMethod, resources.Refund
BalanceTransaction, Charge, Event = resources.BalanceTransaction, resources.Charge, resources.Event
CONFIRM = re.compile(r"^/v1/payment_intents/(pi_\w+)/confirm$")
STRIPE_JS = "/js.stripe.com/v3/"
REPLIES = {}  # this server's answers by idempotency key

CONFIRM_CARD_PAYMENT = """
// From tests/e2e/localstripe_server.py: confirm a card payment as Stripe.js does, with the card; 3-D Secure (the
// dialog above) only when the PaymentIntent then requires it.
{
  const localstripe = Stripe;
  Stripe = (apiKey) => {
    const stripe = localstripe(apiKey);
    const authenticate = stripe.confirmCardPayment;
    stripe.confirmCardPayment = async (clientSecret, data) => {
      const intent = clientSecret.match(/^(pi_\\w+)_secret_/)[1];
      const card = (data.payment_method.card.value || {}).card;
      const response = await fetch(`${LOCALSTRIPE_BASE_API}/v1/payment_intents/${intent}/confirm`, {
        method: "POST",
        body: JSON.stringify({key: apiKey, client_secret: clientSecret, payment_method_data: {type: "card", card}}),
      });
      const body = await response.json().catch(() => ({}));
      if (response.status !== 200 || body.error) {
        return {error: body.error || {message: `localstripe answered ${response.status}`}};
      }
      return body.status === "requires_action" ? authenticate(clientSecret, data) : {paymentIntent: body};
    };
    return stripe;
  };
}
"""


def accept_stripe_parameters(create):
    def __init__(self, description=None, receipt_email=None, automatic_payment_methods=None, **params):
        create(self, **params)
        self.description, self.receipt_email = description, receipt_email
        self.automatic_payment_methods = automatic_payment_methods
    return __init__


def charge_as_id_unless_expanded(export):
    def _export(self, expand=None):
        exported = export(self, expand=expand)
        expanded = any(path.split(".")[0] == "latest_charge" for path in expand or ())
        if isinstance(exported.get("latest_charge"), dict) and not expanded:
            exported["latest_charge"] = exported["latest_charge"]["id"]
        return exported
    return _export


def report_refund(create):
    def __init__(self, *args, **kwargs):
        create(self, *args, **kwargs)
        resources.schedule_webhook(Event("charge.refunded", Charge._api_retrieve(self.charge)))
    return __init__


def with_uk_card_fee(create):
    def __init__(self, *args, **kwargs):
        create(self, *args, **kwargs)
        if self.type == "charge":
            self.fee = (self.amount * 15 + 500) // 1000 + 20
            self.fee_details = [{"amount": self.fee, "application": None, "currency": self.currency,
                                 "description": "Stripe processing fees", "type": "stripe_fee"}]
    return __init__


@web.middleware
async def idempotent(request, handler):
    """A POST's successful answer, kept under its Idempotency-Key and given again for the same key."""
    key = request.headers.get("Idempotency-Key")
    if request.method != "POST" or not key:
        return await handler(request)
    if key not in REPLIES:
        response = await handler(request)
        if response.status == 200:
            REPLIES[key] = response.body
        return response
    return web.Response(body=REPLIES[key], content_type="application/json", headers={"Idempotent-Replayed": "true"})


@web.middleware
async def card_payments_from_the_browser(request, handler):
    """Stripe.js's confirmation of a PaymentIntent with the buyer's card, and the Stripe.js that sends it."""
    found = CONFIRM.match(request.path)
    if request.method == "POST" and found:
        data = await server.get_post_data(request, remove_auth=False) or {}
        if str(data.get("key", "")).startswith("pk_"):
            intent = PaymentIntent._api_retrieve(found[1])
            if data.get("client_secret") != intent.client_secret:
                raise UserError(401, "The client secret is not this PaymentIntent's.")
            if intent.status != "requires_payment_method":
                raise UserError(400, f"This PaymentIntent is {intent.status}.")
            card = (data.get("payment_method_data") or {}).get("card")
            intent.payment_method = PaymentMethod(type="card", card=card).id
            intent._confirm(on_failure_now=intent._report_failure)
            return server.json_response(intent._export())
    response = await handler(request)
    if request.path == STRIPE_JS and response.status == 200:
        response.text += CONFIRM_CARD_PAYMENT
    return response


def main(port):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")  # webhook deliveries
    resources.Store.dump_to_disk = lambda store: None
    PaymentIntent.__init__ = accept_stripe_parameters(PaymentIntent.__init__)
    PaymentIntent._export = charge_as_id_unless_expanded(PaymentIntent._export)
    Refund.__init__ = report_refund(Refund.__init__)
    BalanceTransaction.__init__ = with_uk_card_fee(BalanceTransaction.__init__)
    # Before localstripe's own check of the secret key, which would refuse the browser's publishable key.
    server.app.middlewares[1:1] = [idempotent, card_payments_from_the_browser]
    web.run_app(server.app, host="127.0.0.1", port=port, print=None)


if __name__ == "__main__":
    main(int(sys.argv[1]))
