"""Cluster articles into stories (events) and storylines, incrementally.

Articles are visited in publication order. Each one is compared with the centroids of the
stories still *active* (last article within ``event_window``): the time window is the block,
exact dot products inside it are the solve, so the cost per article is the number of active
stories, not the size of the corpus. An article joins the most similar active story when the
cosine passes ``join_threshold``, or passes ``entity_threshold`` and shares
``shared_entities`` named actors with it; otherwise it founds a new story whose id derives from
its own id, so ids stay stable when later batches arrive. Two stories whose centroids converge
are merged (``merged_from``). Named actors (entity ids) back the text: shared ones let a
looser match join, and a story naming none of the article's actors needs a very close match.
The day an article reports on (:func:`event_day`, from the dates its text names) keeps
look-alike events apart: the eighth strike day is not the sixth, whatever the words. An
undated article comes last and is compared with every story, not only the active ones.
A last pass folds together events of the same days with close centres and common actors
(one event whose first articles took two angles). Events are then grouped the same way,
over a longer window and a looser threshold, into storylines: parent stories that events
point to with ``parent_id``, each named by a headline none of its events is named by.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence, Set
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import numpy as np

from counterpoint.datetimes import period, undated_last
from counterpoint.model import Article, Story, stable_id

CANDIDATES = 5  # most similar active stories an article is checked against


@dataclass(frozen=True, slots=True)
class StoryParams:
    join_threshold: float = 0.7
    entity_threshold: float = 0.5
    shared_entities: int = 2
    distinct_threshold: float = 0.95
    merge_threshold: float = 0.8
    event_window: timedelta = timedelta(days=3)
    storyline_threshold: float = 0.6
    storyline_entity_threshold: float = 0.45
    storyline_window: timedelta = timedelta(days=120)
    # Two events of one day whose centres are this close and that share this many actors are
    # one event told from two angles (the crash, and the crash's foreign victims).
    consolidate_threshold: float = 0.6
    consolidate_entities: int = 3


@dataclass(slots=True)
class _Cluster:
    story: Story
    vector_sum: np.ndarray
    entities: Counter[str] = field(default_factory=Counter)
    # How many members report on each day (:func:`event_day`).
    days: Counter[date] = field(default_factory=Counter)
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
        storyline_ids = {story.parent_id for story in stories if story.parent_id}
        for story in stories:
            if story.id in storyline_ids:
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
        return sorted(out, key=lambda s: (*undated_last(s.first_published), s.id))


def _entity_ids(article: Article) -> set[str]:
    return {e.entity_id for e in article.entities if e.entity_id}


@dataclass(frozen=True, slots=True)
class Report:
    """What placing an article in a story reads of it, so that a large batch is placed from
    these alone, without holding its articles (their texts and annotations)."""

    id: str
    published: datetime | None
    title: str | None
    entity_ids: frozenset[str]
    # :func:`event_day`
    day: date | None

    @classmethod
    def of(cls, article: Article, same: Callable[[Any], Any] | None = None) -> Report:
        """``same`` maps a value to the first equal one of a batch (its entity sets and
        days repeat), so the reports of a large batch share them."""
        one = same or _itself
        return cls(
            article.id,
            article.published,  # equal instants may differ in their zone: not shared
            article.title,
            one(frozenset(_entity_ids(article))),
            one(event_day(article)),
        )


def _itself(value: Any) -> Any:
    return value


def event_day(article: Article) -> date | None:
    """The day an article reports on: the single day its text names most often (the latest
    on a tie: a report recalls earlier days more than it announces later ones), never after
    its publication (an announced date is no report), else its publication day. An undated
    article still names absolute dates ("28 March 2024")."""
    published = article.published.date() if article.published is not None else None
    named: Counter[date] = Counter()
    for time in article.times:
        span = period(time.value) if time.granularity in ("day", "time") else None
        if span is not None and span[0] == span[1] and (published is None or span[0] <= published):
            named[span[0]] += 1
    if named:
        return max(named, key=lambda day: (named[day], day))
    return published


def _days_apart(cluster: _Cluster, day: date | None, window: timedelta, dated: bool) -> bool:
    """Whether an article reporting on ``day`` is about another event than the story: a day
    after the story's days (a later strike day, the runoff after the first round) is; a day
    before them is, for a dated article, the start of a running story recalled (the flood
    behind a revised toll), and for an undated one, which has no publication day to place
    it, another event too."""
    if day is None or not cluster.days:
        return False
    return day > _latest_day(cluster) + window or (not dated and day < min(cluster.days) - window)


def _latest_day(cluster: _Cluster) -> date:
    """The last day a story is known to cover: the latest day its articles report on, or the
    day its latest article came out, whichever is later. A first report that mostly recalls
    the day the disaster struck still covers its own day, so the next day's reports continue
    it rather than start another event."""
    latest = max(cluster.days)
    published = cluster.story.last_published
    return max(latest, published.date()) if published is not None else latest


def _other_days(one: _Cluster, other: _Cluster, window: timedelta) -> bool:
    """Whether two stories report on days too far apart to be one event."""
    if not one.days or not other.days:
        return False
    return _latest_day(one) + window < min(other.days) or _latest_day(other) + window < min(
        one.days
    )


@dataclass(slots=True)
class _Block:
    """The stories active in a time window as one matrix of unit centroids, so scoring an
    article against all of them is one matrix-vector product."""

    window: timedelta
    dim: int
    ids: list[str] = field(default_factory=list)
    rows: dict[str, int] = field(default_factory=dict)
    centroids: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    last: np.ndarray = field(default_factory=lambda: np.zeros(0))

    def __post_init__(self) -> None:
        self.centroids = np.zeros((64, self.dim), dtype=np.float32)
        self.last = np.zeros(64)

    def put(self, story_id: str, centroid: np.ndarray, last: datetime | None) -> None:
        row = self.rows.get(story_id)
        if row is None:
            row = len(self.ids)
            if row == len(self.centroids):
                self.centroids = np.concatenate([self.centroids, np.zeros_like(self.centroids)])
                self.last = np.concatenate([self.last, np.zeros_like(self.last)])
            self.ids.append(story_id)
            self.rows[story_id] = row
        self.centroids[row] = centroid
        self.last[row] = _timestamp(last)

    def remove(self, story_id: str) -> None:
        keep = np.array([sid != story_id for sid in self.ids], dtype=bool)
        self._keep(keep)

    def expire(self, now: datetime | None) -> None:
        """Drop stories whose last article is older than the window before ``now``."""
        if now is None or not self.ids:
            return
        keep = self.last[: len(self.ids)] >= _timestamp(now) - self.window.total_seconds()
        if not keep.all():
            self._keep(keep)

    def _keep(self, keep: np.ndarray) -> None:
        count = len(self.ids)
        self.ids = [sid for sid, kept in zip(self.ids, keep, strict=True) if kept]
        self.rows = {sid: i for i, sid in enumerate(self.ids)}
        kept_rows = np.flatnonzero(keep)
        self.centroids[: len(kept_rows)] = self.centroids[:count][kept_rows]
        self.last[: len(kept_rows)] = self.last[:count][kept_rows]

    def scores(self, vector: np.ndarray) -> np.ndarray:
        return self.centroids[: len(self.ids)] @ vector


def _timestamp(when: datetime | None) -> float:
    """Seconds for window arithmetic; undated stories never leave the block."""
    return when.timestamp() if when is not None else float("inf")


def assign_stories(
    new_articles: Sequence[Article | Report], embeddings: np.ndarray, existing: StoryIndex
) -> StoryIndex:
    """Attach ``new_articles`` (rows of ``embeddings``, unit norm) to ``existing`` stories or
    found new ones; returns the same index, updated in place."""
    params = existing.params
    reports = [a if isinstance(a, Report) else Report.of(a) for a in new_articles]
    order = sorted(range(len(reports)), key=lambda i: undated_last(reports[i].published))
    block = _Block(params.event_window, embeddings.shape[1] if len(embeddings) else 1)
    # Stored stories keep their centroids but not their actors: recount those from the members.
    for report in reports:
        known = existing.clusters.get(existing.story_of.get(report.id, ""))
        if known is not None:
            known.entities.update(report.entity_ids)
            if report.day is not None:
                known.days[report.day] += 1
    for story_id, cluster in existing.clusters.items():
        block.put(story_id, cluster.centroid, cluster.story.last_published)
    everything = False
    for i in order:
        article = reports[i]
        if article.id in existing.story_of:
            continue
        vector = embeddings[i]
        if article.published is None and not everything:
            # An undated article may belong to any story, not just those active last: it is
            # placed by what it says and the days it names.
            block = _all_stories(existing, params.event_window, block.dim)
            everything = True
        block.expire(article.published)
        existing.max_active = max(existing.max_active, len(block.ids))
        chosen = _best_story(
            existing, block, vector, article.entity_ids, article.day, article.published is not None
        )
        if chosen is None:
            story_id = stable_id("story", article.id)
            cluster = _Cluster(
                story=Story(id=story_id, title=article.title or "", article_ids=[]),
                vector_sum=np.zeros_like(vector),
            )
            existing.clusters[story_id] = cluster
        else:
            cluster = existing.clusters[chosen]
        _add(cluster, article, vector)
        existing.story_of[article.id] = cluster.story.id
        block.put(cluster.story.id, cluster.centroid, cluster.story.last_published)
        _merge_converged(existing, cluster, block)
    _consolidate(existing)
    return existing


def _all_stories(index: StoryIndex, window: timedelta, dim: int) -> _Block:
    block = _Block(window, dim)
    for story_id, cluster in index.clusters.items():
        block.put(story_id, cluster.centroid, cluster.story.last_published)
    return block


def _best_story(
    index: StoryIndex,
    block: _Block,
    vector: np.ndarray,
    entities: Set[str],
    day: date | None = None,
    dated: bool = True,
) -> str | None:
    """The most similar active story the article may join: above ``join_threshold``, or above
    ``entity_threshold`` with shared actors; a story naming none of the article's actors
    needs ``distinct_threshold`` (two floods in two towns read alike), and a story about
    days far from the article's ``day`` is another event (the eighth strike day, not the
    sixth)."""
    if not block.ids:
        return None
    params = index.params
    scores = block.scores(vector)
    for row in np.argsort(-scores)[:CANDIDATES]:
        score = float(scores[row])
        if score < params.entity_threshold:
            break
        story_id = block.ids[int(row)]
        if _days_apart(index.clusters[story_id], day, params.event_window, dated):
            continue
        known = index.clusters[story_id].entities
        shared = len(entities & known.keys())
        if entities and known and not shared and score < params.distinct_threshold:
            continue
        if score >= params.join_threshold or shared >= params.shared_entities:
            return story_id
    return None


def _add(cluster: _Cluster, article: Report, vector: np.ndarray) -> None:
    story = cluster.story
    story.article_ids.append(article.id)
    cluster.vector_sum = cluster.vector_sum + vector
    cluster.entities.update(article.entity_ids)
    if article.day is not None:
        cluster.days[article.day] += 1
    when = article.published
    if when is not None:
        if story.first_published is None or when < story.first_published:
            story.first_published = when
        if story.last_published is None or when > story.last_published:
            story.last_published = when
    # The title is the headline closest to the story's centre.
    centrality = float(cluster.centroid @ vector)
    if article.title and centrality > cluster.best_title_score:
        story.title = article.title
        cluster.best_title_score = centrality


def _merge_converged(index: StoryIndex, cluster: _Cluster, block: _Block) -> None:
    """Fold another active story into ``cluster``'s story (or the reverse, keeping the older
    id) when their centroids have converged (and they name common actors, as for joining)."""
    if len(block.ids) < 2:
        return
    scores = block.scores(cluster.centroid)
    scores[block.rows[cluster.story.id]] = -np.inf
    best = int(np.argmax(scores))
    score = float(scores[best])
    other = index.clusters[block.ids[best]]
    if (
        score < index.params.merge_threshold
        or (
            cluster.entities
            and other.entities
            and not cluster.entities.keys() & other.entities.keys()
            and score < index.params.distinct_threshold
        )
        or _other_days(cluster, other, index.params.event_window)
    ):
        return
    keep, drop = _fold(index, cluster, other)
    block.remove(drop.story.id)
    block.put(keep.story.id, keep.centroid, keep.story.last_published)


def _fold(index: StoryIndex, one: _Cluster, other: _Cluster) -> tuple[_Cluster, _Cluster]:
    """Merge two stories into the older one's id; returns (kept, dropped)."""
    keep, drop = sorted(
        (one, other), key=lambda c: (undated_last(c.story.first_published), c.story.id)
    )
    for article_id in drop.story.article_ids:
        index.story_of[article_id] = keep.story.id
    keep.story.article_ids.extend(drop.story.article_ids)
    keep.story.merged_from.extend([drop.story.id, *drop.story.merged_from])
    keep.vector_sum = keep.vector_sum + drop.vector_sum
    keep.entities.update(drop.entities)
    keep.days.update(drop.days)
    if drop.best_title_score > keep.best_title_score:
        keep.story.title = drop.story.title
        keep.best_title_score = drop.best_title_score
    for when in (drop.story.first_published, drop.story.last_published):
        if when is not None:
            _extend_span(keep.story, when)
    del index.clusters[drop.story.id]
    return keep, drop


