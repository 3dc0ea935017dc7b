"""Small builders for tests: each makes a valid object with sensible defaults."""

import datetime
import itertools
from decimal import Decimal

from django.utils.text import slugify
from oscar.core.loading import get_model

from catalogue import product_lines
from makers.models import Maker, MakerStatus, Workshop

Partner = get_model("partner", "Partner")
Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
StockRecord = get_model("partner", "StockRecord")

_n = itertools.count(1)

VALID_ATTRIBUTES = {
    product_lines.ART: {"edition": product_lines.ONE_OFF, "medium": "Oil on board", "width_cm": 30, "height_cm": 40},
    product_lines.BEER: {
        "abv": 4.5, "volume_ml": 500, "style": "Pale ale", "allergens": "Barley (gluten)",
        "best_before": datetime.date.today() + datetime.timedelta(days=120),
    },
    product_lines.TEXTILES: {"materials": "Organic cotton", "care": "Wash at 30"},
    product_lines.RECYCLED_IT: {
        "device": "Laptop", "specs": "8 GB RAM, 256 GB SSD", "grade": "A", "warranty_months": 12,
        "erasure_certificate": "ERA-2026-0001",
    },
}
LINE_ALIASES = {"art": product_lines.ART, "beer": product_lines.BEER, "textiles": product_lines.TEXTILES,
                "it": product_lines.RECYCLED_IT}


def make_workshop(**fields):
    n = next(_n)
    partner = Partner.objects.create(name=f"Test workshop {n}", code=f"test-workshop-{n}")
    defaults = {"name": f"Test workshop {n}", "slug": f"test-workshop-{n}", "kind": Workshop.PRISON, "partner": partner}
    return Workshop.objects.create(**(defaults | fields))


def coop_partner():
    """The co-op itself as an Oscar partner that is not a workshop: a product it stocks that no maker is credited
    with is the co-op's own (makers.credits), its net revenue the co-op's surplus."""
    return Partner.objects.get_or_create(code="the-co-op", defaults={"name": "Through the Gate"})[0]


def make_maker(statuses=(("serving_inside", datetime.date(2024, 1, 1), None),), **fields):
    n = next(_n)
    defaults = {
        "display_name": f"Tester{n}", "slug": f"tester-{n}", "legal_name": f"Test Person{n}",
        "prisoner_number": "A1234BC", "establishment": "HMP Test",
    }
    if "workshop" not in fields:
        fields["workshop"] = make_workshop()
    maker = Maker.objects.create(**(defaults | fields))
    for status, starts_on, ends_on in statuses:
        MakerStatus.objects.create(maker=maker, status=status, starts_on=starts_on, ends_on=ends_on)
    return maker


def set_attributes(product, attributes):
    for code, value in attributes.items():
        if code in ("edition", "grade") and isinstance(value, str):
            value = product_lines.attribute_option(product.product_class.slug, code, value)
        setattr(product.attr, code, value)


def build_product(line, is_public=True, **attributes):
    """An unsaved product of a line with valid attributes, overridden by ``attributes`` (None removes one)."""
    slug = LINE_ALIASES.get(line, line)
    title = f"Test {slug} {next(_n)}"
    product = Product(
        title=title, slug=slugify(title), product_class=ProductClass.objects.get(slug=slug), is_public=is_public,
        moderation_state=Product.APPROVED if is_public else Product.DRAFT,
        structure=Product.PARENT if slug == product_lines.TEXTILES else Product.STANDALONE,
    )
    set_attributes(product, {k: v for k, v in (VALID_ATTRIBUTES[slug] | attributes).items() if v is not None})
    return product


def make_product(line, price=Decimal("25.00"), stock=1, partner=None, **attributes):
    product = build_product(line, **attributes)
    product.full_clean()
    product.save()
    if not product.is_parent:
        partner = partner or make_workshop().partner
        StockRecord.objects.create(product=product, partner=partner, partner_sku=f"SKU{product.pk}", price=price,
                                   num_in_stock=stock)
    return product


def make_variant(parent, title="M / Natural", price=Decimal("30.00"), stock=5, partner=None, is_public=True):
    """A variant (size and colour) of a textile listing, with its own stock."""
    child = Product.objects.create(parent=parent, structure=Product.CHILD, title=title, is_public=is_public)
    StockRecord.objects.create(product=child, partner=partner or make_workshop().partner, partner_sku=f"V{child.pk}",
                               price=price, num_in_stock=stock)
    return child


def make_user(role=None, email=None, workshops=(), **fields):
    """A signed-up user in one role group (storefront.roles); instructors are linked to ``workshops``."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from storefront import roles

    n = next(_n)
    user = get_user_model().objects.create_user(email=email or f"user{n}@example.org", **fields)
    if role == roles.ADMINS:  # as in the demo: staff for Oscar's dashboard, Wagtail moderators to review stories
        user.is_staff = True
        user.save(update_fields=["is_staff"])
        user.groups.add(Group.objects.get(name=roles.MODERATORS))
    if role:
        user.groups.add(Group.objects.get(name=role))
    for workshop in workshops:
        workshop.instructors.add(user)
        workshop.partner.users.add(user)
    return get_user_model().objects.get(pk=user.pk)
