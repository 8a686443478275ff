"""The HTML report: one self-contained file (inline CSS and JS, no network) rendering a Corpus.

Nothing here analyses: every figure, claim and conflict shown is read from the Corpus. This
module only arranges it for reading (grouping by story and outlet, cutting text into
highlighted segments at span boundaries, drawing charts with :mod:`counterpoint.present.charts`)
and hands it to the Jinja2 templates, which escape every value (autoescape on), so article text
is shown as text whatever it contains. The page carries a Content-Security-Policy that allows
only its own inline style and script, by hash: nothing else loads or runs, whatever the
escaping might miss.
"""

from __future__ import annotations

import base64
import hashlib
import os
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from pathlib import Path

import jinja2
from markupsafe import Markup

from counterpoint.datetimes import undated_last
from counterpoint.model import (
    Article,
    BriefingRole,
    Claim,
    Conflict,
    ConflictSide,
    Corpus,
    OutletFraming,
    Story,
    TimelineEntry,
    Voice,
)
from counterpoint.present.charts import Bar, bar_chart, stacked_bar_chart, timeline_chart
from counterpoint.present.highlight import (
    Context,
    Segment,
    highlights,
    in_sentence,
    number,
    safe_url,
    segments,
)

TEMPLATES = Path(__file__).with_name("templates")
# Characters of context either side of a span when its sentence is unknown.
# Distinctive terms drawn per outlet, the highest z first.
TERMS_PER_OUTLET = 8
VOICE_GROUPS = ("official", "opposition", "expert", "affected", "other")
BRIEFING_PARTS: dict[BriefingRole, str] = {
    "core": "What the outlets agree on",
    "disputed": "What is disputed",
    "partial": "What only some outlets report",
}


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
    grouped = _Grouped.of(corpus)
    stories = [_story_view(story, grouped, articles, copies, titles) for story in corpus.stories]
    # Stories with flagged differences first, then the most covered.
    stories.sort(key=lambda s: (-len(s.conflicts), -s.outlets, -s.articles, s.title))
    unassigned = [a for a in corpus.articles if a.id not in in_story]
    style, script = _asset("report.css"), _asset("report.js")
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            policy=_content_security_policy(style, script),
            style=style,
            script=script,
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
            articles=[_article_view(a) for a in _by_date(corpus.articles)],
            problems=corpus.problems,
        )
    )


def _asset(name: str) -> Markup:
    """The report's own stylesheet or script, inserted verbatim (it holds no input text)."""
    return Markup((TEMPLATES / name).read_text(encoding="utf-8"))


