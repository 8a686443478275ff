"""Files, folders and glob patterns to a stream of RawDocuments, with a Problem for each bad
input instead of an exception, so one broken file never stops a batch."""

from __future__ import annotations

import errno
import fnmatch
import gzip
import os
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from counterpoint.ingest.common import (
    DEFAULT_MAX_DOCUMENT_BYTES,
    MediaType,
    content_hash,
    display_path,
    megabytes,
    problem,
)
from counterpoint.ingest.decode import SNIFF_BYTES, NotText, decode_bytes
from counterpoint.ingest.feeds import read_feed
from counterpoint.ingest.records import read_csv, read_jsonl
from counterpoint.ingest.sniff import (
    EXTENSION_FORMATS,
    SNIFFED_EXTENSIONS,
    Format,
    sniff,
    split_extension,
)
from counterpoint.ingest.warc import read_warc
from counterpoint.model import Problem, RawDocument

_GLOB_CHARACTERS = frozenset("*?[")
_INFLATE_BYTES = 1 << 20

# Sniffed content that a reader takes, for files whose extension does not say.
_SNIFFED_FORMATS: dict[str, Format] = {
    "html": "html",
    "feed": "feed",
    "warc": "warc",
    "jsonl": "jsonl",
    "text": "text",
}
_UNSUPPORTED_CONTENT = {
    "binary": "binary content, not text",
    "xml": "XML that is not an RSS or Atom feed",
    "json": "JSON that is not one object per line (JSON Lines)",
}


class _TooLarge(Exception):
    def __init__(self, size: int | None) -> None:
        super().__init__(size)
        self.size = size


def read_paths(
    paths: Iterable[str | Path], *, max_document_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES
) -> Iterator[RawDocument | Problem]:
    """Every document in ``paths`` (files, folders searched recursively, glob patterns), in a
    deterministic order, each file read once. Reads lazily: containers (JSONL, CSV, WARC) are
    streamed record by record, so memory stays bounded by ``max_document_bytes``, the limit on
    one document or one record.

    ``content`` is the decoded text with newlines as LF; offsets downstream index into it.
    ``content_hash`` is the SHA-256 of the document's bytes (decompressed when gzipped; a
    record's own bytes inside a container), so the same input always gets the same id.
    """
    seen: set[Path] = set()
    for item in paths:
        for found in _expand(item):
            if isinstance(found, Problem):
                yield found
                continue
            identity = found.resolve()
            if identity in seen:
                continue
            seen.add(identity)
            yield from read_file(found, max_document_bytes)


def read_file(
    path: Path, max_document_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES
) -> Iterator[RawDocument | Problem]:
    """The documents of one file, or the Problem that stopped it."""
    source = display_path(path)
    try:
        yield from _read(path, source, max_document_bytes)
    except (gzip.BadGzipFile, zlib.error, EOFError) as error:
        yield problem(source, f"damaged gzip data ({error})")
    except OSError as error:
        yield problem(source, f"cannot read the file ({error.strerror or error})")


def _read(path: Path, source: str, limit: int) -> Iterator[RawDocument | Problem]:
    extension, compressed = split_extension(path.name)
    if path.stat().st_size == 0:
        yield problem(source, "empty file")
        return
    file_format = EXTENSION_FORMATS.get(extension)
    if file_format is None:
        with _open(path, compressed) as stream:
            head = stream.read(SNIFF_BYTES)
        if not head.strip():
            yield problem(source, "empty file")
            return
        sniffed = sniff(head)
        if sniffed in _UNSUPPORTED_CONTENT or (
            extension in SNIFFED_EXTENSIONS and sniffed not in ("feed", "html")
        ):
            reason = _UNSUPPORTED_CONTENT.get(sniffed, "neither a feed nor a web page")
            shown = extension + (".gz" if compressed else "") or "no extension"
            yield problem(source, f"unsupported format ({shown}): {reason}")
            return
        file_format = _SNIFFED_FORMATS[sniffed]
    if file_format == "warc":
        # warcio reads gzipped archives (one gzip member per record) by itself.
        with path.open("rb") as stream:
            yield from read_warc(stream, source, limit)
    elif file_format == "jsonl":
        with _open(path, compressed) as stream:
            yield from read_jsonl(stream, source, limit)
    elif file_format in ("csv", "tsv"):
        with _open(path, compressed) as stream:
            yield from read_csv(stream, source, limit, "\t" if file_format == "tsv" else None)
    else:
        try:
            data = _read_whole(path, compressed, limit)
        except _TooLarge as error:
            yield problem(source, _too_large(error.size, limit))
            return
        if file_format == "feed":
            yield from read_feed(data, source)
        else:
            media_type: MediaType = "text/html" if file_format == "html" else "text/plain"
            yield _single_document(data, source, media_type)


