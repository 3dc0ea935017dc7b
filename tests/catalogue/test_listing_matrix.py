"""The listing rows of the README permission matrix, walked cell by cell (brief: matrix-listings.md)."""

import pytest
from django.urls import reverse

from storefront import roles
from tests.catalogue.listing_setup import make_listing, make_user

pytestmark = pytest.mark.django_db
LOGIN, REFUSED, NOT_FOUND, OK = "login", 403, 404, 200


def urls():
    """Each screen, with a listing of the user's own (``own``) or of the other workshop (``other``); variants are
    added to textiles."""
    return {
        "list": lambda own, other: reverse("dashboard:catalogue-product-list"),
        "create": lambda own, other: reverse("dashboard:catalogue-product-create", args=["art"]),
        "edit own": lambda own, other: reverse("dashboard:catalogue-product", args=[own.pk]),
        "edit other": lambda own, other: reverse("dashboard:catalogue-product", args=[other.pk]),
        "variant own": lambda own, other: reverse("dashboard:catalogue-product-create-child", args=[own.textile.pk]),
        "variant other": lambda own, other: reverse("dashboard:catalogue-product-create-child",
                                                    args=[other.textile.pk]),
        "delete own": lambda own, other: reverse("dashboard:catalogue-product-delete", args=[own.pk]),
        "bulk action": lambda own, other: reverse("dashboard:catalogue-product-bulk-action"),
        "lookup": lambda own, other: reverse("dashboard:catalogue-product-lookup"),
        "review queue": lambda own, other: reverse("dashboard:catalogue-review-list"),
        "review one": lambda own, other: reverse("dashboard:catalogue-review", args=[own.pk]),
    }


DASHBOARD_USER = {"list": OK, "create": OK, "edit own": OK, "edit other": NOT_FOUND, "variant own": OK,
                  "variant other": NOT_FOUND, "delete own": REFUSED, "bulk action": REFUSED, "lookup": OK,
                  "review queue": REFUSED, "review one": REFUSED}
MATRIX = {
    "anonymous": dict.fromkeys(DASHBOARD_USER, LOGIN),
    "buyer": dict.fromkeys(DASHBOARD_USER, REFUSED),
    "editor": dict.fromkeys(DASHBOARD_USER, REFUSED),
    "maker": DASHBOARD_USER,
    "instructor": DASHBOARD_USER,
    "co-op admin": dict.fromkeys(DASHBOARD_USER, OK) | {"bulk action": 302},  # no selection: back to the list
}


@pytest.mark.parametrize("role", MATRIX)
def test_listing_screens_by_role(client, shop, role):
    users = {"buyer": lambda: make_user("buyer@example.org", roles.BUYERS),
             "editor": lambda: make_user("editor@example.org", roles.EDITORS),
             "maker": lambda: shop.maker_user, "instructor": lambda: shop.ia, "co-op admin": lambda: shop.admin}
    own = {"maker": shop.pu}.get(role, shop.pa)
    own.textile = make_listing(shop.mu if role == "maker" else shop.ma, line="textiles")
    shop.pb.textile = make_listing(shop.mb, line="textiles")
    if role in users:
        client.force_login(users[role]())
    found = {}
    for screen, url in urls().items():
        response = client.get(url(own, shop.pb))
        login = response.status_code == 302 and "/login/" in response["Location"]
        found[screen] = LOGIN if login else response.status_code
    assert found == MATRIX[role]
