"""Each role finds its way in from the shop, and a refused screen still looks like the shop (found walking the demo:
an editor signed in at the shop had no link to the CMS, and a 403 was Django's bare "403 Forbidden")."""

import pytest
from django.urls import reverse

from storefront import roles
from tests.factories import make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role, sees_cms", [(roles.EDITORS, True), (roles.ADMINS, True), (roles.BUYERS, False),
                                            (roles.INSTRUCTORS, False)])
def test_the_shop_header_links_the_cms_for_those_who_may_use_it(client, role, sees_cms):
    client.force_login(make_user(role))
    html = client.get(reverse("customer:profile-view")).content.decode()
    assert (f'href="{reverse("wagtailadmin_home")}"' in html) is sees_cms
    if sees_cms:
        assert client.get(reverse("wagtailadmin_home")).status_code == 200


def test_a_refused_screen_says_so_in_the_shops_own_page(client):
    client.force_login(make_user(roles.EDITORS))
    response = client.get(reverse("dashboard:index"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "This page is not open to your account" in html
    assert f'href="{reverse("customer:summary")}"' in html
