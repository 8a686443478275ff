"""Benchmark the plain-text dump cleaner on the extraction benchmark's text dumps.

Runs :func:`counterpoint.extract.text.extract_dump` (shipped model) and jusText (each line a
paragraph) over every dump, scores both with the benchmark's own ``score.py``, adds the
site-grouped cross-validated figure of the cleaner (each page scored by a model trained without
its site; the standard split of sorted sites and the mean over it and two shuffled splits),
the same on the dumps hard-wrapped at 78 columns (as ``lynx -dump`` or a PDF gives text), and
trafilatura (default settings) on the same pages' HTML for speed, each page's dump and HTML
cleaned in turn so that machine load falls on both alike; prints a table and writes
``bench/results/extract_dumps.json``.

    .venv/bin/python bench/extract_dumps.py [--skip-cv] [--pages N]

``--pages N`` also prints the N held-out pages of the standard split that lose most (their
share of wrongly kept and of missed shingles) and writes every page's shares to the results.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import re
import sys
import textwrap
import time
from pathlib import Path
from typing import Any

import justext
import trafilatura

from counterpoint.extract.html import extract_html
from counterpoint.extract.text import extract_dump

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "extract_dumps.json"
CV_SHUFFLES = (0, 3, 11)
WORD = re.compile(r"\w+")
WRAP_WIDTH = 78
BULLET_START = re.compile(r"\s*(?:[•·*+\-]|\d{1,3}[.)])\s+")


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


def _words(text: str | None) -> str:
    return " ".join(WORD.findall(text.lower())) if text else ""


def _same_name(a: str | None, b: str | None) -> bool:
    """One name's words inside the other's: "Jill Disis" and "Jill Disis, CNN Business"."""
    left, right = _words(a), _words(b)
    return bool(left and right and (left in right or right in left))


def metadata_agreement(pages, html_dir: Path) -> dict[str, dict[str, int]]:
    """Per field, on how many pages the dump states it and how many of those agree with what
    the same page's HTML states (titles from its tags, the rest as ``extract_html`` reads
    them; an outlet may also match the site's domain name; dates agree to the day)."""
    counts = {
        field: {"stated": 0, "agrees": 0} for field in ("title", "byline", "published", "outlet")
    }
    for page in pages:
        html_path = html_dir / f"{page.page_id}.html.gz"
        html = gzip.decompress(html_path.read_bytes()).decode("utf-8", "replace")
        meta, dump = extract_html(html), extract_dump(page.raw)
        published = dump.published.date() if dump.published else None
        checks = {
            "title": (
                dump.title,
                same_title(dump.title.text if dump.title else None, page_titles(html)),
            ),
            "byline": (dump.byline, _same_name(dump.byline, meta.byline)),
            "published": (published, bool(meta.published and meta.published.date() == published)),
            "outlet": (
                dump.outlet,
                _same_name(dump.outlet, meta.outlet)
                or _same_name(dump.outlet, page.site.split(".")[0]),
            ),
        }
        for field, (value, agrees) in checks.items():
            counts[field]["stated"] += value is not None
            counts[field]["agrees"] += bool(value is not None and agrees)
    return counts


def hard_wrap(raw: str, width: int = WRAP_WIDTH) -> str:
    """The dump as ``lynx -dump`` or a PDF-to-text tool gives it: every line longer than
    ``width`` wrapped at spaces, continuation lines under the text of a bulleted line."""
    wrapped = []
    for line in raw.split("\n"):
        if len(line) <= width:
            wrapped.append(line)
            continue
        bullet = BULLET_START.match(line)
        indent = bullet.end() if bullet else len(line) - len(line.lstrip())
        wrapped += textwrap.wrap(
            line,
            width,
            subsequent_indent=" " * indent,
            break_long_words=False,
            break_on_hyphens=False,
        ) or [line]
    return "\n".join(wrapped)


def page_losses(scorer, pages, predictions: dict[str, str]) -> list[dict[str, Any]]:
    """Each page's share of wrongly kept (fp) and missed (fn) shingles as the benchmark
    counts them, the pages losing most first."""
    rows: list[dict[str, Any]] = []
    for page in pages:
        _, fp, fn = scorer.page_counts(page.gold, predictions.get(page.page_id, ""))
        rows.append(
            {"page": page.page_id, "site": page.site, "fp": round(fp, 4), "fn": round(fn, 4)}
        )
    return sorted(rows, key=lambda row: -(row["fp"] + row["fn"]))


