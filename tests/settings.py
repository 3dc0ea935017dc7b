"""The project's settings for the test suite: the same, except that tests keep their own media and cache namespace,
never the demo's."""

import os

from storefront.settings import *  # noqa: F401,F403
from storefront.settings import CACHES, VAR_DIR

MEDIA_ROOT = VAR_DIR / "test_media"
PRIVATE_MEDIA_ROOT = VAR_DIR / "test_private"
# A shared Redis outlives test runs; a namespace per process keeps entries (such as thumbnails known to exist) from
# one run's media folder out of the next.
CACHES["default"]["KEY_PREFIX"] = f"test-{os.getpid()}"
STOREFRONT_PAGE_CACHE = False  # tests look at how pages are made; tests/storefront/test_page_cache.py turns it on
STOREFRONT_FRAGMENT_CACHE = False  # the same for the shared parts of browse pages (cards, listings)
