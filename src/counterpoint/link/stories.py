"""Cluster articles into stories (events) and storylines, incrementally.

Articles are visited in publication order. Each one is compared with the centroids of the
stories still *active* (last article within ``event_window``): the time window is the block,
exact dot products inside it are the solve, so the cost per article is the number of active
stories, not the size of the corpus. An article joins the most similar active story when the
cosine passes ``join_threshold``, or passes ``entity_threshold`` and shares
``shared_entities`` named actors with it; otherwise it founds a new story whose id derives from
its own id, so ids stay stable when later batches arrive. Two stories whose centroids converge
are merged (``merged_from``). Events are then grouped the same way, over a longer window and a
looser threshold, into storylines: parent stories that events point to with ``parent_id``.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import numpy as np

from counterpoint.model import Article, Story, stable_id


@dataclass(frozen=True, slots=True)
class StoryParams:
    join_threshold: float = 0.6
    entity_threshold: float = 0.45
    shared_entities: int = 2
    merge_threshold: float = 0.8
    event_window: timedelta = timedelta(days=3)
    storyline_threshold: float = 0.45
    storyline_window: timedelta = timedelta(days=120)


@dataclass(slots=True)
class _Cluster:
    story: Story
    vector_sum: np.ndarray
    entities: Counter[str] = field(default_factory=Counter)
    best_title_score: float = -1.0

    @property
    def centroid(self) -> np.ndarray:
        norm = float(np.linalg.norm(self.vector_sum))
        return self.vector_sum / norm if norm else self.vector_sum


@dataclass(slots=True)
class StoryIndex:
    """The stories known so far, with what is needed to attach new articles to them."""

    params: StoryParams = field(default_factory=StoryParams)
    clusters: dict[str, _Cluster] = field(default_factory=dict)
    story_of: dict[str, str] = field(default_factory=dict)
    # Largest number of stories one article was compared with (the block size), for benches.
    max_active: int = 0

    @classmethod
    def from_stories(cls, stories: list[Story], params: StoryParams | None = None) -> StoryIndex:
        index = cls(params=params or StoryParams())
        for story in stories:
            if story.parent_id is None and _is_storyline(story, stories):
                continue
            vector = np.asarray(story.centroid, dtype=np.float32) * len(story.article_ids)
            index.clusters[story.id] = _Cluster(story=story, vector_sum=vector)
            for article_id in story.article_ids:
                index.story_of[article_id] = story.id
        return index

    def stories(self) -> list[Story]:
        out = []
        for cluster in self.clusters.values():
            cluster.story.centroid = [round(float(x), 6) for x in cluster.centroid]
            out.append(cluster.story)
        return sorted(out, key=lambda s: (_time_key(s.first_published), s.id))


def _is_storyline(story: Story, stories: list[Story]) -> bool:
    return any(other.parent_id == story.id for other in stories)


def _time_key(when: datetime | None) -> tuple[bool, datetime]:
    return (when is None, when or datetime.min)


def _within(a: datetime | None, b: datetime | None, window: timedelta) -> bool:
    """Undated articles are never excluded by time: only their text can place them."""
    return a is None or b is None or abs(_naive(a) - _naive(b)) <= window


def _ended(story: Story, now: datetime | None, params: StoryParams) -> bool:
    """The story's last article is older than the window (articles come in time order, so an
    ended story stays out of the active block; one from a later batch's past stays in)."""
    last = story.last_published
    return now is not None and last is not None and _naive(now) - _naive(last) > params.event_window


def _naive(when: datetime) -> datetime:
    return when.replace(tzinfo=None) if when.tzinfo else when


def _entity_ids(article: Article) -> set[str]:
    return {e.entity_id for e in article.entities if e.entity_id}


def assign_stories(
    new_articles: list[Article], embeddings: np.ndarray, existing: StoryIndex
) -> StoryIndex:
    """Attach ``new_articles`` (rows of ``embeddings``, unit norm) to ``existing`` stories or
    found new ones; returns the same index, updated in place."""
    params = existing.params
    order = sorted(range(len(new_articles)), key=lambda i: _time_key(new_articles[i].published))
    active = list(existing.clusters)
    for i in order:
        article = new_articles[i]
        if article.id in existing.story_of:
            continue
        vector = embeddings[i]
        now = article.published
        active = [
            sid
            for sid in active
            if sid in existing.clusters and not _ended(existing.clusters[sid].story, now, params)
        ]
        existing.max_active = max(existing.max_active, len(active))
        chosen = _best_story(existing, active, vector, _entity_ids(article))
        if chosen is None:
            story_id = stable_id("story", article.id)
            cluster = _Cluster(
                story=Story(id=story_id, title=article.title or "", article_ids=[]),
                vector_sum=np.zeros_like(vector),
            )
            existing.clusters[story_id] = cluster
            active.append(story_id)
        else:
            cluster = existing.clusters[chosen]
        _add(cluster, article, vector)
        existing.story_of[article.id] = cluster.story.id
        merged = _merge_converged(existing, cluster, active)
        if merged is not None:
            active.remove(merged)
    return existing


