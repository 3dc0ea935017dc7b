"""Settings of the gunicorn servers that tests/test_two_servers.py starts: production's (DEBUG off, read from the
environment), except that cookies travel over the test's plain-HTTP loopback where production has TLS in front, static
files are not collected (pages link to them, nobody fetches them), and the servers share a cache namespace of the
test's own in the Redis that other test runs use too."""

import os

from storefront.settings import *  # noqa: F401,F403
from storefront.settings import CACHES, STORAGES

SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = False
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
CACHES["default"]["KEY_PREFIX"] = os.environ["TEST_CACHE_PREFIX"]
