"""WARC archives (plain or gzipped), streamed record by record with warcio.

Each ``response`` (HTTP 2xx) or ``resource`` record whose payload is HTML or plain text
becomes a document; requests, metadata, revisits and other media are skipped without a word,
since a crawl holds many of them. ``WARC-Date`` is when the page was crawled, not published,
so only the target URI goes into ``given``.

warcio reads header lines whole, so a damaged or hostile archive (a gzip bomb of zeros) would
make it read gigabytes into one line: header lines are capped at
:data:`~counterpoint.ingest.common.MAX_HEADER_LINE_BYTES`, and payloads at the per-document
limit, so memory stays bounded whatever the archive holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from email.message import Message
from typing import IO

from warcio.archiveiterator import ArchiveIterator
from warcio.bufferedreaders import ChunkedDataException, DecompressingBufferedReader
from warcio.exceptions import ArchiveLoadFailed
from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeadersParserException

from counterpoint.ingest.common import MAX_HEADER_LINE_BYTES, content_hash, megabytes, problem
from counterpoint.ingest.decode import NotText, decode_bytes
from counterpoint.ingest.sniff import sniff
from counterpoint.model import Problem, RawDocument

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
TEXT_TYPES = frozenset({"text/plain"})
DOCUMENT_RECORDS = frozenset({"response", "resource"})
# What reading a damaged archive or record raises: warcio's own errors, our header line cap
# (a ValueError), and the Python errors of warcio's unchecked parsing of headers and lengths.
DAMAGED_WARC_ERRORS = (
    ArchiveLoadFailed,
    StatusAndHeadersParserException,
    ChunkedDataException,
    EOFError,
    ValueError,
    AttributeError,
    TypeError,
    IndexError,
    KeyError,
)


class HeaderLineTooLong(ValueError):
    def __init__(self, limit: int) -> None:
        super().__init__(f"a header line longer than {megabytes(limit)}")


class _BoundedLineReader(DecompressingBufferedReader):
    """warcio's reader with header lines capped (warcio reads them with no length)."""

    def __init__(self, stream: IO[bytes], max_line_bytes: int) -> None:
        super().__init__(stream)
        self.max_line_bytes = max_line_bytes

    def readline(self, length: int | None = None) -> bytes:
        if length is not None and length <= self.max_line_bytes:
            return bytes(super().readline(length))
        line = bytes(super().readline(self.max_line_bytes))
        if len(line) >= self.max_line_bytes and not line.endswith(b"\n"):
            raise HeaderLineTooLong(self.max_line_bytes)
        return line


class _BoundedArchiveIterator(ArchiveIterator):
    # warcio writes a warning quoting a whole misplaced line (up to the line limit) straight
    # to the terminal; a record it belongs to is damaged and reported as such instead.
    INC_RECORD = ""

    def __init__(self, stream: IO[bytes], max_line_bytes: int) -> None:
        super().__init__(stream)
        # Records are read lazily, so the reader can still be swapped before the first one.
        self.reader = _BoundedLineReader(self.fh, max_line_bytes)
        self.ends_inside_member = False

    def is_compressed(self) -> bool:
        return self.reader is not None and self.reader.decompressor is not None

    def close(self) -> None:
        # warcio stops without a word when a gzipped archive ends inside a record's member.
        decompressor = self.reader.decompressor if self.reader is not None else None
        self.ends_inside_member = decompressor is not None and not decompressor.eof
        super().close()


