"""Time expressions: each construction resolved against a publication date, the behaviour with
no publication date, and the seeds' gold dates (scores printed; run with -s)."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from counterpoint.annotate import nlp
from counterpoint.annotate.times import find_times
from counterpoint.model import Article, Paragraph, TimeExpression
from evaluation.quantities import SCORED_ZONES
from evaluation.seeds import Seed, seeds, shared_dir

PUBLISHED = datetime(2024, 12, 11, 9, 30)  # a Wednesday


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


# --- seeds -----------------------------------------------------------------------------------


def _publication(seed: Seed) -> date:
    """The stated date, else (tests only) the gold's inferred one ("2023-11-06/07" -> first)."""
    metadata = seed.gold["metadata"]
    stated = metadata.get("date_published") or metadata["date_inferred"]
    return date.fromisoformat(stated[:10])


def _interval(value: str) -> tuple[date, date]:
    """First and last day covered by an ISO day, month, year or interval value."""
    first, _, last = value.partition("/")
    last = last or first
    return _first_day(first.split("T")[0]), _last_day(last.split("T")[0])


def _first_day(value: str) -> date:
    parts = [int(p) for p in value.split("-")] + [1, 1]
    return date(parts[0], parts[1], parts[2])


def _last_day(value: str) -> date:
    parts = [int(p) for p in value.split("-")]
    if len(parts) == 1:
        return date(parts[0], 12, 31)
    if len(parts) == 2:
        return date(parts[0], parts[1], calendar.monthrange(parts[0], parts[1])[1])
    return date(*parts)


def _gold_day(claim: dict[str, Any], published: date) -> tuple[date, date] | None:
    """The days a gold date claim allows: an ISO value, a weekday (the last one up to
    publication) or a relative offset in weeks or months."""
    value, unit = claim["value"], claim.get("unit") or ""
    if isinstance(value, str) and value[:1].isdigit():
        return _interval(value)
    if isinstance(value, str) and value.lower() in calendar.day_name[:] + [
        d.lower() for d in calendar.day_name
    ]:
        weekday = [d.lower() for d in calendar.day_name].index(value.lower())
        day = published - timedelta(days=(published.weekday() - weekday) % 7)
        return day, day
    if isinstance(value, int) and unit.startswith("week"):
        day = published + timedelta(weeks=value)
        return day, day
    if isinstance(value, int) and unit.startswith("month"):
        index = published.year * 12 + published.month - 1 + value
        year, month = index // 12, index % 12 + 1
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return None


@pytest.mark.skipif(
    not (shared_dir() / "data" / "seeds-gold").exists(), reason="shared seed gold missing"
)
def test_seed_dates_against_gold() -> None:
    pipeline = nlp.load("en")
    right, total, lines = 0, 0, []
    for seed in seeds():
        published = _publication(seed)
        article = seed.gold_article()
        article.published = datetime.combine(published, datetime.min.time())
        found = find_times(article, pipeline(article.text))
        for claim in seed.gold["numeric_claims"]:
            expected = _gold_day(claim, published)
            if claim["kind"] not in ("date", "relative_time") or claim["zone"] not in SCORED_ZONES:
                continue
            if expected is None:
                continue
            total += 1
            mine = [
                t
                for t in found
                if article.raw_offset(t.start) is not None
                and article.raw_offset(t.start) < claim["end"]  # type: ignore[operator]
                and claim["start"] < (article.raw_offset(t.end - 1) or 0) + 1
            ]
            ok = any(
                t.value is not None
                and (
                    _interval(t.value) == expected
                    or _interval(t.value)[0] == expected[0]  # "since X": starts at X
                    or expected[0] <= _interval(t.value)[0] <= _interval(t.value)[1] <= expected[1]
                    or _interval(t.value)[0] <= expected[0] <= expected[1] <= _interval(t.value)[1]
                )
                for t in mine
            )
            right += ok
            ours = [(article.text[t.start : t.end], t.value) for t in mine]
            verdict = "ok " if ok else "BAD"
            lines.append(
                f"  {verdict} {seed.name[:3]} {claim['surface']!r} {claim['value']} {ours}"
            )
    print(f"\ntimes on seed gold dates: {right}/{total} = {right / total:.3f}")
    print("\n".join(lines))
    assert total >= 10
    assert right / total >= 0.9


# --- other languages: rules from dateparser's locale data -----------------------------------


def local(text: str, language: str, published: datetime | None = PUBLISHED) -> dict[str, Any]:
    article = Article(
        id="t",
        source="t",
        text=text,
        published=published,
        language=language,
        paragraphs=[Paragraph(0, len(text), "paragraph")],
    )
    found = find_times(article, nlp.load(language)(text))
    return {text[t.start : t.end]: t.value for t in found}


@pytest.mark.parametrize(
    ("language", "text", "surface", "value"),
    [
        ("it", "Il voto si è tenuto il 20 novembre.", "20 novembre", "2024-11-20"),
        ("es", "Ocurrió el 5 de marzo de 2024 en Madrid.", "5 de marzo de 2024", "2024-03-05"),
        ("de", "Am 5. März 2024 begann der Streik.", "5. März 2024", "2024-03-05"),
        ("ru", "Это случилось 5 марта 2024 года.", "5 марта 2024", "2024-03-05"),
        ("tr", "Toplantı 26.11.2024 tarihinde yapıldı.", "26.11.2024", "2024-11-26"),
        ("zh", "会议于2024年3月5日举行。", "2024年3月5日", "2024-03-05"),
        ("ko", "회의는 3월 5일 열렸다.", "3월 5일", "2024-03-05"),
        ("pt", "O acordo foi assinado em março de 2024.", "março de 2024", "2024-03"),
        ("it", "Ieri il governo ha votato.", "Ieri", "2024-12-10"),
        ("ja", "昨日、首相が会見した。", "昨日", "2024-12-10"),
        ("de", "Die Regierung tagte am Montag.", "Montag", "2024-12-09"),
        ("es", "Lo anunció la semana pasada.", "la semana pasada", "2024-12-02/2024-12-08"),
    ],
)
def test_other_languages_resolve_against_publication(
    language: str, text: str, surface: str, value: str
) -> None:
    assert local(text, language)[surface] == value


def test_other_languages_without_publication_date_leave_relative_values_open() -> None:
    assert local("Ieri il governo ha votato il 20 novembre.", "it", None) == {
        "Ieri": None,
        "20 novembre": None,
    }


def test_a_german_noun_is_not_a_relative_day() -> None:
    """ "morgen" is tomorrow, "am Morgen" the morning."""
    assert local("Er kam am Morgen.", "de") == {}
    assert local("Er kommt morgen.", "de") == {"morgen": "2024-12-12"}
