"""Pages editors schedule in Wagtail go live and offline on time (storefront.tasks.publish_scheduled_pages, run by
beat), and a story whose makers no longer consent is refused without holding up the others."""

import datetime
import logging

import pytest
from django.conf import settings
from django.utils import timezone
from wagtail.models import Revision

from makers.models import Consent
from storefront import tasks
from storefront.models import StoryPage
from tests.factories import make_maker
from tests.storefront.test_stories import TODAY, draft_story

pytestmark = pytest.mark.django_db


def scheduled(story, minutes_ago):
    return story.save_revision(approved_go_live_at=timezone.now() - datetime.timedelta(minutes=minutes_ago))


def consenting_maker():
    maker = make_maker()
    Consent.objects.create(maker=maker, scope=Consent.STORY, given_on=TODAY)
    return maker


def test_a_story_scheduled_for_a_time_now_past_goes_live(demo_shop):
    story = draft_story(consenting_maker())
    scheduled(story, minutes_ago=1)
    assert tasks.publish_scheduled_pages()["published"] == [story.pk]
    assert StoryPage.objects.get(pk=story.pk).live


def test_a_story_scheduled_later_waits(demo_shop):
    story = draft_story(consenting_maker())
    story.save_revision(approved_go_live_at=timezone.now() + datetime.timedelta(hours=1))
    assert tasks.publish_scheduled_pages()["published"] == []
    assert not StoryPage.objects.get(pk=story.pk).live


def test_a_story_without_consent_is_refused_with_a_reason_and_the_next_is_still_published(demo_shop, caplog):
    refused = draft_story(make_maker())
    refused_revision = scheduled(refused, minutes_ago=10)  # the first in line
    welcome = draft_story(consenting_maker())
    scheduled(welcome, minutes_ago=1)
    with caplog.at_level(logging.WARNING, logger="storefront.tasks"):
        result = tasks.publish_scheduled_pages()
    assert result["published"] == [welcome.pk]
    assert StoryPage.objects.get(pk=welcome.pk).live and not StoryPage.objects.get(pk=refused.pk).live
    assert Revision.objects.get(pk=refused_revision.pk).approved_go_live_at is None  # not tried every five minutes
    assert f"page {refused.pk} was refused" in caplog.text and "no consent to a story" in caplog.text
    assert tasks.publish_scheduled_pages()["published"] == []


def test_a_page_past_its_expiry_goes_offline(demo_shop):
    story = draft_story(consenting_maker())
    story.get_latest_revision().publish()
    story = StoryPage.objects.get(pk=story.pk)
    story.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    story.save()
    assert tasks.publish_scheduled_pages()["expired"] == [story.pk]
    story.refresh_from_db()
    assert not story.live and story.expired


def test_beat_runs_it_every_five_minutes():
    from storefront.celery import app

    entry = settings.CELERY_BEAT_SCHEDULE["pages-publish-scheduled"]
    assert entry["task"] == "storefront.tasks.publish_scheduled_pages" and entry["task"] in app.tasks
    assert entry["schedule"].minute == set(range(0, 60, 5))
