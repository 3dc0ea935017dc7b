from oscar.apps.partner.models import *  # noqa: F401,F403  Oscar's partner models, unchanged
