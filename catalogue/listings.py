"""Business actions on a listing other than moderation (``catalogue.moderation``) and scoping (``catalogue.scope``)."""

from django.core.exceptions import PermissionDenied
from django.db import transaction

from makers.models import Consent, london_date
from storefront import audit


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
