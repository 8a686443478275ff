"""The JSON, CSV and Parquet exports: a public contract, documented in ``docs/export-schema.md``.

All are built by one loop over the model's classes (:mod:`counterpoint.model`): each exported
field of a record becomes a JSON key and a table column, and each ``sliced`` key its words cut
from the text, so a field added to a span kind reaches the JSON, the tables and the schema at
once. The flat tables (:data:`TABLES`, one CSV or Parquet file each) follow a path of list
fields down the model (a row per claim mention, per voice quote...), so their columns and
Parquet types come from the same classes; only the coverage matrix is pivoted by hand.
The JSON shape is fixed by ``export.schema.json`` beside this module (JSON Schema 2020-12), which
is :func:`export_schema` written out (``python -m counterpoint.present.export`` rewrites it; a
test checks they agree); a field changes only with :data:`SCHEMA_VERSION`. Offsets are Python
``str`` indices (Unicode code points) into each article's ``text``, end exclusive. Every
``text``/``surface`` field is sliced from the article text with the span's offsets, never copied
from an annotator, so the export cannot disagree with the text it points into. A field a layer
has not filled is present and empty (``null``, ``[]`` or ``{}``).
"""

from __future__ import annotations

import csv
import dataclasses
import functools
import json
import os
import re
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, TextIO

from counterpoint.model import (
    Article,
    Corpus,
    exported_fields,
    nested_type,
)

SCHEMA_VERSION = 3
SCHEMA_PATH = Path(__file__).with_name("export.schema.json")
# The span kinds written as tables of their own (a row per span, with its article's id and
# outlet); paragraphs and sentences are offsets only.
CSV_SPAN_FIELDS = ("quotes", "quantities", "entities", "times", "frames")


def export_dict(corpus: Corpus) -> dict[str, Any]:
    """The whole corpus as JSON-ready data following ``export.schema.json``."""
    texts = {article.id: article.text for article in corpus.articles}
    data: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    data.update(_record(corpus, texts, None))
    return data


def records(
    kind: str, objects: Iterable[Any], texts: Mapping[str, str] | None = None
) -> list[dict[str, Any]]:
    """Export records of one kind (a key of :func:`export_dict`: ``"stories"``,
    ``"conflicts"``...) for some ``objects`` of it, their words cut from ``texts`` (article
    text by article id; an article brings its own): a page of the export without building a
    corpus. Raises ``KeyError`` for a kind the export does not have, ``TypeError`` for an
    object that is not of it."""
    cls = _corpus_kinds()[kind]
    found = []
    for obj in objects:
        if not isinstance(obj, cls):
            raise TypeError(f"{kind} holds {cls.__name__} records, not {type(obj).__name__}")
        found.append(_record(obj, texts or {}, None))
    return found


@functools.cache
def _corpus_kinds() -> dict[str, type]:
    kinds = {}
    for key, hint in export_keys(Corpus).items():
        item = nested_type(hint)
        if item is not None:
            kinds[key] = item
    return kinds


def write_json(corpus: Corpus, path: Path) -> None:
    """Write :func:`export_dict` as UTF-8 JSON; the file appears whole or not at all."""
    data = export_dict(corpus)
    _write_atomically(path, lambda handle: json.dump(data, handle, ensure_ascii=False, indent=1))


def write_csv(corpus: Corpus, folder: Path) -> list[Path]:
    """One CSV per table of :data:`TABLES` in ``folder`` (UTF-8, header row); returns the paths
    written. The cells are :func:`table_rows`' values: lists joined with ``"; "``, objects
    (``parts``) written as JSON, datetimes in ISO 8601 with their offset, empty for ``null``."""
    written = []
    for name, rows in table_rows(corpus).items():
        columns = list(table_columns()[name])
        cells = [{column: _cell(row[column]) for column in columns} for row in rows]
        path = folder / f"{name}.csv"
        _write_atomically(path, functools.partial(_write_rows, columns=columns, rows=cells))
        written.append(path)
    return written


