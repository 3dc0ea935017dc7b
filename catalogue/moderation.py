"""Moderation of listings: draft → submitted → approved (public), changes requested (with the reviewer's reason) or
rejected. This module is the one home of those states' rules; views and forms call its functions.

Oscar hides products whose ``is_public`` is false on every page, so each transition keeps ``is_public`` equal to
"approved" (for a textile's variants too); the search index follows on commit (``catalogue.search``).
Each transition locks the product row, checks the state it starts from, and writes an audit entry in the same
transaction, so two reviewers acting at once cannot both succeed.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from oscar.core.loading import get_model

from catalogue import product_lines
from storefront import audit

Product = get_model("catalogue", "Product")

REVIEW_PERMISSION = "catalogue.review_product"
EDITABLE_STATES = (Product.DRAFT, Product.CHANGES_REQUESTED, Product.APPROVED)


class ModerationError(ValidationError):
    """A transition that the listing's state, its content or the person asking does not allow."""


def public_text(product):
    """Everything a buyer reads about a listing: title, description, text attributes and its variants' titles and text
    attributes, for comparison on edit."""
    return {key: text for key, _, text in public_text_parts(product)}


def public_text_parts(product, variants=None):
    """The listing's public text as (stable key, label for people, text): the one walk over it, shared by the
    comparison on edit (keys), the review flags (labels) and the search index (``variants``: only the public ones)."""
    yield "title", "Title", product.title or ""
    yield "description", "Description", product.description or ""
    yield from _text_attributes(product, "", "")
    for child in product.children.all() if variants is None else variants:
        label = f"Variant “{child.get_title()}” "
        yield f"variant:{child.pk}:title", f"{label}title", child.title or ""
        yield from _text_attributes(child, f"variant:{child.pk}:", label)


def _text_attributes(product, key_prefix, label_prefix):
    values = product.attribute_values.all()
    if "attribute_values" not in getattr(product, "_prefetched_objects_cache", {}):
        values = values.select_related("attribute")  # the review screens prefetch them with their attributes
    for value in values:
        if value.attribute.type in ("text", "richtext"):
            yield (f"{key_prefix}attribute:{value.attribute.code}", f"{label_prefix}{value.attribute.name}",
                   str(value.value or ""))


def submit(product, actor):
    """Ask for review: the maker or instructor thinks the listing is ready."""
    return _move(product, actor, (Product.DRAFT, Product.CHANGES_REQUESTED), Product.SUBMITTED, "listing.submitted",
                 check=_ready_for_review)


def approve(product, actor, note=""):
    """Make a submitted listing public. The line's rules for public listings apply (a Recycled IT device without its
    erasure certificate, or a beer past its best-before, cannot be approved)."""
    _require_reviewer(actor)
    return _move(product, actor, (Product.SUBMITTED,), Product.APPROVED, "listing.approved", note=note,
                 check=product_lines.validate_product, reviewed=True)


def request_changes(product, actor, reason):
    """Send a listing back to its author with the reviewer's reason; an approved one leaves the shop meanwhile."""
    _require_reviewer(actor)
    _require_reason(reason)
    return _move(product, actor, (Product.SUBMITTED, Product.APPROVED), Product.CHANGES_REQUESTED,
                 "listing.changes_requested", note=reason, reviewed=True)


def reject(product, actor, reason):
    """Refuse a listing for good (it stays in the dashboard, never in the shop)."""
    _require_reviewer(actor)
    _require_reason(reason)
    return _move(product, actor, (Product.SUBMITTED, Product.CHANGES_REQUESTED, Product.APPROVED), Product.REJECTED,
                 "listing.rejected", note=reason, reviewed=True)


def consent_withdrawn(product, maker, actor=None):
    """Take an approved listing out of the shop because one of its makers withdrew their consent to listing; it comes
    back through review once consent is recorded again. ``actor`` is who recorded the withdrawal (None: the system)."""
    return _move(product, actor, (Product.APPROVED, Product.SUBMITTED), Product.CHANGES_REQUESTED,
                 "listing.consent_withdrawn",
                 note=f"{maker.display_name} withdrew their consent to listing; record it again before resubmitting.")


def after_edit(product, text_before, actor):
    """Call after saving an edit, with ``public_text`` taken before it: an approved listing whose public text changed
    goes back to review (price and stock edits leave it public). Returns True if it was sent back."""
    if product.moderation_state != Product.APPROVED or public_text(product) == text_before:
        return False
    _move(product, actor, (Product.APPROVED,), Product.SUBMITTED, "listing.resubmitted",
          note="Public text changed after approval.")
    return True


def _ready_for_review(product):
    if not product.attributions.exists():
        raise ModerationError("Say who made this listing before submitting it.")


def _require_reviewer(actor):
    if not actor.has_perm(REVIEW_PERMISSION):
        raise PermissionDenied("Only co-op admins review listings.")


def _require_reason(reason):
    if not (reason or "").strip():
        raise ModerationError({"reason": "Give the maker a reason, so they know what to change."})


def _move(product, actor, allowed, to, action, note="", check=None, reviewed=False):
    """``reviewed``: a reviewer decided, so what sanitising removed from the description has been seen."""
    with transaction.atomic():
        locked = Product.objects.select_for_update().get(pk=product.pk)
        if locked.moderation_state not in allowed:
            raise ModerationError(
                f"This listing is “{locked.get_moderation_state_display().lower()}” now, so that cannot be done; "
                "reload the page to see its current state.")
        before = {"moderation_state": locked.moderation_state, "is_public": locked.is_public}
        locked.moderation_state, locked.moderation_note = to, note
        locked.is_public = to == Product.APPROVED
        if reviewed:
            locked.markup_removed = []
        if check:
            check(locked)
        locked.save(update_fields=["moderation_state", "moderation_note", "is_public", "markup_removed",
                                   "date_updated"])
        for child in locked.children.all():
            child.is_public = locked.is_public
            child.save(update_fields=["is_public", "date_updated"])
        audit.record(actor, action, locked, before,
                     {"moderation_state": locked.moderation_state, "is_public": locked.is_public}, note=note)
    product.refresh_from_db()
    return product

