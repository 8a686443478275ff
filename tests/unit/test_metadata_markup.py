"""A record's or a feed item's metadata is text: markup in an outlet, byline or title field is
reduced to its words at extraction (as in a meta tag), so no tag or script is ever stored."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from counterpoint.extract import extract
from counterpoint.ingest import read_paths
from counterpoint.model import Article, RawDocument

BODY = (
    "The harbour board voted 7-2 on Tuesday night to close the north pier,  citing cracks.\n\n"
    "“We had no choice,” said board chair Ana Ruiz after the meeting ran past midnight."
)
HOSTILE = {
    "outlet": "<img src=x onerror=alert(1)>Harbor <b>Ledger</b>",
    "byline": 'Ana Ruiz<script>alert("byline")</script>',
    "title": '<a href="javascript:alert(1)">Pier closes</a> after vote',
    "url": "https://harborledger.example/pier",
    "text": BODY,
}
ONLY_MARKUP = {
    "outlet": "<svg onload=alert(1)></svg>",
    "byline": "<script>document.cookie</script>",
    "text": BODY,
}


def articles_of(path: Path) -> list[Article]:
    items = list(read_paths([path]))
    assert all(isinstance(item, RawDocument) for item in items), items
    return [extract(item) for item in items if isinstance(item, RawDocument)]


def write_jsonl(path: Path, record: dict[str, str]) -> Path:
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    return path


def write_csv(path: Path, record: dict[str, str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(record))
        writer.writeheader()
        writer.writerow(record)
    return path


def write_feed(path: Path, record: dict[str, str]) -> Path:
    def escaped(text: str) -> str:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

    author = f"<author>{escaped(record['byline'])}</author>" if "byline" in record else ""
    title = f"<title>{escaped(record['title'])}</title>" if "title" in record else ""
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        f"<title>{escaped(record['outlet'])}</title><link>https://harborledger.example/</link>"
        f"<item>{title}<link>https://harborledger.example/pier</link>{author}"
        f"<description>{escaped(record['text'])}</description></item>"
        "</channel></rss>",
        encoding="utf-8",
    )
    return path


WRITERS = {"r.jsonl": write_jsonl, "r.csv": write_csv, "feed.xml": write_feed}


@pytest.mark.parametrize("name", list(WRITERS))
def test_markup_in_metadata_fields_is_stored_as_its_words(tmp_path: Path, name: str) -> None:
    (article,) = articles_of(WRITERS[name](tmp_path / name, HOSTILE))
    assert article.outlet == "Harbor Ledger"
    assert article.title == "Pier closes after vote"
    assert article.text.startswith("Pier closes after vote\n\n")
    stored = f"{article.outlet} {article.byline} {article.title} {article.text}"
    for payload in ("<", "onerror", "alert", "javascript:", "script"):
        assert payload not in stored
    assert article.url == "https://harborledger.example/pier"


@pytest.mark.parametrize("name", list(WRITERS))
def test_a_field_that_is_only_markup_states_nothing(tmp_path: Path, name: str) -> None:
    (article,) = articles_of(WRITERS[name](tmp_path / name, ONLY_MARKUP))
    assert article.outlet is None
    assert article.byline is None


def test_words_with_angle_brackets_and_ampersands_stay_as_written(tmp_path: Path) -> None:
    record = {"outlet": "AT&T News", "byline": "Lee & Park", "title": "Rates: 5 < 6", "text": BODY}
    (article,) = articles_of(write_jsonl(tmp_path / "r.jsonl", record))
    assert (article.outlet, article.byline, article.title) == (
        "AT&T News",
        "Lee & Park",
        "Rates: 5 < 6",
    )
