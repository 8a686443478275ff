"""Per-article NLP: language, sentences, entities, quotes, quantities, time expressions and
the event frame of each figure.

:func:`annotate_batch` is a pure function over a batch of articles (new objects out, inputs
untouched), so it runs the same in-process, in a process pool or as a Ray ``map_batches``
stage. spaCy parses each text once; every annotator reads that parse where the pipeline made
one (English and French models) and rules over the text where it did not (every other
language). A long text is annotated in pieces cut at paragraph ends, so memory stays bounded.

Each annotator is a :class:`Component` declaring the article field it assigns and those it
requires (as spaCy's ``Language.factory`` does); :class:`Pipeline` orders them from those
declarations and refuses, when built, a requirement nothing assigns.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from counterpoint.annotate import nlp
from counterpoint.annotate.chunks import Piece, merge_pieces, parse_in_batches, split_article
from counterpoint.annotate.entities import find_entities, resolve_across
from counterpoint.annotate.entity_aliases import use_user_tables
from counterpoint.annotate.frames import find_frames
from counterpoint.annotate.language import article_language
from counterpoint.annotate.quantities import find_quantities
from counterpoint.annotate.quotes import find_quotes
from counterpoint.annotate.times import find_times
from counterpoint.model import Article
from counterpoint.registry import DEFAULT_SPEAKER_RANKER, check_speaker_ranker

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from counterpoint.annotate.interfaces import EntityTagger

__all__ = [
    "ANNOTATOR_VERSION",
    "COMPONENTS",
    "Component",
    "Models",
    "Pipeline",
    "annotate_batch",
    "component",
    "resolve_across",
    "use_user_tables",
]

# Bump when an annotator's output changes, so stored results are recomputed.
# 2: rule annotators for languages without a parse; long texts in pieces.
# 3: event frames. 4: the parse never crosses a line break. 5: belief and evidence quotes.
# 7: ages, signed figures, glued currency codes and units. 8: speaker resolution, metres, shares.
# 9: bounds, identifiers, names and dates that are no quantities; pronoun and role speakers.
ANNOTATOR_VERSION = "13"

# Texts longer than this many characters are annotated in pieces of at most this size (spaCy
# refuses texts over ``nlp.max_length`` and a parse takes memory in proportion to its length).
CHUNK_CHARS = 100_000

# What an article has before any component runs: extraction's fields and its language.
GIVEN = frozenset({"text", "title", "paragraphs", "published", "language"})

Annotator = Callable[[Article, "Doc"], list[Any]]


@dataclass(frozen=True, slots=True)
class Models:
    """What the components are built from: the entity tagger (``None``: the parse's own
    recogniser) and the name of the quote speakers' ranker (``registry.SPEAKER_RANKERS``)."""

    tagger: EntityTagger | None = None
    speaker_ranker: str = DEFAULT_SPEAKER_RANKER


@dataclass(frozen=True, slots=True)
class Component:
    """One annotator, as spaCy's ``Language.factory`` declares one: the article field it
    ``assigns`` and those it ``requires`` to be set first. ``make`` builds the annotator from
    the pipeline's :class:`Models`."""

    name: str
    assigns: str
    requires: tuple[str, ...]
    make: Callable[[Models], Annotator]


COMPONENTS: dict[str, Component] = {}


def component(
    name: str, *, assigns: str, requires: tuple[str, ...] = ()
) -> Callable[[Callable[[Models], Annotator]], Callable[..., Annotator]]:
    """Register a component factory under ``name`` (a decorator)."""

    def register(make: Callable[[Models], Annotator]) -> Callable[[Models], Annotator]:
        COMPONENTS[name] = Component(name, assigns, requires, make)
        return make

    return register


@component("sentences", assigns="sentences", requires=("paragraphs", "language"))
def _sentences(_models: Models) -> Annotator:
    return lambda article, doc: nlp.sentences(doc, article.paragraphs, article.language)


@component("entities", assigns="entities", requires=("text", "title", "language"))
def _entities(models: Models) -> Annotator:
    return lambda article, doc: find_entities(article, doc, models.tagger)


