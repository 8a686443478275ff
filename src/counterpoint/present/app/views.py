"""What the pages show, arranged from model objects: text cut into highlighted segments at
span boundaries, a figure inside its sentence, a story's sections. Nothing here analyses or
escapes; the templates escape every value (autoescape on)."""

from __future__ import annotations

import itertools
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import PurePath
from urllib.parse import urlsplit

from counterpoint.model import (
    DISPUTED_KINDS,
    Article,
    Claim,
    Conflict,
    ConflictSide,
    Paragraph,
    RawDocument,
    Story,
    TimelineEntry,
)
from counterpoint.present.highlight import (
    Context,
    Segment,
    highlights,
    in_sentence,
    number,
    safe_url,
    segments,
)

# Characters of an article's opening shown beside the other outlets' on a story page.
LEAD_CHARACTERS = 220
UNKNOWN_OUTLET = "unknown outlet"


@dataclass(slots=True)
class Block:
    """A paragraph (or a raw block) as segments; ``faded`` when the cleaner removed it."""

    kind: str
    segments: list[Segment]
    note: str = ""
    faded: bool = False


@dataclass(slots=True)
class SideView:
    outlet: str
    article_id: str
    article_title: str
    published: str
    source: str
    context: Context
    cite: str  # "start-end" of the sentence (or the figure), to mark on the article page


@dataclass(slots=True)
class ConflictView:
    id: str
    story_id: str | None
    kind: str
    explanation: str
    a: SideView
    b: SideView
    flagged: bool = True  # one of DISPUTED_KINDS


@dataclass(slots=True)
class ArticleCard:
    id: str
    title: str
    published: str
    byline: str
    url: str | None
    lead: str


@dataclass(slots=True)
class CitedView:
    number: int
    article_id: str
    outlet: str
    text: str
    cite: str
    url: str | None = None
    count: int = 1  # the times the same words recur (a scare quote used thrice is one row)


@dataclass(slots=True)
class VoiceView:
    speaker: str
    kind: str
    group: str
    role: str
    outlets: list[str]
    quotes: list[CitedView]


@dataclass(slots=True)
class TimelineRow:
    date: str
    disputed: bool
    note: str
    mentions: list[tuple[str, Context, str, str]]  # outlet, context, article id, cite


@dataclass(slots=True)
class ClaimRow:
    key: str
    status: str
    by_outlet: list[tuple[str, str]]  # outlet, the values it gives


@dataclass(slots=True)
class StoryView:
    story: Story
    first_published: str
    last_published: str
    by_outlet: list[tuple[str, list[ArticleCard]]]
    conflicts: list[ConflictView]
    claims: list[ClaimRow]
    voices: list[VoiceView]
    timeline: list[TimelineRow]
    briefing: list[tuple[str, list[CitedView]]]
    outlet_of: dict[str, str] = field(default_factory=dict)
    # the name shown for each outlet key a comparison uses (a file's name stands for no outlet)
    outlet_names: dict[str, str] = field(default_factory=dict)
    # title of each event story whose results this (storyline) page shows too
    event_titles: dict[str, str] = field(default_factory=dict)
    # each outlet's scare quotes, their words cut from the text
    scare_quotes: dict[str, list[CitedView]] = field(default_factory=dict)


def date_text(moment: datetime | None) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment is not None else "undated"


def article_title(article: Article | None) -> str:
    if article is None:
        return "(article not stored)"
    return article.title or article.text[:80] or article.source


def parse_cite(cite: str | None, length: int) -> tuple[int, int] | None:
    """A "start-end" range from a link, kept only when it lies inside the text."""
    if not cite:
        return None
    left, _, right = cite.partition("-")
    if not (left.isdigit() and right.isdigit()):
        return None
    start, end = int(left), int(right)
    return (start, end) if 0 <= start < end <= length else None


def article_blocks(article: Article, cited: tuple[int, int] | None = None) -> list[Block]:
    """The cleaned text by paragraph, highlighted, with a cited range marked."""
    spans = highlights(article)
    if cited is not None:
        spans.append((cited[0], cited[1], "cited", "cited here"))
    paragraphs = article.paragraphs or [Paragraph(0, len(article.text), "paragraph")]
    return [
        Block(kind=p.kind, segments=segments(article.text, p.start, p.end, spans))
        for p in paragraphs
    ]


