"""The payout engine's records: split policies, the double-entry ledger, refunds, disputes and payout runs.

Money is integer pence everywhere. The ledger is append-only: PostgreSQL refuses unbalanced transactions and any
UPDATE or DELETE of posted rows (migration 0002); the Python guards below do the same on SQLite.
"""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Q

from makers.models import MakerStatus
from payouts.core.policy import BUCKETS
from payouts.core.policy import SplitPolicy as CorePolicy

BUCKET_CHOICES = [
    ("wages", "Maker wages"),
    ("reparation", "Victim reparation"),
    ("room_board", "Room and board"),
    ("surplus", "Co-op surplus"),
]
assert tuple(code for code, _ in BUCKET_CHOICES) == BUCKETS


class SplitPolicyQuerySet(models.QuerySet):
    def in_force(self, status, moment):
        """The version in force for a status at a moment (latest effective_from not after it), or None: one query."""
        return self.filter(status=status, effective_from__lte=moment).order_by("-effective_from").first()


class SplitPolicy(models.Model):
    """How a sale divides among wages, reparation, room and board and surplus for one maker status.

    Versioned and effective-dated: a change is a new row with a later ``effective_from``, so what was already
    allocated is never rewritten. A version that has been used by the ledger can no longer be edited.
    """

    status = models.CharField(max_length=20, choices=MakerStatus.STATUS_CHOICES)
    effective_from = models.DateTimeField(help_text="From this moment on, orders placed follow this version.")
    wages_bp = models.PositiveIntegerField("wages (basis points)", help_text="1% = 100 basis points.")
    reparation_bp = models.PositiveIntegerField("reparation (basis points)")
    room_board_bp = models.PositiveIntegerField("room and board (basis points)")
    surplus_bp = models.PositiveIntegerField("co-op surplus (basis points)")
    housed_room_board_bp = models.PositiveIntegerField(
        "room and board while housed by the co-op (basis points)", default=0,
        help_text="Released makers housed by the co-op: this share moves from wages to room and board.",
    )
    levy_rate_bp = models.PositiveIntegerField(
        "weekly levy rate (basis points)", default=4000, help_text="ROTL: share of a week's earnings above the threshold."
    )
    levy_threshold_pence = models.PositiveIntegerField("weekly levy threshold (pence)", default=2000)
    note = models.CharField(max_length=200, blank=True, help_text="Why this version was made.")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SplitPolicyQuerySet.as_manager()

    class Meta:
        ordering = ["status", "-effective_from"]
        verbose_name_plural = "split policies"
        constraints = [
            models.UniqueConstraint(fields=["status", "effective_from"], name="one_policy_version_per_moment"),
        ]

    def __str__(self):
        return f"{self.get_status_display()} from {self.effective_from:%Y-%m-%d %H:%M}"

    def as_core(self, opt_out_reparation=False, housed_by_coop=False) -> CorePolicy:
        """The money core's policy, with a released maker's own terms applied (see payouts.policies)."""
        wages, reparation, room_board = self.wages_bp, self.reparation_bp, self.room_board_bp
        if self.status == MakerStatus.RELEASED:
            if opt_out_reparation:
                wages, reparation = wages + reparation, 0
            if housed_by_coop:
                wages, room_board = wages - self.housed_room_board_bp, room_board + self.housed_room_board_bp
        return CorePolicy(self.status, wages, reparation, room_board, self.surplus_bp, self.levy_rate_bp,
                          self.levy_threshold_pence)

    def guard_rail_errors(self):
        """Every broken guard rail, for this version and for each released maker's variant of it."""
        return list(dict.fromkeys(message for _, message in self.guard_rail_field_errors()))

    def guard_rail_field_errors(self):
        """The same as (field name or None, message) pairs, for a form to show beside each figure."""
        errors = list(self.as_core().field_errors())
        if self.status == MakerStatus.RELEASED and self.housed_room_board_bp:
            if self.housed_room_board_bp > self.wages_bp:
                errors.append(("housed_room_board_bp",
                               "Room and board while housed cannot be more than the wages it is taken from"))
            else:
                errors += [("housed_room_board_bp", f"While housed by the co-op: {message}")
                           for message in self.as_core(housed_by_coop=True).validate()]
        elif self.housed_room_board_bp and self.status != MakerStatus.RELEASED:
            errors.append(("housed_room_board_bp",
                           "Room and board while housed by the co-op applies only to released makers; leave it at 0"))
        return errors

    @property
    def is_used(self):
        return self.pk is not None and Entry.objects.filter(policy_id=self.pk).exists()

    def clean(self):
        """Guard-rail errors are raised by field, so a form shows each beside the figure to change."""
        errors = {}
        for field, message in self.guard_rail_field_errors():
            messages = errors.setdefault(field or NON_FIELD_ERRORS, [])
            if message not in messages:
                messages.append(message)
        if errors:
            raise ValidationError(errors)
        if self.is_used:
            raise ValidationError(
                "This policy version has already allocated money and cannot be changed; add a new version instead."
            )

    def save(self, *args, **kwargs):
        self.clean()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_used:
            raise ValidationError("This policy version has already allocated money and cannot be deleted.")
        return super().delete(*args, **kwargs)


