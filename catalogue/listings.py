"""Business actions on a listing other than moderation (``catalogue.moderation``) and scoping (``catalogue.scope``)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from oscar.core.loading import get_model

from catalogue import moderation
from makers.models import Consent, london_date
from storefront import audit

StockRecord = get_model("partner", "StockRecord")


def snapshot(listing):
    """What an edit of a listing is audited by: its public text, and its variants' and its own prices and stock."""
    records = StockRecord.objects.filter(Q(product=listing) | Q(product__parent=listing)).order_by("pk")
    stock = {f"stock:{record.pk}": {"price": str(record.price), "num_in_stock": record.num_in_stock}
             for record in records}
    return {"text": moderation.public_text(listing), "stock": stock}


def saved(listing, before, actor):
    """Call after a listing or one of its variants was saved through a form, with its ``snapshot`` taken before
    (None for a new listing). Records what changed in the audit log and sends an approved listing whose public text
    changed back to review (price and stock edits leave it public). Returns True if it was sent back."""
    after = snapshot(listing)
    new = after["text"] | after["stock"]
    if before is None:
        audit.record(actor, "listing.created", listing, after=new)
        return False
    old = before["text"] | before["stock"]
    changed = sorted(key for key in old.keys() | new.keys() if old.get(key) != new.get(key))
    if changed:
        audit.record(actor, "listing.edited", listing, {key: old.get(key) for key in changed},
                     {key: new.get(key) for key in changed})
    return moderation.after_edit(listing, before["text"], actor)


def credits(product):
    """Who is credited on a listing and with what share weight (shares split the wage part, so changes are audited)."""
    return {f"maker:{a.maker_id}": a.share_weight for a in product.attributions.all()} if product.pk else {}


def record_credits(product, before, actor):
    """Audit a change of the makers credited on a listing, given ``credits`` taken before it."""
    after = credits(product)
    if after != before:
        audit.record(actor, "listing.credits_changed", product, before, after)


@transaction.atomic
def record_listing_consent(maker, by, on=None, notes="Recorded while listing their work in the dashboard."):
    """Record that a maker agreed to their work being listed under their display name.

    Instructors and admins record it for the makers they look after (permission ``makers.add_consent``); a maker with a
    login gives it for themselves by proposing a listing. Recorded in the audit log with the consent.
    """
    if not (by.has_perm("makers.add_consent") or (maker.user_id is not None and maker.user_id == by.pk)):
        raise PermissionDenied("Only the maker, their instructor or a co-op admin can record their consent.")
    consent = Consent.objects.create(maker=maker, scope=Consent.LISTING, given_on=london_date(on), recorded_by=by,
                                     notes=notes)
    audit.record(by, "consent.given", maker, after={"scope": Consent.LISTING, "given_on": consent.given_on})
    return consent
