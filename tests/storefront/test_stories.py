"""A story goes live only while its makers' consent to a story is in force; withdrawing consent takes it down."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from makers.consent import withdraw_consent
from makers.models import Consent
from storefront.models import StoryIndexPage, StoryPage
from tests.factories import make_maker

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()


def draft_story(maker):
    index = StoryIndexPage.objects.get()
    story = index.add_child(instance=StoryPage(
        title=f"About {maker.display_name}", slug=f"about-{maker.slug}", intro="A story about the craft.",
        body=[("paragraph", "<p>Hands and wood.</p>")], live=False))
    story.makers.set([maker])
    story.save_revision()
    return story


def test_a_story_without_consent_cannot_be_published(demo_shop):
    maker = make_maker()
    story = draft_story(maker)
    with pytest.raises(ValidationError, match=maker.display_name):
        story.get_latest_revision().publish()
    assert not StoryPage.objects.get(pk=story.pk).live


def test_a_story_with_consent_in_force_is_published(demo_shop):
    maker = make_maker()
    Consent.objects.create(maker=maker, scope=Consent.STORY, given_on=TODAY)
    story = draft_story(maker)
    story.get_latest_revision().publish()
    assert StoryPage.objects.get(pk=story.pk).live


def test_other_consents_or_withdrawn_consent_do_not_count(demo_shop):
    maker = make_maker()
    Consent.objects.create(maker=maker, scope=Consent.PHOTO, given_on=TODAY)
    Consent.objects.create(maker=maker, scope=Consent.STORY, given_on=TODAY - datetime.timedelta(days=9),
                           withdrawn_on=TODAY - datetime.timedelta(days=2))
    story = draft_story(maker)
    with pytest.raises(ValidationError):
        story.get_latest_revision().publish()


def test_withdrawing_consent_unpublishes_the_makers_stories(demo_shop, client):
    maker = make_maker()
    consent = Consent.objects.create(maker=maker, scope=Consent.STORY, given_on=TODAY)
    story = draft_story(maker)
    story.get_latest_revision().publish()
    assert client.get(story.url).status_code == 200

    taken_down = withdraw_consent(consent)
    assert [s.pk for s in taken_down] == [story.pk]
    assert not StoryPage.objects.get(pk=story.pk).live
    assert client.get(f"/stories/{story.slug}/").status_code == 404


def test_withdrawing_consent_in_the_admin_form_also_unpublishes(demo_shop):
    """Any save that records a withdrawal (such as the Django admin's) takes the stories down."""
    maker = make_maker()
    consent = Consent.objects.create(maker=maker, scope=Consent.STORY, given_on=TODAY)
    story = draft_story(maker)
    story.get_latest_revision().publish()
    consent.withdrawn_on = TODAY
    consent.save()
    assert not StoryPage.objects.get(pk=story.pk).live


def test_the_cms_sends_a_story_without_consent_back_to_the_editor(demo_shop, client):
    maker = make_maker()
    story = draft_story(maker)
    admin = get_user_model().objects.get(email="admin1@demo.throughthegate.example")
    client.force_login(admin)
    data = nested_form_data({
        "title": story.title, "slug": story.slug, "intro": story.intro,
        "body": streamfield([("paragraph", rich_text("<p>Hands and wood.</p>"))]),
        "comments": inline_formset([]), "action-publish": "action-publish",
    }) | {"makers": [maker.pk]}
    response = client.post(f"/cms/pages/{story.pk}/edit/", data, follow=True)
    assert response.status_code == 200
    assert not StoryPage.objects.get(pk=story.pk).live
    assert "cannot be published" in response.content.decode()


def test_editors_drafts_go_through_moderation_by_a_co_op_admin(demo_shop):
    story = StoryPage.objects.live().first()
    editor = get_user_model().objects.get(email="editor@demo.throughthegate.example")
    admin = get_user_model().objects.get(email="admin1@demo.throughthegate.example")
    assert story.get_workflow() is not None  # Wagtail's "Moderators approval", assigned at the root
    assert not story.permissions_for_user(editor).can_publish()
    assert story.permissions_for_user(editor).can_edit()
    assert story.permissions_for_user(admin).can_publish()
    assert Page.objects.get(depth=1).get_workflow().tasks.filter(
        groupapprovaltask__groups__name="Moderators").exists()


def test_a_withdrawal_dated_ahead_takes_the_story_down_on_its_day(demo_shop):
    from django.conf import settings

    from makers.consent import take_down_lapsed
    from makers.tasks import take_down_lapsed_consents

    maker = make_maker()
    consent = Consent.objects.create(maker=maker, scope=Consent.STORY, given_on=TODAY - datetime.timedelta(days=30))
    story = draft_story(maker)
    story.get_latest_revision().publish()
    in_three_days = TODAY + datetime.timedelta(days=3)

    assert withdraw_consent(consent, on=in_three_days) == []  # recorded now, in force from its date
    assert StoryPage.objects.get(pk=story.pk).live
    assert take_down_lapsed_consents() == []  # the daily task, today: still covered
    assert take_down_lapsed(on=in_three_days - datetime.timedelta(days=1)) == []
    assert StoryPage.objects.get(pk=story.pk).live

    assert [s.pk for s in take_down_lapsed(on=in_three_days)] == [story.pk]
    assert not StoryPage.objects.get(pk=story.pk).live
    assert take_down_lapsed(on=in_three_days) == []  # a second run the same day changes nothing
    assert any(entry["task"] == "makers.tasks.take_down_lapsed_consents"
               for entry in settings.CELERY_BEAT_SCHEDULE.values())


def test_the_daily_task_leaves_a_maker_who_gave_consent_again(demo_shop):
    from makers.consent import take_down_lapsed

    maker = make_maker()
    Consent.objects.create(maker=maker, scope=Consent.STORY, given_on=TODAY - datetime.timedelta(days=30),
                           withdrawn_on=TODAY - datetime.timedelta(days=10))
    Consent.objects.create(maker=maker, scope=Consent.STORY, given_on=TODAY - datetime.timedelta(days=5))
    story = draft_story(maker)
    story.get_latest_revision().publish()
    assert take_down_lapsed() == []
    assert StoryPage.objects.get(pk=story.pk).live


def submitted_for_moderation(story):
    """The demo editor submits the story; Wagtail's "Moderators approval" task now waits for a co-op admin."""
    editor = get_user_model().objects.get(email="editor@demo.throughthegate.example")
    story.get_workflow().start(story, editor)
    return StoryPage.objects.get(pk=story.pk)


def approve_in_the_editor(client, story, maker):
    """A moderator's "Approve and Publish" in the page editor (the action menu's workflow action)."""
    data = nested_form_data({
        "title": story.title, "slug": story.slug, "intro": story.intro,
        "body": streamfield([("paragraph", rich_text("<p>Hands and wood.</p>"))]),
        "comments": inline_formset([]),
    }) | {"makers": [maker.pk], "action-workflow-action": "true", "workflow-action-name": "approve"}
    return client.post(f"/cms/pages/{story.pk}/edit/", data, follow=True)


@pytest.fixture
def moderator(client):
    client.force_login(get_user_model().objects.get(email="admin1@demo.throughthegate.example"))
    return client


def test_approve_and_publish_without_consent_gives_the_reason_and_publishes_nothing(demo_shop, moderator):
    maker = make_maker()
    story = submitted_for_moderation(draft_story(maker))
    response = approve_in_the_editor(moderator, story, maker)
    assert response.status_code == 200
    page = response.content.decode()
    assert story.consent_error() in page and "still awaits moderation" in page
    story = StoryPage.objects.get(pk=story.pk)
    assert not story.live and story.workflow_in_progress
    assert story.current_workflow_task_state.status == "in_progress"  # the approval was rolled back


def test_approve_from_the_moderators_dashboard_without_consent_gives_the_reason(demo_shop, moderator):
    maker = make_maker()
    story = submitted_for_moderation(draft_story(maker))
    url = f"/cms/pages/workflow/action/{story.pk}/approve/{story.current_workflow_task_state.pk}/"
    response = moderator.post(url, follow=True)
    assert response.status_code == 200 and story.consent_error() in response.content.decode()
    modal = moderator.post(url, HTTP_X_REQUESTED_WITH="XMLHttpRequest")  # Wagtail's modal asks this way
    assert modal.status_code == 200 and modal.json()["redirect"] == f"/cms/pages/{story.pk}/edit/"
    assert story.consent_error() in moderator.get(f"/cms/pages/{story.pk}/edit/").content.decode()
    story = StoryPage.objects.get(pk=story.pk)
    assert not story.live and story.workflow_in_progress


def test_approve_and_publish_with_consent_publishes_the_story(demo_shop, moderator):
    maker = make_maker()
    Consent.objects.create(maker=maker, scope=Consent.STORY, given_on=TODAY)
    story = submitted_for_moderation(draft_story(maker))
    response = approve_in_the_editor(moderator, story, maker)
    assert response.status_code == 200
    story = StoryPage.objects.get(pk=story.pk)
    assert story.live and not story.workflow_in_progress


@pytest.mark.parametrize("with_descendants", [False, True])
def test_bulk_publish_of_a_story_without_consent_gives_the_reason_and_publishes_nothing(
        demo_shop, moderator, with_descendants):
    """The page listing's bulk "Publish" reached StoryPage.save's refusal as a server error; chosen itself, or as a
    page below the chosen story index, the story now stops the whole action with its reason."""
    maker = make_maker()
    story = draft_story(maker)
    index = StoryIndexPage.objects.get()
    chosen = index if with_descendants else story
    url = (f"/cms/bulk/wagtailcore/page/publish/?id={chosen.pk}&next=/cms/pages/{index.pk}/")
    response = moderator.post(url, {"include_descendants": "on"} if with_descendants else {}, follow=True)
    assert response.status_code == 200
    assert story.consent_error() + " Nothing was published." in response.content.decode()
    assert not StoryPage.objects.get(pk=story.pk).live


def test_bulk_publish_of_a_story_with_consent_publishes_it(demo_shop, moderator):
    maker = make_maker()
    Consent.objects.create(maker=maker, scope=Consent.STORY, given_on=TODAY)
    story = draft_story(maker)
    index = StoryIndexPage.objects.get()
    response = moderator.post(f"/cms/bulk/wagtailcore/page/publish/?id={story.pk}&next=/cms/pages/{index.pk}/",
                              follow=True)
    assert response.status_code == 200 and StoryPage.objects.get(pk=story.pk).live
