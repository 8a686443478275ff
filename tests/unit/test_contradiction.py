"""The rule contradiction judge: opposite predicates on the same subject and event."""

from __future__ import annotations

import pytest

from counterpoint.compare.contradiction import RuleContradiction, opposition

JUDGE = RuleContradiction()


@pytest.mark.parametrize(
    ("premise", "hypothesis"),
    [
        (
            "Opposition leader Dara Vell attended the budget talks in Korvo on Tuesday.",
            "Dara Vell skipped the budget talks in Korvo, aides said.",
        ),
        (
            "The harbour authority did not confirm the closure of the north pier.",
            "The harbour authority confirmed the closure of the north pier late on Friday.",
        ),
        (
            "The council approved the ferry subsidy for the islands.",
            "the Council vetoed the  ferry subsidy for the islands",
        ),
        (
            "The union never tried to secure a truce with the port owners.",
            "The union is pursuing a ceasefire deal with the port owners.",
        ),
        (
            "Mayor Olm failed to attend the flood briefing.",
            "Mayor Olm attended the flood briefing at city hall.",
        ),
    ],
)
def test_opposite_statements_about_one_actor_contradict(premise: str, hypothesis: str) -> None:
    verdict, score = JUDGE.judge(premise, hypothesis)
    assert verdict == "contradiction"
    assert 0.6 <= score <= 1.0
    assert JUDGE.judge(hypothesis, premise)[0] == "contradiction"


@pytest.mark.parametrize(
    ("premise", "hypothesis"),
    [
        # another subject: both can hold
        ("Hamas attended the talks in Cairo.", "Israel skipped the talks in Cairo."),
        # a condition or a hedge is no statement of fact
        (
            "The union would only attend the talks if wages were discussed.",
            "The union did not attend the talks on wages.",
        ),
        (
            "The ministry might confirm the closure of the pier.",
            "The ministry denied the closure of the pier.",
        ),
        ("Did the council approve the subsidy?", "The council rejected the subsidy."),
        # different figures belong to the numeric conflicts (a toll that rose)
        ("The toll rose to 5,500 in Derno.", "The toll fell to 3,958 in Derno."),
        # both negate it: they agree
        ("The mayor did not attend the briefing.", "The mayor never attended the briefing."),
        # "did not reject" is not "accepted"
        ("The board did not reject the merger offer.", "The board accepted the merger offer."),
        # the same predicate on other things
        (
            "The union did not attend the talks on Monday.",
            "The union has long favoured a deal on wages.",
        ),
    ],
)
def test_statements_that_can_both_hold_are_neutral(premise: str, hypothesis: str) -> None:
    assert JUDGE.judge(premise, hypothesis) == ("neutral", 0.0)


def test_the_opposition_locates_both_predicate_phrases() -> None:
    premise = "Vell, the opposition leader, did not attend the budget talks."
    hypothesis = "Reports say Vell attended the budget talks on Tuesday."
    found = opposition(premise, hypothesis)
    assert found is not None
    assert found.predicate == "attend"
    assert premise[found.a_start : found.a_end] == "not attend"
    assert hypothesis[found.b_start : found.b_end] == "attended"


def test_each_clause_is_read_on_its_own() -> None:
    # "skips" belongs to Hamas's clause, not to the US's.
    assert JUDGE.judge(
        "The US attended the ceasefire talks.",
        "US pressures Israel for a truce, Hamas skips cease-fire talks",
    ) == ("neutral", 0.0)
