"""Admin hooks: a story whose makers have not consented is sent back with the reason, not published.

``StoryPage.save`` refuses it on every path (workflow approval, scheduled publishing, code). Here the CMS turns that
refusal into the reason on the page instead of an error: "Publish" is stopped by ``before_publish_page``, the page
listing's bulk "Publish" by ``before_bulk_action``; a moderator's "Approve" (which publishes the story at the end of its workflow) by the story's own edit and workflow
action views, which roll the approval back and keep the story awaiting moderation.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.views.pages.edit import EditView
from wagtail.admin.views.pages.workflow import WorkflowActionView
from wagtail.admin.viewsets.pages import PageViewSet

from storefront.models import StoryPage

NOT_APPROVED = " It was not published, and it still awaits moderation."


@hooks.register("before_publish_page")
def block_story_without_consent(request, page):
    page = page.specific
    if isinstance(page, StoryPage) and (error := page.consent_error()):
        messages.error(request, error + " It was saved as a draft.")
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None


@hooks.register("before_bulk_action")
def block_bulk_publish_of_stories_without_consent(request, action_type, objects, action):
    """The page listing's bulk "Publish" (with the pages below the chosen ones, if asked) publishes nothing when one of
    its stories lacks its makers' consent, and says which and why."""
    if action_type != "publish":
        return None
    pages = list(objects)
    if action.cleaned_form.cleaned_data.get("include_descendants"):
        pages += [descendant for page in objects for descendant in page.get_descendants()]
    # What gets published is each page's latest revision, whose makers may differ from the page row's.
    stories = [page.specific.get_latest_revision_as_object() for page in pages if isinstance(page.specific, StoryPage)]
    errors = [error for story in stories if (error := story.consent_error())]
    if not errors:
        return None
    for error in dict.fromkeys(errors):
        messages.error(request, error + " Nothing was published.")
    return redirect(action.next_url)


def refuse_approval(request, error):
    """The reason a workflow approval could not publish the story (Wagtail's approval is atomic: nothing changed)."""
    messages.error(request, " ".join(error.messages) + NOT_APPROVED)


class StoryEditView(EditView):
    def perform_workflow_action(self):
        """The moderator's edits are kept as a draft revision, as "Publish" keeps them; the approval is refused."""
        try:
            return super().perform_workflow_action()
        except ValidationError as error:
            refuse_approval(self.request, error)
            return redirect("wagtailadmin_pages:edit", self.page.pk)


class StoryWorkflowActionView(WorkflowActionView):
    """"Approve" from the moderator's dashboard or the page listing (a modal, or a plain POST)."""

    def post(self, request, *args, **kwargs):
        try:
            return super().post(request, *args, **kwargs)
        except ValidationError as error:
            refuse_approval(request, error)
            edit_url = reverse("wagtailadmin_pages:edit", args=[self.object.pk])
            if request.headers.get("x-requested-with") == "XMLHttpRequest":
                return self.render_modal_json(request, {"step": "success", "redirect": edit_url})
            return redirect(edit_url)


class StoryPageViewSet(PageViewSet):
    model = StoryPage
    parent_models = []  # Wagtail's own page explorer lists stories as before
    edit_view_class = StoryEditView
    workflow_action_view_class = StoryWorkflowActionView


@hooks.register("register_admin_viewset")
def register_story_views():
    return StoryPageViewSet("story_pages")
