"""Only products in the shop (approved and public; a variant: public, of an approved and public listing) can enter a
basket, a wish list or a stock alert, or get through checkout. Tried as an attacker would: by posting the ids of
products that are not in the shop to every way in."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from catalogue import moderation
from storefront import roles
from tests.checkout.checkout_flow import add_to_basket, last_order, made_from_now_on, place_order, to_preview
from tests.factories import make_product, make_user, make_variant

Product = get_model("catalogue", "Product")
BasketLine = get_model("basket", "Line")
WishList = get_model("wishlists", "WishList")
WishListLine = get_model("wishlists", "Line")
ProductAlert = get_model("customer", "ProductAlert")
Order = get_model("order", "Order")

pytestmark = pytest.mark.django_db

# (moderation state, is_public): what moderation leaves, and a public flag that moderation never set (the state wins).
NOT_IN_SHOP = {
    "draft": (Product.DRAFT, False),
    "submitted": (Product.SUBMITTED, False),
    "changes requested (withdrawn)": (Product.CHANGES_REQUESTED, False),
    "rejected": (Product.REJECTED, False),
    "approved but hidden": (Product.APPROVED, False),
    "public flag without approval": (Product.SUBMITTED, True),
}


@pytest.fixture(autouse=True)
def demo_gateway(settings):
    settings.STRIPE_SECRET_KEY = settings.STRIPE_PUBLISHABLE_KEY = settings.STRIPE_WEBHOOK_SECRET = ""


def in_state(product, state):
    moderation_state, is_public = NOT_IN_SHOP[state]
    Product.objects.filter(pk=product.pk).update(moderation_state=moderation_state, is_public=is_public)
    return Product.objects.get(pk=product.pk)


def not_in_shop():
    """One product of each kind a buyer must not have, by name: standalone ones in every state, a variant of a
    listing in every state (the variant itself flagged public), and a hidden variant of a listing in the shop."""
    products = {f"{state} piece": in_state(make_product("it", stock=3), state) for state in NOT_IN_SHOP}
    for state in NOT_IN_SHOP:
        textile = make_product("textiles")
        products[f"variant of a {state} listing"] = make_variant(in_state(textile, state))
    products["hidden variant of a listing in the shop"] = make_variant(make_product("textiles"), is_public=False)
    return products


def buyer(client):
    user = make_user(roles.BUYERS)
    client.force_login(user)
    return user


def test_the_rule(client):
    art = make_product("art")
    textile = make_product("textiles")
    assert art.is_in_shop and make_variant(textile).is_in_shop
    hidden = not_in_shop()
    for name, product in hidden.items():
        assert not product.is_in_shop, name
    ours = [art, textile, *textile.children.all(), *hidden.values()]
    assert set(Product.objects.in_shop().filter(pk__in=[p.pk for p in ours])) == {art, textile, *textile.children.all()}


def test_products_in_the_shop_go_in_the_basket(client):
    """The way in the other tests close is open for what is in the shop."""
    lines = made_from_now_on(BasketLine)
    add_to_basket(client, make_product("art"))
    add_to_basket(client, make_variant(make_product("textiles")))
    assert lines.count() == 2


def test_the_basket_refuses_products_not_in_the_shop(client):
    lines = made_from_now_on(BasketLine)
    for name, product in not_in_shop().items():
        response = client.post(f"/shop/basket/add/{product.pk}/", {"quantity": 1})
        assert response.status_code == 404, name
    assert not lines.exists()


def test_a_hidden_variant_cannot_be_chosen_on_its_listings_form(client):
    textile = make_product("textiles")
    make_variant(textile, title="S / Natural")
    hidden = make_variant(textile, is_public=False)
    lines = made_from_now_on(BasketLine)
    response = client.post(f"/shop/basket/add/{textile.pk}/", {"quantity": 1, "child_id": hidden.pk}, follow=True)
    assert not lines.exists()
    assert [str(m) for m in response.context["messages"]], "the buyer is told why"


def test_a_listing_withdrawn_after_it_was_added_stops_at_checkout(client):
    orders = made_from_now_on(Order)
    kept, withdrawn = make_product("beer", stock=2), make_product("it", stock=2)
    add_to_basket(client, kept)
    add_to_basket(client, withdrawn)
    moderation.reject(withdrawn, make_user(roles.ADMINS), reason="Its maker asked us to take it down.")

    basket = client.get("/shop/basket/")
    assert "No longer on sale" in basket.content.decode()
    line = basket.context["formset"].forms[1].instance
    assert line.product == withdrawn
    changed = client.post("/shop/basket/", {
        "form-TOTAL_FORMS": 2, "form-INITIAL_FORMS": 2, "form-MIN_NUM_FORMS": 0, "form-MAX_NUM_FORMS": 1000,
        "form-0-id": basket.context["formset"].forms[0].instance.pk, "form-0-quantity": 1,
        "form-1-id": line.pk, "form-1-quantity": 2})
    assert changed.status_code == 200 and changed.context["formset"].errors[1]["quantity"]
    assert BasketLine.objects.get(pk=line.pk).quantity == 1

    preview = to_preview(client)
    assert preview.status_code == 302 and preview["Location"].endswith("/shop/basket/")
    response = client.post("/shop/checkout/preview/", {"action": "place_order", "total_pence": "1"}, follow=True)
    assert any(withdrawn.get_title() in str(m) and "taken out of the shop" in str(m)
               for m in response.context["messages"])
    assert not orders.exists()


def test_a_variant_whose_listing_was_withdrawn_stops_at_checkout(client):
    orders = made_from_now_on(Order)
    textile = make_product("textiles")
    variant = make_variant(textile)
    add_to_basket(client, variant)
    assert to_preview(client).status_code == 200
    moderation.reject(textile, make_user(roles.ADMINS), reason="Its maker asked us to take it down.")
    response = client.post("/shop/checkout/preview/", {"action": "place_order", "total_pence": "3000"})
    assert response.status_code == 302 and response["Location"].endswith("/shop/basket/")
    assert not orders.exists()


def test_buying_an_order_line_again_refuses_a_withdrawn_listing(client, django_capture_on_commit_callbacks):
    user = buyer(client)
    product = make_product("it", stock=3)
    add_to_basket(client, product)
    with django_capture_on_commit_callbacks(execute=True):
        place_order(client, to_preview(client))
    order = last_order()
    assert order.user == user
    moderation.reject(product, make_user(roles.ADMINS), reason="Its maker asked us to take it down.")
    line = order.lines.get()
    response = client.post(reverse("customer:order-line", args=[order.number, line.pk]), {"action": "reorder"})
    assert response.status_code == 302
    assert not BasketLine.objects.filter(basket__owner=user, basket__status="Open").exists()


@pytest.mark.parametrize("url", [
    lambda product, wishlist: reverse("customer:wishlists-add-product", kwargs={"product_pk": product.pk}),
    lambda product, wishlist: reverse("customer:wishlists-add-product",
                                      kwargs={"key": wishlist.key, "product_pk": product.pk}),
    lambda product, wishlist: reverse("customer:wishlists-create-with-product", kwargs={"product_pk": product.pk}),
], ids=["add", "add to a chosen list", "create a list with it"])
def test_wish_lists_refuse_products_not_in_the_shop(client, url):
    user = buyer(client)
    wishlist = WishList.objects.create(owner=user, name="Gifts")
    lines = made_from_now_on(WishListLine)
    for name, product in not_in_shop().items():
        for method in (client.get, client.post):
            assert method(url(product, wishlist), {"name": "New list"}).status_code == 404, name
    assert not lines.exists()
    assert list(WishList.objects.filter(owner=user)) == [wishlist]


def test_wish_lists_show_only_products_in_the_shop(client):
    user = buyer(client)
    kept, withdrawn = make_product("beer", stock=2), make_product("it", stock=2)
    for product in (kept, withdrawn):  # followed to the product page, which shows (and so uses up) its message
        assert client.post(reverse("customer:wishlists-add-product", args=[product.pk]), follow=True).status_code == 200
    wishlist = WishList.objects.get(owner=user)
    wishlist.visibility = WishList.PUBLIC
    wishlist.save()
    moderation.reject(withdrawn, make_user(roles.ADMINS), reason="Its maker asked us to take it down.")

    own = client.get(reverse("customer:wishlists-detail", args=[wishlist.key]))
    shared = client.get(reverse("wishlists:detail", args=[wishlist.key]))
    for page in (own, shared):
        assert page.status_code == 200
        assert kept.title in page.content.decode() and withdrawn.title not in page.content.decode()
    assert [form.instance.product for form in own.context["form"]] == [kept]
    assert [line.product for line in shared.context["page_obj"]] == [kept]


def test_stock_alerts_refuse_products_not_in_the_shop(client):
    alerts = made_from_now_on(ProductAlert)
    buyer(client)
    for name, product in not_in_shop().items():
        url = reverse("customer:alert-create", args=[product.pk])
        assert client.post(url, {"email": "alert@example.org"}).status_code == 404, name
        assert client.get(url).status_code == 404, name
    client.logout()
    product = in_state(make_product("art", stock=0), "submitted")
    assert client.post(reverse("customer:alert-create", args=[product.pk]),
                       {"email": "alert@example.org"}).status_code == 404
    assert not alerts.exists()


def test_the_alert_list_shows_only_products_in_the_shop(client):
    user = buyer(client)
    kept, withdrawn = make_product("art", stock=0), make_product("it", stock=0)
    for product in (kept, withdrawn):
        assert client.post(reverse("customer:alert-create", args=[product.pk]), follow=True).status_code == 200
    assert ProductAlert.objects.filter(user=user).count() == 2
    moderation.reject(withdrawn, make_user(roles.ADMINS), reason="Its maker asked us to take it down.")
    page = client.get(reverse("customer:alerts-list"))
    assert [alert.product for alert in page.context["alerts"]] == [kept]
    assert withdrawn.title not in page.content.decode()