def _best_story(
    index: StoryIndex, active: list[str], vector: np.ndarray, entities: set[str]
) -> str | None:
    if not active:
        return None
    centroids = np.stack([index.clusters[sid].centroid for sid in active])
    scores = centroids @ vector
    best = int(np.argmax(scores))
    score = float(scores[best])
    params = index.params
    if score >= params.join_threshold:
        return active[best]
    if score >= params.entity_threshold:
        shared = entities & set(index.clusters[active[best]].entities)
        if len(shared) >= params.shared_entities:
            return active[best]
    return None


def _add(cluster: _Cluster, article: Article, vector: np.ndarray) -> None:
    story = cluster.story
    story.article_ids.append(article.id)
    cluster.vector_sum = cluster.vector_sum + vector
    cluster.entities.update(_entity_ids(article))
    when = article.published
    if when is not None:
        if story.first_published is None or _naive(when) < _naive(story.first_published):
            story.first_published = when
        if story.last_published is None or _naive(when) > _naive(story.last_published):
            story.last_published = when
    # The title is the headline closest to the story's centre.
    centrality = float(cluster.centroid @ vector)
    if article.title and centrality > cluster.best_title_score:
        story.title = article.title
        cluster.best_title_score = centrality


def _merge_converged(index: StoryIndex, cluster: _Cluster, active: list[str]) -> str | None:
    """Fold another active story into ``cluster``'s story (or the reverse, keeping the older
    id) when their centroids have converged; returns the id that disappeared."""
    others = [sid for sid in active if sid != cluster.story.id]
    if not others:
        return None
    centroids = np.stack([index.clusters[sid].centroid for sid in others])
    scores = centroids @ cluster.centroid
    best = int(np.argmax(scores))
    if float(scores[best]) < index.params.merge_threshold:
        return None
    other = index.clusters[others[best]]
    keep, drop = sorted(
        (cluster, other), key=lambda c: (_time_key(c.story.first_published), c.story.id)
    )
    for article_id in drop.story.article_ids:
        index.story_of[article_id] = keep.story.id
    keep.story.article_ids.extend(drop.story.article_ids)
    keep.story.merged_from.extend([drop.story.id, *drop.story.merged_from])
    keep.vector_sum = keep.vector_sum + drop.vector_sum
    keep.entities.update(drop.entities)
    for when in (drop.story.first_published, drop.story.last_published):
        if when is not None:
            _extend_span(keep.story, when)
    del index.clusters[drop.story.id]
    return drop.story.id


def _extend_span(story: Story, when: datetime) -> None:
    if story.first_published is None or _naive(when) < _naive(story.first_published):
        story.first_published = when
    if story.last_published is None or _naive(when) > _naive(story.last_published):
        story.last_published = when


def storylines(events: list[Story], params: StoryParams | None = None) -> list[Story]:
    """Group events into storylines; sets each grouped event's ``parent_id`` and returns the
    storylines (only those with two or more events)."""
    params = params or StoryParams()
    lines: list[_Cluster] = []
    members: list[list[Story]] = []
    for event in sorted(events, key=lambda s: (_time_key(s.first_published), s.id)):
        if not event.centroid:
            continue
        vector = np.asarray(event.centroid, dtype=np.float32)
        candidates = [
            i
            for i, line in enumerate(lines)
            if _within(line.story.last_published, event.first_published, params.storyline_window)
        ]
        scores = [float(lines[i].centroid @ vector) for i in candidates]
        if scores and max(scores) >= params.storyline_threshold:
            chosen = candidates[int(np.argmax(scores))]
            lines[chosen].vector_sum = lines[chosen].vector_sum + vector
            members[chosen].append(event)
        else:
            line = Story(id=stable_id("storyline", event.id), title=event.title, article_ids=[])
            lines.append(_Cluster(story=line, vector_sum=vector.copy()))
            members.append([event])
            chosen = len(lines) - 1
        for when in (event.first_published, event.last_published):
            if when is not None:
                _extend_span(lines[chosen].story, when)
    result = []
    for cluster, events_of_line in zip(lines, members, strict=True):
        if len(events_of_line) < 2:
            continue
        line = cluster.story
        line.title = max(events_of_line, key=lambda s: len(s.article_ids)).title
        line.centroid = [round(float(x), 6) for x in cluster.centroid]
        for event in events_of_line:
            event.parent_id = line.id
            line.article_ids.extend(event.article_ids)
        result.append(line)
    return result
