"""The alias tables (``data/aliases.tsv``, ``data/aliases_world.tsv`` with the same actors'
names in other languages and scripts, plus user tables): known names of world actors."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from counterpoint import lexicon

# Extra alias tables of the same shape (Settings.aliases), read after the packaged ones in this
# process; their rows win.
_user_tables: tuple[str, ...] = ()

_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
PACKAGED_TABLES = ("aliases.tsv", "aliases_world.tsv")
# Scripts written without spaces between words, where a name needs no word boundary; Korean
# spaces its words but glues particles on after them ("미국은").
_UNSPACED = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\u0e00-\u0e7f]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")


@dataclass(frozen=True, slots=True)
class Alias:
    canonical: str
    label: str
    # Only when the mention acts (a capital standing for its government), not as a place.
    actor_only: bool = False


def alias_key(name: str) -> str:
    """The form names are compared in: no dots, no leading "the", straight apostrophes,
    hyphens as spaces, single spaces, case-folded ("the U.S." == "US", "Ben-Gvir" == "Ben Gvir")."""
    name = name.replace("’", "'").replace(".", "").replace("-", " ")
    name = _LEADING_THE.sub("", name.strip())
    return " ".join(name.split()).casefold()


def read_table(text: str) -> list[tuple[str, Alias]]:
    """The ``(alias, Alias)`` rows of one table (``#`` comments and the header skipped)."""
    lines = (line for line in text.splitlines() if line.strip() and not line.startswith("#"))
    rows: list[tuple[str, Alias]] = []
    for row in csv.reader(lines, delimiter="\t"):
        alias, canonical, label, *rest = (cell.strip() for cell in row)
        if alias == "alias":
            continue
        use = rest[0] if rest else ""
        rows.append((alias, Alias(canonical, label, actor_only=use == "actor")))
    return rows


@cache
def _rows() -> tuple[tuple[str, Alias], ...]:
    """The packaged tables' rows, then those of the user's tables (:func:`use_user_tables`)."""
    texts = [lexicon.text(name) for name in PACKAGED_TABLES]
    for path in _user_tables:
        texts.append(Path(path).read_text(encoding="utf-8"))
    return tuple(row for text in texts for row in read_table(text))


@cache
def aliases() -> dict[str, Alias]:
    """Every known alias by :func:`alias_key`; a later table's row wins."""
    return {alias_key(alias): entry for alias, entry in _rows()}


@cache
def alias_surfaces() -> tuple[str, ...]:
    """Every alias as written in the tables, longest first (for scanning text)."""
    return tuple(sorted({alias for alias, _ in _rows()}, key=len, reverse=True))


@cache
def alias_pattern() -> re.Pattern[str]:
    """A regex finding any alias as written, as a whole word (a possessive may follow) where
    its script separates words."""
    spaced, particled, unspaced = [], [], []
    for surface in alias_surfaces():
        if _UNSPACED.match(surface[0]) or _UNSPACED.match(surface[-1]):
            unspaced.append(re.escape(surface))
        elif _HANGUL.match(surface[-1]):
            particled.append(re.escape(surface))
        else:
            spaced.append(re.escape(surface))
    # Not inside a word, nor after an apostrophe unless it elides an article ("dell'Italia").
    before = r"(?<![\w.-])(?<!(?<![a-zà-ÿ])['’])"
    alternatives = [rf"{before}(?:{'|'.join(spaced)})(?![\w-])"]
    if particled:
        alternatives.append(rf"{before}(?:{'|'.join(particled)})")
    if unspaced:
        alternatives.append(f"(?:{'|'.join(unspaced)})")
    return re.compile("|".join(alternatives))


def use_user_tables(paths: tuple[str, ...]) -> None:
    """Read the alias tables at ``paths`` after the packaged ones from now on."""
    global _user_tables
    if paths != _user_tables:
        _user_tables = paths
        reload()


def reload() -> None:
    """Read the tables again (after editing them)."""
    for cached in (_rows, aliases, alias_surfaces, alias_pattern):
        cached.cache_clear()
