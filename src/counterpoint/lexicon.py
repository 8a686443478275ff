"""The package's word data, read through one cached loader (spaCy's ``lang/<code>/`` habit).

Algorithms hold no phrases: word lists, cue phrases, month names and the like live in
``counterpoint/data``, one JSON file per language in ``data/languages/<code>.json`` (plus
``common.json`` for what no language owns) and a few shared tables beside them. Every layer
reads them from here, so each file is parsed once per process:

- :func:`language` - a language's whole file (empty for a language without one);
- :func:`words` - one word list of a language;
- :func:`word_set` - one list's words over every language;
- :func:`patterns` - one list of regex fragments (cue phrases with their inflections written
  as regex, "related(?: \\w+)?") over some or all languages, as one alternation;
- :func:`months`, :func:`month_names` - a language's month names (with their numbers);
- :func:`table` - a shared data file (``quantity_lexicon``, ``quote_cues``, ...);
- :func:`text` - a packaged data file's text (the alias tables, which are TSV).

The JSON files are cached here; :func:`text` is not, so an edited alias table can be read again.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

LANGUAGES_FOLDER = "languages"


def data_path(name: str) -> Traversable:
    """A file under ``counterpoint/data`` (``/`` separates folders)."""
    path = resources.files("counterpoint") / "data"
    for part in name.split("/"):
        path = path / part
    return path


def text(name: str) -> str:
    """The text of the packaged data file ``name`` (read afresh: callers cache what they
    build from it)."""
    return data_path(name).read_text(encoding="utf-8")


@cache
def table(name: str) -> Any:
    """The parsed JSON data file ``data/<name>.json``."""
    return json.loads(text(f"{name}.json"))


@cache
def language(code: str | None) -> dict[str, Any]:
    """The data of language ``code`` (``data/languages/<code>.json``); empty when there is
    none, so a language without a file gets no words rather than an error."""
    if not code or not code.isalpha():
        return {}
    path = data_path(f"{LANGUAGES_FOLDER}/{code}.json")
    if not path.is_file():
        return {}
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


@cache
def words(code: str | None, name: str) -> tuple[str, ...]:
    """Word list ``name`` of language ``code``, in file order (empty when it has none)."""
    return tuple(language(code).get(name, ()))


@cache
def patterns(name: str, codes: tuple[str, ...] | None = None) -> str:
    """The regex fragments of list ``name`` of the languages ``codes`` (every packaged language
    with that list when ``None``) as one alternation, without a group around it: longest first,
    so no fragment is cut short by a shorter one it starts with ("am" before "a"); a pattern
    that never matches when there are none."""
    codes = languages_with(name) if codes is None else codes
    fragments = {fragment for code in codes for fragment in words(code, name)}
    return "|".join(sorted(fragments, key=lambda fragment: (-len(fragment), fragment))) or "(?!)"


@cache
def word_set(name: str) -> frozenset[str]:
    """Every word of list ``name`` in any packaged language (and ``common.json``)."""
    return frozenset(word for code in languages_with(name) for word in words(code, name))


@cache
def months(code: str | None) -> tuple[tuple[str, ...], ...]:
    """The names of each month of language ``code``, January first, each month's full name
    before its abbreviations (list ``months``); empty for a language without it."""
    return tuple(tuple(names) for names in language(code).get("months", ()))


@cache
def month_names(code: str | None) -> dict[str, int]:
    """Each month name and abbreviation of language ``code`` with the month's number."""
    return {name: number for number, names in enumerate(months(code), 1) for name in names}


@cache
def languages_with(name: str) -> tuple[str, ...]:
    """The codes of the packaged language files (``common`` included) that have a list
    ``name``, sorted."""
    folder = data_path(LANGUAGES_FOLDER)
    codes = sorted(
        entry.name.removesuffix(".json")
        for entry in folder.iterdir()
        if entry.name.endswith(".json")
    )
    return tuple(code for code in codes if name in language(code))
