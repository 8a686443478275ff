"""The multi-outlet dev set (``../shared/data/multi-outlet-dev``) and scores against its gold.

The set is split by event into a tuning half and a test half, fixed before any tuning: the
even-numbered target events tune, the odd-numbered ones and both distractors (which share
their vocabulary with E01 and E03) test. Only the tuning half may be read while changing the
claim layer; the test half is reported beside it.

Engine spans are offsets into each article's cleaned text; gold offsets are into the record's
``text``. :func:`gold_offsets` maps one onto the other by aligning the two texts, so the score
does not depend on how the cleaner treated leading spaces or line breaks.

Scores (:func:`score`), each per half:

- conflicts: every ``conflict`` and ``internal_inconsistency`` pair is judged: true when its
  two sides lie on the two sides of one gold conflict, or when the pair is in the judged list
  (``bench/claims_judged.json``, with the reason); every other pair is false, and is named by
  the gold relation it hits (hard negative type, agreement, attributed disagreement).
  Recall is over gold conflicts; a gold conflict is found when any true pair hits it.
- hard negatives flagged: the share of gold hard negatives with two of their facts joined by
  a flagged pair (conflict, correction, possible conflict, internal inconsistency, or a change
  over time where the gold says the pair is not one).
- possible conflicts per 10 articles.
- facts F1 (value + slot + event): over pairs of gold facts in different articles. A gold pair
  is positive when both facts have one event and quantity; a found pair is positive when both
  facts were read with their gold value and sit in one engine claim. Copies the engine folds
  into their original (duplicates) are left out: they are the original's facts.
- story B-cubed F1 of the event-level stories against the gold event of each article
  (undated ones included).
"""

from __future__ import annotations

import difflib
import json
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from counterpoint.model import Conflict, Corpus
from evaluation.seeds import shared_dir

TUNE_EVENTS = frozenset({"E02", "E04", "E06", "E08"})
TEST_EVENTS = frozenset({"E01", "D01", "E03", "D02", "E05", "E07", "E09"})
HALVES = {"tune": TUNE_EVENTS, "test": TEST_EVENTS}
CONFLICT_KINDS = frozenset({"conflict", "correction", "internal_inconsistency"})
FLAG_KINDS = CONFLICT_KINDS | {"possible_conflict", "change_over_time"}
JUDGED = Path(__file__).resolve().parents[1] / "claims_judged.json"


def folder() -> Path:
    return shared_dir() / "data" / "multi-outlet-dev"


@cache
def records() -> dict[str, dict[str, Any]]:
    lines = (folder() / "articles.jsonl").read_text(encoding="utf-8").splitlines()
    return {record["id"]: record for record in map(json.loads, lines) if record}


@cache
def gold() -> dict[str, Any]:
    return json.loads((folder() / "gold.json").read_text(encoding="utf-8"))


def event_of_record() -> dict[str, str]:
    return {rid: record["event"] for rid, record in records().items()}


def half_of(record_id: str) -> str:
    return "tune" if records()[record_id]["event"] in TUNE_EVENTS else "test"


def judged_pairs() -> dict[frozenset[str], str]:
    """Pairs of gold fact ids judged true conflicts beyond the gold, with the reason."""
    if not JUDGED.exists():
        return {}
    items = json.loads(JUDGED.read_text(encoding="utf-8"))
    return {frozenset(item["facts"]): item["reason"] for item in items}


def gold_offsets(gold_text: str, text: str) -> list[int | None]:
    """For each offset of ``gold_text``, the same character's offset in ``text``."""
    mapping: list[int | None] = [None] * (len(gold_text) + 1)
    matcher = difflib.SequenceMatcher(None, gold_text, text, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            mapping[block.a + k] = block.b + k
    mapping[len(gold_text)] = len(text)
    return mapping


@dataclass(frozen=True, slots=True)
class Fact:
    fact_id: str
    record_id: str
    article_id: str
    start: int
    end: int
    value: Any
    key: tuple[str, str]  # (fact_event, quantity)


@dataclass(slots=True)
class Mapped:
    """The gold facts placed on the engine's articles."""

    article_of_record: dict[str, str] = field(default_factory=dict)
    record_of_article: dict[str, str] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)

    def facts_at(self, article_id: str, start: int, end: int) -> list[Fact]:
        return [
            f
            for f in self.facts
            if f.article_id == article_id and f.start < max(end, start + 1) and start < f.end
        ]


