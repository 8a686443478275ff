"""Numbers as news writes them, read without a model (spaCy's blank English tokenizer):
space-grouped thousands, decimal commas before a percent, "and a half", "a half-million";
with the look-alikes that must stay as they are. Invented sentences."""

from __future__ import annotations

import pytest
import spacy

from counterpoint.annotate.local_quantities import find_local_quantities
from counterpoint.annotate.quantities import _numbers
from counterpoint.model import Article, Paragraph, Quantity

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
        ("She won 2 100-metre races.", 2100.0),  # a glued compound follows
        ("The index rose 1,5 points.", 1.5),  # a decimal comma only before a percent
        ("The score was 4,52 in the end.", 4.52),
    ],
)
def test_look_alikes_stay_as_they_are(text: str, unexpected: float) -> None:
    assert unexpected not in [value for _, value in numbers(text)]


def test_a_plain_thousands_comma_before_a_percent_stays_a_thousands_comma() -> None:
    assert ("1,500", 1500.0) in numbers("Sales rose 1,500 percent.")


# --- the language-neutral rules (no parse) --------------------------------------------------


def local(text: str, language: str = "en") -> list[Quantity]:
    article = Article(
        id="t",
        source="t",
        text=text,
        language=language,
        paragraphs=[Paragraph(0, len(text), "paragraph")],
    )
    return find_local_quantities(article)


def local_one(text: str, surface: str, language: str = "en") -> Quantity:
    matching = [q for q in local(text, language) if surface in text[q.start : q.end]]
    assert len(matching) == 1, local(text, language)
    return matching[0]


@pytest.mark.parametrize(
    ("text", "surface", "language", "expected"),
    [
        ("Officials said 35 of the 177 victims were named.", "35", "en", {"whole": 177}),
        ("Rescuers reached 9 out of 20 villages.", "9", "en", {"whole": 20}),
        ("Au total, 9 sur 15 membres ont voté.", "9", "fr", {"whole": 15}),
        ("Estimates ranged 310-340 homes.", "310", "en", {"value_max": 340, "kind": "range"}),
        ("Prosecutors sought 40 to 50 years.", "40", "en", {"value_max": 50, "unit": "years"}),
        ("They asked for between 4 and 7 years.", "4", "en", {"value_max": 7}),
        ("Die Strafe liegt zwischen 4 und 7 Jahren.", "4", "de", {"value_max": 7}),
        ("Turnout was 5% to 7% lower.", "5%", "en", {"value_max": 7, "kind": "percent"}),
        ("More than 500 people fled.", "500", "en", {"bound": ">"}),
        ("Nearly 200 were hurt.", "200", "en", {"bound": "<"}),
        ("At least 12 died.", "12", "en", {"bound": ">="}),
        ("Up to 300 left.", "300", "en", {"bound": "<="}),
        ("Some 60 hid in the church.", "60", "en", {"bound": "~"}),
        ("Plus de 12 000 personnes ont défilé.", "12 000", "fr", {"bound": ">"}),
        ("Some 3 500 people marched.", "3 500", "en", {"value": 3500}),
        ("Erdogan won 53,41 percent.", "53,41", "en", {"value": 53.41}),
        ("A 27-member board met on Friday.", "27", "en", {"counted": "member"}),
    ],
)
def test_local_rules_read_parts_ranges_bounds_and_separators(
    text: str, surface: str, language: str, expected: dict[str, object]
) -> None:
    quantity = local_one(text, surface, language)
    assert {key: getattr(quantity, key) for key in expected} == expected


@pytest.mark.parametrize(
    "text",
    [
        "Argentina won 4-2 on penalties after a 3-3 draw.",
        "The Boeing 737-800 skidded off the runway.",
        "She lives at 221 Baker Street.",
    ],
)
def test_local_rules_skip_scores_models_and_addresses(text: str) -> None:
    assert local(text) == []


