"""Statements of different outlets that cannot both hold ("X attended the talks" / "X skipped
the talks"), and opposite positions reported for one speaker or held by two.

Candidate pairs are blocked cheaply: two sentences of different voices that name a common
actor (an entity id) and share at least ``MIN_SHARED_TERMS`` content terms, at most
``MAX_CANDIDATES`` per sentence, and whose resolved dates (if both give one) overlap; the
``Contradiction`` judge decides. A pair found is a ``conflict``, or an
``attributed_disagreement`` when each side is a quote of a different speaker: two sources
disagreeing is news, not an error of either report.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from counterpoint.link import content_terms, voice
from counterpoint.model import Article, Conflict, ConflictKind, ConflictSide, Sentence, stable_id

if TYPE_CHECKING:
    from counterpoint.annotate.interfaces import Contradiction

MIN_SHARED_TERMS = 3
MAX_CANDIDATES = 8  # per sentence, the most similar ones
MIN_CONFIDENCE = 0.6
MAX_POSTING = 400  # an actor in more sentences than this blocks nothing
ACTOR_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})
EXCERPT = 160  # characters of each sentence the explanation quotes


@dataclass(frozen=True, slots=True)
class _Statement:
    article: Article
    sentence: Sentence
    text: str
    terms: frozenset[str]
    actors: frozenset[str]
    periods: tuple[tuple[date, date], ...]


def find_contradictions(
    scope_id: str, articles: list[Article], contradiction: Contradiction
) -> list[Conflict]:
    statements = [s for article in articles for s in _statements(article)]
    postings: dict[str, list[int]] = defaultdict(list)
    for i, statement in enumerate(statements):
        for actor in statement.actors:
            postings[actor].append(i)
    explain: Callable[[str, str], Any] | None = getattr(contradiction, "explain", None)
    found: dict[tuple[str, ...], tuple[float, Conflict]] = {}
    for i, statement in enumerate(statements):
        for j in _candidates(i, statement, statements, postings):
            other = statements[j]
            verdict, confidence = contradiction.judge(statement.text, other.text)
            if verdict != "contradiction" or confidence < MIN_CONFIDENCE:
                continue
            reason = explain(statement.text, other.text) if explain else None
            conflict = _conflict(scope_id, statement, other, reason)
            key = (*sorted((statement.article.id, other.article.id)), conflict.a.surface.casefold())
            if key not in found or found[key][0] < confidence:
                found[key] = (confidence, conflict)
    return sorted((conflict for _, conflict in found.values()), key=lambda c: c.id)


def _statements(article: Article) -> list[_Statement]:
    out = []
    for sentence in article.sentences:
        inside = [e for e in article.entities if sentence.start <= e.start < sentence.end]
        actors = frozenset(
            e.entity_id for e in inside if e.label in {"PERSON", "ORG", "GPE", "NORP"}
        )
        if not actors:
            continue
        periods = tuple(
            period
            for t in article.times
            if sentence.start <= t.start < sentence.end and (period := t.period) is not None
        )
        text = article.text[sentence.start : sentence.end]
        out.append(_Statement(article, sentence, text, content_terms(text), actors, periods))
    return out


def _candidates(
    i: int, statement: _Statement, statements: list[_Statement], postings: dict[str, list[int]]
) -> list[int]:
    seen: set[int] = set()
    for actor in statement.actors:
        posting = postings[actor]
        if len(posting) <= MAX_POSTING:
            seen.update(j for j in posting if j > i)
    scored = []
    for j in seen:
        other = statements[j]
        if voice(other.article) == voice(statement.article):
            continue
        shared = len(statement.terms & other.terms)
        if shared >= MIN_SHARED_TERMS and _same_time(statement, other):
            scored.append((-shared, j))
    return [j for _, j in sorted(scored)[:MAX_CANDIDATES]]


def _same_time(a: _Statement, b: _Statement) -> bool:
    """Dates given on both sides must overlap: "rose in May" does not contradict "fell in
    June"."""
    if not a.periods or not b.periods:
        return True
    return any(
        s <= other_e and other_s <= e for s, e in a.periods for other_s, other_e in b.periods
    )


def _speaker(statement: _Statement, start: int) -> str | None:
    """Who the article says speaks the words at ``start``: a quote's speaker when it is an
    actor the article names ("reports", "sources" are nobody's position)."""
    article = statement.article
    actors = {e.canonical.casefold() for e in article.entities if e.label in ACTOR_LABELS}
    for quote in article.quotes:
        if quote.speaker and quote.start <= start < quote.end:
            return quote.speaker if quote.speaker.casefold() in actors else None
    return None


def _conflict(scope_id: str, a: _Statement, b: _Statement, reason: Any) -> Conflict:
    if reason is not None:
        spans = (
            (a.sentence.start + reason.a_start, a.sentence.start + reason.a_end),
            (b.sentence.start + reason.b_start, b.sentence.start + reason.b_end),
        )
    else:
        spans = ((a.sentence.start, a.sentence.end), (b.sentence.start, b.sentence.end))
    speakers = (_speaker(a, spans[0][0]), _speaker(b, spans[1][0]))
    side_a, side_b = _side(a, *spans[0], speakers[0]), _side(b, *spans[1], speakers[1])
    two_sources = bool(
        speakers[0] and speakers[1] and speakers[0].casefold() != speakers[1].casefold()
    )
    kind: ConflictKind = "attributed_disagreement" if two_sources else "conflict"
    return Conflict(
        id=stable_id(
            "contradiction", a.article.id, str(side_a.start), b.article.id, str(side_b.start)
        ),
        kind=kind,
        a=side_a,
        b=side_b,
        explanation=_explanation(side_a, side_b, (a.article.text, b.article.text), kind),
        story_id=scope_id,
    )


def _side(statement: _Statement, start: int, end: int, speaker: str | None) -> ConflictSide:
    article, sentence = statement.article, statement.sentence
    return ConflictSide(
        article_id=article.id,
        start=start,
        end=end,
        value=None,
        surface=article.text[start:end],
        outlet=article.outlet,
        source=speaker,
        sentence_start=sentence.start,
        sentence_end=sentence.end,
    )


def _who(side: ConflictSide) -> str:
    outlet = side.outlet or "one outlet"
    return f"{outlet}, quoting {side.source}," if side.source else outlet


def _excerpt(side: ConflictSide, text: str) -> str:
    """The side's sentence, cut to ``EXCERPT`` characters around its predicate."""
    sentence_start = side.sentence_start if side.sentence_start is not None else side.start
    sentence_end = side.sentence_end if side.sentence_end is not None else side.end
    start = max(sentence_start, min(side.start - EXCERPT // 2, sentence_end - EXCERPT))
    end = min(sentence_end, start + EXCERPT)
    words = " ".join(text[start:end].split())
    return ("…" if start > sentence_start else "") + words + ("…" if end < sentence_end else "")


def _explanation(
    a: ConflictSide, b: ConflictSide, texts: tuple[str, str], kind: ConflictKind
) -> str:
    said = (
        f"{_who(a)}: “{_excerpt(a, texts[0])}” / {_who(b)}: “{_excerpt(b, texts[1])}”"
        f" — “{a.surface}” and “{b.surface}” say opposite things about the same actor"
    )
    if kind == "attributed_disagreement":
        return (
            f"Two sources take opposite positions. {said}. Each outlet reports what its source"
            " said: the sources disagree, not the reports."
        )
    if a.source and a.source.casefold() == (b.source or "").casefold():
        return (
            f"The same speaker is reported saying opposite things. {said}. Either the position"
            " changed or one report is wrong."
        )
    return f"Statements that cannot both hold. {said} and event."
