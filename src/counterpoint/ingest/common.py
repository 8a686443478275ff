"""Small pieces every reader shares: the stage name, hashing, limits."""

from __future__ import annotations

import hashlib
from typing import Literal

from counterpoint.model import Problem

STAGE = "ingest"

MediaType = Literal["text/html", "text/plain"]

# Largest single document (and largest record inside a container) read into memory.
DEFAULT_MAX_DOCUMENT_BYTES = 50_000_000


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def problem(source: str, message: str, record_key: str = "") -> Problem:
    return Problem(source=source, stage=STAGE, message=message, record_key=record_key)


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.3g} MB"
