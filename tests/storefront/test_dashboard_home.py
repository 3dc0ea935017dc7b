"""The dashboard home as each dashboard role lands on it: every link on it opens, and it points at the screens the
role came for (found walking the demo: instructors and makers got Oscar's shop-wide report, whose figures counted other
workshops' products and orders, with a "View Stock Alerts" button that answered 403, and no way to their statements)."""

import re

import pytest
from django.urls import reverse

from tests.test_permission_matrix import ADMIN, INSTRUCTOR, MAKER, world  # noqa: F401  world is a fixture, used by name

pytestmark = pytest.mark.django_db

WANTED = {
    MAKER: [reverse("dashboard:catalogue-product-list"), reverse("own-statement")],
    INSTRUCTOR: [reverse("dashboard:catalogue-product-list"), reverse("makers-dashboard:list"),
                 reverse("dashboard:order-list")],
    ADMIN: [reverse("dashboard:catalogue-product-list"), reverse("dashboard:order-list"),
            reverse("dashboard:stock-alert-list")],
}


def own_links(html):
    """The dashboard and account links of a page, but signing out."""
    links = {href.replace("&amp;", "&") for href in re.findall(r'href="(/(?:dashboard|shop/accounts)/[^"#]*)"', html)}
    return sorted(link for link in links if "logout" not in link)


@pytest.mark.parametrize("role", sorted(WANTED))
def test_every_link_on_the_dashboard_home_opens_for_the_role(client, world, role):  # noqa: F811
    client.force_login(world["users"][role])
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 200
    html = response.content.decode()
    links = own_links(html)
    assert set(WANTED[role]) <= set(links), links
    refused = {link: status for link in links if (status := client.get(link).status_code) not in (200, 302)}
    assert not refused


def test_a_maker_sees_no_shop_figures_on_the_dashboard_home(client, world):  # noqa: F811
    client.force_login(world["users"][MAKER])
    html = client.get(reverse("dashboard:index")).content.decode()
    assert "Total Products" not in html and "Total revenue" not in html
    assert reverse("dashboard:stock-alert-list") not in html
