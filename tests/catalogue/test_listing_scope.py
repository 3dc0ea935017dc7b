"""Instructors see and edit only their own workshops' listings, makers only their own; anything else is a 404."""

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from catalogue import scope
from tests.catalogue.listing_setup import make_listing

pytestmark = pytest.mark.django_db
Product = get_model("catalogue", "Product")


def product_url(product):
    return reverse("dashboard:catalogue-product", kwargs={"pk": product.pk})


def listed_titles(client):
    response = client.get(reverse("dashboard:catalogue-product-list"))
    assert response.status_code == 200
    return {row.record.title for row in response.context["products"].rows}


def test_each_instructor_lists_only_their_own_workshops_listings(client, shop):
    client.force_login(shop.ia)
    assert listed_titles(client) == {shop.pa.title, shop.pu.title}
    client.force_login(shop.ib)
    assert listed_titles(client) == {shop.pb.title}


def test_an_admin_lists_every_listing(client, shop):
    client.force_login(shop.admin)
    assert {shop.pa.title, shop.pb.title, shop.pu.title} <= listed_titles(client)


def test_another_workshops_listing_answers_404_without_its_data(client, shop):
    client.force_login(shop.ia)
    assert client.get(product_url(shop.pa)).status_code == 200
    response = client.get(product_url(shop.pb))
    assert response.status_code == 404
    assert shop.pb.title not in response.content.decode()
    assert client.post(product_url(shop.pb), {"title": "Taken over"}).status_code == 404
    create_variant = reverse("dashboard:catalogue-product-create-child", kwargs={"parent_pk": shop.pb.pk})
    assert client.get(create_variant).status_code == 404
    shop.pb.refresh_from_db()
    assert shop.pb.title != "Taken over"


def test_a_variant_belongs_to_whoever_its_listing_belongs_to(client, shop):
    theirs, ours = make_listing(shop.mb, line="textiles"), make_listing(shop.ma, line="textiles")
    their_variant = Product.objects.create(parent=theirs, structure=Product.CHILD, title="Size S")
    our_variant = Product.objects.create(parent=ours, structure=Product.CHILD, title="Size M")
    client.force_login(shop.ia)
    assert client.get(product_url(our_variant)).status_code == 200
    assert client.get(product_url(their_variant)).status_code == 404


def test_a_maker_sees_only_listings_credited_to_them(client, shop):
    client.force_login(shop.maker_user)
    assert listed_titles(client) == {shop.pu.title}
    assert client.get(product_url(shop.pu)).status_code == 200
    assert client.get(product_url(shop.pa)).status_code == 404  # same workshop, another maker's
    assert client.get(product_url(shop.pb)).status_code == 404


def test_the_maker_choices_are_the_users_own_makers(shop):
    assert set(scope.makers_for(shop.ia)) == {shop.ma, shop.mu}
    assert set(scope.makers_for(shop.ib)) == {shop.mb}
    assert set(scope.makers_for(shop.maker_user)) == {shop.mu}
    assert set(scope.partners_for(shop.maker_user)) == {shop.wa.partner}


def test_instructors_and_makers_get_no_bulk_actions_or_deletes(client, shop):
    for user in (shop.ia, shop.maker_user):
        client.force_login(user)
        response = client.get(reverse("dashboard:catalogue-product-list"))
        assert response.context["actions"] == {}
        assert "/delete/" not in response.content.decode()
        own = shop.pa if user == shop.ia else shop.pu
        delete = reverse("dashboard:catalogue-product-delete", kwargs={"pk": own.pk})
        assert client.post(delete).status_code == 403
        assert client.post(reverse("dashboard:catalogue-product-list"),
                           {"action": "make_products_public", "selected_product": [own.pk]}).status_code == 403
        assert client.get(reverse("dashboard:catalogue-product-bulk-action")).status_code == 403
        own.refresh_from_db()
        assert not own.is_public


def test_an_admin_may_delete_a_listing(client, shop):
    client.force_login(shop.admin)
    response = client.post(reverse("dashboard:catalogue-product-delete", kwargs={"pk": shop.pb.pk}))
    assert response.status_code == 302
    assert not type(shop.pb).objects.filter(pk=shop.pb.pk).exists()


def test_the_review_queue_is_for_admins_only(client, shop):
    url = reverse("dashboard:catalogue-review-list")
    assert client.get(url).status_code == 302  # to the login page
    for user in (shop.ia, shop.maker_user):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.get(reverse("dashboard:catalogue-review", kwargs={"pk": shop.pa.pk})).status_code == 403
    client.force_login(shop.admin)
    assert client.get(url).status_code == 200
