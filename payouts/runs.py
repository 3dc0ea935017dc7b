"""Payout runs as business actions: close a period, approve twice, pay or cancel, export.

Each action is one function, atomic, locking the rows it changes and recording a PayoutEvent (who, when).
Closing freezes what every payee is owed: the payable balances from everything that happened before the end of
the period (a sale counts from when its order was placed, whenever it was allocated), summed by the database,
move to "payouts due" in one ledger transaction, so the next run starts from what is left. A negative balance
(money reversed after it was paid) stays on its account, is carried into the next run and is reported as a
receivable meanwhile; nobody's payout is ever negative.
"""

import csv
import io

from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from makers.models import Maker, MakerStatus
from storefront import audit
from storefront.csv_safe import safe_row
from payouts.ledger import Leg, Posting, account_ids, post
from payouts.levy import lock_closing, post_weekly_levy, week_bounds
from payouts.models import Account, Entry, PayoutEvent, PayoutItem, PayoutPayee, PayoutRun, Transaction

APPROVE_PERMISSION = "payouts.approve_payoutrun"
EARNINGS_CENTRE = "Prison service earnings centre"
VICTIM_FUND = "Victim support fund"
HOUSING = "Co-op housing account"
RESERVE = "Co-op reserve"
COMMUNITY_FUND = "Community fund"
BUCKET_OF_KIND = {kind: bucket for bucket, kind in Account.BUCKET_KIND.items()} | {
    Account.DIVIDEND: "surplus", Account.FUND: "surplus"}  # shares of a surplus distribution (payouts.surplus)


class PayoutError(ValueError):
    """A payout action that is not allowed in the run's state, or by this user."""


def _require_admin(user):
    if user is None or not user.has_perm(APPROVE_PERMISSION):
        raise PayoutError("Only a co-op admin with the right to approve payout runs can do this")


def _event(run, action, by, note=""):
    PayoutEvent.objects.create(run=run, action=action, state=run.state, by=by, at=timezone.now(), note=note)


def _locked(run_id):
    return PayoutRun.objects.select_for_update().get(pk=run_id if isinstance(run_id, int) else run_id.pk)


EMPTY_RUN = ("This run has nothing to pay: no one was owed anything at the end of its period, so it cannot be "
             "approved or paid. Cancel it if it is in the way; later sales go into the next run.")


def _require_items(run):
    """An empty run (a quiet week closed by the weekly task) is never approved or paid: there is nothing to send."""
    if not run.items.exists():
        raise PayoutError(EMPTY_RUN)


def payable_balances(period_end):
    """Balance per payable account as of `period_end`, summed in SQL: [(account_id, pence)], zeros left out.

    Entries of earlier runs count whenever they were posted, so what a run has taken is never paid twice.
    """
    rows = (
        Entry.objects.filter(account__kind__in=Account.PAYABLE_KINDS)
        .filter(Q(transaction__occurred_at__lt=period_end) | Q(transaction__payout_run__isnull=False))
        .values("account_id").annotate(balance=Sum("amount")).exclude(balance=0).order_by("account_id")
    )
    return [(row["account_id"], row["balance"]) for row in rows]


def close_period(period_end, by=None):
    """Close the period ending at `period_end` (exclusive) into a draft run. A closed period cannot close again."""
    if by is not None:
        _require_admin(by)
    with transaction.atomic():
        # One close at a time: the payouts-due account row is the lock.
        account_ids([Account.PAYOUTS_DUE])
        Account.objects.select_for_update().get(key=Account.PAYOUTS_DUE)
        last = PayoutRun.objects.exclude(state=PayoutRun.CANCELLED).order_by("-period_end").first()
        if last and period_end <= last.period_end:
            raise PayoutError(f"The period to {period_end:%Y-%m-%d %H:%M} is already closed "
                              f"(the last run closed it up to {last.period_end:%Y-%m-%d %H:%M})")
        run = PayoutRun.objects.create(period_start=last.period_end if last else None, period_end=period_end,
                                       closed_by=by, closed_at=timezone.now())
        balances = payable_balances(period_end)
        accounts = Account.objects.in_bulk([account_id for account_id, _ in balances])
        makers = Maker.objects.in_bulk({a.maker_id for a in accounts.values() if a.maker_id})
        statuses = _statuses_at(makers, period_end)

        payees, items = {}, []
        for account_id, balance in balances:
            account = accounts[account_id]
            maker = makers.get(account.maker_id)
            kind, name, reference = route(account, maker, statuses.get(account.maker_id))
            payee = payees.setdefault((kind, name), PayoutPayee(run=run, kind=kind, name=name, amount=0))
            amount = max(balance, 0)
            payee.amount += amount
            items.append((payee, PayoutItem(run=run, account=account, maker=maker, bucket=BUCKET_OF_KIND[account.kind],
                                            balance=balance, amount=amount, reference=reference)))
        PayoutPayee.objects.bulk_create(payees.values())
        for payee, item in items:
            item.payee = payee
        PayoutItem.objects.bulk_create([item for _, item in items])

        legs = [Leg(item.account.key, -item.amount, item.maker_id, item.bucket) for _, item in items if item.amount]
        total = sum(item.amount for _, item in items)
        post(Posting(Transaction.PAYOUT_CLOSE, f"payout:{run.pk}:close", period_end,
                     legs + [Leg(Account.PAYOUTS_DUE, total)], {"payout_run_id": run.pk}))
        _event(run, PayoutEvent.CLOSED, by)
        audit.record(by, "payout.closed", run, after={"state": run.state, "period_end": period_end,
                                                      "payees": len(payees), "total_pence": total})
        return run


