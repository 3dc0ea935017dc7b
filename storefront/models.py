"""The project's own user model, the Wagtail pages editors publish and the documents they upload."""

from django.core.exceptions import ValidationError
from django.db import models
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from oscar.apps.customer.abstract_models import AbstractUser
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.documents.models import AbstractDocument
from wagtail.documents.models import Document as WagtailDocument
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Orderable, Page
from wagtail.search import index

from storefront import media


class User(AbstractUser):
    """A person who signs in: buyer, maker, instructor, co-op admin or editor (roles are groups).

    It exists from the first migration so the project can change it later without rewriting history (trap 4).
    Oscar's user signs in with an email address, which is what buyers expect.
    """

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"


class HomePage(Page):
    """The front page editors control: a hero, an introduction, and the products and stories to feature.

    With nothing chosen it shows the newest products and stories, so a fresh shop never has an empty front page.
    """

    hero_title = models.CharField(max_length=120)
    hero_text = models.TextField(blank=True, help_text="A sentence or two under the title.")
    hero_link_text = models.CharField(max_length=60, blank=True, help_text="Text of the hero's button, if any.")
    hero_link_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Where the hero's button leads, such as the impact page.",
    )
    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("hero_link_text"),
             PageChooserPanel("hero_link_page")],
            heading="Hero",
        ),
        FieldPanel("intro"),
        InlinePanel("featured_products", label="Featured products",
                    help_text="Up to 8; if none, the newest of each product line in turn."),
        InlinePanel("featured_stories", label="Featured stories", help_text="Up to 3; the newest if none."),
    ]
    max_count = 1
    subpage_types = ["storefront.StoryIndexPage", "storefront.ContentPage", "storefront.ImpactPage"]

    def get_context(self, request, *args, **kwargs):
        from storefront import showcase

        context = super().get_context(request, *args, **kwargs)
        chosen = [item.product_id for item in self.featured_products.all()[:8]]
        context["featured_products"] = (
            showcase.products_in_order(chosen) if chosen else showcase.featured_products(limit=8)
        )
        stories = StoryPage.objects.live().public()
        chosen = [item.story_id for item in self.featured_stories.all()[:3]]
        if chosen:
            by_id = stories.in_bulk(chosen)
            context["stories"] = [by_id[pk] for pk in chosen if pk in by_id]
        else:
            context["stories"] = list(stories.order_by("-first_published_at")[:3])
        return context


class HomeFeaturedProduct(Orderable):
    """A product an editor chose for the front page, in the order they set."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_products")
    product = models.ForeignKey("catalogue.Product", on_delete=models.CASCADE, related_name="+",
                                limit_choices_to={"parent__isnull": True, "is_public": True})

    panels = [FieldPanel("product")]


class HomeFeaturedStory(Orderable):
    """A member story an editor chose for the front page; shown only while it is live."""

    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_stories")
    story = models.ForeignKey("storefront.StoryPage", on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("story")]


class StoryIndexPage(Page):
    """Where member stories live."""

    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["storefront.StoryPage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["stories"] = StoryPage.objects.child_of(self).live().public().order_by("-first_published_at")
        return context


class StoryPage(Page):
    """A member story: about the craft and the person's future, never the offence or any victim (DOMAIN.md)."""

    intro = models.CharField(max_length=250, help_text="One sentence shown in lists of stories.")
    body = StreamField(
        [
            ("paragraph", blocks.RichTextBlock(features=["bold", "italic", "link"])),
            ("quote", blocks.BlockQuoteBlock()),
            ("image", ImageChooserBlock()),
        ]
    )
    makers = ParentalManyToManyField(
        "makers.Maker", blank=True, related_name="stories", help_text="Makers this story is about."
    )
    products = ParentalManyToManyField("catalogue.Product", blank=True, related_name="stories")

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        FieldPanel("body"),
        FieldPanel("makers"),
        FieldPanel("products"),
    ]
    parent_page_types = ["storefront.StoryIndexPage"]

    search_fields = Page.search_fields + [index.SearchField("intro"), index.SearchField("body")]

    def get_context(self, request, *args, **kwargs):
        from storefront import showcase

        context = super().get_context(request, *args, **kwargs)
        context["makers"] = list(self.makers.all())
        context["products"] = list(showcase.card_queryset().filter(stories=self))
        return context

    def makers_without_consent(self, when=None):
        """Linked makers whose consent to a story is not in force (DOMAIN.md: a story goes live only while it is)."""
        from makers.models import Consent

        makers = list(self.makers.all())
        consenting = set(
            Consent.objects.in_force(when).filter(maker__in=makers, scope=Consent.STORY)
            .values_list("maker_id", flat=True)
        )
        return [maker for maker in makers if maker.pk not in consenting]

    def consent_error(self):
        missing = self.makers_without_consent()
        if not missing:
            return ""
        names = ", ".join(maker.display_name for maker in missing)
        return f"This story cannot be published: no consent to a story is recorded for {names}."

    def save(self, *args, **kwargs):
        """Whatever publishes it (the editor, a workflow approval, scheduled publishing, code), a story without
        its makers' consent never goes live. Saves that do not touch ``live`` (such as a new draft revision) pass."""
        update_fields = kwargs.get("update_fields")
        if self.live and (update_fields is None or "live" in update_fields):
            if error := self.consent_error():
                raise ValidationError(error)
        return super().save(*args, **kwargs)


