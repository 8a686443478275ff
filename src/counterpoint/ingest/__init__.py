"""Ingest: every input format (page dumps, HTML, JSON Lines, CSV/TSV, WARC, RSS/Atom, gzipped
or not) to :class:`~counterpoint.model.RawDocument`, streamed, with a
:class:`~counterpoint.model.Problem` for each bad input. The limits on one document are
listed in :mod:`counterpoint.ingest.common`."""

from counterpoint.ingest.common import DEFAULT_MAX_DOCUMENT_BYTES, MAX_HEADER_LINE_BYTES
from counterpoint.ingest.read import read_file, read_paths

__all__ = ["DEFAULT_MAX_DOCUMENT_BYTES", "MAX_HEADER_LINE_BYTES", "read_file", "read_paths"]
