"""The audit log's one way in: every admin action that touches money, listings, makers' private data or consent calls
``record`` inside the same transaction as the change, so the log and the data can never disagree."""

import datetime
import decimal

from django.db import models

from storefront.models import AuditEntry


def snapshot(instance, fields):
    """The named fields of a model instance as JSON-safe values (dates as ISO text, foreign keys as ids)."""
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        value = getattr(instance, field.attname if isinstance(field, models.ForeignKey) else name)
        values[name] = _plain(value)
    return values


def _plain(value):
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, models.fields.files.FieldFile):
        return value.name or ""
    return value


PRIVATE, CHANGED = "(private)", "(private: changed)"


def changes(before, after, private=()):
    """The fields that differ between two snapshots, as (before, after) for ``record``. Fields named in ``private``
    (a maker's legal name, a buyer's address) are only marked as changed: the log is kept for good and is read by
    every co-op admin, so it never holds a copy of a private value."""
    old, new = {}, {}
    for field in dict.fromkeys([*before, *after]):
        if before.get(field) == after.get(field):
            continue
        old[field] = PRIVATE if field in private else before.get(field)
        new[field] = CHANGED if field in private else after.get(field)
    return old, new


def record(actor, action, target, before=None, after=None, note=""):
    """Add one entry. ``actor`` is a user or None for the system; ``target`` is the model instance acted on."""
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_label=str(target)[:200],
        before={key: _plain(value) for key, value in (before or {}).items()},
        after={key: _plain(value) for key, value in (after or {}).items()},
        note=note,
    )


def trail(target):
    """Every entry about one thing, newest first."""
    return AuditEntry.objects.filter(target_type=target._meta.label_lower, target_id=str(target.pk)).select_related("actor")
