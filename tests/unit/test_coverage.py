"""The fact-by-outlet matrix of a story, on invented claims."""

from __future__ import annotations

from counterpoint.compare import ClaimStatus
from counterpoint.compare.coverage import story_coverage
from counterpoint.model import Claim, ClaimMention


def claim(
    claim_id: str, *article_ids: str, status: ClaimStatus = "single", value: float | None = None
) -> Claim:
    """A claim whose figure is ``value`` in every article (by default one of its own)."""
    figure = value if value is not None else float(sum(map(ord, claim_id)))
    return Claim(
        id=claim_id,
        story_id=None,
        key=f"fire of 5 Mar: {claim_id}",
        mentions=[
            ClaimMention(article_id=a, start=10 * i, end=10 * i + 2, value=figure, bound="=")
            for i, a in enumerate(article_ids)
        ],
        status=status,
    )


# Five independent outlets; "wire-copy" is the Continental Wire text run by the Gazette's site,
# so it counts for Continental Wire.
OUTLET_OF = {
    "wire": "Continental Wire",
    "wire-copy": "Continental Wire",
    "radio": "Radio Dravik",
    "ledger": "The Capital Ledger",
    "voice": "Workers' Voice",
    "gazette": "Harbour Gazette",
}
STORY = list(OUTLET_OF)


def test_a_copy_counts_once_toward_its_publisher_and_facts_rank_by_outlets() -> None:
    claims = [
        claim("toll", "wire", "wire-copy", "radio", "radio", "ledger"),
        claim("injured", "wire", "wire-copy", "gazette", "radio", "voice"),
        claim("fund", "gazette"),
    ]
    coverage = story_coverage(STORY, claims, OUTLET_OF)
    assert coverage.outlets == sorted(set(OUTLET_OF.values()))
    toll = next(f for f in coverage.facts if f.claim_id == "toll")
    assert toll.outlets == ["Continental Wire", "Radio Dravik", "The Capital Ledger"]
    assert toll.article_ids == ["wire", "wire-copy", "radio", "ledger"]
    # four outlets before three, whatever the mention counts
    assert [f.claim_id for f in coverage.facts] == ["injured", "toll", "fund"]


def test_ties_in_outlets_rank_by_mentions() -> None:
    claims = [claim("few", "radio", "ledger"), claim("many", "radio", "radio", "ledger")]
    coverage = story_coverage(STORY, claims, OUTLET_OF)
    assert [f.claim_id for f in coverage.facts] == ["many", "few"]


def test_omitted_is_what_at_least_half_of_the_others_and_two_carry() -> None:
    claims = [
        claim("toll", "wire", "radio", "ledger"),  # 3 of the 4 others of the Gazette and Voice
        claim("cause", "wire", "radio"),  # 2 of 4: half, and two
        claim("exits", "voice"),  # one outlet only: nobody omits it
    ]
    coverage = story_coverage(STORY, claims, OUTLET_OF)
    by_outlet = {o.outlet: o for o in coverage.by_outlet}
    assert by_outlet["Harbour Gazette"].omitted == ["toll", "cause"]
    assert by_outlet["Workers' Voice"].omitted == ["toll", "cause"]
    assert by_outlet["The Capital Ledger"].omitted == ["cause"]
    assert by_outlet["Continental Wire"].omitted == []
    assert by_outlet["Workers' Voice"].exclusive == ["exits"]
    assert by_outlet["Continental Wire"].exclusive == []


def test_with_three_outlets_one_other_is_not_wide_reporting() -> None:
    outlets = {"a": "A", "b": "B", "c": "C"}
    coverage = story_coverage(list(outlets), [claim("both", "a", "b"), claim("one", "a")], outlets)
    by_outlet = {o.outlet: o for o in coverage.by_outlet}
    assert by_outlet["C"].omitted == ["both"]
    assert by_outlet["B"].omitted == []
    assert by_outlet["A"].exclusive == ["one"]


def test_a_story_of_one_outlet_has_no_exclusives() -> None:
    outlets = {"a": "A", "a2": "A"}
    coverage = story_coverage(list(outlets), [claim("x", "a", "a2")], outlets)
    assert coverage.by_outlet[0].exclusive == []
    assert coverage.by_outlet[0].omitted == []


def test_only_the_storys_mentions_and_the_compare_status_count() -> None:
    claims = [
        claim("toll", "radio", "elsewhere", status="conflict"),
        claim("other story", "elsewhere"),
    ]
    coverage = story_coverage(["radio", "ledger"], claims, {**OUTLET_OF, "elsewhere": "X"})
    assert [(f.claim_id, f.outlets, f.status) for f in coverage.facts] == [
        ("toll", ["Radio Dravik"], "conflict")
    ]
    assert coverage.outlets == ["Radio Dravik", "The Capital Ledger"]
    assert coverage.facts[0].label == "fire of 5 Mar: toll"


def test_a_one_outlet_figure_of_a_value_a_fact_carries_elsewhere_joins_that_fact() -> None:
    claims = [
        claim("toll", "wire", "radio", value=19.0),
        claim("toll-thin-frame", "ledger", value=19.0),  # the Ledger's 19, not aligned
        claim("toll-again", "radio", value=19.0),  # the Radio already carries 19
        claim("fund", "gazette", value=3.0),  # a value no other fact carries
    ]
    coverage = story_coverage(STORY, claims, OUTLET_OF)
    toll = coverage.facts[0]
    assert toll.claim_id == "toll"
    assert toll.outlets == ["Continental Wire", "Radio Dravik", "The Capital Ledger"]
    assert toll.article_ids == ["wire", "radio", "ledger"]
    assert [f.claim_id for f in coverage.facts] == ["toll", "fund", "toll-again"]


def test_facts_two_outlets_carry_are_never_joined() -> None:
    claims = [
        claim("toll", "wire", "radio", "ledger", value=19.0),
        claim("injured", "voice", "gazette", value=19.0),
    ]
    coverage = story_coverage(STORY, claims, OUTLET_OF)
    assert [f.claim_id for f in coverage.facts] == ["toll", "injured"]
