"""Shared fixtures: the demo shop loaded once per test database, and search/media kept apart from the dev ones."""

import os

import pytest
from django.conf import settings


def pytest_collection_modifyitems(config, items):
    """Locally, tests that need PostgreSQL or chromium are skipped when those are missing; CI requires them."""
    on_postgres = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
    if not on_postgres and not os.environ.get("REQUIRE_POSTGRES"):
        skip = pytest.mark.skip(reason="needs PostgreSQL: set DATABASE_URL (CI does)")
        for item in items:
            if "postgres" in item.keywords:
                item.add_marker(skip)


@pytest.fixture(scope="session")
def demo_shop(django_db_setup, django_db_blocker):
    """The demo shop, loaded once into the (reused) test database with its search index."""
    from django.core.management import call_command

    with django_db_blocker.unblock():
        call_command("load_demo", "--force", verbosity=0)
