"""Withdrawing consent takes down what it covered, for every scope (makers.consent): a photo is deleted with its
thumbnails so its old addresses answer 404, listings leave the shop, stories are unpublished; at once, and on the
day of a withdrawal recorded ahead, by the daily task.

Media are served here as ``runserver`` serves them (``urlpatterns`` below), so "the old URL answers 404" is asked of
a real request, after the same URL answered 200.
"""

import datetime
import io
import uuid

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.urls import re_path
from django.utils import timezone
from django.views.static import serve
from oscar.core.loading import get_model
from PIL import Image

from makers.consent import take_down_lapsed, withdraw_consent
from makers.models import Attribution, Consent
from makers.tasks import take_down_lapsed_consents
from storefront.models import AuditEntry, StoryIndexPage, StoryPage
from storefront.urls import urlpatterns as shop_urlpatterns
from tests.factories import make_maker, make_product

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]
urlpatterns = [re_path(r"^media/(?P<path>.*)$", lambda request, path: serve(request, path, settings.MEDIA_ROOT)),
               *shop_urlpatterns]
Product = get_model("catalogue", "Product")
TODAY = datetime.date.today()
AHEAD = TODAY + datetime.timedelta(days=3)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def on_the_day(monkeypatch):
    """Move the clock to noon (London) of a day, as the daily task would find it when beat runs it."""
    def move_to(day):
        noon = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
        monkeypatch.setattr(timezone, "now", lambda: noon)
    return move_to


def portrait():
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (200, 120, 40)).save(out, format="PNG")
    return ContentFile(out.getvalue())


def maker_with(scope):
    """A maker with consent to `scope` given a month ago and what that consent covers: a photo, a listing in the
    shop, or a live story."""
    maker = make_maker()
    consent = Consent.objects.create(maker=maker, scope=scope, given_on=TODAY - datetime.timedelta(days=30))
    if scope == Consent.PHOTO:
        maker.photo.save(f"{uuid.uuid4().hex}.png", portrait(), save=True)
    elif scope == Consent.LISTING:
        Attribution.objects.create(product=make_product("art"), maker=maker)
    else:
        story = StoryIndexPage.objects.get().add_child(instance=StoryPage(
            title=f"About {maker.display_name}", slug=f"about-{maker.slug}", intro="The craft.",
            body=[("paragraph", "<p>Hands and wood.</p>")], live=False))
        story.makers.set([maker])
        story.save_revision().publish()
    return maker, consent


def still_up(maker, scope):
    maker.refresh_from_db()
    if scope == Consent.PHOTO:
        return bool(maker.photo)
    if scope == Consent.LISTING:
        return Product.objects.filter(attributions__maker=maker, is_public=True).exists()
    return maker.stories.live().exists()


def photo_urls(client, maker):
    """The photo's own address and the thumbnail's the public maker page shows, both answering now."""
    page = client.get(maker.get_absolute_url()).content.decode()
    thumbnail = page.split('<img src="', 1)[1].split('"', 1)[0]
    urls = [maker.photo.url, thumbnail]
    assert thumbnail.startswith(settings.MEDIA_URL) and thumbnail != maker.photo.url
    assert [client.get(url).status_code for url in urls] == [200, 200]
    return urls


def test_withdrawing_photo_consent_deletes_the_photo_and_its_thumbnail(client, demo_shop,
                                                                         django_capture_on_commit_callbacks):
    maker, consent = maker_with(Consent.PHOTO)
    urls = photo_urls(client, maker)
    name = maker.photo.name

    with django_capture_on_commit_callbacks(execute=True):
        assert withdraw_consent(consent) == [maker]
    assert not still_up(maker, Consent.PHOTO)
    assert [client.get(url).status_code for url in urls] == [404, 404]
    assert "<img" not in client.get(maker.get_absolute_url()).content.decode().split("<h2>", 1)[0]
    entry = AuditEntry.objects.get(action="maker.photo_removed", target_id=str(maker.pk))
    assert (entry.before, entry.after) == ({"photo": name}, {"photo": ""})


