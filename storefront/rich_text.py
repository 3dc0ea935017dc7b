"""Rich text that people type into the dashboard is cleaned when it is saved, here and nowhere else.

Oscar's templates print a listing's description, a category's texts, offers, ranges, shipping methods and flat pages
raw (``|safe``), so markup that could run in a visitor's browser (a ``<script>``, an ``onerror`` handler, a
``javascript:`` link, an ``<svg onload>``) must never be stored. Every field in ``FIELDS`` goes through nh3 (the
Ammonia sanitiser) before each save, whichever form, admin screen or script saved it. What survives is what the
dashboard's editor makes (paragraphs, headings, bold, italic, quotes, lists, links); links keep only web and mail
addresses and get rel="noopener noreferrer". Makers' bios and workshops' descriptions are plain text, escaped where they
are shown, so they are not listed here; Wagtail's rich text goes through its own editor's whitelist.
"""

from collections import Counter
from html.parser import HTMLParser

import nh3
from django.utils.safestring import mark_safe

TAGS = frozenset({"p", "br", "h2", "h3", "h4", "h5", "h6", "strong", "b", "em", "i", "blockquote", "ul", "ol", "li",
                  "a"})
ATTRIBUTES = {"a": {"href", "title"}}
# nh3 allows `lang` and `title` on every tag unless told otherwise: the list above is the whole of it.
_NH3_ATTRIBUTES = ATTRIBUTES | {"*": set()}
URL_SCHEMES = frozenset({"http", "https", "mailto"})
# Elements dropped with everything inside them, not just unwrapped: their content is code, not words.
DROPPED_WITH_CONTENT = frozenset({"script", "style"})

# Model label -> the fields that hold HTML a template prints unescaped.
FIELDS = {
    "catalogue.Product": ("description",),
    "catalogue.ProductAttributeValue": ("value_richtext",),
    "catalogue.Category": ("description", "long_description"),
    "offer.ConditionalOffer": ("description",),
    "offer.Range": ("description",),
    "shipping.OrderAndItemCharges": ("description",),
    "shipping.WeightBased": ("description",),
    "flatpages.FlatPage": ("content",),
}


def sanitise(html):
    """``html`` with only the allowed markup left (None stays None)."""
    if not html:
        return html
    return nh3.clean(html, tags=set(TAGS), clean_content_tags=set(DROPPED_WITH_CONTENT), attributes=_NH3_ATTRIBUTES,
                     url_schemes=set(URL_SCHEMES), link_rel="noopener noreferrer")


def render(html):
    """``html`` sanitised and marked safe for a template: for showing stored rich text where the row may predate
    sanitising on save (the review screen)."""
    return mark_safe(sanitise(html or ""))


def removed(html):
    """What sanitising takes out of ``html``, for a reviewer: elements (``<script>``) and attributes
    (``onerror on <img>``, ``href on <a>`` for a ``javascript:`` link), sorted, each once."""
    if not html:
        return []
    gone = _markup(html) - _markup(sanitise(html))
    return sorted(gone)


def _markup(html):
    parser = _MarkupCounter()
    parser.feed(html)
    parser.close()
    return parser.found


class _MarkupCounter(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = Counter()

    def handle_starttag(self, tag, attrs):
        self.found[f"<{tag}>"] += 1
        for name, _ in attrs:
            self.found[f"{name} on <{tag}>"] += 1

    handle_startendtag = handle_starttag


def sanitise_on_save(sender, instance, **kwargs):
    """pre_save receiver for every model in ``FIELDS``. A model with a ``markup_removed`` list (a listing) also keeps
    what was taken out, for its reviewer."""
    for name in FIELDS[sender._meta.label]:
        value = getattr(instance, name)
        clean = sanitise(value)
        if clean == value:
            continue
        setattr(instance, name, clean)
        if hasattr(instance, "markup_removed"):
            instance.markup_removed = sorted(set(instance.markup_removed or []) | set(removed(value)))


def connect():
    """Called once at start-up (``StorefrontConfig.ready``)."""
    from django.apps import apps
    from django.db.models.signals import pre_save

    for label in FIELDS:
        pre_save.connect(sanitise_on_save, sender=apps.get_model(label), dispatch_uid=f"storefront.rich_text.{label}")
