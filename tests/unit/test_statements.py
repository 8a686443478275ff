"""Statement contradictions between articles: blocking, kinds, offsets, explanations."""

from __future__ import annotations

from datetime import datetime

from counterpoint.compare.contradiction import RuleContradiction
from counterpoint.compare.statements import find_contradictions
from counterpoint.model import Article, Entity, Quote, Sentence, TimeExpression

JUDGE = RuleContradiction()


def _article(
    aid: str,
    outlet: str,
    text: str,
    actors: dict[str, str],
    quotes: list[tuple[str, str]] = (),  # type: ignore[assignment]
    times: list[tuple[str, str]] = (),  # type: ignore[assignment]
) -> Article:
    """``text`` split on ". "; ``actors``: surface -> entity id; ``quotes``: (content, speaker)."""
    sentences, start = [], 0
    for part in text.split(". "):
        end = start + len(part) + (1 if start + len(part) < len(text) else 0)
        sentences.append(Sentence(start=start, end=min(end, len(text))))
        start = end + 1
    entities = [
        Entity(
            start=text.index(surface),
            end=text.index(surface) + len(surface),
            label=("PERSON" if eid.startswith("p") else "ORG"),
            canonical=surface,
            entity_id=eid,
        )
        for surface, eid in actors.items()
    ]
    return Article(
        id=aid,
        source=f"{aid}.txt",
        text=text,
        outlet=outlet,
        published=datetime(2025, 3, 4),
        sentences=sentences,
        entities=entities,
        quotes=[
            Quote(start=text.index(c), end=text.index(c) + len(c), type="direct", speaker=s)
            for c, s in quotes
        ],
        times=[
            TimeExpression(start=text.index(t), end=text.index(t) + len(t), value=v)
            for t, v in times
        ],
    )


def test_skipped_against_attended_is_a_conflict_with_both_predicates() -> None:
    a = _article(
        "a",
        "Harbour Daily",
        "Storm warnings closed the port. Dara Vell attended the budget talks in Korvo on Tuesday.",
        {"Dara Vell": "p-vell", "Korvo": "g-korvo"},
    )
    b = _article(
        "b",
        "Coast Post",
        "Vell skipped the budget talks in Korvo. Her aides gave no reason.",
        {"Vell": "p-vell", "Korvo": "g-korvo"},
    )
    (conflict,) = find_contradictions("story", [a, b], JUDGE)
    assert conflict.kind == "conflict"
    surfaces = {conflict.a.surface, conflict.b.surface}
    assert surfaces == {"attended", "skipped"}
    for side, article in ((conflict.a, a), (conflict.b, b)):
        assert side.article_id == article.id
        assert article.text[side.start : side.end] == side.surface
        assert side.sentence_start is not None and side.sentence_end is not None
        assert side.sentence_start <= side.start < side.end <= side.sentence_end
    assert "Harbour Daily" in conflict.explanation and "Coast Post" in conflict.explanation
    assert "budget talks" in conflict.explanation


def test_no_common_actor_or_same_outlet_is_never_a_candidate() -> None:
    a = _article(
        "a", "Harbour Daily", "Vell attended the budget talks in Korvo.", {"Vell": "p-vell"}
    )
    other_actor = _article(
        "b", "Coast Post", "Vell skipped the budget talks in Korvo.", {"Vell": "p-someone-else"}
    )
    same_outlet = _article(
        "c", "Harbour Daily", "Vell skipped the budget talks in Korvo.", {"Vell": "p-vell"}
    )
    assert find_contradictions("story", [a, other_actor, same_outlet], JUDGE) == []


def test_dates_that_do_not_overlap_are_no_contradiction() -> None:
    a = _article(
        "a",
        "Harbour Daily",
        "Vell attended the budget talks in Korvo on 3 March.",
        {"Vell": "p-vell"},
        times=[("3 March", "2025-03-03")],
    )
    b = _article(
        "b",
        "Coast Post",
        "Vell skipped the budget talks in Korvo on 10 March.",
        {"Vell": "p-vell"},
        times=[("10 March", "2025-03-10")],
    )
    assert find_contradictions("story", [a, b], JUDGE) == []


def test_two_speakers_quoted_opposite_is_an_attributed_disagreement() -> None:
    a = _article(
        "a",
        "Harbour Daily",
        "The port authority confirmed the closure of the north pier, Ines Marr said.",
        {"Ines Marr": "p-marr", "port authority": "o-port"},
        quotes=[("The port authority confirmed the closure of the north pier", "Ines Marr")],
    )
    b = _article(
        "b",
        "Coast Post",
        "The port authority denied the closure of the north pier, according to Tom Aske.",
        {"Tom Aske": "p-aske", "port authority": "o-port"},
        quotes=[("The port authority denied the closure of the north pier", "Tom Aske")],
    )
    (conflict,) = find_contradictions("story", [a, b], JUDGE)
    assert conflict.kind == "attributed_disagreement"
    assert {conflict.a.source, conflict.b.source} == {"Ines Marr", "Tom Aske"}
    assert "sources disagree" in conflict.explanation


def test_one_speaker_reported_saying_both_is_a_conflict() -> None:
    a = _article(
        "a",
        "Harbour Daily",
        "The port authority confirmed the closure of the north pier, Marr said.",
        {"Marr": "p-marr", "port authority": "o-port"},
        quotes=[("The port authority confirmed the closure of the north pier", "Marr")],
    )
    b = _article(
        "b",
        "Coast Post",
        "The port authority denied the closure of the north pier, Marr said.",
        {"Marr": "p-marr", "port authority": "o-port"},
        quotes=[("The port authority denied the closure of the north pier", "Marr")],
    )
    (conflict,) = find_contradictions("story", [a, b], JUDGE)
    assert conflict.kind == "conflict"
    assert "same speaker" in conflict.explanation


class _Model:
    """A stand-in NLI model: contradiction for any pair, no predicate offsets."""

    def judge(self, premise: str, hypothesis: str) -> tuple[str, float]:
        return "contradiction", 0.9


def test_a_model_without_offsets_gets_whole_sentences() -> None:
    a = _article(
        "a", "Harbour Daily", "Vell praised the budget talks in Korvo.", {"Vell": "p-vell"}
    )
    b = _article("b", "Coast Post", "Vell mocked the budget talks in Korvo.", {"Vell": "p-vell"})
    (conflict,) = find_contradictions("story", [a, b], _Model())
    assert (conflict.a.start, conflict.a.end) == (
        conflict.a.sentence_start,
        conflict.a.sentence_end,
    )
