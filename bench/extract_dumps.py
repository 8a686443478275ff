"""Benchmark the plain-text dump cleaner on the extraction benchmark's text dumps.

Runs :func:`counterpoint.extract.text.extract_dump` (shipped model) and jusText (each line a
paragraph) over every dump, scores both with the benchmark's own ``score.py``, adds the
site-grouped cross-validated figure of the cleaner (each page scored by a model trained without
its site; the standard split of sorted sites and the mean over it and two shuffled splits),
prints a table and writes ``bench/results/extract_dumps.json``.

    .venv/bin/python bench/extract_dumps.py [--skip-cv]
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import re
import sys
import time
from pathlib import Path

import justext

from counterpoint.extract.text import extract_dump

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "extract_dumps.json"
CV_SHUFFLES = (0, 3, 11)
WORD = re.compile(r"\w+")


def _training_module():
    spec = importlib.util.spec_from_file_location("train_dump_lines", HERE / "train_dump_lines.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def cleaner_text(raw: str) -> str:
    return "\n\n".join(block.text for block in extract_dump(raw).body)


def justext_text(raw: str) -> str:
    """jusText with each dump line as a paragraph (HTML-escaped so it parses as text)."""
    from html import escape

    html = "<html><body>" + "".join(f"<p>{escape(line)}</p>" for line in raw.splitlines())
    paragraphs = justext.justext(html + "</body></html>", justext.get_stoplist("English"))
    return "\n\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def page_titles(html: str) -> list[str]:
    """The titles a page's HTML states: og:title, <title> and the first <h1>."""
    from counterpoint.extract.html import parse_html

    tree = parse_html(html)
    found = tree.xpath('//meta[@property="og:title"]/@content')[:1]
    found += [" ".join(node.text_content().split()) for node in tree.xpath("//title | //h1")[:2]]
    return [title for title in found if title.strip()]


def same_title(extracted: str | None, stated: list[str]) -> bool:
    """Whether a dump's title is one the HTML states: most of its words are in one of them
    and cover at least half of it (site names and "| Opinion" labels around it are allowed)."""
    words = set(WORD.findall(extracted.lower())) if extracted else set()
    for title in stated:
        other = set(WORD.findall(title.lower()))
        shared = len(words & other)
        if words and other and shared >= 0.8 * len(words) and shared >= 0.5 * len(other):
            return True
    return False


def title_agreement(pages, html_dir: Path) -> dict[str, int]:
    """How many pages' dump titles are the title the page's own HTML states."""
    agree = stated = 0
    for page in pages:
        html_path = html_dir / f"{page.page_id}.html.gz"
        titles = page_titles(gzip.decompress(html_path.read_bytes()).decode("utf-8", "replace"))
        extraction = extract_dump(page.raw)
        stated += bool(titles)
        agree += same_title(extraction.title.text if extraction.title else None, titles)
    return {"pages_with_html_title": stated, "dump_title_agrees": agree}


def run(pages, method) -> tuple[dict[str, str], float]:
    started = time.perf_counter()
    predictions = {page.page_id: method(page.raw) for page in pages}
    return predictions, len(pages) / (time.perf_counter() - started)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--skip-cv", action="store_true", help="skip the slow CV retraining")
    args = parser.parse_args()
    training = _training_module()
    scorer = training.load_scorer()
    pages = training.load_pages()
    results: dict[str, dict[str, float]] = {}
    titles = title_agreement(pages, training.bench_dir() / "html")
    for name, method in [("extract_dump", cleaner_text), ("justext_lines", justext_text)]:
        predictions, rate = run(pages, method)
        results[name] = {**scorer.score(predictions), "pages_per_second": round(rate, 1)}
    if not args.skip_cv:
        # The standard split deals sorted sites to folds; two shuffled deals show how much
        # the split alone moves the figure (a few hard sites landing together).
        folds = {}
        for shuffle in CV_SHUFFLES:
            predictions = training.cross_validated_predictions(pages, training.body_text, shuffle)
            folds[shuffle] = scorer.score(predictions)
        results["extract_dump_site_cv"] = folds[0]
        results["extract_dump_site_cv_mean_of_3_splits"] = {
            key: round(sum(row[key] for row in folds.values()) / len(folds), 4)
            for key in ("precision", "recall", "f1")
        }
        for shuffle, row in folds.items():
            if shuffle:
                results[f"extract_dump_site_cv_shuffle_{shuffle}"] = row
    print(f"{'method':<40}{'F1':>8}{'precision':>11}{'recall':>9}{'pages/s':>10}")
    for name, row in results.items():
        rate = row.get("pages_per_second", float("nan"))
        print(
            f"{name:<40}{row['f1']:>8.4f}{row['precision']:>11.4f}{row['recall']:>9.4f}"
            f"{rate:>10.1f}"
        )
    print(
        f"dump title = the page's HTML title on {titles['dump_title_agrees']} of "
        f"{titles['pages_with_html_title']} pages"
    )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps({**results, "extract_dump_title": titles}, indent=2) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
