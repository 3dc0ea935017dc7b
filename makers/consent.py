"""Withdrawing a maker's consent takes down what depended on it (DOMAIN.md "Safeguarding and trust").

``withdraw_consent`` is the business action; a ``post_save`` receiver runs the same take-down when a consent is
withdrawn some other way (the Django admin), so no path leaves a story live without its maker's consent. A withdrawal
dated in the future takes effect on its date: ``take_down_lapsed`` runs every day (``makers.tasks``, Celery beat).
"""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from makers.models import Consent, london_date
from storefront import audit

CONSENT_FIELDS = ("scope", "given_on", "withdrawn_on", "recorded_by")


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
    """Record that the maker withdrew this consent on `on` (today by default) and take down what it covered."""
    consent = Consent.objects.select_for_update().get(pk=consent.pk)
    before = audit.snapshot(consent, CONSENT_FIELDS)
    live = list(consent.maker.stories.live().values_list("pk", flat=True))
    consent.withdrawn_on = london_date(on)
    consent.recorded_by = by or consent.recorded_by
    consent.full_clean()
    consent.save(update_fields=["withdrawn_on", "recorded_by"])  # the receiver below takes the stories down
    audit.record(by, "consent.withdrawn", consent.maker, before, audit.snapshot(consent, CONSENT_FIELDS),
                 note=consent.scope)
    return list(consent.maker.stories.filter(pk__in=live, live=False))


def take_down(consent, by=None, on=None):
    """Unpublish the maker's live stories if their consent to a story is not in force on `on` (today); returns them."""
    if consent.scope != Consent.STORY or consent.maker.has_consent(Consent.STORY, on):
        return []
    stories = list(consent.maker.stories.live())
    for story in stories:
        story.unpublish(user=by, log_action=True)
    return stories


def take_down_lapsed(on=None):
    """Take down the live stories of makers whose story consent has lapsed by `on` (today by default): withdrawals
    recorded ahead of their date. Returns the stories taken down; a second run on the same day finds none."""
    today = london_date(on)
    lapsed = (Consent.objects.filter(scope=Consent.STORY, withdrawn_on__lte=today, maker__stories__live=True)
              .select_related("maker", "recorded_by").order_by("maker_id", "-withdrawn_on").distinct())
    taken_down, seen = [], set()
    for consent in lapsed:
        if consent.maker_id in seen:
            continue
        seen.add(consent.maker_id)
        with transaction.atomic():
            taken_down += take_down(consent, by=consent.recorded_by, on=today)
    return taken_down


@receiver(post_save, sender=Consent, dispatch_uid="makers.consent_take_down")
def consent_saved(sender, instance, **kwargs):
    if instance.withdrawn_on is not None:
        take_down(instance, by=instance.recorded_by)
