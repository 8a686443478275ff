"""Per-language word lists for the rule annotators (``data/languages/<code>.json``).

The rule annotators read text, not a parse, so they serve every language; what differs per
language is data: speech-verb cues, sentence-initial function words, person titles, the decimal
mark, percent, currency and scale words, abbreviations that do not end a sentence. A language
without a file gets empty lists, so only its script-neutral rules (quotation marks, digits,
currency symbols, alias-table names) apply. Entries are lower case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from counterpoint import lexicon

# Scripts written without spaces between words, where a word needs no boundary; Korean spaces
# its words but glues particles on after them ("미국은").
UNSPACED_SCRIPT = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\u0e00-\u0e7f]")
HANGUL = re.compile(r"[\uac00-\ud7af]")
# Word characters including the combining marks that Python's ``\w`` leaves out (Devanagari
# and other Indic vowel signs, Arabic and Hebrew points), as a regex class body.
WORD_CHARS = (
    r"\w\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u064b-\u065f\u0670\u0900-\u0dff\u0e00-\u0e7f"
)


def words_pattern(words: Iterable[str], flags: int = re.IGNORECASE) -> re.Pattern[str]:
    """A regex matching any of ``words`` (longest first) as whole words, in scripts that have
    them."""
    parts = []
    for word in sorted(set(words), key=len, reverse=True):
        before = "" if UNSPACED_SCRIPT.match(word[0]) else r"(?<![\w'’-])"
        after = "" if UNSPACED_SCRIPT.match(word[-1]) or HANGUL.match(word[-1]) else r"(?![\w-])"
        parts.append(before + re.escape(word) + after)
    return re.compile("|".join(parts) or r"(?!)", flags)


@dataclass(frozen=True, slots=True)
class LanguageLexicon:
    code: str
    decimal_mark: str = "."
    # Nouns are capitalised (German), so a capitalised word alone says little.
    capitalised_nouns: bool = False
    # The percent word stands before the number ("yüzde 5", "百分之五", "%5").
    percent_before: bool = False
    # A full stop after a number makes it an ordinal ("am 5. März"), not a sentence end.
    ordinal_dot: bool = False
    # Thousands are grouped with a plain space ("5 300"), not only a no-break space.
    space_groups: bool = False
    speech_cues: tuple[str, ...] = ()
    name_stopwords: frozenset[str] = frozenset()
    title_words: frozenset[str] = frozenset()
    name_joiners: frozenset[str] = frozenset()
    percent_words: tuple[str, ...] = ()
    currency_words: dict[str, str] | None = None
    # Words between a scale and its currency ("2 miliardi di euro", "millones de dólares").
    unit_connectors: tuple[str, ...] = ()
    scale_words: dict[str, float] | None = None
    abbreviations: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class CommonLexicon:
    currency_symbols: dict[str, str]
    percent_signs: tuple[str, ...]


@cache
def language_lexicon(code: str | None) -> LanguageLexicon:
    """The lists of language ``code`` (empty lists for a language without a file)."""
    code = code or "en"
    data = lexicon.language(code)
    if not data:
        return LanguageLexicon(code)
    return LanguageLexicon(
        code=code,
        decimal_mark=data.get("decimal_mark", "."),
        capitalised_nouns=bool(data.get("capitalised_nouns", False)),
        percent_before=bool(data.get("percent_before", False)),
        ordinal_dot=bool(data.get("ordinal_dot", False)),
        space_groups=bool(data.get("space_groups", False)),
        # Longest first, so "ha detto" is found before "detto".
        speech_cues=tuple(sorted(data.get("speech_cues", []), key=len, reverse=True)),
        name_stopwords=frozenset(data.get("name_stopwords", [])),
        title_words=frozenset(data.get("title_words", [])),
        name_joiners=frozenset(data.get("name_joiners", [])),
        percent_words=tuple(sorted(data.get("percent_words", []), key=len, reverse=True)),
        currency_words=dict(data.get("currency_words", {})),
        unit_connectors=tuple(data.get("unit_connectors", [])),
        scale_words={word: float(value) for word, value in data.get("scale_words", {}).items()},
        abbreviations=frozenset(data.get("abbreviations", [])),
    )


@cache
def cue_pattern(code: str | None) -> re.Pattern[str]:
    """The speech cues of language ``code`` as one regex."""
    return words_pattern(language_lexicon(code).speech_cues)


@cache
def common_lexicon() -> CommonLexicon:
    data = lexicon.language("common")
    return CommonLexicon(
        currency_symbols=dict(data.get("currency_symbols", {})),
        percent_signs=tuple(data.get("percent_signs", ["%"])),
    )