def run(pages, method) -> tuple[dict[str, str], float]:
    started = time.perf_counter()
    predictions = {page.page_id: method(page.raw) for page in pages}
    return predictions, len(pages) / (time.perf_counter() - started)


def dump_and_html_in_turn(
    pages, html_dir: Path
) -> tuple[dict[str, dict[str, str]], dict[str, float]]:
    """The cleaner on each page's dump and trafilatura on its HTML, one after the other page by
    page (the HTML read and decompressed outside the timing): predictions and pages per second."""
    predictions: dict[str, dict[str, str]] = {"extract_dump": {}, "trafilatura_html": {}}
    seconds = dict.fromkeys(predictions, 0.0)
    for page in pages:
        html_path = html_dir / f"{page.page_id}.html.gz"
        html = gzip.decompress(html_path.read_bytes()).decode("utf-8", "replace")
        started = time.perf_counter()
        predictions["extract_dump"][page.page_id] = cleaner_text(page.raw)
        middle = time.perf_counter()
        predictions["trafilatura_html"][page.page_id] = trafilatura.extract(html) or ""
        seconds["extract_dump"] += middle - started
        seconds["trafilatura_html"] += time.perf_counter() - middle
    return predictions, {name: len(pages) / seconds[name] for name in seconds}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--skip-cv", action="store_true", help="skip the slow CV retraining")
    parser.add_argument(
        "--pages", type=int, default=0, help="print the N held-out pages that lose most"
    )
    args = parser.parse_args()
    losses: list[dict[str, Any]] = []
    training = _training_module()
    scorer = training.load_scorer()
    pages = training.load_pages()
    results: dict[str, dict[str, float]] = {}
    metadata = metadata_agreement(pages, training.bench_dir() / "html")
    in_turn, rates = dump_and_html_in_turn(pages, training.bench_dir() / "html")
    for name, predictions in in_turn.items():
        results[name] = {**scorer.score(predictions), "pages_per_second": round(rates[name], 1)}
    methods = [
        ("extract_dump_hard_wrapped", lambda raw: cleaner_text(hard_wrap(raw))),
        ("justext_lines", justext_text),
    ]
    for name, method in methods:
        predictions, rate = run(pages, method)
        results[name] = {**scorer.score(predictions), "pages_per_second": round(rate, 1)}
    # Text that is already just the article (an export's body field) must come through whole.
    clean = {page.page_id: cleaner_text(page.gold) for page in pages}
    results["extract_dump_on_gold_article_text"] = scorer.score(clean)
    if not args.skip_cv:
        # The standard split deals sorted sites to folds; two shuffled deals show how much
        # the split alone moves the figure (a few hard sites landing together).
        folds = {}
        for shuffle in CV_SHUFFLES:
            rewrites = {"": str, "wrapped": hard_wrap} if shuffle == 0 else {"": str}
            variants = training.cross_validated_variants(
                pages, training.body_text, shuffle, rewrites
            )
            folds[shuffle] = scorer.score(variants[""])
            if shuffle == 0 and args.pages:
                losses = page_losses(scorer, pages, variants[""])
            if "wrapped" in variants:
                results["extract_dump_site_cv_hard_wrapped"] = scorer.score(variants["wrapped"])
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
    print(f"dump metadata of {len(pages)} pages: stated / agreeing with the page's HTML")
    for field, row in metadata.items():
        print(f"  {field:<10}{row['stated']:>5}{row['agrees']:>6}")
    if losses:
        print(f"held-out pages of the standard split losing most (of {len(pages)}):")
        for row in losses[: args.pages]:
            print(f"  {row['page'][:12]} {row['site']:<32} fp {row['fp']:.3f}  fn {row['fn']:.3f}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(
        json.dumps(
            {
                **results,
                "extract_dump_metadata": metadata,
                **({"extract_dump_site_cv_page_losses": losses} if losses else {}),
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
