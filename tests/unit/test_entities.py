"""Entities without an NER model: the alias tables, and capitalised runs in languages that have
no statistical pipeline."""

from __future__ import annotations

import pytest

from counterpoint.annotate import nlp
from counterpoint.annotate.entities import (
    find_entities,
)
from counterpoint.annotate.entity_aliases import alias_key, aliases, read_table
from counterpoint.model import Article, Entity, Paragraph, ParagraphKind


def _article(*blocks: str, kinds: tuple[ParagraphKind, ...] = (), language: str = "en") -> Article:
    """An article from blocks joined by blank lines (all paragraphs unless ``kinds`` says)."""
    paragraphs: list[Paragraph] = []
    offset = 0
    for i, block in enumerate(blocks):
        kind: ParagraphKind = kinds[i] if i < len(kinds) else "paragraph"
        paragraphs.append(Paragraph(offset, offset + len(block), kind))
        offset += len(block) + 2
    return Article(
        id="test", source="test", text="\n\n".join(blocks), paragraphs=paragraphs, language=language
    )


def _by_surface(article: Article, entities: list[Entity]) -> dict[str, list[Entity]]:
    found: dict[str, list[Entity]] = {}
    for entity in entities:
        found.setdefault(article.text[entity.start : entity.end], []).append(entity)
    return found


def test_alias_table_rows_are_well_formed() -> None:
    table = aliases()
    print(f"alias table: {len(table)} aliases")
    # English names, plus the same actors in the other languages and scripts of the world table.
    assert 300 <= len(table) <= 1200
    assert {entry.label for entry in table.values()} <= {"PERSON", "ORG", "GPE", "NORP"}
    # Every canonical name is itself an alias of itself.
    for entry in table.values():
        assert table[alias_key(entry.canonical)].canonical == entry.canonical
    assert alias_key("the U.S.") == alias_key("US")


def test_user_table_rows_parse() -> None:
    rows = read_table(
        "# comment\nalias\tcanonical\tlabel\tuse\nBruxelles\tEuropean Union\tORG\tactor\n"
    )
    assert [(alias, entry.canonical, entry.actor_only) for alias, entry in rows] == [
        ("Bruxelles", "European Union", True)
    ]


# --- languages without an NER model: capitalised runs and the alias tables -------------------


def _rule_entities(text: str, language: str) -> dict[str, list[Entity]]:
    article = _article(text, language=language)
    return _by_surface(article, find_entities(article, nlp.load(language)(article.text)))


def test_capitalised_runs_are_names_without_sentence_initial_function_words() -> None:
    found = _rule_entities(
        "Il presidente Sergio Mattarella ha ricevuto Giorgia Meloni al Quirinale. "
        "Oggi Meloni partirà per Bruxelles. Oggi è un giorno importante, ha detto oggi.",
        "it",
    )
    assert found["Sergio Mattarella"][0].label == "PERSON"
    assert found["Giorgia Meloni"][0].canonical == "Giorgia Meloni"
    assert found["Meloni"][0].canonical == "Giorgia Meloni"
    assert "Quirinale" in found
    assert not {"Il", "Oggi", "Il presidente"} & set(found)


def test_names_lose_case_endings_and_elided_articles() -> None:
    found = _rule_entities(
        "Bakan Mehmet Şimşek Ankara'da konuştu ve Erdoğan'ın planını anlattı.", "tr"
    )
    assert {"Mehmet Şimşek", "Ankara", "Erdoğan"} <= set(found)
    found = _rule_entities("Il ministro parla dell'Unione Europea e dell'Italia ogni giorno.", "it")
    assert found["Unione Europea"][0].canonical == "European Union"
    assert "Italia" in found


def test_german_nouns_are_not_names_but_a_surname_is() -> None:
    found = _rule_entities(
        "Die Regierung von Ministerin Lisa Paus plant Milliarden für die Bahn. Paus sagte, "
        "die Digitale Patientenakte komme. Die Verhandlungen seien schwierig.",
        "de",
    )
    assert found["Lisa Paus"][0].label == "PERSON"
    assert found["Paus"][0].canonical == "Lisa Paus"
    assert set(found) == {"Lisa Paus", "Paus"}


@pytest.mark.parametrize(
    ("language", "text", "surface", "canonical"),
    [
        ("zh", "美国总统拜登访问了北京。", "拜登", "Joe Biden"),
        ("ja", "プーチン大統領は声明を出した。", "プーチン", "Vladimir Putin"),
        ("ko", "미국은 한국과 협력한다.", "미국", "United States"),
        (
            "ar",
            "قال الرئيس المصري عبد الفتاح السيسي إن الخطة جيدة.",
            "عبد الفتاح السيسي",
            "Abdel Fattah el-Sisi",
        ),
        ("hi", "नरेंद्र मोदी ने दिल्ली में भाषण दिया।", "नरेंद्र मोदी", "Narendra Modi"),
        ("ru", "Президент России Владимир Путин выступил.", "Владимир Путин", "Vladimir Putin"),
    ],
)
def test_uncased_and_other_scripts_get_names_from_the_alias_tables(
    language: str, text: str, surface: str, canonical: str
) -> None:
    assert _rule_entities(text, language)[surface][0].canonical == canonical
