"""Time expressions resolved against the publication date.

Rules over the text find absolute dates ("Nov. 26, 2024", "28 Nov 2024 15:35", "2024-11-26"),
partial dates ("November 20", "in September", "last October"), weekdays, relative periods
("last month", "this week", "earlier this fall", "the past 14 months", "two weeks ago",
"since October 7") and years/decades; each becomes a :class:`TimeExpression` whose ``value``
is an ISO day, month, year, ``start/end`` interval or ``date`` + ``T`` + ``HH:MM``. Anything that
needs the publication date resolves to ``None`` without one. A date without a year takes the
year that puts it at most two months after publication (a past-leaning reading, since news
reports mostly what happened), or the next occurrence when the verb is in the future tense.
spaCy DATE entities the rules miss get one try with ``dateparser`` in strict mode. The verb's
tense and the DATE entities are read only where the pipeline parsed the text. Articles in any
other language go to the language-neutral rules of :mod:`local_times`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from spacy.tokens import Doc

from counterpoint.annotate.local_times import find_local_times, on_calendar
from counterpoint.annotate.nlp import Parse
from counterpoint.annotate.quantity_lexicon import combine, digits_value, scale_value, word_value
from counterpoint.lexicon import language, month_names, months, words
from counterpoint.model import Article, Granularity, TimeExpression

# English month names (data/languages/en.json); the rules below read English dates.
_MONTH_NAMES = month_names("en")
# Month names that are also other words ("may", "march"): a month only after a lead word.
_MONTH_HOMOGRAPHS = words("en", "month_homographs")
_WEEKDAYS = words("en", "weekdays")
# Astronomical seasons (northern hemisphere), as (month, day) of the first and last day.
_SEASONS: dict[str, tuple[tuple[int, int], tuple[int, int]]] = {
    season: ((days[0][0], days[0][1]), (days[1][0], days[1][1]))
    for season, days in language("en")["seasons"].items()
    if not season.startswith("_")
}
_PERIODS = {"day": 1, "days": 1, "week": 7, "weeks": 7, "month": 30, "months": 30}
# Auxiliaries and governing verbs that point the sentence forward ("could begin in July",
# "plans to vote on Monday"), and prepositions that do ("closed until Thursday").
_FUTURE_AUX = frozenset(words("en", "future_auxiliaries"))
_FUTURE_GOVERNORS = frozenset(words("en", "future_governors"))
_FORWARD_PREPOSITIONS = tuple(f"{word} " for word in words("en", "forward_prepositions"))

# A month written as English news writes it: "September", "Sept." or "Sep".
_ABBREVIATED_MONTHS = sorted(
    {short.title() for names in months("en") for short in names[1:]}, key=len, reverse=True
)
_MONTH = (
    rf"(?P<{{name}}>(?:{'|'.join(_ABBREVIATED_MONTHS)})\.?|"
    rf"{'|'.join(names[0].title() for names in months('en'))})(?![a-z])"
)
_DAY = r"(?P<{name}>[0-3]?\d)(?:st|nd|rd|th)?(?!\d)"
_YEAR = r"(?P<{name}>(?:1[89]|2[01])\d\d)(?!\d)"
# An optional time of day after a date: needs minutes or am/pm, so "May 5, 2024 15 people"
# does not swallow the 15.
_TIME = (
    r"(?:,?\s*(?:at\s+)?(?P<hour>[0-2]?\d)(?::(?P<minute>[0-5]\d)(?:\s*(?P<ampm>[ap]\.?m\.?))?"
    r"|\s*(?P<ampm2>[ap]\.?m\.?))(?=\W|$))?"
)
_COUNT = (
    r"(?P<count>\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
    r"|fifteen|twenty|thirty|forty|fifty|sixty|[a-z]+-[a-z]+)"
)
_UNIT = r"(?P<unit>day|week|month|year)s?"
_SEASON = rf"(?P<season>{'|'.join(_SEASONS)})"
_WEEKDAY = rf"(?P<weekday>{'|'.join(day.title() for day in _WEEKDAYS)})"
_PART = r"(?:(?P<part>(?i:early|mid|late|earlier|later))(?:\s+|-))?"


@dataclass(slots=True)
class _Context:
    published: date | None
    future: bool  # the governing verb is in the future tense


@dataclass(slots=True)
class _Resolved:
    value: str | None
    granularity: Granularity


Handler = Callable[[re.Match[str], _Context], _Resolved | None]


def find_times(article: Article, doc: Doc) -> list[TimeExpression]:
    """Every time expression in ``article``, in text order, without overlaps."""
    if (article.language or "en") != "en":
        return find_local_times(article)
    parse = Parse.of(doc)
    tense_known = parse.dependencies and parse.tags and parse.lemmas
    published = article.published.date() if article.published else None
    text = article.text
    candidates: list[tuple[int, int, Handler, re.Match[str]]] = []
    for pattern, handler in _RULES:
        for match in pattern.finditer(text):
            candidates.append((match.start(), match.end(), handler, match))
    # Longest first, then earliest: "Nov. 26, 2024" wins over "Nov. 26" and "2024".
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0]))
    taken: list[tuple[int, int]] = []
    found: list[TimeExpression] = []
    for start, end, handler, match in candidates:
        if any(s < end and start < e for s, e in taken):
            continue
        future = _is_future(doc, article.text, start, tense_known)
        try:
            resolved = handler(match, _Context(published, future))
        except (ValueError, OverflowError):  # off the calendar: "the past 3000 years"
            continue
        if resolved is None or not on_calendar(resolved.value):
            continue
        since = _SINCE.search(text, max(0, start - 10), end)
        if since is not None and (since.end() == start or since.start() == start):
            start, resolved = since.start(), _since(resolved, published)
        taken.append((start, end))
        found.append(TimeExpression(start, end, resolved.value, resolved.granularity))
    if parse.entities:
        found.extend(_fallback(doc, taken, published))
    return sorted(found, key=lambda t: t.start)


def _is_future(doc: Doc, text: str, offset: int, tense_known: bool) -> bool:
    """Whether the expression at ``offset`` looks forward from publication: after "until",
    or (where ``tense_known``: the doc is parsed) in a future-tense clause. ``text`` is the
    article text: spaCy rebuilds ``doc.text`` from every token on each access."""
    if text[max(0, offset - 7) : offset].lower().endswith(_FORWARD_PREPOSITIONS):
        return True
    if not tense_known:
        return False
    span = doc.char_span(offset, offset + 1, alignment_mode="expand")
    if span is None:
        return False
    token = span[0]
    for _ in range(4):
        if token.pos_ in ("VERB", "AUX"):
            break
        token = token.head
    if any(c.dep_ in ("aux", "auxpass") and c.lower_ in _FUTURE_AUX for c in token.children):
        return True
    return token.dep_ == "xcomp" and token.head.lemma_ in _FUTURE_GOVERNORS


# --- absolute dates -------------------------------------------------------------------------


def _month_number(name: str) -> int:
    return _MONTH_NAMES[name.lower().rstrip(".")]


def _day_value(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    month = _month_number(match["month"])
    day = int(match["day"])
    if match["year"]:
        year: int | None = int(match["year"])
    else:
        year = _infer_year(month, day, ctx)
    if year is None:
        return _Resolved(None, "day")
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        return None
    value = date(year, month, day).isoformat()
    if match["hour"] is not None:
        hour = _hour(int(match["hour"]), match["ampm"] or match["ampm2"])
        if hour is None:
            return None
        return _Resolved(f"{value}T{hour:02d}:{int(match['minute'] or 0):02d}", "time")
    return _Resolved(value, "day")


def _hour(hour: int, ampm: str | None) -> int | None:
    if ampm:
        if not 1 <= hour <= 12:
            return None
        return hour % 12 + (12 if ampm.lower().startswith("p") else 0)
    return hour if hour < 24 else None


def _infer_year(month: int, day: int, ctx: _Context) -> int | None:
    """The year of a month-day with none stated: the latest occurrence no more than two
    months after publication, or the next one when the sentence speaks of the future."""
    if ctx.published is None:
        return None
    pub = ctx.published
    candidates = [
        date(y, month, min(day, calendar.monthrange(y, month)[1]))
        for y in (pub.year - 1, pub.year, pub.year + 1)
    ]
    if ctx.future:
        return next(c.year for c in candidates if c >= pub)
    return max(c.year for c in candidates if c <= pub + timedelta(days=61))


def _iso_value(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    try:
        return _Resolved(date(int(match["y"]), int(match["m"]), int(match["d"])).isoformat(), "day")
    except ValueError:
        return None


def _numeric_value(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    """11/26/2024 (US order unless the first number cannot be a month); 26.11.2024 (day first)."""
    first, second, year = int(match["a"]), int(match["b"]), int(match["y"])
    if year < 100:
        year += 2000
    day_first = match["sep"] == "." or first > 12
    day, month = (first, second) if day_first else (second, first)
    try:
        return _Resolved(date(year, month, day).isoformat(), "day")
    except ValueError:
        return None


def _month_year_value(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    month, year = _month_number(match["month"]), int(match["year"])
    return _part_of_month(year, month, (match["part"] or "").lower() or None)


def _part_of_month(year: int, month: int, part: str | None) -> _Resolved:
    """ "late January" -> the last third of it; plain months stay months."""
    last = calendar.monthrange(year, month)[1]
    if part == "early":
        return _range(date(year, month, 1), date(year, month, 10))
    if part == "mid":
        return _range(date(year, month, 11), date(year, month, 20))
    if part == "late":
        return _range(date(year, month, 21), date(year, month, last))
    return _Resolved(f"{year:04d}-{month:02d}", "month")


def _month_value(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    """ "in September", "last October", "next March", "early June"."""
    month = _month_number(match["month"])
    if match["month"].lower().startswith(_MONTH_HOMOGRAPHS) and not match["lead"]:
        return None
    if ctx.published is None:
        return _Resolved(None, "month")
    pub = ctx.published
    modifier = (match["modifier"] or "").lower()
    if modifier == "last":
        year = pub.year if month < pub.month else pub.year - 1
    elif modifier == "next":
        year = pub.year if month > pub.month else pub.year + 1
    elif modifier == "this":
        year = pub.year
    else:
        year = _infer_year(month, 1, ctx) or pub.year
    return _part_of_month(year, month, (match["part"] or "").lower() or None)


def _year_value(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    year = int(match["year"])
    if match["decade"]:
        return _Resolved(f"{year:04d}/{year + 9:04d}", "decade") if year % 10 == 0 else None
    part = re.match(r"\s*(?:\w+\s+)?(early|mid|late)\b", match[0], _I)
    if part:
        return _part_of_year(year, part[1].lower())
    return _Resolved(f"{year:04d}", "year")


def _part_of_year(year: int, part: str | None) -> _Resolved:
    """ "early 2024" -> January to April; "earlier this year" is the whole year."""
    if part == "early":
        return _range(date(year, 1, 1), date(year, 4, 30))
    if part == "mid":
        return _range(date(year, 5, 1), date(year, 8, 31))
    if part == "late":
        return _range(date(year, 9, 1), date(year, 12, 31))
    return _Resolved(f"{year:04d}", "year")


# --- relative expressions ------------------------------------------------------------------


def _weekday_value(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    """The weekday nearest publication in the direction the sentence points: "on Monday" in a
    past-tense report is the last Monday up to publication day."""
    if ctx.published is None:
        return _Resolved(None, "day")
    pub = ctx.published
    target = _WEEKDAYS.index(match["weekday"].lower())
    modifier = (match["modifier"] or "").lower()
    if modifier == "next" or (ctx.future and modifier != "last"):
        ahead = (target - pub.weekday()) % 7 or (7 if modifier == "next" else 0)
        return _Resolved((pub + timedelta(days=ahead)).isoformat(), "day")
    back = (pub.weekday() - target) % 7
    if modifier == "last" and back == 0:
        back = 7
    return _Resolved((pub - timedelta(days=back)).isoformat(), "day")


def _deictic_day_value(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    if ctx.published is None:
        return _Resolved(None, "day")
    word = match["word"].lower()
    shift = {"yesterday": -1, "tomorrow": 1, "last night": -1}.get(word, 0)
    return _Resolved((ctx.published + timedelta(days=shift)).isoformat(), "day")


def _period_value(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    """ "last month", "this week", "earlier this year", "late last month", "next year"."""
    if ctx.published is None:
        return _Resolved(None, _granularity(match["unit"]))
    pub = ctx.published
    shift = {"last": -1, "past": -1, "previous": -1, "next": 1, "coming": 1}.get(
        (match["modifier"] or "").lower(), 0
    )
    unit = match["unit"].lower()
    part = (match["part"] or "").lower() or None  # "earlier"/"later": the whole period
    if unit == "week":
        monday = pub - timedelta(days=pub.weekday()) + timedelta(weeks=shift)
        return _range(monday, monday + timedelta(days=6), "week")
    if unit == "month":
        year, month = _add_months(pub.year, pub.month, shift)
        return _part_of_month(year, month, part)
    return _part_of_year(pub.year + shift, part)


def _season_value(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    """ "earlier this fall", "last summer", "the winter of 2023"."""
    season = (match["season"] or match["season_y"]).lower()
    (m1, d1), (m2, d2) = _SEASONS[season]
    if match["year"]:
        year = int(match["year"])
    elif ctx.published is None:
        return _Resolved(None, "season")
    else:
        year = _season_year(season, ctx.published, (match["modifier"] or "").lower())
    end_year = year + 1 if season == "winter" else year
    return _range(date(year, m1, d1), date(end_year, m2, d2), "season")


def _season_year(season: str, pub: date, modifier: str) -> int:
    """The starting year of the season meant: "this" is the one under way or else the one in
    the year of publication, "last" the latest to have ended, "next" the first still to
    begin."""
    (m1, d1), (m2, d2) = _SEASONS[season]
    begun = pub.year if (pub.month, pub.day) >= (m1, d1) else pub.year - 1
    end_year = begun + 1 if season == "winter" else begun
    ongoing = date(end_year, m2, d2) >= pub
    if modifier in ("next", "coming"):
        return begun + 1
    if modifier in ("last", "past"):
        return begun - 1 if ongoing else begun
    # "this summer" said in March is the coming one; said in December, the one just gone.
    return begun if ongoing or season == "winter" else pub.year


def _ago_value(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    """ "two weeks ago" -> the week two weeks before publication."""
    count = _count(match["count"])
    unit = match["unit"].lower()
    if count is None:
        return None
    if ctx.published is None:
        return _Resolved(None, _granularity(unit))
    pub = ctx.published
    if unit == "year":
        return _Resolved(f"{pub.year - count:04d}", "year")
    if unit == "month":
        year, month = _add_months(pub.year, pub.month, -count)
        return _Resolved(f"{year:04d}-{month:02d}", "month")
    then = pub - timedelta(days=_PERIODS[unit] * count)
    if unit == "day":
        return _Resolved(then.isoformat(), "day")
    monday = then - timedelta(days=then.weekday())
    return _range(monday, monday + timedelta(days=6), "week")


def _span_value(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    """ "the past 14 months", "the last two weeks", "the next 60 days", "the past year": up to
    or from now. "the coming days" states no length and is left out."""
    if match["count"] is None and match[0].lower().endswith("s"):
        return None
    count = _count(match["count"] or "one")
    if count is None:
        return None
    if ctx.published is None:
        return _Resolved(None, "range")
    pub = ctx.published
    unit = match["unit"].lower()
    forward = match["modifier"].lower() in ("next", "coming")
    if unit in ("year", "month"):
        before, after = _shift_months(pub, count * (12 if unit == "year" else 1))
    else:
        before = pub - timedelta(days=_PERIODS[unit] * count)
        after = pub + timedelta(days=_PERIODS[unit] * count)
    return _range(pub, after) if forward else _range(before, pub)


def _since(resolved: _Resolved, published: date | None) -> _Resolved:
    """ "since October 7", "since 2020": from the start of that time to publication."""
    if resolved.value is None or published is None:
        return _Resolved(None, "range")
    start = resolved.value.split("/")[0].split("T")[0]
    if len(start) == 4:
        start += "-01-01"
    elif len(start) == 7:
        start += "-01"
    return _Resolved(f"{start}/{published.isoformat()}", "range")


def _time_value(match: re.Match[str], ctx: _Context) -> _Resolved | None:
    """A time of day on its own ("at 3 p.m.", "15:35") is on the publication day."""
    hour = _hour(int(match["hour"]), match.groupdict().get("ampm"))
    if hour is None:
        return None
    if ctx.published is None:
        return _Resolved(None, "time")
    minute = int(match["minute"] or 0)
    return _Resolved(f"{ctx.published.isoformat()}T{hour:02d}:{minute:02d}", "time")


# --- helpers --------------------------------------------------------------------------------


def _range(start: date, end: date, granularity: Granularity = "range") -> _Resolved:
    return _Resolved(f"{start.isoformat()}/{end.isoformat()}", granularity)


def _granularity(unit: str) -> Granularity:
    unit = unit.lower().rstrip("s")
    return {"day": "day", "week": "week", "month": "month"}.get(unit, "year")  # type: ignore[return-value]


def _add_months(year: int, month: int, shift: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + shift
    return index // 12, index % 12 + 1


def _shift_months(day: date, months: int) -> tuple[date, date]:
    """``day`` moved back and forward by ``months`` (clamped to month ends)."""
    results = []
    for sign in (-1, 1):
        year, month = _add_months(day.year, day.month, sign * months)
        results.append(date(year, month, min(day.day, calendar.monthrange(year, month)[1])))
    return results[0], results[1]


def _count(text: str) -> int | None:
    """2 for "two", "2", "a"; 25 for "twenty-five"."""
    lowered = text.lower()
    if lowered in ("a", "an"):
        return 1
    digits = digits_value(lowered)
    if digits is not None:
        return int(digits[0] * digits[1])
    words = lowered.split("-")
    values = [word_value(w) for w in words]
    if any(v is None for v in values):
        scale = scale_value(lowered)
        return int(scale) if scale is not None else None
    return int(combine([(v or 0.0, False) for v in values]))


def _fallback(
    doc: Doc, taken: list[tuple[int, int]], published: date | None
) -> list[TimeExpression]:
    """spaCy DATE entities with a full day-month-year the rules missed, read by dateparser."""
    found: list[TimeExpression] = []
    for ent in doc.ents:
        if ent.label_ != "DATE" or not _FULL_DATE_HINT.search(ent.text):
            continue
        if any(s < ent.end_char and ent.start_char < e for s, e in taken):
            continue
        import dateparser  # slow to import; only needed for odd formats

        base = datetime.combine(published, datetime.min.time()) if published else None
        parsed = dateparser.parse(
            ent.text,
            languages=["en"],
            settings={"STRICT_PARSING": True, "RELATIVE_BASE": base or datetime(2000, 1, 1)},
        )
        if parsed is not None:
            found.append(
                TimeExpression(ent.start_char, ent.end_char, parsed.date().isoformat(), "day")
            )
    return found


_MONTH_DAY = (
    r"\b"
    + _MONTH.format(name="month")
    + r"\s+"
    + _DAY.format(name="day")
    + r"(?:,?\s+"
    + _YEAR.format(name="year")
    + r")?"
    + _TIME
)
_DAY_MONTH = (
    r"\b"
    + _DAY.format(name="day")
    + r"\s+(?:of\s+)?"
    + _MONTH.format(name="month")
    + r"(?:,?\s+"
    + _YEAR.format(name="year")
    + r")?"
    + _TIME
)
# A year needs a word that makes it one ("in 2023", "the 1990s", "early 2024"): a bare
# four-digit number may be a count.
_YEAR_PHRASE = (
    r"\b(?:(?:in|since|by|of|from|until|till|before|after|during|through|and|to)\s+"
    r"(?:(?:early|mid|late)(?:\s+|-))?(?:the\s+)?|(?:early|mid|late)(?:\s+|-)(?:the\s+)?|the\s+)"
    r"(?P<year>(?:1[89]|2[01])\d\d)(?P<decade>'?s)?(?![\d/]|-\d)"
)
_I = re.IGNORECASE
# What a full date written some other way must contain: a year and another number.
_FULL_DATE_HINT = re.compile(r"(?=.*\b(?:1[89]|2[01])\d\d\b)(?=.*\b\d{1,2}\b)")
_SINCE = re.compile(r"\b(?i:since)\s+")
_RULES: list[tuple[re.Pattern[str], Handler]] = [
    (re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b"), _iso_value),
    (
        re.compile(r"\b(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})\b"),
        _numeric_value,
    ),
    (re.compile(_MONTH_DAY), _day_value),
    (re.compile(_DAY_MONTH), _day_value),
    (
        re.compile(
            r"\b"
            + _PART
            + _MONTH.format(name="month")
            + r",?\s+(?:of\s+)?"
            + _YEAR.format(name="year")
        ),
        _month_year_value,
    ),
    (
        re.compile(
            r"\b(?P<lead>(?i:in|since|until|by|from|during|of|through)\s+"
            r"|(?=(?i:last|next|this|early|mid|late)))?"
            r"(?:(?P<modifier>(?i:last|next|this))\s+)?"
            + _PART
            + _MONTH.format(name="month")
            # not the start of a fuller date ("October 7", "November 2023")
            + r"(?!\.?\s+[0-3]?\d(?!\d))(?!\.?,?\s+(?:1[89]|2[01])\d\d)"
        ),
        _month_value,
    ),
    (re.compile(_YEAR_PHRASE, _I), _year_value),
    (
        re.compile(r"\b(?:(?P<modifier>(?i:last|next|this|on))\s+)?" + _WEEKDAY + r"(?!s)"),
        _weekday_value,
    ),
    (
        re.compile(
            r"\b(?P<word>today|yesterday|tomorrow|tonight|last night"
            r"|this morning|this afternoon|this evening)\b",
            _I,
        ),
        _deictic_day_value,
    ),
    (
        re.compile(
            r"\b" + _PART + r"(?:(?:this\s+)?(?P<modifier>last|past|previous|next|coming|this)\s+)"
            r"(?P<unit>week|month|year)\b",
            _I,
        ),
        _period_value,
    ),
    (
        re.compile(
            # a bare season ("summer flows") is generic: it needs a modifier or a year
            r"\b" + _PART + r"(?:(?:(?:this\s+)?(?P<modifier>last|past|next|coming|this)\s+)"
            r"(?:the\s+)?"
            + _SEASON
            + r"|(?:the\s+)?"
            + _SEASON.replace("season>", "season_y>")
            + r"\s+(?:of\s+)?"
            + _YEAR.format(name="year")
            + r")\b",
            _I,
        ),
        _season_value,
    ),
    (re.compile(r"\b" + _COUNT + r"\s+" + _UNIT + r"\s+ago\b", _I), _ago_value),
    (
        re.compile(
            r"\bthe\s+(?P<modifier>past|last|next|coming)\s+(?:"
            + _COUNT
            + r"\s+)?"
            + _UNIT
            + r"\b",
            _I,
        ),
        _span_value,
    ),
    (
        re.compile(
            r"\b(?P<hour>[0-2]?\d)(?::(?P<minute>[0-5]\d))?\s*(?P<ampm>[ap]\.m\.|[ap]m\b)", _I
        ),
        _time_value,
    ),
    (re.compile(r"\b(?P<hour>[0-2]?\d):(?P<minute>[0-5]\d)\b"), _time_value),
]
