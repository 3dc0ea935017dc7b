"""Members decide: meetings, proposals, votes and their count as business actions, one function each.

The rules (README "Governance"):
- A proposal's register is the members in force on the day its voting opens (London date). A member on it may vote
  while voting is open and they are still a member; anyone else is refused with the reason.
- One member, one vote: one ``Participation`` per member and proposal, online or on paper, never both.
- Online, a member votes once and gets a receipt code; with it they may change the vote until the close. The
  choice is a ``Ballot`` row with nothing that leads back to them (see ``Participation`` for how the two are kept
  apart and still let the voter alone change theirs).
- On paper, an instructor (for the members of their workshops) or an admin enters the ballot paper with the
  reference printed on it; a second, different person confirms it by entering the same paper again, and only then
  does it count. Paper ballots are entered while voting is open and confirmed before the close.
- An admin closes the vote once its time is up and no paper ballot awaits confirmation: the count is kept with the
  proposal and shown from then on, never before. A surplus distribution the members passed is then applied to the
  ledger by an admin (``payouts.surplus``), once.

Every action locks the proposal's row first, so votes, confirmations and the close of one proposal happen one
after another: a vote that waited for the close is refused, not counted after it. The audit log records who did
what and when; never how anyone voted.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac

from makers.access import memberships_for
from makers.models import Ballot, Meeting, Membership, Option, Participation, Proposal, london_date
from payouts import surplus
from storefront import audit, impact

RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
RECEIPT_LENGTH = 16  # 80 random bits


class GovernanceError(ValueError):
    """A vote or an admin action that the rules refuse; the message says why, for the person who tried."""


def _require(user, permission, what):
    if user is None or not user.has_perm(permission):
        raise GovernanceError(f"Only a co-op officer with the right to {what} can do this.")


def _day(moment):
    return f"{timezone.localtime(moment):%-d %B %Y at %H:%M}"


# Receipt codes and ballot references.

def new_receipt():
    code = "".join(secrets.choice(RECEIPT_ALPHABET) for _ in range(RECEIPT_LENGTH))
    return "-".join(code[i:i + 4] for i in range(0, RECEIPT_LENGTH, 4))


def _plain_code(code):
    return "".join((code or "").split()).replace("-", "").upper()


def receipt_hash(code):
    """What the voter's participation keeps of their receipt code: enough to recognise it, not to find the ballot."""
    return hashlib.sha256(b"ttg-receipt:" + _plain_code(code).encode()).hexdigest()


def ballot_seal(code):
    """What the ballot keeps of the same code: a different hash, so neither row leads to the other without it."""
    return hashlib.sha256(b"ttg-ballot:" + _plain_code(code).encode()).hexdigest()


def paper_reference(proposal, membership):
    """The reference printed on a member's ballot paper: entering it proves the paper is theirs (and catches typos)."""
    check = salted_hmac("makers.governance.paper", f"{proposal.pk}:{membership.pk}").hexdigest()[:6].upper()
    return f"P{proposal.pk}-{check}"


# Who may vote.

def membership_of(user):
    """The signed-in person's membership: their own, or that of the maker whose login it is."""
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(Q(user=user) | Q(maker__user=user)).first()


def register(proposal):
    """The members entitled to vote on a proposal: those in force on the day its voting opens."""
    return Membership.objects.in_force(proposal.opens_at)


def _check_member(proposal, membership, now):
    if membership is None:
        raise GovernanceError("Only co-op members vote, and this account is not a member's.")
    opening = london_date(proposal.opens_at)
    if membership.joined_on > opening:
        raise GovernanceError(f"Member {membership.number} joined on {membership.joined_on:%-d %B %Y}, after voting "
                              f"opened: the register for this vote was taken on {opening:%-d %B %Y}.")
    if membership.ended_on is not None and membership.ended_on <= london_date(now):
        raise GovernanceError(f"The membership of {membership.number} ended on {membership.ended_on:%-d %B %Y}: "
                              "only current members vote.")
    return membership


