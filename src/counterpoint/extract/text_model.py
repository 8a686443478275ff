"""The learned line classifier: two boosted-tree scorers stacked over line features.

Stage one scores each line from its own shape and neighbourhood. Stage two re-scores it
knowing how its neighbours scored and where the bulk of likely article text lies, which is
what separates a teaser headline after the article from a section heading inside it. Weights
are trained by ``bench/train_dump_lines.py`` on the public extraction benchmark and shipped as
``counterpoint/data/dump_line_model.json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from counterpoint.extract.text_lines import Line, line_features
from counterpoint.lexicon import table

MODEL_NAME = "dump_line_model"
SCORE_WINDOWS = [1, 3, 10]
PREDICT_BLOCK_ROWS = 1024


@dataclass(slots=True)
class Scorer:
    """Boosted regression trees over line features, summed into a logistic score.

    Trees are fitted in training by scikit-learn's ``HistGradientBoostingClassifier`` and
    shipped flattened into arrays (one row per tree, one column per node), so scoring needs
    only numpy: every line walks all trees at once, a node sending it left when its feature is
    at most the node's threshold; a leaf points to itself, so ``depth`` steps reach every leaf.
    """

    feature: np.ndarray
    threshold: np.ndarray
    left: np.ndarray
    right: np.ndarray
    value: np.ndarray
    depth: int
    baseline: float

    def predict(self, rows: np.ndarray) -> np.ndarray:
        # In blocks of rows: the gathers below make trees x rows arrays, which for a long text
        # outgrow the caches (time grew faster than the line count) and take memory in proportion.
        if len(rows) > PREDICT_BLOCK_ROWS:
            blocks = range(0, len(rows), PREDICT_BLOCK_ROWS)
            return np.concatenate([self.predict(rows[i : i + PREDICT_BLOCK_ROWS]) for i in blocks])
        # Nodes are numbered across all trees so each step is one flat gather per array.
        count, columns = rows.shape
        trees, width = self.feature.shape
        offsets = np.arange(trees) * width
        feature, threshold = self.feature.ravel(), self.threshold.ravel()
        left, right = (
            (self.left + offsets[:, None]).ravel(),
            (self.right + offsets[:, None]).ravel(),
        )
        values = np.ascontiguousarray(rows, dtype=float).ravel()
        row_starts = np.tile(np.arange(count) * columns, trees)
        node = np.repeat(offsets, count)
        for _ in range(self.depth):
            go_left = values[row_starts + feature[node]] <= threshold[node]
            node = np.where(go_left, left[node], right[node])
        logits = self.value.ravel()[node].reshape(trees, count).sum(axis=0) + self.baseline
        result: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(logits, -30.0, 30.0)))
        return result

    def to_dict(self) -> dict[str, Any]:
        return {
            "feature": self.feature.tolist(),
            "threshold": [[float(f"{t:.9g}") for t in tree] for tree in self.threshold],
            "left": self.left.tolist(),
            "right": self.right.tolist(),
            "value": [[float(f"{v:.6g}") for v in tree] for tree in self.value],
            "depth": self.depth,
            "baseline": self.baseline,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scorer:
        return cls(
            feature=np.asarray(data["feature"], dtype=np.intp),
            threshold=np.asarray(data["threshold"], dtype=float),
            left=np.asarray(data["left"], dtype=np.intp),
            right=np.asarray(data["right"], dtype=np.intp),
            value=np.asarray(data["value"], dtype=float),
            depth=int(data["depth"]),
            baseline=float(data["baseline"]),
        )


@dataclass(slots=True)
class LineModel:
    first: Scorer
    second: Scorer
    threshold: float = 0.5

    def to_dict(self) -> dict[str, Any]:
        return {
            "first": self.first.to_dict(),
            "second": self.second.to_dict(),
            "threshold": self.threshold,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LineModel:
        return cls(
            Scorer.from_dict(data["first"]),
            Scorer.from_dict(data["second"]),
            float(data["threshold"]),
        )


@cache
def shipped_model() -> LineModel:
    return LineModel.from_dict(table(MODEL_NAME))


def first_stage_rows(lines: list[Line]) -> np.ndarray:
    return line_features(lines)


def second_stage_rows(first_rows: np.ndarray, scores: np.ndarray) -> np.ndarray:
    """Stage-one scores of the neighbours and the share of likely text before and after."""
    count = len(scores)
    prefix = np.concatenate([[0.0], np.cumsum(scores)])
    index = np.arange(count)
    columns = [scores]
    for window in SCORE_WINDOWS:
        low = np.maximum(index - window, 0)
        high = np.minimum(index + 1 + window, count)
        before = index - low
        after = high - index - 1
        columns.append(
            np.where(before > 0, (prefix[index] - prefix[low]) / np.maximum(before, 1), -1)
        )
        columns.append(
            np.where(after > 0, (prefix[high] - prefix[index + 1]) / np.maximum(after, 1), -1)
        )
    # Where the line sits in the mass of likely text (word-weighted): 0 before it all, 1 after.
    mass = scores * np.expm1(first_rows[:, 0]) if count else scores
    mass_prefix = np.cumsum(mass)
    total = mass_prefix[-1] if count and mass_prefix[-1] > 0 else 1.0
    share_before = (mass_prefix - mass) / total
    columns.append(share_before)
    columns.append(np.minimum(share_before, 1.0 - mass_prefix / total))
    # How sure the page's best lines are: on an odd page every score is low, and the article
    # is then the lines scoring near the page's best rather than above a fixed level.
    if count:
        best = scores.max()
        columns.append(np.full(count, best))
        columns.append(scores / max(best, 1e-6))
        columns.append(np.full(count, np.quantile(scores, 0.9)))
    return np.column_stack([first_rows, *columns]) if count else np.zeros((0, 1))


def score_lines(lines: list[Line], model: LineModel | None = None) -> list[float]:
    """Probability that each line is article text (title, headings and paragraphs)."""
    if not lines:
        return []
    model = model or shipped_model()
    rows = first_stage_rows(lines)
    first = model.first.predict(rows)
    second = model.second.predict(second_stage_rows(rows, first))
    return [float(p) for p in second]
