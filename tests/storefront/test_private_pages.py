"""Private pages tell every browser and cache not to keep a copy (storefront.middleware.PrivatePagesNotStored)."""

import pytest
from django.urls import reverse

from tests.test_permission_matrix import ADMIN, MAKER, world  # noqa: F401  the permission matrix's test world

pytestmark = pytest.mark.django_db

PAGES = [
    ("maker's private page", ADMIN, lambda w: reverse("makers-dashboard:private", args=[w["ours"].pk])),
    ("statement", ADMIN, lambda w: reverse("payouts:statement", args=[w["ours"].slug])),
    ("printable statement", ADMIN, lambda w: reverse("payouts:statement-print", args=[w["ours"].slug])),
    ("own statement", MAKER, lambda w: reverse("own-statement")),
    ("own printable statement", MAKER, lambda w: reverse("own-statement-print")),
    ("payout CSV", ADMIN, lambda w: reverse("payouts:export", args=[w["run"].pk, "member"])),
    ("payout run", ADMIN, lambda w: reverse("payouts:run", args=[w["run"].pk])),
    ("order list", ADMIN, lambda w: reverse("dashboard:order-list")),
    ("order detail", ADMIN, lambda w: reverse("dashboard:order-detail", args=[w["order"].number])),
    ("orders CSV", ADMIN, lambda w: reverse("dashboard:order-list") + "?response_format=csv"),
    ("own account", MAKER, lambda w: reverse("customer:profile-view")),
]


@pytest.mark.parametrize("name,role,url", PAGES, ids=[page[0] for page in PAGES])
def test_a_private_page_is_never_stored(client, world, name, role, url):  # noqa: F811
    client.force_login(world["users"][role])
    response = client.get(url(world))
    assert response.status_code == 200
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "private"} <= directives


def test_public_pages_may_still_be_cached(client, world):  # noqa: F811
    response = client.get(reverse("catalogue:index"))
    assert response.status_code == 200
    assert "no-store" not in response.get("Cache-Control", "")
