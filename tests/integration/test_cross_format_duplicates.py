"""The same article arriving as a web page, a JSONL record, a text dump and a feed item is one
duplicate group, through the whole pipeline."""

from __future__ import annotations

import json
from pathlib import Path

from counterpoint.run.pipeline import analyze

from ..unit.test_cross_format_duplicates import OTHER, PARAGRAPHS, TEXT, TITLE


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
