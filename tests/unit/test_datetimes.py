"""One time module: one parser for publication dates, aware datetimes with the stated offset
kept, naive input read as UTC, one "undated last" order and one reading of time values."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

import counterpoint
from counterpoint.datetimes import (
    aware,
    parse_published,
    parse_written_date,
    period,
    undated_last,
)
from counterpoint.extract.html import extract_html
from counterpoint.model import Article, Story, TimeExpression, from_dict, to_dict
from counterpoint.store.schema import IsoDateTime

PLUS_TWO = timezone(timedelta(hours=2))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-11-20", datetime(2024, 11, 20, tzinfo=UTC)),
        ("2024-11-20 08:30", datetime(2024, 11, 20, 8, 30, tzinfo=UTC)),
        ("2024-11-20T08:30:00Z", datetime(2024, 11, 20, 8, 30, tzinfo=UTC)),
        ("2024-11-20T10:30:00+0200", datetime(2024, 11, 20, 10, 30, tzinfo=PLUS_TWO)),
        ("Wed, 20 Nov 2024 10:30:00 +0200", datetime(2024, 11, 20, 10, 30, tzinfo=PLUS_TWO)),
        ("November 20, 2024", datetime(2024, 11, 20, tzinfo=UTC)),
        ("1732091400", datetime(2024, 11, 20, 8, 30, tzinfo=UTC)),
        ("1800-01-01", datetime(1800, 1, 1, tzinfo=UTC)),
        ("2200-12-31", datetime(2200, 12, 31, tzinfo=UTC)),
        ("0001-01-01T00:00:00Z", None),
        ("1799-12-31", None),
        ("9999-12-31T23:59:59", None),
        ("yesterday", None),
        ("   ", None),
        (None, None),
    ],
)
def test_parse_published(value: str | None, expected: datetime | None) -> None:
    assert parse_published(value) == expected


def test_a_stated_offset_is_kept_and_naive_input_is_read_as_utc() -> None:
    stated = parse_published("2024-11-20T23:30:00-05:00")
    assert stated is not None and stated.utcoffset() == timedelta(hours=-5)
    assert stated.date() == date(2024, 11, 20)  # the day the outlet printed, not UTC's
    naive = aware(datetime(2024, 11, 20, 23, 30))
    assert naive.tzinfo is UTC and naive.hour == 23


def test_written_dates_in_the_header_languages() -> None:
    assert parse_written_date("3 mars 2024", ["fr"], day_first=True) == datetime(
        2024, 3, 3, tzinfo=UTC
    )
    assert parse_written_date("05/10/2018", ["en"], day_first=True) == datetime(
        2018, 10, 5, tzinfo=UTC
    )
    assert parse_written_date("05/10/2018", ["en"], day_first=False) == datetime(
        2018, 5, 10, tzinfo=UTC
    )
    assert parse_written_date("March 2024", ["en"], day_first=False) is None


def test_undated_last_orders_by_the_instant() -> None:
    early = datetime(2024, 3, 4, 10, 0, tzinfo=PLUS_TWO)  # 08:00 UTC
    late = datetime(2024, 3, 4, 9, 0, tzinfo=UTC)
    moments = [None, late, early]
    assert sorted(moments, key=undated_last) == [early, late, None]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2024-11-20", (date(2024, 11, 20), date(2024, 11, 20))),
        ("2024-11-20T09:30", (date(2024, 11, 20), date(2024, 11, 20))),
        ("2024-02", (date(2024, 2, 1), date(2024, 2, 29))),
        ("2024", (date(2024, 1, 1), date(2024, 12, 31))),
        ("2024-09-01/2024-11", (date(2024, 9, 1), date(2024, 11, 30))),
        ("soon", None),
        (None, None),
    ],
)
def test_period_of_a_time_value(value: str | None, expected: tuple[date, date] | None) -> None:
    assert period(value) == expected
    assert TimeExpression(0, 4, value).period == expected


def test_model_records_hold_aware_datetimes() -> None:
    article = Article(id="a", source="a.txt", text="x", published=datetime(2024, 5, 6))
    assert article.published == datetime(2024, 5, 6, tzinfo=UTC)
    story = Story("s", "t", ["a"], first_published=datetime(2024, 5, 6, 7))
    assert story.first_published is not None and story.first_published.tzinfo is UTC
    # a record stored by an older version with a naive date reads back aware
    data = to_dict(article) | {"published": "2024-05-06T07:00:00"}
    assert from_dict(Article, data).published == datetime(2024, 5, 6, 7, tzinfo=UTC)
    column = IsoDateTime()
    assert column.process_result_value("2024-05-06T07:00:00", None) == datetime(
        2024, 5, 6, 7, tzinfo=UTC
    )
    stated = column.process_result_value("2024-05-06T07:00:00+02:00", None)
    assert stated is not None and stated.utcoffset() == timedelta(hours=2)


def test_html_metadata_dates_go_through_the_one_parser() -> None:
    page = (
        '<html><head><meta property="article:published_time" content="Wed, 20 Nov 2024 '
        '10:30:00 +0200"></head><body><article><h1>Port reopens</h1><p>'
        + "The harbour authority reopened the northern port on Tuesday, officials said. " * 4
        + "</p></article></body></html>"
    )
    assert extract_html(page).published == datetime(2024, 11, 20, 10, 30, tzinfo=PLUS_TWO)


@pytest.mark.parametrize(
    ("published", "expected"),
    [
        ("2024-12-12", datetime(2024, 12, 12, tzinfo=UTC)),
        ("2024-12-12T09:30:00+01:00", datetime(2024, 12, 12, 8, 30, tzinfo=UTC)),
        (date(2024, 12, 12), datetime(2024, 12, 12, tzinfo=UTC)),
        (datetime(2024, 12, 12, 9, 30), datetime(2024, 12, 12, 9, 30, tzinfo=UTC)),
    ],
)
def test_the_api_publication_date_follows_the_policy(published: object, expected: datetime) -> None:
    from counterpoint import _publication_date

    moment = _publication_date(published)
    assert moment == expected and moment is not None and moment.tzinfo is not None


def test_the_api_refuses_an_absurd_year() -> None:
    with pytest.raises(ValueError, match="published must be a date"):
        counterpoint.annotate("Text.", published="0001-01-01")
