"""Small pieces every reader shares: the stage name, hashing, limits, problems.

Limits on one document
----------------------
Hostile input costs bounded memory and time, and ends as a named
:class:`~counterpoint.model.Problem` (stage ``ingest``, kind ``input``) while the batch goes
on:

- ``max_document_bytes``, default :data:`DEFAULT_MAX_DOCUMENT_BYTES` (64 MB): the most bytes
  of one document held in memory, counted after decompression; in a JSON Lines, CSV or WARC
  file it applies to each record. A larger file is "larger than the 64 MB limit for one
  document"; a gzip stops inflating at the limit, "decompresses to over 64 MB, the limit for
  one document", so a 1 GiB gzip bomb costs 64 MB and a fraction of a second. Set it with
  ``read_paths(paths, max_document_bytes=...)``.
- :data:`MAX_HEADER_LINE_BYTES` (1 MB): the longest WARC or HTTP header line read from a WARC
  archive; a longer one stops the archive with "damaged WARC archive (a header line longer
  than 1 MB)". A record the archive ends inside is "record cut short", not half a page.
- The charset guesser reads the first 1 MB of a document that is neither UTF-8 nor declared
  (:data:`counterpoint.ingest.decode.GUESS_BYTES`).
- HTML: scripts and styles are dropped and the rest cut at ``max_html_chars`` of
  :class:`counterpoint.extract.options.ExtractOptions` (2 million characters, about 10 s of
  extraction; real pages are under 0.3 MB); markup nested deeper than libxml2's 256 levels
  is parsed again with elements below its ``max_nesting`` (100) unwrapped, so its text is
  kept.
- Links: in a folder, or among a glob pattern's matches, a symbolic link is followed only to
  a file inside that folder (for a pattern, its fixed leading folders); a link leading
  outside ("link to /etc/passwd, outside DIR: not read"), a link loop ("symbolic link
  loop") and a link to nothing are problems. Folder links are never followed. A path named
  on its own is read even through a link: the user chose it. A path that does not exist is
  "no such file or directory".
- File names are kept as they are (spaces, control characters, escape codes); bytes that
  are not UTF-8 are shown as ``\\xNN`` (see :func:`display_path`).
"""

from __future__ import annotations

import hashlib
import os
import re
from typing import Literal

from counterpoint.model import Problem

STAGE = "ingest"

MediaType = Literal["text/html", "text/plain"]

DEFAULT_MAX_DOCUMENT_BYTES = 64_000_000
MAX_HEADER_LINE_BYTES = 1_000_000

_SURROGATE = re.compile("[\ud800-\udfff]")


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def problem(source: str, message: str, record_key: str = "") -> Problem:
    """A bad input: stage ``ingest``, kind ``input``."""
    return Problem(source=source, stage=STAGE, message=message, record_key=record_key, kind="input")


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.3g} MB"


def display_path(path: str | os.PathLike[str]) -> str:
    """``path`` as text that can be stored and printed: a file name that is not valid UTF-8
    reaches Python with lone surrogates (which no UTF-8 encoder accepts); its bytes are
    written as ``\\xNN`` escapes instead. Every other character, control characters
    included, is kept as it is; escaping for a terminal is the printer's job."""
    text = os.fspath(path)
    if not _SURROGATE.search(text):
        return text
    return _SURROGATE.sub(_escape_surrogate, text)


def _escape_surrogate(match: re.Match[str]) -> str:
    code = ord(match.group())
    # os.fsdecode maps an undecodable byte 0xNN to U+DCNN (the surrogateescape handler).
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"
