"""Pair classification case by case, and conflicts end to end on constructed articles."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import numpy as np

from counterpoint.compare import compare
from counterpoint.compare.conflicts import Judgement, classify, conflict_of
from counterpoint.compare.contradiction import RuleContradiction
from counterpoint.link import link
from counterpoint.link.claims import (
    EVENT,
    AlignedPair,
    Anchor,
    ClaimFeatures,
    Reasons,
    value_interval,
)
from counterpoint.model import Conflict, Quantity

from .test_claims import make_article

REASONS = Reasons(False, False, True, False, ("strike", "union"))


def feature(
    value: float,
    role: str = "count",
    anchor: tuple[str, str, str] | None = ("2024-05-02", "2024-05-02", "published"),
    low: float | None = None,
    high: float | None = None,
    article_id: str = "a",
    total: float | None = None,
) -> ClaimFeatures:
    return ClaimFeatures(
        article_id=article_id,
        outlet="Outlet " + article_id,
        voice=article_id,
        published=date(2024, 5, 2),
        start=0,
        end=1,
        surface=str(value),
        value=value,
        low=value if low is None else low,
        high=value if high is None else high,
        bound="=",
        kind="cardinal",
        unit=None,
        role=role,  # type: ignore[arg-type]
        head=EVENT if role == "index" else "strike",
        modifiers=frozenset(),
        counted=None,
        terms=frozenset(),
        anchor=None
        if anchor is None
        else Anchor(
            date.fromisoformat(anchor[0]),
            date.fromisoformat(anchor[1]),
            anchor[2],
            anchor[0],  # type: ignore[arg-type]
        ),
        enumerated_total=total,
        # The frame established the event and the slot (what a conflict needs).
        event="strike",
        predicate="strike",
        framed=True,
    )


def verdict(a: ClaimFeatures, b: ClaimFeatures, reasons: Reasons = REASONS) -> str:
    return classify(AlignedPair(a, b, reasons, "s")).verdict


def test_values_compatible_under_bounds_agree() -> None:
    assert (
        verdict(feature(30, low=30, high=float("inf")), feature(32, article_id="b")) == "agreement"
    )


def test_same_day_different_measures_conflict() -> None:
    assert verdict(feature(30, "measure"), feature(40, "measure", article_id="b")) == "conflict"


def test_a_conflict_needs_event_slot_and_time_and_a_missing_time_is_named() -> None:
    a, b = feature(30, "measure"), feature(40, "measure", article_id="b")
    no_event = replace(b, event=None)
    assert verdict(a, no_event) == "different_scope"
    assert "event is not established" in classify(AlignedPair(a, no_event, REASONS, "s")).reason
    assert verdict(a, replace(b, event="election")) == "different_scope"
    assert verdict(a, replace(b, framed=False)) == "different_scope"
    days_later = replace(
        b, anchor=Anchor(date(2024, 5, 9), date(2024, 5, 9), "published", "2024-05-09")
    )
    assert verdict(a, days_later) == "possible_conflict"
    assert "time is not established" in classify(AlignedPair(a, days_later, REASONS, "s")).reason


def test_running_counts_are_as_of_their_report_and_never_prove_a_conflict() -> None:
    # A toll dated by its event ("killed on Wednesday") still grows between reports.
    event_day = ("2024-05-01", "2024-05-01", "sentence")
    toll = replace(feature(30, anchor=event_day), running=True)
    same_day = replace(feature(40, article_id="b"), running=True)
    assert verdict(toll, same_day) == "consistent"
    later = replace(same_day, published=date(2024, 5, 3))
    assert verdict(toll, later) == "change_over_time"


def test_a_running_count_falling_later_is_a_correction_only_when_the_text_says_so() -> None:
    toll = replace(feature(11300), running=True)
    later = replace(
        feature(3958, anchor=("2024-05-09", "2024-05-09", "published"), article_id="b"),
        published=date(2024, 5, 9),
        running=True,
    )
    assert verdict(toll, later) == "different_scope"
    assert verdict(toll, replace(later, revised=True)) == "correction"
    assert verdict(toll, replace(later, value=12000, low=12000, high=12000)) == ("change_over_time")


def test_figures_two_named_counters_give_are_an_attributed_disagreement() -> None:
    ministry = replace(feature(1.28e6, "measure"), source="interior ministry")
    union = replace(feature(3.5e6, "measure", article_id="b"), source="CGT")
    reasons = replace(REASONS, sources_differ=True)
    assert verdict(ministry, union, reasons) == "attributed_disagreement"
    within = replace(reasons, same_article=True, same_voice=True, same_paragraph=True)
    assert verdict(ministry, replace(union, article_id="a"), within) == ("attributed_disagreement")
    # Paragraphs apart, an article's two counters may count two cities or two days.
    apart = replace(within, same_paragraph=False)
    assert verdict(ministry, replace(union, article_id="a"), apart) == "consistent"


def test_counters_disagree_only_over_figures_that_would_otherwise_be_compared() -> None:
    # The frames do not name one event: not one crowd, whoever counts it.
    ministry = replace(feature(1.28e6, "measure"), source="interior ministry")
    union = replace(feature(480000, "measure", article_id="b"), source="CGT", event="rally")
    reasons = replace(REASONS, sources_differ=True)
    assert verdict(ministry, union, reasons) == "different_scope"


def share(value: float, stage: str | None, article_id: str = "a") -> ClaimFeatures:
    return replace(feature(value, "measure", article_id=article_id), kind="percent", stage=stage)


def test_shares_at_two_counting_stages_conflict_only_beyond_what_the_rest_can_move() -> None:
    # 56.4% with 49.4% counted can end anywhere from 27.9% to 78.5%.
    assert verdict(share(56.4, "49.4% counted"), share(52.18, None, "b")) == "change_over_time"
    # 53.41% at 75% counted can reach only 53.11-53.67% at 75.42%: 52.1% is out of reach.
    assert verdict(share(53.41, "75% counted"), share(52.1, "75.42% counted", "b")) == "conflict"
    # A turnout of 87.05% in the final count cannot follow 84.22% at 99.85% counted.
    assert verdict(share(84.22, "99.85% counted"), share(87.05, "final", "b")) == "conflict"
    # A stage that gives no share ("provisional") is not bounded this way.
    assert verdict(share(52.1, "provisional"), share(52.6, "provisional", "b")) == "conflict"


def test_forecasts_parts_and_other_events_are_never_conflicts() -> None:
    forecast = replace(feature(185000, "measure"), modality="forecast")
    other = replace(feature(200000, "measure", article_id="b"), modality="forecast")
    assert verdict(forecast, other) == "different_scope"
    part = replace(feature(2, "measure"), part=True)
    assert verdict(part, replace(feature(179, "measure", article_id="b"), part=True)) == (
        "different_scope"
    )


def test_bounds_and_rounding_decide_agreement() -> None:
    def figure(value: float, bound: str, surface: str, article_id: str = "a") -> ClaimFeatures:
        quantity = Quantity(0, len(surface), value=value, bound=bound, kind="cardinal")  # type: ignore[arg-type]
        low, high = value_interval(quantity, surface)
        return replace(
            feature(value, "measure", article_id=article_id),
            low=low,
            high=high,
            bound=bound,  # type: ignore[arg-type]
            surface=surface,
        )

    assert verdict(figure(60, ">", "more than 60"), figure(60, "<", "nearly 60", "b")) == (
        "conflict"
    )
    assert verdict(figure(900, ">", "more than 900"), figure(1000, "<", "almost 1,000", "b")) == (
        "agreement"
    )
    assert verdict(figure(10100, ">", "over 10,100"), figure(10100, "=", "10,100", "b")) == (
        "agreement"
    )
    assert verdict(figure(1.3e6, "=", "1.3 million"), figure(1.28e6, "=", "1.28 million", "b")) == (
        "agreement"
    )
    assert verdict(figure(52.14, "=", "52.14%"), figure(52.18, "=", "52.18%", "b")) == "conflict"


def test_two_indexes_of_the_same_dated_event_conflict() -> None:
    a = feature(4, "index", ("2024-11-20", "2024-11-20", "context"))
    b = feature(6, "index", ("2024-11-01", "2024-11-30", "sentence"), article_id="b")
    assert verdict(a, b) == "conflict"


def test_indexes_of_different_events_in_order_are_different_scope() -> None:
    a = feature(2, "index", ("2023-12-08", "2023-12-08", "sentence"))
    b = feature(4, "index", ("2024-11-20", "2024-11-20", "sentence"), article_id="b")
    assert verdict(a, b) == "different_scope"
    assert verdict(replace(a, value=5, low=5, high=5), b) == "possible_conflict"


def test_index_dated_only_by_publication_is_only_possible() -> None:
    a = feature(4, "index", ("2024-11-28", "2024-11-28", "published"))
    b = feature(6, "index", ("2024-11-28", "2024-11-28", "published"), article_id="b")
    assert verdict(a, b) == "possible_conflict"


def test_index_before_a_lower_so_far_count_conflicts() -> None:
    index = feature(6, "index", ("2024-11-01", "2024-11-30", "sentence"), article_id="b")
    count = feature(4, anchor=("2024-11-28", "2024-11-28", "published"))
    assert verdict(count, index) == "conflict"
    later_index = replace(
        index, anchor=Anchor(date(2024, 12, 5), date(2024, 12, 5), "sentence", "")
    )
    assert verdict(count, later_index) == "change_over_time"


def test_no_dates_at_all_is_only_possible() -> None:
    assert verdict(feature(30, anchor=None), feature(40, article_id="b")) == "possible_conflict"


def test_same_voice_is_never_a_conflict() -> None:
    reasons = replace(REASONS, same_voice=True)
    assert verdict(feature(30), feature(40, article_id="b"), reasons) == "consistent"


def test_internal_index_against_larger_enumeration() -> None:
    reasons = replace(REASONS, same_article=True, same_voice=True)
    index = feature(4, "index", ("2024-11-20", "2024-11-20", "context"))
    count = feature(4, total=5)
    assert verdict(index, count, reasons) == "internal_inconsistency"
    assert verdict(index, replace(count, enumerated_total=None), reasons) == "consistent"
    assert verdict(feature(158), feature(159), reasons) == "consistent"


def _strike_articles() -> list:
    first = make_article(
        "a",
        [
            "Dock workers walk out again over pay.",
            "On March 3, dock workers at the port went on strike over pay.",
            "The union said talks with the port authority had failed.",
            "This is the third time dock workers have gone on strike at the port this year.",
            "Dock workers went on strike two times in January and a time in February.",
        ],
        quantities=[
            ("third time", 3, "ordinal", "time"),
            ("two times", 2, "multiplicative", "times"),
        ],
        times=[("March 3", "2024-03-03"), ("January", "2024-01"), ("February", "2024-02")],
        published=datetime(2024, 3, 5),
        outlet="Harbour Daily",
    )
    second = make_article(
        "b",
        [
            "Port strike disrupts shipping.",
            "Dock workers at the port went on strike on Sunday, the fifth time this year.",
            "It is the fifth time dock workers have gone on strike at the port.",
        ],
        quantities=[("fifth time", 5, "ordinal", "time")],
        times=[("Sunday", "2024-03-03")],
        published=datetime(2024, 3, 4),
        outlet="Coast Post",
    )
    return [first, second]


def test_link_and_compare_find_the_cross_outlet_conflict_with_both_sides() -> None:
    articles = _strike_articles()
    result = link(articles, embeddings=np.array([[1.0, 0.0], [1.0, 0.0]], dtype=np.float32))
    outcome = compare(articles, result)
    (conflict,) = [c for c in outcome.conflicts if c.kind == "conflict"]
    assert {conflict.a.value, conflict.b.value} == {3.0, 5.0}
    assert {conflict.a.outlet, conflict.b.outlet} == {"Harbour Daily", "Coast Post"}
    for side in (conflict.a, conflict.b):
        article = next(a for a in articles if a.id == side.article_id)
        assert article.text[side.start : side.end] == side.surface
    assert "3rd" in conflict.explanation and "5th" in conflict.explanation
    assert any(c.status == "conflict" for c in outcome.claims)


def test_rule_contradiction_needs_same_content_and_opposite_polarity() -> None:
    judge = RuleContradiction()
    assert (
        judge.judge(
            "The ministry confirmed the new port tax will start in June.",
            "The ministry denied the new port tax will start in June.",
        )[0]
        == "contradiction"
    )
    assert (
        judge.judge(
            "The union did not attend the talks on Monday.",
            "The union has long favoured a deal on wages.",
        )[0]
        == "neutral"
    )
    assert (
        judge.judge(
            "The union would only attend the talks if wages were discussed.",
            "The union did not attend the talks on wages.",
        )[0]
        == "neutral"
    )


def test_same_day_figures_from_different_events_of_a_storyline_are_a_different_scope() -> None:
    reasons = replace(REASONS, same_story=False)
    assert verdict(feature(30), feature(40, article_id="b"), reasons) == "different_scope"


def test_same_head_with_disjoint_qualifiers_is_a_different_scope() -> None:
    reasons = replace(REASONS, modifiers_differ=True)
    assert verdict(feature(158), feature(159, article_id="b"), reasons) == "different_scope"


def test_a_side_exports_its_own_value_bound_and_sentence() -> None:
    a = replace(feature(4, total=5), bound=">=", sentence_start=0, sentence_end=40)
    b = feature(6, article_id="b")
    conflict = conflict_of(
        AlignedPair(a, b, REASONS, "s"), classify(AlignedPair(a, b, REASONS, "s")), None, {}
    )
    side = conflict.a if conflict.a.article_id == "a" else conflict.b
    assert (side.value, side.bound, side.sentence_start, side.sentence_end) == (4, ">=", 0, 40)


def test_two_counters_figures_are_one_attributed_disagreement_however_many_reports_give_them() -> (
    None
):
    from counterpoint.compare import _one_per_disagreement

    reasons = replace(REASONS, sources_differ=True)
    within = replace(reasons, same_article=True, same_voice=True, same_paragraph=True)

    def disagreement(a: ClaimFeatures, b: ClaimFeatures, how: Reasons = reasons) -> Conflict:
        pair = AlignedPair(a, b, how, "s")
        return conflict_of(pair, classify(pair), "claim", {})

    def counter(source: str, value: float, article_id: str, start: int) -> ClaimFeatures:
        return replace(feature(value, "measure", article_id=article_id), source=source, start=start)

    side_by_side = disagreement(
        counter("ministry", 1.28e6, "a", 0), counter("CGT", 3.5e6, "a", 9), within
    )
    across = [
        disagreement(counter("ministry", 1.28e6, "b", 0), counter("CGT", 3.5e6, "c", 0)),
        disagreement(counter("CGT", 3.5e6, "d", 0), counter("ministry", 1.28e6, "b", 0)),
    ]
    other_figures = disagreement(counter("ministry", 81000, "b", 5), counter("CGT", 700000, "c", 5))
    kept = _one_per_disagreement([*across, side_by_side, other_figures])
    assert {c.id for c in kept} == {side_by_side.id, other_figures.id}
    (merged,) = [c for c in kept if c.id == side_by_side.id]
    assert merged.explanation.endswith(
        "2 more pairs of reports set the same two counters' figures against each other."
    )


def test_a_figure_naming_no_place_is_of_the_one_place_its_block_names() -> None:
    from counterpoint.link.claims import align_block

    def toll(article_id: str, place: str | None) -> ClaimFeatures:
        return replace(feature(11300, article_id=article_id), predicate="die", place=place)

    one_place = align_block("s", [toll("a", "Libya"), toll("b", None)])
    assert len(one_place) == 1 and one_place[0].b.place == "Libya"
    two_places = align_block("s", [toll("a", "Libya"), toll("b", None), toll("c", "Derna")])
    assert two_places == []


def test_a_count_followed_stage_by_stage_is_shown_as_its_steps() -> None:
    from counterpoint.compare import _consecutive_stages

    early = share(56.4, "49.4% counted")
    later = share(52.61, "91.55% counted", "b")
    result = share(52.18, None, "c")
    judged = []
    for x, y in ((early, later), (early, result), (later, result)):
        pair = AlignedPair(x, y, REASONS, "s")
        judged.append((pair, classify(pair), "claim"))
    assert {j.verdict for _, j, _ in judged} == {"change_over_time"}
    kept = _consecutive_stages(judged)
    steps = {frozenset((p.a.article_id, p.b.article_id)) for p, _, _ in kept}
    assert steps == {frozenset("ab"), frozenset("bc")}


def test_a_revision_is_one_correction_however_many_reports_gave_the_revised_figure() -> None:
    from counterpoint.compare import _one_per_disagreement

    def correction(earlier_id: str) -> Conflict:
        old = replace(feature(11300, "measure", article_id=earlier_id), running=True)
        new = replace(feature(3958, "measure", article_id="z"), running=True, revised=True)
        pair = AlignedPair(old, new, REASONS, "s")
        return conflict_of(pair, Judgement("correction", "revised"), "claim", {})

    kept = _one_per_disagreement([correction("a"), correction("b"), correction("c")])
    (one,) = kept
    assert one.explanation.count("also reported by") == 1
    named = [f"Outlet {x}" for x in "abc" if f"Outlet {x}" in one.explanation]
    # The kept pair's own outlet opens the explanation; the other two are named after it once.
    assert len(named) == 3 and all(one.explanation.count(n) == 1 for n in named)


def test_a_revision_whose_other_reports_are_of_the_same_outlet_names_no_one_more() -> None:
    from counterpoint.compare import _one_per_disagreement

    def correction(earlier_id: str) -> Conflict:
        old = replace(
            feature(11300, "measure", article_id=earlier_id), running=True, outlet="Outlet a"
        )
        new = replace(feature(3958, "measure", article_id="z"), running=True, revised=True)
        pair = AlignedPair(old, new, REASONS, "s")
        return conflict_of(pair, Judgement("correction", "revised"), "claim", {})

    (one,) = _one_per_disagreement([correction("a"), correction("b")])
    assert "also reported by" not in one.explanation