class Account(models.Model):
    """One ledger account: what the co-op owes (payables), holds or earns. Balances are sums of entries."""

    WAGES, REPARATION, ROOM_BOARD = "wages_payable", "reparation_payable", "room_board_payable"
    SURPLUS, VAT, FEES, SHIPPING = "coop_surplus", "vat_payable", "payment_fees", "shipping_revenue"
    RECEIVABLE, CASH, PAYOUTS_DUE = "receivable", "cash_clearing", "payouts_due"
    DIVIDEND, FUND = "dividend_payable", "fund_payable"
    HELD = "held_sales"
    KIND_CHOICES = [
        (WAGES, "Wages payable (per maker)"),
        (REPARATION, "Reparation payable (per maker)"),
        (ROOM_BOARD, "Room and board payable (per establishment, or the co-op housing account)"),
        (SURPLUS, "Co-op surplus"),
        (VAT, "VAT payable"),
        (FEES, "Payment processor fees"),
        (SHIPPING, "Shipping revenue"),
        (RECEIVABLE, "Receivables"),
        (CASH, "Cash clearing"),
        (PAYOUTS_DUE, "Payouts approved for payment, not yet sent"),
        (DIVIDEND, "Members' dividends payable (per maker), from a surplus distribution"),
        (FUND, "Funds the members gave surplus to (community fund, victim support fund)"),
        (HELD, "Sales held until their makers are known (suspense)"),
    ]
    BUCKET_KIND = {"wages": WAGES, "reparation": REPARATION, "room_board": ROOM_BOARD, "surplus": SURPLUS}
    PAYABLE_KINDS = (WAGES, REPARATION, ROOM_BOARD, SURPLUS, DIVIDEND, FUND)
    HOUSING_KEY = "room_board_payable:housing"
    COMMUNITY_FUND_KEY, VICTIM_FUND_KEY = "fund_payable:community", "fund_payable:victim_support"
    NAMED_KEYS = (HOUSING_KEY, COMMUNITY_FUND_KEY, VICTIM_FUND_KEY)

    key = models.CharField(max_length=200, unique=True, help_text="Stable identity, such as wages_payable:maker:12.")
    kind = models.CharField(max_length=24, choices=KIND_CHOICES)
    maker = models.ForeignKey("makers.Maker", null=True, blank=True, on_delete=models.PROTECT, related_name="accounts")
    establishment = models.CharField(max_length=120, blank=True, help_text="Private: room and board payee, if any.")

    class Meta:
        ordering = ["kind", "key"]

    def __str__(self):
        return self.key

    def delete(self, *args, **kwargs):
        raise LedgerImmutable("Ledger accounts cannot be deleted: entries point at them (PostgreSQL refuses it too)")

    @staticmethod
    def key_for(kind, maker_id=None, establishment=""):
        if maker_id is not None:
            return f"{kind}:maker:{maker_id}"
        if establishment:
            return f"{kind}:establishment:{establishment}"
        return kind

    @classmethod
    def fields_for_key(cls, key):
        """The fields of the account a key names (the inverse of key_for), to create it on first use."""
        kind, _, rest = key.partition(":")
        owner, _, value = rest.partition(":")
        if kind not in dict(cls.KIND_CHOICES) or (rest and key not in cls.NAMED_KEYS and owner not in ("maker", "establishment")):
            raise ValueError(f"Not an account key: {key!r}")
        return {
            "key": key, "kind": kind,
            "maker_id": int(value) if owner == "maker" else None,
            "establishment": value if owner == "establishment" else "",
        }


