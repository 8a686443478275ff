"""The same article arriving as a web page, a JSONL record, a text dump and a feed item is one
duplicate group, through the whole pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from counterpoint.link.duplicates import find_duplicates
from counterpoint.model import Article
from counterpoint.run.pipeline import analyze

TITLE = "Harbour reopens after storm"
PARAGRAPHS = [
    "The port of Brindle reopened on Wednesday, two days after a storm tore 40 metres off its "
    "main breakwater, the harbour authority said.",
    "About 120 fishing boats had been stuck inside, and repairs will cost 3.2 million euros.",
]
TEXT = "\n\n".join(PARAGRAPHS)
# Another story of the same outlet, which must stay out of the group.
OTHER = (
    "The Brindle town council will vote next month on a plan to build 300 homes on the old "
    "rail yard, the mayor said on Thursday, after two years of consultation with residents."
)


def write_formats(folder: Path) -> None:
    """The article in four formats, each with the clutter that format typically keeps."""
    body = "".join(f"<p>{p}</p>" for p in PARAGRAPHS)
    (folder / "page.html").write_text(
        f"<!doctype html><html><head><title>{TITLE} - The Brindle Post</title>"
        '<meta property="og:site_name" content="The Brindle Post"></head><body>'
        '<nav><a href="/">Home</a> <a href="/news">News</a></nav>'
        f"<article><h1>{TITLE}</h1><p>By Ana Lima</p>{body}</article>"
        "<footer>The Brindle Post 2024</footer></body></html>",
        encoding="utf-8",
    )
    records = [
        {"title": TITLE, "text": TEXT, "source": "Brindle Post", "author": "Ana Lima"},
        {"title": "Rail yard homes plan", "text": OTHER, "source": "Brindle Post"},
    ]
    (folder / "export.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in records), encoding="utf-8"
    )
    (folder / "dump.txt").write_text(
        f"Home  News  Sport\n\n{TITLE}\n\nBy Ana Lima\n12 March 2024\n\n{TEXT}\n\n"
        "Share this article\n\nThe Brindle Post 2024\n",
        encoding="utf-8",
    )
    (folder / "feed.rss").write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>The Brindle Post</title>'
        f"<item><title>{TITLE}</title><description>{TEXT}</description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )


def _article(i: str, text: str, outlet: str) -> Article:
    return Article(id=i, source=i, text=text, outlet=outlet)


def test_a_copy_with_an_extra_byline_line_is_grouped_with_the_bare_text() -> None:
    bare = f"{TITLE}\n\n{TEXT}"
    with_byline = f"{TITLE}\n\nBy Ana Lima\n\n{TEXT}"
    groups = find_duplicates(
        [
            _article("record", bare, "Brindle Post"),
            _article("page", with_byline, "The Brindle Post"),
            _article("other", OTHER, "Brindle Post"),
        ]
    )
    assert [(g.article_ids, g.kind) for g in groups] == [(["page", "record"], "near")]


def test_a_short_text_inside_an_unrelated_long_one_is_not_a_copy() -> None:
    short = f"{TITLE}\n\n{PARAGRAPHS[1]}"
    long = f"{OTHER} {OTHER.upper()} {TEXT} " + " ".join(f"filler{i}" for i in range(300))
    assert find_duplicates([_article("a", short, "X"), _article("b", long, "Y")]) == []


@pytest.mark.slow
def test_the_same_article_in_four_formats_is_one_duplicate_group(tmp_path: Path) -> None:
    write_formats(tmp_path)
    corpus = analyze([tmp_path], db=str(tmp_path / "corpus.db"))
    assert not corpus.problems
    by_source = {Path(a.source).name: a for a in corpus.articles if a.title == TITLE}
    assert sorted(by_source) == ["dump.txt", "export.jsonl", "feed.rss", "page.html"]
    assert [sorted(g.article_ids) for g in corpus.duplicates] == [
        sorted(a.id for a in by_source.values())
    ]
    record = by_source["export.jsonl"]
    assert all(p in record.text for p in PARAGRAPHS)
    assert record.byline == "Ana Lima"