def _single_document(data: bytes, source: str, media_type: MediaType) -> RawDocument | Problem:
    if not data.strip():
        return problem(source, "empty file")
    try:
        text, encoding = decode_bytes(data)
    except NotText as error:
        return problem(source, str(error))
    return RawDocument(
        source=source,
        record_key="",
        content=text,
        media_type=media_type,
        content_hash=content_hash(data),
        encoding=encoding,
    )


def _too_large(size: int | None, limit: int) -> str:
    if size is None:
        return f"decompresses to over {megabytes(limit)}, the limit for one document"
    return f"larger than the {megabytes(limit)} limit for one document ({megabytes(size)})"


def _open(path: Path, compressed: bool) -> IO[bytes]:
    if compressed:
        return gzip.GzipFile(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def _read_whole(path: Path, compressed: bool, limit: int) -> bytes:
    """The file's (decompressed) bytes; raises :class:`_TooLarge` past ``limit``."""
    if not compressed and path.stat().st_size > limit:
        raise _TooLarge(path.stat().st_size)
    with _open(path, compressed) as stream:
        if not compressed:
            data = stream.read(limit + 1)
            if len(data) > limit:
                raise _TooLarge(None)
            return data
        # Inflated piece by piece: from Python 3.12 on, GzipFile.read(n) holds about twice n
        # while it inflates, so a bomb would cost twice the limit instead of the limit.
        pieces = []
        size = 0
        while piece := stream.read(_INFLATE_BYTES):
            size += len(piece)
            if size > limit:
                raise _TooLarge(None)
            pieces.append(piece)
    return b"".join(pieces)


def _expand(item: str | Path) -> Iterator[Path | Problem]:
    """The files ``item`` names: itself, a folder's files, or a glob pattern's matches."""
    path = Path(item)
    if path.is_symlink():
        try:
            path.resolve(strict=True)
        except (OSError, RuntimeError) as error:
            yield _link_problem(path, error)
            return
    if path.is_dir():
        yield from _walk(path, path.resolve())
    elif path.is_file():
        yield path  # named on its own, so read even through a link: the user chose it
    elif path.exists():
        yield problem(display_path(item), "not a regular file")
    elif _GLOB_CHARACTERS & set(str(item)):
        yield from _glob(str(item))
    else:
        yield problem(display_path(item), "no such file or directory")


def _glob(pattern: str) -> Iterator[Path | Problem]:
    """The matches of a glob pattern (``**`` for any depth of folders), found by a walk that,
    unlike :func:`glob.glob`, never follows a folder link (a link loop would multiply the
    matches) and follows file links only inside the pattern's fixed leading folders."""
    parts = Path(pattern).parts
    fixed = next(i for i, part in enumerate(parts) if _GLOB_CHARACTERS & set(part))
    base = Path(*parts[:fixed]) if fixed else Path()
    if not base.is_dir():
        yield problem(display_path(pattern), "no files match this pattern")
        return
    matched = False
    for found in _glob_walk(base, _collapse_stars(parts[fixed:]), base.resolve()):
        matched = True
        yield found
    if not matched:
        yield problem(display_path(pattern), "no files match this pattern")


def _collapse_stars(parts: tuple[str, ...]) -> tuple[str, ...]:
    """``a/**/**/b`` means ``a/**/b``; walking both stars would visit folders again."""
    return tuple(
        part for i, part in enumerate(parts) if not (part == "**" and parts[i - 1 : i] == ("**",))
    )


def _glob_walk(folder: Path, parts: tuple[str, ...], root: Path) -> Iterator[Path | Problem]:
    """The matches of ``parts`` (pattern components) under ``folder``, in name order."""
    head, rest = parts[0], parts[1:]
    if head == "**" and not rest:
        yield from _walk(folder, root)
        return
    entries = _entries(folder)
    if isinstance(entries, Problem):
        yield entries
        return
    for entry in entries:
        if head != "**":
            yield from _glob_entry(entry, parts, root)
        elif not entry.name.startswith("."):
            yield from _glob_entry(entry, rest, root)  # the stars stand for no folder
            if entry.is_dir(follow_symlinks=False):
                yield from _glob_walk(Path(entry.path), parts, root)  # or one folder more


def _glob_entry(
    entry: os.DirEntry[str], parts: tuple[str, ...], root: Path
) -> Iterator[Path | Problem]:
    """``entry`` if it matches ``parts`` alone, or its matches if a folder matching the first."""
    head, rest = parts[0], parts[1:]
    if entry.name.startswith(".") and not head.startswith("."):
        return
    if not fnmatch.fnmatchcase(entry.name, head):
        return
    path = Path(entry.path)
    if rest:
        if entry.is_dir(follow_symlinks=False):
            yield from _glob_walk(path, rest, root)
    elif entry.is_symlink():
        yield from _followed_link(path, root, named=True)
    elif entry.is_dir(follow_symlinks=False):
        yield from _walk(path, root)
    elif entry.is_file(follow_symlinks=False):
        yield path


def _walk(folder: Path, root: Path) -> Iterator[Path | Problem]:
    """A folder's readable files, recursively in name order, skipping hidden files and folders
    and files whose extension names no input format (a README, images): a folder of articles
    often carries those, while a file named on its own is always read or reported.
    Links are followed only to files inside ``root`` (see :func:`_followed_link`)."""
    entries = _entries(folder)
    if isinstance(entries, Problem):
        yield entries
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        path = Path(entry.path)
        if entry.is_symlink():
            yield from _followed_link(path, root, named=False)
        elif entry.is_dir(follow_symlinks=False):
            yield from _walk(path, root)
        elif entry.is_file(follow_symlinks=False) and _is_input_extension(entry.name):
            yield path


def _entries(folder: Path) -> list[os.DirEntry[str]] | Problem:
    try:
        with os.scandir(folder) as entries:
            return sorted(entries, key=lambda entry: entry.name)
    except OSError as error:
        return problem(display_path(folder), f"cannot read the folder ({error.strerror or error})")


def _followed_link(link: Path, root: Path, *, named: bool) -> Iterator[Path | Problem]:
    """The file a link found in a walk leads to, if it stays inside ``root``. A folder link is
    never followed (its folder, when inside, is walked anyway); ``named`` is False in a
    folder walk, where links whose names carry no input extension are skipped like files."""
    if not named and not _is_input_extension(link.name):
        if link.is_dir() and not link.resolve().is_relative_to(root):
            yield problem(display_path(link), f"link to a folder outside {display_path(root)}")
        return
    try:
        target = link.resolve(strict=True)
    except (OSError, RuntimeError) as error:
        yield _link_problem(link, error)
        return
    if target.is_dir():
        if not target.is_relative_to(root):
            yield problem(display_path(link), f"link to a folder outside {display_path(root)}")
    elif not target.is_relative_to(root):
        yield problem(
            display_path(link),
            f"link to {display_path(target)}, outside {display_path(root)}: not read",
        )
    elif target.is_file():
        yield link


def _link_problem(link: Path, error: Exception) -> Problem:
    """Why a link cannot be followed: a loop, nothing at its end, or no permission."""
    # Python before 3.13 reports a loop as RuntimeError, later ones as ELOOP.
    if isinstance(error, RuntimeError) or getattr(error, "errno", None) == errno.ELOOP:
        return problem(display_path(link), "symbolic link loop")
    if isinstance(error, FileNotFoundError):
        return problem(display_path(link), "symbolic link to nothing (its target is missing)")
    reason = getattr(error, "strerror", None) or error
    return problem(display_path(link), f"cannot follow the link ({reason})")


def _is_input_extension(name: str) -> bool:
    extension, _compressed = split_extension(name)
    return extension in EXTENSION_FORMATS or extension in SNIFFED_EXTENSIONS