def _locked(proposal):
    return Proposal.objects.select_for_update().get(pk=getattr(proposal, "pk", proposal))


def _open_for_votes(proposal):
    """The proposal, locked, and the moment judged after the lock: a vote that waited for the close is too late."""
    proposal = _locked(proposal)
    now = timezone.now()
    if proposal.closed_at is not None:
        raise GovernanceError(f"Voting on “{proposal}” has closed.")
    if now < proposal.opens_at:
        raise GovernanceError(f"Voting on “{proposal}” opens on {_day(proposal.opens_at)}.")
    if now >= proposal.closes_at:
        raise GovernanceError(f"Voting on “{proposal}” closed on {_day(proposal.closes_at)}.")
    return proposal, now


def _option(proposal, option):
    found = proposal.options.filter(pk=getattr(option, "pk", option)).first()
    if found is None:
        raise GovernanceError("Choose one of this proposal's options.")
    return found


def _already(participation):
    how = "online" if participation.channel == Participation.ONLINE else "on paper"
    return GovernanceError(f"Member {participation.membership.number} has already voted on this proposal {how}: "
                           "one member, one vote.")


# Meetings and proposals.

@transaction.atomic
def open_meeting(by, **fields):
    _require(by, "makers.add_meeting", "open meetings")
    meeting = Meeting(opened_by=by, **fields)
    meeting.full_clean()
    meeting.save()
    audit.record(by, "governance.meeting_opened", meeting, after=audit.snapshot(meeting, ("title", "kind", "held_on")))
    return meeting


PLAN_FIELDS = ("reserve_pence", "community_fund_pence", "victim_fund_pence", "dividend_pence", "dividend_rule")


@transaction.atomic
def add_proposal(meeting, by, options, runs=(), **fields):
    """A proposal with its options (dicts of Option fields); a surplus distribution names its paid runs and every
    option is a plan that must add up to their surplus exactly. Refuses (ValidationError) and writes nothing
    otherwise."""
    _require(by, "makers.add_proposal", "put proposals to the members")
    proposal = Proposal(meeting=meeting, **fields)
    if proposal.kind == Proposal.RULE_CHANGE:
        proposal.majority = Proposal.TWO_THIRDS
    proposal.full_clean()
    options = [Option(position=n, **values) for n, values in enumerate(options)]
    if len(options) < 2:
        raise ValidationError("A proposal needs at least two options to choose between.")
    runs = list(runs)
    problems = []
    if proposal.kind == Proposal.SURPLUS:
        try:
            available = surplus.surplus_available(runs)
        except surplus.SurplusError as refused:
            raise ValidationError(str(refused)) from None
        for option in options:
            problems += [f"“{option.label}”: {problem}" for problem in surplus.plan_of(option).errors(available)]
    else:
        if runs:
            problems.append("Only a surplus distribution names payout runs.")
        problems += [f"“{option.label}” shares out money, but only a surplus distribution can."
                     for option in options if option.plan_total]
    if problems:
        raise ValidationError(problems)
    proposal.save()
    proposal.surplus_runs.set(runs)
    for option in options:
        option.proposal = proposal
        option.full_clean()
    Option.objects.bulk_create(options)
    audit.record(by, "governance.proposal_added", proposal,
                 after=audit.snapshot(proposal, ("meeting", "kind", "majority", "quorum_percent", "opens_at",
                                                 "closes_at"))
                 | {"options": [option.label for option in options], "runs": [run.pk for run in runs]})
    return proposal


# Voting.

