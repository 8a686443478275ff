"""Annotate components on the real pipeline: listed in any order they annotate the same, and
an entity tagger plugs in by name."""

from __future__ import annotations

import pytest

from counterpoint import registry
from counterpoint.annotate import Pipeline, annotate_batch
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


def test_listed_in_any_order_the_components_annotate_the_same() -> None:
    shuffled = Pipeline(["frames", "quantities", "quotes", "times", "entities", "sentences"])
    assert shuffled.names.index("quotes") > shuffled.names.index("entities")
    assert shuffled.names.index("quantities") > shuffled.names.index("times")
    [default] = annotate_batch([_article()])
    [reordered] = annotate_batch([_article()], pipeline=shuffled)
    assert to_dict(default) == to_dict(reordered)
    assert default.quantities and default.quotes and default.entities and default.frames
    assert shuffled.names.index("frames") > shuffled.names.index("quantities")


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
