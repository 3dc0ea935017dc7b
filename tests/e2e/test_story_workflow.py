"""A member story through the CMS's moderation workflow in the browser: the editor writes it and submits it, a co-op
admin (a Wagtail moderator) approves and publishes it, and it is on the public stories page; for a maker who has not
consented to a story, "Approve and Publish" shows the reason and nothing goes live.

The server commits the pages to the shared test database; the ``title`` fixture deletes them afterwards (other tests
expect the demo's four stories).
"""

import re
import uuid

import pytest
from playwright.sync_api import expect

from makers.models import Consent, Maker
from storefront.models import StoryIndexPage, StoryPage
from tests.servers import committed

pytestmark = [pytest.mark.browser, pytest.mark.django_db]
EDITOR = ("editor@demo.throughthegate.example", "demo-editor-pass")
MODERATOR = ("admin1@demo.throughthegate.example", "demo-admin1-pass")


@pytest.fixture
def title(demo_shop):
    title = f"Benches for the allotment {uuid.uuid4().hex[:6]}"
    yield title
    committed(lambda: [story.delete() for story in StoryPage.objects.filter(title=title)])


def makers_by_consent():
    """A demo maker with consent to a story in force, and one without."""
    consenting = set(Consent.objects.in_force().filter(scope=Consent.STORY).values_list("maker_id", flat=True))
    makers = list(Maker.objects.order_by("display_name"))
    return (next(m.display_name for m in makers if m.pk in consenting),
            next(m.display_name for m in makers if m.pk not in consenting))


def cms_sign_in(browser, shop_url, email, password):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(shop_url + "/cms/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", password)
    page.locator("form [type=submit]").first.click()
    page.wait_for_url(re.compile(r"/cms/$"))
    return page


def write_and_submit(browser, shop_url, title, maker):
    """The editor writes a story about `maker` under the stories page and submits it for moderation."""
    index_id = committed(lambda: StoryIndexPage.objects.get().pk)
    page = cms_sign_in(browser, shop_url, *EDITOR)
    page.goto(f"{shop_url}/cms/pages/{index_id}/add_subpage/")  # stories are the only child type: the story form
    page.wait_for_url(re.compile(r"/cms/pages/add/storefront/storypage/"))
    page.fill("#id_title", title)
    page.fill("#id_intro", "Reclaimed oak, a long bench and the allotment society's first order.")
    page.click(".c-sf-add-button")
    page.get_by_role("option", name="Paragraph").click()
    page.locator(".public-DraftEditor-content").first.click()
    page.keyboard.type("The bench took three weeks and two kinds of oil.")
    # Draftail writes the paragraph into its form field a moment after the typing stops (a locator, not a string to
    # eval: the CMS's Content-Security-Policy refuses eval).
    expect(page.locator('[name="body-0-value"]')).to_have_value(re.compile("two kinds of oil"))
    page.select_option("#id_makers", label=maker)
    page.click("footer .w-dropdown__toggle")
    page.click("button[name=action-submit]")
    page.wait_for_url(re.compile(rf"/cms/pages/{index_id}/$"))
    assert "submitted for moderation" in page.inner_text(".messages")
    page.context.close()
    return committed(lambda: StoryPage.objects.get(title=title).pk)


def approve_and_publish(browser, shop_url, story_id):
    """The moderator finds the story awaiting review on the CMS dashboard and approves and publishes it."""
    page = cms_sign_in(browser, shop_url, *MODERATOR)
    page.locator("section", has_text="Awaiting your review").get_by_role("link", name=re.compile("Benches")).click()
    page.wait_for_url(re.compile(rf"/cms/pages/{story_id}/edit/"))
    page.click("footer .w-dropdown__toggle")
    with page.expect_navigation():
        page.get_by_role("button", name="Approve and Publish", exact=True).click()
    return page


def test_an_editor_writes_a_story_a_moderator_publishes_it_and_it_is_on_the_stories_page(browser, shop_url, title):
    consenting, _ = committed(makers_by_consent)
    story_id = write_and_submit(browser, shop_url, title, consenting)
    assert not committed(lambda: StoryPage.objects.get(pk=story_id).live)

    page = approve_and_publish(browser, shop_url, story_id)
    assert "cannot be published" not in page.content()
    page.context.close()
    story = committed(lambda: StoryPage.objects.get(pk=story_id))
    assert story.live and not story.workflow_in_progress

    visitor = browser.new_context().new_page()
    visitor.goto(shop_url + "/")
    visitor.locator("#ttg-menu").get_by_role("link", name="Stories").click()
    visitor.locator(".ttg-story-card h2 a", has_text=title).click()
    assert visitor.locator("h1").first.inner_text().strip() == title
    assert consenting in visitor.content()
    visitor.context.close()


def test_approving_a_story_about_a_maker_without_consent_shows_the_reason_and_publishes_nothing(
        browser, shop_url, title):
    _, without = committed(makers_by_consent)
    story_id = write_and_submit(browser, shop_url, title, without)

    page = approve_and_publish(browser, shop_url, story_id)
    assert page.url.endswith(f"/cms/pages/{story_id}/edit/")
    reason = page.inner_text(".messages")
    assert f"This story cannot be published: no consent to a story is recorded for {without}." in reason
    assert "still awaits moderation" in reason
    page.context.close()
    story = committed(lambda: StoryPage.objects.get(pk=story_id))
    assert not story.live and story.workflow_in_progress

    visitor = browser.new_context().new_page()
    visitor.goto(shop_url + "/stories/")
    assert title not in visitor.content()
    assert visitor.goto(f"{shop_url}/stories/{story.slug}/").status == 404
    visitor.context.close()
