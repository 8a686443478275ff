"""Quantities without a model: number parsing, and numerals as other languages write them."""

from __future__ import annotations

import pytest

from counterpoint.annotate.quantity_lexicon import combine, digits_value, ordinal_value
from counterpoint.model import Article, Paragraph


def test_number_parsing() -> None:
    assert digits_value("1,400") == (1400.0, 1.0)
    assert digits_value("900mln") == (900.0, 1_000_000.0)
    assert digits_value("1.2bn") == (1.2, 1_000_000_000.0)
    assert digits_value("F-35") is None
    assert ordinal_value("sixth") == 6
    assert ordinal_value("22nd") == 22
    assert combine([(2, False), (100, True), (50, False), (1000, True)]) == 250_000


# --- other languages: numerals as the language writes them ----------------------------------


def local_quantities(text: str, language: str) -> list[tuple[str, float | None, str, str | None]]:
    from counterpoint.annotate.local_quantities import find_local_quantities

    article = Article(
        id="t",
        source="t",
        text=text,
        language=language,
        paragraphs=[Paragraph(0, len(text), "paragraph")],
    )
    return [
        (text[q.start : q.end], q.value, q.kind, q.unit) for q in find_local_quantities(article)
    ]


@pytest.mark.parametrize(
    ("raw", "decimal_mark", "value"),
    [
        ("1.500", ",", 1500.0),
        ("1,5", ",", 1.5),
        ("1,500", ".", 1500.0),
        ("1.5", ".", 1.5),
        ("1.500.000,25", ",", 1500000.25),
        ("1,500,000.25", ".", 1500000.25),
        ("12 500", ",", 12500.0),
        ("٣٥", ".", 35.0),
    ],
)
def test_numbers_read_with_the_language_s_separators(
    raw: str, decimal_mark: str, value: float
) -> None:
    from counterpoint.annotate.local_quantities import parse_number

    assert parse_number(raw, decimal_mark) == value


@pytest.mark.parametrize(
    ("language", "text", "expected"),
    [
        (
            "it",
            "Lo Stato ha stanziato 2,5 miliardi di euro.",
            ("2,5 miliardi di euro", 2.5e9, "money", "EUR"),
        ),
        ("de", "Die Inflation stieg auf 3,4 Prozent.", ("3,4 Prozent", 3.4, "percent", "%")),
        ("tr", "Enflasyon yüzde 67 oldu.", ("yüzde 67", 67.0, "percent", "%")),
        ("tr", "İşsizlik %9 oldu.", ("%9", 9.0, "percent", "%")),
        ("zh", "约3万人参加了会议。", ("3万", 30000.0, "cardinal", "人")),
        (
            "fr",
            "Plus de 12 000 personnes ont défilé.",
            ("Plus de 12 000", 12000.0, "cardinal", "personnes"),
        ),
        ("es", "Costó 300 dólares.", ("300 dólares", 300.0, "money", "USD")),
        ("ru", "Цена выросла до €1,5 млн.", ("€1,5 млн.", 1.5e6, "money", "EUR")),
    ],
)
def test_other_languages_read_money_percent_and_counts(
    language: str, text: str, expected: tuple[str, float, str, str]
) -> None:
    assert expected in local_quantities(text, language)


def test_other_languages_skip_years_list_markers_model_numbers_and_tables() -> None:
    text = (
        "Nel 2024 la Polaroid 600 è tornata. 1) Lego Star Wars 75188 in offerta. Anni ’80. "
        "Vedi art. 5 e § 68."
    )
    assert local_quantities(text, "it") == []
    table = " | ".join(f"{n} | Squadra {n} | {n * 3} | {n * 2}" for n in range(1, 6))
    assert local_quantities(table, "it") == []
