"""Event-level stories: undated articles placed by content, the days a text names keeping
look-alike events apart, one event's two angles folded together, storylines with their own
titles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import numpy as np

from counterpoint.link.stories import StoryIndex, assign_stories, event_day, storylines
from counterpoint.model import Article, Entity, TimeExpression

START = datetime(2024, 3, 5, 8, tzinfo=UTC)


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / np.linalg.norm(vector)


def _article(
    article_id: str,
    published: datetime | None,
    names: tuple[str, ...] = (),
    days: tuple[str, ...] = (),
    title: str | None = None,
) -> Article:
    return Article(
        id=article_id,
        source="s",
        text="t",
        title=title or f"headline of {article_id}",
        published=published,
        entities=[Entity(0, 1, "PER", name, name) for name in names],
        times=[TimeExpression(0, 1, day, "day") for day in days],
    )


def _near(centre: np.ndarray, rng: np.random.Generator, scale: float = 0.05) -> np.ndarray:
    return _unit(centre + rng.normal(scale=scale, size=len(centre)))


def test_the_day_an_article_reports_on_is_the_day_it_names_most() -> None:
    later = START + timedelta(days=10)
    recalls_first_round = _article("a", later, days=("2024-03-01", "2024-03-08", "2024-03-08"))
    assert str(event_day(recalls_first_round)) == "2024-03-08"
    tie = _article("b", later, days=("2024-03-01", "2024-03-08"))
    assert str(event_day(tie)) == "2024-03-08"
    # A day after publication is announced ("the next strike is on 20 March"), not reported.
    announces = _article("c", later, days=("2024-03-08", "2024-03-20", "2024-03-20"))
    assert str(event_day(announces)) == "2024-03-08"
    assert event_day(_article("d", START)) == START.date()
    assert event_day(_article("e", None)) is None
    assert str(event_day(_article("f", None, days=("2024-03-20",)))) == "2024-03-20"


def test_an_undated_article_joins_its_event_even_long_after_it() -> None:
    rng = np.random.default_rng(1)
    sentencing, crash = _unit(rng.normal(size=32)), _unit(rng.normal(size=32))
    articles, vectors = [], []
    for k in range(4):
        articles.append(_article(f"court-{k}", START + timedelta(hours=k), ("Judge Vale",)))
        vectors.append(_near(sentencing, rng))
    for k in range(4):
        articles.append(_article(f"crash-{k}", START + timedelta(days=200, hours=k), ("Muir",)))
        vectors.append(_near(crash, rng))
    # Two undated pages, one about each event: neither founds a catch-all story of undated ones.
    articles += [_article("undated-court", None, ("Judge Vale",))]
    articles += [_article("undated-crash", None, ("Muir",))]
    vectors += [_near(sentencing, rng), _near(crash, rng)]
    index = assign_stories(articles, np.stack(vectors).astype(np.float32), StoryIndex())
    assert index.story_of["undated-court"] == index.story_of["court-0"]
    assert index.story_of["undated-crash"] == index.story_of["crash-0"]
    assert len(index.clusters) == 2


def test_an_undated_article_naming_another_day_stays_out_of_a_look_alike_event() -> None:
    rng = np.random.default_rng(2)
    strike = _unit(rng.normal(size=32))
    articles = [
        _article(f"sixth-{k}", START + timedelta(hours=k), ("Union",), ("2024-03-05",))
        for k in range(4)
    ]
    vectors = [_near(strike, rng) for _ in articles]
    # Same words, same counters; its text names the eighth day, a week later.
    articles.append(_article("eighth", None, ("Union",), ("2024-03-13", "2024-03-13")))
    vectors.append(_near(strike, rng))
    index = assign_stories(articles, np.stack(vectors).astype(np.float32), StoryIndex())
    assert index.story_of["eighth"] != index.story_of["sixth-0"]


def test_one_event_told_from_two_angles_is_one_story_and_a_week_later_is_another() -> None:
    rng = np.random.default_rng(3)
    crash = _unit(rng.normal(size=32))
    angle = rng.normal(size=32)
    angle = _unit(angle - (angle @ crash) * crash)
    # Cosine about 0.64 between the two angles: under join_threshold for one article, and each
    # victims article names one of the crash's actors, too few to join on; together they name
    # three of them.
    victims = _unit(crash + 1.2 * angle)
    actors = ("Jeju Air", "Muan", "Boeing")
    articles, vectors = [], []
    for k in range(3):
        articles.append(_article(f"crash-{k}", START + timedelta(hours=k), actors))
        vectors.append(_near(crash, rng, 0.02))
    for k in range(3):
        names = (actors[k], "Thai embassy")
        articles.append(_article(f"victims-{k}", START + timedelta(hours=5 + k), names))
        vectors.append(_near(victims, rng, 0.02))
    # The same angle a week later, naming its own day: a memorial, another event.
    for k in range(3):
        articles.append(
            _article(
                f"memorial-{k}",
                START + timedelta(days=7, hours=k),
                (*actors, "Thai embassy"),
                ("2024-03-12",),
            )
        )
        vectors.append(_near(victims, rng, 0.02))
    index = assign_stories(articles, np.stack(vectors).astype(np.float32), StoryIndex())
    assert index.story_of["victims-0"] == index.story_of["crash-0"]
    assert index.story_of["memorial-0"] != index.story_of["crash-0"]
    (story,) = [c.story for c in index.clusters.values() if "crash-0" in c.story.article_ids]
    assert set(story.article_ids) == {
        f"{kind}-{k}" for kind in ("crash", "victims") for k in range(3)
    }


def test_a_storyline_is_not_titled_like_one_of_its_events() -> None:
    rng = np.random.default_rng(4)
    topic = _unit(rng.normal(size=32))
    shift = _unit(rng.normal(size=32))
    articles, vectors = [], []
    for event, day in ((0, 0), (1, 14)):
        centre = _unit(topic + (0.6 * shift if event else 0))
        for k in range(3):
            articles.append(
                _article(
                    f"e{event}-{k}",
                    START + timedelta(days=day, hours=k),
                    title=f"Runoff round {event}: headline {k}",
                )
            )
            vectors.append(_near(centre, rng, 0.03))
    matrix = np.stack(vectors).astype(np.float32)
    index = assign_stories(articles, matrix, StoryIndex())
    events = index.stories()
    headlines = {a.id: (a.title or "", matrix[i]) for i, a in enumerate(articles)}
    (line,) = storylines(events, headlines=headlines)
    assert all(event.parent_id == line.id for event in events)
    assert line.title not in {event.title for event in events}
    assert line.title in {a.title for a in articles}
    # Without headlines to choose from, it still gets a name of its own.
    for event in events:
        event.parent_id = None
    (bare,) = storylines(events)
    assert bare.title not in {event.title for event in events}


def test_a_dated_report_recalling_the_day_a_running_story_began_stays_in_it() -> None:
    rng = np.random.default_rng(5)
    flood = _unit(rng.normal(size=32))
    later = START + timedelta(days=4)
    articles = [
        _article(f"toll-{k}", later + timedelta(hours=k), ("Derna",), (str(later.date()),))
        for k in range(3)
    ]
    # Published the same day, it names mostly the night the dams broke, four days before.
    day_of_flood = str(START.date())
    articles.append(_article("recalls", later, ("Derna",), (day_of_flood, day_of_flood)))
    vectors = [_near(flood, rng) for _ in articles]
    index = assign_stories(articles, np.stack(vectors).astype(np.float32), StoryIndex())
    assert index.story_of["recalls"] == index.story_of["toll-0"]


def test_reports_after_a_first_report_that_recalls_the_disaster_day_continue_its_story() -> None:
    rng = np.random.default_rng(6)
    flood, strike = _unit(rng.normal(size=32)), _unit(rng.normal(size=32))
    later = START + timedelta(days=4)
    day_of_flood = str(START.date())
    # The first report out, four days on, names mostly the night the dams broke.
    articles = [_article("first", later, ("Derna",), (day_of_flood, day_of_flood))]
    articles += [
        _article(
            f"toll-{k}",
            later + timedelta(days=k),
            ("Derna",),
            (str((later + timedelta(days=k)).date()),),
        )
        for k in (1, 2)
    ]
    # Undated, it names only the day of the flood.
    articles.append(_article("undated", None, ("Derna",), (day_of_flood,)))
    vectors = [_near(flood, rng) for _ in articles]
    # A look-alike event a week after the last report is still another one.
    week_on = later + timedelta(days=9)
    for k in range(2):
        articles.append(_article(f"next-{k}", week_on, ("Derna",), (str(week_on.date()),)))
        vectors.append(_near(flood, rng))
    articles.append(_article("strike", later, ("Union",)))
    vectors.append(_near(strike, rng))
    index = assign_stories(articles, np.stack(vectors).astype(np.float32), StoryIndex())
    story = index.story_of["first"]
    assert [index.story_of[a] for a in ("toll-1", "toll-2", "undated")] == [story] * 3
    assert index.story_of["next-0"] == index.story_of["next-1"] != story
    assert index.story_of["strike"] != story