def read_warc(
    stream: IO[bytes],
    source: str,
    max_record_bytes: int,
    max_line_bytes: int = MAX_HEADER_LINE_BYTES,
) -> Iterator[RawDocument | Problem]:
    """One document per HTML or text payload; ``record_key`` is the ``WARC-Record-ID``.

    A record is yielded once warcio has read past it, which tells whether the archive ended
    inside it (warcio then returns a short payload without a word): such a record is a
    problem, not a document made of half a page.
    """
    archive = _BoundedArchiveIterator(stream, max_line_bytes)
    records = iter(archive)
    pending: tuple[ArcWarcRecord, RawDocument | Problem | None] | None = None
    while True:
        try:
            record = next(records, None)
        except DAMAGED_WARC_ERRORS as error:
            if pending is not None and (checked := _checked(*pending, source)) is not None:
                yield checked
            yield problem(source, f"damaged WARC archive ({_describe(error)}); stopped here")
            return
        cut_short = False
        if pending is not None and (checked := _checked(*pending, source)) is not None:
            cut_short = checked is not pending[1]
            yield checked
        pending = None
        if record is None:
            if archive.ends_inside_member and not cut_short:
                message = (
                    "damaged WARC archive (it ends inside a gzip member: a record may be lost)"
                )
                yield problem(source, message)
            return
        if record.rec_type in DOCUMENT_RECORDS:
            pending = (record, _document(record, source, max_record_bytes, archive.is_compressed()))


def _checked(
    record: ArcWarcRecord, document: RawDocument | Problem | None, source: str
) -> RawDocument | Problem | None:
    """``document``, or a problem if the archive ended before the record did."""
    missing = getattr(record.raw_stream, "limit", 0)
    if not missing:
        return document
    key = record.rec_headers.get_header("WARC-Record-ID") or ""
    unit = "byte" if missing == 1 else "bytes"
    return problem(source, f"record cut short: the archive ends {missing} {unit} before it", key)


def _document(
    record: ArcWarcRecord, source: str, limit: int, compressed: bool
) -> RawDocument | Problem | None:
    headers = record.rec_headers
    key = headers.get_header("WARC-Record-ID") or ""
    if record.rec_type == "response":
        if record.http_headers is None:  # e.g. a dns: record
            return None
        status = record.http_headers.get_statuscode()
        if not (status and status.startswith("2")):
            return None
        content_type = record.http_headers.get_header("Content-Type") or ""
    else:
        content_type = headers.get_header("Content-Type") or ""
    mime, charset = _parse_content_type(content_type)
    if mime and mime not in HTML_TYPES | TEXT_TYPES:
        return None
    try:
        payload = record.content_stream().read(limit + 1)
    except DAMAGED_WARC_ERRORS as error:  # a damaged chunked or compressed HTTP body
        return problem(source, f"unreadable payload ({_describe(error)})", key)
    if len(payload) > limit:
        encoded = record.http_headers is not None and record.http_headers.get_header(
            "Content-Encoding"
        )
        if compressed or encoded:
            size = f"decompresses to over {megabytes(limit)}, the limit for one document"
        else:
            size = f"is larger than the {megabytes(limit)} limit for one document"
        return problem(source, f"payload {size}", key)
    if not payload.strip():
        return problem(source, "empty payload", key)
    if not mime:
        sniffed = sniff(payload)
        if sniffed not in ("html", "text"):
            return None
        mime = "text/html" if sniffed == "html" else "text/plain"
    try:
        text, encoding = decode_bytes(payload, declared=charset)
    except NotText as error:
        return problem(source, str(error), key)
    url = headers.get_header("WARC-Target-URI")
    return RawDocument(
        source=source,
        record_key=key,
        content=text,
        media_type="text/html" if mime in HTML_TYPES else "text/plain",
        content_hash=content_hash(payload),
        given={"url": url} if url else {},
        encoding=encoding,
    )


def _parse_content_type(value: str) -> tuple[str, str | None]:
    """``("text/html", "utf-8")`` from ``text/html; charset=UTF-8``."""
    message = Message()
    message["Content-Type"] = value
    mime = message.get_content_type() if value.strip() else ""
    charset = message.get_param("charset")
    return mime, charset if isinstance(charset, str) else None


def _describe(error: Exception, limit: int = 160) -> str:
    """The error in one short line (warcio quotes the offending bytes, which may be long)."""
    if isinstance(error, (AttributeError, TypeError, IndexError, KeyError)):
        return f"unreadable record: {type(error).__name__}"  # warcio tripped over bad input
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= limit else text[:limit] + "…"
