"""Entities on the real English and French pipelines: alias cases on invented sentences."""

from __future__ import annotations

import re
from pathlib import Path

from counterpoint.annotate import entity_aliases, nlp
from counterpoint.annotate.entities import (
    SpacyTagger,
    doc_entities,
    entity_id,
    find_entities,
    resolve_across,
)
from counterpoint.annotate.interfaces import EntityTagger
from counterpoint.model import Article, Entity
from counterpoint.settings import Settings

from ..unit.test_entities import _article, _by_surface


def _entities(article: Article) -> list[Entity]:
    return find_entities(article, nlp.load(article.language or "en")(article.text))


def _mention(article: Article, entities: list[Entity], surface: str, nth: int = 0) -> Entity:
    """The entity starting at the ``nth`` occurrence of ``surface`` in the text."""
    start = [m.start() for m in re.finditer(re.escape(surface), article.text)][nth]
    matches = [e for e in entities if e.start <= start < e.end]
    assert matches, (
        f"no entity at {surface!r}: {[(article.span(e.start, e.end)) for e in entities]}"
    )
    return matches[0]


def test_person_titles_and_surnames_resolve_to_one_person() -> None:
    article = _article(
        "US Secretary of State Antony Blinken arrived in Cairo on Monday. "
        "Secretary Blinken met the foreign minister there. Blinken later told reporters the "
        "talks were useful, and Mr. Blinken's aides agreed."
    )
    entities = _entities(article)
    blinken = [e for e in entities if e.canonical == "Antony Blinken"]
    assert len(blinken) == 4
    assert {article.span(e.start, e.end) for e in blinken} == {"Antony Blinken", "Blinken"}
    assert {e.entity_id for e in blinken} == {entity_id("Antony Blinken", "PERSON")}
    assert all(e.label == "PERSON" for e in blinken)


def test_later_surname_links_to_earlier_full_name_not_in_table() -> None:
    article = _article(
        "The economist Dorota Kowalczyk published the report on Tuesday. "
        "Kowalczyk said the figures were revised twice, and Dr. Kowalczyk defended them."
    )
    entities = _entities(article)
    for nth in (0, 1, 2):
        assert _mention(article, entities, "Kowalczyk", nth).canonical == "Dorota Kowalczyk"


def test_transliterated_nickname_resolves() -> None:
    article = _article("Palestinian President Abu Mazen rejected the plan on Sunday.")
    entity = _mention(article, _entities(article), "Abu Mazen")
    assert entity.canonical == "Mahmoud Abbas"
    assert article.span(entity.start, entity.end) == "Abu Mazen"


def test_united_states_variants_are_one_actor() -> None:
    article = _article(
        "The U.S. vetoed the resolution. The United States said the text was unbalanced. "
        "Officials in the US disagreed, USA Today reported, and the USA abstained later. "
        "Washington blocked a second draft, and Washington's envoy left the chamber. "
        "The talks were held in Washington last week."
    )
    entities = _entities(article)
    us_id = entity_id("United States", "GPE")
    for surface in ("U.S.", "United States", "US", "Washington"):
        assert _mention(article, entities, surface).entity_id == us_id, surface
    assert _mention(article, entities, "USA", 1).entity_id == us_id
    assert _mention(article, entities, "Washington", 1).entity_id == us_id
    # A place, not an actor: the city.
    assert _mention(article, entities, "Washington", 2).canonical == "Washington"
    # Leading "the" is not part of the name.
    assert article.span(*_span(_mention(article, entities, "United States"))) == "United States"


def _span(entity: Entity) -> tuple[int, int]:
    return entity.start, entity.end


def test_scare_quoted_country_is_the_country() -> None:
    article = _article(
        'The statement said the “Israel” occupation must end, and "Israel" denied it.'
    )
    entities = _entities(article)
    found = [e for e in entities if e.canonical == "Israel"]
    assert len(found) == 2
    assert all(article.span(e.start, e.end) == "Israel" for e in found)


def test_possessive_and_punctuation_are_not_in_the_span() -> None:
    article = _article(
        "Angela Merkel's successor spoke first. Reporters then asked Olaf Scholz, "
        "who declined. Israel’s Knesset passed the bill."
    )
    found = _by_surface(article, _entities(article))
    assert "Angela Merkel" in found
    assert "Olaf Scholz" in found
    assert found["Israel"][0].canonical == "Israel"
    assert found["Knesset"][0].canonical == "Knesset"
    assert not any("'" in surface or "’" in surface or "," in surface for surface in found)


