"""Generation counters (storefront.generations): processes keep copies made under a number, so a lost counter must
never come back with a number they already hold."""

from django.core.cache import cache

from storefront import generations


def test_a_change_adds_one():
    key = "test:generations:plain"
    cache.delete(key)
    first = generations.current(key)
    generations.bump(key)
    assert generations.current(key) == first + 1


def test_a_lost_counter_starts_above_every_number_it_had():
    key = "test:generations:lost"
    cache.delete(key)
    seen = [generations.current(key)]
    for _ in range(3):
        generations.bump(key)
        seen.append(generations.current(key))
    cache.delete(key)  # as a Redis restart or a flush would
    assert generations.current(key) > max(seen)
    cache.delete(key)
    generations.bump(key)  # a change made while the counter was lost
    assert generations.current(key) > max(seen)
