"""Statement contradictions on the five seed pages against the gold C3-C6.

The same pipeline run as :mod:`tests.data.test_seed_conflicts` (003 undated). C3 and C4 ("the
US never tried to secure a ceasefire" against the US pressing for a truce, pursuing a deal) are
statements a rule sees; C5 (whom the US blamed, summarised in other words) and C6 (two
officials' aims with different objects, low confidence in the gold) need a model. Every
statement conflict flagged must touch a gold pair of C3-C6: none may be false.
"""

from __future__ import annotations

from .test_seed_conflicts import _gold, _run, _touches

STATEMENT_TYPES = {"factual_claim", "reported_position", "quote_vs_quote"}
STATEMENT_KINDS = {"conflict", "attributed_disagreement"}


def test_seed_statement_contradictions() -> None:
    articles, conflicts, file_of = _run(date_003=False)
    gold = [g for g in _gold()["conflicts"] if g["type"] in STATEMENT_TYPES]
    flagged = [c for c in conflicts if c.kind in STATEMENT_KINDS and c.a.value is None]
    for conflict in flagged:
        print(f"{conflict.kind}: {conflict.explanation}")

    def touched(g: dict) -> bool:
        return any(_touches(c, g["a"], g["b"], articles, file_of) for c in flagged)

    found = {g["id"] for g in gold if touched(g)}
    false = [
        c for c in flagged if not any(_touches(c, g["a"], g["b"], articles, file_of) for g in gold)
    ]
    print(f"found {sorted(found)} of {[g['id'] for g in gold]}; false flags {len(false)}")
    assert {"C3", "C4"} <= found
    assert not false
