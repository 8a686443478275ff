"""Story comparison on the multi-outlet dev set: coverage matrix, disputes in the briefing,
verbatim briefing sentences. Scores per half (:data:`evaluation.multi_outlet.HALVES`).

Everything story-level is read from the JSON export (``stories[].coverage``,
``stories[].briefing``, ``claims``, ``articles``), so the score is that of what a user gets.
Gold facts are placed on the engine's articles by :func:`evaluation.multi_outlet.map_gold`.

**Coverage cells.** Event-level stories only (a storyline, the parent of event stories, is
left out). The matrix is scored event by event, the event of an article being its gold event,
so a story that joins or splits events does not move a cell (story B-cubed scores that).

- A *gold row* is a numeric gold fact key ``(fact_event, quantity)`` within the event of the
  article stating it (the 31 January count inside a 7 March story is a row of the 7 March
  event); its *gold cells* are the outlets of the event's articles with a fact of that key.
  Outlets on both sides are independent outlets
  (:func:`counterpoint.compare.outlets.independent_outlets`): the gold marks no syndication,
  so a copy the engine finds counts toward its original publisher in the gold too, as the
  matrix counts it (duplicate detection is scored elsewhere). Dates, times and scores
  (string values) are left out: the claim layer aligns quantities only.
- A *predicted row* is one coverage fact (a claim) of an event-level story; within event E its
  *predicted cells* are the outlets of its ``article_ids`` whose gold event is E. It *hits*
  the gold rows whose facts overlap its claim's mentions in those articles.
- Rows are aligned one to one within an event: among the (predicted, gold) pairs where the
  predicted row hits the gold row, the pair sharing most cells is taken first (ties: more
  mentions on the gold row's facts), then the next pair of two rows still free, and so on.
  A true cell is a cell of an aligned pair that both have. Precision is over the cells of the
  predicted rows that hit some gold row; recall over every gold cell. So a fact split into
  two claims loses the second claim's cells (false) and its outlets from the first (missed);
  two facts merged into one claim lose the second fact's cells.
- Predicted rows that hit no gold fact (numbers the gold does not label: years, page chrome)
  lie outside the gold facts x outlets grid; their cells are counted as ``unlabelled_cells``
  and ``strict_precision`` counts them false.
- What limits recall is reported beside it: gold facts in no claim, gold rows in more than one
  claim, gold rows only one outlet carries (a row of its own in the matrix when the claim
  layer gives the figure a claim of its own), and ``recall_bound_of_the_claims``: the share of
  gold cells that some predicted row hitting that gold row has, the recall the rows would
  reach if each could be aligned with every gold row it hits.

**Disputes in the briefing.** The gold conflicts of the half (as
:func:`evaluation.multi_outlet.score` selects them); a conflict is *in the briefing* when one
story's briefing sentences of role ``disputed`` cover (contain the offsets of) a fact of each
of its two sides; ``either_side`` counts those covering a fact of one side at least. The ids
found and missed are listed for the tuning half only (the test half's misses are not read).

**Verbatim.** The share of briefing sentences of the half's articles whose ``text`` is exactly
``article.text[start:end]`` (non-empty); ``whole_sentence`` the share whose offsets are one of
the article's sentences (whitespace at its edges aside).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from datetime import datetime
from typing import Any

from counterpoint.compare.outlets import independent_outlets
from counterpoint.model import Conflict, ConflictSide, Corpus
from evaluation import multi_outlet
from evaluation.multi_outlet import Fact, Mapped
from evaluation.seeds import seeds, shared_dir

Cell = tuple[str, str]  # (row id, outlet)


def score(corpus: Corpus, export: dict[str, Any]) -> dict[str, Any]:
    """Every score of the module docstring, per half."""
    mapped = multi_outlet.map_gold(corpus)
    records = multi_outlet.records()
    event_of = {aid: records[rid]["event"] for aid, rid in mapped.record_of_article.items()}
    texts = {article["id"]: article["text"] for article in export["articles"]}
    parents = {story["parent_id"] for story in export["stories"] if story["parent_id"]}
    stories = [story for story in export["stories"] if story["id"] not in parents]
    result: dict[str, Any] = {}
    for half, events in multi_outlet.HALVES.items():
        rids = {rid for rid in records if records[rid]["event"] in events}
        aids = {mapped.article_of_record[r] for r in rids if r in mapped.article_of_record}
        result[half] = {
            "coverage": coverage_scores(corpus, export, mapped, stories, event_of, events),
            "disputes": dispute_scores(mapped, export["stories"], rids, named=half == "tune"),
            "verbatim": verbatim_scores(corpus, export["stories"], texts, aids),
        }
    return result


def coverage_scores(
    corpus: Corpus,
    export: dict[str, Any],
    mapped: Mapped,
    stories: list[dict[str, Any]],
    event_of: dict[str, str],
    events: frozenset[str],
) -> dict[str, Any]:
    outlet_of = independent_outlets(corpus.articles, corpus.duplicates)
    records = multi_outlet.records()
    facts = [
        f
        for f in mapped.facts
        if records[f.record_id]["event"] in events and isinstance(f.value, int | float)
    ]
    gold_rows: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    row_of: dict[str, str] = {}
    for fact in facts:
        event = records[fact.record_id]["event"]
        row = f"{event}|{fact.key[0]}|{fact.key[1]}"
        row_of[fact.fact_id] = row
        gold_rows[event][row].add(outlet_of[fact.article_id])
    claims = {claim["id"]: claim for claim in export["claims"]}
    predicted: dict[str, dict[str, set[str]]] = defaultdict(dict)
    hits: dict[str, dict[str, Counter[str]]] = defaultdict(dict)
    reachable: set[tuple[str, str]] = set()  # (gold row, outlet): a cell some hitting row has
    unlabelled = 0
    fact_with_claim: set[str] = set()
    for story in stories:
        for item in story["coverage"]["facts"]:
            claim = claims.get(item["claim_id"])
            if claim is None:
                continue
            by_event: dict[str, set[str]] = defaultdict(set)
            for aid in item["article_ids"]:
                if event_of.get(aid) in events:
                    by_event[event_of[aid]].add(outlet_of[aid])
            for event, outlets in by_event.items():
                hit: Counter[str] = Counter()
                for mention in claim["mentions"]:
                    if event_of.get(mention["article_id"]) != event:
                        continue
                    for fact in mapped.facts_at(
                        mention["article_id"], mention["start"], mention["end"]
                    ):
                        if fact.fact_id in row_of:
                            hit[row_of[fact.fact_id]] += 1
                            fact_with_claim.add(fact.fact_id)
                key = f"{story['id']}|{item['claim_id']}"
                if hit:
                    predicted[event][key] = outlets
                    hits[event][key] = hit
                    reachable.update((row, outlet) for row in hit for outlet in outlets)
                else:
                    unlabelled += len(outlets)
    true = 0
    predicted_cells = sum(len(o) for rows in predicted.values() for o in rows.values())
    gold_cells = sum(len(o) for rows in gold_rows.values() for o in rows.values())
    splits: Counter[str] = Counter()
    for event, rows in gold_rows.items():
        pairs = sorted(
            (
                (
                    -len(predicted[event][key] & rows[row]),
                    -count,
                    key,
                    row,
                )
                for key, hit in hits[event].items()
                for row, count in hit.items()
                if row in rows
            )
        )
        taken_predicted: set[str] = set()
        taken_gold: set[str] = set()
        for overlap, _, key, row in pairs:
            splits[row] += 1
            if key in taken_predicted or row in taken_gold:
                continue
            taken_predicted.add(key)
            taken_gold.add(row)
            true -= overlap
    precision = true / predicted_cells if predicted_cells else 0.0
    recall = true / gold_cells if gold_cells else 0.0
    strict = true / (predicted_cells + unlabelled) if predicted_cells + unlabelled else 0.0
    rows_total = sum(len(rows) for rows in gold_rows.values())
    lone = [o for rows in gold_rows.values() for o in rows.values() if len(o) == 1]
    cells = [(row, x) for rows in gold_rows.values() for row, o in rows.items() for x in o]
    within = sum(1 for cell in cells if cell in reachable)
    return {
        "f1": _f1(precision, recall),
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "strict_precision": round(strict, 4),
        "true_cells": true,
        "predicted_cells": predicted_cells,
        "gold_cells": gold_cells,
        "unlabelled_cells": unlabelled,
        "gold_rows": rows_total,
        "gold_rows_of_one_outlet": len(lone),
        "recall_bound_of_the_claims": _ratio(within, gold_cells),
        "gold_rows_with_a_claim": len(splits),
        "gold_rows_in_more_than_one_claim": sum(1 for n in splits.values() if n > 1),
        "numeric_gold_facts": len(facts),
        "gold_facts_in_no_claim": len(facts) - len(fact_with_claim),
    }


def dispute_scores(
    mapped: Mapped, stories: list[dict[str, Any]], rids: set[str], named: bool = True
) -> dict[str, Any]:
    fact_of = {f.fact_id: f for f in mapped.facts}
    events = {multi_outlet.records()[r]["event"] for r in rids}
    conflicts = [
        c
        for c in multi_outlet.gold()["conflicts"]
        if c["fact_event"] in events
        or any(x.split(".")[0] in rids for side in c["sides"] for x in side)
    ]
    both: list[str] = []
    either: list[str] = []
    for conflict in conflicts:
        sides = [[fact_of[x] for x in side if x in fact_of] for side in conflict["sides"]]
        covered = [
            [any(_covers(story, fact) for fact in side) for side in sides] for story in stories
        ]
        if any(all(sides) for sides in covered):
            both.append(conflict["conflict_id"])
        if any(any(sides) for sides in covered):
            either.append(conflict["conflict_id"])
    scores = {
        "gold_conflicts": len(conflicts),
        "in_disputed_part": _ratio(len(both), len(conflicts)),
        "in_disputed_part_either_side": _ratio(len(either), len(conflicts)),
    }
    if not named:
        return scores
    return {
        **scores,
        "found": sorted(both),
        "missed": sorted({c["conflict_id"] for c in conflicts} - set(both)),
    }


def _covers(story: dict[str, Any], fact: Fact) -> bool:
    return any(
        sentence["role"] == "disputed"
        and sentence["article_id"] == fact.article_id
        and sentence["start"] <= fact.start
        and fact.end <= sentence["end"]
        for sentence in story["briefing"]
    )


def verbatim_scores(
    corpus: Corpus, stories: list[dict[str, Any]], texts: dict[str, str], aids: set[str]
) -> dict[str, Any]:
    sentences = [s for story in stories for s in story["briefing"] if s["article_id"] in aids]
    spans = {
        article.id: {_trimmed(article.text, s.start, s.end) for s in article.sentences}
        for article in corpus.articles
        if article.id in aids
    }
    verbatim = whole = 0
    for sentence in sentences:
        text = texts.get(sentence["article_id"], "")
        start, end = sentence["start"], sentence["end"]
        verbatim += bool(sentence["text"]) and sentence["text"] == text[start:end]
        whole += _trimmed(text, start, end) in spans.get(sentence["article_id"], set())
    return {
        "briefing_sentences": len(sentences),
        "verbatim_share": _ratio(verbatim, len(sentences)),
        "whole_sentence_share": _ratio(whole, len(sentences)),
    }


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _f1(precision: float, recall: float) -> float:
    return round(2 * precision * recall / (precision + recall), 4) if precision + recall else 0.0


# **Statement conflicts.** Conflicts whose sides carry no figure (``a.value is None``):
# what :func:`counterpoint.compare.statements.find_contradictions` flags. The dev set's gold
# labels figures only, so a statement conflict there is counted as a flag to read by hand
# (``explanations`` only for the tuning half); on the AEB pages, unrelated pages, every one
# is false. On the seeds, each flag is matched against the gold C3-C6 pairs.
STATEMENT_KINDS = frozenset({"conflict", "attributed_disagreement"})
STATEMENT_GOLD_TYPES = frozenset({"factual_claim", "reported_position", "quote_vs_quote"})


def statement_conflicts(conflicts: list[Conflict]) -> list[Conflict]:
    return [c for c in conflicts if c.kind in STATEMENT_KINDS and c.a.value is None]


def statement_flags(corpus: Corpus, articles: set[str], shown: bool) -> dict[str, Any]:
    """The statement conflicts with a side in ``articles``; their explanations if ``shown``."""
    flags = [
        c
        for c in statement_conflicts(corpus.conflicts)
        if c.a.article_id in articles or c.b.article_id in articles
    ]
    counted = {
        "flags": len(flags),
        "by_kind": dict(sorted(Counter(c.kind for c in flags).items())),
        "per_10_articles": round(10 * len(flags) / len(articles), 3) if articles else None,
    }
    return {**counted, "explanations": [c.explanation for c in flags]} if shown else counted


def statement_scores_by_half(corpus: Corpus) -> dict[str, Any]:
    mapped = multi_outlet.map_gold(corpus)
    records = multi_outlet.records()
    result = {}
    for half, events in multi_outlet.HALVES.items():
        aids = {
            mapped.article_of_record[rid]
            for rid in records
            if records[rid]["event"] in events and rid in mapped.article_of_record
        }
        result[half] = statement_flags(corpus, aids, shown=half == "tune")
    return result


def seed_statement_scores() -> dict[str, Any]:
    """The pipeline on the five seed pages (gold-cleaned, gold dates) against C3-C6."""
    from counterpoint.annotate import annotate_batch
    from counterpoint.compare import compare
    from counterpoint.link import link

    gold_path = shared_dir() / "data" / "seeds-gold" / "conflicts.json"
    gold = [
        g
        for g in json.loads(gold_path.read_text(encoding="utf-8"))["conflicts"]
        if g["type"] in STATEMENT_GOLD_TYPES
    ]
    articles, file_of = [], {}
    for seed in seeds():
        article = seed.gold_article()
        metadata = seed.gold["metadata"]
        stated = metadata.get("date_published") or metadata["date_inferred"].split("/")[0]
        article.published = datetime.fromisoformat(stated)
        articles.append(article)
        file_of[article.id] = f"{seed.name}.txt"
    annotated = annotate_batch(articles)
    by_id = {article.id: article for article in annotated}
    flagged = statement_conflicts(compare(annotated, link(annotated)).conflicts)

    def in_gold(side: ConflictSide, items: list[dict[str, Any]]) -> bool:
        start = by_id[side.article_id].raw_offset(side.start)
        return start is not None and any(
            file_of[side.article_id] == item["file"] and item["start"] <= start < item["end"]
            for item in items
        )

    def touches(conflict: Conflict, pair: dict[str, Any]) -> bool:
        a, b = pair["a"], pair["b"]
        return (in_gold(conflict.a, a) and in_gold(conflict.b, b)) or (
            in_gold(conflict.a, b) and in_gold(conflict.b, a)
        )

    found = [g["id"] for g in gold if any(touches(c, g) for c in flagged)]
    false = [c for c in flagged if not any(touches(c, g) for g in gold)]
    return {
        "gold": [g["id"] for g in gold],
        "found": found,
        "missed": [g["id"] for g in gold if g["id"] not in found],
        "flags": len(flagged),
        "false_flags": len(false),
        "precision": _ratio(len(flagged) - len(false), len(flagged)),
        "explanations": [c.explanation for c in flagged],
    }
