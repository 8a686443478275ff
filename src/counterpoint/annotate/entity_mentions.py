"""Cheap fixes for the systematic span errors of small NER models, on ``(start, end)`` offsets.

spaCy's small English model often takes in a leading "the", a possessive "'s", trailing
punctuation, quote marks ("scare quotes") or a person's title; it also tags the "State" of
"Secretary of State" as an organisation. These rules move span edges only inside the text,
so offsets stay true.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from counterpoint.annotate.entity_aliases import alias_key, aliases

if TYPE_CHECKING:
    from spacy.tokens import Doc

QUOTE_MARKS = "\"'“”‘’«»„‟‹›「」"
TRAILING_PUNCTUATION = ",;:!?)]}" + QUOTE_MARKS
# Abbreviations that keep their final dot: initialisms ("U.S.") and name suffixes ("Jr.").
_KEEPS_DOT = re.compile(r"(?:\b(?:[A-Za-z]\.){2,}|\b(?:Jr|Sr|Inc|Co|Corp|Ltd|St)\.)$")
_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
_TRAILING_POSSESSIVE = re.compile(r"['’]s?$")
_INNER_POSSESSIVE = re.compile(r"['’]s\s+")
_WORD = re.compile(r"\S+")

# Words that make a title before a name: honorifics, offices and ranks (English and French).
CORE_TITLES = frozenset({
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord",
    "president", "vice-president", "secretary", "minister", "premier", "chancellor", "senator",
    "sen", "rep", "representative", "congressman", "congresswoman", "governor", "gov", "mayor",
    "ambassador", "envoy", "general", "gen", "lt", "col", "colonel", "capt", "captain", "admiral",
    "adm", "sgt", "king", "queen", "prince", "princess", "emir", "sheikh", "sheik", "ayatollah",
    "pope", "rabbi", "imam", "cardinal", "bishop", "spokesperson", "spokesman", "spokeswoman",
    "chief", "judge", "justice", "commissioner", "director", "chairman", "chairwoman", "chair",
    "ceo", "analyst", "expert", "correspondent", "m", "mme", "mlle", "président", "présidente",
    "ministre", "secrétaire",
})  # fmt: skip
# Words that may sit between or around title words ("US Secretary of State", "Prime Minister").
TITLE_MODIFIERS = frozenset({
    "former", "deputy", "acting", "interim", "assistant", "under", "foreign", "defense",
    "defence", "state", "of", "the", "for", "prime", "affairs", "interior", "finance", "health",
    "police", "national", "security", "home", "crown", "supreme", "senior", "top", "first",
    "attorney", "special", "press", "general", "de", "du", "des", "la", "le", "premier",
    "première",
})  # fmt: skip
# What a lone title word after "Secretary of" is: part of the office, not an organisation.
_OFFICE_BEFORE = re.compile(
    r"\b(?:Secretary|Minister|Ministry|Department|Secretariat)\s+(?:of\s+)?(?:the\s+)?$"
)


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """The span without outer spaces, quote marks, a leading "the", a possessive ending or
    trailing punctuation (an abbreviation's dot is kept). Empty when nothing is left."""
    while True:
        before = (start, end)
        while start < end and (text[start].isspace() or text[start] in QUOTE_MARKS + "([{"):
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        span = text[start:end]
        if article := _LEADING_ARTICLE.match(span):
            start += article.end()
        if possessive := _TRAILING_POSSESSIVE.search(span):
            end -= len(possessive.group())
        elif (end > start and text[end - 1] in TRAILING_PUNCTUATION) or (
            span.endswith(".") and not _KEEPS_DOT.search(span)
        ):
            end -= 1
        if (start, end) == before:
            return start, end


def split_possessive(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """ "Israel’s Knesset" is two names, the possessor and the possessed."""
    inner = _INNER_POSSESSIVE.search(text, start, end)
    if inner is None:
        return [(start, end)]
    return [(start, inner.start()), (inner.end(), end)]


def _is_title_word(word: str, doc: Doc | None, offset: int) -> tuple[bool, bool]:
    """(is a core title, may be part of a title) for one word of a span."""
    key = word.rstrip(".,").casefold()
    if key in CORE_TITLES:
        return True, True
    if key in TITLE_MODIFIERS:
        return False, True
    # A nationality or a country before an office: "Israeli Prime Minister", "US Secretary".
    entry = aliases().get(alias_key(word))
    if entry is not None and entry.label in ("GPE", "NORP"):
        return False, True
    if doc is not None:
        token = doc.char_span(offset, offset + len(word), alignment_mode="expand")
        if token is not None and len(token) == 1 and token[0].pos_ == "ADJ":
            return False, True
    return False, False


def strip_titles(text: str, start: int, end: int, doc: Doc | None = None) -> int:
    """The start of the name after any leading title ("US Secretary of State Antony Blinken"
    -> "Antony Blinken"); ``end`` when the span is nothing but a title."""
    name_start = start
    seen_core = False
    for word in _WORD.finditer(text, start, end):
        core, titled = _is_title_word(word.group(), doc, word.start())
        if not titled:
            return name_start if seen_core else start
        seen_core = seen_core or core
        name_start = word.end()
    return end if seen_core else start


def is_office_fragment(text: str, start: int, end: int) -> bool:
    """A span like the "State" of "Secretary of State": title words right after an office."""
    words = text[start:end].split()
    if not words or any(w.casefold() not in TITLE_MODIFIERS for w in words):
        return False
    return _OFFICE_BEFORE.search(text, max(0, start - 40), start) is not None