def write_parquet(corpus: Corpus, folder: Path) -> list[Path]:
    """One Parquet file per table of :data:`TABLES` in ``folder``, with the CSV's columns
    typed from the model: integers, floats, booleans, strings, lists, maps (``parts``) and
    timestamps (UTC instants, tz-aware); returns the paths written."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    written = []
    for name, rows in table_rows(corpus).items():
        columns = table_columns()[name]
        schema = pa.schema([(column, _arrow_type(hint)) for column, hint in columns.items()])
        moments = [column for column, hint in columns.items() if nested_type(hint) is datetime]
        for row in rows:
            for column in moments:
                if row[column] is not None:
                    row[column] = datetime.fromisoformat(row[column])
        path = folder / f"{name}.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_name(path.name + ".partial")
        pq.write_table(pa.Table.from_pylist(rows, schema=schema), partial)
        os.replace(partial, path)
        written.append(path)
    return written


@dataclasses.dataclass(frozen=True, slots=True)
class Table:
    """One flat table: a row per record found by following ``path``, the list fields from the
    corpus down (``("claims", "mentions")``: a row per claim mention). Each outer level in
    ``carried`` puts some of its keys, renamed, into every row of its records (the claim's
    ``id`` as ``claim_id``); a nested record's cells are prefixed with its name (``a_value``)."""

    name: str
    path: tuple[str, ...]
    carried: tuple[dict[str, str], ...] = ()


_ARTICLE = {"id": "article_id", "outlet": "outlet"}
_STORY = {"id": "story_id"}
# The flat tables of the CSV and Parquet exports, in the order they are written.
TABLES = (
    Table("articles", ("articles",)),
    *(Table(name, ("articles", name), (_ARTICLE,)) for name in CSV_SPAN_FIELDS),
    Table("stories", ("stories",)),
    Table(
        "facts",
        ("claims", "mentions"),
        ({"id": "claim_id", "story_id": "story_id", "key": "key", "status": "status"},),
    ),
    Table("conflicts", ("conflicts",)),
    Table(
        "timeline",
        ("timeline", "mentions"),
        (
            {
                "id": "entry_id",
                "story_id": "story_id",
                "date": "date",
                "disputed": "disputed",
                "note": "note",
            },
        ),
    ),
    Table("duplicates", ("duplicates",)),
    Table(
        "voices",
        ("stories", "voices", "quotes"),
        (
            _STORY,
            {key: key for key in ("speaker", "kind", "group", "entity_id", "role", "affiliation")},
        ),
    ),
    Table("voice_balance", ("stories", "voice_balance"), (_STORY,)),
    Table("framing_terms", ("stories", "framing", "terms"), (_STORY, {"outlet": "outlet"})),
    Table("framing_labels", ("stories", "framing", "actor_labels"), (_STORY, {"outlet": "outlet"})),
    Table(
        "framing_scare_quotes",
        ("stories", "framing", "scare_quotes"),
        (_STORY, {"outlet": "outlet"}),
    ),
    Table("framing_sentiment", ("stories", "framing", "sentiment"), (_STORY, {"outlet": "outlet"})),
    Table(
        "framing_sentiment_sentences",
        ("stories", "framing", "sentiment", "sentences"),
        (_STORY, {"outlet": "outlet"}, {"actor": "actor", "score": "score"}),
    ),
    Table("briefing", ("stories", "briefing"), (_STORY,)),
    Table("problems", ("problems",)),
)
# The fact-by-outlet matrix in long form, a row per fact and outlet of each story's coverage
# (a pivot, so not a path): the last table.
COVERAGE_COLUMNS: dict[str, Any] = {
    "story_id": str,
    "claim_id": str,
    "label": str,
    "status": str,
    "outlet": str,
    "reported": bool,
    "omitted": bool,
    "exclusive": bool,
    "outlets_reporting": int,
}


