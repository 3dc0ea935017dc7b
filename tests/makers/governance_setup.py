"""Builders for the governance tests: members of each kind and a proposal open for voting now."""

import datetime
import itertools

from django.contrib.auth.models import Group
from django.utils import timezone

from makers import governance
from makers.models import Membership, Proposal
from storefront import roles
from tests.factories import make_maker, make_user, make_workshop

_numbers = itertools.count(1)
JOINED = datetime.date(2024, 1, 1)


def make_member(maker=None, user=None, member_class=Membership.MAKER, joined_on=JOINED, ended_on=None):
    return Membership.objects.create(number=f"TST-{next(_numbers):05d}", member_class=member_class,
                                     joined_on=joined_on, ended_on=ended_on, maker=maker, user=user)


def online_member(**fields):
    """A released maker who signs in, and their membership."""
    user = make_user(roles.MAKERS)
    maker = make_maker(statuses=[("released", JOINED, None)], user=user)
    return user, make_member(maker=maker, **fields)


def inside_member(workshop, **fields):
    """A serving maker of a prison workshop: no login, votes on paper."""
    return make_member(maker=make_maker(workshop=workshop), **fields)


def open_proposal(admin, labels=("Plant the orchard", "Keep the lawn"), opens=-3600, closes=3600, **fields):
    """A proposal whose voting opened `opens` seconds from now and closes `closes` seconds from now."""
    now = timezone.now()
    meeting = governance.open_meeting(admin, title="Spring general meeting")
    fields = {"title": "The garden at the studio", "text": "What to do with the yard behind the studio.",
              "quorum_percent": 10, "opens_at": now + datetime.timedelta(seconds=opens),
              "closes_at": now + datetime.timedelta(seconds=closes)} | fields
    return governance.add_proposal(meeting, admin, options=[{"label": label} for label in labels], **fields)


def time_is_up(proposal):
    """Move the proposal's closing time into the past, as if the clock had run on (the proposal row only)."""
    now = timezone.now()
    Proposal.objects.filter(pk=proposal.pk).update(opens_at=now - datetime.timedelta(hours=2),
                                                   closes_at=now - datetime.timedelta(seconds=1))
    proposal.refresh_from_db()
    return proposal


def co_op_admin():
    """A co-op admin (the role's group, staff), without Wagtail's Moderators group, which transactional tests flush."""
    user = make_user()
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(Group.objects.get(name=roles.ADMINS))
    return type(user).objects.get(pk=user.pk)


def only_new_members():
    """End every membership already in the database (the demo's, when loaded), so a test's register holds only the
    members it makes."""
    for membership in Membership.objects.filter(ended_on__isnull=True):
        Membership.objects.filter(pk=membership.pk).update(ended_on=membership.joined_on + datetime.timedelta(days=1))


def people():
    """Two admins, an instructor of the prison workshop `north`, an instructor of another workshop; no member yet."""
    only_new_members()
    north, south = make_workshop(), make_workshop()
    return {
        "north": north, "south": south,
        "admin": co_op_admin(), "admin2": co_op_admin(),
        "instructor": make_user(roles.INSTRUCTORS, workshops=[north]),
        "instructor2": make_user(roles.INSTRUCTORS, workshops=[north]),
        "other_instructor": make_user(roles.INSTRUCTORS, workshops=[south]),
    }