def test_local_look_alikes_stay_as_they_are() -> None:
    # "from 10 to 20" is a change: two levels, no range.
    assert [q.value_max for q in local("The toll rose from 10 to 20.")] == [None, None]
    # A name after the groups: two numbers.
    assert 400737 not in [q.value for q in local("They ordered 400 737 Max jets.")]
    assert 2100 not in [q.value for q in local("She won 2 100-metre races.")]
    # A whole smaller than the part is none.
    assert local_one("Rescuers found 40 of 12 bodies.", "40").whole is None


# --- number words in the article's language (no parse) ---------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "language", "expected"),
    [
        ("Deux cents personnes ont défilé à Lyon.", "Deux cents", "fr", {"value": 200}),
        ("Il a attendu quatre-vingt-dix minutes.", "quatre-vingt-dix", "fr", {"value": 90}),
        ("Soit soixante et onze voix pour le texte.", "soixante et onze", "fr", {"value": 71}),
        (
            "Plus de trois mille agents ont défilé.",
            "trois mille",
            "fr",
            {"value": 3000, "bound": ">"},
        ),
        ("Il y a mille cent voitures au parking.", "mille cent", "fr", {"value": 1100}),
        (
            "La ville compte deux millions cinq cent mille habitants.",
            "deux",
            "fr",
            {"value": 2.5e6},
        ),
        ("Trescientas familias perdieron su casa.", "Trescientas", "es", {"value": 300}),
        ("Más de treinta y cinco murieron.", "treinta y cinco", "es", {"value": 35, "bound": ">"}),
        ("Se gastaron dos mil millones de euros.", "dos mil", "es", {"value": 2e9, "unit": "EUR"}),
        (
            "Llegaron entre dos y tres mil personas.",
            "dos",
            "es",
            {"value": 2000, "value_max": 3000},
        ),
        ("Oltre duemila persone hanno protestato.", "duemila", "it", {"value": 2000, "bound": ">"}),
        ("Sono stati assunti centocinquanta operai.", "centocinquanta", "it", {"value": 150}),
        ("Il partito ha trentotto deputati.", "trentotto", "it", {"value": 38}),
        (
            "Mais de duzentas pessoas ficaram feridas.",
            "duzentas",
            "pt",
            {"value": 200, "bound": ">"},
        ),
        ("Foram roubados dois dos cinco automóveis.", "dois", "pt", {"value": 2, "whole": 5}),
        (
            "Mehr als eine Milliarde Euro floss.",
            "eine Milliarde",
            "de",
            {"value": 1e9, "bound": ">"},
        ),
        ("Es kamen fünfundzwanzig Kliniken hinzu.", "fünfundzwanzig", "de", {"value": 25}),
        ("Es kamen zweitausendfünfhundert Besucher.", "zweitausend", "de", {"value": 2500}),
    ],
)
def test_local_rules_read_number_words_of_the_language(
    text: str, surface: str, language: str, expected: dict[str, object]
) -> None:
    quantity = local_one(text, surface, language)
    assert {key: getattr(quantity, key) for key in expected} == expected


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Un homme a vu une voiture.", "fr"),  # the indefinite article
        ("Les Trois Mousquetaires sont au programme.", "fr"),  # a title
        ("Il loue un deux-pièces tout neuf.", "fr"),  # a modifier; "neuf" is new
        ("Sei stato bravo a settembre e a ottobre.", "it"),  # "sei": you are
        ("Eine Frau hat einmal im Dreieck gewartet.", "de"),  # article, "once", a triangle
        ("Des millions de personnes ont regardé.", "fr"),  # a vague plural
    ],
)
def test_local_rules_leave_words_that_only_look_like_numbers(text: str, language: str) -> None:
    assert local(text, language) == []


def test_a_percent_phrase_word_is_no_number() -> None:
    quantity = local_one("Le taux atteint vingt pour cent.", "vingt", "fr")
    assert (quantity.value, quantity.kind) == (20, "percent")
    assert [q.value for q in local("Le taux atteint vingt pour cent.", "fr")] == [20]
