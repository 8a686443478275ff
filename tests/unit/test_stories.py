"""Story clustering: events, storylines, incremental assignment with stable ids, merging."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from counterpoint.link.stories import StoryIndex, assign_stories, storylines
from counterpoint.model import Article

START = datetime(2024, 5, 1, tzinfo=UTC)


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / np.linalg.norm(vector)


def _corpus(seed: int = 0) -> tuple[list[Article], np.ndarray, list[int]]:
    """Three topics; topic 0 has two events a month apart (one storyline)."""
    rng = np.random.default_rng(seed)
    topics = [_unit(rng.normal(size=64)) for _ in range(3)]
    event_shift = _unit(rng.normal(size=64))
    articles, vectors, truth = [], [], []
    plan = [(0, 0, 0), (0, 30, 1), (1, 2, 2), (2, 5, 3)]  # topic, day, event label
    for topic, day, label in plan:
        centre = topics[topic] + (0.9 * event_shift if label == 1 else 0)
        for k in range(6):
            articles.append(
                Article(
                    id=f"e{label}-{k}",
                    source="s",
                    text="t",
                    title=f"event {label} #{k}",
                    published=START + timedelta(days=day, hours=k),
                )
            )
            vectors.append(_unit(_unit(centre) + rng.normal(scale=0.04, size=64)))
            truth.append(label)
    return articles, np.stack(vectors).astype(np.float32), truth


def test_events_are_recovered_and_grouped_into_a_storyline() -> None:
    articles, vectors, truth = _corpus()
    index = assign_stories(articles, vectors, StoryIndex())
    found = [index.story_of[a.id] for a in articles]
    for i in range(len(articles)):
        for j in range(len(articles)):
            assert (found[i] == found[j]) == (truth[i] == truth[j])
    events = index.stories()
    lines = storylines(events)
    assert len(lines) == 1
    grouped = {e.id for e in events if e.parent_id == lines[0].id}
    assert grouped == {index.story_of["e0-0"], index.story_of["e1-0"]}
    story = next(e for e in events if e.id == index.story_of["e2-0"])
    assert story.first_published == START + timedelta(days=2)
    assert story.last_published == START + timedelta(days=2, hours=5)
    assert story.title.startswith("event 2")


def test_incremental_batches_keep_story_ids() -> None:
    articles, vectors, _ = _corpus()
    first = [i for i, a in enumerate(articles) if a.id.endswith(("-0", "-1", "-2"))]
    later = [i for i in range(len(articles)) if i not in first]
    index = assign_stories([articles[i] for i in first], vectors[first], StoryIndex())
    before = {a: s for a, s in index.story_of.items()}
    stored = index.stories()
    resumed = StoryIndex.from_stories(stored)
    assign_stories([articles[i] for i in later], vectors[later], resumed)
    for article_id, story_id in before.items():
        assert resumed.story_of[article_id] == story_id
    whole = assign_stories(articles, vectors, StoryIndex())
    assert len(resumed.clusters) == len(whole.clusters)


def test_converging_stories_merge_into_the_older_id() -> None:
    # Two stories apart (cosine 0.47) until articles between them pull their centres together.
    a, b = _unit(np.array([1.0, 0.6, 0.0])), _unit(np.array([1.0, -0.6, 0.0]))
    articles = [
        Article(id=f"x{i}", source="s", text="t", published=START + timedelta(hours=i))
        for i in range(7)
    ]
    vectors = np.stack([a, b] + [_unit(a + b)] * 5).astype(np.float32)
    index = assign_stories(articles, vectors, StoryIndex())
    (story,) = index.stories()
    assert story.merged_from and set(story.article_ids) == {a.id for a in articles}
    assert story.id == index.story_of["x0"]


def test_similar_text_about_other_actors_founds_a_new_story() -> None:
    from counterpoint.model import Entity

    def with_entities(article_id: str, names: list[str], hours: int) -> Article:
        return Article(
            id=article_id,
            source="s",
            text="t",
            published=START + timedelta(hours=hours),
            entities=[Entity(0, 1, "GPE", name, name) for name in names],
        )

    base = _unit(np.array([1.0, 0.0, 0.0]))
    close = _unit(np.array([1.0, 0.2, 0.0]))  # cosine 0.98: near-identical text joins anyway
    # Cosine 0.74 with the base: the same kind of story, about other actors or the same ones.
    other_town = _unit(np.array([1.0, -0.9, 0.0]))
    same_town = _unit(np.array([1.0, 0.9, 0.0]))
    articles = [
        with_entities("flood-a", ["Valdora"], 0),
        with_entities("flood-b", ["Kestrel Bay"], 1),
        with_entities("flood-a2", ["Valdora", "Mayor Lin"], 2),
        with_entities("flood-c", ["Eastmere"], 3),
    ]
    vectors = np.stack([base, other_town, same_town, close]).astype(np.float32)
    index = assign_stories(articles, vectors, StoryIndex())
    assert index.story_of["flood-b"] != index.story_of["flood-a"]
    assert index.story_of["flood-a2"] == index.story_of["flood-a"]
    assert index.story_of["flood-c"] == index.story_of["flood-a"]
