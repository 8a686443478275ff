"""Quantities on real coverage: the numeric gold facts of ``multi-outlet-dev``, per half.

Every record goes through the real path (record -> extract -> every annotator). Its quantities
are mapped from the cleaned text back to the record's text by a character alignment, then
matched one to one to the gold facts of the same article whose span they overlap.

- ``value``: a match needs the same value (and the same upper end for a gold range);
- ``value+bound``: the bound must also be the gold qualifier's (``about`` is ``~``,
  ``more_than`` ``>``, ``nearly`` ``<``, ...).

Gold facts that are dates, times of day, score lines, years ("since 1997", "manufactured in
2009": the time annotator's) or model numbers ("Boeing 737-800": a name, issue 13) are not
quantities; they are left out of the gold, and a quantity read from inside one is a false one,
counted apart too (``read_from_date_score_or_name``). A part of a whole ("179 of 181
occupants") reads two figures, the part and the whole, and is scored as both.
A quantity that matches no gold fact is a false quantity; each is listed with its context so
that one can tell a number the gold leaves out (chrome, a phone number) from a misreading.
"""

from __future__ import annotations

import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from counterpoint.annotate import annotate_batch
from counterpoint.extract import extract
from counterpoint.ingest.records import document_from_record
from counterpoint.model import Article, RawDocument

from . import multi_outlet
from .alignment import alignment

HALVES = ("tune", "test")  # multi_outlet.half_of's names; reported as tuning / test
REPORTED = {"tune": "tuning", "test": "test"}
TARGETS = {"value_f1": 0.93, "value_bound_f1": 0.9, "false_per_article": 1.0}
BOUND_OF_QUALIFIER = {
    "exact": "=",
    "range": "=",
    "about": "~",
    "more_than": ">",
    "at_least": ">=",
    "nearly": "<",
    "at_most": "<=",
    "up_to": "<=",
}
NOT_QUANTITIES = {"date", "time", "score", "year", "model number"}
NAMED_NUMBERS = {"aircraft_model_number"}
YEAR = re.compile(r"(?:1[89]|20)\d\d")
CONTEXT = 60


@dataclass(frozen=True, slots=True)
class GoldFact:
    fact_id: str
    start: int
    end: int
    value: Any
    value_max: Any
    qualifier: str
    value_type: str


@dataclass(frozen=True, slots=True)
class Found:
    start: int
    end: int
    surface: str
    value: float | None
    value_max: float | None
    bound: str
    kind: str
    counted: str | None


@dataclass(slots=True)
class Tally:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    bound_matched: int = 0
    read_from_date_score_or_name: int = 0
    articles: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)
    false: list[dict[str, Any]] = field(default_factory=list)
    wrong_bounds: list[dict[str, Any]] = field(default_factory=list)

    def figures(self) -> dict[str, Any]:
        def f1(hits: int) -> dict[str, float]:
            precision = hits / self.predicted if self.predicted else 0.0
            recall = hits / self.gold if self.gold else 0.0
            both = precision + recall
            return {
                "precision": round(precision, 3),
                "recall": round(recall, 3),
                "f1": round(2 * precision * recall / both if both else 0.0, 3),
            }

        false = self.predicted - self.matched
        return {
            "articles": self.articles,
            "gold": self.gold,
            "predicted": self.predicted,
            "value": {"matched": self.matched, **f1(self.matched)},
            "value+bound": {"matched": self.bound_matched, **f1(self.bound_matched)},
            "false": false,
            "false_per_article": round(false / self.articles, 2) if self.articles else 0.0,
            "read_from_date_score_or_name": self.read_from_date_score_or_name,
        }

    def print_items(self) -> None:
        """Each miss, false quantity and wrong bound, a JSON line each."""
        for kind, items in (
            ("MISS", self.misses),
            ("FALSE", self.false),
            ("BOUND", self.wrong_bounds),
        ):
            for item in items:
                print(kind, json.dumps(item, ensure_ascii=False))


def _documents() -> list[tuple[str, RawDocument]]:
    out = []
    for rid, record in multi_outlet.records().items():
        raw = json.dumps(record, ensure_ascii=False).encode()
        document = document_from_record(record, rid, rid, raw, "utf-8")
        if not isinstance(document, RawDocument):
            raise ValueError(f"{rid}: {document.message}")
        out.append((rid, document))
    return out


def _gold_facts() -> dict[str, list[GoldFact]]:
    by_record: dict[str, list[GoldFact]] = defaultdict(list)
    for fact in multi_outlet.gold()["facts"]:
        start = fact["char_offset"]
        by_record[fact["article_id"]].append(
            GoldFact(
                fact["fact_id"],
                start,
                start + len(fact["value_text"]),
                fact["value"],
                fact.get("value_max"),
                fact["qualifier"],
                _type_of(fact),
            )
        )
    return by_record


def _type_of(fact: dict[str, Any]) -> str:
    if "value_type" in fact:
        return str(fact["value_type"])
    if fact["quantity"] in NAMED_NUMBERS:
        return "model number"
    if YEAR.fullmatch(fact["value_text"]) and fact["value"] == int(fact["value_text"]):
        return "year"
    return "number"


