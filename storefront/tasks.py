"""Celery tasks of the site's pages: what editors scheduled in Wagtail happens on time."""

import logging

from celery import shared_task
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from wagtail.models import Page, Revision

logger = logging.getLogger(__name__)


@shared_task(acks_late=True)
def publish_scheduled_pages():
    """Every few minutes (beat): pages past their expiry go offline and revisions approved to go live at a time now
    past are published, as Wagtail's ``publish_scheduled`` command does; Wagtail leaves running it to the site.

    Unlike that command, one refusal does not stop the rest: a story whose makers withdrew their consent after it was
    scheduled is refused by ``StoryPage.save``; its schedule is dropped (so it is not tried again every few minutes)
    and a warning says which page and why. Returns the ids of the pages published and taken offline."""
    now = timezone.now()
    expired = []
    for page in Page.objects.filter(live=True, expire_at__lt=now).order_by("expire_at"):
        page.specific.unpublish(set_expired=True, log_action="wagtail.unpublish.scheduled")
        expired.append(page.pk)
    published = []
    due = Revision.objects.page_revisions().filter(approved_go_live_at__lt=now).order_by("approved_go_live_at")
    for revision in due:
        try:
            with transaction.atomic():
                revision.publish(log_action="wagtail.publish.scheduled")
        except ValidationError as refusal:
            Revision.objects.filter(pk=revision.pk).update(approved_go_live_at=None)
            logger.warning("Scheduled publishing of page %s was refused and its schedule dropped: %s",
                           revision.object_id, " ".join(refusal.messages))
        else:
            published.append(int(revision.object_id))
    return {"published": published, "expired": expired}
