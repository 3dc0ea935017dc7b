"""Changes staff make to a placed order from the dashboard: its notes and its delivery address.

An order can hold several workshops' lines, and its instructors see the same order page, so each change has an owner:
a note belongs to whoever wrote it (system notes, written by the shop, to nobody but the co-op admins), and the
delivery address of an order belongs to its workshop only when every line is theirs. Co-op admins may do all of it.
Every change is written to the audit log in the same transaction; the buyer's address is personal data, so the log
says which parts of it changed, never what they were or became.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from oscar.apps.dashboard.orders.views import get_change_summary
from oscar.core.loading import get_model

from makers.access import sees_every_workshop, workshops_for
from storefront import audit

OrderNote = get_model("order", "OrderNote")
ShippingAddress = get_model("order", "ShippingAddress")

ADDRESS_FIELDS = ("first_name", "last_name", "line1", "line2", "line3", "line4", "state", "postcode", "country",
                  "phone_number", "notes")
NOT_YOUR_NOTE = "Only the person who wrote a note, or a co-op admin, can change or delete it."
NOTE_CLOSED = "A note can be edited only in the five minutes after it was saved: add a new note instead."
NOT_YOUR_ADDRESS = ("This order also holds other workshops' lines, so only a co-op admin can change its delivery "
                    "address: ask one to do it.")


def may_manage_note(user, note):
    """Delete a note, or edit it while Oscar still allows (five minutes): its author, or any co-op admin. The shop's
    own system notes (payments, refunds, address changes) are the order's history: co-op admins only."""
    if sees_every_workshop(user):
        return True
    return note.note_type != OrderNote.SYSTEM and note.user_id is not None and note.user_id == user.pk


def may_change_address(user, order):
    """A co-op admin, or an instructor of the workshops of every line of the order: the parcel of a shared order
    carries other workshops' goods too."""
    if sees_every_workshop(user):
        return True
    return not order.lines.exclude(partner__workshop__in=workshops_for(user)).exists()


def _note_values(note):
    return {"note": note.pk, "type": note.note_type, "message": note.message}


@transaction.atomic
def add_note(order, by, message):
    note = OrderNote.objects.create(order=order, user=by, message=message)
    audit.record(by, "order.note_added", order, after=_note_values(note))
    return note


@transaction.atomic
def edit_note(note, by, message):
    """Change the text of a note, if ``by`` may manage it and Oscar still lets it be edited."""
    note = OrderNote.objects.select_for_update().get(pk=note.pk)
    if not may_manage_note(by, note):
        raise PermissionDenied(NOT_YOUR_NOTE)
    if not note.is_editable():
        raise PermissionDenied(NOTE_CLOSED)
    before = _note_values(note)
    note.message = message
    note.save(update_fields=["message", "date_updated"])
    audit.record(by, "order.note_edited", note.order, before, _note_values(note))
    return note


@transaction.atomic
def delete_note(note, by):
    note = OrderNote.objects.select_for_update().get(pk=note.pk)
    if not may_manage_note(by, note):
        raise PermissionDenied(NOT_YOUR_NOTE)
    audit.record(by, "order.note_deleted", note.order, before=_note_values(note))
    note.delete()


@transaction.atomic
def change_shipping_address(order, by, values):
    """Write the delivery address from ``values`` (the dashboard form's cleaned data), with Oscar's system note of
    what changed on the order and an audit entry naming the changed fields. Returns the address."""
    if not may_change_address(by, order):
        raise PermissionDenied(NOT_YOUR_ADDRESS)
    address = ShippingAddress.objects.select_for_update().get(order=order)
    old = ShippingAddress.objects.get(pk=address.pk)
    for field in ADDRESS_FIELDS:
        if field in values:
            setattr(address, field, values[field])
    address.save()
    before, after = audit.changes(audit.snapshot(old, ADDRESS_FIELDS), audit.snapshot(address, ADDRESS_FIELDS),
                                  private=ADDRESS_FIELDS)
    if after:
        OrderNote.objects.create(order=order, user=by, note_type=OrderNote.SYSTEM,
                                 message=f"Delivery address updated:\n{get_change_summary(old, address)}")
        audit.record(by, "order.address_changed", order, before, after)
    return address