def _statuses_at(makers, moment):
    """Each maker's status at `moment`, or their latest one if none is in force then (one query)."""
    found = {}
    rows = MakerStatus.objects.filter(maker_id__in=list(makers)).order_by("maker_id", "starts_on")
    in_force = set(MakerStatus.objects.in_force(moment).filter(maker_id__in=list(makers)).values_list("pk", flat=True))
    for period in rows:
        if period.maker_id not in found or period.pk in in_force:
            found[period.maker_id] = period.status
    return found


def route(account, maker, status):
    """Where an account's money goes (DOMAIN.md "where money goes"): (payee kind, payee name, item reference).

    A member's dividend goes where their wages go (by their status), the funds to the funds.

    Names and references of establishments and members are private: they appear only in admin exports.
    """
    if account.kind == Account.SURPLUS:
        return PayoutPayee.RESERVE, RESERVE, ""
    if account.key == Account.COMMUNITY_FUND_KEY:
        return PayoutPayee.COMMUNITY_FUND, COMMUNITY_FUND, ""
    if account.key == Account.VICTIM_FUND_KEY:
        return PayoutPayee.VICTIM_FUND, VICTIM_FUND, ""
    if account.kind == Account.ROOM_BOARD:
        if account.key == Account.HOUSING_KEY:
            return PayoutPayee.HOUSING, HOUSING, ""
        return PayoutPayee.ESTABLISHMENT, account.establishment, "Room and board"
    if status == MakerStatus.ROTL:
        return PayoutPayee.EARNINGS_CENTRE, EARNINGS_CENTRE, maker.prisoner_number
    if account.kind == Account.REPARATION:
        return PayoutPayee.VICTIM_FUND, VICTIM_FUND, ""
    if status == MakerStatus.SERVING_INSIDE:
        return PayoutPayee.ESTABLISHMENT, maker.establishment, maker.prisoner_number
    return PayoutPayee.MEMBER, f"{maker.legal_name} [{maker.slug}]", maker.slug


PRIVATE_PAYEE_KINDS = (PayoutPayee.MEMBER, PayoutPayee.ESTABLISHMENT)


def public_payee_label(payee):
    """A payee as the dashboard shows it: members and establishments by their makers' display names, since their
    own names are private (admin exports only). Needs ``items__maker`` prefetched to stay at one query."""
    if payee.kind not in PRIVATE_PAYEE_KINDS:
        return payee.name
    makers = sorted({item.maker.display_name for item in payee.items.all() if item.maker})
    if payee.kind == PayoutPayee.MEMBER:
        return f"{payee.get_kind_display()}: {', '.join(makers)}"
    return f"Establishment #{payee.pk}" + (f" (for {', '.join(makers)})" if makers else " (room and board)")


def approve(run, by):
    """One admin's approval: the first moves a draft on; the second must come from a different admin."""
    _require_admin(by)
    with transaction.atomic():
        run = _locked(run)
        before = {"state": run.state}
        _require_items(run)
        if run.state == PayoutRun.DRAFT:
            run.first_approved_by, run.state = by, PayoutRun.FIRST_APPROVAL
        elif run.state == PayoutRun.FIRST_APPROVAL:
            if run.first_approved_by_id == by.pk:
                raise PayoutError("You have already approved this run; a second, different admin must approve it")
            run.second_approved_by, run.state = by, PayoutRun.APPROVED
        else:
            raise PayoutError(f"A run that is {run.get_state_display().lower()} cannot be approved")
        run.save(update_fields=["state", "first_approved_by", "second_approved_by"])
        _event(run, PayoutEvent.APPROVED, by)
        audit.record(by, "payout.approved", run, before, {"state": run.state})
        return run


