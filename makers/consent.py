"""Withdrawing a maker's consent takes down what depended on it (DOMAIN.md "Safeguarding and trust").

This is the one home of that take-down, for every scope of consent: a story consent's live stories are unpublished, a
listing consent's approved and waiting listings leave the shop for review, a photo consent's photo is deleted with its
thumbnails. ``withdraw_consent`` is the business action; a ``post_save`` receiver runs the same take-down when a
consent is withdrawn some other way (the Django admin), so no path leaves anything up without its maker's consent. A
withdrawal dated in the future takes effect on its date: ``take_down_lapsed`` runs every day (``makers.tasks``,
Celery beat) and finds every scope's lapsed consents with something still up.
"""

from django.db import transaction
from django.db.models import Q
from django.db.models.signals import post_save
from django.dispatch import receiver
from oscar.core.loading import get_model

from catalogue import moderation
from makers import actions
from makers.models import Consent, london_date
from storefront import audit

Product = get_model("catalogue", "Product")
CONSENT_FIELDS = ("scope", "given_on", "withdrawn_on", "recorded_by")
LISTED = (Product.APPROVED, Product.SUBMITTED)  # a listing in the shop or on its way there


@transaction.atomic
def give_consent(maker, scope, by, on=None, notes=""):
    """Record that the maker gave consent for `scope` on `on` (today by default), with who recorded it."""
    consent = Consent(maker=maker, scope=scope, given_on=london_date(on), recorded_by=by, notes=notes)
    consent.full_clean()
    consent.save()
    audit.record(by, "consent.given", maker, after=audit.snapshot(consent, CONSENT_FIELDS), note=consent.scope)
    return consent


@transaction.atomic
def withdraw_consent(consent, on=None, by=None):
    """Record that the maker withdrew this consent on `on` (today by default) and take down what it covered, if the
    withdrawal is in force today. Returns what was taken down (see ``take_down``)."""
    consent = Consent.objects.select_for_update().select_related("maker").get(pk=consent.pk)
    before = audit.snapshot(consent, CONSENT_FIELDS)
    consent.withdrawn_on = london_date(on)
    consent.recorded_by = by or consent.recorded_by
    consent.full_clean()
    # update(), not save(): the receiver below is for other paths; here the take-down's result is returned.
    Consent.objects.filter(pk=consent.pk).update(withdrawn_on=consent.withdrawn_on, recorded_by=consent.recorded_by)
    audit.record(by, "consent.withdrawn", consent.maker, before, audit.snapshot(consent, CONSENT_FIELDS),
                 note=consent.scope)
    return take_down(consent.maker, consent.scope, by=consent.recorded_by)


def _stories(maker, by):
    stories = list(maker.stories.live())
    for story in stories:
        story.unpublish(user=by, log_action=True)
    return stories


def _listings(maker, by):
    listings = Product.objects.filter(attributions__maker=maker, moderation_state__in=LISTED).distinct()
    return [moderation.consent_withdrawn(listing, maker, by) for listing in listings]


def _photo(maker, by):
    removed = actions.remove_photo(maker, by, reason="The maker withdrew their consent to a photo.")
    return [removed] if removed else []


# For each scope: what it takes down, and (for the daily task) which of its consents still have something up.
TAKE_DOWNS = {
    Consent.STORY: (_stories, Q(maker__stories__live=True)),
    Consent.LISTING: (_listings, Q(maker__attributions__product__moderation_state__in=LISTED)),
    Consent.PHOTO: (_photo, ~Q(maker__photo="")),
}


def take_down(maker, scope, by=None, on=None):
    """If the maker's consent to `scope` is not in force on `on` (today), take down what it covered: their live
    stories, their listed products, or their photo. Returns what was taken down (stories, products, or the maker
    whose photo went); nothing if consent is in force, so running it again changes nothing."""
    if maker.has_consent(scope, on):
        return []
    take, _ = TAKE_DOWNS[scope]
    with transaction.atomic():
        return take(maker, by)


def take_down_lapsed(on=None):
    """Take down, for every scope, what depended on consents that have lapsed by `on` (today by default): the
    withdrawals recorded ahead of their date. Returns what was taken down; a second run on the same day finds none."""
    today = london_date(on)
    still_up = Q()
    for scope, (_, up) in TAKE_DOWNS.items():
        still_up |= Q(scope=scope) & up
    lapsed = (Consent.objects.filter(still_up, withdrawn_on__lte=today).select_related("maker", "recorded_by")
              .order_by("maker_id", "scope", "-withdrawn_on").distinct())
    taken_down, seen = [], set()
    for consent in lapsed:
        if (consent.maker_id, consent.scope) in seen:
            continue
        seen.add((consent.maker_id, consent.scope))
        taken_down += take_down(consent.maker, consent.scope, by=consent.recorded_by, on=today)
    return taken_down


@receiver(post_save, sender=Consent, dispatch_uid="makers.consent_take_down")
def consent_saved(sender, instance, **kwargs):
    if instance.withdrawn_on is not None:
        take_down(instance.maker, instance.scope, by=instance.recorded_by)
