"""The shop's four product lines and the rules each one lives by (DOMAIN.md "Product lines").

Each line is an Oscar product class with typed attributes. This module is the one home of those definitions: the
product classes, attributes and category tree are synced from it after every migrate, and ``validate_product`` and
``validate_stock`` apply its rules wherever a product or its stock is saved.
"""

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

ART, BEER, TEXTILES, RECYCLED_IT = "art", "craft-beer", "textiles", "recycled-it"

ONE_OFF, NUMBERED = "One-off", "Numbered edition"
GRADES = ("A", "B", "C")


@dataclass(frozen=True)
class Attribute:
    code: str
    name: str
    type: str
    required: bool = False
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class ProductLine:
    slug: str
    name: str
    age_restricted: bool = False
    attributes: tuple[Attribute, ...] = ()
    subcategories: tuple[str, ...] = field(default_factory=tuple)


LINES = (
    ProductLine(
        ART,
        "Art",
        attributes=(
            Attribute("edition", "Edition", "option", required=True, options=(ONE_OFF, NUMBERED)),
            Attribute("edition_size", "Edition size", "integer"),
            Attribute("medium", "Medium", "text", required=True),
            Attribute("width_cm", "Width (cm)", "integer"),
            Attribute("height_cm", "Height (cm)", "integer"),
        ),
        subcategories=("Paintings", "Prints and drawings"),
    ),
    ProductLine(
        BEER,
        "Craft beer",
        age_restricted=True,
        attributes=(
            Attribute("abv", "Alcohol by volume (%)", "float", required=True),
            Attribute("volume_ml", "Volume (ml)", "integer", required=True),
            Attribute("style", "Style", "text", required=True),
            Attribute("allergens", "Allergens", "text", required=True),
            Attribute("best_before", "Best before", "date", required=True),
        ),
        subcategories=("Ales", "Lagers", "Stouts and porters"),
    ),
    ProductLine(
        TEXTILES,
        "Textiles",
        # Not required at Oscar's level: a variant (child product) carries size and colour but not the materials.
        attributes=(
            Attribute("materials", "Materials", "text"),
            Attribute("care", "Care", "text"),
            Attribute("size", "Size", "text"),
            Attribute("colour", "Colour", "text"),
        ),
        subcategories=("Clothing", "Home"),
    ),
    ProductLine(
        RECYCLED_IT,
        "Recycled IT",
        attributes=(
            Attribute("device", "Device", "text", required=True),
            Attribute("specs", "Specification", "text", required=True),
            Attribute("grade", "Cosmetic grade", "option", required=True, options=GRADES),
            Attribute("warranty_months", "Warranty (months)", "integer", required=True),
            Attribute("erasure_certificate", "Data-erasure certificate reference", "text"),
        ),
        subcategories=("Laptops", "Desktops and monitors", "Phones and tablets"),
    ),
)
BY_SLUG = {line.slug: line for line in LINES}


def line_of(product):
    """The ProductLine of a product (children take their parent's), or None for a class this module doesn't know."""
    product_class = product.get_product_class()
    return BY_SLUG.get(product_class.slug) if product_class else None


def _value(product, code):
    value = getattr(product.attr, code, None)
    return getattr(value, "option", value)


def validate_product(product):
    """Raise ValidationError (per attribute where possible) if the product breaks its line's rules."""
    line = line_of(product)
    if line is None:
        return
    errors = {}
    validator = _VALIDATORS.get(line.slug)
    if validator:
        validator(product, errors)
    if errors:
        raise ValidationError(errors)


def _validate_art(product, errors):
    edition, size = _value(product, "edition"), _value(product, "edition_size")
    if edition == NUMBERED and (size is None or size < 2):
        errors["edition_size"] = "A numbered edition needs an edition size of 2 or more."
    if edition == ONE_OFF and size not in (None, 1):
        errors["edition_size"] = "A one-off piece has no edition size; choose 'Numbered edition' for a run of prints."
    for code in ("width_cm", "height_cm"):
        value = _value(product, code)
        if value is not None and not 1 <= value <= 1000:
            errors[code] = "Give the size in whole centimetres, between 1 and 1000."


def _validate_beer(product, errors):
    abv, volume, best_before = _value(product, "abv"), _value(product, "volume_ml"), _value(product, "best_before")
    if abv is not None and not 0.5 <= abv <= 15:
        errors["abv"] = "Alcohol by volume must be between 0.5% and 15%."
    if volume is not None and not 100 <= volume <= 5000:
        errors["volume_ml"] = "Volume must be between 100 ml and 5000 ml."
    if isinstance(best_before, datetime.datetime):
        best_before = best_before.date()
    if best_before is not None and product.is_public and best_before < datetime.date.today():
        errors["best_before"] = "This beer is past its best-before date and cannot be on sale."


def _validate_textiles(product, errors):
    if product.is_child:
        if not (_value(product, "size") or _value(product, "colour")):
            errors["size"] = "A textile variant needs a size or a colour."
        return
    for code, label in (("materials", "materials"), ("care", "care instructions")):
        if not _value(product, code):
            errors[code] = f"Textiles need their {label}."


def _validate_recycled_it(product, errors):
    warranty = _value(product, "warranty_months")
    if warranty is not None and not 0 <= warranty <= 36:
        errors["warranty_months"] = "Warranty must be between 0 and 36 months."
    if product.is_public and not (_value(product, "erasure_certificate") or "").strip():
        errors["erasure_certificate"] = (
            "Recycled IT cannot be listed without the reference of its data-erasure certificate."
        )


_VALIDATORS = {
    ART: _validate_art,
    BEER: _validate_beer,
    TEXTILES: _validate_textiles,
    RECYCLED_IT: _validate_recycled_it,
}


def is_one_off(product):
    line = line_of(product)
    return line is not None and line.slug == ART and _value(product, "edition") == ONE_OFF


def validate_stock(stockrecord):
    """A one-off piece exists once: its stock record can never hold more than one."""
    if stockrecord.num_in_stock is not None and stockrecord.num_in_stock > 1 and is_one_off(stockrecord.product):
        raise ValidationError({"num_in_stock": "A one-off piece of art has a stock of 1 at most."})


def sync_product_lines(product_class_model, attribute_model, option_group_model, category_model):
    """Create or update the product classes, attributes and category tree; safe to run any number of times."""
    for line in LINES:
        product_class, _ = product_class_model.objects.update_or_create(
            slug=line.slug,
            defaults={"name": line.name, "age_restricted": line.age_restricted, "track_stock": True},
        )
        for attribute in line.attributes:
            group = None
            if attribute.options:
                group, _ = option_group_model.objects.get_or_create(name=f"{line.name}: {attribute.name}")
                for option in attribute.options:
                    group.options.get_or_create(option=option)
            attribute_model.objects.update_or_create(
                product_class=product_class,
                code=attribute.code,
                defaults={
                    "name": attribute.name,
                    "type": attribute.type,
                    "required": attribute.required,
                    "option_group": group,
                },
            )
        root = category_model.get_root_nodes().filter(name=line.name).first()
        if root is None:
            root = category_model.add_root(name=line.name, slug=line.slug)
        for name in line.subcategories:
            if not root.get_children().filter(name=name).exists():
                root.add_child(name=name)


def attribute_option(line_slug, code, text):
    """The AttributeOption behind an option attribute's value, such as the 'B' of a Recycled IT grade."""
    from oscar.core.loading import get_model

    return get_model("catalogue", "AttributeOption").objects.get(
        group__product_attributes__product_class__slug=line_slug, group__product_attributes__code=code, option=text
    )
