"""Per-article steps: named, counted, run in order; a step that loses a document is an error."""

from __future__ import annotations

import hashlib
import os
import signal
from importlib.metadata import EntryPoint
from typing import ClassVar

import numpy as np
import pytest

from counterpoint import registry
from counterpoint.model import Problem, RawDocument
from counterpoint.run.steps import Analysed, Step, StepStats, count, run_steps
from counterpoint.settings import Settings

CRASH_MARKER = "CRASH-THE-ENCODER"


class HashEmbedder:
    """Unit vectors from a hash of the text; a native crash on the marker; keeps the texts it
    encoded in this process."""

    name = "test-hash-v1"
    seen: ClassVar[list[str]] = []

    def encode(self, texts: list[str]) -> np.ndarray:
        if any(CRASH_MARKER in text for text in texts):
            os.kill(os.getpid(), signal.SIGSEGV)
        HashEmbedder.seen.extend(texts)
        rows = [np.frombuffer(hashlib.sha256(t.encode()).digest(), dtype=np.uint8) for t in texts]
        vectors = np.asarray(rows, dtype=np.float32) + 1.0
        return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


class OtherHashEmbedder(HashEmbedder):
    name = "test-hash-v2"


class WideHashEmbedder(HashEmbedder):
    """Twice as many dimensions: another embedding space."""

    name = "test-wide-hash-v1"

    def encode(self, texts: list[str]) -> np.ndarray:
        return np.hstack([super().encode(texts), super().encode([t[::-1] for t in texts])])


registry.embedders.register("test-hash", HashEmbedder)
registry.embedders.register("test-wide-hash", WideHashEmbedder)
registry.embedders.register("test-hash-2", OtherHashEmbedder)


def _raw(name: str) -> RawDocument:
    return RawDocument(name, "", f"text of {name}", "text/plain", name)


def _keep(items: list[Analysed]) -> list[Analysed | Problem]:
    return [Analysed(raw=item.raw) for item in items]


def _drop_b(items: list[Analysed]) -> list[Analysed | Problem]:
    return [
        Problem(item.raw.source, "drop", "no b", "")
        if item.raw and item.raw.source == "b"
        else item
        for item in items
    ]


def test_steps_run_in_order_and_a_dropped_document_skips_the_rest() -> None:
    seen: list[str] = []

    def record(items: list[Analysed]) -> list[Analysed | Problem]:
        seen.extend(item.raw.source for item in items if item.raw)
        return list(items)

    steps = [Step("keep", _keep), Step("drop", _drop_b), Step("record", record)]
    results = run_steps([_raw("a"), _raw("b"), _raw("c")], steps)
    assert [type(r).__name__ for r in results] == ["Analysed", "Problem", "Analysed"]
    assert seen == ["a", "c"]
    stats: dict[str, StepStats] = {}
    for result in results:
        count(stats, steps, result)
    assert [(s.name, s.kept, dict(s.dropped)) for s in stats.values()] == [
        ("keep", 3, {}),
        ("drop", 2, {"error": 1}),
        ("record", 2, {}),
    ]


def _lossy(items: list[Analysed]) -> list[Analysed | Problem]:
    return [items[0]]


def test_a_step_that_loses_a_document_is_an_error() -> None:
    with pytest.raises(RuntimeError, match="step 'lossy' returned 1 results for 2"):
        run_steps([_raw("a"), _raw("b")], [Step("lossy", _lossy)])


def test_a_package_adds_a_model_through_its_entry_point(monkeypatch: pytest.MonkeyPatch) -> None:
    plugged = EntryPoint("plugged", f"{__name__}:OtherHashEmbedder", registry.embedders.group)

    def points(group: str, name: str | None = None) -> list[EntryPoint]:
        found = [plugged] if group == plugged.group else []
        return [p for p in found if name in (None, p.name)]

    monkeypatch.setattr(registry, "entry_points", points)
    assert "plugged" in registry.embedders.names()
    assert Settings(embedder="plugged").embedder == "plugged"
    assert isinstance(registry.embedders.make("plugged"), OtherHashEmbedder)