class LedgerQuerySet(models.QuerySet):
    """Posted ledger rows are never updated or deleted: corrections are new, reversing transactions."""

    def update(self, **kwargs):
        raise LedgerImmutable(f"Posted {self.model._meta.verbose_name_plural} cannot be updated")

    def delete(self):
        raise LedgerImmutable(f"Posted {self.model._meta.verbose_name_plural} cannot be deleted")


class LedgerImmutable(Exception):
    """Someone tried to change or remove a posted ledger row."""


class AppendOnly(models.Model):
    objects = LedgerQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise LedgerImmutable(f"Posted {self._meta.verbose_name_plural} cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise LedgerImmutable(f"Posted {self._meta.verbose_name_plural} cannot be deleted")


class Transaction(AppendOnly):
    """A balanced set of entries with what caused it, so any balance can be traced back to sales.

    ``idempotency_key`` names the event (``sale:line:42``, ``refund:re_123``...): posting the same event twice
    hits the unique constraint and is treated as already done.
    """

    SALE, SHIPPING, REFUND, DISPUTE, REINSTATE, LEVY, FEE, HOLD = (
        "sale", "shipping", "refund", "dispute", "reinstate", "levy", "fee", "hold")
    PAYOUT_CLOSE, PAYOUT_CANCEL, PAYOUT_PAID = "payout_close", "payout_cancel", "payout_paid"
    DISTRIBUTION = "distribution"
    KIND_CHOICES = [
        (SALE, "Sale of an order line"), (SHIPPING, "Shipping of an order"), (REFUND, "Refund"),
        (DISPUTE, "Chargeback (dispute opened or lost)"), (REINSTATE, "Dispute won: allocation reinstated"),
        (LEVY, "Weekly statutory levy"), (FEE, "Payment processor fee"),
        (HOLD, "Sale held: no maker to allocate it to yet"),
        (PAYOUT_CLOSE, "Payout run closed"), (PAYOUT_CANCEL, "Payout run cancelled"), (PAYOUT_PAID, "Payout run paid"),
        (DISTRIBUTION, "Surplus distribution decided by the members"),
    ]

    kind = models.CharField(max_length=16, choices=KIND_CHOICES)
    idempotency_key = models.CharField(max_length=200, unique=True)
    occurred_at = models.DateTimeField(help_text="When the event happened (for a sale: when the order was placed).")
    posted_at = models.DateTimeField(help_text="When the ledger recorded it.")
    order = models.ForeignKey("order.Order", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    line = models.ForeignKey("order.Line", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    # Causes that most transactions (sales) leave empty are indexed only where set (partial indexes in Meta).
    refund = models.ForeignKey("payouts.Refund", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               db_index=False)
    dispute = models.ForeignKey("payouts.Dispute", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                                db_index=False)
    payout_run = models.ForeignKey("payouts.PayoutRun", null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="transactions", db_index=False)
    maker = models.ForeignKey("makers.Maker", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              help_text="For a levy: whose week it was.", db_index=False)
    terms = models.JSONField(null=True, blank=True, help_text="For a sale: the net amount and each maker's terms, "
                             "so refunds reverse exactly what was allocated.")

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(fields=[name], condition=Q(**{f"{name}__isnull": False}), name=f"payouts_txn_{name}_set")
            for name in ("refund", "dispute", "payout_run", "maker")
        ]

    def __str__(self):
        return self.idempotency_key


class Entry(AppendOnly):
    """One leg of a transaction, in signed pence: positive credits the account, negative debits it.

    So a payable's balance (what the co-op owes) is the sum of its entries, and cash received shows as a debit.
    ``maker`` and ``bucket`` say whose sale and which part of the split the entry is, for statements.
    """

    # The transaction and account of every entry are checked by PostgreSQL once per INSERT statement, for all
    # its rows together (migration 0003), rather than by a foreign key trigger per row: that per-row check was a
    # quarter of a bulk allocation's time. Transactions and accounts can never be deleted or renumbered (the
    # database refuses it), so what the statement check found stays true, as a foreign key would keep it.
    transaction = models.ForeignKey(Transaction, on_delete=models.PROTECT, related_name="entries",
                                    db_constraint=False)
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="entries", db_constraint=False)
    amount = models.BigIntegerField(help_text="Pence; positive credits the account, negative debits it.")
    # Who and which policy are descriptive dimensions, for statements and the "policy used" guard: the account
    # carries the money. No database constraint on them; Django still protects makers and policies from deletion.
    # The maker is indexed together with the bucket (Meta), which also serves lookups by maker alone.
    maker = models.ForeignKey("makers.Maker", null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                              db_constraint=False, db_index=False)
    bucket = models.CharField(max_length=12, blank=True, choices=BUCKET_CHOICES)
    policy = models.ForeignKey(SplitPolicy, null=True, blank=True, on_delete=models.PROTECT, related_name="+",
                               db_constraint=False, db_index=False)  # indexed where set (Meta)

    class Meta:
        ordering = ["pk"]
        verbose_name_plural = "entries"
        indexes = [
            models.Index(fields=["maker", "bucket"], name="payouts_entry_maker_bucket"),
            models.Index(fields=["policy"], condition=Q(policy__isnull=False), name="payouts_entry_policy_set"),
        ]

    def __str__(self):
        return f"{self.account} {self.amount:+d}p"


class Refund(models.Model):
    """Money given back to the buyer for (part of) an order line; the reference is the processor's."""

    line = models.ForeignKey("order.Line", on_delete=models.PROTECT, related_name="payout_refunds")
    amount = models.PositiveIntegerField(help_text="Pence, VAT included, as paid back to the buyer.")
    reference = models.CharField(max_length=100, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.reference


class Dispute(models.Model):
    """A chargeback on an order line: its allocation is reversed while open or lost, reinstated when won."""

    OPEN, WON, LOST = "open", "won", "lost"
    STATE_CHOICES = [(OPEN, "Open"), (WON, "Won"), (LOST, "Lost")]

    line = models.ForeignKey("order.Line", on_delete=models.PROTECT, related_name="payout_disputes")
    amount = models.PositiveIntegerField(help_text="Pence taken back by the buyer's bank.")
    reference = models.CharField(max_length=100, unique=True)
    state = models.CharField(max_length=8, choices=STATE_CHOICES, default=OPEN)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.reference


class PayoutRun(models.Model):
    """A closed period: a frozen snapshot of what each payee is owed, approved by two admins, then paid."""

    DRAFT, FIRST_APPROVAL, APPROVED, PAID, CANCELLED = "draft", "first_approval", "approved", "paid", "cancelled"
    STATE_CHOICES = [
        (DRAFT, "Closed, awaiting approval"), (FIRST_APPROVAL, "Approved once, awaiting a second admin"),
        (APPROVED, "Approved by two admins"), (PAID, "Paid"), (CANCELLED, "Cancelled"),
    ]

    period_start = models.DateTimeField(null=True, blank=True, help_text="Empty for the first run: since the start.")
    period_end = models.DateTimeField(help_text="Balances are taken as of this moment (exclusive).")
    state = models.CharField(max_length=16, choices=STATE_CHOICES, default=DRAFT)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                  related_name="+")
    closed_at = models.DateTimeField()
    first_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT,
                                          related_name="+")
    second_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                           on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["-period_end"]
        permissions = [("approve_payoutrun", "Can approve and pay payout runs")]
        constraints = [
            models.UniqueConstraint(fields=["period_end"], condition=~Q(state="cancelled"),
                                    name="one_live_payout_run_per_period",
                                    violation_error_message="This period has already been closed."),
            models.CheckConstraint(
                condition=Q(second_approved_by__isnull=True) | ~Q(second_approved_by=models.F("first_approved_by")),
                name="payout_run_two_different_approvers",
                violation_error_message="The second approval must come from a different admin.",
            ),
        ]

    def __str__(self):
        return f"Payout run to {self.period_end:%Y-%m-%d %H:%M} ({self.get_state_display()})"


