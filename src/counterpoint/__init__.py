"""Counterpoint: read the news the way a careful analyst does.

Python API::

    import counterpoint
    corpus = counterpoint.analyze(["articles/"])          # -> Corpus
    article = counterpoint.annotate(text, published="2024-12-12")  # -> Article
"""

from __future__ import annotations

import re
import sys
import types
from collections.abc import Callable, Iterable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from counterpoint.model import Article, Corpus

if TYPE_CHECKING:
    from counterpoint.settings import Settings

__all__ = ["Article", "Corpus", "analyze", "annotate"]

_BLANK_LINES = re.compile(r"\n[ \t\r\f\v]*\n")
_LANGUAGE_CODE = re.compile(r"[a-z]{2,3}")


def analyze(
    paths: Iterable[str | Path],
    db: str = ":memory:",
    workers: int | None = None,
    *,
    entity_tagger: str | None = None,
    embedder: str | None = None,
    contradiction: str | None = None,
    story_params: str | None = None,
    speaker_ranker: str | None = None,
    settings: Settings | None = None,
) -> Corpus:
    """Analyse files, folders or glob patterns; ``db`` keeps the results (SQLite path or URL).

    The models are chosen by their names in :mod:`counterpoint.registry` (an unknown name is
    a ``ValueError`` listing the choices); ``settings`` (:class:`counterpoint.settings.Settings`,
    e.g. ``Settings.load("counterpoint.toml")``) holds everything else, and the arguments given
    here win over it."""
    from counterpoint.run.pipeline import analyze as run_analyze
    from counterpoint.settings import Settings

    chosen = (settings or Settings()).replace(
        workers=workers,
        entity_tagger=entity_tagger,
        embedder=embedder,
        contradiction=contradiction,
        story_params=story_params,
        speaker_ranker=speaker_ranker,
    )
    targets = [paths] if isinstance(paths, str | Path) else paths
    return run_analyze(targets, db=db, settings=chosen)


def annotate(
    text: str,
    published: datetime | date | str | None = None,
    language: str | None = None,
    *,
    speaker_ranker: str | None = None,
) -> Article:
    """Annotate one already-clean text (paragraphs separated by blank lines).

    ``published`` is a ``datetime``, a ``date`` or an ISO 8601 string ("2024-12-12",
    "2024-12-12T09:30:00+01:00"); relative dates in the text are resolved against it.
    ``language`` is an ISO 639-1 code ("en", "fr", "it"); detected when not given.
    ``speaker_ranker`` names who has the last word on the quotes' speakers (``"learned"``, the
    default, or ``"rules"``); it wins over the setting of that name.
    Raises ``TypeError`` or ``ValueError`` naming the argument that is wrong.
    """
    from counterpoint.annotate import annotate_batch, use_user_tables
    from counterpoint.extract.assemble import Block, assemble
    from counterpoint.model import stable_id
    from counterpoint.settings import Settings

    if not isinstance(text, str):
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    published = _publication_date(published)
    if language is not None and not _LANGUAGE_CODE.fullmatch(language):
        raise ValueError(
            f"language must be an ISO 639-1 code such as 'en' or 'it', not {language!r}"
        )
    blocks = [Block(part, "paragraph") for part in _BLANK_LINES.split(text)]
    clean, paragraphs = assemble(blocks)
    article = Article(
        id=stable_id("text", clean),
        source="<text>",
        text=clean,
        paragraphs=paragraphs,
        published=published,
        language=language,
    )
    settings = Settings.load().replace(speaker_ranker=speaker_ranker)
    use_user_tables(settings.alias_tables)
    return annotate_batch([article], speaker_ranker=settings.speaker_ranker)[0]


def _publication_date(published: object) -> datetime | None:
    """``published`` as an aware datetime, by the policy of :mod:`counterpoint.datetimes`."""
    from counterpoint import datetimes

    if published is None:
        return None
    if isinstance(published, datetime):
        return datetimes.aware(published)
    if isinstance(published, date):
        return datetimes.from_date(published)
    if isinstance(published, str):
        try:
            moment = datetimes.plausible(datetimes.from_iso(published.strip()))
        except ValueError:
            moment = None
        if moment is None:
            raise ValueError(
                f"published must be a date: a datetime, a date or an ISO 8601 string such as "
                f"'2024-12-12' or '2024-12-12T09:30:00+01:00' (years "
                f"{datetimes.EARLIEST_YEAR}-{datetimes.LATEST_YEAR}), not {published!r}"
            )
        return moment
    raise TypeError(
        f"published must be a datetime, a date or an ISO 8601 string, "
        f"not {type(published).__name__}"
    )


class _Package(types.ModuleType):
    """Keeps ``counterpoint.annotate`` the function: importing the layer of the same name sets
    it as an attribute of this package, and the layer is imported only when first used (it
    loads spaCy), so that must not replace the function. The layer stays importable by name
    (``from counterpoint.annotate import ...``), which reads ``sys.modules``."""

    @property
    def annotate(self) -> Callable[..., Article]:
        return annotate

    @annotate.setter
    def annotate(self, layer: types.ModuleType) -> None:
        pass


sys.modules[__name__].__class__ = _Package
