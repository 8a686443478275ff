"""Benchmark annotate throughput against raw spaCy on the same texts, in one process.

Texts: the five seed gold articles plus the English gold bodies of the article-extraction
benchmark (``shared/bench/aeb/ground-truth.json``). Both contenders run with the same
pipeline and batch size, taking turns for several rounds so machine load affects both alike;
the best round of each counts. ``annotate_batch`` starts from articles with no language, so
its time includes language detection, sentence splitting and every annotator. Per-annotator
times over the already parsed docs show where the extra time goes; ``--profile`` prints the
top functions under cProfile. Results go to bench/results/annotate.json.

Usage: .venv/bin/python bench/annotate.py [--bodies 100] [--batch-size 16] [--rounds 3]
"""

from __future__ import annotations

import argparse
import cProfile
import dataclasses
import json
import platform
import pstats
import resource
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import spacy

from counterpoint.annotate import annotate_batch, nlp
from counterpoint.annotate.entities import find_entities
from counterpoint.annotate.language import detect_language
from counterpoint.annotate.quantities import find_quantities
from counterpoint.annotate.quotes import find_quotes
from counterpoint.annotate.times import find_times
from counterpoint.extract.assemble import Block, assemble
from counterpoint.model import Article, stable_id
from evaluation.seeds import seeds, shared_dir

RESULTS = Path(__file__).resolve().parent / "results" / "annotate.json"
TARGET_RATIO = 0.75


def load_articles(bodies: int) -> list[Article]:
    """Seed gold articles, then the first ``bodies`` English benchmark bodies, language unset."""
    articles = [dataclasses.replace(seed.gold_article(), language=None) for seed in seeds()]
    truth = json.loads((shared_dir() / "bench" / "aeb" / "ground-truth.json").read_text())
    for page_id, page in truth.items():
        if len(articles) >= len(seeds()) + bodies:
            break
        body = page["articleBody"]
        if detect_language(body) != "en":
            continue
        text, paragraphs = assemble([Block(p, "paragraph") for p in body.split("\n\n")])
        articles.append(
            Article(
                id=stable_id("aeb", page_id), source=page["url"], text=text, paragraphs=paragraphs
            )
        )
    return articles


def language_cost() -> dict[str, float]:
    """Memory the language detector adds (peak RSS growth) and its time per call, over every
    benchmark body; run first, before anything else grows the process."""
    truth = json.loads((shared_dir() / "bench" / "aeb" / "ground-truth.json").read_text())
    bodies = [page["articleBody"] for page in truth.values()]
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    detect_language(bodies[0])  # builds the detector
    start = time.perf_counter()
    for body in bodies:
        detect_language(body)
    per_call = (time.perf_counter() - start) / len(bodies)
    grown = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before
    return {
        "texts": len(bodies),
        "ms_per_call": round(1000 * per_call, 2),
        "mb": round(grown / 1024, 1),
    }


def best_of(rounds: int, runs: dict[str, Callable[[], object]]) -> dict[str, list[float]]:
    """Seconds per round for each run, the runs taking turns within a round."""
    seconds: dict[str, list[float]] = {name: [] for name in runs}
    for _ in range(rounds):
        for name, run in runs.items():
            start = time.perf_counter()
            run()
            seconds[name].append(time.perf_counter() - start)
    return seconds


def annotator_seconds(articles: list[Article], batch_size: int) -> dict[str, float]:
    """Time of each step of annotate_batch, in its order, over docs parsed beforehand; each
    step's output is stored on the articles, as later steps read earlier ones."""
    pipeline = nlp.load("en")
    docs = list(pipeline.pipe((a.text for a in articles), batch_size=batch_size))
    english = [dataclasses.replace(a, language="en") for a in articles]
    steps: dict[str, tuple[str | None, Callable[[Article, Any], Any]]] = {
        "detect_language": (None, lambda article, doc: detect_language(article.text)),
        "sentences": ("sentences", lambda article, doc: nlp.sentences(doc, article.paragraphs)),
        "find_entities": ("entities", find_entities),
        "find_quotes": ("quotes", find_quotes),
        "find_quantities": ("quantities", find_quantities),
        "find_times": ("times", find_times),
    }
    seconds: dict[str, float] = {}
    for name, (field, step) in steps.items():
        start = time.perf_counter()
        results = [step(article, doc) for article, doc in zip(english, docs, strict=True)]
        seconds[name] = round(time.perf_counter() - start, 3)
        if field is not None:
            for article, result in zip(english, results, strict=True):
                setattr(article, field, result)
    return seconds


def profile(articles: list[Article], batch_size: int, top: int = 25) -> None:
    profiler = cProfile.Profile()
    profiler.enable()
    annotate_batch(articles, batch_size=batch_size)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--bodies", type=int, default=100, help="benchmark bodies to add")
    parser.add_argument("--batch-size", type=int, default=16)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true", help="print a cProfile of annotate")
    args = parser.parse_args()

    language = language_cost()
    articles = load_articles(args.bodies)
    texts = [a.text for a in articles]
    words = sum(len(text.split()) for text in texts)
    pipeline = nlp.load("en")
    # Warm up both paths (lazy model loading, lingua's language models, compiled regexes).
    list(pipeline.pipe(texts[:8], batch_size=args.batch_size))
    annotate_batch(articles[:8], batch_size=args.batch_size)

    seconds = best_of(
        args.rounds,
        {
            "spacy_pipe": lambda: list(pipeline.pipe(texts, batch_size=args.batch_size)),
            "annotate_batch": lambda: annotate_batch(articles, batch_size=args.batch_size),
        },
    )
    best = {name: min(values) for name, values in seconds.items()}
    steps = annotator_seconds(articles, args.batch_size)
    after_parse = sum(steps.values())
    ratio = best["spacy_pipe"] / best["annotate_batch"]
    results = {
        "articles": len(articles),
        "words": words,
        "batch_size": args.batch_size,
        "pipeline": nlp.pipeline_name("en"),
        "spacy": spacy.__version__,
        "python": platform.python_version(),
        "rounds_seconds": {name: [round(s, 3) for s in values] for name, values in seconds.items()},
        **{
            name: {
                "seconds": round(value, 3),
                "articles_per_second": round(len(articles) / value, 1),
                "words_per_second": round(words / value),
            }
            for name, value in best.items()
        },
        "ratio_annotate_to_spacy": round(ratio, 3),
        "target_ratio": TARGET_RATIO,
        "meets_target": ratio >= TARGET_RATIO,
        "detect_language": language,
        "annotator_seconds_after_parse": steps,
        # Less sensitive to load from other processes than the timed rounds: parse time plus
        # the time of the steps after it, each measured alone.
        "ratio_from_step_times": round(best["spacy_pipe"] / (best["spacy_pipe"] + after_parse), 3),
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))
    if args.profile:
        profile(articles, args.batch_size)


if __name__ == "__main__":
    main()
