"""RSS and Atom feeds: each item or entry is a document, from its full content when the feed
carries it (``content:encoded``, Atom ``content``), else from its description or summary.

A feed item's content is the article itself (:attr:`RawDocument.article_text`), whether it is
markup or plain text: it is split into paragraphs, not cleaned as a web page. The byline comes
from ``dc:creator``, RSS ``author`` or Atom ``author/name``; the language from the item's or
the feed's ``language``/``xml:lang``.

Feeds are untrusted XML. Before feedparser reads one, :mod:`defusedxml` parses it with entity
declarations and external references forbidden, so a billion-laughs bomb or an external
entity (``<!ENTITY x SYSTEM "file:///etc/passwd">``) is a Problem: nothing is expanded or read.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from xml.etree.ElementTree import ParseError

import feedparser
from defusedxml import DefusedXmlException, EntitiesForbidden, ExternalReferenceForbidden
from defusedxml.ElementTree import fromstring as defused_fromstring

from counterpoint.ingest.common import content_hash, problem
from counterpoint.ingest.decode import to_lf
from counterpoint.ingest.records import language_code
from counterpoint.ingest.sniff import looks_like_markup
from counterpoint.model import Problem, RawDocument

# An entity declaration, looked for in feeds the XML parser could not read (an encoding it
# does not know, broken markup) before the lenient parser gets them.
_ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.IGNORECASE)


def read_feed(
    data: bytes, source: str, linked_pages: bool = False
) -> Iterator[RawDocument | Problem]:
    """One document per item; ``record_key`` is the item's guid/id, else ``item:<n>``. An item
    with neither content nor description is a Problem, unless ``linked_pages`` (the caller
    fetches each item's page) and it links to one: then its content is empty.

    ``content_hash`` is the hash of the item's content as UTF-8 (the feed's bytes are parsed
    whole; feeds are small). ``given["published"]`` is ISO 8601 in UTC.
    """
    refusal = unsafe_xml(data)
    if refusal is not None:
        yield problem(source, refusal)
        return
    parsed = feedparser.parse(data)
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception")
        detail = f" ({reason})" if reason else ""
        yield problem(source, f"not a readable RSS or Atom feed{detail}")
        return
    outlet = parsed.feed.get("title", "").strip()
    feed_language = parsed.feed.get("language")
    encoding = parsed.get("encoding") or "utf-8"
    for number, entry in enumerate(parsed.entries, start=1):
        guid = (entry.get("id") or "").strip()
        key = guid or f"item:{number}"
        link = (entry.get("link") or "").strip()
        content = _content(entry)
        if content is None and not (linked_pages and link):
            unread = f"; its page {link} is fetched by `counterpoint watch`" if link else ""
            yield problem(source, f"feed item has no content or description{unread}", key)
            continue
        content = content or ""
        published = _iso_date(entry.get("published_parsed") or entry.get("updated_parsed"))
        given = {
            "id": guid,
            "url": link,
            "title": (entry.get("title") or "").strip(),
            "published": published or "",
            "outlet": outlet,
            "byline": _byline(entry),
            "language": language_code(entry.get("language") or feed_language) or "",
        }
        yield RawDocument(
            source=source,
            record_key=key,
            content=to_lf(content),
            media_type="text/html" if looks_like_markup(content) else "text/plain",
            content_hash=content_hash(content.encode("utf-8")),
            given={name: value for name, value in given.items() if value},
            encoding=encoding,
            article_text=True,
        )


def unsafe_xml(data: bytes) -> str | None:
    """Why ``data`` may not be parsed as XML (it declares entities or refers outside itself),
    or None when it is safe or not XML that a strict parser reads at all."""
    try:
        defused_fromstring(data, forbid_dtd=False, forbid_entities=True, forbid_external=True)
    except EntitiesForbidden as error:
        external = f" pointing at {error.sysid}" if error.sysid else ""
        return (
            f"unsafe XML refused: it declares the entity {error.name!r}{external} (never expanded)"
        )
    except ExternalReferenceForbidden as error:
        return f"unsafe XML refused: it refers to {error.sysid} (nothing outside the file is read)"
    except DefusedXmlException as error:
        return f"unsafe XML refused ({type(error).__name__})"
    except ParseError:
        if _ENTITY_DECLARATION.search(data):
            return "unsafe XML refused (entity declaration in a feed that is not well-formed)"
    return None


def _content(entry: Any) -> str | None:
    """The fullest text an entry carries: its longest content, else its summary."""
    contents = [part.get("value") or "" for part in entry.get("content") or []]
    for text in (max(contents, key=len, default=""), entry.get("summary") or ""):
        if text.strip():
            return str(text)
    return None


def _byline(entry: Any) -> str:
    """The entry's authors' names (``dc:creator``, Atom ``author/name``; an RSS ``author`` is
    "e-mail (Name)", of which feedparser keeps the name), joined with commas."""
    names = [" ".join((a.get("name") or "").split()) for a in entry.get("authors") or []]
    names = [name for name in names if name]
    if names:
        return ", ".join(dict.fromkeys(names))
    return " ".join((entry.get("author") or "").split())


def _iso_date(parsed: Any) -> str | None:
    """feedparser's UTC ``time.struct_time`` as ISO 8601."""
    if not parsed:
        return None
    year, month, day, hour, minute, second = parsed[:6]
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC).isoformat()
