"""extract_html on a benchmark sample, scored with the benchmark's own scorer against
trafilatura (run with -s to see the scores)."""

from __future__ import annotations

import gzip
import importlib.util
import json
from types import ModuleType

import pytest
import trafilatura

from evaluation.seeds import shared_dir

from ..unit.test_extract_html import body_text

# --- benchmark sample ---------------------------------------------------------------------


def _scorer() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "aeb_score", shared_dir() / "bench" / "aeb" / "score.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_benchmark_sample_beats_trafilatura() -> None:
    """Every 4th benchmark page: shingle F1 of our body against trafilatura's best setting."""
    aeb = shared_dir() / "bench" / "aeb"
    if not aeb.exists():
        pytest.skip("shared benchmark not available")
    scorer = _scorer()
    gold = json.loads((aeb / "ground-truth.json").read_text(encoding="utf-8"))
    sums = {"ours": [0.0, 0.0, 0.0], "trafilatura": [0.0, 0.0, 0.0]}
    for path in sorted((aeb / "html").glob("*.html.gz"))[::4]:
        page_id = path.name.removesuffix(".html.gz")
        html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        url = gold[page_id]["url"]
        predictions = {
            "ours": body_text(html, url),
            "trafilatura": trafilatura.extract(
                html, url=url, favor_precision=True, include_comments=False
            )
            or "",
        }
        for name, text in predictions.items():
            counts = scorer.page_counts(gold[page_id]["articleBody"], text)
            sums[name] = [total + count for total, count in zip(sums[name], counts, strict=True)]
    f1 = {}
    for name, (tp, fp, fn) in sums.items():
        precision, recall = tp / (tp + fp), tp / (tp + fn)
        f1[name] = 2 * precision * recall / (precision + recall)
        print(f"{name}: F1 {f1[name]:.4f} P {precision:.4f} R {recall:.4f}")
    assert f1["ours"] >= 0.965
    assert f1["ours"] >= f1["trafilatura"]
