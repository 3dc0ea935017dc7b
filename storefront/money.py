"""Where a buyer's money goes: the price of a product divided the way the payout engine would allocate it now.

One source of truth: the VAT comes from the engine's ``net_revenue`` and the buckets from its ``split_line_multi``, with
the makers the ledger credits (``makers.credits``: a variant's are its parent's) and each maker's terms from
``payouts.policies.terms_for`` (their status and the policy version in force now). A sale the ledger would hold
(a workshop's listing with no maker credited, a maker with no terms) has no breakdown: the page promises nothing it
could not keep. Templates only display the ``Breakdown`` this returns; no figure is typed into a template.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from makers import credits
from payouts.core.allocation import net_revenue, split_line_multi
from payouts.core.policy import BUCKETS
from payouts.policies import NoTerms, PolicyBook, terms_for

LABELS = {
    "wages": "Maker wages",
    "reparation": "Victim reparation",
    "room_board": "Room and board",
    "surplus": "Co-op surplus",
    "vat": "VAT",
}


@dataclass(frozen=True)
class Part:
    key: str
    label: str
    pence: int
    permille: int  # of the price, for the chart's bar widths

    @property
    def pounds(self):
        return Decimal(self.pence) / 100

    @property
    def percent(self):
        return f"{self.permille / 10:.1f}"


@dataclass(frozen=True)
class Breakdown:
    price: int
    parts: tuple[Part, ...]
    levy_applies: bool  # a maker on ROTL: the statutory weekly levy moves part of wages to victim support

    @property
    def pounds(self):
        return Decimal(self.price) / 100

    def pence(self, key):
        return next((part.pence for part in self.parts if part.key == key), 0)


def to_pence(amount):
    return int((Decimal(amount) * 100).to_integral_value())


def _book(attributions):
    """The payout engine's PolicyBook for these makers, reusing the Maker rows already loaded with the product."""
    from makers.models import MakerStatus

    if not all("maker" in a._state.fields_cache for a in attributions):
        return PolicyBook({a.maker_id for a in attributions})
    book = PolicyBook(())  # policy versions only: one query
    for period in MakerStatus.objects.filter(maker_id__in=[a.maker_id for a in attributions]).order_by("starts_on"):
        book.periods[period.maker_id].append(period)
    book.makers = {a.maker_id: a.maker for a in attributions}
    return book


def breakdown_for(product, price=None, discount=0, when=None, book=None):
    """The Breakdown of `price` pence (default: the product's price now, VAT included), or None if it has no price
    or its sale could not be allocated now (no maker credited on a workshop's listing, a maker's terms not recorded).

    `discount` is the line's discount share in pence, as the engine takes it. Pass a PolicyBook to break down several
    products with no further queries.
    """
    if price is None:
        price = price_of(product)
        if price is None:
            return None
    when = when or timezone.now()
    attributions = credits.attributions_of(product)
    if not attributions and not credits.is_coops_own(product):
        return None
    net, vat = net_revenue(price, settings.SHOP_VAT_RATE_BP, settings.SHOP_VAT_REGISTERED, discount)
    book = book or _book(attributions)
    try:
        terms = [(terms_for(a.maker_id, when, book), a.share_weight) for a in attributions]
    except NoTerms:
        return None
    if terms:
        buckets = split_line_multi(net, [(t.policy, weight) for t, weight in terms]).buckets
    else:  # the co-op's own product: its net revenue is the co-op's, as in allocation
        buckets = dict.fromkeys(BUCKETS, 0) | {"surplus": net}
    charged = price - discount
    amounts = [(key, buckets[key]) for key in BUCKETS] + [("vat", vat)]
    parts = tuple(
        Part(key, LABELS[key], pence, (pence * 1000 // charged) if charged else 0) for key, pence in amounts if pence
    )
    return Breakdown(charged, parts, any(t.status == "rotl" for t, _ in terms))


def breakdowns_of(sales, when=None):
    """The Breakdown of each (product, pence before discounts, pence paid) of a basket or an order, with the split
    policies and the makers' statuses looked up once for them all (the products come with their makers)."""
    book = _book([a for product, _, _ in sales for a in credits.attributions_of(product)])
    return [breakdown_for(product, price=before, discount=before - after, when=when, book=book)
            for product, before, after in sales]


def combine(breakdowns):
    """The sum of several breakdowns (a basket), part by part."""
    breakdowns = [b for b in breakdowns if b]
    if not breakdowns:
        return None
    price = sum(b.price for b in breakdowns)
    totals = {key: sum(b.pence(key) for b in breakdowns) for key in (*BUCKETS, "vat")}
    parts = tuple(
        Part(key, LABELS[key], pence, (pence * 1000 // price) if price else 0) for key, pence in totals.items() if pence
    )
    return Breakdown(price, parts, any(b.levy_applies for b in breakdowns))


def price_of(product):
    """What a buyer pays now for the product, VAT included, in pence (a parent: its cheapest variant)."""
    from oscar.apps.partner.strategy import Selector

    strategy = Selector().strategy()
    info = strategy.fetch_for_parent(product) if product.is_parent else strategy.fetch_for_product(product)
    if not info.price.exists:
        return None
    return to_pence(info.price.incl_tax if info.price.is_tax_known else info.price.excl_tax)
