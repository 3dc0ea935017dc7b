"""Generation counters in the shared cache: a process keeps a copy of something shared (the private values its logs
redact, the parts of browse pages) together with the generation it was made at, and makes it again when the
generation moves on. Any change adds one.

A counter that was lost (a Redis restart, a flush, a test clearing the cache) starts again from the clock, not from 1:
processes may still hold copies made under the numbers it had before, which must not be taken for current.
"""

import time

from django.core.cache import cache


def _first():
    return time.time_ns() // 1000


def current(key):
    return cache.get_or_set(key, _first, None)


def current_many(keys):
    """The numbers of several counters in one round trip (a lost one restarted as ``current`` does)."""
    found = cache.get_many(keys)
    return {key: found[key] if key in found else current(key) for key in keys}


def bump(key):
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, _first(), None)
