"""The ledger posts exactly what the product page promised: for every sellable item of the demo (each standalone
product and each variant of a parent, co-made work included) and, with hypothesis, for generated catalogues.

The page's figures are read from the rendered page, as a buyer sees them; the ledger's are the entries of the sale
that allocating a paid order of that item posts.
"""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oscar.core.loading import get_model

from makers.models import Attribution
from payouts.allocation import allocate_order
from payouts.models import Transaction
from payouts.policies import load_default_policies
from payouts.testing import paid_order
from storefront import money
from tests.factories import coop_partner, make_maker, make_product, make_workshop
from tests.payouts.figures import ledger_figures, page_figures, shown_total

pytestmark = pytest.mark.django_db
Product = get_model("catalogue", "Product")
StockRecord = get_model("partner", "StockRecord")
D = datetime.date

def sellable_items():
    """Every item a buyer can put in a basket: standalone products and each variant of a parent."""
    products = Product.objects.browsable().filter(upc__startswith="DEMO-")
    items = []
    for product in products.order_by("pk"):
        items += list(product.children.filter(is_public=True).order_by("pk")) if product.is_parent else [product]
    return items


def test_every_sellable_demo_item_pays_what_its_page_promised(demo_shop, client):
    items = sellable_items()
    assert len(items) == 65 and sum(item.is_child for item in items) == 30
    assert any(len(item.parent.attributions.all()) > 1 for item in items if item.is_child)  # co-made variants
    for item in items:
        page = client.get(item.get_absolute_url()).content.decode()
        promised = page_figures(page)
        assert promised and sum(promised.values()) == shown_total(page), item.upc
        with transaction.atomic():
            order = paid_order([(item, shown_total(page))], timezone.now())
            allocate_order(order)
            assert ledger_figures(line=order.lines.get()) == promised, item.upc
            transaction.set_rollback(True)


STATUSES = ("serving_inside", "rotl", "released", "community")
catalogues = st.fixed_dictionaries({
    "makers": st.lists(st.tuples(st.sampled_from((*STATUSES, None)), st.booleans(), st.booleans()), min_size=1,
                       max_size=4),
    "products": st.lists(
        st.fixed_dictionaries({
            "credits": st.lists(st.tuples(st.integers(0, 3), st.integers(1, 5)), max_size=3,
                                unique_by=lambda credit: credit[0]),
            "variants": st.integers(0, 3),  # 0: a standalone product; more: a parent with that many variants
            "coops_own": st.booleans(),
        }),
        min_size=1, max_size=3),
    "sales": st.lists(st.tuples(st.integers(0, 20), st.integers(1, 40_000), st.integers(0, 100)), min_size=1,
                      max_size=6),
})


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(catalogue=catalogues, vat=st.booleans())
def test_the_ledger_of_a_line_is_the_breakdown_of_that_line(catalogue, vat, django_settings):
    """Parents with variants and standalone products, made by one or more makers of any status (a released maker
    opting out of reparation or housed by the co-op) or of none, or by nobody (the co-op's own, or a workshop's
    listing with no maker credited), sold with discounts: what the ledger posts for each line is ``breakdown_for``
    that line, and a line with no breakdown is held."""
    django_settings.SHOP_VAT_REGISTERED = vat
    with transaction.atomic():
        load_default_policies()
        workshop = make_workshop()
        coop = coop_partner()
        makers = [make_maker(statuses=[(status, D(2024, 1, 1), None)] if status else [], opt_out_reparation=opt_out,
                             housed_by_coop=housed, workshop=workshop)
                  for status, opt_out, housed in catalogue["makers"]]
        items = []
        for spec in catalogue["products"]:
            credits = [(makers[n % len(makers)], weight) for n, weight in spec["credits"]]
            credits = list({maker.pk: (maker, weight) for maker, weight in credits}.values())
            partner = coop if spec["coops_own"] and not credits else workshop.partner
            if spec["variants"]:
                parent = make_product("textiles")
                for n in range(spec["variants"]):
                    child = Product.objects.create(parent=parent, structure=Product.CHILD, title=f"Size {n}",
                                                   slug=f"{parent.slug}-{n}", is_public=True)
                    StockRecord.objects.create(product=child, partner=partner, partner_sku=f"V{child.pk}",
                                               price=25, num_in_stock=5)
                    items.append(child)
                credited = parent
            else:
                credited = make_product("art", partner=partner)
                items.append(credited)
            for position, (maker, weight) in enumerate(credits):
                Attribution.objects.create(product=credited, maker=maker, share_weight=weight, position=position)
        sales = [(items[n % len(items)], price, price * discount // 100) for n, price, discount in catalogue["sales"]]
        placed = timezone.now()
        order = paid_order(sales, placed)
        allocate_order(order)
        for line, (product, price, discount) in zip(order.lines.order_by("pk"), sales):
            breakdown = money.breakdown_for(product, price=price, discount=discount, when=placed)
            held = Transaction.objects.filter(line=line, kind=Transaction.HOLD).exists()
            if breakdown is None:  # no promise: the sale is held (unless free), nothing goes to any bucket
                assert held == (price > discount) and ledger_figures(line=line).keys() <= {"vat"}
            else:
                assert not held and ledger_figures(line=line) == {part.key: part.pence for part in breakdown.parts}
        transaction.set_rollback(True)


@pytest.fixture
def django_settings(settings):
    return settings


def test_a_variant_page_names_the_makers_credited_on_its_parent(demo_shop, client):
    variant = next(item for item in sellable_items() if item.is_child and item.parent.attributions.count() > 1)
    page = client.get(variant.get_absolute_url()).content.decode()
    made_by = page.split('class="ttg-made-by"', 1)[1].split("</p>", 1)[0]
    names = [a.maker.display_name for a in variant.parent.attributions.select_related("maker")]
    assert len(names) > 1 and all(f">{name}</a>" in made_by for name in names)
