"""Oscar's class loader, kept away from Oscar's own search modules.

Oscar's loader imports Oscar's module of a name before the fork's, even when the fork defines every class asked for;
Oscar's search modules import haystack at the top, and haystack refuses to load without its settings. This shop has no
haystack: the forked search app (``storefront.shop.search``) defines every class Oscar asks of ``search.*`` (its
views and forms), so those come from the fork's modules alone.
"""

from importlib import import_module

from django.apps import apps
from oscar.core.loading import default_class_loader

LABEL = "search"


def class_loader(module_label, classnames, module_prefix):
    app_label, _, module = module_label.partition(".")
    if module_prefix != "oscar.apps" or app_label != LABEL:
        return default_class_loader(module_label, classnames, module_prefix)
    found = import_module(f"{apps.get_app_config(LABEL).name}.{module}")
    return [getattr(found, name) for name in classnames]
