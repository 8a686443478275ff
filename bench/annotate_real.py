"""Quotes and quantities on real articles, per half (tuning / test).

Quantities: the numeric gold facts of ``multi-outlet-dev``, split by event as
:mod:`evaluation.multi_outlet` splits it (:mod:`evaluation.quantities_real` says how they are
matched).

Quotes: the hand-labelled quote gold of ``bench/quotes_gold.jsonl`` (halves ``tuning`` and
``test``) and a second tuning set, ``aeb``: direct and mixed quotes with their speakers on AEB news
pages not in that gold, from sites that have no page in its test half
(``bench/quotes_gold_aeb.jsonl``; the set labels only quotes in quote marks, so it is scored for
``direct+mixed`` alone).

The gold (labelling rules in ``docs/quote-labelling.md``) indexes the stored gold texts: the
``text`` of ``multi-outlet-dev/articles.jsonl`` and the ``articleBody`` of the AEB pages. Each
labelled article goes through the real path (a record's text field -> extract -> every
annotator); its quotes are mapped back from the cleaned text to the gold text by a character
alignment, then matched to the gold of the same article: word-token overlap >= 0.5 (shared
``\\w+`` tokens by position over the larger count), best overlap first, one to one. Scored per
half (tuning / test) for ``direct+mixed`` (direct and mixed against direct and mixed) and ``all``
(every type), with speaker accuracy over matched pairs whose gold names a speaker. The seeds'
quote gold figures (:mod:`evaluation.quotes`) are reported beside them.

Usage: .venv/bin/python bench/annotate_real.py [--misses] [--part quotes|quantities|quantities-aeb]
    [--sets tuning,aeb]
Writes bench/results/annotate_real.json (a part run alone keeps the other part's figures).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from counterpoint.annotate import annotate_batch, nlp
from counterpoint.annotate.quotes import find_quotes
from counterpoint.extract import extract
from counterpoint.ingest.records import document_from_record
from counterpoint.model import Article, Quote, RawDocument
from evaluation import quantities_aeb, quantities_real
from evaluation import quotes as seed_quotes
from evaluation.alignment import alignment
from evaluation.seeds import shared_dir

HERE = Path(__file__).resolve().parent
GOLD = HERE / "quotes_gold.jsonl"
AEB_GOLD = HERE / "quotes_gold_aeb.jsonl"
RESULTS = HERE / "results" / "annotate_real.json"
MATCH_THRESHOLD = 0.5
DIRECT_CLASS = {"direct", "mixed"}
HALVES = ("tuning", "test", "aeb")
# The sets whose gold labels every type; the others label direct and mixed quotes only.
ALL_TYPES = {"tuning", "test"}
WORD = re.compile(r"\w+")
LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)
# A parenthesised note or acronym, closed or cut off: "World Health Organization (WHO".
PARENTHESISED = re.compile(r"\s*\([^)]*\)?")
SMALL_WORDS = {"of", "for", "the", "and", "on", "in"}
# A generational suffix is no surname: "Patrick Carlineo Jr." is Carlineo.
NAME_SUFFIXES = {"jr", "sr", "ii", "iii", "iv"}
TARGETS = {"direct+mixed_f1": 0.9, "all_f1": 0.75, "speaker_accuracy": 0.9}


@dataclass(slots=True)
class Labelled:
    """A quote in gold-text offsets, gold or predicted."""

    start: int
    end: int
    type: str
    speaker: str | None


@dataclass(slots=True)
class GoldArticle:
    dataset: str
    article: str
    half: str
    text: str
    raw_document: RawDocument
    quotes: list[Labelled] = field(default_factory=list)


@dataclass(slots=True)
class Score:
    gold: int = 0
    predicted: int = 0
    matched: int = 0
    with_speaker: int = 0
    speaker_right: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)
    false_alarms: list[dict[str, Any]] = field(default_factory=list)
    wrong_speakers: list[dict[str, Any]] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.gold += other.gold
        self.predicted += other.predicted
        self.matched += other.matched
        self.with_speaker += other.with_speaker
        self.speaker_right += other.speaker_right
        self.misses += other.misses
        self.false_alarms += other.false_alarms
        self.wrong_speakers += other.wrong_speakers

    def figures(self) -> dict[str, Any]:
        precision = self.matched / self.predicted if self.predicted else 0.0
        recall = self.matched / self.gold if self.gold else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        accuracy = self.speaker_right / self.with_speaker if self.with_speaker else 0.0
        return {
            "gold": self.gold,
            "predicted": self.predicted,
            "matched": self.matched,
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(f1, 3),
            "speaker_accuracy": round(accuracy, 3),
            "speakers_scored": self.with_speaker,
        }


def span_sha1(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()[:10]


def _record_document(record: dict[str, Any], key: str) -> RawDocument:
    raw = json.dumps(record, ensure_ascii=False).encode()
    document = document_from_record(record, key, key, raw, "utf-8")
    if not isinstance(document, RawDocument):
        raise ValueError(f"{key}: {document.message}")
    return document


def load_gold(paths: tuple[Path, ...] = (GOLD, AEB_GOLD)) -> list[GoldArticle]:
    """The labelled articles with their gold quotes; raises when a span's text has drifted."""
    shared = shared_dir()
    dev = {}
    with (shared / "data" / "multi-outlet-dev" / "articles.jsonl").open() as lines:
        for line in lines:
            record = json.loads(line)
            dev[record["id"]] = record
    aeb = json.loads((shared / "bench" / "aeb" / "ground-truth.json").read_text())
    articles: dict[tuple[str, str], GoldArticle] = {}
    rows = [
        json.loads(line) for path in paths for line in path.read_text().splitlines() if line.strip()
    ]
    for row in rows:
        if row["kind"] != "article":
            continue
        key = (row["dataset"], row["article"])
        if row["dataset"] == "aeb":
            page = aeb[row["article"]]
            record = {"id": row["article"], "url": page["url"], "text": page["articleBody"]}
        else:
            record = dev[row["article"]]
        articles[key] = GoldArticle(
            row["dataset"],
            row["article"],
            row["half"],
            record["text"],
            _record_document(record, f"{row['dataset']}:{row['article']}"),
        )
    for row in rows:
        if row["kind"] != "quote":
            continue
        gold = articles[(row["dataset"], row["article"])]
        if span_sha1(gold.text[row["start"] : row["end"]]) != row["sha1"]:
            raise ValueError(f"gold span drifted: {row}")
        gold.quotes.append(Labelled(row["start"], row["end"], row["type"], row["speaker"]))
    return list(articles.values())


