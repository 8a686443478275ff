"""One declaration per span kind and one of the metadata: the store, the JSON and CSV exports,
the export's JSON Schema and extraction all follow the model's classes, so a field added there
reaches every one of them."""

from __future__ import annotations

import csv
import dataclasses
import json
from datetime import UTC, datetime
from pathlib import Path

import jsonschema
import pytest

from counterpoint.extract import extract
from counterpoint.extract.assemble import Block, Extraction
from counterpoint.extract.html_meta import PageMeta
from counterpoint.model import (
    SPAN_KINDS,
    Article,
    Corpus,
    Frame,
    Metadata,
    RawDocument,
    RemovedBlock,
    Span,
    exported_fields,
    from_dict,
    metadata_of,
    to_dict,
)
from counterpoint.present.export import (
    CSV_SPAN_FIELDS,
    SCHEMA_PATH,
    csv_columns,
    export_dict,
    export_schema,
    write_csv,
)
from counterpoint.store import Store

from .test_export import sample_corpus


def _validator() -> jsonschema.Draft202012Validator:
    schema = export_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


def test_published_schema_is_the_generated_one() -> None:
    # Regenerate with `python -m counterpoint.present.export` after changing the model.
    assert json.loads(SCHEMA_PATH.read_text(encoding="utf-8")) == export_schema()


def test_span_kinds_come_from_the_article() -> None:
    assert {
        "paragraphs": SPAN_KINDS["paragraphs"],
        "removed": RemovedBlock,
        "sentences": SPAN_KINDS["sentences"],
        "entities": SPAN_KINDS["entities"],
        "quotes": SPAN_KINDS["quotes"],
        "quantities": SPAN_KINDS["quantities"],
        "times": SPAN_KINDS["times"],
        "frames": Frame,
    } == SPAN_KINDS
    kinds = [cls.span_kind for cls in SPAN_KINDS.values()]
    assert len(set(kinds)) == len(kinds)
    assert all(issubclass(cls, Span) for name, cls in SPAN_KINDS.items() if name != "removed")


def _stored_attrs(tmp_path: Path, article: Article) -> dict[str, list[dict]]:
    store = Store(str(tmp_path / "spans.db"))
    store.save_article(article)
    (stored,) = store.articles()
    store.close()
    assert stored == article
    return {name: [to_dict(span) for span in getattr(stored, name)] for name in SPAN_KINDS}


@pytest.mark.parametrize("name", [name for name in SPAN_KINDS if name != "removed"])
def test_every_span_field_reaches_store_json_csv_and_schema(tmp_path: Path, name: str) -> None:
    corpus = sample_corpus()
    article = corpus.articles[0]
    assert getattr(article, name), f"the sample article has no {name}"
    cls = SPAN_KINDS[name]
    schema = export_schema()["$defs"][cls.span_kind]
    exported = export_dict(corpus)["articles"][0][name][0]
    stored = _stored_attrs(tmp_path, article)[name][0]
    for field in dataclasses.fields(cls):
        assert field.name in stored
        assert field.name in exported
        assert field.name in schema["required"] and field.name in schema["properties"]
        if name in CSV_SPAN_FIELDS:
            assert field.name in csv_columns()[name]
    for key in cls.sliced:
        assert key in exported and key in schema["properties"]


def test_csv_headers_are_the_declared_columns(tmp_path: Path) -> None:
    columns = csv_columns()
    for path in write_csv(sample_corpus(), tmp_path):
        with path.open(encoding="utf-8", newline="") as handle:
            assert next(csv.reader(handle)) == columns[path.stem]


def test_internal_fields_are_stored_but_not_exported(tmp_path: Path) -> None:
    article = sample_corpus().articles[0]
    article.removed = [RemovedBlock(0, 5, "navigation")]
    assert _stored_attrs(tmp_path, article)["removed"] == [to_dict(article.removed[0])]
    assert "removed" not in export_dict(Corpus(articles=[article]))["articles"][0]
    assert "removed" not in {f.name for f in exported_fields(Article)}


def test_every_record_round_trips_through_to_dict() -> None:
    corpus = sample_corpus()
    assert from_dict(Corpus, json.loads(json.dumps(to_dict(corpus)))) == corpus


def test_the_schema_checks_types_and_rejects_unknown_keys() -> None:
    validator = _validator()
    data = export_dict(sample_corpus())
    validator.validate(data)
    data["articles"][0]["times"][0]["start"] = -1
    assert not validator.is_valid(data)
    data = export_dict(sample_corpus())
    data["articles"][0]["entities"][0]["confidence"] = 0.9
    assert not validator.is_valid(data)
    data = export_dict(sample_corpus())
    data["stories"][0]["first_published"] = 5
    assert not validator.is_valid(data)


def test_metadata_is_declared_once_and_carried_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    for record in (Article, Extraction, PageMeta):
        assert issubclass(record, Metadata)
    found = Metadata(
        url="https://page.test/a",
        outlet="Page Outlet",
        byline="A. Writer",
        published=datetime(2024, 5, 6, 7, 8, tzinfo=UTC),
        original_publisher="Wire",
        language="en",
        tags=["ports"],
        captions=["A quay."],
    )
    extraction = Extraction(body=[Block("Body text.", "paragraph")], **metadata_of(found))
    monkeypatch.setattr("counterpoint.extract._extraction", lambda raw, options: extraction)
    raw = RawDocument("feed.xml", "item:1", "<p>Body text.</p>", "text/html", "0" * 64)
    assert metadata_of(extract(raw)) == metadata_of(found)
    raw.given = {"outlet": "Feed Outlet", "published": "2024-05-07T10:00:00+02:00"}
    article = extract(raw)
    assert article.outlet == "Feed Outlet"
    assert article.published == datetime(2024, 5, 7, 8, tzinfo=UTC)
    assert article.byline == "A. Writer" and article.tags == ["ports"]


def test_every_article_field_has_a_home_in_the_store() -> None:
    # A field that is neither a span list nor a column would be dropped on save: a new
    # metadata field needs its column (schema.py and a migration).
    from counterpoint.store.db import ARTICLE_COLUMNS

    fields = {f.name for f in dataclasses.fields(Article)} - set(SPAN_KINDS)
    assert fields == set(ARTICLE_COLUMNS)
