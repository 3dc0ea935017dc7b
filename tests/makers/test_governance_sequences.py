"""Any sequence of votes, changes, paper entries, confirmations, discards and attempts after the close counts each
member at most once, and the count equals the last valid choice of each counted member.

A small model of the rules says, for each step, whether it must succeed; the real functions must agree step by step,
and the final count must equal the model's.
"""

from collections import Counter

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from makers import governance
from makers.governance import GovernanceError
from makers.models import Participation
from tests.makers.governance_setup import online_member, open_proposal, people, time_is_up

pytestmark = pytest.mark.django_db
MEMBERS, OPTIONS, PEOPLE = 3, 3, 3  # members (each can sign in and be entered on paper), options, ballot handlers

member = st.integers(0, MEMBERS - 1)
choice = st.integers(0, OPTIONS - 1)
handler = st.integers(0, PEOPLE - 1)
steps = st.lists(st.one_of(
    st.tuples(st.just("vote"), member, choice),
    st.tuples(st.just("change"), member, choice, st.booleans()),
    st.tuples(st.just("enter"), member, choice, handler),
    st.tuples(st.just("confirm"), member, choice, handler),
    st.tuples(st.just("discard"), member, handler),
    st.tuples(st.just("time_up")),
    st.tuples(st.just("close")),
), max_size=25)


class Model:
    """What the rules say: each member's state is None, ("online", choice), ("pending", choice, entered by) or
    ("paper", choice)."""

    def __init__(self):
        self.state = [None] * MEMBERS
        self.time_up = self.closed = False

    def counted(self):
        return Counter(s[1] for s in self.state if s and s[0] in ("online", "paper"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                  HealthCheck.too_slow])
@given(steps=steps)
def test_each_member_is_counted_once_with_their_last_valid_choice(steps):
    with transaction.atomic():
        w = people()
        handlers = [w["instructor"], w["instructor2"], w["admin"]]
        members = []
        for _ in range(MEMBERS):
            user, membership = online_member()
            membership.maker.workshop = w["north"]
            membership.maker.save()
            members.append((user, membership))
        proposal = open_proposal(w["admin"], labels=[f"Option {n}" for n in range(OPTIONS)])
        options = list(proposal.options.all())
        codes, model = {}, Model()

        def attempt(expected, action):
            try:
                result = action()
            except GovernanceError:
                assert not expected, step
                return None
            assert expected, step
            return result

        for step in steps:
            kind, *args = step
            state = model.state[args[0]] if args else None
            if kind == "vote":
                i, c = args
                code = attempt(not model.time_up and state is None,
                               lambda: governance.cast_vote(proposal, members[i][0], options[c]))
                if code:
                    codes[i], model.state[i] = code, ("online", c)
            elif kind == "change":
                i, c, right = args
                ok = not model.time_up and state is not None and state[0] == "online" and right
                code = codes.get(i, "WRONG-CODE") if right else "WRONG-CODE"
                if attempt(ok, lambda: governance.change_vote(proposal, members[i][0], options[c], code)) is None \
                        and ok:
                    model.state[i] = ("online", c)
            elif kind == "enter":
                i, c, h = args
                membership = members[i][1]
                reference = governance.paper_reference(proposal, membership)
                if attempt(not model.time_up and state is None,
                           lambda: governance.enter_paper_ballot(proposal, membership, options[c], reference,
                                                                 handlers[h])):
                    model.state[i] = ("pending", c, h)
            elif kind in ("confirm", "discard"):
                i, *rest = args
                entry = Participation.objects.filter(proposal=proposal, membership=members[i][1],
                                                     channel=Participation.PAPER).first()
                pending = state is not None and state[0] == "pending" and not model.closed
                if kind == "confirm":
                    c, h = rest
                    ok = pending and state[2] != h and state[1] == c
                    if entry is None:
                        assert not ok
                    elif attempt(ok, lambda: governance.confirm_paper_ballot(entry, handlers[h], entry.ballot_reference,
                                                                             options[c])):
                        model.state[i] = ("paper", c)
                else:
                    if entry is None:
                        assert not pending
                    elif attempt(pending, lambda: governance.discard_paper_ballot(entry, handlers[rest[0]])) is None \
                            and pending:
                        model.state[i] = None
            elif kind == "time_up":
                proposal = time_is_up(proposal)
                model.time_up = True
            else:
                waiting = any(s and s[0] == "pending" for s in model.state)
                if attempt(model.time_up and not model.closed and not waiting,
                           lambda: governance.close_proposal(proposal, w["admin"])):
                    model.closed = True

        if not model.closed:
            for entry in Participation.objects.filter(proposal=proposal, confirmed_by__isnull=True,
                                                      channel=Participation.PAPER):
                governance.discard_paper_ballot(entry, w["admin"])
            proposal = governance.close_proposal(time_is_up(proposal), w["admin"])
        proposal.refresh_from_db()
        results = governance.results_of(proposal)
        expected = model.counted()
        assert [votes for _, votes, _, _ in results.options] == [expected.get(n, 0) for n in range(OPTIONS)]
        assert results.cast == sum(expected.values())
        assert Participation.objects.filter(proposal=proposal).count() == results.cast
        transaction.set_rollback(True)
