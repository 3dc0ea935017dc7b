"""The project's own user model and the Wagtail pages editors publish."""

from django.db import models
from modelcluster.fields import ParentalManyToManyField
from oscar.apps.customer.abstract_models import AbstractUser
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page
from wagtail.search import index


class User(AbstractUser):
    """A person who signs in: buyer, maker, instructor, co-op admin or editor (roles are groups).

    It exists from the first migration so the project can change it later without rewriting history (trap 4).
    Oscar's user signs in with an email address, which is what buyers expect.
    """

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"


class HomePage(Page):
    """The front page editors control: a hero, an introduction and what to feature."""

    hero_title = models.CharField(max_length=120)
    hero_text = models.TextField(blank=True, help_text="A sentence or two under the title.")
    intro = RichTextField(blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel([FieldPanel("hero_title"), FieldPanel("hero_text")], heading="Hero"),
        FieldPanel("intro"),
    ]
    max_count = 1
    subpage_types = ["storefront.StoryIndexPage", "storefront.ContentPage"]

    def get_context(self, request, *args, **kwargs):
        from storefront import showcase

        context = super().get_context(request, *args, **kwargs)
        context["categories"] = showcase.product_lines()
        context["featured_products"] = showcase.featured_products(limit=8)
        context["stories"] = StoryPage.objects.live().public().order_by("-first_published_at")[:3]
        return context


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