def _content_security_policy(style: str, script: str) -> str:
    """Nothing may load, and only the page's own style and script (by hash) may apply or run:
    no inline handler, no ``style`` attribute, no ``javascript:`` URL, no form."""

    def digest(text: str) -> str:
        return base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")

    return (
        f"default-src 'none'; style-src 'sha256-{digest(style)}'; "
        f"script-src 'sha256-{digest(script)}'; base-uri 'none'; form-action 'none'"
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
    source: str
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
class Excerpt:
    """Words cut from one article by offset, with where they come from."""

    text: str
    outlet: str
    article_id: str
    article_title: str


@dataclass(slots=True)
class CoverageRow:
    label: str
    status: str
    reported_by: int
    cells: list[str]  # per outlet: "reported", "exclusive", "omitted" or "absent"


@dataclass(slots=True)
class CoverageView:
    outlets: list[str]
    rows: list[CoverageRow]


@dataclass(slots=True)
class VoiceView:
    speaker: str
    kind: str
    group: str
    role: str
    affiliation: str
    outlets: list[str]
    quotes: list[tuple[str, Excerpt]]  # (quote type, the quote)


@dataclass(slots=True)
class SentimentView:
    outlet: str
    actor: str
    score: float
    mentions: int
    sentences: list[Excerpt]


@dataclass(slots=True)
class LabelView:
    """One name given to an actor, with the outlets that use it and how often."""

    actor: str
    label: str
    loaded: bool
    by_outlet: list[tuple[str, int]]


@dataclass(slots=True)
class FramingView:
    terms_chart: Markup | None
    sentiment_chart: Markup | None
    labels: list[LabelView]
    scare_quotes: list[tuple[str, Excerpt]]  # (actor, the words in quote marks)
    loaded_terms: list[tuple[str, list[str]]]  # outlet, its loaded terms
    sentiment: list[SentimentView]


@dataclass(slots=True)
class BriefingLine:
    number: int
    excerpt: Excerpt
    url: str | None
    claim: str
    conflict: str
    also_reported_by: str = ""


@dataclass(slots=True)
class StoryView:
    id: str
    title: str
    first_published: str
    last_published: str
    parent: tuple[str, str] | None  # (id, title) of the storyline this event belongs to
    articles: int
    outlets: int
    by_outlet: list[tuple[str, list[ArticleRow]]]
    conflicts: list[ConflictView]
    claims: list[ClaimView]
    coverage: CoverageView | None
    voices: list[VoiceView]
    voice_chart: Markup | None
    speakers: list[SpeakerView]
    timeline: list[TimelineView]
    timeline_chart: Markup | None
    framing: FramingView | None
    briefing: list[tuple[str, list[BriefingLine]]]  # (part heading, its sentences)


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
    unlinked_url: str  # an address that is no web link (javascript:, data:...), shown as text
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
        url=safe_url(article.url),
        copy_of=_article_title(articles.get(original)) if original else None,
    )


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
    sentence = (side.sentence_start, side.sentence_end) if side else (None, None)
    return SideView(
        outlet=outlet or "unknown outlet",
        published=_date(article.published) if article else "undated",
        article_id=article.id if article else "",
        article_title=_article_title(article),
        value=number(value),
        counted=counted or "",
        time=time or "",
        source=(side.source if side else None) or "",
        context=in_sentence(article, start, end, fallback, sentence),
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


@dataclass(slots=True)
class _Grouped:
    """The corpus's claims, conflicts and timeline entries by story, read once for all
    stories; a conflict without a story goes with the article of its first side."""

    claims: dict[str, list[Claim]]
    conflicts: dict[str, list[Conflict]]
    loose_conflicts: dict[str, list[Conflict]]
    timeline: dict[str, list[TimelineEntry]]

    @classmethod
    def of(cls, corpus: Corpus) -> _Grouped:
        grouped = cls(defaultdict(list), defaultdict(list), defaultdict(list), defaultdict(list))
        for claim in corpus.claims:
            if claim.story_id is not None:
                grouped.claims[claim.story_id].append(claim)
        for conflict in corpus.conflicts:
            if conflict.story_id is None:
                grouped.loose_conflicts[conflict.a.article_id].append(conflict)
            else:
                grouped.conflicts[conflict.story_id].append(conflict)
        for entry in corpus.timeline:
            grouped.timeline[entry.story_id].append(entry)
        return grouped


def _story_view(
    story: Story,
    grouped: _Grouped,
    articles: dict[str, Article],
    copies: dict[str, str],
    titles: dict[str, str],
) -> StoryView:
    members = _by_date([articles[i] for i in story.article_ids if i in articles])
    by_outlet: dict[str, list[ArticleRow]] = defaultdict(list)
    for article in members:
        row = _article_row(article, copies, articles)
        by_outlet[row.outlet].append(row)
    conflicts = grouped.conflicts.get(story.id, []) + [
        c for article in members for c in grouped.loose_conflicts.get(article.id, [])
    ]
    claims = grouped.claims.get(story.id, [])
    timeline = sorted(grouped.timeline.get(story.id, []), key=lambda e: e.date)
    outlet_of = {a.id: a.outlet or "unknown outlet" for a in members}
    return StoryView(
        id=story.id,
        title=story.title,
        first_published=_date(story.first_published),
        last_published=_date(story.last_published),
        parent=(story.parent_id, titles[story.parent_id]) if story.parent_id in titles else None,
        articles=len(members),
        outlets=len(by_outlet),
        by_outlet=sorted(by_outlet.items()),
        conflicts=[_conflict_view(c, articles) for c in conflicts],
        claims=[_claim_view(c, articles) for c in claims],
        coverage=_coverage_view(story),
        voices=[_voice_view(v, articles) for v in story.voices],
        voice_chart=_voice_chart(story),
        speakers=[] if story.voices else _speakers(members),
        timeline=[_timeline_view(e, articles) for e in timeline],
        timeline_chart=timeline_chart(timeline, outlet_of=outlet_of) if timeline else None,
        framing=_framing_view(story.framing, articles),
        briefing=_briefing_view(story, articles, claims, conflicts),
    )


def _excerpt(
    articles: dict[str, Article], article_id: str, start: int, end: int, outlet: str | None
) -> Excerpt:
    article = articles.get(article_id)
    text = article.text[start:end] if article and 0 <= start <= end <= len(article.text) else ""
    return Excerpt(
        text=text,
        outlet=outlet or (article.outlet if article else None) or "unknown outlet",
        article_id=article_id if article else "",
        article_title=_article_title(article),
    )


def _coverage_view(story: Story) -> CoverageView | None:
    coverage = story.coverage
    if not coverage.facts:
        return None
    omitted = {(o.outlet, claim) for o in coverage.by_outlet for claim in o.omitted}
    exclusive = {(o.outlet, claim) for o in coverage.by_outlet for claim in o.exclusive}

    def cell(outlet: str, claim_id: str, reported: bool) -> str:
        if (outlet, claim_id) in exclusive:
            return "exclusive"
        if reported:
            return "reported"
        return "omitted" if (outlet, claim_id) in omitted else "absent"

    rows = [
        CoverageRow(
            label=fact.label,
            status=fact.status.replace("_", " "),
            reported_by=len(fact.outlets),
            cells=[cell(o, fact.claim_id, o in fact.outlets) for o in coverage.outlets],
        )
        for fact in coverage.facts
    ]
    return CoverageView(outlets=coverage.outlets, rows=rows)


def _voice_view(voice: Voice, articles: dict[str, Article]) -> VoiceView:
    return VoiceView(
        speaker=voice.speaker,
        kind=voice.kind,
        group=voice.group,
        role=voice.role or "",
        affiliation=voice.affiliation or "",
        outlets=voice.outlets,
        quotes=[
            (q.type, _excerpt(articles, q.article_id, q.start, q.end, q.outlet))
            for q in voice.quotes
        ],
    )


def _voice_chart(story: Story) -> Markup | None:
    rows = [(b.outlet, b.groups) for b in story.voice_balance if any(b.groups.values())]
    if not rows:
        return None
    return stacked_bar_chart(
        rows, title="Quotes per group of voices, by outlet", categories=VOICE_GROUPS, unit="quotes"
    )


def _framing_view(framing: list[OutletFraming], articles: dict[str, Article]) -> FramingView | None:
    if not framing:
        return None
    terms = [
        Bar(t.term, t.z, group=f.outlet, note=f"used {t.count}×, log-odds {t.log_odds:+.2f}")
        for f in framing
        for t in sorted(f.terms, key=lambda t: -t.z)[:TERMS_PER_OUTLET]
    ]
    feelings = [
        SentimentView(
            outlet=f.outlet,
            actor=s.actor,
            score=s.score,
            mentions=s.mentions,
            sentences=[
                _excerpt(articles, c.article_id, c.start, c.end, c.outlet or f.outlet)
                for c in s.sentences
            ],
        )
        for f in framing
        for s in f.sentiment
    ]
    sentiment_bars = [
        Bar(s.actor, s.score, group=s.outlet, note=f"{s.mentions} clauses") for s in feelings
    ]
    return FramingView(
        terms_chart=bar_chart(terms, title="Distinctive terms by outlet (z-score)", digits=1)
        if terms
        else None,
        sentiment_chart=bar_chart(
            sentiment_bars,
            title="Tone toward each actor, by outlet (-1 to +1)",
            digits=2,
            domain=(-1.0, 1.0),
        )
        if sentiment_bars
        else None,
        labels=_labels(framing),
        scare_quotes=[
            (q.actor or "", _excerpt(articles, q.article_id, q.start, q.end, f.outlet))
            for f in framing
            for q in f.scare_quotes
        ],
        loaded_terms=[(f.outlet, f.loaded_terms) for f in framing if f.loaded_terms],
        sentiment=feelings,
    )


def _labels(framing: list[OutletFraming]) -> list[LabelView]:
    """Each actor's names across the outlets, so that differing names sit side by side."""
    views: dict[tuple[str, str], LabelView] = {}
    for f in framing:
        for label in f.actor_labels:
            view = views.setdefault(
                (label.actor, label.label), LabelView(label.actor, label.label, label.loaded, [])
            )
            view.by_outlet.append((f.outlet, label.count))
            view.loaded = view.loaded or label.loaded
    return sorted(views.values(), key=lambda v: (v.actor, -len(v.by_outlet), v.label))


def _briefing_view(
    story: Story, articles: dict[str, Article], claims: list[Claim], conflicts: list[Conflict]
) -> list[tuple[str, list[BriefingLine]]]:
    keys = {c.id: c.key for c in claims}
    kinds = {c.id: c.kind.replace("_", " ") for c in conflicts}
    parts: dict[BriefingRole, list[BriefingLine]] = {role: [] for role in BRIEFING_PARTS}
    for position, sentence in enumerate(story.briefing, start=1):
        excerpt = _excerpt(articles, sentence.article_id, sentence.start, sentence.end, None)
        excerpt.outlet = sentence.outlet or excerpt.outlet
        parts[sentence.role].append(
            BriefingLine(
                number=position,
                excerpt=excerpt,
                url=safe_url(sentence.url),
                claim=keys.get(sentence.claim_id or "", ""),
                conflict=", ".join(
                    dict.fromkeys(kinds[c] for c in sentence.conflict_ids if c in kinds)
                ),
                also_reported_by=", ".join(sentence.also_reported_by),
            )
        )
    return [(BRIEFING_PARTS[role], lines) for role, lines in parts.items() if lines]


def _article_view(article: Article) -> ArticleView:
    return ArticleView(
        id=article.id,
        title=_article_title(article),
        outlet=article.outlet or "unknown outlet",
        published=_date(article.published),
        byline=article.byline or "",
        source=article.source + (f"#{article.record_key}" if article.record_key else ""),
        url=safe_url(article.url),
        unlinked_url=article.url if article.url and not safe_url(article.url) else "",
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


def _paragraphs(article: Article) -> list[ParagraphView]:
    """The text by paragraph, cut into highlighted segments."""
    spans = highlights(article)
    bounds = [(p.start, p.end, p.kind) for p in article.paragraphs]
    return [
        ParagraphView(kind=kind, segments=segments(article.text, start, end, spans))
        for start, end, kind in bounds or [(0, len(article.text), "paragraph")]
    ]
