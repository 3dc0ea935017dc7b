"""Quoting splits, refunds and levies from JSON lines, with no database (behind `manage.py payouts_quote`).

Each input line is one request; each answer is one JSON line naming the input line it answers,
so an admin can check a figure by hand and a bad line never hides the answers to the others.
All requests use DEFAULT_POLICIES.
"""

import json
from collections.abc import Iterable, Iterator
from datetime import datetime
from decimal import Decimal

from payouts.core.allocation import split_line
from payouts.core.levy import LEVY_THRESHOLD_PENCE, MAX_LEVY_RATE_BP, weekly_levy
from payouts.core.policy import BUCKETS, DEFAULT_POLICIES, SplitPolicy
from payouts.core.refunds import reversals_for_refunds
from payouts.core.units import is_whole


def quote_lines(lines: Iterable[str]) -> Iterator[tuple[bool, str]]:
    """(ok, JSON answer) for each non-blank line; "line" is the 1-based number in the input."""
    for number, text in enumerate(lines, start=1):
        if not text.strip():
            continue
        try:
            answer, ok = {"line": number, **_quote(text)}, True
        except ValueError as problem:
            answer, ok = {"line": number, "error": str(problem)}, False
        yield ok, json.dumps(answer)


def _quote(text: str) -> dict:
    try:
        # Decimal, not float: a number with a decimal point is refused by name below, never rounded.
        request = json.loads(text, parse_float=Decimal, parse_constant=_refuse_constant)
    except json.JSONDecodeError as problem:
        raise ValueError(f"Not valid JSON: {problem.msg} at column {problem.colno}") from None
    if not isinstance(request, dict):
        raise ValueError('Each line must be a JSON object, like {"kind": "split", "amount": 2400, ...}')
    kind = _field(request, "kind")
    if not isinstance(kind, str) or kind not in _KINDS:
        raise ValueError(f"Unknown kind {_show(kind)}, it must be one of {', '.join(_KINDS)}")
    handler, fields = _KINDS[kind]
    unknown = sorted(set(request) - fields - {"kind"})
    if unknown:
        raise ValueError(
            f"Unknown field {', '.join(map(repr, unknown))} for kind {kind!r}, expected {', '.join(sorted(fields))}"
        )
    return {"kind": kind, **handler(request)}


def _quote_split(request: dict) -> dict:
    amount = _whole(_field(request, "amount"), "'amount'", "pence", minimum=0)
    policy = _policy(request)
    shares = _shares(request)
    answer = {"amount": amount, "status": policy.status, "shares": shares}
    if "at" in request:
        answer["at"] = _moment(request["at"], "'at'").isoformat()
    line = split_line(amount, policy, shares)
    return {**answer, "buckets": line.buckets, "maker_wages": line.maker_wages}


def _quote_refunds(request: dict) -> dict:
    amount = _whole(_field(request, "amount"), "'amount'", "pence", minimum=0)
    policy = _policy(request)
    refunds = _field(request, "refunds")
    if not isinstance(refunds, list):
        raise ValueError(f"'refunds' must be a list of amounts in pence, like [1333, 1333, 1334], got {_show(refunds)}")
    refunds = [_whole(pence, f"Refund {n} in 'refunds'", "pence", minimum=1) for n, pence in enumerate(refunds, 1)]
    original = split_line(amount, policy).buckets
    reversals = [reversal.buckets for reversal in reversals_for_refunds(amount, policy, refunds)]
    return {
        "amount": amount,
        "status": policy.status,
        "buckets": original,
        "refunds": refunds,
        "reversals": reversals,
        "remaining": {bucket: original[bucket] + sum(r[bucket] for r in reversals) for bucket in BUCKETS},
    }


def _quote_levy(request: dict) -> dict:
    rate_bp = _whole(request.get("rate_bp", MAX_LEVY_RATE_BP), "'rate_bp'", "basis points (1% = 100)")
    threshold = _whole(request.get("threshold", LEVY_THRESHOLD_PENCE), "'threshold'", "pence")
    earnings = _field(request, "earnings")
    if not isinstance(earnings, list):
        raise ValueError(f"'earnings' must be a list of [date and time, pence] pairs, got {_show(earnings)}")
    pairs = []
    for n, pair in enumerate(earnings, 1):
        what = f"Earning {n} in 'earnings'"
        if not (isinstance(pair, list) and len(pair) == 2):
            raise ValueError(f"{what} must be a [date and time, pence] pair, got {_show(pair)}")
        pairs.append((_moment(pair[0], what), _whole(pair[1], what, "pence")))
    weeks = weekly_levy(pairs, rate_bp, threshold)
    return {
        "rate_bp": rate_bp,
        "threshold": threshold,
        "weeks": [{"week_start": w.week_start.isoformat(), "earnings": w.earnings, "levy": w.levy} for w in weeks],
    }


_KINDS = {
    "split": (_quote_split, {"amount", "status", "shares", "at"}),
    "refunds": (_quote_refunds, {"amount", "status", "refunds"}),
    "levy": (_quote_levy, {"earnings", "rate_bp", "threshold"}),
}


def _field(request: dict, name: str) -> object:
    if name not in request:
        raise ValueError(f"Missing field {name!r}")
    return request[name]


def _whole(value: object, what: str, unit: str, minimum: int | None = None) -> int:
    if not is_whole(value) or (minimum is not None and value < minimum):
        at_least = "" if minimum is None else f", {minimum} or more"
        of_unit = f" of {unit}" if unit else ""
        raise ValueError(f"{what} must be a whole number{of_unit}{at_least}, got {_show(value)}")
    return value


def _policy(request: dict) -> SplitPolicy:
    status = _field(request, "status")
    if not isinstance(status, str) or status not in DEFAULT_POLICIES:
        raise ValueError(f"Unknown status {_show(status)}, it must be one of {', '.join(DEFAULT_POLICIES)}")
    return DEFAULT_POLICIES[status]


def _shares(request: dict) -> list[int]:
    shares = request.get("shares", [1])
    if not (isinstance(shares, list) and shares):
        raise ValueError(f"'shares' must be a non-empty list of share weights, like [2, 1], got {_show(shares)}")
    shares = [_whole(share, f"Share {n} in 'shares'", "", minimum=0) for n, share in enumerate(shares, 1)]
    if not any(shares):
        raise ValueError(f"'shares' must give at least one maker a share above 0, got {_show(shares)}")
    return shares


def _moment(value: object, what: str) -> datetime:
    problem = (
        f"{what} must be an ISO 8601 date and time with its UTC offset, like 2026-11-20T10:00:00+00:00,"
        f" got {_show(value)}"
    )
    if not isinstance(value, str):
        raise ValueError(problem)
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(problem) from None
    if moment.utcoffset() is None:
        raise ValueError(problem)
    return moment


def _show(value: object) -> str:
    """The offending value, written as in the input line."""
    return str(value) if isinstance(value, Decimal) else json.dumps(value, default=str)


def _refuse_constant(name: str) -> None:
    raise ValueError(f"Not valid JSON: {name} is not a number")
