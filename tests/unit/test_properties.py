"""Property-based tests (hypothesis): the text-dump cleaner, the HTML extractor, the number
parser, the date resolver and the quote finder, on generated input.

They use spaCy's blank English tokenizer; where an annotator reads the parse, the doc gets a
trivial one (every token its own root), so no statistical model is loaded."""

from __future__ import annotations

import calendar
import math
import os
from datetime import date, datetime

import spacy
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from counterpoint.annotate import nlp
from counterpoint.annotate.quantities import _numbers
from counterpoint.annotate.quote_marks import quoted_spans
from counterpoint.annotate.quotes import find_quotes
from counterpoint.annotate.times import find_times
from counterpoint.extract import extract, extract_batch
from counterpoint.extract.assemble import Block, assemble
from counterpoint.model import Article, Problem, RawDocument

# COUNTERPOINT_PROPERTY_EXAMPLES raises the number of examples for a deeper search by hand.
EXAMPLES = int(os.environ.get("COUNTERPOINT_PROPERTY_EXAMPLES", "60"))
FAST = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_BLANK = spacy.blank("en")


def parsed(text: str) -> Doc:
    """``text`` tokenized, with a trivial dependency parse: every token its own root."""
    tokens = _BLANK(text)
    return Doc(
        _BLANK.vocab,
        words=[t.text for t in tokens],
        spaces=[bool(t.whitespace_) for t in tokens],
        heads=[t.i for t in tokens],
        deps=["ROOT"] * len(tokens),
    )


def article_of(paragraphs: list[str], published: datetime | None = None) -> Article:
    text, spans = assemble([Block(p, "paragraph") for p in paragraphs])
    return Article(id="p", source="prop", text=text, paragraphs=spans, published=published)


# --- generated page dumps ------------------------------------------------------------------

WORDS = st.sampled_from(
    [
        "the",
        "council",
        "said",
        "on",
        "Monday",
        "that",
        "12",
        "people",
        "were",
        "hurt",
        "in",
        "Paris",
        "and",
        "“we",
        "will",
        "rebuild”",
        "officials",
        "reported",
        "3,500",
        "homes",
        "damaged",
        "–",
        "la",
        "police",
        "a",
        "dit",
        "mercredi",
        "que",
        "40",
        "%",
        "des",
        "écoles",
        "Related",
        "Comments",
        "Share",
        "Advertisement",
        "By",
        "Jane",
        "Doe",
        "Photo:",
        "AP",
        "2024",
        "Menu",
        "Home",
    ]
)
SENTENCE = st.lists(WORDS, min_size=1, max_size=30).map(" ".join).map(lambda s: s + ".")
DUMP_LINE = st.one_of(
    SENTENCE,
    st.lists(SENTENCE, min_size=2, max_size=6).map(" ".join),  # a paragraph on one line
    st.lists(WORDS, min_size=1, max_size=6).map(" ".join),  # a heading or a menu item
    st.sampled_from(
        [
            "",
            "   ",
            "Related",
            "Read more:",
            "42 comments",
            "Leave a comment",
            "By Jane Doe and John Roe",
            "March 3, 2024 10:15 am",
            "Photo: Reuters",
            "Tags: Politics, Paris",
            "* Breaking News",
            "  • item in a list",
            "[IMG] Advertisement",
            "This article was originally published on Example News.",
        ]
    ),
    st.text(max_size=80),  # anything at all, control characters included
)
DUMPS = st.one_of(
    st.lists(DUMP_LINE, max_size=40).map("\n".join),
    st.text(max_size=600),
)


def plain(text: str) -> RawDocument:
    return RawDocument("prop.txt", "", text, "text/plain", "hash")


def check_spans(article: Article, raw: RawDocument) -> None:
    """Paragraphs inside the text, in order, apart; raw offsets point at the same words."""
    previous_end = -1
    for paragraph in article.paragraphs:
        assert 0 <= paragraph.start < paragraph.end <= len(article.text)
        assert paragraph.start > previous_end, "paragraphs overlap or touch"
        previous_end = paragraph.end
        words = article.text[paragraph.start : paragraph.end]
        assert words == words.strip()
        if paragraph.raw_start is not None:
            assert paragraph.raw_end is not None
            assert raw.content[paragraph.raw_start : paragraph.raw_end] == words


