"""CSV cells a spreadsheet could run as a formula are written as text; numbers stay numbers."""

from hypothesis import given
from hypothesis import strategies as st

from storefront.csv_safe import safe_cell


@given(st.text())
def test_no_text_cell_can_start_a_formula(text):
    cell = safe_cell(text)
    assert cell == text or cell == "'" + text
    if cell.startswith(("=", "+", "-", "@", "\t", "\r")):
        assert float(cell) == float(text)  # only a plain number keeps such a start


@given(st.integers())
def test_integers_and_signed_decimals_are_untouched(number):
    assert safe_cell(number) == number
    assert safe_cell(f"{number}.25") == f"{number}.25"


def test_known_payloads_are_neutralised():
    for payload in ("=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "=HYPERLINK(\"http://x\")"):
        assert safe_cell(payload) == "'" + payload
    assert safe_cell("Ada's apron") == "Ada's apron"
