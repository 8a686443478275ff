"""Benchmark extract_html against trafilatura and jusText on the article-extraction benchmark.

Runs every method over all pages of ``shared/bench/aeb`` in one process, page by page in
turn (so machine load affects all methods alike), scores the article bodies with the
benchmark's own scorer and prints F1 / precision / recall, pages per second and the speed
ratio of extract_html to each other method. Results go to bench/results/extract_html.json.

Usage: .venv/bin/python bench/extract_html.py
"""

from __future__ import annotations

import gzip
import importlib.util
import json
import time
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import justext
import trafilatura

from counterpoint.extract.html import extract_html
from evaluation.seeds import shared_dir

RESULTS = Path(__file__).resolve().parent / "results" / "extract_html.json"


def load_scorer() -> ModuleType:
    """The benchmark's score.py, imported from the shared folder (never copied)."""
    path = shared_dir() / "bench" / "aeb" / "score.py"
    spec = importlib.util.spec_from_file_location("aeb_score", path)
    if spec is None or spec.loader is None:
        raise FileNotFoundError(path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_pages() -> dict[str, tuple[str, str]]:
    """Page id -> (decoded HTML, URL) for the benchmark pages."""
    aeb = shared_dir() / "bench" / "aeb"
    gold = json.loads((aeb / "ground-truth.json").read_text(encoding="utf-8"))
    pages: dict[str, tuple[str, str]] = {}
    for path in sorted((aeb / "html").glob("*.html.gz")):
        page_id = path.name.removesuffix(".html.gz")
        html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        pages[page_id] = (html, gold[page_id]["url"])
    return pages


def ours(html: str, url: str) -> str:
    """The body we return (title and dek excluded, as in the benchmark's gold)."""
    return "\n\n".join(block.text for block in extract_html(html, url).body)


def trafilatura_with(**options: bool) -> Callable[[str, str], str]:
    def run(html: str, url: str) -> str:
        return trafilatura.extract(html, url=url, **options) or ""

    return run


def justext_body(html: str, url: str) -> str:
    paragraphs = justext.justext(html, justext.get_stoplist("English"))
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


METHODS: dict[str, Callable[[str, str], str]] = {
    "extract_html": ours,
    "trafilatura default": trafilatura_with(),
    "trafilatura default, no comments": trafilatura_with(include_comments=False),
    "trafilatura favor_precision": trafilatura_with(favor_precision=True),
    "trafilatura favor_precision, no comments": trafilatura_with(
        favor_precision=True, include_comments=False
    ),
    "jusText 3.0 (English stoplist)": justext_body,
}


def run() -> dict[str, dict[str, float]]:
    scorer = load_scorer()
    pages = load_pages()
    predictions: dict[str, dict[str, str]] = {name: {} for name in METHODS}
    seconds = dict.fromkeys(METHODS, 0.0)
    for page_id, (html, url) in pages.items():
        for name, method in METHODS.items():
            started = time.perf_counter()
            predictions[name][page_id] = method(html, url)
            seconds[name] += time.perf_counter() - started
    results: dict[str, dict[str, float]] = {}
    for name in METHODS:
        scored = scorer.score(predictions[name])
        results[name] = {
            "f1": scored["f1"],
            "precision": scored["precision"],
            "recall": scored["recall"],
            "pages_per_second": round(len(pages) / seconds[name], 1),
            "speed_ratio_of_extract_html": round(seconds[name] / seconds["extract_html"], 2),
        }
    return results


def main() -> None:
    results = run()
    print(f"{'method':44} {'F1':>6} {'P':>6} {'R':>6} {'pages/s':>8} {'ours/this speed':>15}")
    for name, row in results.items():
        print(
            f"{name:44} {row['f1']:6.4f} {row['precision']:6.4f} {row['recall']:6.4f} "
            f"{row['pages_per_second']:8.1f} {row['speed_ratio_of_extract_html']:15.2f}"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
