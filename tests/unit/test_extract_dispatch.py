"""extract(): dispatch by media type, given fields winning, batch errors as Problems.

The two extractors are replaced by fakes, so these tests check the dispatch alone; the last
test runs the real HTML extractor end to end on an invented page.
"""

from __future__ import annotations

import sys
import types
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from counterpoint.extract import EXTRACT_VERSION, extract, extract_batch, parse_published
from counterpoint.extract.assemble import Block, Extraction
from counterpoint.extract.options import DEFAULT_OPTIONS, ExtractOptions
from counterpoint.ingest import read_paths
from counterpoint.model import Article, Problem, RawDocument, RemovedBlock

DUMP = "Menu\nHarbour reopens\nThe harbour reopened on Tuesday.\n"
EXTRACTED_DATE = datetime(2024, 11, 19, tzinfo=UTC)


def fake_dump(text: str) -> Extraction:
    """Keeps every line but the first, each mapped to its raw offsets, like a dump cleaner."""
    blocks = []
    offset = 0
    for line in text.splitlines(keepends=True):
        blocks.append(Block(line.rstrip("\n"), "paragraph", offset, offset + len(line.rstrip())))
        offset += len(line)
    menu = blocks.pop(0)
    return Extraction(body=blocks, removed=[RemovedBlock(menu.raw_start or 0, 4, "navigation")])


def fake_html(html: str, url: str | None = None) -> Extraction:
    if "explode" in html:
        raise ValueError("not markup")
    return Extraction(
        title=Block("Extracted title", "title"),
        body=[Block("Body from HTML.", "paragraph")],
        url=url or "https://page.test/canonical",
        outlet="Page Outlet",
        byline="A. Writer",
        published=EXTRACTED_DATE,
        language="en",
        tags=["ports"],
    )


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str | None]]:
    """Fake extractor modules, recording which one each document went to."""
    seen: list[tuple[str, str | None]] = []
    html_module = types.ModuleType("counterpoint.extract.html")
    text_module = types.ModuleType("counterpoint.extract.text")

    def html_extractor(
        html: str, url: str | None = None, options: ExtractOptions = DEFAULT_OPTIONS
    ) -> Extraction:
        seen.append(("html", url))
        return fake_html(html, url)

    def text_extractor(text: str, *, options: ExtractOptions = DEFAULT_OPTIONS) -> Extraction:
        seen.append(("text", None))
        return fake_dump(text)

    html_module.extract_html = html_extractor  # type: ignore[attr-defined]
    text_module.extract_dump = text_extractor  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "counterpoint.extract.html", html_module)
    monkeypatch.setitem(sys.modules, "counterpoint.extract.text", text_module)
    return seen


def raw(content: str, media_type: str = "text/plain", **given: str) -> RawDocument:
    return RawDocument(
        source="in.jsonl",
        record_key="line:1",
        content=content,
        media_type="text/html" if media_type == "text/html" else "text/plain",
        content_hash="ab" * 32,
        given=given,
    )


def test_dump_goes_to_the_dump_cleaner_and_keeps_raw_offsets(calls: list) -> None:
    document = raw(DUMP)
    article = extract(document)
    assert calls == [("text", None)]
    assert (article.id, article.source, article.record_key) == (
        document.id,
        "in.jsonl",
        "line:1",
    )
    assert article.content_hash == document.content_hash
    assert article.text == "Harbour reopens\n\nThe harbour reopened on Tuesday."
    for paragraph in article.paragraphs:
        words = article.text[paragraph.start : paragraph.end]
        assert paragraph.raw_start is not None
        assert DUMP[paragraph.raw_start : paragraph.raw_end] == words
    assert article.removed == [RemovedBlock(0, 4, "navigation")]
    assert article.versions == {"extract": EXTRACT_VERSION}


def test_html_goes_to_the_html_extractor_with_the_given_url(calls: list) -> None:
    article = extract(raw("<p>Hi</p>", "text/html", url="https://given.test/a"))
    assert calls == [("html", "https://given.test/a")]
    assert article.url == "https://given.test/a"
    assert (article.outlet, article.byline, article.language) == ("Page Outlet", "A. Writer", "en")
    assert article.published == EXTRACTED_DATE
    assert article.tags == ["ports"]