def test_a_photo_withdrawal_dated_ahead_deletes_it_on_its_day_by_the_daily_task(client, demo_shop, on_the_day,
                                                                                django_capture_on_commit_callbacks):
    maker, consent = maker_with(Consent.PHOTO)
    urls = photo_urls(client, maker)
    assert withdraw_consent(consent, on=AHEAD) == []
    on_the_day(AHEAD - datetime.timedelta(days=1))
    assert take_down_lapsed_consents() == []
    assert [client.get(url).status_code for url in urls] == [200, 200]

    on_the_day(AHEAD)
    with django_capture_on_commit_callbacks(execute=True):
        assert take_down_lapsed_consents() == [f"makers.maker:{maker.pk}"]
    assert [client.get(url).status_code for url in urls] == [404, 404]
    assert not still_up(maker, Consent.PHOTO)
    assert take_down_lapsed_consents() == []


@pytest.mark.parametrize("scope", [Consent.STORY, Consent.LISTING, Consent.PHOTO])
def test_every_scope_is_taken_down_at_once(demo_shop, scope):
    maker, consent = maker_with(scope)
    assert still_up(maker, scope)
    assert withdraw_consent(consent) != []
    assert not still_up(maker, scope)


@pytest.mark.parametrize("scope", [Consent.STORY, Consent.LISTING, Consent.PHOTO])
def test_every_scope_withdrawn_ahead_is_taken_down_by_the_daily_task_on_its_day(demo_shop, on_the_day, scope):
    maker, consent = maker_with(scope)
    others, _ = maker_with(scope)  # still consenting: left alone
    assert withdraw_consent(consent, on=AHEAD) == []
    on_the_day(AHEAD - datetime.timedelta(days=1))
    assert take_down_lapsed_consents() == []
    assert still_up(maker, scope)

    on_the_day(AHEAD)
    assert len(take_down_lapsed_consents()) == 1
    assert not still_up(maker, scope) and still_up(others, scope)
    assert take_down_lapsed_consents() == []  # a second run the same day changes nothing


def test_a_listing_withdrawal_dated_ahead_sends_the_listing_back_for_review_in_the_log(demo_shop, on_the_day):
    maker, consent = maker_with(Consent.LISTING)
    listing = Product.objects.get(attributions__maker=maker)
    withdraw_consent(consent, on=AHEAD)
    assert take_down_lapsed(on=AHEAD) == [listing]
    listing.refresh_from_db()
    assert (listing.moderation_state, listing.is_public) == (Product.CHANGES_REQUESTED, False)
    assert AuditEntry.objects.filter(action="listing.consent_withdrawn", target_id=str(listing.pk)).exists()


def test_consent_given_again_before_the_day_keeps_everything_up(demo_shop, on_the_day):
    maker, consent = maker_with(Consent.PHOTO)
    withdraw_consent(consent, on=AHEAD)
    Consent.objects.create(maker=maker, scope=Consent.PHOTO, given_on=AHEAD)
    on_the_day(AHEAD)
    assert take_down_lapsed_consents() == []
    assert still_up(maker, Consent.PHOTO)


def test_a_photo_cleared_or_replaced_on_the_makers_page_is_deleted_too(demo_shop, django_capture_on_commit_callbacks):
    from makers.actions import update_maker, version_token

    maker, _ = maker_with(Consent.PHOTO)
    first = maker.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        update_maker(maker, None, version_token(maker), photo=ContentFile(portrait().read(), name="new.png"))
    maker.refresh_from_db()
    assert maker.photo.name != first and not maker.photo.storage.exists(first)
    second = maker.photo.name
    with django_capture_on_commit_callbacks(execute=True):
        update_maker(maker, None, version_token(maker), photo="")
    assert not maker.photo.storage.exists(second)
