"""The number lexicon (``data/quantity_lexicon.json``) and the number-word parser built on it.

Shared by the quantity and time annotators, so "fourteen months" and "14 months" read alike.
"""

from __future__ import annotations

import re
from typing import Any

from counterpoint.lexicon import table

# Digits as news writes them: "1,400", "1.2", ".1".
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+"
_DIGITS = re.compile(rf"^(?P<num>{DIGITS})(?P<suffix>[a-z]+)?$", re.I)
_ORDINAL_DIGITS = re.compile(r"^(\d+)(?:st|nd|rd|th)$", re.I)


def lexicon() -> dict[str, Any]:
    """The lexicon as loaded from the package data (cached by :mod:`counterpoint.lexicon`)."""
    data: dict[str, Any] = table("quantity_lexicon")
    return data


def digits_value(text: str) -> tuple[float, float] | None:
    """``(number, scale)`` for a digit token such as ``1,400``, ``1.2`` or ``900mln``.

    Returns ``None`` for anything else (``F-35``, ``6th``, ``15:35``); the scale is 1 unless
    a scale word is glued on ("bn", "mln", "m").
    """
    match = _DIGITS.match(text)
    if match is None:
        return None
    number = float(match["num"].replace(",", ""))
    suffix = (match["suffix"] or "").lower()
    if not suffix:
        return number, 1.0
    scale = lexicon()["scale_words"].get(suffix)
    if scale is None:
        return None
    return number, float(scale)


def ordinal_value(text: str) -> int | None:
    """6 for ``sixth`` or ``6th``; ``None`` when ``text`` is not an ordinal."""
    lowered = text.lower()
    if lowered in lexicon()["ordinal_words"]:
        return int(lexicon()["ordinal_words"][lowered])
    match = _ORDINAL_DIGITS.match(lowered)
    return int(match[1]) if match else None


def word_value(word: str) -> float | None:
    """The value of a number word ("seven", "twenty"); ``None`` otherwise."""
    value = lexicon()["number_words"].get(word.lower())
    return None if value is None else float(value)


def scale_value(word: str) -> float | None:
    value = lexicon()["scale_words"].get(word.lower())
    return None if value is None else float(value)


def combine(values: list[tuple[float, bool]]) -> float:
    """Fold a spelled-out number: ``(value, is_scale)`` pairs in reading order.

    "two hundred and fifty thousand" -> 250000; "twenty five hundred" -> 2500;
    "1.5 million" -> 1500000. Scales below a thousand multiply the running group; larger
    ones close it.
    """
    total = 0.0
    current: float | None = None  # None until a number word is read: "million" alone is one
    for value, is_scale in values:
        if not is_scale:
            current = (current or 0.0) + value
        elif value < 1000:
            current = (1.0 if current is None else current) * value
        else:
            total += (1.0 if current is None else current) * value
            current = None
    return total + (current or 0.0)
