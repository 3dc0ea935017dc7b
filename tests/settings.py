"""The project's settings for the test suite: the same, except that tests keep their own media and search index beside
the reused test database, never the demo's."""

from storefront.settings import *  # noqa: F401,F403
from storefront.settings import HAYSTACK_CONNECTIONS, VAR_DIR

MEDIA_ROOT = VAR_DIR / "test_media"
HAYSTACK_CONNECTIONS["default"]["PATH"] = str(VAR_DIR / "test_whoosh_index")
