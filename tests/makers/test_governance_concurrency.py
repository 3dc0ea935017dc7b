"""Votes at once, on PostgreSQL with real row locks: one member voting twice at the same moment, and votes arriving at
the closing second together with the close."""

import threading
import time

import pytest
from django.utils import timezone

from makers import governance
from makers.governance import GovernanceError
from makers.models import Proposal
from tests.makers.governance_setup import online_member, open_proposal, people
from tests.payouts.test_concurrency import at_once

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_one_member_voting_twice_at_once_is_counted_once():
    w = people()
    user, _ = online_member()
    proposal = open_proposal(w["admin"])
    choices = iter(list(proposal.options.all()) * 2)
    lock = threading.Lock()

    def vote():
        with lock:
            choice = next(choices)
        return governance.cast_vote(proposal.pk, user, choice)

    results = at_once(vote, 4)
    assert sum(isinstance(r, str) for r in results) == 1, results
    assert all(isinstance(r, GovernanceError) for r in results if not isinstance(r, str)), results
    assert proposal.participations.count() == proposal.ballots.count() == 1


def test_a_member_entered_on_paper_and_voting_online_at_once_is_counted_once():
    w = people()
    user, member = online_member()
    member.maker.workshop = w["north"]
    member.maker.save()
    proposal = open_proposal(w["admin"])
    choice = proposal.options.first()
    actions = iter([lambda: governance.cast_vote(proposal.pk, user, choice),
                    lambda: governance.enter_paper_ballot(proposal.pk, member, choice,
                                                          governance.paper_reference(proposal, member),
                                                          w["instructor"])])
    lock = threading.Lock()

    def next_action():
        with lock:
            action = next(actions)
        return action()

    results = at_once(next_action, 2)
    assert sum(isinstance(r, GovernanceError) for r in results) == 1, results
    assert proposal.participations.count() == 1


def test_votes_at_the_closing_second_are_counted_before_the_close_or_refused_after_it():
    """Six members vote within a few milliseconds either side of the closing moment while an admin closes the vote
    at that moment: whatever order the row lock gives them, every vote written is in the count and none is written
    after it."""
    w = people()
    users = [online_member()[0] for _ in range(6)]
    proposal = open_proposal(w["admin"], opens=-60, closes=3)
    closes_at = proposal.closes_at
    choice = proposal.options.first()
    jobs = [(offset, lambda user=user: governance.cast_vote(proposal.pk, user, choice))
            for user, offset in zip(users, (-0.006, -0.003, -0.001, 0.001, 0.003, 0.006))]
    jobs.append((0, lambda: governance.close_proposal(proposal.pk, w["admin"])))
    queue = iter(jobs)
    lock = threading.Lock()

    def at_the_closing_second():
        with lock:
            offset, job = next(queue)
        time.sleep(max((closes_at - timezone.now()).total_seconds() + offset, 0))
        return job()

    results = at_once(at_the_closing_second, len(jobs))
    assert sum(isinstance(r, Proposal) for r in results) == 1, results
    counted = [r for r in results if isinstance(r, str)]
    refused = [r for r in results if isinstance(r, GovernanceError)]
    assert len(counted) + len(refused) == len(users), results
    assert all("has closed" in str(r) or "closed on" in str(r) for r in refused), refused
    proposal.refresh_from_db()
    assert proposal.closed_at >= closes_at
    assert proposal.results["cast"] == len(counted) == proposal.participations.count() == proposal.ballots.count()
