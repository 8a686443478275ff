"""Across articles: duplicates, stories and storylines, aligned quantitative claims.

:func:`link` is pure (block -> solve -> merge): duplicates are found once over the batch, one
representative per duplicate group is embedded and clustered, and claims are aligned inside
each storyline (or story), each block on its own, so every step can run as a groupby stage.
It reads each article once, into a compact record of what those steps need (its shingles,
what places it in a story, its claim features), so the articles of a large batch can be
streamed to it rather than held.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

import numpy as np

from counterpoint.annotate import resolve_across
from counterpoint.link.claims import (
    AlignedPair,
    Anchor,
    ClaimFeatures,
    DatingContext,
    Reasons,
    Words,
    align_block,
    build_claims,
    claim_features,
    content_terms,
    counted_share,
    date_through,
    dating_context,
    parse_anchor,
    stem,
)
from counterpoint.link.duplicates import group_duplicates, representatives, sketch, voice
from counterpoint.link.embedding import (
    UseEmbedder,
    embed_articles,
    embed_story_texts,
    story_text,
    vector_key,
)
from counterpoint.link.stories import Report, StoryIndex, StoryParams, assign_stories, storylines
from counterpoint.model import Article, Claim, DuplicateGroup, Story

if TYPE_CHECKING:
    from counterpoint.annotate.interfaces import Embedder

__all__ = [
    "AlignedPair",
    "Anchor",
    "Block",
    "ClaimFeatures",
    "LinkResult",
    "Reasons",
    "StoryParams",
    "UseEmbedder",
    "content_terms",
    "counted_share",
    "embed_articles",
    "link",
    "parse_anchor",
    "resolve_across",
    "stem",
    "vector_key",
    "voice",
]


@dataclass(slots=True)
class Block:
    """One storyline (or story, when it has no storyline) as link aligned it: the unit compare
    works on."""

    scope_id: str
    # One representative per duplicate group, in batch order.
    article_ids: list[str]
    # Aligned quantity pairs with their reasons, for compare to classify.
    pairs: list[AlignedPair]
    claims: list[Claim]


@dataclass(slots=True)
class LinkResult:
    duplicates: list[DuplicateGroup] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    # In scope id order.
    blocks: list[Block] = field(default_factory=list)
    # Article id -> the id of the block its claims were compared in (storyline, else story).
    scope_of: dict[str, str] = field(default_factory=dict)
    # Article id -> its event story id.
    story_of: dict[str, str] = field(default_factory=dict)

    @property
    def claims(self) -> list[Claim]:
        return [claim for block in self.blocks for claim in block.claims]

    @property
    def pairs(self) -> list[AlignedPair]:
        return [pair for block in self.blocks for pair in block.pairs]


@dataclass(slots=True)
class _Read:
    """What linking keeps of one article once it has read it."""

    report: Report
    outlet: str | None
    original_publisher: str | None
    features: list[ClaimFeatures]
    dating: DatingContext
    # What the embedder reads, kept only when the vectors are not given.
    story_text: str | None

    @property
    def id(self) -> str:
        return self.report.id

    @property
    def published(self) -> datetime | None:
        return self.report.published


_UNDATED_NONE = DatingContext()


def link(
    articles: Iterable[Article],
    existing: list[Story] | None = None,
    embedder: Embedder | None = None,
    embeddings: np.ndarray | None = None,
    params: StoryParams | None = None,
) -> LinkResult:
    """Duplicates, stories (attached to ``existing`` ones where they continue them) and claims.

    ``embeddings`` (one unit row per article, same order) skips embedding when given.
    ``articles`` is read once, in order: a generator keeps only one article in memory.
    """
    records: list[_Read] = []
    keys: list[bytes] = []
    sequences: list[np.ndarray] = []
    cache: dict[str, int] = {}
    interned = Words()
    for article in articles:
        key, sequence = sketch(article.text, cache)
        keys.append(key)
        sequences.append(sequence)
        features = claim_features(article, interned)
        records.append(
            _Read(
                Report.of(article, interned.one),
                article.outlet,
                article.original_publisher,
                features,
                dating_context(article, features),
                story_text(article) if embeddings is None else None,
            )
        )
    del cache, interned
    if not any(record.dating.undated for record in records):
        # only an undated article's figures are dated through other reports' sentences
        for record in records:
            record.dating = _UNDATED_NONE
    duplicates = group_duplicates(records, keys, sequences)
    del keys, sequences
    kept = representatives(records, duplicates)
    if embeddings is None:
        vectors = embed_story_texts([r.story_text or "" for r in kept], embedder)
    else:
        row = {r.id: i for i, r in enumerate(records)}
        vectors = embeddings[[row[r.id] for r in kept]]
    index = assign_stories(
        [r.report for r in kept], vectors, StoryIndex.from_stories(existing or [], params)
    )
    for group in duplicates:
        story_id = index.story_of.get(group.canonical_id)
        if story_id is None:
            continue
        story = index.clusters[story_id].story
        for article_id in group.article_ids:
            if article_id not in index.story_of:
                index.story_of[article_id] = story_id
                story.article_ids.append(article_id)
    events = index.stories()
    actors = {sid: set(cluster.entities) for sid, cluster in index.clusters.items()}
    headlines = {r.id: (r.report.title or "", vectors[i]) for i, r in enumerate(kept)}
    lines = storylines(events, params, actors, headlines)
    scope_of = {}
    parent_of = {e.id: e.parent_id or e.id for e in events}
    for article_id, story_id in index.story_of.items():
        scope_of[article_id] = parent_of.get(story_id, story_id)
    blocks: dict[str, list[_Read]] = defaultdict(list)
    for record in kept:
        blocks[scope_of[record.id]].append(record)
    linked = []
    reasons: dict[tuple[object, ...], Reasons] = {}
    for scope_id, members in sorted(blocks.items()):
        features = [f for record in members for f in record.features]
        features = date_through(features, [record.dating for record in members])
        pairs = align_block(scope_id, features, index.story_of, reasons)
        claims = build_claims(scope_id, pairs, features)
        linked.append(Block(scope_id, [r.id for r in members], pairs, claims))
    return LinkResult(
        duplicates=duplicates,
        stories=events + lines,
        blocks=linked,
        scope_of=scope_of,
        story_of=dict(index.story_of),
    )
