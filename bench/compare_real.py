"""Story comparison on real coverage: the multi-outlet dev set's coverage matrix and briefings.

Runs the whole pipeline (``counterpoint.analyze``, real models) on the dev set as
``bench/claims_real.py`` does, writes the JSON export, and scores what the export says per half
(tuning E02/E04/E06/E08, test the rest): the coverage matrix against the gold facts x outlets,
the gold conflicts found in the briefing's disputed part, and the briefing sentences that are
verbatim at their offsets. Then the statement conflicts (no figure on either side): found and
missed of the seeds' gold C3-C6, flags per half of the dev set (explanations for the tuning
half only) and on the 181 AEB pages, where every one is false. The cells, the alignment of
rows and every share are defined in :mod:`evaluation.compare_real`. The databases and the
export are kept under ``bench/results/cache/``.

Usage: .venv/bin/python bench/compare_real.py [--skip-aeb]
Writes bench/results/compare_real.json.
"""

from __future__ import annotations

import argparse
import json
import time
from typing import Any

import counterpoint
from claims_real import RESULTS
from counterpoint.present.export import write_json
from evaluation import compare_real, multi_outlet
from evaluation.cache import fresh_links
from evaluation.seeds import shared_dir

TARGETS = {
    "coverage_f1": 0.85,
    "conflicts_in_disputed_part": 1.0,
    "verbatim_share": 1.0,
    "statement_false_flags_seeds": 0,
    "statement_flags_aeb": 0,
}


def run(skip_aeb: bool = False) -> dict[str, Any]:
    cache = RESULTS / "cache"
    cache.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    corpus = counterpoint.analyze(
        [multi_outlet.folder() / "articles.jsonl"], db=fresh_links(cache / "compare_real.db")
    )
    export = cache / "compare_real.json"
    write_json(corpus, export)
    scores = compare_real.score(corpus, json.loads(export.read_text(encoding="utf-8")))
    statements: dict[str, Any] = {
        "seeds": compare_real.seed_statement_scores(),
        "dev": compare_real.statement_scores_by_half(corpus),
    }
    if not skip_aeb:
        aeb = counterpoint.analyze(
            [shared_dir() / "bench" / "aeb" / "html"], db=fresh_links(cache / "aeb_html.db")
        )
        every = {article.id for article in aeb.articles}
        statements["aeb"] = {
            "articles": len(every),
            **compare_real.statement_flags(aeb, every, shown=True),
        }
    return {
        "targets": TARGETS,
        **scores,
        "statements": statements,
        "seconds": round(time.perf_counter() - started, 1),
    }


def table(result: dict[str, Any]) -> str:
    rows = [
        ("coverage matrix F1 (gold facts x outlets)", "coverage", "f1", ">= 0.85"),
        ("coverage precision", "coverage", "precision", ""),
        ("coverage recall", "coverage", "recall", ""),
        ("gold conflicts in the disputed part", "disputes", "in_disputed_part", "1.0"),
        ("briefing sentences verbatim", "verbatim", "verbatim_share", "1.0"),
    ]
    lines = ["| measure | tuning half | test half | target |", "|---|---|---|---|"]
    for label, part, key, target in rows:
        cells = [str(result[half][part][key]) for half in ("tune", "test")]
        lines.append(f"| {label} | {cells[0]} | {cells[1]} | {target} |")
    statements = result["statements"]
    dev = statements["dev"]
    lines.append(
        f"| statement conflicts flagged (gold labels figures only) | {dev['tune']['flags']} |"
        f" {dev['test']['flags']} | |"
    )
    seeds = statements["seeds"]
    lines.append(
        f"\nSeeds C3-C6: found {seeds['found']}, missed {seeds['missed']},"
        f" false flags {seeds['false_flags']} of {seeds['flags']}."
    )
    if "aeb" in statements:
        aeb = statements["aeb"]
        lines.append(f"AEB pages: {aeb['flags']} statement conflicts on {aeb['articles']} pages.")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-aeb", action="store_true")
    result = run(parser.parse_args().skip_aeb)
    (RESULTS / "compare_real.json").write_text(json.dumps(result, indent=1) + "\n")
    print(table(result))


if __name__ == "__main__":
    main()