def raw_blocks(article: Article, raw: RawDocument | None) -> list[Block]:
    """The original input as blocks: what the cleaner kept as it is, what it removed faded with
    its reason. Without the input at hand, the removed blocks are listed by offset only."""
    removed = sorted(article.removed, key=lambda block: block.raw_start)
    if raw is None:
        return [
            Block("removed", [], f"{r.reason} (characters {r.raw_start}-{r.raw_end})", faded=True)
            for r in removed
        ]
    content = raw.content
    marks = [(r.raw_start, r.raw_end, "removed", r.reason) for r in removed]
    marks += [
        (p.raw_start, p.raw_end, "kept", "")
        for p in article.paragraphs
        if p.raw_start is not None and p.raw_end is not None
    ]
    marks = [m for m in marks if 0 <= m[0] < m[1] <= len(content)]
    blocks = []
    position = 0
    for start, end, kind, reason in sorted(marks):
        if start < position:
            continue
        if start > position and content[position:start].strip():
            blocks.append(Block("between", [Segment(content[position:start])]))
        blocks.append(Block(kind, [Segment(content[start:end])], reason, faded=kind == "removed"))
        position = end
    if content[position:].strip():
        blocks.append(Block("between", [Segment(content[position:])]))
    return blocks


def context(article: Article | None, side: ConflictSide) -> tuple[Context, str]:
    """A conflict side's figure inside its sentence, and the range to cite on the article
    page (none when the figure is not in the stored text)."""
    shown = in_sentence(
        article, side.start, side.end, side.surface, (side.sentence_start, side.sentence_end)
    )
    in_text = article is not None and 0 <= side.start <= side.end <= len(article.text)
    return shown, f"{side.start}-{side.end}" if in_text else ""


def conflict_view(
    conflict: Conflict, articles: dict[str, Article], outlet_of: dict[str, str] | None = None
) -> ConflictView:
    names = outlet_of or {}

    def side(s: ConflictSide) -> SideView:
        article = articles.get(s.article_id)
        shown, cite = context(article, s)
        stated = s.outlet or (article.outlet if article else None)
        return SideView(
            outlet=stated or names.get(s.article_id, UNKNOWN_OUTLET),
            article_id=s.article_id if article else "",
            article_title=article_title(article),
            published=date_text(article.published) if article else "undated",
            source=s.source or "",
            context=shown,
            cite=cite,
        )

    return ConflictView(
        id=conflict.id,
        story_id=conflict.story_id,
        kind=conflict.kind.replace("_", " "),
        explanation=conflict.explanation,
        a=side(conflict.a),
        b=side(conflict.b),
        flagged=conflict.kind in DISPUTED_KINDS,
    )


def outlet_names(members: Sequence[Article]) -> tuple[dict[str, str], dict[str, str]]:
    """Each article's outlet as a reader should see it, and the name to show for each key
    the comparisons use for an article without a stated outlet (its site, else its file's
    name): the site's host, else "unknown outlet" (numbered when several are)."""
    unnamed = sorted(
        {a.source for a in members if not (a.outlet or "").strip() and not _host(a.url)}
    )
    label_of = {
        source: UNKNOWN_OUTLET if len(unnamed) == 1 else f"{UNKNOWN_OUTLET} {index}"
        for index, source in enumerate(unnamed, start=1)
    }
    outlet_of, names = {}, {}
    for article in members:
        stated = (article.outlet or "").strip()
        shown = stated or _host(article.url) or label_of[article.source]
        outlet_of[article.id] = shown
        if not stated:
            names[PurePath(article.source).stem or article.id] = shown
            names[article.id] = shown
    return outlet_of, names


def _host(url: str | None) -> str:
    return (urlsplit(url or "").hostname or "").removeprefix("www.")


def _lead(article: Article) -> str:
    """The opening of the body: the text past its title and subtitle."""
    start = 0
    for heading in (article.title, article.subtitle):
        if heading and article.text.startswith(heading, start):
            start += len(heading)
            start += len(article.text[start:]) - len(article.text[start:].lstrip())
    lead = article.text[start : start + LEAD_CHARACTERS]
    return lead + ("…" if len(article.text) > start + LEAD_CHARACTERS else "")


def _cut(articles: dict[str, Article], article_id: str, start: int, end: int) -> str:
    article = articles.get(article_id)
    if article is None or not 0 <= start <= end <= len(article.text):
        return ""
    return article.text[start:end]