def test_given_fields_win_and_the_given_title_replaces_a_different_one(calls: list) -> None:
    document = raw(
        "<p>Hi</p>",
        "text/html",
        title="Given title",
        outlet="Given Outlet",
        published="Wed, 20 Nov 2024 10:00:00 +0200",
    )
    article = extract(document)
    assert article.title == "Given title"
    assert article.text == "Given title\n\nBody from HTML."
    assert [p.kind for p in article.paragraphs] == ["title", "paragraph"]
    assert article.outlet == "Given Outlet"
    assert article.published == datetime(2024, 11, 20, 10, tzinfo=timezone(timedelta(hours=2)))


def test_unparseable_given_date_keeps_the_extracted_one(calls: list) -> None:
    article = extract(raw("<p>Hi</p>", "text/html", published="sometime soon"))
    assert article.published == EXTRACTED_DATE


def test_given_title_repeated_by_the_first_line_becomes_the_title(calls: list) -> None:
    article = extract(raw(DUMP, title="Harbour  reopens"))
    assert article.text == "Harbour reopens\n\nThe harbour reopened on Tuesday."
    title = article.paragraphs[0]
    assert (title.kind, title.raw_start) == ("title", DUMP.index("Harbour"))
    assert article.title == "Harbour reopens"


def test_given_title_is_put_first_when_nothing_repeats_it(calls: list) -> None:
    article = extract(raw(DUMP, title="Port news"))
    assert article.text.startswith("Port news\n\nHarbour reopens\n\n")
    assert article.paragraphs[0].raw_start is None
    assert article.title == "Port news"


def test_batch_turns_a_failure_into_a_problem_and_goes_on(calls: list) -> None:
    documents = [raw(DUMP), raw("<p>explode</p>", "text/html"), raw("\n\n", "text/plain")]
    results = extract_batch(documents)
    assert isinstance(results[0], Article)
    assert results[1] == Problem("in.jsonl", "extract", "ValueError: not markup", "line:1")
    assert results[2] == Problem(
        "in.jsonl", "extract", "ValueError: no article text found", "line:1"
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-11-20", datetime(2024, 11, 20, tzinfo=UTC)),
        ("2024-11-20T08:30:00Z", datetime(2024, 11, 20, 8, 30, tzinfo=UTC)),
        ("Wed, 20 Nov 2024 08:30:00 GMT", datetime(2024, 11, 20, 8, 30, tzinfo=UTC)),
        ("November 20, 2024", datetime(2024, 11, 20, tzinfo=UTC)),
        ("1732091400", datetime(2024, 11, 20, 8, 30, tzinfo=UTC)),
        ("1732091400000", datetime(2024, 11, 20, 8, 30, tzinfo=UTC)),
        ("yesterday", None),
        ("March", None),
        ("", None),
    ],
)
def test_parse_published(value: str, expected: datetime | None) -> None:
    assert parse_published(value) == expected


def test_real_html_extractor_end_to_end(tmp_path: Path) -> None:
    paragraphs = [
        "The harbour authority reopened the northern port on Tuesday after a three-week "
        "closure, officials said, allowing the first container ships to berth since October.",
        "Dock workers returned to the quays at dawn, and the authority said that 14 vessels "
        "were expected to unload by the end of the week as the backlog slowly cleared.",
        "Local traders welcomed the decision but warned that prices for imported goods would "
        "stay high for at least another month while stocks were rebuilt across the region.",
    ]
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    page = (
        "<html><head><title>Harbour reopens after closure</title></head><body><article>"
        f"<h1>Harbour reopens after closure</h1>{body}</article></body></html>"
    )
    (tmp_path / "story.html").write_text(page, encoding="utf-8")
    (document,) = read_paths([tmp_path])
    assert isinstance(document, RawDocument)
    article = extract(document)
    assert article.id == document.id
    assert article.title == "Harbour reopens after closure"
    for text in paragraphs:
        assert text in article.text