class PayoutPayee(models.Model):
    """One payee of a run (a member, an establishment, the victim support fund...) and what they are sent."""

    MEMBER, ESTABLISHMENT, EARNINGS_CENTRE = "member", "establishment", "earnings_centre"
    VICTIM_FUND, HOUSING, RESERVE, COMMUNITY_FUND = "victim_fund", "housing", "reserve", "community_fund"
    KIND_CHOICES = [
        (MEMBER, "Member's own account"),
        (ESTABLISHMENT, "Establishment (prisoner's private cash, or room and board)"),
        (EARNINGS_CENTRE, "Prison service earnings centre (ROTL)"),
        (VICTIM_FUND, "Victim support fund"),
        (HOUSING, "Co-op housing account"),
        (RESERVE, "Co-op reserve"),
        (COMMUNITY_FUND, "Community fund"),
    ]

    run = models.ForeignKey(PayoutRun, on_delete=models.CASCADE, related_name="payees")
    kind = models.CharField(max_length=16, choices=KIND_CHOICES)
    name = models.CharField(max_length=200, help_text="Private for establishments and members: admin exports only.")
    amount = models.BigIntegerField(help_text="Pence to send; never negative.")
    payment_reference = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["run", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["run", "kind", "name"], name="one_payee_per_run"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="payee_amount_not_negative"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.amount}p"


