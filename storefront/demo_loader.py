"""Loads the demo shop from ``storefront.demo.content``: idempotent, and careful with databases that hold real data.

Everything the demo creates is found again by a natural key (a UPC starting with ``DEMO-``, a maker or workshop slug, a
member number, a page slug, an email address), so a second run finds it all and changes nothing.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from oscar.core.loading import get_model
from wagtail.models import Page, Site

from catalogue import product_lines
from makers import governance
from makers.models import Consent, Maker, MakerStatus, Meeting, Membership, Proposal, Workshop
from payouts.policies import load_default_policies
from storefront import roles
from storefront.demo import content, images
from storefront.models import ContentPage, HomePage, ImpactPage, StoryIndexPage, StoryPage

Product = get_model("catalogue", "Product")
ProductClass = get_model("catalogue", "ProductClass")
ProductImage = get_model("catalogue", "ProductImage")
ProductCategory = get_model("catalogue", "ProductCategory")
Category = get_model("catalogue", "Category")
Partner = get_model("partner", "Partner")
StockRecord = get_model("partner", "StockRecord")
Order = get_model("order", "Order")

DEMO_UPC_PREFIX = "DEMO-"
LINE_SLUGS = {
    "art": product_lines.ART,
    "beer": product_lines.BEER,
    "textiles": product_lines.TEXTILES,
    "it": product_lines.RECYCLED_IT,
}
EDITIONS = {"one_off": product_lines.ONE_OFF, "numbered": product_lines.NUMBERED}

# One login per role. Demo passwords, printed by the command and listed in the README; never use them for real.
LOGINS = (
    ("buyer", "buyer@demo.throughthegate.example", "Bea", "Buyer", "demo-buyer-pass"),
    ("maker", "maker@demo.throughthegate.example", "Maker", "Login", "demo-maker-pass"),
    ("instructor", "instructor@demo.throughthegate.example", "Ivy", "Instructor", "demo-instructor-pass"),
    ("co-op admin", "admin1@demo.throughthegate.example", "Ada", "Admin", "demo-admin1-pass"),
    ("co-op admin", "admin2@demo.throughthegate.example", "Abe", "Admin", "demo-admin2-pass"),
    ("editor", "editor@demo.throughthegate.example", "Eli", "Editor", "demo-editor-pass"),
)


class RealDataError(Exception):
    """The database holds data the demo did not create."""


@dataclass
class Report:
    created: dict = field(default_factory=dict)

    def count(self, what, n=1):
        self.created[what] = self.created.get(what, 0) + n


def real_data_found():
    """Describe data the demo did not make (orders, products, makers), or return ''."""
    demo_makers = {maker["key"] for maker in content.MAKERS}
    if Order.objects.exists():
        return "there are orders"
    if Product.objects.filter(parent__isnull=True).exclude(upc__startswith=DEMO_UPC_PREFIX).exists():
        return "there are products that the demo did not create"
    if Maker.objects.exclude(slug__in=demo_makers).exists():
        return "there are makers that the demo did not create"
    return ""


@transaction.atomic
def load_demo(force=False):
    """Load (or complete) the demo shop and return a Report of what was created."""
    found = real_data_found()
    if found and not force:
        raise RealDataError(f"refusing to load the demo: {found}. Use --force to load it beside them.")
    report = Report()
    if policies := load_default_policies():
        report.count("split policies", len(policies))
    workshops = {spec["key"]: _workshop(spec, report) for spec in content.WORKSHOPS}
    makers = {spec["key"]: _maker(spec, workshops, report) for spec in content.MAKERS}
    products = {spec["key"]: _product(spec, workshops, makers, report) for spec in content.PRODUCTS}
    _logins(workshops, makers, report)
    _memberships(makers, report)
    _pages(makers, products, report)
    for spec in content.MEETINGS:
        _meeting(spec, makers, report)
    return report


def _workshop(spec, report):
    partner, _ = Partner.objects.get_or_create(code=spec["partner_code"], defaults={"name": spec["name"]})
    workshop, created = Workshop.objects.get_or_create(
        slug=spec["key"],
        defaults={
            "name": spec["name"],
            "kind": spec["kind"],
            "region": spec["region"],
            "description": spec["description"],
            "partner": partner,
        },
    )
    if created:
        report.count("workshops")
    return workshop


def _date(text):
    return datetime.date.fromisoformat(text) if text else None


def _maker(spec, workshops, report):
    maker = Maker.objects.filter(slug=spec["key"]).first()
    if maker:
        return maker
    maker = Maker.objects.create(
        slug=spec["key"],
        display_name=spec["display_name"],
        bio=spec["bio"],
        workshop=workshops[spec["workshop"]],
        legal_name=spec["legal_name"],
        prisoner_number=spec["prisoner_number"],
        establishment=spec["establishment"],
        opt_out_reparation=spec.get("opt_out_reparation", False),
        housed_by_coop=spec.get("housed_by_coop", False),
    )
    for status, starts_on, ends_on in spec["statuses"]:
        MakerStatus.objects.create(maker=maker, status=status, starts_on=_date(starts_on), ends_on=_date(ends_on))
    joined = _date(spec["joined"])
    Membership.objects.create(
        number=spec["member_number"], member_class=spec["member_class"], joined_on=joined, maker=maker,
        share_paid_pence=100,
    )
    for scope in spec["consents"]:
        Consent.objects.create(maker=maker, scope=scope, given_on=joined)
    if Consent.PHOTO in spec["consents"]:
        maker.photo.save(f"{spec['key']}.png", ContentFile(images.draw_maker_portrait(spec)), save=True)
    report.count("makers")
    return maker


def _memberships(makers, report):
    """A membership for every demo maker that has none (demo databases made before memberships were loaded)."""
    specs = {spec["key"]: spec for spec in content.MAKERS}
    for key, maker in makers.items():
        if not Membership.objects.filter(maker=maker).exists():
            spec = specs[key]
            Membership.objects.create(number=spec["member_number"], member_class=spec["member_class"],
                                      joined_on=_date(spec["joined"]), maker=maker, share_paid_pence=100)
            report.count("memberships")


def _meeting(spec, makers, report):
    """A members' meeting with its proposal, its votes cast through the same functions as the screens: the maker
    login online, the others on paper (entered by their instructor, or an admin for community studios, and confirmed
    by another admin), then, for a past meeting, its window moved back and the vote closed and counted."""
    if Meeting.objects.filter(title=spec["title"]).exists():
        return
    User = get_user_model()
    admin, second_admin = (User.objects.get(email=email) for email in (LOGINS[3][1], LOGINS[4][1]))
    instructor = User.objects.get(email=LOGINS[2][1])
    now = timezone.now()
    days = datetime.timedelta(days=1)
    meeting = governance.open_meeting(admin, title=spec["title"], kind=spec["kind"], notes=spec["notes"],
                                      held_on=timezone.localdate() - spec["held_days_ago"] * days)
    text = spec["proposal"]
    proposal = governance.add_proposal(
        meeting, admin, options=[{"label": label} for label in text["options"]], title=text["title"],
        text=text["text"], kind=text["kind"], majority=text["majority"], quorum_percent=text["quorum_percent"],
        opens_at=now - text["opens_days_ago"] * days, closes_at=now + max(-text["closes_days_ago"], 1) * days)
    options = list(proposal.options.all())
    for key, choice in (text.get("votes", {}) | text.get("awaiting", {})).items():
        member = makers[key].membership
        if makers[key].user is not None:
            governance.cast_vote(proposal, makers[key].user, options[choice])
            continue
        enterer = instructor if makers[key].workshop.instructors.filter(pk=instructor.pk).exists() else second_admin
        entry = governance.enter_paper_ballot(proposal, member, options[choice],
                                              governance.paper_reference(proposal, member), enterer)
        if key in text.get("votes", {}):
            governance.confirm_paper_ballot(entry, admin, entry.ballot_reference, options[choice])
    if text["closes_days_ago"] > 0:
        Proposal.objects.filter(pk=proposal.pk).update(opens_at=now - text["opens_days_ago"] * days,
                                                       closes_at=now - text["closes_days_ago"] * days)
        governance.close_proposal(proposal, admin)
    report.count("members' meetings")


def _set_attributes(product, values):
    for code, value in values.items():
        if value is None:
            continue
        setattr(product.attr, code, value)


def _line_attributes(spec, product_class):
    line = spec["line"]
    if line == "art":
        return {
            "edition": product_lines.attribute_option(product_class.slug, "edition", EDITIONS[spec["edition"]]),
            "edition_size": spec.get("edition_size"),
            "medium": spec["medium"],
            "width_cm": spec.get("width_cm"),
            "height_cm": spec.get("height_cm"),
        }
    if line == "beer":
        return {
            "abv": spec["abv_tenths"] / 10,
            "volume_ml": spec["volume_ml"],
            "style": spec["style"],
            "allergens": spec["allergens"],
            "best_before": _date(spec["best_before"]),
        }
    if line == "textiles":
        return {"materials": spec["materials"], "care": spec["care"]}
    return {
        "device": spec["device"],
        "specs": spec["specs"],
        "grade": product_lines.attribute_option(product_class.slug, "grade", spec["grade"]),
        "warranty_months": spec["warranty_months"],
        "erasure_certificate": spec["erasure_certificate"],
    }


def _stock(product, partner, sku, price_pence, num_in_stock):
    StockRecord.objects.create(
        product=product, partner=partner, partner_sku=sku, price=Decimal(price_pence) / 100,
        price_currency="GBP", num_in_stock=num_in_stock,
    )


def _product(spec, workshops, makers, report):
    upc = DEMO_UPC_PREFIX + spec["key"]
    product = Product.objects.filter(upc=upc).first()
    if product:
        return product
    product_class = ProductClass.objects.get(slug=LINE_SLUGS[spec["line"]])
    partner = workshops[spec["workshop"]].partner
    has_variants = spec["line"] == "textiles"
    product = Product(
        upc=upc,
        title=spec["title"],
        slug=slugify(spec["title"]),
        description="".join(f"<p>{para}</p>" for para in spec["description"].split("\n\n")),
        product_class=product_class,
        structure=Product.PARENT if has_variants else Product.STANDALONE,
        is_public=True,
        moderation_state=Product.APPROVED,
    )
    _set_attributes(product, _line_attributes(spec, product_class))
    product.full_clean()
    product.save()
    ProductCategory.objects.create(product=product, category=Category.get_root_nodes().get(slug=product_class.slug))
    if has_variants:
        for n, variant in enumerate(spec["variants"], start=1):
            child = Product(parent=product, structure=Product.CHILD, upc=f"{upc}-{n}", is_public=True,
                            slug=f"{product.slug}-{n}", title=" / ".join(str(v) for v in (variant.get("size"), variant.get("colour")) if v))
            _set_attributes(child, {"size": variant.get("size"), "colour": variant.get("colour")})
            child.full_clean()
            child.save()
            _stock(child, partner, f"{spec['key']}-{n}", spec["price_pence"], variant["stock"])
    else:
        _stock(product, partner, spec["key"], spec["price_pence"], spec["stock"])
    image = ProductImage(product=product, display_order=0, caption=spec["title"])
    image.original.save(f"{spec['key']}.png", ContentFile(images.draw_product_picture(spec)), save=False)
    image.save()
    for position, (maker_key, weight) in enumerate(spec["makers"]):
        product.attributions.create(maker=makers[maker_key], share_weight=weight, position=position)
    report.count("products")
    return product


def _logins(workshops, makers, report):
    User = get_user_model()
    groups = {name: Group.objects.get(name=name) for name in (*roles.ROLES, roles.EDITORS, roles.MODERATORS)}
    released_maker = next(m for m in content.MAKERS if m["statuses"][-1][0] == "released")
    for role, email, first, last, password in LOGINS:
        user = User.objects.filter(email=email).first()
        if user:
            continue
        user = User.objects.create_user(email=email, password=password, first_name=first, last_name=last)
        report.count("logins")
        if role == "co-op admin":
            user.is_staff = True
            user.save()
            user.groups.add(groups[roles.ADMINS], groups[roles.MODERATORS])
        elif role == "editor":
            user.groups.add(groups[roles.EDITORS])
        elif role == "buyer":
            user.groups.add(groups[roles.BUYERS])
        elif role == "instructor":
            user.groups.add(groups[roles.INSTRUCTORS])
            for workshop in workshops.values():
                if workshop.kind == Workshop.PRISON:
                    workshop.instructors.add(user)
                    workshop.partner.users.add(user)
        elif role == "maker":
            user.groups.add(groups[roles.MAKERS])
            maker = makers[released_maker["key"]]
            maker.user = user
            maker.save()


def _paragraphs(paragraphs):
    return [("paragraph", f"<p>{text}</p>") for text in paragraphs]


def _pages(makers, products, report):
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node()
        # Wagtail's "Welcome" placeholder holds the slug "home"; its Site goes with it and is made anew below.
        for placeholder in root.get_children().exact_type(Page):
            placeholder.delete()
        home = root.add_child(instance=HomePage(
            title="Through the Gate", slug="home", hero_title=content.HOME["hero_title"],
            hero_text=content.HOME["hero_text"], intro=f"<p>{content.HOME['intro']}</p>",
        ))
        Site.objects.update_or_create(is_default_site=True, defaults={
            "hostname": "localhost", "port": 80, "site_name": "Through the Gate", "root_page": home})
        report.count("pages")
    index = StoryIndexPage.objects.first()
    if index is None:
        index = home.add_child(instance=StoryIndexPage(
            title="Member stories", slug="stories",
            intro="<p>The people behind the work, in their own words and ours.</p>"))
        report.count("pages")
    for spec in content.STORIES:
        if StoryPage.objects.filter(slug=spec["slug"]).exists():
            continue
        story = index.add_child(instance=StoryPage(
            title=spec["title"], slug=spec["slug"], intro=spec["intro"], body=_paragraphs(spec["body"])))
        story.makers.set([makers[spec["maker"]]])
        story.products.set([products[key] for key in spec["products"]])
        story.save_revision().publish()
        report.count("pages")
    for spec in content.PAGES:
        if ContentPage.objects.filter(slug=spec["slug"]).exists():
            continue
        home.add_child(instance=ContentPage(title=spec["title"], slug=spec["slug"], body=_paragraphs(spec["body"])))
        report.count("pages")
    if not ImpactPage.objects.exists():
        impact = home.add_child(instance=ImpactPage(
            title="Our impact", slug="impact", intro=f"<p>{content.IMPACT_INTRO}</p>"))
        home.hero_link_page, home.hero_link_text = impact, "See where the money goes"
        home.save_revision().publish()
        report.count("pages")
