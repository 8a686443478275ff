"""The real pipeline on the invented sample corpus against its planted facts.

``examples/planted_facts.json`` lists, for each planted fact, the sentences that carry it; a
flagged conflict belongs to a fact when both its sides lie in sentences of that fact.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import counterpoint
from counterpoint.model import Article, Conflict, Corpus

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    result = counterpoint.analyze([EXAMPLES / "corpus"])
    assert not result.problems, result.problems
    return result


@pytest.fixture(scope="module")
def facts() -> dict[str, dict]:
    data = json.loads((EXAMPLES / "planted_facts.json").read_text(encoding="utf-8"))
    return {fact["id"]: fact for fact in data["facts"]}


def _sentence_of(corpus: Corpus, article_id: str, offset: int) -> tuple[str, str]:
    """(file name, sentence text) of an offset in an article."""
    article: Article = next(a for a in corpus.articles if a.id == article_id)
    sentence = article.sentence_at(offset)
    text = article.text[sentence.start : sentence.end] if sentence else ""
    return Path(article.source).name, " ".join(text.split())


def _side_in(corpus: Corpus, side, fact: dict) -> bool:
    name, sentence = _sentence_of(corpus, side.article_id, side.start)
    # The segmenter may split a planted sentence (a dateline) or join it with a neighbour.
    return any(
        Path(m["file"]).name == name
        and sentence
        and (planted := " ".join(m["sentence"].split()))
        and (planted in sentence or sentence in planted)
        for m in fact["mentions"]
    )


def _fact_of(corpus: Corpus, conflict: Conflict, facts: dict[str, dict]) -> str | None:
    for fact_id, fact in facts.items():
        if _side_in(corpus, conflict.a, fact) and _side_in(corpus, conflict.b, fact):
            return fact_id
    return None


def _touching(corpus: Corpus, fact: dict) -> list[Conflict]:
    return [
        c for c in corpus.conflicts if _side_in(corpus, c.a, fact) or _side_in(corpus, c.b, fact)
    ]


def test_planted_vote_delay_conflict_found(corpus: Corpus, facts: dict[str, dict]) -> None:
    found = [
        c
        for c in corpus.conflicts
        if c.kind == "conflict" and _fact_of(corpus, c, facts) == "vote-delay-count"
    ]
    print("vote-delay conflicts:", [c.explanation for c in found])
    assert found
    assert any({c.a.value, c.b.value} == {3.0, 5.0} for c in found)


def test_death_toll_is_never_a_conflict(corpus: Corpus, facts: dict[str, dict]) -> None:
    touching = _touching(corpus, facts["fire-death-toll"])
    for conflict in touching:
        print(f"fire-death-toll: {conflict.kind}: {conflict.explanation}")
    assert all(c.kind != "conflict" for c in touching)
    both_sides = [c for c in touching if _fact_of(corpus, c, facts) == "fire-death-toll"]
    assert all(c.kind in {"change_over_time", "possible_conflict"} for c in both_sides)
    assert any(c.kind == "change_over_time" for c in both_sides)


def test_scope_and_agreement_facts_are_not_conflicts(
    corpus: Corpus, facts: dict[str, dict]
) -> None:
    for fact in facts.values():
        if fact["relation"] in {"different_scope", "agreement"}:
            kinds = [c.kind for c in _touching(corpus, fact)]
            assert "conflict" not in kinds, (fact["id"], kinds)


def test_conflict_precision(corpus: Corpus, facts: dict[str, dict]) -> None:
    planted = {fact_id for fact_id, fact in facts.items() if fact["relation"] == "conflict"}
    flagged = [c for c in corpus.conflicts if c.kind == "conflict"]
    correct = [c for c in flagged if _fact_of(corpus, c, facts) in planted]
    possible = [c for c in corpus.conflicts if c.kind == "possible_conflict"]
    precision = len(correct) / len(flagged) if flagged else 0.0
    recalled = {_fact_of(corpus, c, facts) for c in correct}
    for conflict in corpus.conflicts:
        print(f"{conflict.kind}: {conflict.explanation}")
    print(
        f"sample corpus: conflict precision {precision:.2f} ({len(correct)}/{len(flagged)}), "
        f"planted conflicts recalled {len(recalled)}/{len(planted)}, "
        f"possible_conflict {len(possible)}"
    )
    assert flagged
    assert precision >= 0.9
