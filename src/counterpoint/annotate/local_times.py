"""Time expressions in any language dateparser knows, by rules over the text.

Month and weekday names and the words for "yesterday", "today", "last week" and the like
come from dateparser's locale data, so one set of patterns serves every language: numeric
dates (``2024-03-05``, ``05.03.2024``, ``5/3/2024``, day first), a day and a month name with
an optional year (``5 marzo 2024``, ``5. März``, ``5 de marzo de 2024``, ``5 марта``), a month
name and a year, Chinese, Japanese and Korean dates (``2024年3月5日``, ``3월 5일``), weekday
names and the relative words. Values resolve against the publication date as the English
rules do: a date without a year takes the year that puts it at most two months after
publication.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from counterpoint.annotate.lexicons import language_lexicon, words_pattern
from counterpoint.model import Article, Granularity, TimeExpression

_RELATIVE_KEY = re.compile(
    r"^(?P<ahead>in )?(?P<count>\d+) (?P<unit>day|week|month|year)(?: ago)?$"
)
_MONTH_KEYS = [calendar.month_name[m].lower() for m in range(1, 13)]
_WEEKDAY_KEYS = [calendar.day_name[d].lower() for d in range(7)]
_CONNECTOR = r"(?:(?:de|del|di|of)\s+)?"
_YEAR = r"(?P<year>(?:1[89]|2[01])\d\d)(?!\d)"
_DAY = r"(?P<day>[0-3]?\d)(?!\d)"
# A resolved value the calendar holds: years 0001 to 9999, not "-976" or "10000".
_ISO_VALUE = re.compile(r"(?!0000)\d{4}(?:-\d\d(?:-\d\d)?)?(?:T\d\d:\d\d)?")


@dataclass(frozen=True, slots=True)
class _Relative:
    count: int  # signed: -1 yesterday, 0 today, 1 tomorrow
    unit: str


@dataclass(frozen=True, slots=True)
class _Rules:
    months: dict[str, int]
    weekdays: dict[str, int]
    relative: dict[str, _Relative]
    patterns: tuple[tuple[re.Pattern[str], str], ...]


Resolved = tuple[str | None, Granularity]


def find_local_times(article: Article) -> list[TimeExpression]:
    """Every time expression of ``article`` the language-neutral rules find, in text order."""
    rules = _rules(article.language or "en")
    published = article.published.date() if article.published else None
    text = article.text
    candidates: list[tuple[int, int, str, re.Match[str]]] = []
    for pattern, kind in rules.patterns:
        for match in pattern.finditer(text):
            candidates.append((match.start(), match.end(), kind, match))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    nouns_capitalised = language_lexicon(article.language).capitalised_nouns
    taken: list[tuple[int, int]] = []
    found: list[TimeExpression] = []
    for start, end, kind, match in candidates:
        if any(s < end and start < e for s, e in taken):
            continue
        if kind == "relative" and nouns_capitalised and _capitalised_noun(text, start):
            continue  # German "Morgen" (morning) is not "morgen" (tomorrow)
        try:
            resolved = _RESOLVERS[kind](rules, match, published)
        except (ValueError, OverflowError):  # off the calendar: "yesterday" in year 1
            continue
        if resolved is None or not on_calendar(resolved[0]):
            continue
        taken.append((start, end))
        found.append(TimeExpression(start, end, resolved[0], resolved[1]))
    return sorted(found, key=lambda t: t.start)


def on_calendar(value: str | None) -> bool:
    """Whether a resolved value (day, month, year, ``a/b`` interval) names days the calendar
    holds; date arithmetic near its ends gives none."""
    return value is None or all(_ISO_VALUE.fullmatch(part) for part in value.split("/"))


def calendar_words(language: str | None) -> frozenset[str]:
    """The month and weekday names of ``language``, lower case (they are capitalised in
    some languages without being names)."""
    rules = _rules(language or "en")
    return frozenset(rules.months) | frozenset(rules.weekdays)


def _capitalised_noun(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return text[start].isupper() and bool(before) and before[-1] not in '.!?:"„“«»\n'


@cache
def _rules(language: str) -> _Rules:
    from dateparser.languages.loader import default_loader

    try:
        info = default_loader.get_locale(language).info
    except ValueError:  # a language dateparser does not know: numeric dates only
        info = {}
    months = {
        name.lower().rstrip("."): number
        for number, key in enumerate(_MONTH_KEYS, start=1)
        for name in info.get(key, [])
        if len(name) > 2 and not any(char.isdigit() for char in name)
    }
    weekdays = {
        name.lower(): number
        for number, key in enumerate(_WEEKDAY_KEYS)
        for name in info.get(key, [])
        if len(name) > 3
    }
    relative = _relative_words(info.get("relative-type", {}))
    patterns: list[tuple[re.Pattern[str], str]] = [
        (re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})(?!\d)"), "iso"),
        (re.compile(r"(?<![\d.])(?P<d>[0-3]?\d)[./](?P<m>[01]?\d)[./](?P<y>\d{4})(?!\d)"), "dmy"),
        (
            re.compile(
                r"(?P<y>\d{4})\s*[年년]\s*(?P<m>[01]?\d)\s*[月월]\s*(?P<d>[0-3]?\d)\s*[日号일]"
            ),
            "ymd",
        ),
        (re.compile(r"(?<!\d)(?P<m>[01]?\d)\s*[月월]\s*(?P<d>[0-3]?\d)\s*[日号일]"), "md"),
        (re.compile(r"(?P<y>\d{4})\s*[年년]\s*(?P<m>[01]?\d)\s*[月월]"), "ym"),
    ]
    if months:
        names = _alternatives(months)
        long_names = _alternatives(name for name in months if len(name) > 3)
        year = rf"(?:,?\s*{_CONNECTOR}{_YEAR})?"
        dot = r"(?:\.(?=\s*\d))?"  # an abbreviation's dot, not a full stop ("20 novembre.")
        patterns += [
            (
                re.compile(
                    rf"(?<!\d){_DAY}\.?\s*{_CONNECTOR}(?P<month>{names})(?!\w){dot}{year}", re.I
                ),
                "dm",
            ),
            (
                re.compile(
                    rf"(?<!\w)(?P<month>{names})(?!\w)\.?\s+{_DAY}(?:st|nd|rd|th)?{year}", re.I
                ),
                "dm",
            ),
            (
                re.compile(rf"(?<!\w)(?P<month>{long_names})(?!\w)\s+{_CONNECTOR}{_YEAR}", re.I),
                "my",
            ),
        ]
    if weekdays:
        patterns.append((words_pattern(weekdays), "weekday"))
    if relative:
        patterns.append((words_pattern(relative), "relative"))
    return _Rules(months, weekdays, relative, tuple(patterns))


def _relative_words(table: dict[str, list[str]]) -> dict[str, _Relative]:
    """Words for one day, week, month or year away; a word listed under two meanings (Hindi
    "कल" is both yesterday and tomorrow) is left out."""
    meanings: dict[str, set[_Relative]] = {}
    for key, words in table.items():
        parsed = _RELATIVE_KEY.match(key)
        if parsed is None or int(parsed["count"]) > 2:
            continue
        count = int(parsed["count"]) * (1 if parsed["ahead"] else -1)
        for word in words:
            if len(word) > 1 and not word.isdigit():
                meanings.setdefault(word.lower(), set()).add(_Relative(count, parsed["unit"]))
    return {word: next(iter(found)) for word, found in meanings.items() if len(found) == 1}


def _alternatives(words: Iterable[str]) -> str:
    """A regex group matching any of ``words``, longest first."""
    return "(?:" + "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) + ")"


# --- values ----------------------------------------------------------------------------------


def _day(year: int | None, month: int, day: int, published: date | None) -> Resolved | None:
    if not 1 <= month <= 12 or not 1 <= day <= 31:
        return None
    if year is None:
        if published is None:
            return None, "day"
        year = infer_year(month, day, published)
    if day > calendar.monthrange(year, month)[1]:
        return None
    return date(year, month, day).isoformat(), "day"


def infer_year(month: int, day: int, published: date) -> int:
    """The latest year that puts month-day no more than two months after publication."""
    candidates = [
        date(y, month, min(day, calendar.monthrange(y, month)[1]))
        for y in (published.year - 1, published.year, published.year + 1)
    ]
    return max(c.year for c in candidates if c <= published + timedelta(days=61))


def _numeric(rules: _Rules, match: re.Match[str], published: date | None) -> Resolved | None:
    return _day(int(match["y"]), int(match["m"]), int(match["d"]), published)


def _month_day(rules: _Rules, match: re.Match[str], published: date | None) -> Resolved | None:
    year = int(match["y"]) if match.groupdict().get("y") else None
    return _day(year, int(match["m"]), int(match["d"]), published)


def _year_month(rules: _Rules, match: re.Match[str], published: date | None) -> Resolved | None:
    month = int(match["m"])
    return (f"{int(match['y']):04d}-{month:02d}", "month") if 1 <= month <= 12 else None


def _named_day(rules: _Rules, match: re.Match[str], published: date | None) -> Resolved | None:
    month = rules.months[match["month"].lower().rstrip(".")]
    year = int(match["year"]) if match["year"] else None
    return _day(year, month, int(match["day"]), published)


def _named_month(rules: _Rules, match: re.Match[str], published: date | None) -> Resolved | None:
    month = rules.months[match["month"].lower()]
    return f"{int(match['year']):04d}-{month:02d}", "month"


def _weekday(rules: _Rules, match: re.Match[str], published: date | None) -> Resolved | None:
    """The latest such weekday up to publication: news reports what happened."""
    if published is None:
        return None, "day"
    back = (published.weekday() - rules.weekdays[match[0].lower()]) % 7
    return (published - timedelta(days=back)).isoformat(), "day"


def _relative(rules: _Rules, match: re.Match[str], published: date | None) -> Resolved | None:
    meaning = rules.relative[match[0].lower()]
    granularity: Granularity = meaning.unit  # type: ignore[assignment]
    if published is None:
        return None, granularity
    if meaning.unit == "day":
        return (published + timedelta(days=meaning.count)).isoformat(), "day"
    if meaning.unit == "week":
        monday = published - timedelta(days=published.weekday()) + timedelta(weeks=meaning.count)
        return f"{monday.isoformat()}/{(monday + timedelta(days=6)).isoformat()}", "week"
    if meaning.unit == "month":
        index = published.year * 12 + published.month - 1 + meaning.count
        return f"{index // 12:04d}-{index % 12 + 1:02d}", "month"
    return f"{published.year + meaning.count:04d}", "year"


_RESOLVERS: dict[str, Callable[[_Rules, re.Match[str], date | None], Resolved | None]] = {
    "iso": _numeric,
    "dmy": _numeric,
    "ymd": _month_day,
    "md": _month_day,
    "ym": _year_month,
    "dm": _named_day,
    "my": _named_month,
    "weekday": _weekday,
    "relative": _relative,
}
