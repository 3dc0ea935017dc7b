"""Allocation of paid orders into the ledger: exactly once per line (and once per order for shipping).

The checkout calls ``allocate_order(order)`` (or queues it: ``payouts.tasks.queue_allocation``) once payment is
confirmed. Each line's net revenue is split by the policy of each attributed maker's status when the order was
placed; VAT goes to VAT payable, shipping to shipping revenue, and cash clearing is debited with what was paid.

Exactly once: every event has an idempotency key with a unique constraint; the orders of a batch are locked
(SELECT ... FOR UPDATE) before looking for what is already posted, so two workers allocating one order queue up
instead of racing, and a key posted meanwhile (IntegrityError) just means "already done".
"""

from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from oscar.core.loading import get_model

from makers.models import Attribution
from payouts.core.allocation import LineSplit, net_revenue, split_line_multi
from payouts.core.policy import BUCKETS
from payouts.core.policy import SplitPolicy as CorePolicy
from payouts.ledger import Leg, Posting, post_many
from payouts.models import Account, Transaction
from payouts.policies import MakerTerms, PolicyBook, terms_for

Order = get_model("order", "Order")
Line = get_model("order", "Line")
Source = get_model("payment", "Source")

CASH_KEY, VAT_KEY, SURPLUS_KEY, SHIPPING_KEY = Account.CASH, Account.VAT, Account.SURPLUS, Account.SHIPPING


class AllocationError(ValueError):
    """A line that cannot be allocated yet (no status or policy for a maker); nothing of its batch is posted."""


def sale_key(line_id):
    return f"sale:line:{line_id}"


def shipping_key(order_id):
    return f"shipping:order:{order_id}"


def pence(amount: Decimal) -> int:
    """Oscar's two-place Decimal as whole pence; anything finer is refused rather than rounded."""
    scaled = amount * 100
    if scaled != scaled.to_integral_value():
        raise AllocationError(f"{amount} is not a whole number of pence")
    return int(scaled)


LINE_FIELDS = ("id", "order_id", "product_id", "line_price_incl_tax", "line_price_before_discounts_incl_tax",
               "order__id", "order__number", "order__date_placed", "order__shipping_incl_tax")


def for_allocation(lines):
    """A queryset of lines with their orders, loading only the fields allocation reads."""
    return lines.select_related("order").only(*LINE_FIELDS)


def allocate_order(order):
    """Allocate every line and the shipping of a paid order; returns how many transactions were posted now."""
    return allocate_lines(list(for_allocation(order.lines.all())), shipping=True)


def allocate_line(line):
    """Allocate one line of a paid order (no-op if already allocated); `line.order` is read."""
    return allocate_lines([line], shipping=False)


def allocate_lines(lines, shipping=True):
    """Allocate a batch of lines (and their orders' shipping): one atomic block, a fixed number of queries.

    Fetch the lines with select_related("order"): the orders are locked, and their date placed is read.
    Statuses and policies are fetched once for the batch, and the ledger rows are written with bulk inserts.
    """
    if not lines:
        return 0
    for attempt in range(2):
        try:
            with transaction.atomic():
                return _allocate(lines, shipping)
        except IntegrityError:
            if attempt:
                raise
    raise AssertionError("unreachable")


def _allocate(lines, shipping):
    order_ids = sorted({line.order_id for line in lines})
    list(Order.objects.select_for_update().filter(pk__in=order_ids).order_by("pk").values_list("pk", flat=True))
    keys = {sale_key(line.pk) for line in lines} | ({shipping_key(pk) for pk in order_ids} if shipping else set())
    done = set(Transaction.objects.filter(idempotency_key__in=keys).values_list("idempotency_key", flat=True))
    todo = [line for line in lines if sale_key(line.pk) not in done]

    makers_of = defaultdict(list)
    rows = Attribution.objects.filter(product_id__in={line.product_id for line in todo if line.product_id})
    for product_id, maker_id, weight in rows.order_by("product_id", "position", "pk").values_list(
            "product_id", "maker_id", "share_weight"):
        makers_of[product_id].append((maker_id, weight))
    book = PolicyBook({maker_id for makers in makers_of.values() for maker_id, _ in makers})

    postings = [_sale(line, line.order, makers_of.get(line.product_id, []), book) for line in todo]
    if shipping:
        orders = {line.order_id: line.order for line in lines}
        postings += [_shipping(order) for order in orders.values() if shipping_key(order.pk) not in done]
    return post_many([p for p in postings if p])


