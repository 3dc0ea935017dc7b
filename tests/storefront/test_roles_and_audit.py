"""Roles are groups brought to their permission lists on migrate; the audit log only ever grows."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError

from storefront import audit, roles
from storefront.models import AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db


def test_each_role_group_holds_exactly_its_permissions():
    for name, codes in roles.ROLES.items():
        group = Group.objects.get(name=name)
        held = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.select_related("content_type")}
        assert held == set(codes), name


def test_a_permission_added_by_hand_is_taken_away_on_sync():
    group = Group.objects.get(name=roles.MAKERS)
    group.permissions.add(*roles.permissions(["payouts.approve_payoutrun"]))
    roles.sync_roles(sender=type("Last", (), {"label": _last_label()})())
    assert not group.permissions.filter(codename="approve_payoutrun").exists()


def test_only_admins_may_review_listings_see_private_fields_or_approve_runs():
    for power in ("catalogue.review_product", "makers.view_private_maker", "payouts.approve_payoutrun"):
        holders = {name for name, codes in roles.ROLES.items() if power in codes}
        assert holders == {roles.ADMINS}, power


def test_naming_a_permission_that_does_not_exist_is_an_error():
    with pytest.raises(LookupError, match="catalogue.fly_product"):
        roles.permissions(["catalogue.fly_product"])


def test_audit_entries_record_before_and_after_and_cannot_be_changed_or_deleted():
    maker = factories.make_maker(display_name="Rosa")
    admin = get_user_model().objects.create_user(email="officer@example.org", password="x")
    entry = audit.record(admin, "maker.changed", maker, {"bio": "old"}, {"bio": "new"})
    assert entry.changes() == [("bio", "old", "new")]
    assert list(audit.trail(maker)) == [entry]
    assert entry.target_label == "Rosa"
    entry.note = "edited"
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()
    with pytest.raises(ValidationError):
        AuditEntry.objects.filter(pk=entry.pk).update(note="x")
    with pytest.raises(ValidationError):
        AuditEntry.objects.all().delete()


def _last_label():
    from django.apps import apps

    return [c for c in apps.get_app_configs() if c.models_module is not None][-1].label
