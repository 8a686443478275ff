"""Score quote extraction against gold quotes whose offsets index a raw file.

Matching: a predicted quote matches a gold quote of the same zone when their word-token
overlap is at least 0.6, where overlap = shared word tokens / max(tokens of either) (word
tokens are ``\\w+`` runs of the raw text, compared by position). Pairs are taken best overlap
first, one to one. Two type classes are scored: ``direct+mixed`` (predicted direct or mixed
against gold direct or mixed) and ``all`` (every type against every type).

A matched speaker is right when the predicted mention text equals the gold mention, or the
predicted resolved name equals the gold speaker, or their last words agree (a surname, or a
role head "official"); comparisons ignore case, a leading article and parenthesised notes in
the gold name ("Matthew Miller", "US officials (unnamed)" -> "us officials").
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from counterpoint.model import Article, Quote
from evaluation.seeds import Seed, seeds

SCORED_ZONES = {"body", "headline", "standfirst", "section_heading"}
ZONE_OF_KIND = {
    "title": "headline",
    "subtitle": "standfirst",
    "heading": "section_heading",
    "paragraph": "body",
}
DIRECT_CLASS = {"direct", "mixed"}
MATCH_THRESHOLD = 0.6
WORD = re.compile(r"\w+")
PARENTHESISED = re.compile(r"\s*\([^)]*\)")
LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)


@dataclass(slots=True)
class Scored:
    """A quote in raw-file offsets, predicted or gold."""

    start: int
    end: int
    type: str
    zone: str
    speaker: str | None
    mention: str | None


@dataclass(slots=True)
class QuoteScore:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    speaker_right: int = 0
    misses: list[Scored] = field(default_factory=list)
    false_alarms: list[Scored] = field(default_factory=list)
    wrong_speakers: list[tuple[Scored, Scored]] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    @property
    def speaker_accuracy(self) -> float:
        return self.speaker_right / self.matched if self.matched else 0.0

    def add(self, other: QuoteScore) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.matched += other.matched
        self.speaker_right += other.speaker_right
        self.misses += other.misses
        self.false_alarms += other.false_alarms
        self.wrong_speakers += other.wrong_speakers

    def summary(self) -> str:
        return (
            f"P {self.precision:.3f} R {self.recall:.3f} F1 {self.f1:.3f} "
            f"speaker {self.speaker_accuracy:.3f} "
            f"(gold {self.gold}, predicted {self.predicted}, matched {self.matched})"
        )


def gold_quotes(gold: dict[str, Any]) -> list[Scored]:
    """Gold quotes in the scored zones; ``headline_colon`` is our ``headline``."""
    return [
        Scored(
            q["start"],
            q["end"],
            "headline" if q["type"] == "headline_colon" else q["type"],
            q["zone"],
            q.get("speaker"),
            q.get("speaker_mention"),
        )
        for q in gold["quotes"]
        if q["zone"] in SCORED_ZONES
    ]


def predicted_quotes(article: Article, quotes: Iterable[Quote]) -> list[Scored]:
    """Our quotes mapped to raw offsets (quotes in blocks with no raw mapping are dropped)."""
    out: list[Scored] = []
    for quote in quotes:
        start = article.raw_offset(quote.start)
        last = article.raw_offset(quote.end - 1)
        paragraph = article.paragraph_at(quote.start)
        if start is None or last is None or paragraph is None:
            continue
        mention = None
        if quote.speaker_start is not None and quote.speaker_end is not None:
            mention = article.span(quote.speaker_start, quote.speaker_end)
        zone = ZONE_OF_KIND[paragraph.kind]
        out.append(Scored(start, last + 1, quote.type, zone, quote.speaker, mention))
    return out


def _tokens(raw: str, start: int, end: int) -> set[int]:
    return {m.start() + start for m in WORD.finditer(raw[start:end])}


def token_overlap(raw: str, a: Scored, b: Scored) -> float:
    first, second = _tokens(raw, a.start, a.end), _tokens(raw, b.start, b.end)
    if not first or not second:
        return 0.0
    return len(first & second) / max(len(first), len(second))


def _norm(name: str | None) -> str:
    if not name:
        return ""
    name = PARENTHESISED.sub("", name).strip().lower()
    return LEADING_ARTICLE.sub("", name).replace("’", "'")


def speaker_matches(predicted: Scored, gold: Scored) -> bool:
    mention, name = _norm(predicted.mention), _norm(predicted.speaker)
    gold_mention, gold_name = _norm(gold.mention), _norm(gold.speaker)
    if mention and mention == gold_mention:
        return True
    if not name or not gold_name:
        return False
    return name == gold_name or name.split()[-1] == gold_name.split()[-1]


def score(raw: str, gold: list[Scored], predicted: list[Scored]) -> QuoteScore:
    """Match ``predicted`` to ``gold`` one to one at the overlap threshold."""
    pairs = sorted(
        (
            (token_overlap(raw, p, g), i, j)
            for i, p in enumerate(predicted)
            for j, g in enumerate(gold)
            if p.zone == g.zone
        ),
        reverse=True,
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    result = QuoteScore(gold=len(gold), predicted=len(predicted))
    for overlap, i, j in pairs:
        if overlap < MATCH_THRESHOLD or i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        result.matched += 1
        if speaker_matches(predicted[i], gold[j]):
            result.speaker_right += 1
        else:
            result.wrong_speakers.append((predicted[i], gold[j]))
    result.misses = [g for j, g in enumerate(gold) if j not in used_g]
    result.false_alarms = [p for i, p in enumerate(predicted) if i not in used_p]
    return result


def score_classes(raw: str, gold: list[Scored], predicted: list[Scored]) -> dict[str, QuoteScore]:
    """Scores for the ``direct+mixed`` class and for ``all`` types."""
    return {
        "direct+mixed": score(
            raw,
            [g for g in gold if g.type in DIRECT_CLASS],
            [p for p in predicted if p.type in DIRECT_CLASS],
        ),
        "all": score(raw, gold, predicted),
    }


def evaluate_seeds(
    find: Callable[[Article], list[Quote]],
    pages: list[Seed] | None = None,
) -> tuple[dict[str, QuoteScore], dict[str, dict[str, QuoteScore]]]:
    """Totals and per-seed scores of ``find`` run on each seed's gold-cleaned article."""
    totals = {"direct+mixed": QuoteScore(), "all": QuoteScore()}
    per_seed: dict[str, dict[str, QuoteScore]] = {}
    for seed in pages if pages is not None else seeds():
        article = seed.gold_article()
        predicted = predicted_quotes(article, find(article))
        scores = score_classes(seed.raw, gold_quotes(seed.gold), predicted)
        per_seed[seed.name] = scores
        for name, value in scores.items():
            totals[name].add(value)
    return totals, per_seed
