"""Wagtail's rich text editor (Draftail) posts its text as JSON. A post that is not (a script, a browser without
JavaScript, a tampered form) made Wagtail's widget raise while reading the form, a server error; here it becomes an
error on the field, and what was typed is shown back in the editor instead of being lost."""

from django.core.exceptions import ValidationError
from wagtail.admin.rich_text import DraftailRichTextArea

UNREADABLE = "This text did not come from the editor in a form it can read; type it again in the editor."


class UnreadableRichText:
    """What was posted, kept for showing back. Form fields turn values into text before validating them, and that is
    where this one fails validation (Django's ``CharField.to_python``, for rich text fields and blocks alike)."""

    def __init__(self, posted):
        self.posted = posted

    def __str__(self):
        raise ValidationError(UNREADABLE, code="unreadable")


class CheckedDraftailRichTextArea(DraftailRichTextArea):
    """Draftail, with a post that is not its JSON refused as a field error (settings.WAGTAILADMIN_RICH_TEXT_EDITORS)."""

    def value_from_datadict(self, data, files, name):
        try:
            return super().value_from_datadict(data, files, name)
        except (ValueError, TypeError, KeyError, AttributeError):  # not JSON, or not the editor's shape of it
            return UnreadableRichText(data.get(name))

    def format_value(self, value):
        if isinstance(value, UnreadableRichText):
            value = value.posted  # read as HTML by the editor's converter, which keeps only what it allows
        return super().format_value(value)
