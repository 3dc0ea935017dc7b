"""One member, one vote: online votes and their changes, paper ballots entered and confirmed by two people, the close
and its count, and every refusal with its reason and nothing written."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from makers import governance
from makers.governance import GovernanceError
from makers.models import Ballot, Membership, Participation, Proposal
from storefront import audit
from storefront.models import AuditEntry
from tests.factories import make_user
from tests.makers.governance_setup import inside_member, make_member, online_member, open_proposal, people, time_is_up

pytestmark = pytest.mark.django_db
ORCHARD, LAWN = "Plant the orchard", "Keep the lawn"


@pytest.fixture
def w():
    return people()


def option(proposal, label):
    return proposal.options.get(label=label)


def nothing_written(proposal, before_audit):
    return (not Participation.objects.filter(proposal=proposal).exists()
            and not Ballot.objects.filter(proposal=proposal).exists()
            and AuditEntry.objects.count() == before_audit)


def test_an_online_vote_counts_once_and_changes_in_place_with_its_receipt(w):
    user, member = online_member()
    proposal = open_proposal(w["admin"])
    code = governance.cast_vote(proposal, user, option(proposal, ORCHARD))
    assert len(code) == 19 and code.count("-") == 3
    with pytest.raises(GovernanceError, match="already voted on this proposal; you can change your vote"):
        governance.cast_vote(proposal, user, option(proposal, LAWN))
    with pytest.raises(GovernanceError, match="not the receipt code given with your vote"):
        governance.change_vote(proposal, user, option(proposal, LAWN), "AAAA-BBBB-CCCC-DDDD")
    governance.change_vote(proposal, user, option(proposal, LAWN), code.lower().replace("-", " "))
    assert Participation.objects.filter(proposal=proposal).count() == 1
    assert list(Ballot.objects.filter(proposal=proposal).values_list("option__label", flat=True)) == [LAWN]
    assert governance.results_of(proposal) is None  # nothing to see before the close
    with pytest.raises(GovernanceError, match="can be closed only after that"):
        governance.close_proposal(proposal, w["admin"])
    proposal = governance.close_proposal(time_is_up(proposal), w["admin"])
    results = governance.results_of(proposal)
    assert [(label, votes) for label, votes, _, _ in results.options] == [(ORCHARD, 0), (LAWN, 1)]
    assert results.cast == 1 and results.carried == LAWN and results.quorum_met


def test_the_voter_and_the_choice_are_stored_apart(w):
    user, member = online_member()
    proposal = open_proposal(w["admin"])
    code = governance.cast_vote(proposal, user, option(proposal, ORCHARD))
    # The ballot has no field that leads to a member, a participation, a user or a moment.
    assert {field.name for field in Ballot._meta.concrete_fields} == {"id", "proposal", "option", "seal"}
    assert {field.name for field in Participation._meta.concrete_fields} >= {"membership", "receipt_hash"}
    assert not [f for f in Participation._meta.concrete_fields if f.get_internal_type() == "DateTimeField"]
    participation, ballot = proposal.participations.get(), proposal.ballots.get()
    assert participation.receipt_hash == governance.receipt_hash(code) != ballot.seal == governance.ballot_seal(code)
    assert code.replace("-", "") not in participation.receipt_hash + ballot.seal
    # The audit log says who voted, never how.
    entries = audit.trail(proposal).filter(action="governance.voted")
    assert [entry.note for entry in entries] == [f"Member {member.number} voted online"]
    logged = " ".join(f"{e.note} {e.before} {e.after}" for e in entries)
    assert ORCHARD not in logged and str(option(proposal, ORCHARD).pk) not in logged


def test_a_paper_ballot_counts_once_a_second_person_confirms_the_same_reading(w):
    member = inside_member(w["north"])
    proposal = open_proposal(w["admin"])
    reference = governance.paper_reference(proposal, member)
    entry = governance.enter_paper_ballot(proposal, member, option(proposal, ORCHARD), reference, w["instructor"])
    assert not proposal.ballots.exists() and not entry.counted
    with pytest.raises(GovernanceError, match="a second, different person must confirm it"):
        governance.confirm_paper_ballot(entry, w["instructor"], reference, option(proposal, ORCHARD))
    with pytest.raises(GovernanceError, match="differs from the first entry"):
        governance.confirm_paper_ballot(entry, w["instructor2"], reference, option(proposal, LAWN))
    with pytest.raises(GovernanceError, match="not the one on this entry"):
        governance.confirm_paper_ballot(entry, w["instructor2"], "P1-000000", option(proposal, ORCHARD))
    with pytest.raises(GovernanceError, match="only for the members you look after"):
        governance.confirm_paper_ballot(entry, w["other_instructor"], reference, option(proposal, ORCHARD))
    governance.confirm_paper_ballot(entry, w["admin"], reference.lower(), option(proposal, ORCHARD))
    entry.refresh_from_db()
    assert entry.counted and entry.pending_option is None and entry.confirmed_by == w["admin"]
    assert entry.ballot_reference == reference
    assert list(proposal.ballots.values_list("option__label", "seal")) == [(ORCHARD, None)]
    with pytest.raises(GovernanceError, match="already confirmed and counted"):
        governance.confirm_paper_ballot(entry, w["instructor2"], reference, option(proposal, ORCHARD))


def test_one_member_one_vote_whatever_the_channel(w):
    user, online = online_member()
    online.maker.workshop = w["north"]
    online.maker.save()
    paper = inside_member(w["north"])
    proposal = open_proposal(w["admin"])
    governance.cast_vote(proposal, user, option(proposal, ORCHARD))
    with pytest.raises(GovernanceError, match=f"Member {online.number} has already voted on this proposal online"):
        governance.enter_paper_ballot(proposal, online, option(proposal, LAWN),
                                      governance.paper_reference(proposal, online), w["instructor"])
    reference = governance.paper_reference(proposal, paper)
    governance.enter_paper_ballot(proposal, paper, option(proposal, LAWN), reference, w["instructor"])
    with pytest.raises(GovernanceError, match="already voted on this proposal on paper"):
        governance.enter_paper_ballot(proposal, paper, option(proposal, LAWN), reference, w["instructor2"])
    paper.user = make_user()
    paper.save()
    with pytest.raises(GovernanceError, match="already voted on this proposal on paper"):
        governance.cast_vote(proposal, paper.user, option(proposal, ORCHARD))
    with pytest.raises(GovernanceError, match="cast on paper; it cannot be changed online"):
        governance.change_vote(proposal, paper.user, option(proposal, ORCHARD), "XXXX")
    assert Participation.objects.filter(proposal=proposal).count() == 2


def test_paper_ballots_are_entered_only_for_ones_own_members_with_their_papers_reference(w):
    ours, theirs = inside_member(w["north"]), inside_member(w["south"])
    proposal = open_proposal(w["admin"])
    before = AuditEntry.objects.count()
    with pytest.raises(GovernanceError, match="only for the members you look after"):
        governance.enter_paper_ballot(proposal, theirs, option(proposal, LAWN),
                                      governance.paper_reference(proposal, theirs), w["instructor"])
    with pytest.raises(GovernanceError, match=f"not the reference printed on member {ours.number}'s ballot paper"):
        governance.enter_paper_ballot(proposal, ours, option(proposal, LAWN),
                                      governance.paper_reference(proposal, theirs), w["instructor"])
    with pytest.raises(GovernanceError, match="Only a co-op officer with the right to enter paper ballots"):
        governance.enter_paper_ballot(proposal, ours, option(proposal, LAWN),
                                      governance.paper_reference(proposal, ours), make_user())
    assert nothing_written(proposal, before)


@pytest.mark.parametrize("who", ["no membership", "ended", "joined after opening"])
def test_only_members_on_the_register_and_still_members_vote(w, who):
    today = timezone.localdate()
    if who == "no membership":
        user = make_user()
        message = "Only co-op members vote"
    else:
        dates = ({"ended_on": today} if who == "ended" else {"joined_on": today + datetime.timedelta(days=1)})
        user, _ = online_member(**dates)
        message = "ended on" if who == "ended" else "after voting opened: the register for this vote was taken"
    proposal = open_proposal(w["admin"], opens=-60)
    before = AuditEntry.objects.count()
    if who == "joined after opening":
        Proposal.objects.filter(pk=proposal.pk).update(opens_at=proposal.opens_at - datetime.timedelta(days=1))
    with pytest.raises(GovernanceError, match=message):
        governance.cast_vote(proposal, user, option(proposal, ORCHARD))
    assert nothing_written(proposal, before)


@pytest.mark.parametrize(("opens", "closes", "message"), [(60, 120, "opens on"), (-120, -60, "closed on")])
def test_votes_outside_the_window_are_refused(w, opens, closes, message):
    user, member = online_member()
    inside = inside_member(w["north"])
    proposal = open_proposal(w["admin"], opens=opens, closes=closes)
    before = AuditEntry.objects.count()
    with pytest.raises(GovernanceError, match=message):
        governance.cast_vote(proposal, user, option(proposal, ORCHARD))
    with pytest.raises(GovernanceError, match=message):
        governance.enter_paper_ballot(proposal, inside, option(proposal, ORCHARD),
                                      governance.paper_reference(proposal, inside), w["instructor"])
    assert nothing_written(proposal, before)


def test_after_the_close_nothing_more_is_taken(w):
    user, member = online_member()
    proposal = open_proposal(w["admin"])
    code = governance.cast_vote(proposal, user, option(proposal, ORCHARD))
    proposal = governance.close_proposal(time_is_up(proposal), w["admin"])
    Proposal.objects.filter(pk=proposal.pk).update(closes_at=timezone.now() + datetime.timedelta(hours=1))
    for attempt in (lambda: governance.change_vote(proposal, user, option(proposal, LAWN), code),
                    lambda: governance.cast_vote(proposal, online_member()[0], option(proposal, LAWN))):
        with pytest.raises(GovernanceError, match="has closed"):
            attempt()
    with pytest.raises(GovernanceError, match="was already closed"):
        governance.close_proposal(proposal, w["admin"])
    assert list(proposal.ballots.values_list("option__label", flat=True)) == [ORCHARD]


def test_the_close_waits_for_every_paper_ballot_to_be_confirmed_or_discarded(w):
    member = inside_member(w["north"])
    proposal = open_proposal(w["admin"])
    reference = governance.paper_reference(proposal, member)
    entry = governance.enter_paper_ballot(proposal, member, option(proposal, LAWN), reference, w["instructor"])
    time_is_up(proposal)
    with pytest.raises(GovernanceError, match="1 paper ballot\\(s\\) await a second person's confirmation"):
        governance.close_proposal(proposal, w["admin"])
    governance.discard_paper_ballot(entry, w["instructor"])
    assert not proposal.participations.exists()
    proposal = governance.close_proposal(proposal, w["admin"])
    results = governance.results_of(proposal)
    assert results.cast == 0 and results.carried is None and not results.quorum_met


def test_the_count_gives_turnout_per_member_class_and_applies_quorum_and_majority(w):
    proposal = open_proposal(w["admin"], labels=("Yes", "No", "Abstain"), quorum_percent=50,
                             majority=Proposal.SIMPLE)
    voters = [online_member() for _ in range(3)]
    make_member(member_class=Membership.SUPPORTER)  # on the register, does not vote
    make_member(member_class=Membership.WORKER, ended_on=datetime.date(2025, 1, 1))  # not on the register
    supporter_user = make_user()
    make_member(user=supporter_user, member_class=Membership.SUPPORTER)
    for (user, _), label in zip(voters, ("Yes", "Yes", "No")):
        governance.cast_vote(proposal, user, option(proposal, label))
    governance.cast_vote(proposal, supporter_user, option(proposal, "Abstain"))
    proposal = governance.close_proposal(time_is_up(proposal), w["admin"])
    results = governance.results_of(proposal)
    assert results.turnout == (("Maker", 3, 3), ("Supporter", 1, 2))
    assert (results.cast, results.register, results.quorum_met) == (4, 5, True)
    assert results.carried is None  # 2 of 4 is not more than half
    assert audit.trail(proposal).get(action="governance.closed").after == {
        "cast": 4, "register": 5, "quorum_met": True, "carried": None}


@pytest.mark.parametrize(("votes", "register", "quorum", "majority", "expected"), [
    ([5, 4], 9, 100, Proposal.SIMPLE, (True, 0)),
    ([5, 5], 10, 10, Proposal.SIMPLE, (True, None)),  # a tie carries nothing
    ([2, 1], 10, 40, Proposal.SIMPLE, (False, None)),  # 3 of 10 is below a 40% quorum
    ([2, 1], 10, 30, Proposal.TWO_THIRDS, (True, 0)),  # exactly two thirds is enough
    ([6, 4], 10, 30, Proposal.TWO_THIRDS, (True, None)),  # 60% is not
    ([3, 2, 2], 7, 0, Proposal.SIMPLE, (True, None)),  # the most votes, but not more than half
    ([0, 0], 0, 0, Proposal.SIMPLE, (False, None)),  # nobody on the register
])
def test_decide(votes, register, quorum, majority, expected):
    assert governance.decide(votes, register, quorum, majority) == expected


def test_proposals_are_refused_with_their_reasons_and_nothing_written(w):
    now = timezone.now()
    meeting = governance.open_meeting(w["admin"], title="Extraordinary general meeting")
    fields = {"title": "Change rule 12", "text": "Members' meetings by video too.", "opens_at": now,
              "closes_at": now + datetime.timedelta(days=7)}
    with pytest.raises(ValidationError, match="at least two options"):
        governance.add_proposal(meeting, w["admin"], options=[{"label": "Yes"}], **fields)
    with pytest.raises(ValidationError, match="only a surplus distribution can"):
        governance.add_proposal(meeting, w["admin"], options=[{"label": "Yes", "dividend_pence": 100},
                                                               {"label": "No"}], **fields)
    with pytest.raises(ValidationError, match="Voting must close after it opens"):
        governance.add_proposal(meeting, w["admin"], options=[{"label": "Yes"}, {"label": "No"}],
                                **fields | {"closes_at": now})
    with pytest.raises(GovernanceError, match="right to put proposals"):
        governance.add_proposal(meeting, w["instructor"], options=[{"label": "Yes"}, {"label": "No"}], **fields)
    assert not meeting.proposals.exists()
    rule = governance.add_proposal(meeting, w["admin"], options=[{"label": "Yes"}, {"label": "No"}],
                                   kind=Proposal.RULE_CHANGE, majority=Proposal.SIMPLE, **fields)
    assert rule.majority == Proposal.TWO_THIRDS  # a rule change always needs two thirds
