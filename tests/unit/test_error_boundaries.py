"""Bad input becomes a Problem; a programming error is not stored as one (except at the one
deliberate boundary, annotation, where a failing article costs only itself)."""

from __future__ import annotations

import io

import pytest
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

import counterpoint.extract as extract_module
from counterpoint.extract import extract_batch
from counterpoint.ingest.warc import read_warc
from counterpoint.model import Article, Problem, RawDocument
from counterpoint.run import pipeline


def _raw(content: str, key: str = "line:1") -> RawDocument:
    return RawDocument(
        source="in.jsonl",
        record_key=key,
        content=content,
        media_type="text/plain",
        content_hash="ab" * 32,
    )


def test_extract_batch_stores_a_refused_document_but_lets_a_bug_escape(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def buggy_extract(raw: RawDocument, *args: object) -> Article:
        if raw.content == "refused":
            raise ValueError("no article text found")
        raise KeyError("a bug, not bad input")

    monkeypatch.setattr(extract_module, "extract", buggy_extract)
    assert extract_batch([_raw("refused")]) == [
        Problem("in.jsonl", "extract", "ValueError: no article text found", "line:1")
    ]
    with pytest.raises(KeyError, match="a bug"):
        extract_batch([_raw("other")])


def _warc(body: bytes) -> bytes:
    out = io.BytesIO()
    writer = WARCWriter(out, gzip=False)
    http = StatusAndHeaders("200 OK", [("Content-Type", "text/plain")], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        "https://x.test/", "response", payload=io.BytesIO(body), http_headers=http
    )
    writer.write_record(record)
    return out.getvalue()


def test_a_damaged_warc_is_a_problem_but_a_bug_in_reading_it_escapes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    archive = _warc(b"Port strike enters its third day.")
    damaged = archive.replace(b"WARC/1.0", b"WARC/9.9", 1)
    (problem,) = read_warc(io.BytesIO(damaged), "in.warc", 10**6)
    assert isinstance(problem, Problem)
    assert problem.message.startswith("damaged WARC archive")

    def bug(*args: object) -> None:
        raise RuntimeError("a bug, not a damaged archive")

    with monkeypatch.context() as patch:
        patch.setattr(ArcWarcRecord, "content_stream", bug)
        with pytest.raises(RuntimeError, match="a bug"):
            list(read_warc(io.BytesIO(archive), "in.warc", 10**6))
    monkeypatch.setattr("counterpoint.ingest.warc._BoundedLineReader.readline", bug)
    with pytest.raises(RuntimeError, match="a bug"):
        list(read_warc(io.BytesIO(archive), "in.warc", 10**6))


def test_an_article_that_fails_annotation_costs_only_itself(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def annotate_batch(articles: list[Article], *args: object, **kwargs: object) -> list[Article]:
        if any(article.text == "poison" for article in articles):
            raise RuntimeError("the model tripped")
        return articles

    monkeypatch.setattr(pipeline, "annotate_batch", annotate_batch)
    articles = [
        Article(id=name, source=f"{name}.txt", text=name) for name in ("fine", "poison", "also")
    ]
    results = pipeline._annotate_isolated(articles)
    assert results[0] is articles[0] and results[2] is articles[2]
    assert results[1] == Problem("poison.txt", "annotate", "RuntimeError: the model tripped", "")