def _claim_rows(claims: Iterable[Claim], outlet_of: dict[str, str]) -> list[ClaimRow]:
    rows = []
    for claim in claims:
        values: dict[str, list[str]] = defaultdict(list)
        for mention in claim.mentions:
            outlet = outlet_of.get(mention.article_id, UNKNOWN_OUTLET)
            shown = number(mention.value)
            if shown not in values[outlet]:
                values[outlet].append(shown)
        rows.append(
            ClaimRow(
                key=claim.key,
                status=claim.status.replace("_", " "),
                by_outlet=[(o, ", ".join(v)) for o, v in sorted(values.items())],
            )
        )
    order = {"conflict": 0, "mixed": 1, "change over time": 2, "agreement": 3, "single": 4}
    return sorted(rows, key=lambda r: (order.get(r.status, 5), r.key))


def story_view(
    story: Story,
    members: list[Article],
    claims: list[Claim],
    conflicts: list[Conflict],
    timeline: list[TimelineEntry],
) -> StoryView:
    """Everything a story page shows, from the story and its stored results."""
    articles = {a.id: a for a in members}
    outlet_of, names = outlet_names(members)

    def named(outlet: str | None, article_id: str) -> str:
        if outlet:
            return names.get(outlet, outlet)
        return outlet_of.get(article_id, UNKNOWN_OUTLET)

    by_outlet: dict[str, list[ArticleCard]] = defaultdict(list)
    for article in members:
        by_outlet[outlet_of[article.id]].append(
            ArticleCard(
                id=article.id,
                title=article_title(article),
                published=date_text(article.published),
                byline=article.byline or "",
                url=safe_url(article.url),
                lead=_lead(article),
            )
        )
    numbered = itertools.count(1)
    voices = [
        VoiceView(
            speaker=voice.speaker,
            kind=voice.kind,
            group=voice.group,
            role=", ".join(x for x in (voice.role, voice.affiliation) if x),
            outlets=[names.get(o, o) for o in voice.outlets],
            quotes=[
                CitedView(
                    number=0,
                    article_id=q.article_id,
                    outlet=named(q.outlet, q.article_id),
                    text=_cut(articles, q.article_id, q.start, q.end),
                    cite=f"{q.start}-{q.end}",
                )
                for q in voice.quotes
            ],
        )
        for voice in story.voices
    ]
    briefing: dict[str, list[CitedView]] = defaultdict(list)
    for sentence in story.briefing:
        briefing[sentence.role].append(
            CitedView(
                number=next(numbered),
                article_id=sentence.article_id,
                outlet=named(sentence.outlet, sentence.article_id),
                text=_cut(articles, sentence.article_id, sentence.start, sentence.end),
                cite=f"{sentence.start}-{sentence.end}",
                url=safe_url(sentence.url),
            )
        )
    rows = []
    for entry in timeline:
        mentions = []
        for m in entry.mentions:
            holder = articles.get(m.article_id)
            text = holder.text if holder else ""
            shown = Context(
                text[m.start : m.time_start],
                text[m.time_start : m.time_end],
                text[m.time_end : m.end],
            )
            outlet = named(m.outlet, m.article_id)
            mentions.append((outlet, shown, m.article_id, f"{m.start}-{m.end}"))
        rows.append(TimelineRow(entry.date, entry.disputed, entry.note, mentions))
    roles = ("core", "disputed", "partial")
    return StoryView(
        story=story,
        first_published=date_text(story.first_published),
        last_published=date_text(story.last_published),
        by_outlet=sorted(by_outlet.items()),
        conflicts=sorted(
            (conflict_view(c, articles, outlet_of) for c in conflicts),
            key=lambda c: not c.flagged,
        ),
        claims=_claim_rows(claims, outlet_of),
        voices=voices,
        timeline=rows,
        briefing=[(role, briefing[role]) for role in roles if briefing.get(role)],
        outlet_of=outlet_of,
        outlet_names=names,
        scare_quotes={
            framing.outlet: _once_each(
                CitedView(
                    number=0,
                    article_id=q.article_id,
                    outlet=names.get(framing.outlet, framing.outlet),
                    text=_cut(articles, q.article_id, q.start, q.end),
                    cite=f"{q.start}-{q.end}",
                )
                for q in framing.scare_quotes
            )
            for framing in story.framing
        },
    )


def _once_each(cited: Iterable[CitedView]) -> list[CitedView]:
    """The same words once, linked to where they first occur, with how often they recur."""
    first: dict[str, CitedView] = {}
    for item in cited:
        key = " ".join(item.text.split()).casefold()
        if key in first:
            first[key].count += 1
        else:
            first[key] = item
    return list(first.values())