def map_gold(corpus: Corpus) -> Mapped:
    by_url = {article.url: article for article in corpus.articles if article.url}
    mapped = Mapped()
    for rid, record in records().items():
        article = by_url.get(record["url"])
        if article is None:
            continue
        mapped.article_of_record[rid] = article.id
        mapped.record_of_article[article.id] = rid
    offsets: dict[str, list[int | None]] = {}
    for fact in gold()["facts"]:
        rid = fact["article_id"]
        if rid not in mapped.article_of_record:
            continue
        article = corpus.article(mapped.article_of_record[rid])
        if rid not in offsets:
            offsets[rid] = gold_offsets(records()[rid]["text"], article.text)
        start = offsets[rid][fact["char_offset"]]
        end = offsets[rid][fact["char_offset"] + len(fact["value_text"]) - 1]
        if start is None or end is None:
            continue
        mapped.facts.append(
            Fact(
                fact["fact_id"],
                rid,
                article.id,
                start,
                end + 1,
                fact["value"],
                (fact["fact_event"], fact["quantity"]),
            )
        )
    return mapped


def _side_facts(mapped: Mapped, conflict: Conflict) -> tuple[set[str], set[str]]:
    a = {
        f.fact_id for f in mapped.facts_at(conflict.a.article_id, conflict.a.start, conflict.a.end)
    }
    b = {
        f.fact_id for f in mapped.facts_at(conflict.b.article_id, conflict.b.start, conflict.b.end)
    }
    return a, b


def _relation_index() -> dict[frozenset[str], str]:
    """Each pair of gold facts -> the first gold relation that holds them (for naming FPs)."""
    out: dict[frozenset[str], str] = {}

    def add(ids: Iterable[str], label: str) -> None:
        ids = list(ids)
        for i, x in enumerate(ids):
            for y in ids[i + 1 :]:
                out.setdefault(frozenset((x, y)), label)

    for item in gold()["hard_negatives"]:
        add(item["facts"], f"hard_negative:{item['type']}")
    for item in gold()["attributed_disagreements"]:
        add([x for side in item["sides"] for x in side], "attributed_disagreement")
    for item in gold()["agreements"]:
        add(item["facts"], "agreement")
    for item in gold()["ambiguous"]:
        add(item["facts"], "ambiguous")
    return out


def _hits(a: set[str], b: set[str], sides: list[list[str]]) -> bool:
    one, two = set(sides[0]), set(sides[1])
    return bool((a & one and b & two) or (a & two and b & one))


def _pairs_of(a: set[str], b: set[str]) -> set[frozenset[str]]:
    return {frozenset((x, y)) for x in a for y in b if x != y}


