"""Which split terms apply to a maker at a moment: the status then in force, its policy version, the maker's own terms.

``terms_for`` is the one place that answers it. Alone it costs two queries (status, policy version); given a
``PolicyBook`` loaded once for a batch of makers it costs none, which is what bulk allocation uses.
"""

import bisect
import datetime
from collections import defaultdict
from dataclasses import dataclass
from functools import cached_property

from django.db import transaction

from makers.models import Maker, MakerStatus, london_date
from payouts.core.levy import LONDON
from payouts.core.policy import DEFAULT_POLICIES
from payouts.core.policy import SplitPolicy as CorePolicy
from payouts.ledger import one_of
from payouts.models import Account, SplitPolicy
from storefront import audit

DEMO_EFFECTIVE_FROM = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
HOUSED_ROOM_BOARD_BP = 1000
"""Released makers housed by the co-op contribute 10% to room and board, taken from wages (DOMAIN.md)."""


class NoTerms(ValueError):
    """No status or no policy version covers a maker at a moment, so their share cannot be allocated yet."""


def load_default_policies(effective_from=DEMO_EFFECTIVE_FROM, created_by=None):
    """The demo's starting policies (DOMAIN.md), once: running it again changes nothing. Returns those created."""
    created = []
    for status, core in DEFAULT_POLICIES.items():
        policy, made = SplitPolicy.objects.get_or_create(
            status=status, effective_from=effective_from,
            defaults={
                "wages_bp": core.wages_bp, "reparation_bp": core.reparation_bp, "room_board_bp": core.room_board_bp,
                "surplus_bp": core.surplus_bp, "levy_rate_bp": core.levy_rate_bp,
                "levy_threshold_pence": core.levy_threshold_pence,
                "housed_room_board_bp": HOUSED_ROOM_BOARD_BP if status == MakerStatus.RELEASED else 0,
                "note": "The demo's starting policy (DOMAIN.md)", "created_by": created_by,
            },
        )
        if made:
            created.append(policy)
    return created


@dataclass(frozen=True)
class MakerTerms:
    """What one maker's share of a sale follows: their status then, the policy version, and where room and board go."""

    maker_id: int
    status: str
    policy_id: int
    policy: CorePolicy
    room_board_key: str

    @cached_property
    def bucket_accounts(self) -> tuple[str, str, str, str]:
        """The account of each bucket (in BUCKETS order) for this maker's share: worked out once per terms."""
        return (Account.key_for(Account.WAGES, maker_id=self.maker_id),
                Account.key_for(Account.REPARATION, maker_id=self.maker_id), self.room_board_key, Account.SURPLUS)


class PolicyBook:
    """Every policy version, and the statuses of a batch of makers, fetched once (three queries).

    It also remembers the terms it has worked out, for the rest of the batch.
    """

    def __init__(self, maker_ids):
        self.versions = defaultdict(list)
        for policy in SplitPolicy.objects.order_by("status", "effective_from"):
            self.versions[policy.status].append(policy)
        self.starts = {status: [p.effective_from for p in versions] for status, versions in self.versions.items()}
        self.periods = defaultdict(list)
        for period in MakerStatus.objects.filter(one_of("maker_id", maker_ids)).order_by("maker_id", "starts_on"):
            self.periods[period.maker_id].append(period)
        self.makers = {maker.pk: maker for maker in Maker.objects.filter(one_of("pk", maker_ids))}
        self.terms = {}

    def status(self, maker_id, moment):
        day = moment.astimezone(LONDON).date()
        for period in self.periods.get(maker_id, ()):
            if period.starts_on <= day and (period.ends_on is None or day < period.ends_on):
                return period.status
        return None

    def version(self, status, moment):
        index = bisect.bisect_right(self.starts.get(status, []), moment)
        return self.versions[status][index - 1] if index else None


def terms_for(maker, moment, book=None) -> MakerTerms:
    """The split terms for `maker` (a Maker or, with a book, its id) at `moment`.

    Released makers' own terms apply here and nowhere else: opting out of reparation moves it to wages; being
    housed by the co-op moves the policy's housed share from wages to room and board (the co-op housing account).
    """
    if book is None:
        status = maker.status_on(moment)
        version = SplitPolicy.objects.in_force(status, moment) if status else None
    else:
        maker = book.makers[maker if isinstance(maker, int) else maker.pk]
        status = book.status(maker.pk, moment)
        version = book.version(status, moment) if status else None
        known = book.terms.get((maker.pk, status, version and version.pk))
        if known:
            return known
    if status is None:
        raise NoTerms(f"Maker {maker.display_name} has no status on {london_date(moment)}")
    if version is None:
        raise NoTerms(f"No split policy for status {status} is in force at {moment.isoformat()}")
    released = status == MakerStatus.RELEASED
    housed = released and maker.housed_by_coop
    policy = version.as_core(opt_out_reparation=released and maker.opt_out_reparation, housed_by_coop=housed)
    if status in (MakerStatus.SERVING_INSIDE, MakerStatus.ROTL):
        if policy.room_board_bp and not maker.establishment:
            raise NoTerms(f"Maker {maker.display_name} pays room and board but has no establishment recorded")
        room_board_key = Account.key_for(Account.ROOM_BOARD, establishment=maker.establishment or "none")
    else:
        room_board_key = Account.HOUSING_KEY
    terms = MakerTerms(maker.pk, status, version.pk, policy, room_board_key)
    if book is not None:
        book.terms[(maker.pk, status, version.pk)] = terms
    return terms


POLICY_FIELDS = ("status", "effective_from", "wages_bp", "reparation_bp", "room_board_bp", "surplus_bp",
                 "housed_room_board_bp", "levy_rate_bp", "levy_threshold_pence", "note")


def add_policy_version(policy, by):
    """Save a new version of a status's split policy (an unsaved ``SplitPolicy``), recorded with who and when.

    Versions are never edited: a change is always a new row, so money already allocated keeps its terms.
    """
    if policy.pk is not None:
        raise ValueError("A policy version is never edited: add a new one")
    with transaction.atomic():
        previous = SplitPolicy.objects.in_force(policy.status, policy.effective_from)
        policy.created_by = by
        policy.save()
        audit.record(by, "policy.added", policy,
                     audit.snapshot(previous, POLICY_FIELDS) if previous else {},
                     audit.snapshot(policy, POLICY_FIELDS))
    return policy
