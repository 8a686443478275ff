"""Language identification of article text with lingua, restricted to common news languages."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from lingua import LanguageDetector

# ISO 639-1 codes of the languages most news is published in. A closed set keeps the detector
# small and fast, and stops rare look-alike languages from winning on short texts.
NEWS_LANGUAGES: tuple[str, ...] = (
    "en", "fr", "de", "es", "it", "pt", "nl", "sv", "da", "nb", "fi", "pl", "cs", "ro", "hu",
    "el", "ru", "uk", "tr", "ar", "he", "fa", "ur", "hi", "bn", "zh", "ja", "ko", "id", "vi",
)  # fmt: skip

# Enough text to decide reliably; detection time grows with length, so read no more.
SAMPLE_CHARS = 2000

# Below this many letters lingua's guess is little better than chance.
MIN_LETTERS = 3


@cache
def _detector() -> LanguageDetector:
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [IsoCode639_1.from_str(code) for code in NEWS_LANGUAGES]
    # Low-accuracy mode loads only trigram models: a fraction of the memory and several times
    # faster, and as accurate as high-accuracy mode on texts over ~120 characters (articles).
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).with_low_accuracy_mode().build()


# Letters enough for the text to outweigh what the page declares (``<html lang>`` is often the
# site's default language, not the article's).
MIN_LETTERS_TO_OVERRULE = 200
# A line is prose when it is this long and this much of it is letters and spaces.
PROSE_MIN_CHARS = 20
PROSE_LETTER_SHARE = 0.85


def article_language(text: str, declared: str | None) -> str:
    """The language an article is annotated in: the one detected in its text, unless the text
    is too short to tell or the page declares a language the detector does not know."""
    primary = declared.split("-")[0].split("_")[0].lower() if declared else None
    if primary and primary not in NEWS_LANGUAGES:
        return primary
    sample = prose_sample(text)
    if primary and sum(char.isalpha() for char in sample) < MIN_LETTERS_TO_OVERRULE:
        return primary
    return detect_language(sample) or primary or "en"


def prose_sample(text: str) -> str:
    """The opening lines of ``text`` that read as prose, up to :data:`SAMPLE_CHARS`: tables of
    names and figures ("1 | Kyle Busch | 5040") say little about the language."""
    kept: list[str] = []
    size = 0
    for line in text.splitlines():
        letters = sum(char.isalpha() or char.isspace() for char in line)
        if len(line) >= PROSE_MIN_CHARS and letters / len(line) >= PROSE_LETTER_SHARE:
            kept.append(line)
            size += len(line)
            if size >= SAMPLE_CHARS:
                break
    return "\n".join(kept) if kept else text[:SAMPLE_CHARS]


def detect_language(text: str) -> str | None:
    """The ISO 639-1 code of ``text``'s language, or ``None`` when empty or undecidable."""
    sample = text[:SAMPLE_CHARS]
    if sum(char.isalpha() for char in sample) < MIN_LETTERS:
        return None
    language = _detector().detect_language_of(sample)
    if language is None:
        return None
    return str(language.iso_code_639_1.name).lower()