def mark_paid(run, by, references):
    """Record that the money was sent: `references` maps each payee (or its id) to its payment reference."""
    _require_admin(by)
    references = {getattr(payee, "pk", payee): str(ref).strip() for payee, ref in references.items()}
    with transaction.atomic():
        run = _locked(run)
        _require_items(run)
        if run.state != PayoutRun.APPROVED:
            raise PayoutError(f"Only a run approved by two admins can be paid; this one is "
                              f"{run.get_state_display().lower()}")
        payees = list(run.payees.select_for_update().filter(amount__gt=0))
        missing = [p for p in payees if not references.get(p.pk)]
        if missing:
            raise PayoutError(f"{len(missing)} payee(s) have no payment reference")
        longest = PayoutPayee._meta.get_field("payment_reference").max_length
        too_long = [p for p in payees if len(references[p.pk]) > longest]
        if too_long:
            raise PayoutError(f"{len(too_long)} payment reference(s) are longer than {longest} characters")
        for payee in payees:
            payee.payment_reference = references[payee.pk]
        PayoutPayee.objects.bulk_update(payees, ["payment_reference"])
        total = sum(p.amount for p in payees)
        post(Posting(Transaction.PAYOUT_PAID, f"payout:{run.pk}:paid", timezone.now(),
                     [Leg(Account.PAYOUTS_DUE, -total), Leg(Account.CASH, total)], {"payout_run_id": run.pk}))
        run.state = PayoutRun.PAID
        run.save(update_fields=["state"])
        _event(run, PayoutEvent.PAID, by)
        audit.record(by, "payout.paid", run, {"state": PayoutRun.APPROVED},
                     {"state": run.state, "total_pence": total,
                      "references": {str(p.pk): p.payment_reference for p in payees}})
        return run


def cancel(run, by, reason=""):
    """Cancel an unpaid run: its close is reversed in the ledger and the period may be closed again."""
    _require_admin(by)
    with transaction.atomic():
        run = _locked(run)
        before = {"state": run.state}
        if run.state in (PayoutRun.PAID, PayoutRun.CANCELLED):
            raise PayoutError(f"A run that is {run.get_state_display().lower()} cannot be cancelled")
        closed = Transaction.objects.filter(idempotency_key=f"payout:{run.pk}:close").first()
        if closed:
            legs = [Leg(e.account.key, -e.amount, e.maker_id, e.bucket) for e in closed.entries.select_related("account")]
            post(Posting(Transaction.PAYOUT_CANCEL, f"payout:{run.pk}:cancel", timezone.now(), legs,
                         {"payout_run_id": run.pk}))
        run.state = PayoutRun.CANCELLED
        run.save(update_fields=["state"])
        _event(run, PayoutEvent.CANCELLED, by, reason[:200])
        audit.record(by, "payout.cancelled", run, before, {"state": run.state}, note=reason)
        return run


def receivables(run):
    """Negative balances in a run: money reversed after it was paid, carried forward and owed back meanwhile."""
    return list(run.items.filter(balance__lt=0).select_related("maker", "account"))


def pounds(pence):
    sign = "-" if pence < 0 else ""
    whole, rest = divmod(abs(pence), 100)
    return f"{sign}{whole}.{rest:02d}"


CSV_COLUMNS = ["payee", "bucket", "maker", "reference", "amount_gbp", "amount_pence", "carried_forward_pence",
               "payment_reference"]


def export_csv(run, payee_kind):
    """The remittance CSV for one kind of payee (an admin export: may hold private names and prisoner numbers)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    items = run.items.filter(payee__kind=payee_kind).select_related("payee", "maker").order_by("payee__name", "account__key")
    for item in items:
        writer.writerow(safe_row([
            item.payee.name, item.bucket, item.maker.display_name if item.maker else "", item.reference,
            pounds(item.amount), item.amount, item.carried_forward, item.payee.payment_reference,
        ]))
    return out.getvalue()



def close_week(week_start, by=None):
    """Close a London week: post the ROTL levy for it, then close the payout period ending with it.

    Returns the new run, or None when the week was already closed (the weekly task may run twice). Levy and close
    happen under one lock that allocation also takes (shared) for sales dated in a closed week, so a sale allocated
    at the same time is either in this levy or levied by the allocation itself (payouts.levy.post_late_levy).
    """
    with transaction.atomic():
        lock_closing()
        post_weekly_levy(week_start)
        _, end = week_bounds(week_start)
        last = PayoutRun.objects.exclude(state=PayoutRun.CANCELLED).order_by("-period_end").first()
        if last and last.period_end >= end:
            return None
        return close_period(end, by=by)