def _consolidate(index: StoryIndex) -> None:
    """Fold together events that the article-by-article pass left apart although they report
    on the same days with close centres and common actors: one event told from two angles
    founds two stories when its first articles take different angles."""
    params = index.params
    ordered = sorted(
        index.clusters.values(),
        key=lambda c: (undated_last(c.story.first_published), c.story.id),
    )
    if len(ordered) < 2:
        return
    block = _Block(params.event_window, len(ordered[0].vector_sum))
    everything = False
    for cluster in ordered:
        if cluster.story.id not in index.clusters:
            continue
        if cluster.story.first_published is None and not everything:
            block = _all_stories(index, params.event_window, block.dim)
            everything = True
        block.expire(cluster.story.first_published)
        target = _same_event(index, block, cluster)
        if target is None:
            block.put(cluster.story.id, cluster.centroid, cluster.story.last_published)
            continue
        keep, drop = _fold(index, index.clusters[target], cluster)
        if drop.story.id in block.rows:
            block.remove(drop.story.id)
        block.put(keep.story.id, keep.centroid, keep.story.last_published)


def _same_event(index: StoryIndex, block: _Block, cluster: _Cluster) -> str | None:
    """The active story ``cluster`` is the same event as, if any (see :func:`_consolidate`)."""
    params = index.params
    if not block.ids:
        return None
    scores = block.scores(cluster.centroid)
    for row in np.argsort(-scores)[:CANDIDATES]:
        score = float(scores[row])
        if score < params.consolidate_threshold:
            break
        story_id = block.ids[int(row)]
        other = index.clusters.get(story_id)
        if other is None or story_id == cluster.story.id:
            continue
        if _other_days(cluster, other, params.event_window):
            continue
        shared = len(cluster.entities.keys() & other.entities.keys())
        if shared >= params.consolidate_entities:
            return story_id
    return None