def table_columns() -> dict[str, dict[str, Any]]:
    """Every flat table's columns with their model types, in order."""
    if not _TABLE_COLUMNS:
        for table in TABLES:
            _TABLE_COLUMNS[table.name] = _columns(table)
        _TABLE_COLUMNS["coverage"] = COVERAGE_COLUMNS
    return _TABLE_COLUMNS


_TABLE_COLUMNS: dict[str, dict[str, Any]] = {}


def csv_columns() -> dict[str, list[str]]:
    """The columns of each CSV (and Parquet) table, in the order of the JSON keys they come
    from."""
    return {name: list(columns) for name, columns in table_columns().items()}


def table_rows(corpus: Corpus) -> dict[str, list[dict[str, Any]]]:
    """Every flat table's rows, as JSON-ready values (:func:`export_dict`'s) by column. A row
    that names an article but no outlet (or a null one) gets the article's outlet."""
    data = export_dict(corpus)
    outlets = {article["id"]: article["outlet"] for article in data["articles"]}
    tables: dict[str, list[dict[str, Any]]] = {}
    for table in TABLES:
        columns = table_columns()[table.name]
        rows = []
        for carried, record in _walk(data, table.path, table.carried, {}):
            row = dict(carried)
            # A record's own null never hides what its outer record says (its outlet).
            row.update(
                (k, v) for k, v in _flattened(record).items() if v is not None or k not in row
            )
            if row.get("outlet") is None and "article_id" in row:
                row["outlet"] = outlets.get(row["article_id"])
            rows.append({column: row.get(column) for column in columns})
        tables[table.name] = rows
    tables["coverage"] = _coverage_rows(data["stories"])
    return tables


def _walk(
    data: dict[str, Any],
    path: tuple[str, ...],
    carried: tuple[dict[str, str], ...],
    inherited: dict[str, Any],
) -> typing.Iterator[tuple[dict[str, Any], dict[str, Any]]]:
    """Each record at the end of ``path`` under ``data``, with the keys its outer records carry."""
    for record in data[path[0]]:
        if len(path) == 1:
            yield inherited, record
        else:
            keys = {column: record[key] for key, column in carried[0].items()}
            yield from _walk(record, path[1:], carried[1:], {**inherited, **keys})


def _columns(table: Table) -> dict[str, Any]:
    """A table's columns and types, worked out from the model classes along its path."""
    columns: dict[str, Any] = {}
    cls: type = Corpus
    for depth, name in enumerate(table.path):
        if depth:
            keys = export_keys(cls)
            columns.update((column, keys[key]) for key, column in table.carried[depth - 1].items())
        cls = typing.cast(type, nested_type(export_keys(cls)[name]))
    for key, hint in export_keys(cls).items():
        nested = nested_type(hint)
        if _is_cell(hint):
            columns[key] = hint
        elif nested is not None and typing.get_origin(hint) is not list:
            inner = export_keys(nested)
            columns.update((f"{key}_{k}", h) for k, h in inner.items() if _is_cell(h))
    if "article_id" in columns and "outlet" not in columns:
        ordered = list(columns.items())
        at = list(columns).index("article_id") + 1
        columns = dict([*ordered[:at], ("outlet", str | None), *ordered[at:]])
    return columns


