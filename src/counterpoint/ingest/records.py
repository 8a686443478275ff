"""JSON Lines and CSV/TSV records, read one line at a time so any file size fits in memory.

A record holds its document in a text field or an HTML field; other fields it may state go
into :attr:`RawDocument.given` and win over what extraction finds. Field names are matched
case-insensitively; the first of each list that holds a non-blank value is taken:

==============  ==============================================================================
given           record fields
==============  ==============================================================================
``id``          id, guid, article_id, uuid
``url``         url, link, canonical_url
``title``       title, headline
``published``   published, date, pubdate, datepublished, published_at, date_published,
                publication_date, publish_date
``outlet``      outlet, source, publisher, site_name, sitename
``byline``      byline, author, authors, creator (a list of names, or of objects with a
                ``name``, is joined with commas)
``language``    lang, language, inlanguage (an ISO 639 code such as ``fr`` or ``pt-BR``; any
                other value is ignored and the language detected)
==============  ==============================================================================

The document is the first non-blank of text, content, body (``TEXT_FIELDS``) or html,
raw_html (``HTML_FIELDS``), in that order. Plain text is the article itself
(:attr:`RawDocument.article_text`): it is split into paragraphs, never cleaned as a page dump.
A text field holding markup, or an HTML field, is a web page and is extracted as one.

A record may be as large as the reader's limit (``max_record_bytes``); a larger one is a
:class:`Problem` naming the limit, never truncated. A bad record becomes a :class:`Problem`
and the file goes on.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import IO, AnyStr

from counterpoint.ingest.common import content_hash, megabytes, problem
from counterpoint.ingest.decode import NotText, byte_order_mark, decode_bytes, to_lf
from counterpoint.ingest.sniff import looks_like_markup
from counterpoint.model import Problem, RawDocument

# Field names (lower case) accepted for each given field, most specific first.
GIVEN_FIELDS: dict[str, tuple[str, ...]] = {
    "id": ("id", "guid", "article_id", "uuid"),
    "url": ("url", "link", "canonical_url"),
    "title": ("title", "headline"),
    "published": (
        "published",
        "date",
        "pubdate",
        "datepublished",
        "published_at",
        "date_published",
        "publication_date",
        "publish_date",
    ),
    "outlet": ("outlet", "source", "publisher", "site_name", "sitename"),
    "byline": ("byline", "author", "authors", "creator"),
    "language": ("lang", "language", "inlanguage"),
}
TEXT_FIELDS = ("text", "content", "body")
HTML_FIELDS = ("html", "raw_html")
LANGUAGE_CODE = re.compile(r"([a-z]{2,3})(?:[-_][a-z0-9]{1,8})*", re.IGNORECASE)

_SKIP_CHUNK = 1 << 20


class _LineTooLong(Exception):
    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


def read_jsonl(
    stream: IO[bytes], source: str, max_record_bytes: int
) -> Iterator[RawDocument | Problem]:
    """One document per JSON object line; ``record_key`` is ``line:<n>`` or the given id."""
    for number, raw, text, encoding in _lines(stream, max_record_bytes):
        key = f"line:{number}"
        if raw is None:
            limit = megabytes(max_record_bytes)
            yield problem(source, f"record larger than the {limit} limit for one record", key)
            continue
        if text is None:
            yield problem(source, "binary content, not text", key)
            continue
        if not text.strip():
            continue
        try:
            record = json.loads(text.rstrip("\r\n"))
        except json.JSONDecodeError as error:
            yield problem(source, f"invalid JSON ({error.msg} at column {error.colno})", key)
            continue
        except RecursionError:
            yield problem(source, "JSON nested too deeply", key)
            continue
        if not isinstance(record, dict):
            yield problem(source, f"not a JSON object but {type(record).__name__}", key)
            continue
        yield document_from_record(record, source, key, raw.rstrip(b"\r\n"), encoding)


def read_csv(
    stream: IO[bytes], source: str, max_record_bytes: int, delimiter: str | None = None
) -> Iterator[RawDocument | Problem]:
    """One document per row under a header row; ``record_key`` is ``row:<n>`` (the n-th data
    row, header and blank rows not counted) or the given id. ``delimiter`` None picks the most
    frequent of comma, semicolon, tab and bar in the header."""
    # The csv module's 128 KB default is less than many article pages. The limit is
    # process-wide: set it on every call so each reader gets its own.
    csv.field_size_limit(max_record_bytes)
    consumed: list[bytes] = []
    encodings: list[str] = []

    def text_lines() -> Iterator[str]:
        for number, raw, text, encoding in _lines(stream, max_record_bytes):
            if raw is None or text is None:
                raise _LineTooLong(number) if raw is None else NotText(f"line {number}")
            consumed.append(raw)
            encodings.append(encoding)
            yield text

    lines = text_lines()
    try:
        header_line = next(lines, None)
        if header_line is None:
            return
        if delimiter is None:
            delimiter = max(",;\t|", key=header_line.count)
        try:
            header = next(csv.reader([header_line], delimiter=delimiter), [])
        except csv.Error as error:
            yield problem(source, f"malformed CSV header ({error})")
            return
        names = [name.strip().lower() for name in header]
        if not set(names) & {*HTML_FIELDS, *TEXT_FIELDS}:
            yield problem(source, f"no text or html column in the header ({', '.join(names)})")
            return
        consumed.clear()
        encodings.clear()
        rows = csv.reader(lines, delimiter=delimiter)
        number = 0
        while True:
            try:
                row = next(rows, None)
            except csv.Error as error:
                # An unclosed quote swallows what follows: there is no safe point to resume.
                yield problem(source, f"malformed CSV ({error}); stopped here", f"row:{number + 1}")
                return
            if row is None:
                return
            raw = b"".join(consumed).rstrip(b"\r\n")
            # A row is as UTF-8 as its least UTF-8 line.
            encoding = next((name for name in encodings if name != "utf-8"), "utf-8")
            consumed.clear()
            encodings.clear()
            if not any(cell.strip() for cell in row):
                continue
            number += 1
            record = dict(zip(names, row, strict=False))
            yield document_from_record(record, source, f"row:{number}", raw, encoding)
    except _LineTooLong as error:
        limit = megabytes(max_record_bytes)
        yield problem(
            source, f"line {error.number} is larger than the {limit} record limit; stopped here"
        )
    except NotText as error:
        yield problem(source, f"binary content, not text, at {error}; stopped here")


def document_from_record(
    record: Mapping[str, object], source: str, position: str, raw: bytes, encoding: str
) -> RawDocument | Problem:
    """A RawDocument from one record's fields, or the Problem saying what is missing."""
    fields = {str(name).strip().lower(): value for name, value in record.items()}
    given = {
        name: value
        for name, synonyms in GIVEN_FIELDS.items()
        if (value := _given_value(name, fields, synonyms))
    }
    # Document text keeps its whitespace: nothing may shift before offsets are taken.
    text = _first_string(fields, TEXT_FIELDS, strip=False)
    content = text or _first_string(fields, HTML_FIELDS, strip=False)
    if not content:
        present = [name for name in (*TEXT_FIELDS, *HTML_FIELDS) if name in fields]
        message = f"the {present[0]} field is empty" if present else "no text or html field"
        return problem(source, message, position)
    # Feeds and CMS exports often put markup in a field called "content" or "body".
    is_page = content is not text or looks_like_markup(content)
    return RawDocument(
        source=source,
        record_key=given.get("id") or position,
        content=to_lf(content),
        media_type="text/html" if is_page else "text/plain",
        content_hash=content_hash(raw),
        given=given,
        encoding=encoding,
        article_text=not is_page,
    )