def bcubed_f1(truth: dict[str, str], found: dict[str, str]) -> float:
    clusters_true: dict[str, set[str]] = defaultdict(set)
    clusters_found: dict[str, set[str]] = defaultdict(set)
    for item, label in truth.items():
        clusters_true[label].add(item)
        clusters_found[found.get(item, f"alone:{item}")].add(item)
    found_of = {item: found.get(item, f"alone:{item}") for item in truth}
    precision = recall = 0.0
    for item, label in truth.items():
        mine = clusters_found[found_of[item]]
        theirs = clusters_true[label]
        both = len(mine & theirs)
        precision += both / len(mine)
        recall += both / len(theirs)
    precision /= len(truth)
    recall /= len(truth)
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score(corpus: Corpus) -> dict[str, Any]:
    """Every score of the module docstring, per half, with each flagged pair judged."""
    mapped = map_gold(corpus)
    relations = _relation_index()
    judged = judged_pairs()
    conflicts = gold()["conflicts"]
    fact_of = {f.fact_id: f for f in mapped.facts}
    result: dict[str, Any] = {
        "unmapped_records": sorted(set(records()) - set(mapped.article_of_record))
    }
    for half, events in HALVES.items():
        rids = {rid for rid in records() if records()[rid]["event"] in events}
        aids = {mapped.article_of_record[r] for r in rids if r in mapped.article_of_record}
        in_half = [c for c in corpus.conflicts if c.a.article_id in aids or c.b.article_id in aids]
        gold_conflicts = [c for c in conflicts if c["fact_event"] in events or _facts_in(c, rids)]
        judged_flags = []
        found: set[str] = set()
        for conflict in (c for c in in_half if c.kind in CONFLICT_KINDS):
            a, b = _side_facts(mapped, conflict)
            hit = [g["conflict_id"] for g in gold_conflicts if _hits(a, b, g["sides"])]
            extra = [judged[p] for p in _pairs_of(a, b) if p in judged]
            found.update(hit)
            labels = sorted({relations[p] for p in _pairs_of(a, b) if p in relations})
            judged_flags.append(
                {
                    "kind": conflict.kind,
                    "true": bool(hit or extra),
                    "gold": hit,
                    "judged": extra,
                    "relation": labels or (["no gold fact"] if not (a and b) else ["unlisted"]),
                    "explanation": conflict.explanation,
                }
            )
        flagged_pairs: dict[frozenset[str], set[str]] = defaultdict(set)
        for conflict in (c for c in in_half if c.kind in FLAG_KINDS):
            a, b = _side_facts(mapped, conflict)
            for pair in _pairs_of(a, b):
                flagged_pairs[pair].add(conflict.kind)
        negatives = [h for h in gold()["hard_negatives"] if _facts_in(h, rids)]
        negatives_hit = [
            h["hn_id"]
            for h in negatives
            if any(
                flagged_pairs.get(frozenset((x, y)), set()) - _right_for(h["type"])
                for i, x in enumerate(h["facts"])
                for y in h["facts"][i + 1 :]
            )
        ]
        true_flags = sum(1 for item in judged_flags if item["true"])
        possible = sum(1 for c in in_half if c.kind == "possible_conflict")
        result[half] = {
            "articles": len(rids),
            "conflicts_flagged": len(judged_flags),
            "conflict_precision": _ratio(true_flags, len(judged_flags)),
            "conflict_recall": _ratio(len(found), len(gold_conflicts)),
            "gold_conflicts": len(gold_conflicts),
            "gold_conflicts_found": sorted(found),
            "hard_negatives": len(negatives),
            "hard_negatives_flagged": len(negatives_hit),
            "hard_negatives_flagged_share": _ratio(len(negatives_hit), len(negatives)),
            "hard_negatives_flagged_ids": negatives_hit,
            "possible_conflicts": possible,
            "possible_conflicts_per_10_articles": round(10 * possible / max(1, len(rids)), 3),
            "change_over_time": sum(1 for c in in_half if c.kind == "change_over_time"),
            "attributed_disagreements": sum(
                1 for c in in_half if c.kind == "attributed_disagreement"
            ),
            "attributed_disagreements_by_relation": _by_relation(
                mapped, relations, [c for c in in_half if c.kind == "attributed_disagreement"]
            ),
            "facts": _facts_f1(
                corpus,
                mapped,
                {f for f in fact_of.values() if f.record_id in rids and _numeric(f.value)},
            ),
            "story_bcubed_f1": round(_story_bcubed(corpus, mapped, rids), 4),
            "flags": judged_flags,
        }
    return result


