"""Which reader a file needs: by its extension, and by its first bytes when that is ambiguous."""

from __future__ import annotations

import json
import re
from typing import Literal

from counterpoint.ingest.decode import byte_order_mark, is_binary

Format = Literal["text", "html", "jsonl", "csv", "tsv", "warc", "feed"]

EXTENSION_FORMATS: dict[str, Format] = {
    ".txt": "text",
    ".text": "text",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".tsv": "tsv",
    ".warc": "warc",
    ".rss": "feed",
    ".atom": "feed",
}

# Extensions whose content decides the format: XML may be a feed or an XHTML page.
SNIFFED_EXTENSIONS = frozenset({".xml"})

_LEADING_XML = r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<!doctype[^>]*>\s*|<\?[^>]*>\s*)*"
_FEED_START = re.compile(_LEADING_XML + r"<(?:rss|feed|rdf:rdf)\b", re.IGNORECASE | re.DOTALL)
_HTML_START = re.compile(_LEADING_XML + r"<(?:html|head|body)\b", re.IGNORECASE | re.DOTALL)
_HTML_DOCTYPE = re.compile(r"\s*(?:<!--.*?-->\s*)*<!doctype\s+html", re.IGNORECASE | re.DOTALL)
_XML_START = re.compile(r"\s*<\?xml\b", re.IGNORECASE)

# Tags that mark a string as HTML rather than plain text with a stray "<".
_MARKUP = re.compile(
    r"</?(?:p|div|br|span|a|img|h[1-6]|ul|ol|li|em|strong|b|i|u|blockquote|figure|figcaption"
    r"|table|tr|td|article|section|header|footer|html|body|head|title|meta|script|style)\b[^>]*>",
    re.IGNORECASE,
)

Sniffed = Literal["text", "html", "jsonl", "warc", "feed", "xml", "json", "binary"]


def split_extension(name: str) -> tuple[str, bool]:
    """The lower-case extension that decides the format, and whether the file is gzipped
    (``story.HTML.gz`` -> ``(".html", True)``)."""
    lower = name.lower()
    compressed = lower.endswith(".gz")
    if compressed:
        lower = lower[: -len(".gz")]
    dot = lower.rfind(".")
    return (lower[dot:] if dot > 0 else "", compressed)


def looks_like_markup(text: str) -> bool:
    """Whether ``text`` holds HTML tags (feed content, a record's text field)."""
    return _MARKUP.search(text) is not None


def sniff(head: bytes) -> Sniffed:
    """What the first bytes of a (decompressed) file look like."""
    if head.startswith(b"WARC/"):
        return "warc"
    if is_binary(head):
        return "binary"
    mark = byte_order_mark(head)
    start = head[len(mark[0]) :] if mark else head
    encoding = mark[1] if mark else "latin-1"
    text = start.decode(encoding, errors="ignore")
    if _FEED_START.match(text):
        return "feed"
    if _HTML_DOCTYPE.match(text) or _HTML_START.match(text):
        return "html"
    if _XML_START.match(text):
        return "xml"
    stripped = text.lstrip()
    if stripped.startswith("{"):
        first_line, newline, _ = stripped.partition("\n")
        # A first line cut off by the end of the head cannot be checked; trust its brace.
        return "jsonl" if not newline or _is_json_object(first_line) else "json"
    if stripped.startswith("["):
        return "json"
    return "text"


def _is_json_object(line: str) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except json.JSONDecodeError:
        return False