class PayoutItem(models.Model):
    """One account's balance in a run's snapshot: what is paid, and any negative balance carried forward."""

    run = models.ForeignKey(PayoutRun, on_delete=models.CASCADE, related_name="items")
    payee = models.ForeignKey(PayoutPayee, null=True, blank=True, on_delete=models.CASCADE, related_name="items")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")
    maker = models.ForeignKey("makers.Maker", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    bucket = models.CharField(max_length=12, choices=BUCKET_CHOICES)
    balance = models.BigIntegerField(help_text="The account's balance at the end of the period, in pence.")
    amount = models.BigIntegerField(help_text="Pence paid: the balance if positive, else 0.")
    reference = models.CharField(max_length=100, blank=True,
                                 help_text="Private: e.g. the prisoner number for the establishment's cash office.")

    class Meta:
        ordering = ["run", "payee", "account"]
        constraints = [
            models.UniqueConstraint(fields=["run", "account"], name="one_item_per_account_per_run"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="payout_item_amount_not_negative"),
        ]

    @property
    def carried_forward(self):
        """A negative balance stays on the account for the next run; reported as a receivable meanwhile."""
        return min(self.balance, 0)


class PayoutEvent(models.Model):
    """Every state change of a payout run, with who and when."""

    CLOSED, APPROVED, PAID, CANCELLED = "closed", "approved", "paid", "cancelled"
    ACTION_CHOICES = [(CLOSED, "Closed"), (APPROVED, "Approved"), (PAID, "Marked paid"), (CANCELLED, "Cancelled")]

    run = models.ForeignKey(PayoutRun, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=12, choices=ACTION_CHOICES)
    state = models.CharField(max_length=16, choices=PayoutRun.STATE_CHOICES, help_text="The run's state afterwards.")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["run", "at", "pk"]

    def __str__(self):
        return f"{self.get_action_display()} at {self.at:%Y-%m-%d %H:%M}"


class DistributedRun(models.Model):
    """A paid payout run whose surplus the members have shared out: each run at most once (the primary key)."""

    run = models.OneToOneField(PayoutRun, on_delete=models.PROTECT, primary_key=True,
                               related_name="surplus_distribution")
    key = models.CharField(max_length=200, help_text="The distribution's idempotency key, as on its ledger "
                           "transaction (none is posted when everything stays in the reserve).")

    def __str__(self):
        return f"Surplus of {self.run} shared by {self.key}"
