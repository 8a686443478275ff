"""The whole pipeline on examples/coverage: invented multi-outlet coverage of an election
runoff, a strike day, a cup final and a bridge collapse, written with the traps real
coverage sets (counting stages, two counters, first round beside runoff, earlier days,
city beside national figures, contrasts, parts of a group, running tolls).

One contradiction is planted: two outlets give the winner's provisional runoff share as
52.1% and 55.1%. It must be the only ``conflict``; the union's and the ministry's crowd
counts are an attributed disagreement or nothing, never a conflict.
"""

from __future__ import annotations

from pathlib import Path

import counterpoint

COVERAGE = Path(__file__).resolve().parents[2] / "examples" / "coverage" / "coverage.jsonl"


def test_only_the_planted_contradiction_is_a_conflict(tmp_path: Path) -> None:
    corpus = counterpoint.analyze([COVERAGE], db=str(tmp_path / "coverage.db"))
    conflicts = [c for c in corpus.conflicts if c.kind in {"conflict", "correction"}]
    assert [sorted([c.a.value or 0, c.b.value or 0]) for c in conflicts] == [[52.1, 55.1]]
    (conflict,) = conflicts
    assert {conflict.a.outlet, conflict.b.outlet} == {
        "northline-daily.example",
        "capital-ledger.example",
    }
    for side in (conflict.a, conflict.b):
        article = corpus.article(side.article_id)
        assert side.sentence_start is not None and side.sentence_end is not None
        assert side.surface in article.text[side.sentence_start : side.sentence_end]
    claim = next(c for c in corpus.claims if c.id == conflict.claim_id)
    assert claim.key == "election (runoff) of 12 May 2024: share of vote, in percent (Arno Kessel)"
    assert not [c for c in corpus.conflicts if c.kind == "possible_conflict"]
