"""A buyer's order line address, /shop/accounts/orders/<number>/<line>/, where Oscar's "buy again" form posts: a GET
leads to the order's page, and only the buyer's own order and its own lines are found."""

import datetime

import pytest
from django.urls import reverse
from oscar.core.loading import get_model

from payouts.testing import paid_order
from storefront import roles
from tests.checkout.checkout_flow import made_from_now_on
from tests.factories import make_product, make_user

pytestmark = pytest.mark.django_db
BasketLine = get_model("basket", "Line")
WHEN = datetime.datetime(2026, 3, 3, 12, tzinfo=datetime.UTC)


@pytest.fixture
def orders():
    mine, theirs = make_user(roles.BUYERS), make_user(roles.BUYERS)
    my_order = paid_order([(make_product("it", stock=3), 9000)], WHEN, number="MINE1")
    their_order = paid_order([(make_product("it", stock=3), 9000)], WHEN, number="THEIRS1")
    my_order.user, their_order.user = mine, theirs
    my_order.save()
    their_order.save()
    return mine, my_order, their_order


def line_url(order, line):
    return reverse("customer:order-line", args=[order.number, line.pk])


def test_a_buyers_order_line_leads_to_its_order(client, orders):
    mine, my_order, _ = orders
    client.force_login(mine)
    response = client.get(line_url(my_order, my_order.lines.get()))
    assert response.status_code == 302 and response["Location"] == reverse("customer:order", args=[my_order.number])
    assert client.get(response["Location"]).status_code == 200


def test_another_buyers_order_or_line_is_not_found(client, orders):
    mine, my_order, their_order = orders
    client.force_login(mine)
    lines = made_from_now_on(BasketLine)
    their_line = their_order.lines.get()
    for url in (line_url(their_order, their_line), line_url(my_order, their_line)):
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"action": "reorder"}).status_code == 404, url
    assert not lines.exists()


def test_buying_a_line_again_still_works(client, orders):
    mine, my_order, _ = orders
    client.force_login(mine)
    lines = made_from_now_on(BasketLine)
    response = client.post(line_url(my_order, my_order.lines.get()), {"action": "reorder"})
    assert response.status_code == 302 and response["Location"] == reverse("basket:summary")
    assert [line.product for line in lines] == [my_order.lines.get().product]


def test_an_anonymous_visitor_is_asked_to_sign_in(client, orders):
    _, my_order, _ = orders
    response = client.get(line_url(my_order, my_order.lines.get()))
    assert response.status_code == 302 and "/login/" in response["Location"]