def only_article(raw: RawDocument) -> Article | None:
    """The article of ``raw``, or ``None`` when extract refuses it with the plain ValueError it
    documents ("no article text found", "input looks binary"); any other failure fails."""
    [result] = extract_batch([raw])
    if isinstance(result, Problem):
        assert result.message.startswith("ValueError: "), result.message
        return None
    return result


@FAST
@given(DUMPS)
@example("Title\n\n\x00\x01\x02 binary \ufffe junk\n" * 3)
@example("word " * 2000)
def test_cleaner_never_raises_and_keeps_spans_in_the_text(dump: str) -> None:
    raw = plain(dump)
    article = only_article(raw)
    if article is None:
        return
    check_spans(article, raw)
    assert article.text.strip() == article.text


@FAST
@given(DUMPS)
def test_cleaner_is_deterministic(dump: str) -> None:
    first, second = extract_batch([plain(dump), plain(dump)])
    if isinstance(first, Problem):
        assert isinstance(second, Problem) and first.message == second.message
        return
    assert isinstance(second, Article)
    assert (first.text, first.paragraphs, first.removed) == (
        second.text,
        second.paragraphs,
        second.removed,
    )


@FAST
@example("the 3,500.\n0. 0. 0:1.")
@example(
    "the the the the Advertisement.\nthe the the the the the the.\nthe the the the the the the.\n"
    "the the the the the council council Monday.\nthe the the the the council council Monday.\n"
    "the the the council council."
)
@given(DUMPS)
def test_cleaning_a_cleaned_article_keeps_only_its_paragraphs(dump: str) -> None:
    """Cleaning is a projection: a second pass may drop more, but never adds or rewrites. What
    it may drop includes a list marker the first pass left at a paragraph's start ("0. 0. x"
    loses one "0. " a pass: stripping them all would also cut "802. 11ac" after a bullet), and
    lines of a paragraph the first pass joined from several."""
    article = only_article(plain(dump))
    if article is None:
        return
    again = only_article(plain(article.text))
    if again is None:
        return
    first = {article.text[p.start : p.end] for p in article.paragraphs}
    second = [again.text[p.start : p.end] for p in again.paragraphs]
    added = [p for p in second if not any(p in kept for kept in first)]
    assert not added, added


# --- generated HTML ------------------------------------------------------------------------

TEXT_CHUNK = st.one_of(
    SENTENCE,
    st.sampled_from(["&amp;", "&nbsp;", "&#8220;", "&bogus;", "<", ">", "\u200b", "  \n  "]),
    st.text(max_size=20),
)
CONTAINERS = st.sampled_from(
    [
        "p",
        "div",
        "span",
        "a",
        "b",
        "i",
        "em",
        "strong",
        "h1",
        "h2",
        "h3",
        "ul",
        "ol",
        "li",
        "article",
        "section",
        "header",
        "footer",
        "nav",
        "aside",
        "blockquote",
        "figure",
        "figcaption",
        "table",
        "tr",
        "td",
        "main",
        "time",
        "script",
        "style",
        "noscript",
        "svg",
    ]
)
ATTRIBUTES = st.sampled_from(
    ["", ' class="article-body"', ' class="share"', ' id="main"', ' href="/x"', " hidden"]
)