def found_in_record(article: Article, raw: str) -> list[Found]:
    """The article's quantities in ``raw`` offsets; one in text the cleaner added is left out."""
    at, matched = alignment(article.text, raw)
    out = []
    for q in article.quantities:
        if sum(matched[q.start : q.end]) * 2 < q.end - q.start:
            continue
        start, end = at[q.start], at[q.end - 1] + 1
        counted = (
            article.text[q.counted_start : q.counted_end] if q.counted_start is not None else None
        )
        out.append(
            Found(start, end, raw[start:end], q.value, q.value_max, q.bound, q.kind, counted)
        )
        if q.whole is not None:
            out.append(Found(start, end, raw[start:end], q.whole, None, "=", "whole", counted))
    return out


def same_number(found: float | None, wanted: Any) -> bool:
    if found is None or not isinstance(wanted, int | float):
        return False
    return abs(found - wanted) <= 1e-6 * max(1.0, abs(wanted))


def value_matches(found: Found, gold: GoldFact) -> bool:
    if gold.qualifier == "range":
        return same_number(found.value, gold.value) and same_number(found.value_max, gold.value_max)
    return same_number(found.value, gold.value)


def context(text: str, start: int, end: int) -> str:
    return (
        text[max(0, start - CONTEXT) : start]
        + "[["
        + text[start:end]
        + "]]"
        + text[end : end + CONTEXT]
    ).replace("\n", " ")


def score_record(rid: str, text: str, gold: list[GoldFact], found: list[Found]) -> Tally:
    tally = Tally(articles=1)
    numbers = [g for g in gold if g.value_type not in NOT_QUANTITIES]
    others = [g for g in gold if g.value_type in NOT_QUANTITIES]
    tally.gold = len(numbers)
    tally.predicted = len(found)
    candidates = []
    for i, f in enumerate(found):
        for j, g in enumerate(numbers):
            if f.start < g.end and g.start < f.end and value_matches(f, g):
                shared = min(f.end, g.end) - max(f.start, g.start)
                candidates.append((-shared, i, j))
    taken_found: set[int] = set()
    taken_gold: set[int] = set()
    for _, i, j in sorted(candidates):
        if i in taken_found or j in taken_gold:
            continue
        taken_found.add(i)
        taken_gold.add(j)
        f, g = found[i], numbers[j]
        if f.bound == BOUND_OF_QUALIFIER[g.qualifier]:
            tally.bound_matched += 1
        else:
            tally.wrong_bounds.append(
                {
                    "fact": g.fact_id,
                    "qualifier": g.qualifier,
                    "bound": f.bound,
                    "context": context(text, f.start, f.end),
                }
            )
    tally.matched = len(taken_found)
    for i, f in enumerate(found):
        if i in taken_found:
            continue
        inside = [g for g in others if f.start < g.end and g.start < f.end]
        if inside:
            tally.read_from_date_score_or_name += 1
        overlapping = [g for g in numbers if f.start < g.end and g.start < f.end]
        reason = (
            f"inside a gold {inside[0].value_type}"
            if inside
            else "wrong value"
            if overlapping
            else "no gold fact here"
        )
        tally.false.append(
            {
                "record": rid,
                "value": f.value,
                "value_max": f.value_max,
                "kind": f.kind,
                "counted": f.counted,
                "why": reason,
                "gold": f"{overlapping[0].fact_id} ({overlapping[0].value})"
                if overlapping
                else None,
                "context": context(text, f.start, f.end),
            }
        )
    for j, g in enumerate(numbers):
        if j not in taken_gold:
            tally.misses.append(
                {
                    "fact": g.fact_id,
                    "value": g.value,
                    "qualifier": g.qualifier,
                    "context": context(text, g.start, g.end),
                }
            )
    return tally


def _add(total: Tally, part: Tally) -> None:
    total.gold += part.gold
    total.predicted += part.predicted
    total.matched += part.matched
    total.bound_matched += part.bound_matched
    total.read_from_date_score_or_name += part.read_from_date_score_or_name
    total.articles += part.articles
    total.misses += part.misses
    total.false += part.false
    total.wrong_bounds += part.wrong_bounds


def run(show: str | None = None) -> dict[str, Any]:
    """Scores per half; ``show`` ("tune") prints that half's misses and false quantities."""
    documents = _documents()
    articles = annotate_batch([extract(document) for _, document in documents])
    gold = _gold_facts()
    records = multi_outlet.records()
    totals = {half: Tally() for half in HALVES}
    for (rid, _), article in zip(documents, articles, strict=True):
        text = records[rid]["text"]
        tally = score_record(rid, text, gold.get(rid, []), found_in_record(article, text))
        _add(totals[multi_outlet.half_of(rid)], tally)
    out: dict[str, Any] = {"targets": TARGETS}
    for half in HALVES:
        tally = totals[half]
        name = REPORTED[half]
        out[name] = tally.figures()
        out[name]["false_by_reason"] = dict(Counter(item["why"] for item in tally.false))
        out[name]["wrong_bounds"] = dict(
            Counter(f"{w['qualifier']} as {w['bound']}" for w in tally.wrong_bounds)
        )
        if half == show:
            tally.print_items()
    return out
