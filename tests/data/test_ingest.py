"""Ingest on the shared pages: every seed and benchmark page reads, with gold offsets intact."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from counterpoint.ingest import read_paths
from evaluation.seeds import seeds, shared_dir

from ..unit.test_ingest import documents, problems

# --- real data ----------------------------------------------------------------------------


def test_shared_pages_read_cleanly_with_gold_offsets_intact() -> None:
    """The seed dumps and the 181 benchmark pages (HTML and text dumps, gzipped) all read;
    a seed's content is its file decoded as UTF-8, so gold offsets index into it unchanged."""
    shared = shared_dir()
    if not (shared / "data" / "seeds").is_dir():
        pytest.skip(f"shared data not found at {shared}")
    folders = [shared / "data" / "seeds", shared / "bench" / "aeb" / "html"]
    items = list(read_paths([*folders, shared / "bench" / "aeb" / "dumps" / "*.txt.gz"]))
    docs = documents(items)
    encodings = Counter((d.media_type, d.encoding) for d in docs)
    print(f"shared data: {len(docs)} documents, {len(problems(items))} problems, {encodings}")
    assert problems(items) == []
    assert Counter(d.media_type for d in docs) == {"text/html": 181, "text/plain": 5 + 181}
    assert len({d.id for d in docs}) == len(docs)
    by_source = {Path(d.source).name: d for d in docs}
    for seed in seeds():
        assert by_source[seed.path.name].content == seed.raw