def _element(children: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return st.builds(
        lambda tag, attrs, inner, closed: (
            f"<{tag}{attrs}>{''.join(inner)}" + (f"</{tag}>" if closed else "")
        ),
        CONTAINERS,
        ATTRIBUTES,
        st.lists(children, max_size=4),
        st.booleans(),
    )


HTML_BODY = st.recursive(TEXT_CHUNK, _element, max_leaves=40)
PAGES = st.builds(
    lambda title, body, wrapped: (
        f"<html><head><title>{title}</title></head><body>{body}</body></html>" if wrapped else body
    ),
    st.lists(WORDS, max_size=8).map(" ".join),
    st.lists(HTML_BODY, min_size=1, max_size=6).map("".join),
    st.booleans(),
)


@FAST
@given(PAGES)
@example("<p>" * 300 + "deep text" + "</p>" * 300)
@example("<html><body><article><p>One.</p><script>never closed</body></html>")
def test_html_extractor_never_raises_and_keeps_spans_in_the_text(page: str) -> None:
    raw = RawDocument("prop.html", "", page, "text/html", "hash")
    article = only_article(raw)
    if article is None:
        return
    check_spans(article, raw)
    assert all(p.raw_start is None for p in article.paragraphs)  # HTML blocks are rebuilt
    assert "<script" not in article.text.lower()


PROSE = st.lists(
    st.sampled_from(
        [
            "the",
            "mayor",
            "said",
            "rain",
            "flooded",
            "twelve",
            "streets",
            "near",
            "river",
            "after",
            "long",
            "storm",
        ]
    ),
    min_size=4,
    max_size=25,
).map(lambda words: " ".join(words).capitalize() + ".")


@FAST
@given(
    st.lists(PROSE, min_size=1, max_size=4, unique=True),
    st.sampled_from(["p", "div", "blockquote"]),
)
@example(["Hello world, this is text."], "p")  # a lone fragment once had "no HTML tree"
def test_html_fragment_keeps_its_prose(paragraphs: list[str], tag: str) -> None:
    page = "".join(f"<{tag}>{p}</{tag}>" for p in paragraphs)
    article = extract(RawDocument("prop.html", "", page, "text/html", "hash"))
    assert " ".join(article.text.split()) == " ".join(paragraphs)


# --- the number parser ---------------------------------------------------------------------

SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}
_BLANK_FR = spacy.blank("fr")


def grouped(number: int, separator: str) -> str:
    return f"{number:,}".replace(",", separator)


@st.composite
def written_numbers(draw: st.DrawFn) -> tuple[str, float, str]:
    """(the number as an article writes it, its value, the language of the text)."""
    whole = draw(st.integers(min_value=0, max_value=10**12))
    places = draw(st.integers(min_value=0, max_value=3))
    fraction = draw(st.integers(min_value=0, max_value=10**places - 1)) if places else 0
    decimals = f".{fraction:0{places}d}" if places else ""
    part = fraction / 10**places if places else 0.0
    style = draw(st.sampled_from(["comma", "no-break", "narrow", "plain-fr", "scale"]))
    if style == "scale":
        scale = draw(st.sampled_from(sorted(SCALES)))
        mantissa = whole % 1000
        return f"{mantissa}{decimals} {scale}", (mantissa + part) * SCALES[scale], "en"
    separator = {"comma": ",", "no-break": "\u00a0", "narrow": "\u202f", "plain-fr": " "}[style]
    language = "fr" if style == "plain-fr" else "en"
    return grouped(whole, separator) + decimals, whole + part, language


@FAST
@given(written_numbers())
@example(("3 500", 3500.0, "fr"))  # space-grouped thousands once read as 3 and 500
@example(("3\u00a0500", 3500.0, "en"))
@example(("1.2 million", 1_200_000.0, "en"))
@example(("0 billion", 0.0, "en"))  # a zero before a scale once read as one
@example(("12,345.6", 12_345.6, "en"))
def test_number_parser_reads_written_numbers(written: tuple[str, float, str]) -> None:
    number, value, language = written
    tokenizer = _BLANK_FR if language == "fr" else _BLANK
    doc = tokenizer(f"Officials counted {number} homes")
    numbers = _numbers(doc)
    assert len(numbers) == 1, [(doc[n.first : n.last + 1].text, n.value) for n in numbers]
    read = numbers[0]
    assert doc[read.first : read.last + 1].text == number
    assert math.isclose(read.value, value, rel_tol=1e-9)


@FAST
@given(st.text(max_size=200))
def test_number_parser_never_raises(text: str) -> None:
    doc = _BLANK(text)
    for number in _numbers(doc):
        assert 0 <= number.first <= number.last < len(doc)


# --- the date resolver ---------------------------------------------------------------------

MONTHS = list(calendar.month_name)[1:]
WEEKDAYS = list(calendar.day_name)
UNIT_DAYS = {"day": 1, "week": 7, "month": 31, "year": 366}
COUNT_WORDS = ["a", "one", "two", "three", "ten", "twelve", "twenty", "twenty-five"]