def _given_value(name: str, fields: dict[str, object], synonyms: tuple[str, ...]) -> str | None:
    if name == "byline":
        return _names(fields, synonyms)
    value = _first_string(fields, synonyms)
    if name == "language":
        return language_code(value)
    return " ".join(value.split()) if value is not None else None


def language_code(value: str | None) -> str | None:
    """The primary ISO 639 code of a language tag ("pt-BR" -> "pt"); None for anything else
    ("English"), so a wrong label never picks the pipeline and detection decides instead."""
    code = LANGUAGE_CODE.fullmatch(value.strip()) if value else None
    return code.group(1).lower() if code else None


def _names(fields: dict[str, object], synonyms: tuple[str, ...]) -> str | None:
    """A byline from the first field naming anyone: a string, or a list of names/objects."""
    for name in synonyms:
        value = fields.get(name)
        items = value if isinstance(value, list) else [value]
        names = [" ".join(found.split()) for item in items if (found := _scalar_text(item))]
        if names:
            return ", ".join(names)
    return None


def _first_string(
    fields: Mapping[str, object], names: tuple[str, ...], strip: bool = True
) -> str | None:
    """The first of ``names`` holding a non-blank scalar (or an object's ``name``)."""
    for name in names:
        if (value := _scalar_text(fields.get(name))) is not None:
            return value.strip() if strip else value
    return None


def _scalar_text(value: object) -> str | None:
    """A non-blank string or number as text, or an object's ``name`` (``"source": {"name":
    ...}``); None for anything else."""
    if isinstance(value, dict):
        value = value.get("name")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    return value if isinstance(value, str) and value.strip() else None


def _lines(stream: IO[bytes], limit: int) -> Iterator[tuple[int, bytes | None, str | None, str]]:
    """``(number, raw bytes, text, encoding)`` for each line, numbered from 1, terminators kept.

    ``raw`` is None for a line over ``limit`` bytes (skipped without holding it in memory);
    ``text`` is None for a binary line. A file starting with a UTF-16/32 byte-order mark is
    read through a decoder, since its lines cannot be split on bytes; any other line is
    decoded on its own, so one stray code page line does not spoil the file.
    """
    mark = byte_order_mark(stream.read(4))
    stream.seek(0)
    if mark is not None and mark[1] != "utf-8":
        wide = mark[1]
        # "utf-16"/"utf-32" (without the byte order) is the codec that reads and drops the mark.
        decoded = io.TextIOWrapper(
            stream, encoding=wide[: -len("-le")], errors="replace", newline=""
        )
        for number, text in _bounded_lines(decoded.readline, limit, "\n"):
            yield number, None if text is None else text.encode(wide), text, wide
        return
    if mark is not None:
        stream.read(len(mark[0]))
    for number, line in _bounded_lines(stream.readline, limit, b"\n"):
        if line is None:
            yield number, None, None, ""
            continue
        try:
            text, encoding = decode_bytes(line)
        except NotText:
            yield number, line, None, ""
            continue
        yield number, line, text, encoding


def _bounded_lines(
    readline: Callable[[int], AnyStr], limit: int, newline: AnyStr
) -> Iterator[tuple[int, AnyStr | None]]:
    """Lines numbered from 1; None stands for a line over ``limit``, read past in chunks."""
    number = 0
    while line := readline(limit + 1):
        number += 1
        if len(line) > limit and not line.endswith(newline):
            while line and not line.endswith(newline):
                line = readline(_SKIP_CHUNK)
            yield number, None
            continue
        yield number, line
