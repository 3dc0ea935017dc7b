"""A variant is named with its listing ("Harbour print — 50 x 70 cm / Natural") wherever a product is named: the
basket, the order line (and so the emails and the dashboard) and the CMS's product pickers."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from oscar.core.loading import get_model

from storefront import roles
from storefront.models import StoryPage
from tests.checkout.checkout_flow import add_to_basket, buy, last_order
from tests.checkout.checkout_flow import demo_gateway  # noqa: F401  (a fixture, used by name)
from tests.factories import make_product, make_user, make_variant, make_workshop

Product = get_model("catalogue", "Product")
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo_gateway")]


@pytest.fixture
def variant():
    listing = make_product("textiles")
    Product.objects.filter(pk=listing.pk).update(title="Harbour scarf")
    return make_variant(Product.objects.get(pk=listing.pk), title="Long / Natural")


def test_a_variant_is_named_with_its_listing(variant):
    assert variant.get_title() == str(variant) == "Harbour scarf — Long / Natural"
    assert variant.parent.get_title() == str(variant.parent) == "Harbour scarf"
    untitled = Product.objects.create(parent=variant.parent, structure=Product.CHILD, title="")
    assert untitled.get_title() == "Harbour scarf"


def test_the_basket_names_the_variant_with_its_listing(client, variant):
    add_to_basket(client, variant)
    page = client.get("/shop/basket/")
    assert page.context["formset"].forms[0].instance.description == "Harbour scarf — Long / Natural"
    assert "Harbour scarf — Long / Natural" in page.content.decode()


def test_the_order_line_and_its_emails_and_dashboard_name_the_variant_with_its_listing(
        client, django_capture_on_commit_callbacks):
    workshop = make_workshop()
    workshop.instructors.add(make_user(roles.INSTRUCTORS, email="instructor@example.org"))
    listing = make_product("textiles")
    Product.objects.filter(pk=listing.pk).update(title="Harbour scarf")
    variant = make_variant(Product.objects.get(pk=listing.pk), title="Long / Natural", partner=workshop.partner)
    with django_capture_on_commit_callbacks(execute=True):
        buy(client, variant)
    order = last_order()
    assert order.status == "Paid"
    assert order.lines.get().title == "Harbour scarf — Long / Natural"
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert " * Harbour scarf — Long / Natural x 1: £30.00" in bodies["buyer@example.org"]
    assert " * 1 x Harbour scarf — Long / Natural (SKU " in bodies["instructor@example.org"]

    client.force_login(make_user(roles.ADMINS))
    dashboard = client.get(f"/dashboard/orders/{order.number}/")
    assert dashboard.status_code == 200 and "Harbour scarf — Long / Natural" in dashboard.content.decode()


def test_the_cms_product_picker_names_variants_with_their_listing(demo_shop, client):
    variant = Product.objects.filter(upc__startswith="DEMO-", structure=Product.CHILD).select_related("parent").first()
    client.force_login(get_user_model().objects.get(email="editor@demo.throughthegate.example"))
    story = StoryPage.objects.live().first()
    page = client.get(f"/cms/pages/{story.pk}/edit/")
    assert page.status_code == 200
    picker = page.context["form"].fields["products"]
    labels = {value.value: label for value, label in picker.choices if value}
    assert labels[variant.pk] == f"{variant.parent.title} — {variant.title}"
    assert f"{variant.parent.title} — {variant.title}" in page.content.decode()
