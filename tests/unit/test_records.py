"""CSV and JSON Lines records: a record's text is the article itself, its fields are read."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from counterpoint.extract import extract
from counterpoint.ingest import read_paths
from counterpoint.model import Problem, RawDocument

# An article as an export gives it: a lead full of figures, short paragraphs, a closing line
# that reads like page furniture ("Read more"), none of it page clutter to be dropped.
LEAD = "Output rose 4.7% in March to 1.2 million tonnes, the ministry said on Tuesday."
ARTICLE = (
    f"{LEAD}\n\n"
    "Exports accounted for 38% of the total.\n\n"
    "“We expect 5% growth next year,” said Ana Lima, the deputy minister.\n\n"
    "Read more"
)


def write_jsonl(path: Path, records: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def only_document(items: list[RawDocument | Problem]) -> RawDocument:
    assert len(items) == 1 and isinstance(items[0], RawDocument), items
    return items[0]


def test_a_records_text_is_the_article_with_every_paragraph(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", [{"title": "Output rises", "text": ARTICLE}])
    document = only_document(list(read_paths([path])))
    assert document.article_text and document.media_type == "text/plain"
    article = extract(document)
    assert article.text == "Output rises\n\n" + ARTICLE
    assert article.title == "Output rises"
    assert article.removed == []
    for paragraph in article.paragraphs[1:]:
        assert paragraph.raw_start is not None
        assert (
            document.content[paragraph.raw_start : paragraph.raw_end]
            == (article.text[paragraph.start : paragraph.end])
        )


def test_single_newlines_make_paragraphs_when_there_is_no_blank_line(tmp_path: Path) -> None:
    text = ARTICLE.replace("\n\n", "\n")
    path = write_jsonl(tmp_path / "r.jsonl", [{"text": text}])
    article = extract(only_document(list(read_paths([path]))))
    assert article.text == ARTICLE
    assert [p.kind for p in article.paragraphs] == ["paragraph"] * 4


def test_wrapped_lines_inside_blank_line_paragraphs_are_joined(tmp_path: Path) -> None:
    text = "Output rose 4.7% in March\nto 1.2 million tonnes.\n\nExports rose."
    path = write_jsonl(tmp_path / "r.jsonl", [{"text": text}])
    article = extract(only_document(list(read_paths([path]))))
    assert article.text == "Output rose 4.7% in March to 1.2 million tonnes.\n\nExports rose."


def test_single_line_breaks_between_sentences_are_paragraphs(tmp_path: Path) -> None:
    text = (
        "Rescuers reached the coast on Monday.\nThe mayor said 400 homes were lost.\n\n"
        "• Two bridges were closed.\n• Schools stay shut."
    )
    path = write_jsonl(tmp_path / "r.jsonl", [{"text": text}])
    article = extract(only_document(list(read_paths([path]))))
    assert [article.text[p.start : p.end] for p in article.paragraphs] == [
        "Rescuers reached the coast on Monday.",
        "The mayor said 400 homes were lost.",
        "Two bridges were closed.",
        "Schools stay shut.",
    ]


def test_markdown_headings_are_headings_without_their_marks(tmp_path: Path) -> None:
    text = "## Fraudster sentenced\nThe judge spoke.\n\n### The ruling\nShe gave 25 years."
    record = {"title": "Fraudster sentenced", "text": text}
    path = write_jsonl(tmp_path / "r.jsonl", [record])
    article = extract(only_document(list(read_paths([path]))))
    shown = [(p.kind, article.text[p.start : p.end]) for p in article.paragraphs]
    assert shown == [
        ("title", "Fraudster sentenced"),
        ("paragraph", "The judge spoke."),
        ("heading", "The ruling"),
        ("paragraph", "She gave 25 years."),
    ]
    assert "#" not in article.text


def test_markup_in_a_text_or_html_field_is_a_web_page(tmp_path: Path) -> None:
    page = f"<html><body><article><p>{LEAD}</p></article></body></html>"
    path = write_jsonl(tmp_path / "r.jsonl", [{"content": page}, {"html": page, "text": ""}])
    items = list(read_paths([path]))
    assert [(d.media_type, d.article_text) for d in items if isinstance(d, RawDocument)] == [
        ("text/html", False),
        ("text/html", False),
    ]


def test_record_fields_are_read_case_insensitively(tmp_path: Path) -> None:
    record = {
        "ID": "a-17",
        "Link": "https://news.example/a-17",
        "Headline": "Output rises",
        "datePublished": "2024-04-02T09:30:00+00:00",
        "site_name": "Example News",
        "Authors": [{"name": "Ana Lima"}, "João  Silva"],
        "inLanguage": "pt-BR",
        "Body": ARTICLE,
    }
    document = only_document(list(read_paths([write_jsonl(tmp_path / "r.jsonl", [record])])))
    assert document.given == {
        "id": "a-17",
        "url": "https://news.example/a-17",
        "title": "Output rises",
        "published": "2024-04-02T09:30:00+00:00",
        "outlet": "Example News",
        "byline": "Ana Lima, João Silva",
        "language": "pt",
    }
    article = extract(document)
    assert (article.byline, article.language, article.outlet) == (
        "Ana Lima, João Silva",
        "pt",
        "Example News",
    )
    assert article.published is not None and article.published.day == 2


def test_csv_synonyms_byline_source_and_lang(tmp_path: Path) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Date", "Source", "Author", "Lang", "Title", "Text"])
    writer.writerow(["2024-04-02", "Example News", "Ana Lima", "English", "Output rises", ARTICLE])
    path = tmp_path / "r.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    document = only_document(list(read_paths([path])))
    # "English" is no language code: the language is left to detection.
    assert document.given == {
        "published": "2024-04-02",
        "outlet": "Example News",
        "byline": "Ana Lima",
        "title": "Output rises",
    }
    article = extract(document)
    assert LEAD in article.text and "Read more" in article.text
    assert article.byline == "Ana Lima"


def test_ten_thousand_records_with_one_of_five_megabytes(tmp_path: Path) -> None:
    # Repeated lines are what a page dump cleaner drops as boilerplate; in a record they stay.
    big = "\n".join(
        f"Part {i % 7}: " + "the filing goes on and on. " * 7 + "and on." for i in range(25_000)
    )
    assert len(big) > 5_000_000
    records: list[dict[str, object]] = [
        {"id": f"r{i}", "title": f"Item {i}", "text": f"Item {i} rose {i}%."} for i in range(10_000)
    ]
    records[4_321] = {"id": "big", "title": "Big filing", "text": big}
    path = write_jsonl(tmp_path / "many.jsonl", records)

    items = list(read_paths([path]))
    assert len(items) == 10_000 and all(isinstance(i, RawDocument) for i in items)
    document = next(i for i in items if isinstance(i, RawDocument) and i.given["id"] == "big")
    article = extract(document)
    assert article.text == "Big filing\n\n" + big.replace("\n", "\n\n")

    limited = list(read_paths([path], max_document_bytes=1_000_000))
    problems = [i for i in limited if isinstance(i, Problem)]
    assert [(p.record_key, p.message) for p in problems] == [
        ("line:4322", "record larger than the 1 MB limit for one record")
    ]
    assert sum(isinstance(i, RawDocument) for i in limited) == 9_999
