"""Every co-op screen below a list leads back to it in its breadcrumbs (found walking the demo: a payout run, a maker's
page and a statement showed only "Dashboard", so the way back to the runs or the makers was the browser's back)."""

import re

import pytest
from django.urls import reverse

from tests.test_permission_matrix import ADMIN, INSTRUCTOR, world  # noqa: F401  world is a fixture, used by name

pytestmark = pytest.mark.django_db

SCREENS = [
    (lambda w: reverse("payouts:run", args=[w["run"].pk]), "payouts:runs"),
    (lambda w: reverse("payouts:close"), "payouts:runs"),
    (lambda w: reverse("payouts:policy-add"), "payouts:policies"),
    (lambda w: reverse("payouts:statement", args=[w["ours"].slug]), "makers-dashboard:list"),
    (lambda w: reverse("makers-dashboard:maker", args=[w["ours"].pk]), "makers-dashboard:list"),
    (lambda w: reverse("makers-dashboard:private", args=[w["ours"].pk]), "makers-dashboard:list"),
    (lambda w: reverse("makers-dashboard:create"), "makers-dashboard:list"),
]


def crumbs(html):
    found = re.search(r'<ol class="breadcrumb">(.*?)</ol>', html, re.S)
    return found.group(1) if found else ""


@pytest.mark.parametrize("url, up", SCREENS)
def test_a_co_op_screen_leads_back_to_its_list(client, world, url, up):  # noqa: F811
    client.force_login(world["users"][ADMIN])
    response = client.get(url(world))
    assert response.status_code == 200
    assert f'href="{reverse(up)}"' in crumbs(response.content.decode())


def test_an_instructors_statement_page_leads_back_to_their_makers(client, world):  # noqa: F811
    client.force_login(world["users"][INSTRUCTOR])
    response = client.get(reverse("payouts:statement", args=[world["ours"].slug]))
    link = reverse("makers-dashboard:list")
    assert f'href="{link}"' in crumbs(response.content.decode())
    assert client.get(link).status_code == 200
