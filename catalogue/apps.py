from oscar.apps.catalogue import apps


class CatalogueConfig(apps.CatalogueConfig):
    """Oscar's catalogue, forked so product lines can carry their own rules (``catalogue.product_lines``)."""

    name = "catalogue"

    def ready(self):
        super().ready()
        from catalogue import receivers  # noqa: F401  connects the product line signals
