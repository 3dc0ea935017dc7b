"""Settings used only by benchmarks/storefront_load.py: the shop's, plus a trivial static-template view (the baseline)
under a URL no real deployment has."""

import os

from storefront.settings import *  # noqa: F401,F403
from storefront.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "benchmarks.storefront_urls"
TEMPLATES[0]["DIRS"] = [*TEMPLATES[0]["DIRS"], BASE_DIR / "benchmarks" / "templates"]
# --uncached measures the page as rendered for a visitor with a basket or a session (no shared copy).
STOREFRONT_PAGE_CACHE = os.environ.get("BENCH_PAGE_CACHE", "1") == "1"
# --fresh also makes every shared part of the page afresh (the product cards, the listings and their facet values).
STOREFRONT_FRAGMENT_CACHE = os.environ.get("BENCH_FRAGMENT_CACHE", "1") == "1"