def predicted(article: Article, raw: str) -> list[Labelled]:
    """The article's quotes in ``raw`` offsets; a quote mostly in text the extractor added (a
    title block repeating the first sentence) is not in the gold text and is left out."""
    at, matched = alignment(article.text, raw)
    out = []
    for quote in article.quotes:
        if sum(matched[quote.start : quote.end]) * 2 < quote.end - quote.start:
            continue
        start, end = at[quote.start], at[quote.end - 1] + 1
        out.append(Labelled(start, end, quote.type, quote.speaker))
    return out


def _tokens(text: str, span: Labelled) -> set[int]:
    return {m.start() + span.start for m in WORD.finditer(text[span.start : span.end])}


def overlap(text: str, a: Labelled, b: Labelled) -> float:
    first, second = _tokens(text, a), _tokens(text, b)
    if not first or not second:
        return 0.0
    return len(first & second) / max(len(first), len(second))


def _name(name: str | None) -> list[str]:
    name = PARENTHESISED.sub("", (name or "").lower().replace("’", "'"))
    words = WORD.findall(LEADING_ARTICLE.sub("", name.strip()))
    while len(words) > 1 and words[-1] in NAME_SUFFIXES:
        words.pop()
    return words


def _initials(words: list[str]) -> str:
    return "".join(word[0] for word in words if word not in SMALL_WORDS)


def _contains(longer: list[str], shorter: list[str]) -> bool:
    size = len(shorter)
    return any(longer[i : i + size] == shorter for i in range(len(longer) - size + 1))


def same_speaker(predicted_name: str | None, gold_name: str) -> bool:
    """The same speaker: equal names, the same last word (a surname), one name inside the
    other ("Libyan Red Crescent Society"), or one the initials of the other ("UN", "OCHA")."""
    mine, theirs = _name(predicted_name), _name(gold_name)
    if not mine or not theirs:
        return False
    if mine[-1] == theirs[-1] or _contains(mine, theirs) or _contains(theirs, mine):
        return True
    return _initials(mine) in {"".join(theirs)} or _initials(theirs) in {"".join(mine)}


def _shown(text: str, quote: Labelled, where: str) -> dict[str, Any]:
    return {
        "article": where,
        "start": quote.start,
        "type": quote.type,
        "speaker": quote.speaker,
        "text": text[quote.start : quote.end][:160],
    }


def score(text: str, where: str, gold: list[Labelled], found: list[Labelled]) -> Score:
    pairs = sorted(
        ((overlap(text, p, g), i, j) for i, p in enumerate(found) for j, g in enumerate(gold)),
        reverse=True,
    )
    result = Score(gold=len(gold), predicted=len(found))
    used_p: set[int] = set()
    used_g: set[int] = set()
    for share, i, j in pairs:
        if share < MATCH_THRESHOLD or i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        result.matched += 1
        if gold[j].speaker is None:
            continue
        result.with_speaker += 1
        if same_speaker(found[i].speaker, gold[j].speaker):
            result.speaker_right += 1
        else:
            result.wrong_speakers.append(
                {**_shown(text, gold[j], where), "predicted_speaker": found[i].speaker}
            )
    result.misses = [_shown(text, g, where) for j, g in enumerate(gold) if j not in used_g]
    result.false_alarms = [_shown(text, p, where) for i, p in enumerate(found) if i not in used_p]
    return result


