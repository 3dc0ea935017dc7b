"""Builders of paid Oscar orders, shared by the payout tests and the benchmark (never used by the shop itself)."""

import itertools
import uuid
from decimal import Decimal

from oscar.core.loading import get_model

Order = get_model("order", "Order")
Line = get_model("order", "Line")
Source = get_model("payment", "Source")
SourceType = get_model("payment", "SourceType")

_numbers = itertools.count(1)


def money(pence):
    return Decimal(pence) / 100


def paid_order(items, placed_at, shipping=0, number=None):
    """An order placed at `placed_at`, paid in full, with one line per item.

    items: (product, price in pence VAT included) or (product, price, discount in pence); shipping in pence.
    """
    items = [item if len(item) == 3 else (*item, 0) for item in items]
    total = sum(price - discount for _, price, discount in items) + shipping
    order = Order.objects.create(
        number=number or f"T{next(_numbers):06d}-{uuid.uuid4().hex[:6]}", currency="GBP", date_placed=placed_at,
        total_incl_tax=money(total), total_excl_tax=money(total), shipping_incl_tax=money(shipping),
        shipping_excl_tax=money(shipping),
    )
    for product, price, discount in items:
        Line.objects.create(
            order=order, product=product, title=product.title, partner_sku=f"SKU{product.pk}", quantity=1,
            num_allocated=1, line_price_incl_tax=money(price - discount), line_price_excl_tax=money(price - discount),
            line_price_before_discounts_incl_tax=money(price), line_price_before_discounts_excl_tax=money(price),
        )
    source_type, _ = SourceType.objects.get_or_create(name="Test payments", defaults={"code": "test-payments"})
    Source.objects.create(order=order, source_type=source_type, currency="GBP", amount_allocated=money(total),
                          amount_debited=money(total))
    return order
