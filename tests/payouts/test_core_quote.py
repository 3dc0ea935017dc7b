"""payouts_quote: JSON lines in, one JSON answer per line out, bad lines answered with an error."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from payouts.core.quote import quote_lines

REPO = Path(__file__).resolve().parents[2]


def answers(*lines):
    return [(ok, json.loads(answer)) for ok, answer in quote_lines(lines)]


def only_answer(line):
    ((ok, answer),) = answers(line)
    return ok, answer


def test_split_of_a_co_made_line():
    ok, answer = only_answer(
        '{"kind": "split", "amount": 2400, "status": "serving_inside", "shares": [2, 1],'
        ' "at": "2026-11-20T10:00:00+00:00"}'
    )
    assert ok
    # 2400 by 2:1 -> 1600 / 800, each at 50/20/10/20.
    assert answer == {
        "line": 1,
        "kind": "split",
        "amount": 2400,
        "status": "serving_inside",
        "shares": [2, 1],
        "at": "2026-11-20T10:00:00+00:00",
        "buckets": {"wages": 1200, "reparation": 480, "room_board": 240, "surplus": 480},
        "maker_wages": [800, 400],
    }


def test_split_defaults_to_one_maker():
    ok, answer = only_answer('{"kind": "split", "amount": 1000, "status": "community"}')
    assert ok
    assert answer["buckets"] == {"wages": 750, "reparation": 0, "room_board": 0, "surplus": 250}
    assert answer["maker_wages"] == [750]
    assert "at" not in answer


def test_refunds_reverse_to_zero():
    ok, answer = only_answer('{"kind": "refunds", "amount": 4000, "status": "released", "refunds": [1333, 1333, 1334]}')
    assert ok
    # Worked by hand in test_core_refunds.py.
    assert answer["buckets"] == {"wages": 2800, "reparation": 200, "room_board": 0, "surplus": 1000}
    assert answer["reversals"] == [
        {"wages": -933, "reparation": -67, "room_board": 0, "surplus": -333},
        {"wages": -933, "reparation": -66, "room_board": 0, "surplus": -334},
        {"wages": -934, "reparation": -67, "room_board": 0, "surplus": -333},
    ]
    assert answer["remaining"] == {"wages": 0, "reparation": 0, "room_board": 0, "surplus": 0}


def test_partial_refund_leaves_the_rest():
    ok, answer = only_answer('{"kind": "refunds", "amount": 2400, "status": "serving_inside", "refunds": [1200]}')
    assert ok
    assert answer["remaining"] == {"wages": 600, "reparation": 240, "room_board": 120, "surplus": 240}


def test_levy_by_london_week():
    ok, answer = only_answer(
        '{"kind": "levy", "earnings": [["2026-03-29T00:30:00+01:00", 1500], ["2026-03-29T22:30:00Z", 1500],'
        ' ["2026-03-29T23:30:00Z", 3000]]}'
    )
    assert ok
    # The first two are Saturday 23:30 GMT and Sunday 23:30 BST: 3000 in the week of 23 March, levy 400.
    # The third is Monday 30 March 00:30 BST: 3000 in the next week, levy 400.
    assert answer == {
        "line": 1,
        "kind": "levy",
        "rate_bp": 4000,
        "threshold": 2000,
        "weeks": [
            {"week_start": "2026-03-23", "earnings": 3000, "levy": 400},
            {"week_start": "2026-03-30", "earnings": 3000, "levy": 400},
        ],
    }


def test_levy_with_its_own_rate_and_threshold():
    ok, answer = only_answer(
        '{"kind": "levy", "earnings": [["2026-06-08T12:00:00+01:00", 1001]], "rate_bp": 2000, "threshold": 0}'
    )
    assert ok
    assert answer["weeks"] == [{"week_start": "2026-06-08", "earnings": 1001, "levy": 200}]


def test_blank_lines_are_skipped_but_keep_the_numbering():
    results = answers(
        "\n",
        '{"kind": "split", "amount": 100, "status": "rotl"}\n',
        "   \n",
        "{not json\n",
        '{"kind": "split", "amount": 100, "status": "community"}\n',
    )
    assert [(ok, answer["line"]) for ok, answer in results] == [(True, 2), (False, 4), (True, 5)]


@pytest.mark.parametrize(
    ("line", "error"),
    [
        ("{not json", "Not valid JSON: Expecting property name enclosed in double quotes at column 2"),
        ('{"kind": "split", "amount": NaN, "status": "rotl"}', "Not valid JSON: NaN is not a number"),
        ("[1, 2]", "Each line must be a JSON object"),
        ('{"amount": 100}', "Missing field 'kind'"),
        ('{"kind": "payout"}', 'Unknown kind "payout", it must be one of split, refunds, levy'),
        ('{"kind": ["split"]}', 'Unknown kind ["split"]'),
        ('{"kind": "split", "status": "rotl"}', "Missing field 'amount'"),
        (
            '{"kind": "split", "amount": 24.5, "status": "rotl"}',
            "'amount' must be a whole number of pence, 0 or more, got 24.5",
        ),
        (
            '{"kind": "split", "amount": 2400.0, "status": "rotl"}',
            "'amount' must be a whole number of pence, 0 or more, got 2400.0",
        ),
        (
            '{"kind": "split", "amount": -5, "status": "rotl"}',
            "'amount' must be a whole number of pence, 0 or more, got -5",
        ),
        (
            '{"kind": "split", "amount": true, "status": "rotl"}',
            "'amount' must be a whole number of pence, 0 or more, got true",
        ),
        (
            '{"kind": "split", "amount": "2400", "status": "rotl"}',
            "'amount' must be a whole number of pence, 0 or more, got \"2400\"",
        ),
        (
            '{"kind": "split", "amount": 100, "status": "inside"}',
            'Unknown status "inside", it must be one of serving_inside',
        ),
        ('{"kind": "split", "amount": 100}', "Missing field 'status'"),
        ('{"kind": "split", "amount": 100, "status": "rotl", "amout": 1}', "Unknown field 'amout' for kind 'split'"),
        ('{"kind": "split", "amount": 100, "status": "rotl", "shares": []}', "'shares' must be a non-empty list"),
        (
            '{"kind": "split", "amount": 100, "status": "rotl", "shares": [1, 0.5]}',
            "Share 2 in 'shares' must be a whole number, 0 or more, got 0.5",
        ),
        ('{"kind": "split", "amount": 100, "status": "rotl", "shares": [0, 0]}', "at least one maker a share above 0"),
        (
            '{"kind": "split", "amount": 100, "status": "rotl", "at": "tomorrow"}',
            "'at' must be an ISO 8601 date and time",
        ),
        ('{"kind": "split", "amount": 100, "status": "rotl", "at": "2026-11-20T10:00:00"}', "with its UTC offset"),
        (
            '{"kind": "refunds", "amount": 4000, "status": "released", "refunds": [3000, 1001]}',
            "Refunds would add up to 4001p, more than the line's 4000p",
        ),
        (
            '{"kind": "refunds", "amount": 4000, "status": "released", "refunds": [0]}',
            "Refund 1 in 'refunds' must be a whole number of pence, 1 or more, got 0",
        ),
        ('{"kind": "refunds", "amount": 4000, "status": "released", "refunds": 1333}', "'refunds' must be a list"),
        (
            '{"kind": "levy", "earnings": [["2026-06-08T12:00:00+01:00"]]}',
            "Earning 1 in 'earnings' must be a [date and time, pence] pair",
        ),
        (
            '{"kind": "levy", "earnings": [["2026-06-08T12:00:00", 100]]}',
            "Earning 1 in 'earnings' must be an ISO 8601 date and time",
        ),
        (
            '{"kind": "levy", "earnings": [["2026-06-08T12:00:00Z", 1.5]]}',
            "Earning 1 in 'earnings' must be a whole number of pence, got 1.5",
        ),
        (
            '{"kind": "levy", "earnings": [], "rate_bp": 4500}',
            "The weekly levy rate is 45.00%, it must be between 0% and 40%",
        ),
        (
            '{"kind": "levy", "earnings": [], "threshold": -1}',
            "threshold must be a whole number of pence, 0 or more, got -1",
        ),
    ],
)
def test_a_malformed_line_is_answered_with_a_clear_error(line, error):
    ok, answer = only_answer(line)
    assert not ok
    assert set(answer) == {"line", "error"}
    assert error in answer["error"]


def test_a_bad_line_does_not_stop_the_others():
    results = answers(
        '{"kind": "split", "amount": 100, "status": "rotl"}',
        '{"kind": "split", "amount": -1, "status": "rotl"}',
        '{"kind": "levy", "earnings": []}',
    )
    assert [ok for ok, _ in results] == [True, False, True]


def run_command(*args, stdin=""):
    """Run the management command as manage.py would, with bare settings: it needs no project, no database."""
    pytest.importorskip("django")
    script = (
        "import sys, django\n"
        "from django.conf import settings\n"
        "settings.configure()\n"
        "django.setup()\n"
        "from payouts.management.commands.payouts_quote import Command\n"
        "Command().run_from_argv(['manage.py', 'payouts_quote', *sys.argv[1:]])\n"
    )
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(REPO)
    return subprocess.run(
        [sys.executable, "-c", script, *args], input=stdin, capture_output=True, text=True, cwd=REPO, env=env
    )


def test_command_quotes_a_file(tmp_path):
    requests = tmp_path / "requests.jsonl"
    requests.write_text(
        '{"kind": "split", "amount": 2400, "status": "serving_inside", "shares": [2, 1]}\n\n'
        '{"kind": "levy", "earnings": [["2026-06-08T12:00:00+01:00", 3000]]}\n',
        encoding="utf-8",
    )
    result = run_command("--input", str(requests))
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["line"] for line in lines] == [1, 3]
    assert lines[0]["maker_wages"] == [800, 400]
    assert result.stderr.strip() == "2 lines quoted, 0 failed"


def test_command_reads_stdin_and_fails_when_a_line_fails():
    result = run_command(
        "--input", "-", stdin='{"kind": "split", "amount": 100, "status": "rotl"}\n{"kind": "split"}\n'
    )
    assert result.returncode == 1
    assert [json.loads(line)["line"] for line in result.stdout.splitlines()] == [1, 2]
    assert result.stderr.strip() == "CommandError: 2 lines quoted, 1 failed"


def test_command_reports_a_missing_file(tmp_path):
    result = run_command("--input", str(tmp_path / "missing.jsonl"))
    assert result.returncode == 1
    assert "Cannot read" in result.stderr
