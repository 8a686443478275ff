"""One timeline per story from the resolved dates of its articles.

Every sentence holding a resolved, point-like time expression is a dated event mention. Two
mentions from different articles describe the same event when their sentences share enough
content terms (the same action and participants); mentions of one event are merged into one
entry, and the entry is marked ``disputed`` when their dates cannot both hold (disjoint days).
"""

from __future__ import annotations

from dataclasses import dataclass

from counterpoint.link import Anchor, content_terms, parse_anchor
from counterpoint.model import Article, TimelineEntry, TimelineMention, stable_id

SAME_EVENT_OVERLAP = 0.5  # share of the smaller sentence's terms
MIN_EVENT_TERMS = 3


@dataclass(slots=True)
class _Dated:
    mention: TimelineMention
    anchor: Anchor
    terms: frozenset[str]


def _dated_mentions(article: Article) -> list[_Dated]:
    out = []
    for time in article.times:
        if time.granularity in {"range", "decade"}:
            continue
        anchor = parse_anchor(time.value, "sentence")
        sentence = article.sentence_at(time.start)
        if anchor is None or sentence is None:
            continue
        terms = content_terms(article.text[sentence.start : sentence.end])
        if len(terms) < MIN_EVENT_TERMS:
            continue
        mention = TimelineMention(
            article_id=article.id,
            start=sentence.start,
            end=sentence.end,
            time_start=time.start,
            time_end=time.end,
            value=time.value or "",
            outlet=article.outlet,
        )
        out.append(_Dated(mention, anchor, terms))
    return out


def _same_event(a: _Dated, b: _Dated) -> bool:
    if a.mention.article_id == b.mention.article_id:
        return False
    smaller = min(len(a.terms), len(b.terms))
    return smaller > 0 and len(a.terms & b.terms) / smaller >= SAME_EVENT_OVERLAP


def story_timeline(story_id: str, articles: list[Article]) -> list[TimelineEntry]:
    """The dated events of one story, in date order (one function per story: a groupby stage)."""
    groups: list[list[_Dated]] = []
    for dated in (d for article in articles for d in _dated_mentions(article)):
        home = next(
            (
                group
                for group in groups
                if any(
                    _same_event(dated, other)
                    and other.mention.article_id != dated.mention.article_id
                    for other in group
                )
            ),
            None,
        )
        if home is None:
            groups.append([dated])
        else:
            home.append(dated)
    entries = []
    for group in groups:
        precise = min(group, key=lambda d: (d.anchor.last - d.anchor.first, d.anchor.first))
        clashing = [d for d in group if not d.anchor.overlaps(precise.anchor)]
        note = ""
        if clashing:
            note = "; ".join(
                f"{d.mention.outlet or d.mention.article_id}: {d.mention.value}"
                for d in [precise, *clashing]
            )
            note = f"dates disagree - {note}"
        entries.append(
            TimelineEntry(
                id=stable_id(
                    "timeline",
                    story_id,
                    *(f"{d.mention.article_id}:{d.mention.time_start}" for d in group),
                ),
                story_id=story_id,
                date=precise.mention.value,
                mentions=[d.mention for d in group],
                disputed=bool(clashing),
                note=note,
            )
        )
    return sorted(entries, key=lambda e: (e.date, e.id))
