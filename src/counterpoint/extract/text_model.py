"""The learned line classifier: two small neural scorers stacked over line features.

Stage one scores each line from its own shape and neighbourhood. Stage two re-scores it
knowing how its neighbours scored and where the bulk of likely article text lies, which is
what separates a teaser headline after the article from a section heading inside it. Weights
are trained by ``bench/train_dump_lines.py`` on the public extraction benchmark and shipped as
``counterpoint/data/dump_line_model.json``.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from counterpoint.extract.text_lines import Line, line_features

MODEL_FILE = "dump_line_model.json"
SCORE_WINDOWS = [1, 3, 10]


@dataclass(slots=True)
class Scorer:
    """A one-hidden-layer network: standardise, tanh layer, logistic output."""

    mean: np.ndarray
    scale: np.ndarray
    hidden_weights: np.ndarray
    hidden_bias: np.ndarray
    output_weights: np.ndarray
    output_bias: float

    def predict(self, rows: np.ndarray) -> np.ndarray:
        hidden = np.tanh(((rows - self.mean) / self.scale) @ self.hidden_weights + self.hidden_bias)
        logits = hidden @ self.output_weights + self.output_bias
        result: np.ndarray = 1.0 / (1.0 + np.exp(-np.clip(logits, -30.0, 30.0)))
        return result

    def to_dict(self) -> dict[str, Any]:
        return {
            "mean": self.mean.tolist(),
            "scale": self.scale.tolist(),
            "hidden_weights": self.hidden_weights.tolist(),
            "hidden_bias": self.hidden_bias.tolist(),
            "output_weights": self.output_weights.tolist(),
            "output_bias": self.output_bias,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Scorer:
        return cls(
            mean=np.asarray(data["mean"], dtype=float),
            scale=np.asarray(data["scale"], dtype=float),
            hidden_weights=np.asarray(data["hidden_weights"], dtype=float),
            hidden_bias=np.asarray(data["hidden_bias"], dtype=float),
            output_weights=np.asarray(data["output_weights"], dtype=float),
            output_bias=float(data["output_bias"]),
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
    text = resources.files("counterpoint.data").joinpath(MODEL_FILE).read_text("utf-8")
    return LineModel.from_dict(json.loads(text))


def first_stage_rows(lines: list[Line]) -> np.ndarray:
    return np.asarray(line_features(lines), dtype=float).reshape(len(lines), -1)


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
