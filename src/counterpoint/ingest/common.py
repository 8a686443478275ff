"""Small pieces every reader shares: the stage name, hashing, limits, problems.

Limits on one document (bounded work on hostile input)
-------------------------------------------------------
Every input is read with a per-document memory bound, so one hostile file costs one
:class:`~counterpoint.model.Problem` and the batch goes on:

- ``max_document_bytes`` (default :data:`DEFAULT_MAX_DOCUMENT_BYTES`, 64 MB): the most bytes
  read into memory for one document, counted after decompression. A file larger than that is
  a problem ("larger than the 64 MB limit for one document"); a gzip that inflates past it is
  a problem as soon as it does ("decompresses to over 64 MB, the limit for one document"),
  so a gzip bomb costs at most that much memory and the time to inflate it. Inside a
  container (JSON Lines, CSV, WARC) the limit applies to each record. Change it with
  ``read_paths(paths, max_document_bytes=...)``.
- :data:`MAX_HEADER_LINE_BYTES` (1 MB): the longest header line read from a WARC archive
  (WARC and HTTP headers); a longer line ends the archive with a problem.
- Extraction then works on at most ``counterpoint.extract.html.MAX_HTML_CHARS`` characters of
  a page's markup and flattens markup nested deeper than
  ``counterpoint.extract.html.MAX_NESTING`` levels (see :mod:`counterpoint.extract.html`).
- Symbolic links found in a folder or by a glob pattern are followed only to files inside
  that folder (or the pattern's fixed leading folders); a link that leads outside, a link
  loop and a link to nothing are problems. A path named on its own is read even through a
  link: the user chose it.
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