def _coverage_rows(stories: list[dict[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for story in stories:
        coverage = story["coverage"]
        omitted = {(o["outlet"], claim) for o in coverage["by_outlet"] for claim in o["omitted"]}
        exclusive = {
            (o["outlet"], claim) for o in coverage["by_outlet"] for claim in o["exclusive"]
        }
        for fact in coverage["facts"]:
            for outlet in coverage["outlets"]:
                rows.append(
                    {
                        "story_id": story["id"],
                        "claim_id": fact["claim_id"],
                        "label": fact["label"],
                        "status": fact["status"],
                        "outlet": outlet,
                        "reported": outlet in fact["outlets"],
                        "omitted": (outlet, fact["claim_id"]) in omitted,
                        "exclusive": (outlet, fact["claim_id"]) in exclusive,
                        "outlets_reporting": len(fact["outlets"]),
                    }
                )
    return rows


def export_keys(cls: type) -> dict[str, Any]:
    """The JSON keys of one exported record with their types: its exported fields in order,
    each sliced key that is no field placed after the field holding its end offset."""
    if cls not in _EXPORT_KEYS:
        hints = typing.get_type_hints(cls)
        extra: dict[str, list[str]] = {}
        for key, (_start, end) in getattr(cls, "sliced", {}).items():
            if key not in hints:
                extra.setdefault(end, []).append(key)
        keys: dict[str, Any] = {}
        for f in exported_fields(cls):
            keys[f.name] = hints[f.name]
            keys.update((key, str) for key in extra.get(f.name, ()))
        _EXPORT_KEYS[cls] = keys
    return _EXPORT_KEYS[cls]


_EXPORT_KEYS: dict[type, dict[str, Any]] = {}


def export_schema() -> dict[str, Any]:
    """The JSON Schema (2020-12) of :func:`export_dict`'s output, generated from the model."""
    defs: dict[str, Any] = {}
    corpus = _object_schema(Corpus, defs)
    corpus["required"].insert(0, "schema_version")
    corpus["properties"] = {"schema_version": {"const": SCHEMA_VERSION}, **corpus["properties"]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:counterpoint:export:v{SCHEMA_VERSION}",
        "title": "Counterpoint export",
        "description": (
            "What one Counterpoint analysis produced. Offsets are Python str indices (Unicode "
            "code points) into the article's text, end exclusive. See docs/export-schema.md."
        ),
        **corpus,
        "$defs": defs,
    }


def write_schema(path: Path = SCHEMA_PATH) -> None:
    """Write :func:`export_schema` as the published ``export.schema.json``."""
    text = json.dumps(export_schema(), ensure_ascii=False, indent=2) + "\n"
    path.write_text(text, encoding="utf-8")


def _record(obj: Any, texts: Mapping[str, str], text: str | None) -> dict[str, Any]:
    """One model object as export data; ``text`` is the text its offsets point into."""
    if isinstance(obj, Article):
        text = obj.text
    elif hasattr(obj, "article_id"):
        text = texts.get(obj.article_id)
    result: dict[str, Any] = {}
    for key, how, offsets in _plan(type(obj)):
        if how == _CUT:
            start, end = getattr(obj, offsets[0]), getattr(obj, offsets[1])
            if text is not None and start is not None and end is not None:
                result[key] = text[start:end]
            else:
                result[key] = getattr(obj, key, "")
            continue
        value = getattr(obj, key)
        if value is None or how == _PLAIN:
            result[key] = value
        elif how == _COPY:
            result[key] = value.copy()
        elif how == _DATE:
            result[key] = value.isoformat()
        elif how == _ONE:
            result[key] = _record(value, texts, text)
        else:
            result[key] = [_record(item, texts, text) for item in value]
    return result


# How _record writes a key: as it is, a copy of a list or dict of plain values, an ISO date,
# a nested record, a list of them, or words cut from the text.
_PLAIN, _COPY, _DATE, _ONE, _MANY, _CUT = range(6)
_PLANS: dict[type, list[tuple[str, int, tuple[str, str]]]] = {}


def _plan(cls: type) -> list[tuple[str, int, tuple[str, str]]]:
    """Each export key of ``cls`` with how to write it, worked out once from the types."""
    if cls not in _PLANS:
        sliced = getattr(cls, "sliced", {})
        plan = []
        for key, hint in export_keys(cls).items():
            nested = nested_type(hint)
            if key in sliced:
                how = _CUT
            elif nested is datetime:
                how = _DATE
            elif nested is not None:
                how = _MANY if typing.get_origin(hint) is list else _ONE
            elif typing.get_origin(hint) in (list, dict):
                how = _COPY
            else:
                how = _PLAIN
            plan.append((key, how, sliced.get(key, ("", ""))))
        _PLANS[cls] = plan
    return _PLANS[cls]


def _object_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    keys = export_keys(cls)
    return {
        "type": "object",
        "additionalProperties": False,
        "required": list(keys),
        "properties": {key: _type_schema(hint, defs) for key, hint in keys.items()},
    }


def _type_schema(hint: Any, defs: dict[str, Any]) -> dict[str, Any]:
    """The schema of a field's type. Integers are offsets or counts, so never negative."""
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (types.UnionType, typing.Union) and type(None) in args:
        (inner,) = [arg for arg in args if arg is not type(None)]
        schema = _type_schema(inner, defs)
        if "enum" in schema:
            return {"enum": [*schema["enum"], None]}
        if "type" in schema:
            return {**schema, "type": [schema["type"], "null"]}
        return {"anyOf": [schema, {"type": "null"}]}
    if origin is Literal:
        return {"enum": list(args)}
    if origin is list:
        return {"type": "array", "items": _type_schema(args[0], defs)}
    if origin is dict:
        return {"type": "object", "additionalProperties": _type_schema(args[1], defs)}
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        name = _schema_name(hint)
        if name not in defs:
            defs[name] = {}  # claimed first, so a class met again while building refers to it
            defs[name] = _object_schema(hint, defs)
        return {"$ref": f"#/$defs/{name}"}
    return dict(_SCALARS[hint])


_SCALARS: dict[Any, dict[str, Any]] = {
    str: {"type": "string"},
    int: {"type": "integer", "minimum": 0},
    float: {"type": "number"},
    bool: {"type": "boolean"},
    datetime: {"type": "string", "format": "date-time"},
}


def _schema_name(cls: type) -> str:
    """A span's kind ("quote"), else the class name in snake case ("timeline_entry")."""
    return getattr(cls, "span_kind", None) or re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()


def _is_cell(hint: Any) -> bool:
    """A field fit for one table cell: a scalar, a date, or a list or map of scalars."""
    origin = typing.get_origin(hint)
    if origin in (list, dict):
        return all(nested_type(arg) is None for arg in typing.get_args(hint))
    return nested_type(hint) in (None, datetime)


def _flattened(record: dict[str, Any]) -> dict[str, Any]:
    """A record's keys, and a nested record's (or a map's) prefixed with its name: the
    table's columns pick ``a_value`` of a conflict's side and ``parts`` of a quantity."""
    row = dict(record)
    for key, value in record.items():
        if isinstance(value, dict):
            row.update({f"{key}_{inner}": item for inner, item in value.items()})
    return row


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


def _arrow_type(hint: Any) -> Any:
    """The Arrow type of a column from its model type (``X | None`` is a nullable ``X``)."""
    import pyarrow as pa

    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin in (types.UnionType, typing.Union):
        (inner,) = [arg for arg in args if arg is not type(None)]
        return _arrow_type(inner)
    if origin is Literal:
        return pa.bool_() if all(isinstance(arg, bool) for arg in args) else pa.string()
    if origin is list:
        return pa.list_(_arrow_type(args[0]))
    if origin is dict:
        return pa.map_(_arrow_type(args[0]), _arrow_type(args[1]))
    return {
        str: pa.string(),
        int: pa.int64(),
        float: pa.float64(),
        bool: pa.bool_(),
        datetime: pa.timestamp("us", tz="UTC"),
    }[hint]


def _write_rows(handle: TextIO, columns: list[str], rows: list[dict[str, Any]]) -> None:
    writer = csv.DictWriter(handle, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)


def _write_atomically(path: Path, write: Callable[[TextIO], None]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with partial.open("w", encoding="utf-8", newline="") as handle:
        write(handle)
    os.replace(partial, path)


if __name__ == "__main__":
    write_schema()