@transaction.atomic
def cast_vote(proposal, user, option):
    """A signed-in member's online vote; returns the receipt code, shown to them once, which alone lets them change
    it."""
    proposal, now = _open_for_votes(proposal)
    membership = _check_member(proposal, membership_of(user), now)
    option = _option(proposal, option)
    existing = Participation.objects.filter(proposal=proposal, membership=membership).first()
    if existing is not None:
        if existing.channel == Participation.ONLINE:
            raise GovernanceError("You have already voted on this proposal; you can change your vote with your "
                                  "receipt code until voting closes.")
        raise _already(existing)
    code = new_receipt()
    Participation.objects.create(proposal=proposal, membership=membership, channel=Participation.ONLINE,
                                 receipt_hash=receipt_hash(code))
    Ballot.objects.create(proposal=proposal, option=option, seal=ballot_seal(code))
    audit.record(user, "governance.voted", proposal, note=f"Member {membership.number} voted online")
    return code


@transaction.atomic
def change_vote(proposal, user, option, code):
    """Replace a member's online choice, in place, if they give the receipt code of their vote."""
    proposal, now = _open_for_votes(proposal)
    membership = _check_member(proposal, membership_of(user), now)
    option = _option(proposal, option)
    participation = Participation.objects.filter(proposal=proposal, membership=membership).first()
    if participation is None:
        raise GovernanceError("You have not voted on this proposal yet.")
    if participation.channel != Participation.ONLINE:
        raise GovernanceError("Your vote on this proposal was cast on paper; it cannot be changed online.")
    if not hmac.compare_digest(receipt_hash(code), participation.receipt_hash):
        raise GovernanceError("That is not the receipt code given with your vote; without it, your vote stands as "
                              "cast.")
    if Ballot.objects.filter(proposal=proposal, seal=ballot_seal(code)).update(option=option) != 1:
        raise GovernanceError("Your ballot could not be found; your vote stands as cast. Please tell a co-op officer.")
    audit.record(user, "governance.vote_changed", proposal, note=f"Member {membership.number} changed their vote")


@transaction.atomic
def enter_paper_ballot(proposal, membership, option, reference, by):
    """The first entry of a member's ballot paper, by an instructor of their workshop or an admin; counted only once
    a second person confirms it."""
    _require(by, "makers.enter_paper_ballot", "enter paper ballots")
    proposal, now = _open_for_votes(proposal)
    membership = memberships_for(by).filter(pk=getattr(membership, "pk", membership)).first()
    if membership is None:
        raise GovernanceError("You can enter paper ballots only for the members you look after.")
    _check_member(proposal, membership, now)
    option = _option(proposal, option)
    printed = paper_reference(proposal, membership)
    if _plain_code(reference) != _plain_code(printed):
        raise GovernanceError(f"“{reference}” is not the reference printed on member {membership.number}'s ballot "
                              "paper for this proposal: check the paper and the member.")
    reference = printed
    existing = Participation.objects.filter(proposal=proposal, membership=membership).first()
    if existing is not None:
        raise _already(existing)
    try:
        with transaction.atomic():
            participation = Participation.objects.create(
                proposal=proposal, membership=membership, channel=Participation.PAPER, ballot_reference=reference,
                pending_option=option, entered_by=by)
    except IntegrityError:
        raise GovernanceError(f"The ballot paper {reference} has already been entered.") from None
    audit.record(by, "governance.paper_entered", proposal,
                 note=f"Ballot paper {reference} of member {membership.number} entered; awaiting confirmation")
    return participation


def _locked_entry(participation, by):
    proposal = _locked(participation.proposal_id)
    entry = (Participation.objects.select_for_update()
             .filter(pk=participation.pk, proposal=proposal, channel=Participation.PAPER).first())
    if entry is None:
        raise GovernanceError("This paper ballot entry no longer exists: it was discarded.")
    if not memberships_for(by).filter(pk=entry.membership_id).exists():
        raise GovernanceError("You can handle paper ballots only for the members you look after.")
    if entry.confirmed_by_id is not None:
        raise GovernanceError(f"The ballot paper {entry.ballot_reference} is already confirmed and counted.")
    if proposal.closed_at is not None:
        raise GovernanceError(f"Voting on “{proposal}” has closed.")
    return proposal, entry


