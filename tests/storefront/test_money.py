"""'Where your money goes' is the payout engine's own split of the price, for every product of the demo."""

import pytest
from django.conf import settings
from django.utils import timezone
from oscar.core.loading import get_model

from payouts.core.allocation import net_revenue, split_line_multi
from payouts.core.policy import BUCKETS
from payouts.policies import load_default_policies, terms_for
from storefront import money

pytestmark = pytest.mark.django_db
Product = get_model("catalogue", "Product")


@pytest.fixture(autouse=True)
def policies():
    load_default_policies()


def engine_split(product, price):
    """What allocation would post for a line of this product sold now at `price` pence."""
    now = timezone.now()
    net, vat = net_revenue(price, settings.SHOP_VAT_RATE_BP, settings.SHOP_VAT_REGISTERED, 0)
    makers = [(terms_for(a.maker, now).policy, a.share_weight) for a in product.attributions.all()]
    buckets = split_line_multi(net, makers).buckets if makers else dict.fromkeys(BUCKETS, 0) | {"surplus": net}
    return buckets | {"vat": vat}


def test_every_demo_product_breaks_down_as_the_engine_splits(demo_shop):
    products = list(Product.objects.browsable().filter(upc__startswith="DEMO-"))
    assert len(products) >= 40
    for product in products:
        breakdown = money.breakdown_for(product)
        assert breakdown is not None, product.upc
        price = money.price_of(product)
        expected = engine_split(product, price)
        assert {key: breakdown.pence(key) for key in expected} == expected, product.upc
        assert sum(part.pence for part in breakdown.parts) == breakdown.price == price
        assert all(part.pence > 0 for part in breakdown.parts)  # a 0% bucket is left out, never shown as 0p


def test_vat_is_its_own_part_and_follows_the_settings(demo_shop, settings):
    product = Product.objects.browsable().filter(upc__startswith="DEMO-").first()
    price = money.price_of(product)
    assert money.breakdown_for(product).pence("vat") == net_revenue(price, settings.SHOP_VAT_RATE_BP, True, 0)[1]
    settings.SHOP_VAT_REGISTERED = False
    assert money.breakdown_for(product).pence("vat") == 0


def pounds(pence):
    return f"£{pence // 100:,}.{pence % 100:02d}"


def test_the_product_page_shows_the_breakdown_as_text_and_chart(demo_shop, client):
    product = Product.objects.browsable().filter(upc__startswith="DEMO-").first()
    breakdown = money.breakdown_for(product)
    html = client.get(product.get_absolute_url()).content.decode()
    assert "Where your " + pounds(breakdown.price) + " goes" in html
    for part in breakdown.parts:
        assert part.label in html and pounds(part.pence) in html
    assert 'class="ttg-money__bar" aria-hidden="true"' in html


def test_the_basket_shows_the_breakdown_of_what_is_in_it(demo_shop, client):
    products = [p for p in Product.objects.browsable().filter(upc__startswith="DEMO-", structure="standalone")
                if money.breakdown_for(p) and p.stockrecords.filter(num_in_stock__gt=0).exists()][:2]
    for product in products:
        response = client.post(f"/shop/basket/add/{product.pk}/", {"quantity": 1})
        assert response.status_code == 302
    total = money.combine([money.breakdown_for(p) for p in products])
    html = client.get("/shop/basket/").content.decode()
    assert "Where your " + pounds(total.price) + " goes" in html
    for part in total.parts:
        assert pounds(part.pence) in html
