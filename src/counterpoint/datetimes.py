"""Dates and times, with one policy for the whole program; every layer imports them from here.

- **Aware, offset kept.** Every datetime the program holds is aware. A stated UTC offset is
  kept as stated (``2024-12-12T09:30:00+01:00`` stays at +01:00), so the calendar day is the
  one the outlet printed and relative dates ("yesterday") resolve against it; comparisons and
  ordering are by the instant, i.e. in UTC.
- **Naive input is UTC.** A date or time with no stated offset (``2024-12-12``,
  ``12 December 2024 10:00``, a ``datetime`` without ``tzinfo``, a ``date``) is read as UTC:
  ``+00:00`` is attached and the clock time is left as written, never converted from the
  machine's zone. :func:`aware` applies this, and the model's records apply it when built.
- **Plausible years only.** A publication date outside :data:`EARLIEST_YEAR` ..
  :data:`LATEST_YEAR` is refused: ``0001-01-01T00:00:00Z`` is how some CMSs write an unset
  date, and a year 9999 is a placeholder too.
- **Absolute dates only.** :func:`parse_published` refuses relative dates ("yesterday", "2 hours
  ago"), whose meaning would depend on when the program runs.

A resolved time expression's value is an ISO string (day ``2024-11-20``, month ``2024-11``,
year ``2024``, or an interval ``2024-09-01/2024-11-30``); :func:`period` reads it as the
first and last day it covers, the one reading every layer uses.
"""

from __future__ import annotations

import calendar
import email.utils
import re
from datetime import UTC, date, datetime

EARLIEST_YEAR = 1800
LATEST_YEAR = 2200

_EPOCH = re.compile(r"\d{9,13}(?:\.\d+)?")
_ISO_PERIOD = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:T.*)?")


def aware(moment: datetime) -> datetime:
    """``moment`` with its stated offset, or read as UTC when it states none."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def from_date(day: date) -> datetime:
    """Midnight UTC of a calendar day."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def from_iso(value: str) -> datetime:
    """An ISO 8601 date or datetime as an aware datetime; raises ``ValueError`` otherwise."""
    return aware(datetime.fromisoformat(value))


def plausible(moment: datetime | None) -> datetime | None:
    """``moment`` made aware, or ``None`` when it is missing or its year is implausible."""
    if moment is None or not EARLIEST_YEAR <= moment.year <= LATEST_YEAR:
        return None
    return aware(moment)


def parse_published(value: str | None) -> datetime | None:
    """A stated publication date as an aware datetime, ``None`` when unreadable or implausible.

    Reads seconds or milliseconds since 1970 (UTC), ISO 8601 (``Z``, ``+0100`` and a space
    for ``T`` included), RFC 2822 (feeds, mail), and other absolute formats with a day, a
    month and a year that dateparser reads ("3 May 2021", "20.11.2019 12:32")."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if _EPOCH.fullmatch(value):
        seconds = float(value)
        return plausible(datetime.fromtimestamp(seconds / 1000 if seconds > 1e11 else seconds, UTC))
    try:
        return plausible(datetime.fromisoformat(value))
    except ValueError:
        pass
    try:
        return plausible(email.utils.parsedate_to_datetime(value))
    except (TypeError, ValueError, IndexError):
        pass
    if not any(char.isdigit() for char in value):
        return None  # no year, so no absolute date; spares dateparser's costly language search
    import dateparser  # slow to import; only for dates in neither standard format

    return plausible(
        dateparser.parse(
            value,
            settings={
                "PARSERS": ["custom-formats", "absolute-time"],
                "REQUIRE_PARTS": ["day", "month", "year"],
            },
        )
    )


def parse_written_date(text: str, languages: list[str], day_first: bool) -> datetime | None:
    """A date printed in an article's header in one of ``languages`` ("3 mai 2021",
    "November 20, 2019 12:32"), read strictly (day, month and year all written); ``day_first``
    reads "03.05.2021" as the 3rd of May. ``None`` when it is not one."""
    import dateparser  # slow to import; only needed when a date line is there

    # A zone the text names ("7:07 PM EST") is kept as the instant it means; none means UTC.
    settings: dict[str, bool | str] = {
        "STRICT_PARSING": True,
        "TIMEZONE": "UTC",
        "RETURN_AS_TIMEZONE_AWARE": True,
    }
    if day_first:
        settings["DATE_ORDER"] = "DMY"
    return plausible(dateparser.parse(text, languages=languages, settings=settings))


def undated_last(moment: datetime | None) -> tuple[bool, float]:
    """Sort key: dated things first, earliest instant first, then the undated ones."""
    return (moment is None, moment.timestamp() if moment is not None else 0.0)


def period(value: str | None) -> tuple[date, date] | None:
    """The first and last day a resolved time value covers (``2024-11`` -> Nov 1 .. Nov 30,
    ``2024-09-01/2024-11-30`` -> its two ends); ``None`` when it is not one."""
    if not value:
        return None
    first_text, _, last_text = value.partition("/")
    first = _days(first_text.strip())
    last = _days((last_text or first_text).strip())
    if first is None or last is None:
        return None
    return first[0], last[1]


def _days(text: str) -> tuple[date, date] | None:
    match = _ISO_PERIOD.fullmatch(text)
    if not match:
        return None
    year = int(match.group(1))
    if match.group(3):
        day = date(year, int(match.group(2)), int(match.group(3)))
        return day, day
    if match.group(2):
        month = int(match.group(2))
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return date(year, 1, 1), date(year, 12, 31)
