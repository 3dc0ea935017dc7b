"""Rows saved before rich text was sanitised on save (storefront.rich_text) are cleaned once, the same way; a listing
keeps what was taken out for its reviewer. The models are listed here as they stood, so a later change to
``rich_text.FIELDS`` does not change what this migration touches."""

from django.db import migrations

from storefront.rich_text import removed, sanitise

FIELDS = {
    ("catalogue", "Product"): ("description",),
    ("catalogue", "ProductAttributeValue"): ("value_richtext",),
    ("catalogue", "Category"): ("description", "long_description"),
    ("offer", "ConditionalOffer"): ("description",),
    ("offer", "Range"): ("description",),
    ("shipping", "OrderAndItemCharges"): ("description",),
    ("shipping", "WeightBased"): ("description",),
    ("flatpages", "FlatPage"): ("content",),
}


def sanitise_stored(apps, schema_editor):
    for (app_label, model_name), names in FIELDS.items():
        model = apps.get_model(app_label, model_name)
        for row in model.objects.only("pk", *names).iterator():
            changed = {}
            for name in names:
                value = getattr(row, name)
                clean = sanitise(value)
                if clean != value:
                    changed[name] = clean
                    if model_name == "Product" and removed(value):
                        changed["markup_removed"] = removed(value)
            if changed:
                model.objects.filter(pk=row.pk).update(**changed)


class Migration(migrations.Migration):
    dependencies = [
        ("storefront", "0004_auditentry"),
        ("catalogue", "0035_product_markup_removed"),
        ("offer", "0013_range_excluded_categories"),
        ("shipping", "0003_auto_20181115_1953"),
        ("flatpages", "0001_initial"),
    ]

    operations = [migrations.RunPython(sanitise_stored, migrations.RunPython.noop)]