@transaction.atomic
def confirm_paper_ballot(participation, by, reference, option):
    """The second person enters the same ballot paper again, without seeing the first entry; if both agree the
    choice goes into the ballot box, apart from the member, and the entry keeps no trace of it."""
    _require(by, "makers.confirm_paper_ballot", "confirm paper ballots")
    proposal, entry = _locked_entry(participation, by)
    if entry.entered_by_id == by.pk:
        raise GovernanceError("You entered this ballot paper yourself: a second, different person must confirm it.")
    if _plain_code(reference) != _plain_code(entry.ballot_reference):
        raise GovernanceError("That reference is not the one on this entry: check the ballot paper.")
    if getattr(option, "pk", option) != entry.pending_option_id:
        raise GovernanceError("Your reading of the ballot paper differs from the first entry. Look at the paper "
                              "together; if the first entry was wrong, discard it and enter the paper again.")
    Ballot.objects.create(proposal=proposal, option_id=entry.pending_option_id)
    entry.pending_option, entry.confirmed_by = None, by
    entry.save(update_fields=["pending_option", "confirmed_by"])
    audit.record(by, "governance.paper_confirmed", proposal,
                 note=f"Ballot paper {entry.ballot_reference} of member {entry.membership.number} confirmed")
    return entry


@transaction.atomic
def discard_paper_ballot(participation, by):
    """Take back an entry not yet confirmed (entered for the wrong member or misread), so the paper can be entered
    again."""
    _require(by, "makers.enter_paper_ballot", "enter paper ballots")
    proposal, entry = _locked_entry(participation, by)
    reference, number = entry.ballot_reference, entry.membership.number
    entry.delete()
    audit.record(by, "governance.paper_discarded", proposal,
                 note=f"Unconfirmed entry of ballot paper {reference} of member {number} discarded")


# The count.

def decide(votes, register_size, quorum_percent, majority):
    """(quorum met, index of the carried option or None) from the votes per option.

    The quorum is a share of the register; an option carries if it has the most votes, alone, and more than half of
    the votes cast (simple) or at least two thirds of them (two_thirds)."""
    cast = sum(votes)
    quorum_met = register_size > 0 and cast * 100 >= quorum_percent * register_size
    if not quorum_met or cast == 0:
        return quorum_met, None
    top = max(votes)
    if votes.count(top) > 1:
        return quorum_met, None
    enough = top * 3 >= cast * 2 if majority == Proposal.TWO_THIRDS else top * 2 > cast
    return quorum_met, (votes.index(top) if enough else None)


def count(proposal):
    """The results from the ballot box and the register: totals only."""
    options = list(proposal.options.all())
    box = dict(Ballot.objects.filter(proposal=proposal).values_list("option").annotate(n=Count("pk")))
    votes = [box.get(option.pk, 0) for option in options]
    counted = Participation.objects.filter(proposal=proposal).filter(
        Q(channel=Participation.ONLINE) | Q(confirmed_by__isnull=False))
    voted = dict(counted.values_list("membership__member_class").annotate(n=Count("pk")))
    on_register = dict(register(proposal).values_list("member_class").annotate(n=Count("pk")))
    if sum(votes) != sum(voted.values()):
        raise GovernanceError("The ballot box and the list of who voted disagree; nothing was closed. "
                              "Please report this.")
    register_size = sum(on_register.values())
    quorum_met, carried = decide(votes, register_size, proposal.quorum_percent, proposal.majority)
    return {
        "options": [{"id": option.pk, "label": option.label, "votes": n} for option, n in zip(options, votes)],
        "cast": sum(votes), "register": register_size, "quorum_met": quorum_met,
        "carried": None if carried is None else options[carried].pk,
        "turnout": [{"class": code, "label": label, "voted": voted.get(code, 0), "register": on_register.get(code, 0)}
                    for code, label in Membership.CLASS_CHOICES],
    }