def _by_relation(
    mapped: Mapped, relations: dict[frozenset[str], str], flagged: list[Conflict]
) -> dict[str, int]:
    """How many of ``flagged`` join facts of each gold relation ("attributed_disagreement"
    when the gold lists them as one, a hard negative's type, "unlisted", "no gold fact")."""
    counts: Counter[str] = Counter()
    for conflict in flagged:
        a, b = _side_facts(mapped, conflict)
        labels = {relations[p] for p in _pairs_of(a, b) if p in relations}
        if not (a and b):
            labels = {"no gold fact"}
        counts.update(sorted(labels) or ["unlisted"])
    return dict(sorted(counts.items()))


def _right_for(negative_type: str) -> set[str]:
    """The flag that names a hard negative rightly (a change over time called so)."""
    return {"change_over_time"} if negative_type == "change_over_time" else set()


def _facts_in(item: dict[str, Any], rids: set[str]) -> bool:
    ids = item["facts"] if "facts" in item else [x for side in item["sides"] for x in side]
    return any(fact_id.split(".")[0] in rids for fact_id in ids)


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _numeric(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _same_value(found: float, wanted: Any) -> bool:
    if not _numeric(wanted):
        return False
    return abs(found - float(wanted)) <= 1e-6 * max(1.0, abs(float(wanted)))


def _facts_f1(corpus: Corpus, mapped: Mapped, facts: set[Fact]) -> dict[str, Any]:
    """Pairwise F1 over gold facts in different articles (see the module docstring)."""
    claim_of: dict[str, str] = {}
    read: set[str] = set()
    quantities = {
        (article.id, q.start): q for article in corpus.articles for q in article.quantities
    }
    for fact in facts:
        for (aid, start), quantity in quantities.items():
            overlaps = fact.start <= start < fact.end or quantity.start <= fact.start < quantity.end
            value = quantity.value
            if aid == fact.article_id and overlaps and value is not None:
                read.update([fact.fact_id] if _same_value(float(value), fact.value) else [])
    # A copy the engine folded into its original (a duplicate) states the original's facts;
    # its own mentions are not aligned again, so they are left out of the pairs.
    copies = {
        aid for group in corpus.duplicates for aid in group.article_ids if aid != group.canonical_id
    }
    facts = {f for f in facts if f.article_id not in copies}
    for claim in corpus.claims:
        for mention in claim.mentions:
            for fact in mapped.facts_at(mention.article_id, mention.start, mention.end):
                if fact in facts:
                    claim_of.setdefault(fact.fact_id, claim.id)
    items = sorted(facts, key=lambda f: f.fact_id)
    gold_pairs = found_pairs = both = 0
    for i, x in enumerate(items):
        for y in items[i + 1 :]:
            if x.record_id == y.record_id:
                continue
            same = x.key == y.key
            joined = (
                x.fact_id in read
                and y.fact_id in read
                and claim_of.get(x.fact_id) is not None
                and claim_of.get(x.fact_id) == claim_of.get(y.fact_id)
            )
            gold_pairs += same
            found_pairs += joined
            both += same and joined
    precision = both / found_pairs if found_pairs else 0.0
    recall = both / gold_pairs if gold_pairs else 0.0
    return {
        "f1": round(2 * precision * recall / (precision + recall), 4) if both else 0.0,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "values_read": _ratio(len(read & {f.fact_id for f in facts}), len(facts)),
        "numeric_facts": len(facts),
    }


def _story_bcubed(corpus: Corpus, mapped: Mapped, rids: set[str]) -> float:
    """B-cubed of the event-level stories (a storyline, parent of events, is left out)."""
    parents = {story.parent_id for story in corpus.stories if story.parent_id}
    story_of = {
        aid: story.id
        for story in corpus.stories
        if story.id not in parents
        for aid in story.article_ids
    }
    truth = {
        mapped.article_of_record[r]: records()[r]["event"]
        for r in rids
        if r in mapped.article_of_record
    }
    return bcubed_f1(truth, {aid: story_of[aid] for aid in truth if aid in story_of})