def test_office_words_are_not_organisations() -> None:
    article = _article("The Secretary of State met the Minister of Defense in Amman.")
    found = _by_surface(article, _entities(article))
    assert "State" not in found
    assert "Defense" not in found


def test_headline_capitals_are_not_names() -> None:
    article = _article(
        "Council Calls for Ceasefire and Hostage Release",
        "The council called for a ceasefire and the release of all hostages in Gaza.",
        kinds=("title", "paragraph"),
    )
    found = _by_surface(article, _entities(article))
    assert not any("Hostage" in surface or "Release" in surface for surface in found)


def test_entity_ids_agree_across_articles() -> None:
    first = _article("Benjamin Netanyahu addressed the Knesset on Monday.")
    second = _article("Israeli Prime Minister Netanyahu met Emmanuel Macron in Paris.")
    one = _mention(first, _entities(first), "Benjamin Netanyahu")
    two = _mention(second, _entities(second), "Netanyahu")
    assert one.entity_id == two.entity_id


def test_resolve_across_gives_surname_the_full_name_from_another_article() -> None:
    first = _article("The economist Dorota Kowalczyk published the report.")
    second = _article("Kowalczyk said the figures were revised.")
    first.entities, second.entities = _entities(first), _entities(second)
    assert _mention(second, second.entities, "Kowalczyk").canonical == "Kowalczyk"
    resolved = resolve_across([first, second])
    entity = _mention(second, resolved[1].entities, "Kowalczyk")
    assert entity.canonical == "Dorota Kowalczyk"
    assert entity.entity_id == entity_id("Dorota Kowalczyk", "PERSON")
    assert second.entities[0].canonical == "Kowalczyk"  # inputs untouched


def test_spacy_tagger_is_the_default_tagger() -> None:
    text = "Antony Blinken flew to Doha on Monday."
    tagger: EntityTagger = SpacyTagger("en")
    assert tagger.tag([text]) == [doc_entities(nlp.load("en")(text))]
    assert any(label == "PERSON" for _start, _end, label in tagger.tag([text])[0])


class _FakeTagger:
    """Tags every run of capitalised words as a person, to check the tagger is used."""

    def tag(self, texts: list[str]) -> list[list[tuple[int, int, str]]]:
        return [
            [(m.start(), m.end(), "PER") for m in re.finditer(r"[A-Z]\w+(?: [A-Z]\w+)*", text)]
            for text in texts
        ]


def test_a_plugged_tagger_replaces_spacy_ner() -> None:
    article = _article("Zoltan Ferenczy spoke first, and later Ferenczy left.")
    doc = nlp.load("en")(article.text)
    entities = find_entities(article, doc, tagger=_FakeTagger())
    found = _by_surface(article, entities)
    assert found["Zoltan Ferenczy"][0].label == "PERSON"
    assert found["Ferenczy"][0].canonical == "Zoltan Ferenczy"


def test_french_article_uses_french_model() -> None:
    article = _article(
        "Le président Emmanuel Macron a reçu le chancelier à Paris. Macron a ensuite déclaré "
        "que la France soutiendrait le plan.",
        language="fr",
    )
    found = _by_surface(article, _entities(article))
    assert found["Emmanuel Macron"][0].label == "PERSON"
    assert found["Macron"][0].canonical == "Emmanuel Macron"


def test_user_alias_table_extends_the_packaged_one(tmp_path: Path) -> None:
    table = tmp_path / "mine.tsv"
    table.write_text("alias\tcanonical\tlabel\tuse\nNorthwind Ltd\tNorthwind Group\tORG\t\n")
    settings = Settings.load(environ={"COUNTERPOINT_ALIASES": str(table)})
    entity_aliases.use_user_tables(settings.alias_tables)
    try:
        article = _article("Shares in Northwind Ltd rose after the United States eased rules.")
        found = _by_surface(article, _entities(article))
        assert found["Northwind Ltd"][0].canonical == "Northwind Group"
        assert found["United States"][0].canonical == "United States"
    finally:
        entity_aliases.use_user_tables(())
