"""RSS and Atom feeds: each item or entry is a document, from its full content when the feed
carries it (``content:encoded``, Atom ``content``), else from its description or summary."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import feedparser

from counterpoint.ingest.common import content_hash, problem
from counterpoint.ingest.decode import to_lf
from counterpoint.ingest.sniff import looks_like_markup
from counterpoint.model import Problem, RawDocument


def read_feed(data: bytes, source: str) -> Iterator[RawDocument | Problem]:
    """One document per item; ``record_key`` is the item's guid/id, else ``item:<n>``.

    ``content_hash`` is the hash of the item's content as UTF-8 (the feed's bytes are parsed
    whole; feeds are small). ``given["published"]`` is ISO 8601 in UTC.
    """
    parsed = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        detail = f" ({reason})" if reason else ""
        yield problem(source, f"not a readable RSS or Atom feed{detail}")
        return
    outlet = parsed.feed.get("title", "").strip()
    encoding = parsed.get("encoding") or "utf-8"
    for number, entry in enumerate(parsed.entries, start=1):
        guid = (entry.get("id") or "").strip()
        key = guid or f"item:{number}"
        content = _content(entry)
        if content is None:
            yield problem(source, "feed item has no content or description", key)
            continue
        published = _iso_date(entry.get("published_parsed") or entry.get("updated_parsed"))
        given = {
            "id": guid,
            "url": (entry.get("link") or "").strip(),
            "title": (entry.get("title") or "").strip(),
            "published": published or "",
            "outlet": outlet,
        }
        yield RawDocument(
            source=source,
            record_key=key,
            content=to_lf(content),
            media_type="text/html" if looks_like_markup(content) else "text/plain",
            content_hash=content_hash(content.encode("utf-8")),
            given={name: value for name, value in given.items() if value},
            encoding=encoding,
        )


def _content(entry: Any) -> str | None:
    """The fullest text an entry carries: its longest content, else its summary."""
    contents = [part.get("value") or "" for part in entry.get("content") or []]
    for text in (max(contents, key=len, default=""), entry.get("summary") or ""):
        if text.strip():
            return str(text)
    return None


def _iso_date(parsed: Any) -> str | None:
    """feedparser's UTC ``time.struct_time`` as ISO 8601."""
    if not parsed:
        return None
    year, month, day, hour, minute, second = parsed[:6]
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC).isoformat()
