"""What a reviewer should look at twice before a listing goes public (DOMAIN.md "Safeguarding and trust").

Listings are about the craft and the maker's future, never an offence or a victim, and a maker is known to the public by
a display name only. These plain functions read a listing's public text and raise flags; a co-op admin confirms or
dismisses each one on the review screen. They are hints, not verdicts: a word list cannot understand a sentence, so a
flag never blocks anything on its own.

A flag's message never repeats a maker's private details (legal name, prisoner number, establishment): it says that
one was found and where, and the reviewer sees the listing's own text beside it.
"""

import re
from dataclasses import dataclass, replace

from catalogue import moderation
from makers.models import Consent

# Whole words only (word boundaries), case-insensitive, with their common inflections spelt out.
SENSITIVE_WORDS = {
    "offence": (
        "offence", "offences", "offense", "offenses", "offender", "offenders", "offending", "crime", "crimes",
        "criminal", "convicted", "conviction", "convictions", "murder", "murdered", "murderer", "manslaughter",
        "killed", "killing", "killer", "stabbed", "stabbing", "robbery", "robbed", "burglary", "burgled", "assault",
        "assaulted", "rape", "raped", "arson", "theft", "stole", "stolen", "fraud", "drug dealing",
        "dealing drugs", "firearm", "firearms", "gang", "guilty", "arrest", "arrested",
    ),
    "victim": ("victim", "victims", "bereaved", "survivor", "survivors", "injured", "widow", "widowed"),
    "court": (
        "court", "courts", "crown court", "magistrate", "magistrates", "judge", "judges", "jury", "juries", "trial",
        "trials", "verdict", "prosecution", "prosecuted", "barrister", "plea", "pleaded",
    ),
    "sentence": (
        "sentence", "sentences", "sentenced", "sentencing", "life sentence", "tariff", "parole", "licence recall",
        "recalled", "remand", "remanded", "years inside", "lifer",
    ),
}
SENSITIVE_LABELS = {
    "offence": "mentions an offence",
    "victim": "mentions a victim",
    "court": "mentions a court or trial",
    "sentence": "mentions a sentence",
}
_SENSITIVE = {
    kind: re.compile(r"\b(" + "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in words) + r")\b", re.I)
    for kind, words in SENSITIVE_WORDS.items()
}
# Two capitalised words in a row ("Dean Miller"): how a full name usually looks in running text.
_NAME_PAIR = re.compile(r"\b([A-Z][a-z]+(?:[-'][A-Z][a-z]+)?)\s+([A-Z][a-z]+(?:[-'][A-Z][a-z]+)?)\b")
_SENTENCE_START = re.compile(r"(^|[.!?:;\n]\s*)$")


PREFETCH = ("attributions__maker", "attribute_values__attribute", "children__attribute_values__attribute")


@dataclass(frozen=True)
class Flag:
    """One thing for the reviewer to confirm or dismiss. ``key`` is stable for the same listing text."""

    key: str
    kind: str
    where: str
    message: str


def listing_text(product):
    """The listing's public text by where it appears (moderation's walk over it), without markup or empty parts."""
    texts = {where: _strip_tags(text) if key == "description" else text
             for key, where, text in moderation.public_text_parts(product)}
    return {where: text for where, text in texts.items() if text.strip()}


def _strip_tags(html):
    return re.sub(r"<[^>]+>", " ", html)


def sensitive_words(texts):
    """Flags for words about offences, victims, courts or sentences."""
    flags = []
    for where, text in texts.items():
        for kind, pattern in _SENSITIVE.items():
            found = sorted({match.group(0).lower() for match in pattern.finditer(text)})
            if found:
                words = ", ".join(f"“{word}”" for word in found)
                flags.append(Flag(f"{kind}:{where}", kind, where, f"{where} {SENSITIVE_LABELS[kind]}: {words}."))
    return flags


def name_like(texts, makers=()):
    """Flags for what looks like a person's full name: two capitalised words in running text (a title is in title case
    anyway, so there only a maker's display name followed by a capitalised word counts)."""
    flags = []
    display_names = {maker.display_name for maker in makers}
    for where, text in texts.items():
        names = set()
        for match in _NAME_PAIR.finditer(text):
            first = match.group(1)
            starts_sentence = _SENTENCE_START.search(text[:match.start()]) is not None
            if first in display_names or (where != "Title" and not starts_sentence):
                names.add(mask_private(match.group(0), makers))
        if names:
            listed = ", ".join(f"“{name}”" for name in sorted(names))
            flags.append(Flag(f"name:{where}", "name", where, f"{where} may name a person in full: {listed}."))
    return flags


def private_details(texts, makers):
    """Flags for a maker's legal surname, prisoner number or establishment in the text. The message says which kind
    of detail and where, never the detail itself."""
    flags = []
    for maker in makers:
        checks = {
            "legal surname": _surname(maker.legal_name),
            "prisoner number": maker.prisoner_number,
            "establishment": maker.establishment,
        }
        for label, secret in checks.items():
            if not secret or len(secret) < 2:
                continue
            pattern = re.compile(r"\b" + re.escape(secret) + r"\b", re.I)
            for where, text in texts.items():
                if pattern.search(text):
                    flags.append(Flag(
                        f"private:{maker.pk}:{label}:{where}", "private", where,
                        f"{where} contains the {label} of {maker.display_name} (not shown here; compare with the "
                        "maker's private record)."))
    return flags


def _secrets(maker):
    return [secret for secret in (maker.legal_name, _surname(maker.legal_name), maker.prisoner_number,
                                  maker.establishment) if secret and len(secret) > 1]


def mask_private(text, makers):
    """The text with every maker's private details replaced, for showing a listing to a reviewer."""
    for maker in makers:
        for secret in _secrets(maker):
            text = re.sub(r"\b" + re.escape(secret) + r"\b", "[private detail]", text, flags=re.I)
    return text


def _surname(legal_name):
    parts = (legal_name or "").split()
    return parts[-1] if len(parts) > 1 else ""


def missing_consent(makers):
    """Flags for makers credited on the listing with no listing consent in force today."""
    return [
        Flag(f"consent:{maker.pk}", "consent", "Makers",
             f"No consent to listing is recorded for {maker.display_name}.")
        for maker in makers if not maker.has_consent(Consent.LISTING)
    ]


def removed_markup(product):
    """A flag when sanitising took markup out of the description as it was submitted: pasted formatting, or someone
    trying to put a script on the shop's page. The reviewer sees the description as it will be published."""
    if not product.markup_removed:
        return []
    listed = ", ".join(product.markup_removed)
    return [Flag("markup:description", "markup", "Description",
                 f"Description: markup was removed as it was saved and will not be published ({listed}); what is "
                 "shown is what buyers will see.")]


def flags_for(product):
    """Every flag on a listing, in a stable order. Prefetch ``PREFETCH`` when flagging many listings."""
    makers = [attribution.maker for attribution in product.attributions.all()]
    texts = listing_text(product)
    flags = (sensitive_words(texts) + name_like(texts, makers) + private_details(texts, makers)
             + missing_consent(makers) + removed_markup(product))
    # A variant's title is part of ``where``: masked like the rest, in case it holds a private detail.
    return [replace(flag, where=mask_private(flag.where, makers), message=mask_private(flag.message, makers))
            for flag in flags]
