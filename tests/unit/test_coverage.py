"""The fact-by-outlet matrix of a story, on invented claims."""

from __future__ import annotations

from counterpoint.compare import ClaimStatus
from counterpoint.compare.coverage import story_coverage
from counterpoint.model import Article, Claim, ClaimMention, Quantity


def claim(
    claim_id: str,
    *article_ids: str,
    status: ClaimStatus = "single",
    value: float | None = None,
    label: str | None = None,
) -> Claim:
    """A claim whose figure is ``value`` in every article (by default one of its own)."""
    figure = value if value is not None else float(sum(map(ord, claim_id)))
    return Claim(
        id=claim_id,
        story_id=None,
        key=f"fire of 5 Mar: {label or claim_id}",
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
        claim("fund", "gazette", value=3.0),  # a value no other fact carries
    ]
    coverage = story_coverage(STORY, claims, OUTLET_OF)
    toll = coverage.facts[0]
    assert toll.claim_id == "toll"
    assert toll.outlets == ["Continental Wire", "Radio Dravik", "The Capital Ledger"]
    assert toll.article_ids == ["wire", "radio", "ledger"]
    assert [f.claim_id for f in coverage.facts] == ["toll", "fund"]


def test_of_two_facts_with_the_value_the_one_labelled_alike_takes_the_figure() -> None:
    claims = [
        claim("aboard", "wire", "radio", "ledger", value=2.0, label="people aboard"),
        claim("crew", "wire", "radio", value=2.0, label="rescued crew member"),
        claim("crew-thin", "gazette", value=2.0, label="crew member"),
    ]
    coverage = story_coverage(STORY, claims, OUTLET_OF)
    crew = next(f for f in coverage.facts if f.claim_id == "crew")
    assert crew.outlets == ["Continental Wire", "Harbour Gazette", "Radio Dravik"]
    assert [f.claim_id for f in coverage.facts] == ["aboard", "crew"]


def test_a_figure_of_another_unit_is_another_fact() -> None:
    claims = [
        claim("worked", "wire", "radio", value=7.0, label="working, in years"),
        claim("mourning", "ledger", value=7.0, label="mourning period, in days"),
    ]
    coverage = story_coverage(STORY, claims, OUTLET_OF)
    assert [f.claim_id for f in coverage.facts] == ["worked", "mourning"]


def test_an_outlets_repeat_of_its_figure_is_no_second_fact_but_a_small_count_may_be() -> None:
    claims = [
        claim("sentence", "wire", "radio", value=25.0, label="sentence, in years"),
        claim("headline", "radio", value=25.0, label="BREAKING, in years"),  # a repeat
        claim("jobs", "wire", "ledger", value=517000.0, label="added jobs"),
        claim("jobs-again", "ledger", value=517000.0, label="jobs"),  # a repeat
        claim("dams", "wire", "radio", value=2.0, label="burst dam"),
        claim("governments", "radio", value=2.0, label="government"),  # two of another thing
    ]
    coverage = story_coverage(STORY, claims, OUTLET_OF)
    assert sorted(f.claim_id for f in coverage.facts) == [
        "dams",
        "governments",
        "jobs",
        "sentence",
    ]


def test_a_fact_labelled_alike_with_a_close_figure_is_one_fact_told_later() -> None:
    claims = [
        claim("buried-17", "radio", value=3283.0, label="buried"),
        claim("buried-21", "ledger", value=3000.0, label="buried"),
        claim("meters", "wire", value=4.0, label="meter"),
        claim("meters-wave", "gazette", value=7.0, label="meter"),  # 7 is not close to 4
    ]
    coverage = story_coverage(STORY, claims, OUTLET_OF)
    buried = next(f for f in coverage.facts if f.claim_id.startswith("buried"))
    assert buried.outlets == ["Radio Dravik", "The Capital Ledger"]
    assert len(coverage.facts) == 3


def _article(article_id: str, text: str) -> Article:
    return Article(id=article_id, source=f"{article_id}.txt", text=text)


def test_a_vague_multitude_is_no_fact_and_a_bare_counted_noun_is_labelled_by_its_figure() -> None:
    radio = _article("radio", "Thousands of families fled. Five provinces were flooded.")
    ledger = _article("ledger", "Thousands of families fled the city.")
    mention = ClaimMention  # offsets into the texts above
    claims = [
        Claim("families", None, "flood: share of family", [mention("radio", 0, 9, 1000.0, ">=")]),
        Claim(
            "provinces",
            None,
            "flood reported 14 Sep 2023: province",
            [mention("radio", 28, 32, 5.0, "=", counted="provinces")],
        ),
        Claim(
            "families-wide",
            None,
            "flood: family",
            [mention("radio", 0, 9, 1000.0, ">="), mention("ledger", 0, 9, 1000.0, ">=")],
        ),
    ]
    coverage = story_coverage(["radio", "ledger"], claims, OUTLET_OF, [radio, ledger])
    labels = {f.claim_id: f.label for f in coverage.facts}
    # two outlets' "thousands" is a row; one outlet's is not
    assert labels == {
        "families-wide": "flood: family",
        "provinces": "flood reported 14 Sep 2023: Five provinces",
    }


def test_facts_two_outlets_carry_are_never_joined() -> None:
    claims = [
        claim("toll", "wire", "radio", "ledger", value=19.0),
        claim("injured", "voice", "gazette", value=19.0),
    ]
    coverage = story_coverage(STORY, claims, OUTLET_OF)
    assert [f.claim_id for f in coverage.facts] == ["toll", "injured"]


def test_a_range_reports_the_fact_of_its_unit_that_gives_one_of_its_ends() -> None:
    ledger = _article("ledger", "The defence asked for five to six-and-a-half years.")
    ledger.quantities = [
        Quantity(start=25, end=49, value=5.0, bound="=", kind="cardinal", value_max=6.5)
    ]
    claims = [
        claim("asked", "wire", "radio", value=6.5, label="sentence, in years (defence)"),
        Claim(
            "range",
            None,
            "verdict: year term, in years",
            [ClaimMention("ledger", 25, 49, 5.0, "=")],
        ),
    ]
    coverage = story_coverage(STORY, claims, OUTLET_OF, [ledger])
    assert [(f.claim_id, len(f.outlets)) for f in coverage.facts] == [("asked", 3)]
