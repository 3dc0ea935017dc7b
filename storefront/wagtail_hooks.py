"""Admin hooks: a story whose makers have not consented is sent back to the editor with the reason, not published.

``StoryPage.save`` refuses it on every other path too (workflow approval, scheduled publishing, code).
"""

from django.contrib import messages
from django.shortcuts import redirect
from wagtail import hooks

from storefront.models import StoryPage


@hooks.register("before_publish_page")
def block_story_without_consent(request, page):
    page = page.specific
    if isinstance(page, StoryPage) and (error := page.consent_error()):
        messages.error(request, error + " It was saved as a draft.")
        return redirect("wagtailadmin_pages:edit", page.pk)
    return None
