"""makers.access, the one home of scoping by workshop: who sees every workshop, and the two questions that differ by
the signed-in maker (the makers a user looks after, and those they may list for)."""

import pytest
from django.contrib.auth.models import AnonymousUser

from catalogue import scope
from makers import access
from storefront import roles
from tests.factories import make_maker, make_user, make_workshop

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    north, south = make_workshop(), make_workshop()
    maker_login = make_user(roles.MAKERS)
    ours, theirs = make_maker(workshop=north), make_maker(workshop=south, user=maker_login)
    return {"north": north, "south": south, "ours": ours, "theirs": theirs, "maker_login": maker_login,
            "instructor": make_user(roles.INSTRUCTORS, workshops=[north])}


def test_co_op_admins_and_staff_see_every_workshop_and_no_one_else(world):
    staff, inactive_admin = make_user(roles.BUYERS), make_user(roles.ADMINS)
    type(staff).objects.filter(pk=staff.pk).update(is_staff=True)
    type(staff).objects.filter(pk=inactive_admin.pk).update(is_active=False)
    staff.refresh_from_db()
    inactive_admin.refresh_from_db()
    assert access.sees_every_workshop(make_user(roles.ADMINS))
    assert access.sees_every_workshop(staff)
    assert {world["ours"], world["theirs"]} <= set(access.makers_for(staff))
    for user in (world["instructor"], world["maker_login"], make_user(roles.EDITORS), AnonymousUser(),
                 inactive_admin):
        assert not access.sees_every_workshop(user)


def test_a_maker_counts_themself_only_when_listing(world):
    maker_login, instructor = world["maker_login"], world["instructor"]
    assert list(access.makers_for(maker_login)) == []
    assert list(access.workshops_for(maker_login)) == []
    assert list(access.makers_for(maker_login, including_self=True)) == [world["theirs"]]
    assert list(access.workshops_for(maker_login, including_self=True)) == [world["south"]]
    assert list(scope.makers_for(maker_login)) == [world["theirs"]]
    assert list(access.makers_for(instructor)) == list(access.makers_for(instructor, including_self=True)) == [
        world["ours"]]
    assert list(access.makers_for(AnonymousUser(), including_self=True)) == []