@st.composite
def relative_expressions(draw: st.DrawFn) -> tuple[str, int]:
    """(a relative time expression, how many days from publication it may reach)."""
    kind = draw(st.sampled_from(["deictic", "weekday", "month-day", "period", "ago", "span"]))
    if kind == "deictic":
        word = ["today", "yesterday", "tomorrow", "tonight", "last night", "this morning"]
        return draw(st.sampled_from(word)), 1
    if kind == "weekday":
        modifier = draw(st.sampled_from(["", "last ", "next ", "this ", "on "]))
        return modifier + draw(st.sampled_from(WEEKDAYS)), 14
    if kind == "month-day":
        month = draw(st.integers(1, 12))
        day = draw(st.integers(1, calendar.monthrange(2023, month)[1]))  # no February 29
        name = MONTHS[month - 1]
        lead = draw(st.sampled_from(["on ", "", "since "]))
        written = draw(st.sampled_from([f"{name} {day}", f"{day} {name}", f"{name} {day}th"]))
        return lead + written, 366
    if kind == "period":
        unit = draw(st.sampled_from(["week", "month", "year"]))
        part = draw(st.sampled_from(["", "early ", "late ", "earlier ", "later "]))
        modifier = draw(st.sampled_from(["last", "past", "previous", "next", "coming", "this"]))
        return f"{part}{modifier} {unit}", 2 * UNIT_DAYS[unit]
    unit = draw(st.sampled_from(sorted(UNIT_DAYS)))
    count = draw(st.integers(1, 30))
    written = draw(st.sampled_from([str(count), COUNT_WORDS[count % len(COUNT_WORDS)]]))
    reach = (count if written.isdigit() else 25) * UNIT_DAYS[unit] + UNIT_DAYS[unit]
    if kind == "ago":
        return f"{written} {unit}s ago", reach
    modifier = draw(st.sampled_from(["past", "last", "next", "coming"]))
    return f"the {modifier} {written} {unit}s", reach


def days_covered(value: str) -> list[date]:
    """The first and last day a resolved value ("2024-03-03", "2024-03", "2024", an interval,
    "2024-03-03T10:15") covers."""
    if "/" in value:
        start, end = value.split("/")
        return [days_covered(start)[0], days_covered(end)[-1]]
    value = value.split("T")[0]
    if len(value) == 4:
        return [date(int(value), 1, 1), date(int(value), 12, 31)]
    if len(value) == 7:
        year, month = int(value[:4]), int(value[5:])
        return [date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])]
    return [date.fromisoformat(value)]


LEADS = st.sampled_from(["The vote was held ", "It will open ", "Talks go on until ", ""])
PUBLISHED = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2035, 12, 31))


@FAST
@given(relative_expressions(), LEADS, PUBLISHED)
@example(("the past 30 years", 31 * 366), "", datetime(2024, 3, 3))
def test_relative_dates_resolve_near_publication(
    expression: tuple[str, int], lead: str, published: datetime
) -> None:
    phrase, reach = expression
    text = f"{lead}{phrase}, officials said."
    article = article_of([text], published)
    times = find_times(article, parsed(article.text))
    start = article.text.index(phrase)
    end = start + len(phrase)
    overlapping = [t for t in times if t.start < end and start < t.end]
    assert overlapping, (text, [(article.text[t.start : t.end], t.value) for t in times])
    for time in times:
        assert 0 <= time.start < time.end <= len(article.text)
        assert time.value is not None, article.text[time.start : time.end]
        for day in days_covered(time.value):
            assert abs((day - published.date()).days) <= reach, (phrase, time.value)


