"""Time expressions on the real English pipeline: each construction resolved against a
publication date, and the behaviour with no publication date."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

from counterpoint.annotate import nlp
from counterpoint.annotate.times import find_times
from counterpoint.model import Article, Paragraph, TimeExpression

from ..unit.test_times import PUBLISHED


def annotate(text: str, published: datetime | None = PUBLISHED) -> list[TimeExpression]:
    article = Article(
        id="t",
        source="t",
        text=text,
        published=published,
        paragraphs=[Paragraph(0, len(text), "paragraph")],
    )
    return find_times(article, nlp.load("en")(text))


def resolved(text: str, published: datetime | None = PUBLISHED) -> dict[str, tuple[Any, Any]]:
    return {text[t.start : t.end]: (t.value, t.granularity) for t in annotate(text, published)}


CONSTRUCTIONS = [
    ("The vote was held on November 20.", "November 20", "2024-11-20", "day"),
    ("A photo dated Nov. 26, 2024 shows the hall.", "Nov. 26, 2024", "2024-11-26", "day"),
    ("Posted 28 Nov 2024 15:35 by staff.", "28 Nov 2024 15:35", "2024-11-28T15:35", "time"),
    ("The file is dated 2024-11-26.", "2024-11-26", "2024-11-26", "day"),
    ("The form is dated 11/26/2024.", "11/26/2024", "2024-11-26", "day"),
    ("The form is dated 26.11.2024.", "26.11.2024", "2024-11-26", "day"),
    ("He resigned in September.", "in September", "2024-09", "month"),
    ("The war began last October.", "last October", "2024-10", "month"),
    ("The war began last December.", "last December", "2023-12", "month"),
    ("Talks resume in November 2023.", "November 2023", "2023-11", "month"),
    ("The plan was unveiled late last month.", "late last month", "2024-11-21/2024-11-30", "range"),
    ("The US vetoed a text last month.", "last month", "2024-11", "month"),
    ("On Wednesday, the assembly voted.", "On Wednesday", "2024-12-11", "day"),
    ("Blinken spoke on Monday in Ankara.", "on Monday", "2024-12-09", "day"),
    ("The minister will travel on Friday.", "on Friday", "2024-12-13", "day"),
    ("They met last Wednesday.", "last Wednesday", "2024-12-04", "day"),
    ("A vote came this week.", "this week", "2024-12-09/2024-12-15", "week"),
    ("The speech last week drew crowds.", "last week", "2024-12-02/2024-12-08", "week"),
    ("Talks stalled earlier this fall.", "earlier this fall", "2024-09-22/2024-12-21", "season"),
    ("It was hot last summer.", "last summer", "2024-06-21/2024-09-21", "season"),
    ("The plan was offered earlier this year.", "earlier this year", "2024", "year"),
    ("Prices rose last year.", "last year", "2023", "year"),
    ("The treaty was signed in 2023.", "in 2023", "2023", "year"),
    ("The party was founded in the 1990s.", "in the 1990s", "1990/1999", "decade"),
    ("The deal was struck in early 2024.", "in early 2024", "2024-01-01/2024-04-30", "range"),
    ("Fighting has raged since October 7.", "since October 7", "2024-10-07/2024-12-11", "range"),
    ("Prices have risen since 2020.", "since 2020", "2020-01-01/2024-12-11", "range"),
    (
        "He vetoed six texts in the past 14 months.",
        "the past 14 months",
        "2023-10-11/2024-12-11",
        "range",
    ),
    ("A leader was killed two weeks ago.", "two weeks ago", "2024-11-25/2024-12-01", "week"),
    ("Prices fell over the past year.", "the past year", "2023-12-11/2024-12-11", "range"),
    ("The bill passed three years ago.", "three years ago", "2021", "year"),
    ("The envoy left yesterday.", "yesterday", "2024-12-10", "day"),
    ("The envoy arrives today.", "today", "2024-12-11", "day"),
    ("The envoy spoke at 3 p.m. in Doha.", "3 p.m.", "2024-12-11T15:00", "time"),
]


@pytest.mark.parametrize(("text", "surface", "value", "granularity"), CONSTRUCTIONS)
def test_construction(text: str, surface: str, value: str, granularity: str) -> None:
    found = resolved(text)
    assert found.get(surface) == (value, granularity), found


def test_year_inferred_towards_the_past() -> None:
    january = datetime(2024, 1, 5)
    assert resolved("The strike came on December 28.", january)["December 28"][0] == "2023-12-28"
    assert resolved("Polls open on February 3.", january)["February 3"][0] == "2024-02-03"
    assert resolved("Talks will resume on December 28.", january)["December 28"][0] == "2024-12-28"


def test_without_publication_date() -> None:
    found = resolved(
        "On Wednesday, last month and on November 20 and on Nov. 26, 2024 and in 2023.", None
    )
    assert found["On Wednesday"] == (None, "day")
    assert found["last month"] == (None, "month")
    assert found["November 20"] == (None, "day")
    assert found["Nov. 26, 2024"] == ("2024-11-26", "day")
    assert found["in 2023"] == ("2023", "year")


@pytest.mark.parametrize(
    "text",
    [
        "Some 2000 people marched.",
        "They may march again.",
        "It took many months and a few weeks.",
        "The march was long.",
        "More talks are expected in the coming days.",
    ],
)
def test_not_time_expressions(text: str) -> None:
    assert annotate(text) == []
