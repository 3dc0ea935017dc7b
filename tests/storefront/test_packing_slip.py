"""Packing slips: an instructor prints the slip for their own workshop's lines of an order (scoped as the order
dashboard is), with the courier's ID-check instruction when those lines hold beer; another workshop's order is 404."""

import datetime

import pytest
from django.urls import reverse

from payouts.testing import paid_order
from storefront import roles
from storefront.shop.models import AgeCheck
from storefront.shop.shipping.methods import ID_CHECK_NOTE
from tests.factories import make_product, make_user, make_workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def orders():
    brewery, studio = make_workshop(), make_workshop()
    beer = make_product("craft-beer", partner=brewery.partner)
    art = make_product("art", partner=studio.partner)
    when = datetime.datetime(2026, 3, 3, 12, tzinfo=datetime.UTC)
    mixed = paid_order([(beer, 800), (art, 4000)], when, number="SLIP1")
    AgeCheck.objects.create(order=mixed, date_of_birth=datetime.date(1990, 5, 1))
    only_art = paid_order([(art, 4000)], when, number="SLIP2")
    for order in (mixed, only_art):
        for line in order.lines.all():
            line.partner = line.product.stockrecords.get().partner
            line.partner_name = line.partner.name
            line.save()
    return {"brewer": make_user(roles.INSTRUCTORS, workshops=[brewery]),
            "artist": make_user(roles.INSTRUCTORS, workshops=[studio]),
            "beer": beer, "art": art}


def slip(client, number):
    return client.get(reverse("shop-packing-slip", args=[number]))


def test_an_instructor_prints_only_their_workshops_lines_with_the_id_check_for_beer(client, orders):
    client.force_login(orders["brewer"])
    response = slip(client, "SLIP1")
    assert response.status_code == 200
    assert [line.product for line in response.context["lines"]] == [orders["beer"]]
    page = response.content.decode()
    assert ID_CHECK_NOTE in page and orders["beer"].title in page and orders["art"].title not in page
    assert slip(client, "SLIP2").status_code == 404


def test_the_id_check_is_left_off_a_slip_without_beer(client, orders):
    client.force_login(orders["artist"])
    response = slip(client, "SLIP1")
    assert response.status_code == 200
    assert [line.product for line in response.context["lines"]] == [orders["art"]]
    assert ID_CHECK_NOTE not in response.content.decode()
    assert orders["beer"].title not in response.content.decode()


def test_an_admin_prints_the_whole_order(client, orders):
    client.force_login(make_user(roles.ADMINS))
    response = slip(client, "SLIP1")
    assert {line.product for line in response.context["lines"]} == {orders["beer"], orders["art"]}
    assert ID_CHECK_NOTE in response.content.decode()


def test_the_instructors_order_page_links_to_the_slip_but_not_to_refunds(client, orders):
    client.force_login(orders["brewer"])
    page = client.get(reverse("dashboard:order-detail", args=["SLIP1"])).content.decode()
    assert reverse("shop-packing-slip", args=["SLIP1"]) in page
    assert reverse("shop-order-refund", args=["SLIP1"]) not in page
    refund = client.get(reverse("shop-order-refund", args=["SLIP1"]))
    assert refund.status_code == 302 and "login" in refund["Location"]


@pytest.mark.parametrize("role", [roles.BUYERS, roles.MAKERS])
def test_buyers_and_makers_get_no_slip(client, orders, role):
    client.force_login(make_user(role))
    assert slip(client, "SLIP1").status_code == 404