# Speakers are named by the entities; a quote is cut at sentence ends.
@component("quotes", assigns="quotes", requires=("sentences", "entities", "paragraphs"))
def _quotes(models: Models) -> Annotator:
    ranker = check_speaker_ranker(models.speaker_ranker)  # when built, not on each article
    return lambda article, doc: find_quotes(article, doc, ranker)


@component("times", assigns="times", requires=("published", "language"))
def _times(_models: Models) -> Annotator:
    return find_times


# A quantity is attributed to the quote it sits in; the rule reader of numbers skips those
# inside a date.
@component("quantities", assigns="quantities", requires=("quotes", "times", "language"))
def _quantities(_models: Models) -> Annotator:
    return find_quantities


# A frame reads each figure's quote (its source), its sentence's times and the entities.
@component("frames", assigns="frames", requires=("quantities", "times", "entities", "sentences"))
def _frames(_models: Models) -> Annotator:
    return find_frames


class Pipeline:
    """Components in an order that gives each what it requires, checked when built: a
    requirement no earlier component assigns (nor extraction) is a ``ValueError`` naming it.
    Among components free to go in any order, the listed order is kept."""

    def __init__(
        self,
        names: Sequence[str] = tuple(COMPONENTS),
        tagger: EntityTagger | None = None,
        speaker_ranker: str = DEFAULT_SPEAKER_RANKER,
    ) -> None:
        unknown = [name for name in names if name not in COMPONENTS]
        if unknown:
            raise ValueError(
                f"unknown annotate component {unknown[0]!r}; choose from: {', '.join(COMPONENTS)}"
            )
        self.components = _ordered([COMPONENTS[name] for name in names])
        models = Models(tagger, speaker_ranker)
        self.annotators = [(c.assigns, c.make(models)) for c in self.components]

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.components]

    def __call__(self, article: Article, doc: Doc) -> None:
        for field_name, annotate in self.annotators:
            setattr(article, field_name, annotate(article, doc))


def _ordered(components: list[Component]) -> list[Component]:
    assigned_by = {c.assigns: c for c in components}
    for c in components:
        for need in c.requires:
            if need not in GIVEN and need not in assigned_by:
                raise ValueError(
                    f"annotate component {c.name!r} requires {need!r}, which no component assigns"
                )
    done: set[str] = set(GIVEN)
    order: list[Component] = []
    pending = list(components)
    while pending:
        ready = next((c for c in pending if set(c.requires) <= done), None)
        if ready is None:
            names = ", ".join(c.name for c in pending)
            raise ValueError(f"annotate components {names} require each other in a cycle")
        order.append(ready)
        done.add(ready.assigns)
        pending.remove(ready)
    return order


def annotate_batch(
    articles: Iterable[Article],
    batch_size: int = 16,
    chunk_chars: int = CHUNK_CHARS,
    tagger: EntityTagger | None = None,
    pipeline: Pipeline | None = None,
    speaker_ranker: str = DEFAULT_SPEAKER_RANKER,
) -> list[Article]:
    """Annotated copies of ``articles``, in the same order. ``pipeline`` picks the components
    (all of them by default, with ``tagger`` finding the entities instead of the parse's own
    recogniser and the ranker named ``speaker_ranker`` re-choosing the quotes' speakers)."""
    components = pipeline or Pipeline(tagger=tagger, speaker_ranker=speaker_ranker)
    out = [dataclasses.replace(article) for article in articles]
    by_language: dict[str, list[Article]] = defaultdict(list)
    for article in out:
        article.language = article_language(article.text, article.language)
        by_language[article.language].append(article)
    for language, group in by_language.items():
        spacy_pipeline = nlp.load(language)
        pieces: list[tuple[Article, Piece]] = [
            (article, piece) for article in group for piece in split_article(article, chunk_chars)
        ]
        texts = (piece.article.text for _, piece in pieces)
        docs = parse_in_batches(spacy_pipeline, texts, batch_size, 2 * chunk_chars)
        done: dict[int, list[Piece]] = defaultdict(list)
        for (article, piece), doc in zip(pieces, docs, strict=True):
            components(piece.article, doc)
            done[id(article)].append(piece)
        for article in group:
            merge_pieces(article, done[id(article)])
            article.versions = {
                **article.versions,
                "annotate": ANNOTATOR_VERSION,
                "pipeline": nlp.pipeline_name(language),
            }
    return out
