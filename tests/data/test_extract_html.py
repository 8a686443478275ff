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
    """Every 4th benchmark page, in sample (the shipped choice was made on all pages; the
    cross-validated figures are in test_extract_html_cv): shingle F1 of our body against
    trafilatura's default, whose recall the choice keeps, and its favor_precision setting.
    Measured on 3 December 2026: ours 0.9761 (R 0.9825), default 0.9709 (R 0.9826),
    favor_precision without comments 0.9769 (R 0.9799)."""
    aeb = shared_dir() / "bench" / "aeb"
    if not aeb.exists():
        pytest.skip("shared benchmark not available")
    scorer = _scorer()
    gold = json.loads((aeb / "ground-truth.json").read_text(encoding="utf-8"))
    names = ("ours", "default", "favor_precision")
    sums = {name: [0.0, 0.0, 0.0] for name in names}
    for path in sorted((aeb / "html").glob("*.html.gz"))[::4]:
        page_id = path.name.removesuffix(".html.gz")
        html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
        url = gold[page_id]["url"]
        predictions = {
            "ours": body_text(html, url),
            "default": trafilatura.extract(html, url=url) or "",
            "favor_precision": trafilatura.extract(
                html, url=url, favor_precision=True, include_comments=False
            )
            or "",
        }
        for name, text in predictions.items():
            counts = scorer.page_counts(gold[page_id]["articleBody"], text)
            sums[name] = [total + count for total, count in zip(sums[name], counts, strict=True)]
    f1, recall = {}, {}
    for name, (tp, fp, fn) in sums.items():
        precision, recall[name] = tp / (tp + fp), tp / (tp + fn)
        f1[name] = 2 * precision * recall[name] / (precision + recall[name])
        print(f"{name}: F1 {f1[name]:.4f} P {precision:.4f} R {recall[name]:.4f}")
    assert f1["ours"] >= 0.97
    assert f1["ours"] >= f1["default"] + 0.004
    # the recall the choice keeps is the default's (to a few words on 46 pages)
    assert recall["ours"] >= recall["default"] - 0.001
    assert f1["ours"] >= f1["favor_precision"] - 0.002
