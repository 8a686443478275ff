"""The sample corpus in examples/: every file parses in its format, the corpus has the shape
the README promises, and every planted fact's sentence is present where the README says."""

from __future__ import annotations

import json
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

import feedparser
import lxml.html
import pytest

from counterpoint.model import Problem, RawDocument

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
CORPUS = EXAMPLES / "corpus"
FACTS = json.loads((EXAMPLES / "planted_facts.json").read_text(encoding="utf-8"))["facts"]


def _squash(text: str) -> str:
    return " ".join(text.split())


def _html_text(markup: str) -> str:
    return _squash(lxml.html.fromstring(markup).text_content())


@cache
def documents() -> dict[tuple[str, str], dict[str, Any]]:
    """Every article in the corpus keyed by (file, record), with its text, outlet and date."""
    found: dict[tuple[str, str], dict[str, Any]] = {}
    for path in sorted(CORPUS.iterdir()):
        name = f"corpus/{path.name}"
        if path.suffix == ".txt":
            text = path.read_text(encoding="utf-8")
            found[name, ""] = {"text": _squash(text), "outlet": text.splitlines()[0]}
        elif path.suffix == ".html":
            tree = lxml.html.fromstring(path.read_bytes())
            ld = json.loads(tree.xpath("//script[@type='application/ld+json']")[0].text)
            found[name, ""] = {
                "text": _squash(tree.body.text_content()),
                "outlet": tree.xpath("//meta[@property='og:site_name']/@content")[0],
                "published": datetime.fromisoformat(ld["datePublished"]),
                "tree": tree,
                "json_ld": ld,
            }
        elif path.suffix == ".xml":
            feed = feedparser.parse(path.read_bytes())
            assert not feed.bozo, feed.bozo_exception
            for entry in feed.entries:
                found[name, entry.id] = {
                    "text": _html_text(entry.content[0].value),
                    "outlet": feed.feed.title,
                    "published": datetime(*entry.published_parsed[:6]),
                }
        elif path.suffix == ".jsonl":
            lines = path.read_text(encoding="utf-8").splitlines()
            for number, line in enumerate(lines, start=1):
                record = json.loads(line)
                assert set(record) == {"text", "title", "url", "published", "outlet"}
                found[name, f"line:{number}"] = {
                    "text": _squash(record["text"]),
                    "outlet": record["outlet"],
                    "published": datetime.fromisoformat(record["published"]),
                }
    return found


def test_corpus_has_the_promised_shape() -> None:
    docs = documents()
    by_format: dict[str, int] = {}
    for file, _record in docs:
        suffix = Path(file).suffix
        by_format[suffix] = by_format.get(suffix, 0) + 1
    outlets = sorted({d["outlet"].casefold() for d in docs.values()})
    print("articles by format:", by_format, "outlets:", outlets)
    assert len(docs) >= 14
    assert by_format[".txt"] >= 4 and by_format[".html"] >= 4
    assert 2 <= by_format[".xml"] <= 3 and 2 <= by_format[".jsonl"] <= 3
    assert len(outlets) >= 5
    days = {d["published"].date() for d in docs.values() if "published" in d}
    assert 3 <= len(days) <= 4


def test_html_pages_carry_page_furniture() -> None:
    pages = [d for (file, _), d in documents().items() if file.endswith(".html")]
    for page in pages:
        tree = page["tree"]
        assert page["json_ld"]["@type"] == "NewsArticle"
        assert page["json_ld"]["headline"]
        for element in ("nav", "header", "footer", "aside", "figure/figcaption"):
            assert tree.xpath(f"//{element}"), element


def test_txt_dumps_look_like_w3m_pages() -> None:
    for path in CORPUS.glob("*.txt"):
        text = path.read_text(encoding="utf-8")
        for furniture in ("  • ", "BREAKING", "Listen", "Related News", "Most Read", "©"):
            assert furniture in text, (path.name, furniture)
        assert "\n  • By " in text


@pytest.mark.parametrize("fact", FACTS, ids=[fact["id"] for fact in FACTS])
def test_planted_fact_sentences_are_present(fact: dict[str, Any]) -> None:
    docs = documents()
    for mention in fact["mentions"]:
        doc = docs[mention["file"], mention.get("record", "")]
        assert mention["surface"] in mention["sentence"]
        assert _squash(mention["sentence"]) in doc["text"], mention


def test_syndicated_copy_is_verbatim() -> None:
    docs = documents()
    original = docs["corpus/continental-wire.xml", "cw-2025-0304-7731"]["text"]
    copy = docs["corpus/belmora-today-treaty-wire-copy.html", ""]["text"]
    assert original in copy
    assert "This article was originally published on Continental Wire." in copy


def test_bad_examples_are_broken_as_described() -> None:
    assert (EXAMPLES / "bad" / "photo-saved-as-page.html").read_bytes().startswith(b"\x89PNG")
    parsed, failed = 0, 0
    for line in (EXAMPLES / "bad" / "records-with-one-bad-line.jsonl").read_text().splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            failed += 1
            continue
        parsed += "text" in record
        failed += "text" not in record
    assert (parsed, failed) == (2, 2)


def test_ingest_reports_bad_inputs_and_goes_on() -> None:
    ingest = pytest.importorskip("counterpoint.ingest")
    results = list(ingest.read_paths([EXAMPLES / "bad"]))
    problems = [r for r in results if isinstance(r, Problem)]
    for problem in problems:
        print(problem)
    assert len([r for r in results if isinstance(r, RawDocument)]) == 2
    assert len(problems) == 3


def test_ingest_reads_every_corpus_article() -> None:
    ingest = pytest.importorskip("counterpoint.ingest")
    results = list(ingest.read_paths([CORPUS]))
    assert not [r for r in results if isinstance(r, Problem)]
    articles = {
        (f"corpus/{Path(r.source).name}", r.given.get("id") or r.record_key)
        for r in results
        if isinstance(r, RawDocument) and Path(r.source).suffix != ".md"
    }
    assert articles == set(documents())
