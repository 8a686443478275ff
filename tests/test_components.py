"""Annotate components declare what they require and assign; the pipeline orders and checks
them; an entity tagger plugs in by name."""

from __future__ import annotations

import pytest

from counterpoint import registry
from counterpoint.annotate import COMPONENTS, Component, Pipeline, annotate_batch
from counterpoint.model import Article, Paragraph, stable_id, to_dict

TEXT = (
    "Northwind shares rose 12% on Monday, the company said.\n\n"
    '"We expect 300 new jobs by March," said Ana Varga, its chief executive.'
)


def _article() -> Article:
    first = TEXT.index("\n\n")
    paragraphs = [
        Paragraph(0, first, "paragraph"),
        Paragraph(first + 2, len(TEXT), "paragraph"),
    ]
    return Article(
        id=stable_id("t", TEXT), source="<test>", text=TEXT, paragraphs=paragraphs, language="en"
    )


def test_the_default_order_follows_the_declarations() -> None:
    names = Pipeline().names
    assert names == ["sentences", "entities", "quotes", "times", "quantities"]
    for position, name in enumerate(names):
        earlier = {COMPONENTS[n].assigns for n in names[:position]}
        assert set(COMPONENTS[name].requires) - earlier <= {
            "text",
            "title",
            "paragraphs",
            "published",
            "language",
        }


def test_listed_in_any_order_the_components_annotate_the_same() -> None:
    shuffled = Pipeline(["quantities", "quotes", "times", "entities", "sentences"])
    assert shuffled.names.index("quotes") > shuffled.names.index("entities")
    assert shuffled.names.index("quantities") > shuffled.names.index("times")
    [default] = annotate_batch([_article()])
    [reordered] = annotate_batch([_article()], pipeline=shuffled)
    assert to_dict(default) == to_dict(reordered)
    assert default.quantities and default.quotes and default.entities


def test_a_missing_requirement_is_an_error_when_the_pipeline_is_built() -> None:
    with pytest.raises(ValueError, match="'quantities' requires 'quotes'"):
        Pipeline(["sentences", "times", "quantities"])


def test_an_unknown_component_names_the_choices() -> None:
    with pytest.raises(ValueError, match=r"unknown annotate component 'speakers'.*quotes"):
        Pipeline(["sentences", "speakers"])


def test_components_that_require_each_other_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def make(_tagger: object) -> object:
        return lambda article, doc: []

    monkeypatch.setitem(COMPONENTS, "hens", Component("hens", "x", ("y",), make))  # type: ignore[arg-type]
    monkeypatch.setitem(COMPONENTS, "eggs", Component("eggs", "y", ("x",), make))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="hens, eggs require each other in a cycle"):
        Pipeline(["hens", "eggs"])


class EverythingIsWestwind:
    """A stand-in NER model: tags the first word of each text as an organisation."""

    def tag(self, texts: list[str]) -> list[list[tuple[int, int, str]]]:
        return [[(0, text.index(" "), "ORG")] for text in texts]


def test_an_entity_tagger_is_plugged_in_by_name() -> None:
    registry.entity_taggers.register("first-word", EverythingIsWestwind)
    tagger = registry.entity_taggers.make("first-word")
    [article] = annotate_batch([_article()], tagger=tagger)
    assert [(e.start, e.end, e.label) for e in article.entities][:1] == [(0, 9, "ORG")]
    assert registry.entity_taggers.make("spacy") is None  # the parse's own recogniser
    with pytest.raises(registry.UnknownName, match="choose one of: first-word, spacy"):
        registry.entity_taggers.check("flair")
