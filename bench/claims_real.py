"""Claims and conflicts on real coverage: the multi-outlet dev set, the AEB pages, the seeds.

Runs the whole pipeline (``counterpoint.analyze``, real models) on
``../shared/data/multi-outlet-dev/articles.jsonl`` and scores it per half
(:mod:`evaluation.multi_outlet`: tuning half E02/E04/E06/E08, test half the rest); then counts
what is flagged on the 181 unrelated AEB pages (as HTML and as text dumps), where every flag
is false. Each run's
databases are kept under ``bench/results/cache/`` so a rerun only relinks (from scratch: the
stored links are forgotten first, see ``evaluation.cache``).

Usage: .venv/bin/python bench/claims_real.py [--skip-aeb] [--flags]
Writes bench/results/claims_real.json.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import counterpoint
from evaluation import multi_outlet
from evaluation.cache import fresh_links
from evaluation.seeds import shared_dir

RESULTS = Path(__file__).resolve().parent / "results"
TARGETS = {
    "conflict_precision": 0.9,
    "conflict_recall": 0.6,
    "hard_negatives_flagged_share": 0.02,
    "facts_f1": 0.85,
    "possible_conflicts_per_10_articles": 1.0,
    "story_bcubed_f1": 0.9,
    "aeb_flags": 2,
}


def run_dev(cache: Path) -> dict[str, Any]:
    started = time.perf_counter()
    corpus = counterpoint.analyze(
        [multi_outlet.folder() / "articles.jsonl"], db=fresh_links(cache / "multi_outlet.db")
    )
    scores = multi_outlet.score(corpus)
    scores["seconds"] = round(time.perf_counter() - started, 1)
    return scores


def run_aeb(cache: Path, form: str) -> dict[str, Any]:
    """Flags on the AEB pages as ``form`` ("html" or "dumps")."""
    started = time.perf_counter()
    corpus = counterpoint.analyze(
        [shared_dir() / "bench" / "aeb" / form], db=fresh_links(cache / f"aeb_{form}.db")
    )
    flags = [c for c in corpus.conflicts if c.kind in multi_outlet.FLAG_KINDS]
    return {
        "articles": len(corpus.articles),
        "flags": len(flags),
        "by_kind": {
            k: sum(1 for c in flags if c.kind == k) for k in sorted({c.kind for c in flags})
        },
        "explanations": [c.explanation for c in flags],
        "seconds": round(time.perf_counter() - started, 1),
    }


def table(result: dict[str, Any]) -> str:
    rows = [
        ("conflict precision", "conflict_precision", ">= 0.9"),
        ("conflict recall", "conflict_recall", ">= 0.6"),
        ("hard negatives flagged", "hard_negatives_flagged_share", "<= 0.02"),
        ("facts F1 (value + slot + event)", None, ">= 0.85"),
        ("possible conflicts per 10 articles", "possible_conflicts_per_10_articles", "<= 1"),
        ("story B-cubed F1", "story_bcubed_f1", ">= 0.9"),
    ]
    dev = result["multi_outlet"]
    lines = ["| measure | tuning half | test half | target |", "|---|---|---|---|"]
    for label, key, target in rows:
        cells = [
            str(dev[half]["facts"]["f1"] if key is None else dev[half][key])
            for half in ("tune", "test")
        ]
        lines.append(f"| {label} | {cells[0]} | {cells[1]} | {target} |")
    for half in ("tune", "test"):
        d = dev[half]
        lines.append(
            f"<!-- {half}: {d['conflicts_flagged']} conflicts flagged, gold found "
            f"{d['gold_conflicts_found']} of {d['gold_conflicts']} -->"
        )
    if "aeb" in result:
        lines.append(
            f"| flags on the 181 AEB pages (HTML; text dumps) | {result['aeb']['flags']}; "
            f"{result['aeb_dumps']['flags']} | | <= 2 |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-aeb", action="store_true")
    parser.add_argument("--flags", action="store_true", help="print every judged flag")
    args = parser.parse_args()
    cache = RESULTS / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    result: dict[str, Any] = {"targets": TARGETS, "multi_outlet": run_dev(cache)}
    if not args.skip_aeb:
        result["aeb"] = run_aeb(cache, "html")
        result["aeb_dumps"] = run_aeb(cache, "dumps")
    (RESULTS / "claims_real.json").write_text(json.dumps(result, indent=1) + "\n")
    if args.flags:
        for half in ("tune", "test"):
            for flag in result["multi_outlet"][half]["flags"]:
                mark = "TRUE " if flag["true"] else "false"
                print(half, mark, flag["relation"], flag["explanation"])
    print(table(result))


if __name__ == "__main__":
    main()
