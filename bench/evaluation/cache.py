"""The benches' databases under ``bench/results/cache``: kept so that a rerun does not
annotate again, with what links articles forgotten before each run."""

from __future__ import annotations

from pathlib import Path

from counterpoint.store import Store


def fresh_links(db: Path) -> str:
    """``db`` as a database URL, with its stored stories, duplicates, claims, conflicts and
    timeline emptied: relinking keeps the ids (and so the clustering) of stories it finds
    stored, which would carry an earlier code's stories into this run's figures."""
    if db.exists():
        store = Store(str(db))
        try:
            store.save_links([], [], [], [])
        finally:
            store.close()
    return str(db)
