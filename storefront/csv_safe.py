"""Cells of a CSV export that a spreadsheet cannot take for a formula.

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and a tab or carriage return before one of
them) as a formula, so a buyer's name such as ``=HYPERLINK(...)`` in an order export would run on the co-op's
machine when it is opened. Every CSV the shop writes passes its cells through ``safe_cell``: such text is written
with a leading apostrophe, which spreadsheets show as plain text. Plain numbers (``-12.50`` for a carried-forward
balance) are left as they are, so amounts stay numbers.
"""

import re

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(\.\d+)?")


def safe_cell(value):
    """The value as a spreadsheet will show it, never run it: text that could start a formula gets an apostrophe."""
    if not isinstance(value, str):
        return value
    if value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(value):
        return "'" + value
    return value


def safe_row(values):
    """Every cell of a row through safe_cell."""
    return [safe_cell(value) for value in values]