class ImpactPage(Page):
    """Where the money has gone so far: live totals from the payout ledger, by bucket and by month, and how many
    member-makers there are by status. Aggregates only, never one maker's earnings (DOMAIN.md)."""

    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["storefront.HomePage"]
    max_count = 1

    def get_context(self, request, *args, **kwargs):
        from storefront import impact

        context = super().get_context(request, *args, **kwargs)
        context["impact"] = impact.figures()
        return context


class ContentPage(Page):
    """A plain page: about, how the co-op works, delivery and returns, grades, accessibility."""

    body = StreamField(
        [
            ("heading", blocks.CharBlock(form_classname="title")),
            ("paragraph", blocks.RichTextBlock()),
            ("image", ImageChooserBlock()),
        ]
    )

    content_panels = Page.content_panels + [FieldPanel("body")]
    search_fields = Page.search_fields + [index.SearchField("body")]


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ValidationError("The audit log is append-only: entries are never changed.")

    def delete(self):
        raise ValidationError("The audit log is append-only: entries are never deleted.")


class AuditEntry(models.Model):
    """One admin action that touched money, a listing, a maker's private data or consent: who, when, what, before and
    after. The co-op answers to its members and to prisons for these, so entries are only ever added
    (``storefront.audit.record`` is the one way in)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        "storefront.User", null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        help_text="Who did it; empty for the system (a scheduled task or a webhook).",
    )
    action = models.CharField(max_length=60, db_index=True, help_text="What was done, such as listing.approved.")
    target_type = models.CharField(max_length=60, help_text="The kind of thing, as app_label.model.")
    target_id = models.CharField(max_length=40)
    target_label = models.CharField(max_length=200, help_text="A public name for the thing (never private data).")
    before = models.JSONField(default=dict, blank=True)
    after = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"])]
        verbose_name_plural = "audit entries"

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError("The audit log is append-only: entries are never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValidationError("The audit log is append-only: entries are never deleted.")

    def changes(self):
        """(field, before, after) for every field that differs, for the trail screens."""
        keys = sorted(set(self.before) | set(self.after))
        return [(key, self.before.get(key), self.after.get(key)) for key in keys
                if self.before.get(key) != self.after.get(key)]


class CoopDocument(AbstractDocument):
    """A document of the co-op's (a policy, minutes, a form) that editors upload in the CMS: the project's
    WAGTAILDOCS_DOCUMENT_MODEL. Wagtail's own model keeps its files with the public media; this one keeps them in the
    private storage, so a document is read only through Wagtail's document view, which applies the privacy of its
    collection, whatever the media storage publishes."""

    file = models.FileField(upload_to="documents", storage=media.private_storage, verbose_name="file")

    admin_form_fields = WagtailDocument.admin_form_fields

    class Meta(AbstractDocument.Meta):
        permissions = [("choose_document", "Can choose document")]  # as Wagtail's own, which its choosers ask for
