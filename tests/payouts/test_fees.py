"""Payment processor fees: Dr payment fees / Cr cash clearing, once per the processor's reference (payouts.fees)."""

import datetime

import pytest
from django.db import transaction
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from payouts.allocation import allocate_order
from payouts.fees import FeeError, fees_total, record_fee_returned, record_payment_fee
from payouts.ledger import balance
from payouts.models import Account, Entry, Transaction
from payouts.policies import load_default_policies
from payouts.testing import paid_order
from tests.factories import make_product

pytestmark = pytest.mark.django_db
PLACED = datetime.datetime(2026, 3, 2, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def policies():
    load_default_policies()


def an_order(price=4000):
    order = paid_order([(make_product("art"), price)], PLACED)
    allocate_order(order)
    return order


def unbalanced_transactions():
    return list(Entry.objects.values("transaction_id").annotate(total=Sum("amount")).exclude(total=0))


def test_a_fee_is_the_co_ops_cost_out_of_cash_clearing_caused_by_the_order():
    order = an_order()
    cash_before = balance(Account.CASH)
    fee = record_payment_fee(order, 80, "txn_1", at=PLACED)
    assert fee.kind == Transaction.FEE and fee.order_id == order.pk and fee.idempotency_key == "fee:txn_1"
    assert fee.occurred_at == PLACED
    assert sorted(fee.entries.values_list("account__key", "amount", "bucket", "maker_id")) == [
        ("cash_clearing", 80, "", None), ("payment_fees", -80, "", None)]
    assert balance(Account.FEES) == -80 and balance(Account.CASH) == cash_before + 80 and fees_total() == 80
    assert not unbalanced_transactions()


def test_the_same_reference_posts_once_and_a_different_amount_is_refused():
    order = an_order()
    assert record_payment_fee(order, 80, "txn_same") is not None
    assert record_payment_fee(order, 80, "txn_same") is None
    with pytest.raises(FeeError, match="txn_same was already recorded as 80p, not 81p"):
        record_payment_fee(order, 81, "txn_same")
    with pytest.raises(FeeError, match="already recorded as 80p, not 0p"):
        record_payment_fee(order, 0, "txn_same")
    assert Transaction.objects.filter(kind=Transaction.FEE).count() == 1 and fees_total() == 80


def test_a_zero_fee_posts_nothing_and_a_negative_or_fractional_one_is_refused():
    order = an_order()
    assert record_payment_fee(order, 0, "txn_free") is None
    with pytest.raises(FeeError, match="cannot be negative"):
        record_payment_fee(order, -1, "txn_neg")
    with pytest.raises(FeeError, match="whole pence"):
        record_payment_fee(order, 1.5, "txn_float")
    assert not Transaction.objects.filter(kind=Transaction.FEE).exists() and fees_total() == 0


fee_reports = st.integers(1, 20_000).flatmap(lambda amount: st.tuples(
    st.just(amount),
    st.lists(st.tuples(st.integers(0, 5), st.integers(0, amount)), max_size=12)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=fee_reports)
def test_any_fees_keep_the_ledger_balanced_and_count_once_per_reference(case):
    """Fees reported in any order, replays included (a replay with another amount is refused and changes nothing)."""
    amount, reports = case
    with transaction.atomic():
        order = an_order(amount)
        posted = {}  # reference: the fee posted for it (a 0p fee posts nothing, so leaves nothing to clash with)
        for n, fee in reports:
            reference = f"txn_{n}"
            if posted.get(reference, fee) != fee:
                with pytest.raises(FeeError):
                    record_payment_fee(order, fee, reference)
            else:
                new = fee > 0 and reference not in posted
                assert (record_payment_fee(order, fee, reference) is not None) == new
                if new:
                    posted[reference] = fee
            assert not unbalanced_transactions()
        assert Entry.objects.aggregate(total=Sum("amount"))["total"] == 0
        assert fees_total() == -balance(Account.FEES) == sum(posted.values())
        assert Transaction.objects.filter(kind=Transaction.FEE).count() == len(posted)
        transaction.set_rollback(True)


def test_a_returned_fee_mirrors_the_fee_once_per_reference():
    order = an_order()
    record_payment_fee(order, 2000, "txn_dispute_opened")
    back = record_fee_returned(order, 2000, "txn_dispute_won", at=PLACED)
    assert sorted(back.entries.values_list("account__key", "amount")) == [("cash_clearing", -2000),
                                                                        ("payment_fees", 2000)]
    assert back.idempotency_key == "fee:txn_dispute_won" and back.order_id == order.pk
    assert record_fee_returned(order, 2000, "txn_dispute_won") is None  # a replay
    with pytest.raises(FeeError, match="already recorded as -2000p, not -1999p"):
        record_fee_returned(order, 1999, "txn_dispute_won")
    for wrong in (0, -5):
        with pytest.raises(FeeError, match="positive amount"):
            record_fee_returned(order, wrong, "txn_other")
    with pytest.raises(FeeError, match="whole pence"):
        record_fee_returned(order, 2.5, "txn_other")
    assert fees_total() == 0 and not unbalanced_transactions()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(moves=st.lists(st.tuples(st.booleans(), st.integers(0, 6), st.integers(1, 5000)), max_size=14))
def test_fees_and_returned_fees_in_any_order_balance_and_net_out(moves):
    """Fees kept and fees given back, replays included: every transaction balances, the ledger sums to zero and the
    fees account holds exactly the fees posted less those returned."""
    with transaction.atomic():
        order = an_order()
        posted = {}  # reference: signed pence posted for it
        for returned, n, pence in moves:
            reference = f"{'back' if returned else 'kept'}_{n}"
            signed = -pence if returned else pence
            record = record_fee_returned if returned else record_payment_fee
            if posted.get(reference, signed) != signed:
                with pytest.raises(FeeError):
                    record(order, pence, reference)
            else:
                assert (record(order, pence, reference) is None) == (reference in posted)
                posted[reference] = signed
            assert not unbalanced_transactions()
        assert Entry.objects.aggregate(total=Sum("amount"))["total"] == 0
        assert fees_total() == sum(posted.values())
        transaction.set_rollback(True)
