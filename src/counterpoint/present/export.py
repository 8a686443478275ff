"""The JSON and CSV exports: a public contract, documented in ``docs/export-schema.md``.

The JSON shape is fixed by ``export.schema.json`` beside this module (JSON Schema 2020-12);
a field changes only with :data:`SCHEMA_VERSION`. Offsets are Python ``str`` indices (Unicode
code points) into each article's ``text``, end exclusive. Every ``text``/``surface`` field is
sliced from the article text with the span's offsets, never copied from an annotator, so the
export cannot disagree with the text it points into. A field a layer has not filled is present
and empty (``null``, ``[]`` or ``{}``).
"""

from __future__ import annotations

import csv
import functools
import json
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, TextIO

from counterpoint.model import (
    Article,
    Claim,
    Conflict,
    ConflictSide,
    Corpus,
    DuplicateGroup,
    Entity,
    Paragraph,
    Problem,
    Quantity,
    Quote,
    Sentence,
    Story,
    TimeExpression,
    TimelineEntry,
)

SCHEMA_VERSION = 1
SCHEMA_PATH = Path(__file__).with_name("export.schema.json")


def export_dict(corpus: Corpus) -> dict[str, Any]:
    """The whole corpus as JSON-ready data following ``export.schema.json``."""
    texts = {article.id: article.text for article in corpus.articles}
    return {
        "schema_version": SCHEMA_VERSION,
        "articles": [_article(article) for article in corpus.articles],
        "stories": [_story(story) for story in corpus.stories],
        "claims": [_claim(claim, texts) for claim in corpus.claims],
        "conflicts": [_conflict(conflict, texts) for conflict in corpus.conflicts],
        "duplicates": [_duplicate(group) for group in corpus.duplicates],
        "problems": [_problem(problem) for problem in corpus.problems],
        "timeline": [_timeline_entry(entry, texts) for entry in corpus.timeline],
    }


def write_json(corpus: Corpus, path: Path) -> None:
    """Write :func:`export_dict` as UTF-8 JSON; the file appears whole or not at all."""
    data = export_dict(corpus)
    _write_atomically(path, lambda handle: json.dump(data, handle, ensure_ascii=False, indent=1))


def write_csv(corpus: Corpus, folder: Path) -> list[Path]:
    """One CSV per table (articles, quotes, quantities, conflicts) in ``folder``; returns the
    paths written. Rows are flattened from :func:`export_dict`, so the columns mean the same as
    the JSON fields; lists are joined with ``"; "`` and ``parts`` is a JSON object."""
    data = export_dict(corpus)
    folder.mkdir(parents=True, exist_ok=True)
    tables = {
        "articles": (ARTICLE_COLUMNS, [_article_row(a) for a in data["articles"]]),
        "quotes": (
            QUOTE_COLUMNS,
            [_span_row(a, q) for a in data["articles"] for q in a["quotes"]],
        ),
        "quantities": (
            QUANTITY_COLUMNS,
            [_span_row(a, q) for a in data["articles"] for q in a["quantities"]],
        ),
        "conflicts": (CONFLICT_COLUMNS, [_conflict_row(c) for c in data["conflicts"]]),
    }
    written = []
    for name, (columns, rows) in tables.items():
        path = folder / f"{name}.csv"
        _write_atomically(path, functools.partial(_write_rows, columns=columns, rows=rows))
        written.append(path)
    return written


ARTICLE_COLUMNS = [
    "id",
    "source",
    "record_key",
    "url",
    "outlet",
    "title",
    "subtitle",
    "byline",
    "published",
    "original_publisher",
    "language",
    "tags",
    "captions",
    "text",
]
QUOTE_COLUMNS = [
    "article_id",
    "outlet",
    "start",
    "end",
    "type",
    "text",
    "speaker",
    "speaker_start",
    "speaker_end",
    "cue",
]
QUANTITY_COLUMNS = [
    "article_id",
    "outlet",
    "start",
    "end",
    "surface",
    "value",
    "value_max",
    "bound",
    "unit",
    "counted",
    "counted_start",
    "counted_end",
    "kind",
    "parts",
    "attributed_to",
]
_SIDE_FIELDS = ["article_id", "outlet", "start", "end", "surface", "value", "counted", "time"]
CONFLICT_COLUMNS = [
    "id",
    "kind",
    "story_id",
    "claim_id",
    "explanation",
    *(f"a_{name}" for name in _SIDE_FIELDS),
    *(f"b_{name}" for name in _SIDE_FIELDS),
]


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _article(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "source": article.source,
        "record_key": article.record_key,
        "content_hash": article.content_hash,
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "subtitle": article.subtitle,
        "byline": article.byline,
        "published": _iso(article.published),
        "original_publisher": article.original_publisher,
        "language": article.language,
        "text": article.text,
        "paragraphs": [_paragraph(p) for p in article.paragraphs],
        "sentences": [_sentence(s) for s in article.sentences],
        "entities": [_entity(e, article.text) for e in article.entities],
        "quotes": [_quote(q, article.text) for q in article.quotes],
        "quantities": [_quantity(q, article.text) for q in article.quantities],
        "times": [_time(t, article.text) for t in article.times],
        "tags": list(article.tags),
        "captions": list(article.captions),
        "versions": dict(article.versions),
    }


def _paragraph(paragraph: Paragraph) -> dict[str, Any]:
    return {
        "start": paragraph.start,
        "end": paragraph.end,
        "kind": paragraph.kind,
        "raw_start": paragraph.raw_start,
        "raw_end": paragraph.raw_end,
    }


def _sentence(sentence: Sentence) -> dict[str, Any]:
    return {"start": sentence.start, "end": sentence.end}


