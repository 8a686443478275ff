"""Numbers as news writes them, read without a model (spaCy's blank English tokenizer):
space-grouped thousands, decimal commas before a percent, "and a half", "a half-million";
with the look-alikes that must stay as they are. Invented sentences."""

from __future__ import annotations

import pytest
import spacy

from counterpoint.annotate.quantities import _numbers

_BLANK = spacy.blank("en")


def numbers(text: str) -> list[tuple[str, float]]:
    doc = _BLANK(text)
    return [(doc[n.first : n.last + 1].text, n.value) for n in _numbers(doc)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Some 3 500 people marched on Saturday.", ("3 500", 3500.0)),
        ("Some 3\u00a0500 people marched on Saturday.", ("3\u00a0500", 3500.0)),
        ("Police put the crowd at 12 345 678 in all.", ("12 345 678", 12_345_678.0)),
        ("The ministry counted 1,280,000 marchers.", ("1,280,000", 1_280_000.0)),
        ("Erdogan won 53,41 percent of the vote.", ("53,41", 53.41)),
        ("Turnout was 84,22 per cent, officials said.", ("84,22", 84.22)),
        ("He had 52,15 % with most boxes opened.", ("52,15", 52.15)),
        ("He asked for six and a half years.", ("six and a half", 6.5)),
        ("a six-and-a-half-year sentence", ("six-and-a-half", 6.5)),
        ("The economy added more than a half-million jobs.", ("a half-million", 500_000.0)),
        ("The economy added a half million jobs.", ("a half million", 500_000.0)),
    ],
)
def test_numbers_read_as_news_writes_them(text: str, expected: tuple[str, float]) -> None:
    assert expected in numbers(text)


@pytest.mark.parametrize(
    ("text", "unexpected"),
    [
        ("The airline ordered 400 737 Max jets.", 400_737.0),  # a name follows: two numbers
        ("Between 2019 and 2023 500 homes were built.", 2_023_500.0),  # a year is no lead
        ("The index rose 1,5 points.", 1.5),  # a decimal comma only before a percent
        ("The score was 4,52 in the end.", 4.52),
    ],
)
def test_look_alikes_stay_as_they_are(text: str, unexpected: float) -> None:
    assert unexpected not in [value for _, value in numbers(text)]


def test_a_plain_thousands_comma_before_a_percent_stays_a_thousands_comma() -> None:
    assert ("1,500", 1500.0) in numbers("Sales rose 1,500 percent.")