@transaction.atomic
def close_proposal(proposal, by):
    """Close the vote once its time is up and count it; the results are kept with the proposal."""
    _require(by, "makers.close_proposal", "close votes")
    proposal = _locked(proposal)
    if proposal.closed_at is not None:
        raise GovernanceError(f"“{proposal}” was already closed on {_day(proposal.closed_at)}.")
    now = timezone.now()
    if now < proposal.closes_at:
        raise GovernanceError(f"Voting on “{proposal}” is open until {_day(proposal.closes_at)}; it can be closed "
                              "only after that.")
    waiting = proposal.participations.filter(channel=Participation.PAPER, confirmed_by__isnull=True).count()
    if waiting:
        raise GovernanceError(f"{waiting} paper ballot(s) await a second person's confirmation: confirm or discard "
                              "them before the close.")
    proposal.results, proposal.closed_at, proposal.closed_by = count(proposal), now, by
    proposal.save(update_fields=["results", "closed_at", "closed_by"])
    carried = results_of(proposal).carried
    audit.record(by, "governance.closed", proposal, after={
        "cast": proposal.results["cast"], "register": proposal.results["register"],
        "quorum_met": proposal.results["quorum_met"], "carried": carried})
    return proposal


@dataclass(frozen=True)
class Results:
    options: tuple  # (label, votes, permille of the votes cast, carried?)
    cast: int
    register: int
    quorum_percent: int
    quorum_met: bool
    majority: str
    carried: str | None
    turnout: tuple  # (class label, voted, on the register)

    @property
    def turnout_percent(self):
        return self.cast * 100 // self.register if self.register else 0


def results_of(proposal):
    """The kept count of a closed proposal, for pages; None while voting is still open."""
    if proposal.results is None:
        return None
    kept = proposal.results
    cast = kept["cast"]
    carried = next((row["label"] for row in kept["options"] if row["id"] == kept["carried"]), None)
    return Results(
        options=tuple((row["label"], row["votes"], row["votes"] * 1000 // cast if cast else 0,
                       row["id"] == kept["carried"]) for row in kept["options"]),
        cast=cast, register=kept["register"], quorum_percent=proposal.quorum_percent,
        quorum_met=kept["quorum_met"], majority=proposal.get_majority_display(), carried=carried,
        turnout=tuple((row["label"], row["voted"], row["register"]) for row in kept["turnout"] if row["register"]),
    )


@transaction.atomic
def apply_distribution(proposal, by):
    """Post the surplus distribution the members passed (payouts.surplus): once, however often it is asked; the
    impact page's figures are refreshed to show it."""

    _require(by, "makers.apply_distribution", "apply surplus distributions")
    proposal = _locked(proposal)
    if proposal.kind != Proposal.SURPLUS:
        raise GovernanceError("Only a surplus distribution can be applied to the ledger.")
    if proposal.closed_at is None:
        raise GovernanceError("The vote must be closed and counted before its decision is applied.")
    if proposal.applied_at is not None:
        raise GovernanceError(f"This distribution was already applied on {_day(proposal.applied_at)}; nothing was "
                              "posted again.")
    carried = proposal.results["carried"]
    if carried is None:
        raise GovernanceError("The members passed none of the plans, so there is nothing to apply: the surplus "
                              "stays in the reserve.")
    now = timezone.now()
    try:
        summary = surplus.post_distribution(f"surplus:proposal:{proposal.pk}", proposal.surplus_runs.all(),
                                            proposal.options.get(pk=carried), now)
    except surplus.SurplusError as refused:
        raise GovernanceError(str(refused)) from None
    proposal.applied_at, proposal.applied_by = now, by
    proposal.save(update_fields=["applied_at", "applied_by"])
    audit.record(by, "governance.distribution_applied", proposal, after=summary)
    impact.invalidate()
    return summary