def _entity(entity: Entity, text: str) -> dict[str, Any]:
    return {
        "text": text[entity.start : entity.end],
        "start": entity.start,
        "end": entity.end,
        "label": entity.label,
        "canonical": entity.canonical,
        "entity_id": entity.entity_id,
    }


def _quote(quote: Quote, text: str) -> dict[str, Any]:
    return {
        "text": text[quote.start : quote.end],
        "start": quote.start,
        "end": quote.end,
        "type": quote.type,
        "speaker": quote.speaker,
        "speaker_start": quote.speaker_start,
        "speaker_end": quote.speaker_end,
        "cue": quote.cue,
    }


def _quantity(quantity: Quantity, text: str) -> dict[str, Any]:
    counted = quantity.counted
    if quantity.counted_start is not None and quantity.counted_end is not None:
        counted = text[quantity.counted_start : quantity.counted_end]
    return {
        "surface": text[quantity.start : quantity.end],
        "start": quantity.start,
        "end": quantity.end,
        "value": quantity.value,
        "value_max": quantity.value_max,
        "bound": quantity.bound,
        "unit": quantity.unit,
        "counted": counted,
        "counted_start": quantity.counted_start,
        "counted_end": quantity.counted_end,
        "kind": quantity.kind,
        "parts": dict(quantity.parts),
        "attributed_to": quantity.attributed_to,
    }


def _time(time: TimeExpression, text: str) -> dict[str, Any]:
    return {
        "surface": text[time.start : time.end],
        "start": time.start,
        "end": time.end,
        "value": time.value,
        "granularity": time.granularity,
    }


def _story(story: Story) -> dict[str, Any]:
    return {
        "id": story.id,
        "title": story.title,
        "article_ids": list(story.article_ids),
        "first_published": _iso(story.first_published),
        "last_published": _iso(story.last_published),
        "parent_id": story.parent_id,
        "merged_from": list(story.merged_from),
    }


def _claim(claim: Claim, texts: dict[str, str]) -> dict[str, Any]:
    return {
        "id": claim.id,
        "story_id": claim.story_id,
        "key": claim.key,
        "status": claim.status,
        "mentions": [
            {
                "article_id": mention.article_id,
                "start": mention.start,
                "end": mention.end,
                "surface": texts.get(mention.article_id, "")[mention.start : mention.end],
                "value": mention.value,
                "bound": mention.bound,
                "counted": mention.counted,
                "time": mention.time,
            }
            for mention in claim.mentions
        ],
    }


def _conflict(conflict: Conflict, texts: dict[str, str]) -> dict[str, Any]:
    return {
        "id": conflict.id,
        "kind": conflict.kind,
        "explanation": conflict.explanation,
        "claim_id": conflict.claim_id,
        "story_id": conflict.story_id,
        "a": _side(conflict.a, texts),
        "b": _side(conflict.b, texts),
    }


def _side(side: ConflictSide, texts: dict[str, str]) -> dict[str, Any]:
    # The side's own surface is kept only when its article is not in this corpus.
    text = texts.get(side.article_id)
    return {
        "article_id": side.article_id,
        "start": side.start,
        "end": side.end,
        "value": side.value,
        "surface": text[side.start : side.end] if text is not None else side.surface,
        "counted": side.counted,
        "time": side.time,
        "outlet": side.outlet,
    }


def _timeline_entry(entry: TimelineEntry, texts: dict[str, str]) -> dict[str, Any]:
    mentions = []
    for mention in entry.mentions:
        text = texts.get(mention.article_id, "")
        mentions.append(
            {
                "article_id": mention.article_id,
                "outlet": mention.outlet,
                "start": mention.start,
                "end": mention.end,
                "text": text[mention.start : mention.end],
                "time_start": mention.time_start,
                "time_end": mention.time_end,
                "time_surface": text[mention.time_start : mention.time_end],
                "value": mention.value,
            }
        )
    return {
        "id": entry.id,
        "story_id": entry.story_id,
        "date": entry.date,
        "disputed": entry.disputed,
        "note": entry.note,
        "mentions": mentions,
    }


def _duplicate(group: DuplicateGroup) -> dict[str, Any]:
    return {
        "id": group.id,
        "canonical_id": group.canonical_id,
        "article_ids": list(group.article_ids),
        "kind": group.kind,
    }


def _problem(problem: Problem) -> dict[str, Any]:
    return {
        "source": problem.source,
        "record_key": problem.record_key,
        "stage": problem.stage,
        "message": problem.message,
    }


def _article_row(article: dict[str, Any]) -> dict[str, Any]:
    row = {column: article[column] for column in ARTICLE_COLUMNS}
    row["tags"] = "; ".join(article["tags"])
    row["captions"] = "; ".join(article["captions"])
    return row


def _span_row(article: dict[str, Any], span: dict[str, Any]) -> dict[str, Any]:
    row = {"article_id": article["id"], "outlet": article["outlet"], **span}
    if "parts" in row:
        row["parts"] = json.dumps(row["parts"], ensure_ascii=False, sort_keys=True)
    return row


def _conflict_row(conflict: dict[str, Any]) -> dict[str, Any]:
    row = {name: conflict[name] for name in ("id", "kind", "story_id", "claim_id", "explanation")}
    for side in ("a", "b"):
        row.update({f"{side}_{name}": conflict[side][name] for name in _SIDE_FIELDS})
    return row


def _write_rows(handle: TextIO, columns: list[str], rows: list[dict[str, Any]]) -> None:
    writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)


def _write_atomically(path: Path, write: Callable[[TextIO], None]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        write(handle)
    os.replace(partial, path)
