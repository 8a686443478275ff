"""Bytes to text: byte-order marks, strict UTF-8, the declared charset, then a guess.

The text returned here is what every offset downstream points into: the decoded characters
with CRLF (and lone CR) newlines turned into LF, and nothing else changed. There is no Unicode
normalisation here; extract applies NFC when it builds the article text.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from typing import NamedTuple

import charset_normalizer
from charset_normalizer.md import mess_ratio

# UTF-32 first: its little-endian mark starts with the UTF-16 one.
BYTE_ORDER_MARKS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Formats that are never text, by their first bytes.
BINARY_SIGNATURES = (
    b"\x89PNG",
    b"\xff\xd8\xff",  # JPEG
    b"GIF87a",
    b"GIF89a",
    b"%PDF-",
    b"PK\x03\x04",  # zip, docx, epub
    b"\x1f\x8b",  # gzip
    b"\x7fELF",
    b"\xd0\xcf\x11\xe0",  # legacy Office
    b"7z\xbc\xaf",
    b"\xfd7zXZ",
)

# Control characters that do not occur in text (tab, newlines, form feed and escape do).
_CONTROL_BYTES = bytes(sorted(set(range(32)) - set(b"\t\n\v\f\r\x1b") | {0x7F}))

# How much of the start of a document the sniffing and charset checks look at.
SNIFF_BYTES = 8192
# How much of a document the charset guesser reads.
GUESS_BYTES = 1_000_000
# How far into a document a charset may be declared (<meta charset>, XML declaration).
DECLARATION_BYTES = 4096

_DECLARED_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)

# Labels that browsers read as windows-1252, a superset that decodes what they mean.
_WINDOWS_1252_LABELS = frozenset({"iso8859-1", "latin-1", "ascii", "cp1252"})

# How much worse than the best guess windows-1252 may look and still be preferred: short
# Western texts decode identically in several code pages and the guesser picks arbitrarily.
_WESTERN_TOLERANCE = 0.02

# UTF-16 without a byte-order mark: the NUL bytes (high bytes of ASCII characters: spaces,
# newlines, digits) must sit in one byte position at least twice as often as in the other (a
# Chinese character's low byte is NUL now and then), be at least this share of the characters
# (a stray NUL in a plain-text file is not UTF-16), and the decoded start must be this much
# text (see _looks_like_text).
_WIDE_NUL_RATIO = 2
_WIDE_MIN_NUL_SHARE = 1 / 256
_WIDE_TEXT_SHARE = 0.95
# Unicode categories that are not text: unassigned, private use, surrogates, controls.
_NOT_TEXT_CATEGORIES = frozenset({"Cn", "Co", "Cs", "Cc"})
_TEXT_CONTROLS = frozenset("\t\n\r\f")


class NotText(ValueError):
    """The bytes are binary content (an image, an archive...), not text."""


class Decoded(NamedTuple):
    text: str
    encoding: str


def to_lf(text: str) -> str:
    """CRLF and lone CR newlines as LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def byte_order_mark(data: bytes) -> tuple[bytes, str] | None:
    """The byte-order mark ``data`` starts with and its encoding, if any."""
    for mark, encoding in BYTE_ORDER_MARKS:
        if data.startswith(mark):
            return mark, encoding
    return None


def is_binary(data: bytes) -> bool:
    """Whether the start of ``data`` looks like binary content rather than text.

    Text in UTF-16/32 without a byte-order mark has NUL bytes too; it is not binary when its
    NULs fall on every other byte (see :func:`_utf16_without_mark`).
    """
    head = data[:SNIFF_BYTES]
    if head.startswith(BINARY_SIGNATURES):
        return True
    if byte_order_mark(head) or _utf16_without_mark(head):
        return False
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls > 0.1 * max(len(head), 1)


def decode_bytes(data: bytes, declared: str | None = None) -> Decoded:
    """Decode ``data`` as text, newlines as LF.

    Tries, in order: a byte-order mark; UTF-16 without one (NULs in every other byte); strict
    UTF-8; UTF-8 with a few damaged bytes (replaced by U+FFFD) when most of the non-ASCII
    sequences are valid UTF-8, which no other encoding produces by chance; the charset
    ``declared`` by a container (an HTTP header) or by the document itself (``<meta charset>``,
    XML declaration); a guess by charset-normalizer, preferring windows-1252 when it reads as
    well, since short Western texts fit several code pages equally; windows-1252 with
    replacement characters last.
    Raises :class:`NotText` for binary content.
    """
    mark = byte_order_mark(data)
    if mark is not None:
        bom, encoding = mark
        return Decoded(to_lf(data[len(bom) :].decode(encoding, errors="replace")), encoding)
    if is_binary(data):
        raise NotText("binary content, not text")
    wide = _utf16_without_mark(data[:SNIFF_BYTES])
    if wide is not None:
        return Decoded(to_lf(data.decode(wide, errors="replace")), wide)
    try:
        return Decoded(to_lf(data.decode("utf-8")), "utf-8")
    except UnicodeDecodeError:
        pass
    damaged = _damaged_utf8(data)
    if damaged is not None:
        return Decoded(to_lf(damaged), "utf-8")
    for label in (declared, declared_charset(data)):
        codec = _codec_name(label)
        if codec is None:
            continue
        try:
            return Decoded(to_lf(data.decode(codec)), codec)
        except UnicodeDecodeError:
            continue
    return _guess(data)


