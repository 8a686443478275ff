"""Counterpoint: read the news the way a careful analyst does.

Python API::

    import counterpoint
    corpus = counterpoint.analyze(["articles/"])          # -> Corpus
    article = counterpoint.annotate(text, published="2024-12-12")  # -> Article
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path

from counterpoint.model import Article, Corpus

__all__ = ["Article", "Corpus", "analyze", "annotate"]

# Importing a subpackage sets it as an attribute of its parent, which would hide the function
# ``annotate`` below behind the layer ``counterpoint.annotate``; loading the layer first and
# defining the function after it keeps ``counterpoint.annotate(text)`` callable.
importlib.import_module("counterpoint.annotate")

_BLANK_LINES = re.compile(r"\n[ \t\r\f\v]*\n")


def analyze(paths: Iterable[str | Path], db: str = ":memory:", workers: int = 1) -> Corpus:
    """Analyse files, folders or glob patterns; ``db`` keeps the results (SQLite path or URL)."""
    from counterpoint.run.pipeline import analyze as run_analyze

    return run_analyze([paths] if isinstance(paths, str | Path) else paths, db=db, workers=workers)


def annotate(
    text: str,
    published: datetime | str | None = None,
    language: str | None = None,
) -> Article:
    """Annotate one already-clean text (paragraphs separated by blank lines)."""
    from counterpoint.annotate import annotate_batch
    from counterpoint.extract.assemble import Block, assemble
    from counterpoint.model import stable_id

    blocks = [Block(part, "paragraph") for part in _BLANK_LINES.split(text)]
    clean, paragraphs = assemble(blocks)
    if isinstance(published, str):
        published = datetime.fromisoformat(published)
    article = Article(
        id=stable_id("text", clean),
        source="<text>",
        text=clean,
        paragraphs=paragraphs,
        published=published,
        language=language,
    )
    return annotate_batch([article])[0]