def _sale(line, order, makers, book):
    charged = pence(line.line_price_incl_tax)
    if charged == 0:
        return None
    discount = pence(line.line_price_before_discounts_incl_tax) - charged
    net, vat = net_revenue(charged + discount, settings.SHOP_VAT_RATE_BP, settings.SHOP_VAT_REGISTERED, discount)
    try:
        terms = [(terms_for(maker_id, order.date_placed, book), weight) for maker_id, weight in makers]
    except ValueError as problem:
        raise AllocationError(f"Order {order.number} line {line.pk}: {problem}") from problem
    legs = [Leg(CASH_KEY, -charged), Leg(VAT_KEY, vat)]
    if terms:
        legs += split_legs(split_line_multi(net, [(t.policy, weight) for t, weight in terms]), [t for t, _ in terms])
    else:
        # A product no maker is credited with (the co-op's own): its net revenue is the co-op's.
        legs.append(Leg(SURPLUS_KEY, net, bucket="surplus"))
    record = {
        "charged": charged, "net": net, "vat": vat,
        "makers": [
            {"maker": t.maker_id, "weight": weight, "status": t.status, "policy": t.policy_id,
             "bp": list(t.policy.bucket_bp), "room_board": t.room_board_key}
            for t, weight in terms
        ],
    }
    return Posting(Transaction.SALE, sale_key(line.pk), order.date_placed, legs,
                   {"order_id": order.pk, "line_id": line.pk, "terms": record})


def _shipping(order):
    charged = pence(order.shipping_incl_tax)
    if charged == 0:
        return None
    net, vat = net_revenue(charged, settings.SHOP_VAT_RATE_BP, settings.SHOP_VAT_REGISTERED, 0)
    legs = [Leg(CASH_KEY, -charged), Leg(VAT_KEY, vat), Leg(SHIPPING_KEY, net)]
    return Posting(Transaction.SHIPPING, shipping_key(order.pk), order.date_placed, legs, {"order_id": order.pk})


def split_legs(split: LineSplit, terms, sign=1):
    """Ledger legs for a line split: each maker's buckets into that maker's accounts, surplus to the co-op."""
    legs = []
    for part, t in zip(split.makers, terms):
        accounts = {
            "wages": Account.key_for(Account.WAGES, maker_id=t.maker_id),
            "reparation": Account.key_for(Account.REPARATION, maker_id=t.maker_id),
            "room_board": t.room_board_key,
            "surplus": SURPLUS_KEY,
        }
        legs += [Leg(accounts[bucket], sign * part.buckets[bucket], t.maker_id, bucket, t.policy_id)
                 for bucket in BUCKETS]
    return legs


def recorded_terms(sale):
    """The terms a sale was allocated with, as the core needs them to reverse it exactly."""
    return [
        (MakerTerms(m["maker"], m["status"], m["policy"], CorePolicy(m["status"], *m["bp"]), m["room_board"]),
         m["weight"])
        for m in sale.terms["makers"]
    ]


def paid_lines():
    """Lines of orders with money debited by a payment source (how the checkout records a confirmed payment)."""
    paid = Source.objects.filter(order_id=OuterRef("order_id"), amount_debited__gt=0)
    return Line.objects.filter(Exists(paid))


def unallocated_paid_lines():
    """Paid lines with a price but no sale transaction: what a lost allocation task left behind."""
    allocated = Transaction.objects.filter(line_id=OuterRef("pk"), kind=Transaction.SALE)
    return paid_lines().filter(line_price_incl_tax__gt=0).exclude(Exists(allocated))
