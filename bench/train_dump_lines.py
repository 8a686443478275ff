"""Train the plain-text dump line classifier on the public extraction benchmark.

Each dump line is labelled by matching it against the page's gold article body (its word
4-grams, or the whole line for short lines such as headings), then the two stacked scorers of
``counterpoint.extract.text_model`` are fitted. ``--cv`` reports the site-grouped
cross-validated F1 (each page scored by a model that never saw its site); without it the model
is trained on every page and written to ``src/counterpoint/data/dump_line_model.json``.

    .venv/bin/python bench/train_dump_lines.py [--cv]

Training needs scikit-learn (pinned 1.7.2, ``HistGradientBoostingClassifier``); the shipped
trees are scored with numpy alone, so the package does not depend on it at run time.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import random
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import ModuleType
from urllib.parse import urlparse

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier

from counterpoint.extract.text_lines import Line, split_lines
from counterpoint.extract.text_model import (
    LineModel,
    Scorer,
    first_stage_rows,
    second_stage_rows,
)
from evaluation.seeds import shared_dir

REPO = Path(__file__).resolve().parents[1]
MODEL_PATH = REPO / "src" / "counterpoint" / "data" / "dump_line_model.json"
WORD = re.compile(r"\w+")
FOLDS = 5
SEED = 7
# Chosen by the site-grouped CV F1 (0.2, 0.25, 0.3, 0.4 tried): recall matters more than a
# few stray lines, as the structure around the scores drops most of those.
THRESHOLD = 0.3
PAGE_WEIGHT = 100.0
BOOSTING = {"max_iter": 150, "learning_rate": 0.1, "max_depth": 6, "min_samples_leaf": 40}


@dataclass
class Page:
    page_id: str
    site: str
    raw: str
    gold: str

    @cached_property
    def training_rows(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Stage-one features, labels and weights of the page's lines."""
        lines = split_lines(self.raw)
        return first_stage_rows(lines), label_lines(lines, self.gold), line_weights(lines)


def bench_dir() -> Path:
    return shared_dir() / "bench" / "aeb"


