"""Score quantity annotations against the seeds' gold ``numeric_claims``.

Gold claims scored: ``core`` claims in the text zones (body, headline, standfirst, section
headings) that are amounts, not dates (dates and relative times belong to the time annotator).
A prediction matches a gold claim when their raw spans overlap; then three levels:

- value: the numbers agree (a vote tally agrees with any of its parts);
- value+unit: the units also agree after :func:`normalise_unit`;
- value+counted: the head lemma of the predicted counted phrase is among the gold ``counted``
  words (lemmatised).

Predictions overlapping only unscored gold (vague amounts, non-core counts) are left out of
precision; predictions overlapping no gold claim at all are false positives.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from spacy.tokens import Doc

from counterpoint.annotate import nlp
from counterpoint.annotate.quantity_lexicon import lexicon
from counterpoint.model import Article, Quantity
from evaluation.seeds import Seed, seeds

SCORED_ZONES = frozenset({"body", "headline", "standfirst", "section_heading"})
TIME_KINDS = frozenset({"date", "relative_time"})
LEVELS = ("value", "value+unit", "value+counted")

Annotator = Callable[[Article, Doc], list[Quantity]]


@dataclass(slots=True)
class LevelScore:
    gold_found: int = 0
    gold_total: int = 0
    predicted_right: int = 0
    predicted_total: int = 0

    @property
    def precision(self) -> float:
        return self.predicted_right / self.predicted_total if self.predicted_total else 0.0

    @property
    def recall(self) -> float:
        return self.gold_found / self.gold_total if self.gold_total else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(slots=True)
class QuantityReport:
    levels: dict[str, LevelScore] = field(default_factory=lambda: {k: LevelScore() for k in LEVELS})
    misses: list[str] = field(default_factory=list)  # gold claims not right at every level
    false_positives: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return "\n".join(
            f"{name:14} P={s.precision:.3f} R={s.recall:.3f} F1={s.f1:.3f} "
            f"(gold {s.gold_found}/{s.gold_total}, predicted {s.predicted_right}/"
            f"{s.predicted_total})"
            for name, s in self.levels.items()
        )


def evaluate_seeds(annotate: Annotator, seed_list: list[Seed] | None = None) -> QuantityReport:
    """Run ``annotate`` over the gold-cleaned seed articles and score it."""
    report = QuantityReport()
    pipeline = nlp.load("en")
    for seed in seed_list if seed_list is not None else seeds():
        article = seed.gold_article()
        doc = pipeline(article.text)
        score_article(seed, article, doc, annotate(article, doc), report)
    return report


def score_article(
    seed: Seed, article: Article, doc: Doc, predicted: list[Quantity], report: QuantityReport
) -> None:
    """Add one article's matches to ``report``."""
    claims = seed.gold["numeric_claims"]
    scored = [c for c in claims if is_scored_claim(c)]
    spans = [_raw_span(article, q) for q in predicted]
    for claim in scored:
        overlapping = [q for q, s in zip(predicted, spans, strict=True) if _overlaps(s, claim)]
        right = {level: any(_right(level, q, claim, doc) for q in overlapping) for level in LEVELS}
        for level in LEVELS:
            report.levels[level].gold_total += 1
            report.levels[level].gold_found += right[level]
        if not all(right.values()):
            found = [
                (article.text[q.start : q.end], q.value, q.unit, q.counted) for q in overlapping
            ]
            report.misses.append(f"{seed.name}: {claim['surface']!r} {right} <- {found}")
    for quantity, span in zip(predicted, spans, strict=True):
        matched = [c for c in scored if _overlaps(span, c)]
        if not matched and any(_overlaps(span, c) for c in claims):
            continue  # overlaps only claims outside the scored set
        for level in LEVELS:
            report.levels[level].predicted_total += 1
            report.levels[level].predicted_right += any(
                _right(level, quantity, c, doc) for c in matched
            )
        if not matched:
            report.false_positives.append(
                f"{seed.name}: {article.text[quantity.start : quantity.end]!r}"
            )


def is_scored_claim(claim: dict[str, Any]) -> bool:
    return (
        bool(claim.get("core"))
        and claim.get("zone") in SCORED_ZONES
        and (claim.get("kind") not in TIME_KINDS)
    )


def _raw_span(article: Article, quantity: Quantity) -> tuple[int, int] | None:
    start = article.raw_offset(quantity.start)
    last = article.raw_offset(quantity.end - 1)
    return None if start is None or last is None else (start, last + 1)


def _overlaps(span: tuple[int, int] | None, claim: dict[str, Any]) -> bool:
    return span is not None and span[0] < claim["end"] and claim["start"] < span[1]


def _right(level: str, quantity: Quantity, claim: dict[str, Any], doc: Doc) -> bool:
    if not _value_right(quantity, claim["value"], claim.get("unit")):
        return False
    if level == "value+unit":
        return normalise_unit(quantity.unit) == normalise_unit(claim.get("unit"))
    if level == "value+counted":
        return _counted_right(quantity, claim.get("counted"), doc)
    return True


def _value_right(quantity: Quantity, gold: Any, gold_unit: str | None = None) -> bool:
    """Gold value is a number, a list (first number) or a dict (any of its numbers); a gold
    proportion (0.5) equals a percentage (50)."""
    if isinstance(gold, list):
        gold = gold[0] if gold else None
    wanted = list(gold.values()) if isinstance(gold, dict) else [gold]
    if gold_unit == "proportion" and quantity.unit == "%":
        wanted = [w * 100 for w in wanted if isinstance(w, int | float)]
    ours = [quantity.value, *quantity.parts.values()]
    return any(
        isinstance(w, int | float) and o is not None and math.isclose(w, o, rel_tol=1e-6)
        for w in wanted
        for o in ours
    )


def normalise_unit(unit: str | None) -> str | None:
    """A comparable unit: lowercase lemma, synonyms merged ("times (ordinal)" -> "time",
    "abstentions" -> "vote", "$" -> "usd"), each side of a rate ("trucks/day") separately."""
    if unit is None:
        return None
    cleaned = re.sub(r"\(.*?\)", "", unit).strip().lower()
    return "/".join(_normalise_word(part.strip()) for part in cleaned.split("/"))


@cache
def _normalise_word(word: str) -> str:
    lex = lexicon()
    synonyms: dict[str, str] = lex["unit_synonyms"]
    currencies = {**lex["currency_symbols"], **lex["currency_words"]}
    if word in currencies:
        return str(currencies[word]).lower()
    if word in synonyms:
        return synonyms[word]
    if word in lex["time_units"]:
        return str(lex["time_units"][word])
    lemma = nlp.load("en")(word)[-1].lemma_.lower() if word else word
    return synonyms.get(lemma, lemma)


def _counted_right(quantity: Quantity, gold_counted: str | None, doc: Doc) -> bool:
    if gold_counted is None or quantity.counted_start is None or quantity.counted_end is None:
        return False
    span = doc.char_span(quantity.counted_start, quantity.counted_end, alignment_mode="expand")
    if span is None:
        return False
    head = span.root
    return head.lemma_.lower() in _gold_words(gold_counted) or (
        head.lower_ in _gold_words(gold_counted)
    )


@cache
def _gold_words(counted: str) -> frozenset[str]:
    parsed = nlp.load("en")(counted)
    return frozenset({t.lemma_.lower() for t in parsed} | {t.lower_ for t in parsed})
