"""ExtractOptions: one frozen object of thresholds, passed from extract() down to the functions
that read them (the HTML parser's size cap, the dump cleaner's input limit and byline length)."""

from __future__ import annotations

import dataclasses

import pytest

from counterpoint.extract import extract, extract_batch
from counterpoint.extract.options import DEFAULT_OPTIONS, ExtractOptions
from counterpoint.extract.text import extract_dump
from counterpoint.model import Problem, RawDocument

PARAGRAPHS = [
    "The harbour authority reopened the northern port on Tuesday after a three-week "
    "closure, officials said, allowing the first container ships to berth since October.",
    "Dock workers returned to the quays at dawn, and the authority said that 14 vessels "
    "were expected to unload by the end of the week as the backlog slowly cleared.",
    "Local traders welcomed the decision but warned that prices for imported goods would "
    "stay high for at least another month while stocks were rebuilt across the region.",
]
DUMP = "\n\n".join(["Harbour reopens after closure", "By Ana Lima and Rui Sá", *PARAGRAPHS])


def raw(content: str, media_type: str) -> RawDocument:
    return RawDocument(
        source="in.jsonl",
        record_key="line:1",
        content=content,
        media_type="text/html" if media_type == "text/html" else "text/plain",
        content_hash="ab" * 32,
        given={},
    )


def test_options_are_frozen_and_default_to_the_measured_values() -> None:
    assert ExtractOptions() == DEFAULT_OPTIONS
    assert all(
        field.default is not dataclasses.MISSING for field in dataclasses.fields(DEFAULT_OPTIONS)
    )
    with pytest.raises(dataclasses.FrozenInstanceError):
        DEFAULT_OPTIONS.sure_score = 0.5  # type: ignore[misc]


def test_the_html_size_cap_comes_from_the_options_given_to_extract() -> None:
    body = "".join(f"<p>{text}</p>" for text in PARAGRAPHS)
    page = f"<html><body><article><h1>Harbour reopens</h1>{body}</article></body></html>"
    whole = extract(raw(page, "text/html"))
    assert PARAGRAPHS[-1] in whole.text
    cap = page.index(PARAGRAPHS[-1][:40])
    cut = extract(raw(page, "text/html"), ExtractOptions(max_html_chars=cap))
    assert PARAGRAPHS[0] in cut.text
    assert PARAGRAPHS[-1] not in cut.text


def test_the_dump_limit_comes_from_the_options_given_to_the_batch() -> None:
    (article,) = extract_batch([raw(DUMP, "text/plain")])
    assert not isinstance(article, Problem)
    (problem,) = extract_batch([raw(DUMP, "text/plain")], ExtractOptions(max_dump_chars=100))
    assert isinstance(problem, Problem)
    assert "exceeds 100" in problem.message


def test_a_byline_threshold_reaches_the_byline_finder() -> None:
    assert extract_dump(DUMP).byline == "Ana Lima and Rui Sá"
    assert extract_dump(DUMP, options=ExtractOptions(byline_max_words=4)).byline is None
