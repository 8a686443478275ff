"""The HTML report: one self-contained file (inline CSS and JS, no network) rendering a Corpus.

Nothing here analyses: every figure, claim and conflict shown is read from the Corpus. This
module only arranges it for reading (grouping by story and outlet, cutting text into
highlighted segments at span boundaries) and hands it to the Jinja2 templates, which escape
every value (autoescape on), so article text is shown as text whatever it contains.
"""

from __future__ import annotations

import itertools
import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit

import jinja2

from counterpoint.datetimes import undated_last
from counterpoint.model import (
    Article,
    Claim,
    Conflict,
    ConflictSide,
    Corpus,
    Story,
    TimelineEntry,
)

TEMPLATES = Path(__file__).with_name("templates")
# Characters of context either side of a span when its sentence is unknown.
CONTEXT_WINDOW = 160


def write_report(corpus: Corpus, path: Path) -> None:
    """Write the report for ``corpus`` to ``path`` (UTF-8); the file appears whole or not at all."""
    html = render_report(corpus)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(html, encoding="utf-8")
    os.replace(partial, path)


def render_report(corpus: Corpus) -> str:
    """The report as an HTML string."""
    articles = {article.id: article for article in corpus.articles}
    in_story = {article_id for story in corpus.stories for article_id in story.article_ids}
    copies = {
        article_id: group.canonical_id
        for group in corpus.duplicates
        for article_id in group.article_ids
        if article_id != group.canonical_id
    }
    titles = {story.id: story.title for story in corpus.stories}
    stories = [_story_view(story, corpus, articles, copies, titles) for story in corpus.stories]
    unassigned = [a for a in corpus.articles if a.id not in in_story]
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            summary=Summary(
                articles=len(corpus.articles),
                outlets=len({a.outlet for a in corpus.articles if a.outlet}),
                stories=len(corpus.stories),
                claims=len(corpus.claims),
                conflicts=len(corpus.conflicts),
                conflict_kinds=_count_kinds(corpus.conflicts),
                problems=len(corpus.problems),
                duplicates=len(corpus.duplicates),
            ),
            stories=stories,
            unassigned=[_article_row(a, copies, articles) for a in _by_date(unassigned)],
            unassigned_conflicts=[
                _conflict_view(c, articles)
                for c in corpus.conflicts
                if c.story_id is None and not _in_any_story(c, in_story)
            ],
            articles=[_article_view(a) for a in corpus.articles],
            problems=corpus.problems,
        )
    )


@dataclass(slots=True)
class Summary:
    articles: int
    outlets: int
    stories: int
    claims: int
    conflicts: int
    conflict_kinds: list[tuple[str, int]]
    problems: int
    duplicates: int


@dataclass(slots=True)
class Segment:
    """A run of text covered by the same set of spans; ``classes`` empty for plain text."""

    text: str
    classes: str = ""
    title: str = ""


@dataclass(slots=True)
class Context:
    """A span shown inside its sentence: ``before`` + highlighted ``mark`` + ``after``."""

    before: str
    mark: str
    after: str


@dataclass(slots=True)
class ArticleRow:
    id: str
    title: str
    outlet: str
    published: str
    byline: str
    url: str | None
    copy_of: str | None


@dataclass(slots=True)
class SideView:
    outlet: str
    published: str
    article_id: str
    article_title: str
    value: str
    counted: str
    time: str
    context: Context


@dataclass(slots=True)
class ConflictView:
    kind: str
    explanation: str
    a: SideView
    b: SideView


@dataclass(slots=True)
class ClaimView:
    key: str
    status: str
    mentions: list[SideView]


@dataclass(slots=True)
class QuoteView:
    text: str
    type: str
    cue: str
    article_id: str
    article_title: str


@dataclass(slots=True)
class SpeakerView:
    speaker: str
    count: int
    by_outlet: list[tuple[str, list[QuoteView]]]


@dataclass(slots=True)
class TimelineView:
    date: str
    disputed: bool
    note: str
    mentions: list[tuple[str, Context]]


@dataclass(slots=True)
class StoryView:
    id: str
    title: str
    first_published: str
    last_published: str
    parent: tuple[str, str] | None  # (id, title) of the storyline this event belongs to
    by_outlet: list[tuple[str, list[ArticleRow]]]
    conflicts: list[ConflictView]
    claims: list[ClaimView]
    speakers: list[SpeakerView]
    timeline: list[TimelineView]


@dataclass(slots=True)
class ParagraphView:
    kind: str
    segments: list[Segment]


@dataclass(slots=True)
class ArticleView:
    id: str
    title: str
    outlet: str
    published: str
    byline: str
    source: str
    url: str | None
    original_publisher: str
    language: str
    tags: list[str]
    captions: list[str]
    counts: dict[str, int]
    paragraphs: list[ParagraphView] = field(default_factory=list)


@cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )


def _date(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment is not None else "undated"


def _number(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def _safe_url(url: str | None) -> str | None:
    # Only web links are clickable: a javascript: or data: URL from an input is shown as text.
    return url if url and urlsplit(url).scheme in ("http", "https") else None


def _by_date(articles: list[Article]) -> list[Article]:
    return sorted(articles, key=lambda a: (*undated_last(a.published), a.id))


def _count_kinds(conflicts: list[Conflict]) -> list[tuple[str, int]]:
    counts: dict[str, int] = defaultdict(int)
    for conflict in conflicts:
        counts[conflict.kind.replace("_", " ")] += 1
    return sorted(counts.items())


def _in_any_story(conflict: Conflict, in_story: set[str]) -> bool:
    return conflict.a.article_id in in_story or conflict.b.article_id in in_story


def _article_title(article: Article | None) -> str:
    if article is None:
        return "(article not in this corpus)"
    return article.title or article.text[:80] or article.source


def _article_row(
    article: Article, copies: dict[str, str], articles: dict[str, Article]
) -> ArticleRow:
    original = copies.get(article.id)
    return ArticleRow(
        id=article.id,
        title=_article_title(article),
        outlet=article.outlet or "unknown outlet",
        published=_date(article.published),
        byline=article.byline or "",
        url=_safe_url(article.url),
        copy_of=_article_title(articles.get(original)) if original else None,
    )


def _context(article: Article | None, start: int, end: int, fallback: str) -> Context:
    """The sentence around ``[start, end)`` with the span marked; a window when unknown."""
    if article is None or not 0 <= start <= end <= len(article.text):
        return Context("", fallback, "")
    around = article.sentence_at(start) or article.paragraph_at(start)
    if around is not None and around.end >= end:
        left, right = around.start, around.end
        prefix = suffix = ""
    else:
        left = max(0, start - CONTEXT_WINDOW)
        right = min(len(article.text), end + CONTEXT_WINDOW)
        prefix = "…" if left > 0 else ""
        suffix = "…" if right < len(article.text) else ""
    text = article.text
    return Context(prefix + text[left:start], text[start:end], text[end:right] + suffix)


def _side_view(
    side: ConflictSide | None,
    article: Article | None,
    start: int,
    end: int,
    value: float | None,
    counted: str | None,
    time: str | None,
    fallback: str,
) -> SideView:
    outlet = (side.outlet if side else None) or (article.outlet if article else None)
    return SideView(
        outlet=outlet or "unknown outlet",
        published=_date(article.published) if article else "undated",
        article_id=article.id if article else "",
        article_title=_article_title(article),
        value=_number(value),
        counted=counted or "",
        time=time or "",
        context=_context(article, start, end, fallback),
    )


def _conflict_view(conflict: Conflict, articles: dict[str, Article]) -> ConflictView:
    def side(s: ConflictSide) -> SideView:
        article = articles.get(s.article_id)
        return _side_view(s, article, s.start, s.end, s.value, s.counted, s.time, s.surface)

    return ConflictView(
        kind=conflict.kind.replace("_", " "),
        explanation=conflict.explanation,
        a=side(conflict.a),
        b=side(conflict.b),
    )


def _claim_view(claim: Claim, articles: dict[str, Article]) -> ClaimView:
    mentions = [
        _side_view(
            None,
            articles.get(m.article_id),
            m.start,
            m.end,
            m.value,
            m.counted,
            m.time,
            "",
        )
        for m in claim.mentions
    ]
    return ClaimView(key=claim.key, status=claim.status.replace("_", " "), mentions=mentions)


def _speakers(members: list[Article]) -> list[SpeakerView]:
    quotes: dict[str, dict[str, list[QuoteView]]] = defaultdict(lambda: defaultdict(list))
    for article in members:
        for quote in article.quotes:
            quotes[quote.speaker or "(speaker not identified)"][
                article.outlet or "unknown outlet"
            ].append(
                QuoteView(
                    text=article.span(quote.start, quote.end),
                    type=quote.type,
                    cue=quote.cue or "",
                    article_id=article.id,
                    article_title=_article_title(article),
                )
            )
    views = [
        SpeakerView(
            speaker=speaker,
            count=sum(len(q) for q in by_outlet.values()),
            by_outlet=sorted(by_outlet.items()),
        )
        for speaker, by_outlet in quotes.items()
    ]
    return sorted(views, key=lambda v: (-v.count, v.speaker))


def _timeline_view(entry: TimelineEntry, articles: dict[str, Article]) -> TimelineView:
    mentions = []
    for mention in entry.mentions:
        article = articles.get(mention.article_id)
        outlet = mention.outlet or (article.outlet if article else None) or "unknown outlet"
        if article is None:
            context = Context("", "", "")
        else:
            text = article.text
            context = Context(
                text[mention.start : mention.time_start],
                text[mention.time_start : mention.time_end],
                text[mention.time_end : mention.end],
            )
        mentions.append((outlet, context))
    return TimelineView(entry.date, entry.disputed, entry.note, mentions)


def _story_view(
    story: Story,
    corpus: Corpus,
    articles: dict[str, Article],
    copies: dict[str, str],
    titles: dict[str, str],
) -> StoryView:
    members = _by_date([articles[i] for i in story.article_ids if i in articles])
    member_ids = {a.id for a in members}
    by_outlet: dict[str, list[ArticleRow]] = defaultdict(list)
    for article in members:
        row = _article_row(article, copies, articles)
        by_outlet[row.outlet].append(row)
    conflicts = [
        _conflict_view(c, articles)
        for c in corpus.conflicts
        if c.story_id == story.id or (c.story_id is None and c.a.article_id in member_ids)
    ]
    return StoryView(
        id=story.id,
        title=story.title,
        first_published=_date(story.first_published),
        last_published=_date(story.last_published),
        parent=(story.parent_id, titles[story.parent_id]) if story.parent_id in titles else None,
        by_outlet=sorted(by_outlet.items()),
        conflicts=conflicts,
        claims=[_claim_view(c, articles) for c in corpus.claims if c.story_id == story.id],
        speakers=_speakers(members),
        timeline=[
            _timeline_view(e, articles)
            for e in sorted(corpus.timeline, key=lambda e: e.date)
            if e.story_id == story.id
        ],
    )


def _article_view(article: Article) -> ArticleView:
    return ArticleView(
        id=article.id,
        title=_article_title(article),
        outlet=article.outlet or "unknown outlet",
        published=_date(article.published),
        byline=article.byline or "",
        source=article.source + (f"#{article.record_key}" if article.record_key else ""),
        url=_safe_url(article.url),
        original_publisher=article.original_publisher or "",
        language=article.language or "",
        tags=article.tags,
        captions=article.captions,
        counts={
            "entities": len(article.entities),
            "quotes": len(article.quotes),
            "quantities": len(article.quantities),
            "times": len(article.times),
        },
        paragraphs=_paragraphs(article),
    )


def _highlights(article: Article) -> list[tuple[int, int, str, str]]:
    """Every span to highlight as (start, end, css class, tooltip)."""
    spans = [(e.start, e.end, "ent", f"{e.label}: {e.canonical}") for e in article.entities]
    for q in article.quotes:
        speaker = q.speaker or "speaker not identified"
        cue = f", cue “{q.cue}”" if q.cue else ""
        spans.append((q.start, q.end, "quote", f"{q.type} quote: {speaker}{cue}"))
        if q.speaker_start is not None and q.speaker_end is not None:
            spans.append((q.speaker_start, q.speaker_end, "speaker", f"speaker: {speaker}"))
    for n in article.quantities:
        bound = "" if n.bound == "=" else f"{n.bound} "
        upper = f" to {_number(n.value_max)}" if n.value_max is not None else ""
        unit = f" {n.unit}" if n.unit else ""
        counted = f" of {n.counted}" if n.counted else ""
        spans.append(
            (n.start, n.end, "num", f"{n.kind}: {bound}{_number(n.value)}{upper}{unit}{counted}")
        )
    spans.extend(
        (t.start, t.end, "time", f"time: {t.value or 'unresolved'}") for t in article.times
    )
    return [s for s in spans if 0 <= s[0] < s[1] <= len(article.text)]


def _paragraphs(article: Article) -> list[ParagraphView]:
    """The text cut at every span boundary inside each paragraph (spans crossing a paragraph
    are clipped to it); each piece carries the classes of all spans covering it."""
    spans = _highlights(article)
    blocks = article.paragraphs or []
    bounds = [(p.start, p.end, p.kind) for p in blocks] or [(0, len(article.text), "paragraph")]
    views = []
    for p_start, p_end, kind in bounds:
        inside = [s for s in spans if s[0] < p_end and s[1] > p_start]
        cuts = sorted({p_start, p_end} | {c for s in inside for c in s[:2] if p_start < c < p_end})
        segments = []
        for left, right in itertools.pairwise(cuts):
            covering = [s for s in inside if s[0] <= left and s[1] >= right]
            segments.append(
                Segment(
                    text=article.text[left:right],
                    classes=" ".join(sorted({s[2] for s in covering})),
                    title="\n".join(s[3] for s in covering),
                )
            )
        views.append(ParagraphView(kind=kind, segments=segments))
    return views
