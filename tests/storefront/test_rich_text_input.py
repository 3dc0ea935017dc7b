"""A rich-text value that is not the editor's JSON is a form error, not a server error, wherever a rich text editor
takes it: a page's rich text field, or a rich text block in a stream field."""

import pytest
from django.contrib.auth import get_user_model
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from storefront.models import StoryIndexPage, StoryPage

pytestmark = pytest.mark.django_db
NOT_JSON = "<p>Typed without the editor</p>{oops"


@pytest.fixture
def admin_client(demo_shop, client):
    client.raise_request_exception = False
    client.force_login(get_user_model().objects.get(email="admin1@demo.throughthegate.example"))
    return client


@pytest.mark.parametrize("posted", [NOT_JSON, '{"blocks": 5, "entityMap": []}', "[1, 2]"])
def test_a_rich_text_field_that_is_not_the_editors_json_is_a_form_error(admin_client, posted):
    index = StoryIndexPage.objects.get()
    data = nested_form_data({"title": index.title, "slug": index.slug, "intro": posted,
                             "comments": inline_formset([])})
    response = admin_client.post(f"/cms/pages/{index.pk}/edit/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["intro"] == [
        "This text did not come from the editor in a form it can read; type it again in the editor."]
    if posted == NOT_JSON:
        assert "Typed without the editor" in response.content.decode()  # given back, not lost
    assert StoryIndexPage.objects.get().intro == index.intro


def test_a_rich_text_block_that_is_not_json_is_a_form_error(admin_client):
    story = StoryPage.objects.live().first()
    data = nested_form_data({
        "title": story.title, "slug": story.slug, "intro": story.intro,
        "body": streamfield([("paragraph", NOT_JSON), ("paragraph", rich_text("<p>Fine.</p>"))]),
        "comments": inline_formset([]),
    }) | {"makers": [maker.pk for maker in story.makers.all()]}
    response = admin_client.post(f"/cms/pages/{story.pk}/edit/", data)
    assert response.status_code == 200
    assert "body" in response.context["form"].errors
    assert "did not come from the editor" in response.content.decode()
