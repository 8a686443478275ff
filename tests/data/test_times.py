"""Time expressions: the seeds' gold dates (scores printed; run with -s)."""

from __future__ import annotations

import calendar
from datetime import date, datetime, timedelta
from typing import Any

import pytest

from counterpoint.annotate import nlp
from counterpoint.annotate.times import find_times
from evaluation.quantities import SCORED_ZONES
from evaluation.seeds import Seed, seeds, shared_dir

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
