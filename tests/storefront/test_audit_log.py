"""The audit-log screen: co-op admins only, filtered by kind of thing, object and action."""

import pytest
from django.urls import reverse

from storefront import audit, roles
from tests.factories import make_maker, make_user

pytestmark = pytest.mark.django_db


def test_admins_filter_the_log_by_kind_object_and_action(client):
    admin = make_user(roles.ADMINS)
    first, second = make_maker(display_name="Nell"), make_maker(display_name="Ossie")
    audit.record(admin, "maker.changed", first, {"bio": "a"}, {"bio": "b"})
    audit.record(admin, "consent.given", second)
    client.force_login(admin)
    everything = client.get(reverse("audit-log"))
    assert {e.target_label for e in everything.context["entries"]} >= {"Nell", "Ossie"}
    one = client.get(reverse("audit-log"), {"target_type": "makers.maker", "target_id": first.pk})
    assert [(e.action, e.target_label) for e in one.context["entries"]] == [("maker.changed", "Nell")]
    assert "bio" in one.content.decode()
    consents = client.get(reverse("audit-log"), {"action": "consent."})
    assert {e.target_label for e in consents.context["entries"]} == {"Ossie"}


def test_the_log_is_refused_to_everyone_else(client):
    assert client.get(reverse("audit-log")).status_code == 302
    for role in (roles.BUYERS, roles.MAKERS, roles.INSTRUCTORS, roles.EDITORS):
        client.force_login(make_user(role))
        assert client.get(reverse("audit-log")).status_code == 403