def _extend_span(story: Story, when: datetime) -> None:
    if story.first_published is None or when < story.first_published:
        story.first_published = when
    if story.last_published is None or when > story.last_published:
        story.last_published = when


def storylines(
    events: list[Story],
    params: StoryParams | None = None,
    actors: dict[str, set[str]] | None = None,
    headlines: dict[str, tuple[str, np.ndarray]] | None = None,
) -> list[Story]:
    """Group events into storylines; sets each grouped event's ``parent_id`` and returns the
    storylines (only those with two or more events). ``actors`` (story id -> entity ids) work
    as for events: common actors let a looser match join, none keeps alike events apart.
    ``headlines`` (article id -> headline and unit story vector) name each storyline by its
    most central headline that no event of it is named by (:func:`storyline_title`)."""
    params = params or StoryParams()
    actors = actors or {}
    line_actors: dict[str, set[str]] = {}
    lines: dict[str, _Cluster] = {}
    members: dict[str, list[Story]] = {}
    block: _Block | None = None
    for event in sorted(events, key=lambda s: (undated_last(s.first_published), s.id)):
        if not event.centroid:
            continue
        vector = np.asarray(event.centroid, dtype=np.float32)
        block = block or _Block(params.storyline_window, len(vector))
        block.expire(event.first_published)
        scores = block.scores(vector)
        event_actors = actors.get(event.id, set())
        chosen = None
        for row in np.argsort(-scores)[:CANDIDATES]:
            score = float(scores[row])
            if score < params.storyline_entity_threshold:
                break
            shared = len(event_actors & line_actors[block.ids[int(row)]])
            if shared >= params.shared_entities or (
                score >= params.storyline_threshold
                and (shared or not event_actors or not line_actors[block.ids[int(row)]])
            ):
                chosen = block.ids[int(row)]
                break
        if chosen is not None:
            cluster = lines[chosen]
            cluster.vector_sum = cluster.vector_sum + vector
        else:
            line = Story(id=stable_id("storyline", event.id), title=event.title, article_ids=[])
            cluster = lines[line.id] = _Cluster(story=line, vector_sum=vector.copy())
            members[line.id] = []
            line_actors[line.id] = set()
        members[cluster.story.id].append(event)
        line_actors[cluster.story.id] |= event_actors
        for when in (event.first_published, event.last_published):
            if when is not None:
                _extend_span(cluster.story, when)
        block.put(cluster.story.id, cluster.centroid, cluster.story.last_published)
    result = []
    for line_id, cluster in lines.items():
        events_of_line = members[line_id]
        if len(events_of_line) < 2:
            continue
        line = cluster.story
        line.title = storyline_title(cluster.centroid, events_of_line, headlines or {})
        line.centroid = [round(float(x), 6) for x in cluster.centroid]
        for event in events_of_line:
            event.parent_id = line.id
            line.article_ids.extend(event.article_ids)
        result.append(line)
    return result


def storyline_title(
    centroid: np.ndarray, events: list[Story], headlines: dict[str, tuple[str, np.ndarray]]
) -> str:
    """A storyline's own name: the headline of its articles closest to its centre among those
    that name none of its events (a storyline titled like one of its events reads as that
    event), else its two largest events' titles side by side."""
    taken = {event.title.casefold() for event in events}
    best, best_score = "", -np.inf
    for event in events:
        for article_id in event.article_ids:
            title, vector = headlines.get(article_id, ("", None))
            if not title or title.casefold() in taken or vector is None:
                continue
            score = float(centroid @ vector)
            if score > best_score:
                best, best_score = title, score
    if best:
        return best
    largest = sorted(events, key=lambda e: (-len(e.article_ids), e.id))[:2]
    return " / ".join(event.title for event in largest)
