"""Admin actions on makers, each one function that locks what it changes and writes the audit log in the same
transaction: create and edit a maker (public and private fields), look at the private fields, add a status
period, record a co-op membership, remove their photo. Consent has its own home, makers.consent.

A photo that is replaced, cleared or removed is deleted from storage with its thumbnails once the change is committed:
the maker asked for it to go, and a file left behind would still answer at its old address.

Edits carry a version token taken when the form was shown: if the maker changed meanwhile the edit is refused
(``StaleEdit``) instead of silently overwriting someone else's change. Private values never enter the audit log:
it records that a private field changed, not what it was or became.
"""

import json

from django.db import transaction
from django.utils.crypto import salted_hmac

from catalogue import images
from makers.models import Maker, MakerStatus, Membership
from storefront import audit

PUBLIC_FIELDS = ("display_name", "bio", "workshop", "user", "opt_out_reparation", "housed_by_coop", "photo")
PRIVATE_FIELDS = Maker.PRIVATE_FIELDS


class StaleEdit(Exception):
    """The maker changed since the form was shown."""

    message = "Someone changed this maker since you opened the page: reload it and make your change again."


def version_token(maker):
    """A keyed fingerprint of everything an admin can edit on a maker (keyed, so it reveals nothing private)."""
    values = audit.snapshot(maker, PUBLIC_FIELDS + PRIVATE_FIELDS)
    return salted_hmac("makers.version", json.dumps(values, sort_keys=True)).hexdigest()[:20]


@transaction.atomic
def create_maker(by, **fields):
    maker = Maker(**fields)
    maker.full_clean(exclude=["slug"])
    maker.save()
    _, after = audit.changes({}, audit.snapshot(maker, PUBLIC_FIELDS + PRIVATE_FIELDS), PRIVATE_FIELDS)
    audit.record(by, "maker.created", maker, after=after)
    return maker


@transaction.atomic
def update_maker(maker, by, token, **changes):
    """Apply ``changes`` to the maker if it is still as it was when ``token`` was taken."""
    maker = Maker.objects.select_for_update().get(pk=maker.pk)
    if token != version_token(maker):
        raise StaleEdit(StaleEdit.message)
    before = audit.snapshot(maker, PUBLIC_FIELDS + PRIVATE_FIELDS)
    photo = maker.photo
    for field, value in changes.items():
        setattr(maker, field, value)
    maker.full_clean()
    maker.save()
    old, new = audit.changes(before, audit.snapshot(maker, PUBLIC_FIELDS + PRIVATE_FIELDS), PRIVATE_FIELDS)
    if new:
        audit.record(by, "maker.changed", maker, old, new)
    if "photo" in new and photo:
        _delete_on_commit(photo)
    return maker


@transaction.atomic
def remove_photo(maker, by=None, reason=""):
    """Take the maker's photo off their record and delete it with its thumbnails; returns the maker, or None if
    there was no photo. ``by`` None is the system (the daily consent task)."""
    maker = Maker.objects.select_for_update().get(pk=maker.pk)
    if not maker.photo:
        return None
    photo = maker.photo
    maker.photo = ""
    maker.save(update_fields=["photo"])
    audit.record(by, "maker.photo_removed", maker, {"photo": photo.name}, {"photo": ""}, note=reason)
    _delete_on_commit(photo)
    return maker


def _delete_on_commit(photo):
    """Files are not transactional: delete only once the record no longer points at the file."""
    transaction.on_commit(lambda: images.delete_with_thumbnails(photo))


def record_private_view(maker, by):
    """Looking at a maker's legal name, prisoner number and establishment is itself logged."""
    return audit.record(by, "maker.private_viewed", maker, note="Viewed the private fields")


@transaction.atomic
def add_status(maker, by, status, starts_on, ends_on=None):
    """A new status period; the open period before it, if any, ends the day this one starts."""
    Maker.objects.select_for_update().filter(pk=maker.pk).first()
    current = maker.statuses.filter(ends_on__isnull=True, starts_on__lt=starts_on).first()
    if current is not None:
        current.ends_on = starts_on
        current.save()
    period = MakerStatus(maker=maker, status=status, starts_on=starts_on, ends_on=ends_on, recorded_by=by)
    period.save()
    audit.record(by, "maker.status_added", maker,
                 {"status": current.status} if current else {},
                 {"status": status, "starts_on": starts_on, "ends_on": ends_on})
    return period


MEMBERSHIP_FIELDS = ("number", "member_class", "joined_on", "ended_on", "fee_paid_pence", "share_paid_pence")


@transaction.atomic
def save_membership(maker, by, **fields):
    """Create or change the maker's co-op membership (one member, one vote)."""
    membership = Membership.objects.select_for_update().filter(maker=maker).first() or Membership(maker=maker)
    before = audit.snapshot(membership, MEMBERSHIP_FIELDS) if membership.pk else {}
    for field, value in fields.items():
        setattr(membership, field, value)
    membership.full_clean()
    membership.save()
    audit.record(by, "maker.membership_saved", maker, before, audit.snapshot(membership, MEMBERSHIP_FIELDS))
    return membership
