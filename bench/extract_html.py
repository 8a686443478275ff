"""Benchmark extract_html against trafilatura on the article-extraction benchmark, by
site-grouped cross-validation.

What extract_html tunes (the trafilatura mode that finds the article region, and which block
rules of ``counterpoint.extract.html_filter`` are asked) is chosen on the training folds (the
best F1 among the choices that keep as much of each article as the region alone, see
``Table.choose``) and scored on the held-out sites: the folds of ``bench/train_dump_lines.py``
(every page of a site in one fold, sites dealt in sorted order; two shuffled deals beside
it). trafilatura's default and favor_precision settings, which tune nothing, are scored on
the same pages. All figures are the benchmark's own scorer on the article body (the title
left out, as the gold holds).

Then: the same CV without the body's continued chunks, what each rule removed and its CV
worth (F1 with it against without it, the rest of each fold's choice kept), the
configuration chosen on all pages (the shipped defaults of ``ExtractOptions``) and its
in-sample figure, and the speed of extract_html against each trafilatura setting in one
run, page by page in turn (so machine load affects all alike). Results go to
bench/results/extract_html.json.

Usage: .venv/bin/python bench/extract_html.py
"""

from __future__ import annotations

import gzip
import itertools
import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import numpy as np
import trafilatura

from counterpoint.extract.html import article_blocks, extract_html, link_texts, parse_html
from counterpoint.extract.html_filter import RULES, PageContext, firing_rules
from counterpoint.extract.html_meta import read_metadata
from counterpoint.extract.options import DEFAULT_OPTIONS, ExtractOptions
from evaluation.seeds import shared_dir
from train_dump_lines import FOLDS, load_scorer, site_folds

RESULTS = Path(__file__).resolve().parent / "results" / "extract_html.json"
WORD = re.compile(r"\w+")
SHUFFLES = (0, 3, 11)
# The trafilatura modes tried as the article region (comments always off).
REGIONS: dict[str, ExtractOptions] = {
    f"{mode}{'' if fallback else ', no fallback'}": replace(
        DEFAULT_OPTIONS, html_region=mode, html_region_fallback=fallback
    )
    for mode in ("precision", "default", "recall")
    for fallback in (True, False)
    # trafilatura's precision mode without its fallback loses a twentieth of the article
    if mode != "precision" or fallback
}
TRAFILATURA: dict[str, dict[str, bool]] = {
    "trafilatura default": {},
    "trafilatura default, no comments": {"include_comments": False},
    "trafilatura favor_precision": {"favor_precision": True},
    "trafilatura favor_precision, no comments": {
        "favor_precision": True,
        "include_comments": False,
    },
}
Counts = tuple[float, float, float]


