"""Copies of one article as a web page, a JSONL record, a text dump and a feed item differ in
their clutter; duplicate detection groups them and keeps an unrelated text out."""

from __future__ import annotations

from counterpoint.link.duplicates import find_duplicates
from counterpoint.model import Article

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