@FAST
@given(
    st.one_of(st.text(max_size=200), relative_expressions().map(lambda e: e[0])),
    st.none() | st.datetimes(),
    st.sampled_from(["en", "de", "fr", "it", "es", "ru", "zh"]),
)
@example("since the 1990s, last winter and 3 p.m. on 31/02/2024", datetime(2024, 1, 31), "en")
@example("over the past 3000 years", datetime(2024, 1, 1), "en")  # once a ValueError (year -976)
@example("It happened yesterday.", datetime(1, 1, 1), "en")  # once an OverflowError
@example("2024 years ago", datetime(2024, 3, 1), "en")  # once the value "0000"
@example("gestern", datetime(1, 1, 1), "de")  # once an OverflowError in the local rules
def test_date_resolver_never_raises(text: str, published: datetime | None, language: str) -> None:
    """Any text against any publication date, even one at the calendar's ends (a CMS's unset
    "0001-01-01"), in English and by the rules for other languages: time spans inside the
    text, values real ISO dates."""
    article = article_of([text], published)
    article.language = language
    for time in find_times(article, parsed(article.text)):
        assert 0 <= time.start < time.end <= len(article.text)
        if time.value is not None:
            days_covered(time.value)


# --- the quote finder ----------------------------------------------------------------------

QUOTE_MARKS = "\"'“”„«»‘’‹›"
QUOTE_PIECES = st.one_of(
    st.sampled_from(
        [
            "the",
            "minister",
            "said",
            "we",
            "will",
            "not",
            "give",
            "up",
            ",",
            "she",
            "told",
            "reporters",
            ":",
            "according",
            "to",
            "police",
            "it's",
            "Hamas's",
            "plan",
            "O'Neill",
            "farmers'",
            "union",
            "Jane",
            "Doe",
            "added",
            ".",
        ]
    ),
    st.sampled_from(list(QUOTE_MARKS)),
    st.builds(
        lambda o, w, c: f"{o}{w}{c}",
        st.sampled_from(list(QUOTE_MARKS)),
        WORDS,
        st.sampled_from(list(QUOTE_MARKS)),
    ),
)
QUOTE_PARAGRAPHS = st.lists(
    st.tuples(
        st.lists(QUOTE_PIECES, min_size=1, max_size=30).map(" ".join),
        st.sampled_from(["paragraph", "paragraph", "title", "heading"]),
    ),
    min_size=1,
    max_size=5,
)


def quote_article(paragraphs: list[tuple[str, str]]) -> Article:
    text, spans = assemble([Block(p, kind) for p, kind in paragraphs])  # type: ignore[arg-type]
    return Article(id="q", source="prop", text=text, paragraphs=spans, language="en")


def check_quotes(article: Article, doc: Doc) -> None:
    article.sentences = nlp.sentences(doc, article.paragraphs)
    text = article.text
    marked = quoted_spans(text, article.paragraphs)
    for quote in find_quotes(article, doc):
        assert 0 <= quote.start <= quote.end <= len(text)
        if quote.type in ("direct", "mixed"):  # the words between a pair of marks, trimmed
            assert any(
                span.start <= quote.start <= quote.end <= span.end
                and not text[span.start : quote.start].strip()
                and not text[quote.end : span.end].strip()
                for span in marked
            ), (text[quote.start : quote.end], text)
        if quote.speaker_start is not None:
            assert quote.speaker_end is not None
            assert 0 <= quote.speaker_start < quote.speaker_end <= len(text)


@FAST
@given(QUOTE_PARAGRAPHS)
@example(
    [("“Unbalanced at the end of a paragraph", "paragraph"), ("“and on,” he said.", "paragraph")]
)
@example([("'''\"\"\"“„«»’", "paragraph")])
def test_quote_marks_pair_inside_the_text(paragraphs: list[tuple[str, str]]) -> None:
    article = quote_article(paragraphs)
    text = article.text
    for span in quoted_spans(text, article.paragraphs):
        assert 0 <= span.open_at < span.start <= span.end == span.close_at < len(text)
        assert span.start == span.open_at + 1
        assert text[span.open_at] in QUOTE_MARKS
        # a quote that the next paragraph goes on with closes, unmarked, where its own ends
        assert text[span.close_at] in QUOTE_MARKS or any(
            p.start < span.close_at <= p.end and not text[span.close_at : p.end].strip()
            for p in article.paragraphs
        )


@FAST
@given(QUOTE_PARAGRAPHS)
@example([("“ the the the 'the\"", "paragraph")])  # content trimmed inside its marks
def test_quote_finder_never_raises_and_quotes_lie_inside_marks(
    paragraphs: list[tuple[str, str]],
) -> None:
    article = quote_article(paragraphs)
    check_quotes(article, parsed(article.text))