@dataclass
class Page:
    page_id: str
    site: str
    url: str
    html: str
    gold: str
    # per region: the region's blocks and, for each, the rules that would drop it
    blocks: dict[str, list[str]] = field(default_factory=dict)
    firing: dict[str, list[tuple[str, ...]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Choice:
    region: str
    rules: frozenset[str]


def load_pages() -> list[Page]:
    aeb = shared_dir() / "bench" / "aeb"
    gold = json.loads((aeb / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id, item in sorted(gold.items()):
        raw = gzip.decompress((aeb / "html" / f"{page_id}.html.gz").read_bytes())
        site = urlparse(item["url"]).netloc.lower().removeprefix("www.")
        html = raw.decode("utf-8", errors="replace")
        pages.append(Page(page_id, site, item["url"], html, item["articleBody"]))
    return pages


# The same regions without the body's continued chunks (see ``continued_region``), scored
# apart to show what that step is worth.
UNCONTINUED = " (not continued)"


def prepare(page: Page) -> None:
    """Each region's blocks and the rules firing on each: any choice is then a selection."""
    tree = parse_html(page.html)
    meta = read_metadata(tree, page.url)
    context = PageContext.of(meta, link_texts(tree))
    regions = REGIONS | {
        name + UNCONTINUED: replace(options, html_region_continuation=False)
        for name, options in REGIONS.items()
    }
    for name, options in regions.items():
        blocks = article_blocks(tree, page.url, options)
        page.blocks[name] = [block.text for block in blocks]
        page.firing[name] = firing_rules(blocks, context, options)


def text_of(page: Page, choice: Choice) -> str:
    blocks, firing = page.blocks[choice.region], page.firing[choice.region]
    return "\n\n".join(
        text for text, rules in zip(blocks, firing, strict=True) if choice.rules.isdisjoint(rules)
    )


class Scores:
    """The benchmark's per-page counts, remembered by text (choices often agree on a page)."""

    def __init__(self) -> None:
        self.scorer = load_scorer()
        self.memo: dict[tuple[str, str], Counts] = {}

    def counts(self, page: Page, text: str) -> Counts:
        key = (page.page_id, text)
        if key not in self.memo:
            self.memo[key] = self.scorer.page_counts(page.gold, text)
        return self.memo[key]

    def of(self, pages: Iterable[Page], text: Callable[[Page], str]) -> dict[str, float]:
        tp = fp = fn = 0.0
        for page in pages:
            a, b, c = self.counts(page, text(page))
            tp, fp, fn = tp + a, fp + b, fn + c
        precision, recall = tp / (tp + fp), tp / (tp + fn)
        f1 = 2 * precision * recall / (precision + recall)
        return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


class Table:
    """The benchmark's counts of every page under every choice (each region with each subset
    of the rules), so that a choice on any set of pages is a sum."""

    def __init__(self, pages: list[Page], scores: Scores, regions: Iterable[str] = REGIONS) -> None:
        regions = list(regions)
        self.choices = [
            Choice(region, frozenset(subset))
            for region in regions
            for size in range(len(RULES) + 1)
            for subset in itertools.combinations(RULES, size)
        ]
        rows = []
        for page in pages:
            # a choice's text on a page is fixed by which of the blocks some rule fires on
            # it drops, so each distinct drop is scored once
            fired = {
                region: [(i, set(rules)) for i, rules in enumerate(page.firing[region]) if rules]
                for region in regions
            }
            memo: dict[tuple[str, tuple[int, ...]], Counts] = {}
            row = []
            for choice in self.choices:
                key = (
                    choice.region,
                    tuple(i for i, rules in fired[choice.region] if rules & choice.rules),
                )
                if key not in memo:
                    memo[key] = scores.counts(page, text_of(page, choice))
                row.append(memo[key])
            rows.append(row)
        self.counts = np.array(rows).transpose(1, 0, 2)
        # per choice and page, the share of the gold body kept (1 for a page without one)
        found, missed = self.counts[:, :, 0], self.counts[:, :, 2]
        self.kept = np.where(found + missed > 0, found / np.maximum(found + missed, 1e-12), 1.0)

    def choose(self, pages: np.ndarray) -> Choice:
        """The choice with the best F1 on ``pages`` (a mask) among those that keep as much of
        the article there as the region keeping most does with no rule: the mean over pages
        of the share of each gold body kept, which dropping boilerplate leaves alone (the
        pooled recall falls when a page's boilerplate goes, its missed text then weighing
        more). A rule that drops article text somewhere is taken only if it gives as much
        back elsewhere (two paragraphs it stood between join up again)."""
        tp, fp, fn = self.counts[:, pages].sum(axis=1).T
        precision, recall = tp / (tp + fp), tp / (tp + fn)
        f1 = 2 * precision * recall / (precision + recall)
        kept = self.kept[:, pages].mean(axis=1)
        most = max(kept[i] for i, choice in enumerate(self.choices) if not choice.rules)
        feasible = kept >= most - 1e-12
        return self.choices[int(np.argmax(np.where(feasible, f1, -1.0)))]


def cross_validate(pages: list[Page], table: Table, shuffle: int) -> dict[str, Any]:
    """Each page's choice made on the other folds' sites (see :meth:`Table.choose`)."""
    folds = np.array(site_folds(pages, shuffle))
    choices = [table.choose(folds != k) for k in range(FOLDS)]
    return {
        "choices": [
            {"fold": k, "region": c.region, "rules": sorted(c.rules)} for k, c in enumerate(choices)
        ],
        "chosen": {page.page_id: choices[fold] for page, fold in zip(pages, folds, strict=True)},
        "folds": folds.tolist(),
    }


def rule_worth(pages: list[Page], scores: Scores, cv: dict) -> dict[str, dict[str, float]]:
    """Per rule: the CV F1 with the rule on against off in every fold's choice."""
    worth = {}
    for rule in RULES:
        on = {pid: Choice(c.region, c.rules | {rule}) for pid, c in cv["chosen"].items()}
        off = {pid: Choice(c.region, c.rules - {rule}) for pid, c in cv["chosen"].items()}
        with_rule = scores.of(pages, lambda page, on=on: text_of(page, on[page.page_id]))
        without = scores.of(pages, lambda page, off=off: text_of(page, off[page.page_id]))
        worth[rule] = {
            "cv_f1_with": with_rule["f1"],
            "cv_f1_without": without["f1"],
            "cv_f1_worth": round(with_rule["f1"] - without["f1"], 4),
            "cv_recall_worth": round(with_rule["recall"] - without["recall"], 4),
        }
    return worth


def removed_by_rule(pages: list[Page], choice: Choice) -> dict[str, dict[str, int]]:
    """Blocks and words each rule drops under ``choice`` (a block counted under the first rule
    that drops it, its recorded reason), and what each rule not chosen would drop alone."""
    counts = {rule: {"blocks": 0, "words": 0, "enabled": rule in choice.rules} for rule in RULES}
    for page in pages:
        blocks, firing = page.blocks[choice.region], page.firing[choice.region]
        for text, rules in zip(blocks, firing, strict=True):
            enabled = [rule for rule in rules if rule in choice.rules]
            dropped_by = enabled[:1] or [rule for rule in rules if rule not in choice.rules]
            for rule in dropped_by:
                counts[rule]["blocks"] += 1
                counts[rule]["words"] += len(WORD.findall(text))
    return counts


def speed(
    pages: list[Page], scores: Scores
) -> tuple[dict[str, dict[str, float]], dict[str, dict[str, str]]]:
    """extract_html as shipped and each trafilatura setting, page by page in turn: F1 of what
    they return (in-sample for extract_html) and pages per second; and the texts."""
    methods: dict[str, Callable[[str, str], str]] = {
        "extract_html": lambda html, url: "\n\n".join(b.text for b in extract_html(html, url).body)
    }
    for name, options in TRAFILATURA.items():
        methods[name] = lambda html, url, options=options: (
            trafilatura.extract(html, url=url, **options) or ""
        )
    texts: dict[str, dict[str, str]] = {name: {} for name in methods}
    seconds = dict.fromkeys(methods, 0.0)
    for page in pages:
        for name, method in methods.items():
            started = time.perf_counter()
            texts[name][page.page_id] = method(page.html, page.url)
            seconds[name] += time.perf_counter() - started
    rows = {
        name: {
            **scores.of(pages, lambda page, name=name: texts[name][page.page_id]),
            "pages_per_second": round(len(pages) / seconds[name], 1),
            "extract_html_speed_ratio": round(seconds[name] / seconds["extract_html"], 2),
        }
        for name in methods
    }
    return rows, texts


def main() -> None:
    pages = load_pages()
    for page in pages:
        prepare(page)
    scores = Scores()
    timed, texts = speed(pages, scores)
    table = Table(pages, scores)
    splits = {shuffle: cross_validate(pages, table, shuffle) for shuffle in SHUFFLES}
    uncontinued = cross_validate(
        pages, Table(pages, scores, (name + UNCONTINUED for name in REGIONS)), 0
    )
    standard = splits[0]
    held_out: dict[str, Callable[[Page], str]] = {
        "extract_html": lambda page: text_of(page, standard["chosen"][page.page_id])
    }
    for name in TRAFILATURA:
        held_out[name] = lambda page, name=name: texts[name][page.page_id]
    cv_rows = {name: scores.of(pages, text) for name, text in held_out.items()}
    fold_f1 = {
        name: [
            scores.of([p for p, f in zip(pages, standard["folds"], strict=True) if f == k], text)[
                "f1"
            ]
            for k in range(FOLDS)
        ]
        for name, text in held_out.items()
    }
    shuffled = {
        shuffle: scores.of(
            pages, lambda page, split=split: text_of(page, split["chosen"][page.page_id])
        )
        for shuffle, split in splits.items()
    }
    without_continuation = scores.of(
        pages, lambda page: text_of(page, uncontinued["chosen"][page.page_id])
    )
    mean_of_splits = {
        key: round(sum(row[key] for row in shuffled.values()) / len(shuffled), 4)
        for key in ("precision", "recall", "f1")
    }
    worth = rule_worth(pages, scores, standard)
    shipped = table.choose(np.ones(len(pages), dtype=bool))
    removed = removed_by_rule(pages, shipped)
    in_sample = scores.of(pages, lambda page: text_of(page, shipped))

    print(f"site-grouped {FOLDS}-fold CV, {len(pages)} pages, {len({p.site for p in pages})} sites")
    print(f"{'method':44} {'F1':>6} {'P':>6} {'R':>6} {'pages/s':>8} {'speed ratio':>11}")
    for name, row in cv_rows.items():
        rate = timed[name]
        print(
            f"{name:44} {row['f1']:6.4f} {row['precision']:6.4f} {row['recall']:6.4f} "
            f"{rate['pages_per_second']:8.1f} {rate['extract_html_speed_ratio']:11.2f}"
        )
    print(f"extract_html CV F1, mean of splits {SHUFFLES}: {mean_of_splits}")
    print(f"extract_html CV, the body's continued chunks left out: {without_continuation}")
    for name, row in fold_f1.items():
        print(f"  F1 per held-out fold, {name}: {row}")
    for choice in standard["choices"]:
        print(f"  fold {choice['fold']}: region {choice['region']}; rules {choice['rules']}")
    print(
        f"{'rule':25} {'kept':>5} {'blocks':>7} {'words':>7} "
        f"{'CV F1 with':>11} {'without':>8} {'worth':>7}"
    )
    for rule, row in worth.items():
        count = removed[rule]
        print(
            f"{rule:25} {'yes' if count['enabled'] else 'no':>5} {count['blocks']:7d} "
            f"{count['words']:7d} {row['cv_f1_with']:11.4f} {row['cv_f1_without']:8.4f} "
            f"{row['cv_f1_worth']:+7.4f}"
        )
    print(
        f"chosen on all pages (the shipped defaults): region {shipped.region}; "
        f"rules {sorted(shipped.rules)}"
    )
    print(
        f"IN-SAMPLE (chosen on these pages): {in_sample}; "
        f"extract_html as shipped: {timed['extract_html']}"
    )
    results = {
        "site_cv": cv_rows,
        "site_cv_extract_html_mean_of_3_splits": mean_of_splits,
        "site_cv_per_fold_f1": fold_f1,
        "site_cv_fold_choices": standard["choices"],
        "site_cv_shuffled": {str(shuffle): row for shuffle, row in shuffled.items() if shuffle},
        "site_cv_extract_html_not_continued": without_continuation,
        "rules": {rule: {**removed[rule], **worth[rule]} for rule in RULES},
        "shipped_choice": {"region": shipped.region, "rules": sorted(shipped.rules)},
        "in_sample_shipped_choice": in_sample,
        "in_sample_speed_run": timed,
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")


if __name__ == "__main__":
    main()
