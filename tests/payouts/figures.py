"""Reading "where your money goes" as a buyer sees it (a page's table, an email's list) and as the ledger posts it,
as {part key: pence}, so tests can hold one to the other."""

import html
import re
from collections import defaultdict

from payouts.core.policy import BUCKETS
from payouts.models import Account, Entry
from storefront import money

KEY_OF_LABEL = {label: key for key, label in money.LABELS.items()}
PAGE_ROW = re.compile(r'<tr><th scope="row"><span class="ttg-swatch[^"]*" aria-hidden="true"></span>([^<]+)</th>'
                      r'<td>£([\d,]+)\.(\d\d)</td>')
EMAIL_ROW = re.compile(r"^ \* ([A-Za-z -]+): £([\d,]+)\.(\d\d) \(", re.MULTILINE)
TOTAL = re.compile(r"Where your £([\d,]+)\.(\d\d) goes")


def _pence(pounds, pence):
    return int(pounds.replace(",", "")) * 100 + int(pence)


def page_figures(page):
    """The parts of the page's "where your money goes" table (only its non-zero parts)."""
    section = page.split('class="ttg-money"', 1)[1].split("</section>", 1)[0]
    return {KEY_OF_LABEL[html.unescape(label)]: _pence(pounds, pence)
            for label, pounds, pence in PAGE_ROW.findall(section)}


def email_figures(body):
    """The parts listed under "Where your £… goes" in a plain-text email."""
    section = body.split("Where your ", 1)[1]
    return {KEY_OF_LABEL[label]: _pence(pounds, pence) for label, pounds, pence in EMAIL_ROW.findall(section)
            if label in KEY_OF_LABEL}


def shown_total(text):
    found = TOTAL.search(text)
    return _pence(found[1], found[2])


def ledger_figures(**where):
    """What the ledger holds for the order lines chosen by `where` (on the entry's transaction): each bucket over
    every maker, and the VAT; zeros left out. Shipping, with no line, is not a line's."""
    figures = defaultdict(int)
    entries = Entry.objects.filter(**{f"transaction__{key}": value for key, value in where.items()},
                                   transaction__line__isnull=False)
    for bucket, account_kind, amount in entries.values_list("bucket", "account__kind", "amount"):
        if account_kind == Account.VAT:
            figures["vat"] += amount
        elif bucket in BUCKETS:
            figures[bucket] += amount
    return {key: pence for key, pence in figures.items() if pence}