def _classes(gold: list[Labelled], found: list[Labelled]) -> Iterator[tuple[str, list, list]]:
    yield (
        "direct+mixed",
        [g for g in gold if g.type in DIRECT_CLASS],
        [p for p in found if p.type in DIRECT_CLASS],
    )
    yield "all", gold, found


def run_gold(show_misses: bool, sets: tuple[str, ...] = HALVES) -> dict[str, Any]:
    """Scores the named sets; ``show_misses`` prints the misses of every set but ``test``."""
    gold_articles = [g for g in load_gold() if g.half in sets]
    articles = annotate_batch([extract(g.raw_document) for g in gold_articles])
    totals = {half: {"direct+mixed": Score(), "all": Score()} for half in sets}
    for gold, article in zip(gold_articles, articles, strict=True):
        found = predicted(article, gold.text)
        where = f"{gold.dataset}:{gold.article[:12]}"
        for name, gold_class, found_class in _classes(gold.quotes, found):
            totals[gold.half][name].add(score(gold.text, where, gold_class, found_class))
    out: dict[str, Any] = {}
    for half in sets:
        if half not in ALL_TYPES:
            del totals[half]["all"]
        every = totals[half].get("all", totals[half]["direct+mixed"])
        out[half] = {name: value.figures() for name, value in totals[half].items()}
        out[half]["gold_by_type"] = dict(
            Counter(q.type for g in gold_articles if g.half == half for q in g.quotes)
        )
        out[half]["missed_by_type"] = dict(Counter(m["type"] for m in every.misses))
        out[half]["false_alarms_by_type"] = dict(Counter(m["type"] for m in every.false_alarms))
        out[half]["wrong_speakers"] = len(every.wrong_speakers)
        if show_misses and half != "test":
            for kind, items in (
                ("MISS", every.misses),
                ("FALSE", every.false_alarms),
                ("SPEAKER", every.wrong_speakers),
            ):
                for item in items:
                    print(kind, half, json.dumps(item, ensure_ascii=False))
    return out


def run_seeds() -> dict[str, Any]:
    """The seeds' quote gold, scored as ``tests/data/test_quotes.py`` scores it."""

    def find(article: Article) -> list[Quote]:
        doc = nlp.load("en")(article.text)
        article.sentences = nlp.sentences(doc, article.paragraphs)
        return find_quotes(article, doc)

    totals, _ = seed_quotes.evaluate_seeds(find)
    return {
        name: {
            "precision": round(value.precision, 3),
            "recall": round(value.recall, 3),
            "f1": round(value.f1, 3),
            "speaker_accuracy": round(value.speaker_accuracy, 3),
            "gold": value.gold,
            "matched": value.matched,
        }
        for name, value in totals.items()
    }


def run_aeb_quantities(show_misses: bool) -> dict[str, Any]:
    """The AEB quantity sample (``bench/quantities_aeb_gold.jsonl``): a tuning set of its own."""
    return quantities_aeb.run(show_misses)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--misses",
        action="store_true",
        help="print the misses and false alarms of the tuning sets (never the test half's)",
    )
    parser.add_argument(
        "--sets",
        default=",".join(HALVES),
        help="comma-separated sets to score (tuning, test, aeb); the default scores all three",
    )
    parser.add_argument(
        "--part", choices=("quotes", "quantities", "quantities-aeb"), help="run one part only"
    )
    args = parser.parse_args()
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    if args.part in (None, "quotes"):
        results.update(
            {
                "gold": [str(path.relative_to(HERE.parent)) for path in (GOLD, AEB_GOLD)],
                "match": f"same article, word-token overlap >= {MATCH_THRESHOLD}, one to one",
                "targets": TARGETS,
                "quotes": {
                    **results.get("quotes", {}),
                    **run_gold(args.misses, tuple(args.sets.split(","))),
                },
                "seeds_quotes": run_seeds(),
            }
        )
    if args.part in (None, "quantities"):
        results["quantities"] = quantities_real.run("tune" if args.misses else None)
    if args.part in (None, "quantities-aeb"):
        results["quantities_aeb"] = run_aeb_quantities(args.misses)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    print(json.dumps({k: v for k, v in results.items() if k != "targets"}, indent=2))


if __name__ == "__main__":
    main()
