"""The order confirmation, page and email, says where the money of THIS order goes: the figures it shows are what the
ledger then posts for the order's lines (a variant and co-made work among them)."""

import pytest
from django.core import mail
from oscar.core.loading import get_model

from tests.checkout.checkout_flow import add_to_basket, last_order, place_order, to_preview
from tests.checkout.checkout_flow import demo_gateway  # noqa: F401  (a fixture, used by name)
from tests.payouts.figures import email_figures, ledger_figures, page_figures, shown_total

Product = get_model("catalogue", "Product")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_gateway")]


def in_stock(products):
    return [p for p in products if p.stockrecords.filter(num_in_stock__gt=1).exists()]


def test_the_confirmation_shows_what_the_ledger_posts_for_the_order(demo_shop, client,
                                                                    django_capture_on_commit_callbacks):
    demo = Product.objects.browsable().filter(upc__startswith="DEMO-").prefetch_related("attributions")
    co_made_variant = in_stock(Product.objects.filter(parent__in=[p for p in demo if p.is_parent
                                                                 and len(p.attributions.all()) > 1]))[0]
    co_made = in_stock([p for p in demo if not p.is_parent and len(p.attributions.all()) > 1])[0]
    single = in_stock([p for p in demo if not p.is_parent and len(p.attributions.all()) == 1
                       and p.product_class.slug != "craft-beer"])[0]
    add_to_basket(client, co_made_variant)
    add_to_basket(client, co_made)
    add_to_basket(client, single, quantity=2)
    preview = to_preview(client)
    with django_capture_on_commit_callbacks(execute=True):
        response = place_order(client, preview)
    order = last_order()
    assert order.status == "Paid" and order.lines.count() == 3
    posted = ledger_figures(order=order)
    assert posted["wages"] > 0 and sum(posted.values()) == sum(
        int(line.line_price_incl_tax * 100) for line in order.lines.all())

    page = client.get(response["Location"]).content.decode()
    assert page_figures(page) == posted
    assert shown_total(page) == sum(posted.values())

    [email] = [m for m in mail.outbox if m.to == ["buyer@example.org"]]
    assert email_figures(email.body) == posted
    assert shown_total(email.body) == sum(posted.values())
