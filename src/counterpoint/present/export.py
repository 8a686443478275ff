"""The JSON and CSV exports: a public contract, documented in ``docs/export-schema.md``.

Both are built by one loop over the model's classes (:mod:`counterpoint.model`): each exported
field of a record becomes a JSON key and a CSV column, and each ``sliced`` key its words cut
from the text, so a field added to a span kind reaches the JSON, the CSV and the schema at once.
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
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, TextIO

from counterpoint.model import (
    SPAN_KINDS,
    Article,
    Conflict,
    Corpus,
    exported_fields,
    nested_type,
)

SCHEMA_VERSION = 2
SCHEMA_PATH = Path(__file__).with_name("export.schema.json")
# The span kinds written as CSV tables of their own, beside articles and conflicts.
CSV_SPAN_FIELDS = ("quotes", "quantities")


def export_dict(corpus: Corpus) -> dict[str, Any]:
    """The whole corpus as JSON-ready data following ``export.schema.json``."""
    texts = {article.id: article.text for article in corpus.articles}
    data: dict[str, Any] = {"schema_version": SCHEMA_VERSION}
    data.update(_record(corpus, texts, None))
    return data


def write_json(corpus: Corpus, path: Path) -> None:
    """Write :func:`export_dict` as UTF-8 JSON; the file appears whole or not at all."""
    data = export_dict(corpus)
    _write_atomically(path, lambda handle: json.dump(data, handle, ensure_ascii=False, indent=1))


def write_csv(corpus: Corpus, folder: Path) -> list[Path]:
    """One CSV per table (articles, quotes, quantities, conflicts) in ``folder``; returns the
    paths written. Rows are flattened from :func:`export_dict`, so the columns mean the same as
    the JSON fields; lists are joined with ``"; "``, objects (``parts``) written as JSON, and a
    nested record's fields (a conflict's sides) prefixed with its name (``a_surface``)."""
    data = export_dict(corpus)
    folder.mkdir(parents=True, exist_ok=True)
    tables: dict[str, tuple[list[str], list[dict[str, Any]]]] = {
        name: (columns, []) for name, columns in csv_columns().items()
    }
    tables["articles"][1].extend(data["articles"])
    for name in CSV_SPAN_FIELDS:
        rows = tables[name][1]
        for article in data["articles"]:
            rows.extend(
                {"article_id": article["id"], "outlet": article["outlet"], **span}
                for span in article[name]
            )
    tables["conflicts"][1].extend(_flattened(conflict) for conflict in data["conflicts"])
    written = []
    for name, (columns, rows) in tables.items():
        path = folder / f"{name}.csv"
        cells = [{column: _cell(row.get(column)) for column in columns} for row in rows]
        _write_atomically(path, functools.partial(_write_rows, columns=columns, rows=cells))
        written.append(path)
    return written


def csv_columns() -> dict[str, list[str]]:
    """The columns of each CSV table, in the order of the JSON keys they come from."""
    article_columns = [key for key, hint in export_keys(Article).items() if _is_cell(hint)]
    tables = {"articles": article_columns}
    for name in CSV_SPAN_FIELDS:
        tables[name] = ["article_id", "outlet", *export_keys(SPAN_KINDS[name])]
    conflict_columns = []
    for key, hint in export_keys(Conflict).items():
        nested = nested_type(hint)
        if nested is None:
            conflict_columns.append(key)
        else:
            conflict_columns.extend(f"{key}_{inner}" for inner in export_keys(nested))
    tables["conflicts"] = conflict_columns
    return tables


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


def _record(obj: Any, texts: dict[str, str], text: str | None) -> dict[str, Any]:
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
    """A field fit for one CSV cell: a scalar, a date or a list of words."""
    origin = typing.get_origin(hint)
    if origin is list:
        return typing.get_args(hint)[0] is str
    return origin is not dict and (nested_type(hint) in (None, datetime))


def _flattened(record: dict[str, Any]) -> dict[str, Any]:
    row = {}
    for key, value in record.items():
        if isinstance(value, dict):
            row.update({f"{key}_{inner}": item for inner, item in value.items()})
        else:
            row[key] = value
    return row


def _cell(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return value


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