def declared_charset(data: bytes) -> str | None:
    """The charset a document declares near its start: HTML ``<meta>`` or XML declaration."""
    match = _DECLARED_CHARSET.search(data[:DECLARATION_BYTES])
    if match is None:
        return None
    return (match.group(1) or match.group(2)).decode("ascii")


def _codec_name(label: str | None) -> str | None:
    """Python's codec for a charset label; None when unknown or already tried (UTF-8)."""
    if not label:
        return None
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except LookupError:
        return None
    if name in _WINDOWS_1252_LABELS:
        return "cp1252"
    if name.startswith(("utf-8", "utf-16", "utf-32")):
        # UTF-8 already failed; a UTF-16/32 label without a byte-order mark is a mislabel.
        return None
    return name


def _guess(data: bytes) -> Decoded:
    # The guesser decodes its whole input with every candidate (10 s on 20 MB); the start of
    # a document, cut at a line end (never inside a multi-byte character), tells as well.
    sample = data
    if len(data) > GUESS_BYTES:
        line_end = data.rfind(b"\n", 0, GUESS_BYTES)
        sample = data[: line_end + 1 if line_end > 0 else GUESS_BYTES]
    best = charset_normalizer.from_bytes(sample).best()
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        western = None
    if western is not None and (
        best is None
        or mess_ratio(western[: 16 * SNIFF_BYTES], 1.0) <= best.chaos + _WESTERN_TOLERANCE
    ):
        return Decoded(to_lf(western), "cp1252")
    if best is not None:
        encoding = codecs.lookup(best.encoding).name
        return Decoded(to_lf(data.decode(encoding, errors="replace")), encoding)
    return Decoded(to_lf(data.decode("cp1252", errors="replace")), "cp1252")


def _damaged_utf8(data: bytes) -> str | None:
    """``data`` as UTF-8 with its invalid bytes replaced, if at least as many of its non-ASCII
    characters are valid UTF-8 sequences as are invalid bytes; None otherwise (text in a
    single-byte code page has accented letters that are almost never valid UTF-8)."""
    text = data.decode("utf-8", errors="replace")
    replaced = text.count("\ufffd") - data.count("\ufffd".encode())
    non_ascii = len(text) - len(text.encode("ascii", errors="ignore"))
    valid = non_ascii - replaced
    return text if 0 < replaced <= valid else None


def _utf16_without_mark(head: bytes) -> str | None:
    """UTF-16 without a byte-order mark, from where its NUL bytes fall: ASCII characters
    (spaces, newlines, digits, Latin letters) have a NUL high byte, so NULs gather in the odd
    bytes (little-endian) or the even ones (big-endian), and the start decodes as text.
    Text in any script has some, even Chinese (newlines, digits)."""
    if b"\x00" not in head or len(head) < 16:
        return None
    head = head[: len(head) // 2 * 2]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    least = max(2, _WIDE_MIN_NUL_SHARE * len(head) / 2)
    for encoding, high, low in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if high >= least and high >= _WIDE_NUL_RATIO * low and _looks_like_text(head, encoding):
            return encoding
    return None


def _looks_like_text(head: bytes, encoding: str) -> bool:
    """Whether nearly all of ``head`` decodes to assigned, printable characters (binary data
    with NULs gives controls, unassigned code points and broken surrogates)."""
    text = head.decode(encoding, errors="replace")
    if encoding.startswith("utf-16") and text.endswith("\ufffd"):
        text = text[:-1]  # a surrogate pair cut by the end of the head
    if not text:
        return False
    bad = sum(
        1
        for char in text
        if char == "\ufffd"
        or (unicodedata.category(char) in _NOT_TEXT_CATEGORIES and char not in _TEXT_CONTROLS)
    )
    return bad <= (1 - _WIDE_TEXT_SHARE) * len(text)
