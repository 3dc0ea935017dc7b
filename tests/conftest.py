"""Shared fixtures: the demo shop loaded once per test database, search/media kept apart from the dev ones, and media
on a real S3 server (tests/s3.py)."""

import os
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.test.signals import setting_changed


def pytest_configure(config):
    """Rebuild a kept test database that an earlier run left flushed.

    Transactional tests (concurrency, the real Celery worker) end by emptying every table, which also removes what
    data migrations put there (Wagtail's Editors and Moderators groups among them; our own roles come back by the
    post-migrate signal that flush sends). With ``--reuse-db`` the next run would start from that database and fail in
    confusing ways, so when those groups are missing it is built again.
    """
    from pytest_django.plugin import blocking_manager_key

    if config.getoption("create_db", default=False):
        return
    with config.stash[blocking_manager_key].unblock():
        if _kept_test_database_was_flushed():
            config.option.create_db = True


def _kept_test_database_was_flushed():
    import copy

    from django.db import connections

    from storefront.roles import BUYERS, EDITORS, MODERATORS

    connection = connections.create_connection("default")
    connection.settings_dict = copy.deepcopy(connection.settings_dict)  # shared with settings.DATABASES otherwise
    name = connection.creation._get_test_db_name()
    if connection.vendor == "sqlite" and (name == ":memory:" or not os.path.exists(name)):
        return False
    connection.settings_dict["NAME"] = name
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM auth_group WHERE name IN (%s, %s, %s)", [BUYERS, EDITORS, MODERATORS])
            return cursor.fetchone()[0] < 3
    except Exception:  # no such database or table yet: pytest-django creates and migrates it as usual
        return False
    finally:
        connection.close()


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


def forget_storages(*, setting, **kwargs):
    """When a test changes STORAGES, drop the storage objects made from the old value that Django does not know of:
    the private storage (storefront.media) and sorl-thumbnail's own references."""
    if setting != "STORAGES":
        return
    from django.utils.functional import empty
    from sorl.thumbnail import default as sorl_default
    from sorl.thumbnail.images import get_or_create_storage

    from storefront import media

    media.private._wrapped = empty
    sorl_default.storage._wrapped = empty
    get_or_create_storage.cache_clear()


setting_changed.connect(forget_storages, dispatch_uid="tests.forget_storages")


@pytest.fixture(scope="session")
def s3_server():
    """moto's S3 server, for the whole run (tests/s3.py)."""
    from tests.s3 import S3Server

    server = S3Server()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def s3_buckets(s3_server):
    """One public and one private bucket for the run, not per test: sorl-thumbnail's cache of the thumbnails it made
    outlives a test's rolled-back database, and in a bucket of its own a new test could reuse an old file name."""
    return s3_server.make_buckets()


@pytest.fixture
def s3_media(s3_server, s3_buckets, settings, monkeypatch):
    """Media on the S3 server for one test, with STORAGES built from the environment as production builds it."""
    from storefront import config

    for name, value in s3_buckets.items():
        monkeypatch.setenv(name, value)
    settings.STORAGES = config.media_storages() | {"staticfiles": settings.STORAGES["staticfiles"]}
    return SimpleNamespace(server=s3_server, env=s3_buckets, public=s3_buckets["AWS_STORAGE_BUCKET_NAME"],
                           private=s3_buckets["AWS_PRIVATE_STORAGE_BUCKET_NAME"])