def load_scorer() -> ModuleType:
    """The benchmark's own score.py, imported by path."""
    spec = importlib.util.spec_from_file_location("aeb_score", bench_dir() / "score.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_pages() -> list[Page]:
    truth = json.loads((bench_dir() / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id, item in sorted(truth.items()):
        raw = gzip.decompress((bench_dir() / "dumps" / f"{page_id}.txt.gz").read_bytes())
        site = urlparse(item["url"]).netloc.lower().removeprefix("www.")
        pages.append(Page(page_id, site, raw.decode("utf-8"), item["articleBody"]))
    return pages


def label_lines(lines: list[Line], gold: str) -> np.ndarray:
    """1 for a line whose words are in the gold body: most of its 4-grams, or a whole gold
    paragraph for lines too short to have 4-grams."""
    words = WORD.findall(gold)
    shingles = {tuple(words[i : i + 4]) for i in range(len(words) - 3)}
    paragraphs = {" ".join(WORD.findall(p)) for p in gold.split("\n") if p.strip()}
    labels = np.zeros(len(lines))
    for i, line in enumerate(lines):
        tokens = WORD.findall(line.text)
        if len(tokens) >= 4:
            grams = [tuple(tokens[j : j + 4]) for j in range(len(tokens) - 3)]
            labels[i] = sum(g in shingles for g in grams) / len(grams) >= 0.5
        elif tokens:
            labels[i] = " ".join(tokens) in paragraphs
    return labels


def line_weights(lines: list[Line]) -> np.ndarray:
    """Longer lines weigh more, as they carry more of the scored shingles; each page weighs
    the same in total, as the benchmark averages F1 over pages rather than over words."""
    weights = np.sqrt(np.array([1 + len(WORD.findall(line.text)) for line in lines], dtype=float))
    return weights / weights.sum() * PAGE_WEIGHT if weights.size else weights


def fit_scorer(rows: np.ndarray, labels: np.ndarray, weights: np.ndarray) -> Scorer:
    """Gradient-boosted trees on weighted log loss, flattened into the shipped arrays."""
    model = HistGradientBoostingClassifier(**BOOSTING, random_state=SEED)
    model.fit(rows, labels, sample_weight=weights)
    trees = [predictors[0].nodes for predictors in model._predictors]
    width = max(len(nodes) for nodes in trees)
    shape = (len(trees), width)
    feature, left, right = (np.zeros(shape, dtype=np.intp) for _ in range(3))
    threshold, value = np.zeros(shape), np.zeros(shape)
    for t, nodes in enumerate(trees):
        own = np.arange(len(nodes))
        leaf = nodes["is_leaf"].astype(bool)
        feature[t, : len(nodes)] = np.where(leaf, 0, nodes["feature_idx"])
        threshold[t, : len(nodes)] = np.where(leaf, 0.0, nodes["num_threshold"])
        left[t, : len(nodes)] = np.where(leaf, own, nodes["left"])
        right[t, : len(nodes)] = np.where(leaf, own, nodes["right"])
        value[t, : len(nodes)] = np.where(leaf, nodes["value"], 0.0)
    depth = int(max(nodes["depth"].max() for nodes in trees))
    baseline = float(np.ravel(model._baseline_prediction)[0])
    return Scorer(feature, threshold, left, right, value, depth, baseline)


def train(pages: list[Page]) -> LineModel:
    prepared = [page.training_rows for page in pages if page.training_rows[1].size]
    firsts = [rows for rows, _, _ in prepared]
    labels = [y for _, y, _ in prepared]
    weights = [w for _, _, w in prepared]
    y, w = np.concatenate(labels), np.concatenate(weights)
    first = fit_scorer(np.vstack(firsts), y, w)
    # Stage two learns from stage-one scores as they look on unseen pages: out-of-fold.
    stacked = [np.zeros(0)] * len(firsts)
    order = np.arange(len(firsts))
    for fold in range(FOLDS):
        held = order[order % FOLDS == fold]
        kept = order[order % FOLDS != fold]
        scorer = fit_scorer(
            np.vstack([firsts[i] for i in kept]),
            np.concatenate([labels[i] for i in kept]),
            np.concatenate([weights[i] for i in kept]),
        )
        for i in held:
            stacked[i] = second_stage_rows(firsts[i], scorer.predict(firsts[i]))
    second = fit_scorer(np.vstack(stacked), y, w)
    return LineModel(first, second, THRESHOLD)


def site_folds(pages: list[Page], shuffle: int = 0) -> list[int]:
    """Fold of each page, with every page of a site in the same fold: sites dealt in sorted
    order, or shuffled by a seed (other assignments show how much the split alone moves F1)."""
    sites = sorted({page.site for page in pages})
    if shuffle:
        random.Random(shuffle).shuffle(sites)
    fold_of_site = {site: i % FOLDS for i, site in enumerate(sites)}
    return [fold_of_site[page.site] for page in pages]


def cross_validated_predictions(
    pages: list[Page],
    predict: Callable[[str, LineModel], str],
    shuffle: int = 0,
    rewrite: Callable[[str], str] | None = None,
) -> dict[str, str]:
    """Each page's predicted text from a model trained without the page's site; ``rewrite``
    changes the text the model is run on (not the one it is trained on)."""
    return cross_validated_variants(pages, predict, shuffle, {"": rewrite or str})[""]


def cross_validated_variants(
    pages: list[Page],
    predict: Callable[[str, LineModel], str],
    shuffle: int,
    rewrites: dict[str, Callable[[str], str]],
) -> dict[str, dict[str, str]]:
    """Site-grouped CV predictions for each way of rewriting the pages, one training per fold."""
    folds = site_folds(pages, shuffle)
    predictions: dict[str, dict[str, str]] = {name: {} for name in rewrites}
    for fold in range(FOLDS):
        model = train([p for p, f in zip(pages, folds, strict=True) if f != fold])
        for page, page_fold in zip(pages, folds, strict=True):
            if page_fold == fold:
                for name, rewrite in rewrites.items():
                    predictions[name][page.page_id] = predict(rewrite(page.raw), model)
    return predictions


def body_text(raw: str, model: LineModel) -> str:
    """The article text the cleaner keeps: what the benchmark scores."""
    from counterpoint.extract.text import extract_dump

    extraction = extract_dump(raw, model=model)
    return "\n\n".join(block.text for block in extraction.body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cv", action="store_true", help="report site-grouped CV F1 only")
    args = parser.parse_args()
    pages = load_pages()
    if args.cv:
        predictions = cross_validated_predictions(pages, body_text)
        print(json.dumps(load_scorer().score(predictions)))
        return
    model = train(pages)
    MODEL_PATH.write_text(json.dumps(model.to_dict()), encoding="utf-8")
    print(f"wrote {MODEL_PATH} ({MODEL_PATH.stat().st_size} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
