from oscar.apps.wishlists.models import *  # noqa: F401,F403  Oscar's wish list models, unchanged
