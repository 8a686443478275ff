"""Event frames read from the real English parse, on invented news sentences."""

from __future__ import annotations

import pytest

import counterpoint
from counterpoint.model import Frame


def frames(text: str, published: str = "2024-05-13") -> dict[str, Frame]:
    article = counterpoint.annotate(text, published=published)
    return {article.text[f.start : f.end]: f for f in article.frames if f.figure == "quantity"}


def test_a_share_has_its_holder_stage_and_event_instance() -> None:
    found = frames(
        "Kessel wins Velmar runoff\n\n"
        "Arno Kessel won Sunday's presidential runoff with 52.1% of the vote, according to "
        "provisional results released by the Supreme Election Board. "
        "In the first round on April 28, Kessel won 49.5% and Moran 44.9%."
    )
    share = found["52.1%"]
    assert (share.thing, share.holder, share.stage) == (
        "share of vote",
        "Arno Kessel",
        "provisional",
    )
    assert share.event == "election: runoff" and share.time == "2024-05-12"
    assert found["49.5%"].event == "event: first round"
    assert found["44.9%"].holder == "Moran"


def test_counters_and_what_is_counted() -> None:
    found = frames(
        "An estimated 640,000 people took part in protests across the country on Tuesday, "
        "the interior ministry said. The CGL union put the number of protesters at 2.1 million.",
        published="2024-04-10",
    )
    assert found["An estimated 640,000"].source == "interior ministry"
    union = found["2.1 million"]
    assert (union.thing, union.source) == ("protester", "CGL")


@pytest.mark.parametrize(
    ("text", "figure", "modality"),
    [
        ("Economists had expected 185,000 jobs.", "185,000", "forecast"),
        ("The spokesman denied that the death toll had reached 11,300.", "11,300", "denied"),
        ("The unemployment rate fell to 3.4% from 3.5% the month before.", "3.5%", "earlier"),
        ("The unemployment rate is down .1% from last month.", ".1%", "change"),
        ("Prosecutors had asked for 40 to 50 years.", "40 to 50 years", "forecast"),
        (
            "The prosecutors had called for the judge to sentence Mr Oster to between 30 and "
            "40 years in prison.",
            "30 and 40 years",
            "forecast",
        ),
        ("At least 179 people were killed, officials said.", "At least 179", "asserted"),
    ],
)
def test_how_a_figure_is_put(text: str, figure: str, modality: str) -> None:
    assert frames(text)[figure].modality == modality


def test_a_measure_belongs_to_the_thing_it_describes_and_a_place_scopes_a_count() -> None:
    found = frames(
        "A 290-metre container ship struck the bridge. In Port Ilvan, police counted 45,000 "
        "marchers. The death toll in Derna has soared to 11,300."
    )
    assert found["290-metre"].thing == "container ship"
    assert found["11,300"].place == "Derna"


def test_the_subject_that_acts_or_the_farther_one_is_not_what_is_counted() -> None:
    found = frames(
        "A federal judge in Velmar on Thursday sentenced Pavel Oster to 12 years in prison. "
        "Dravik Floods: Death Toll Rises To 4,100 In Old Town"
    )
    sentence = found["12 years"]
    assert sentence.thing is None and sentence.predicate == "sentence"
    assert found["4,100"].thing == "death toll"


def test_a_stage_word_of_another_clause_is_not_the_figure_s_stage() -> None:
    found = frames(
        "Many believe this 12-year sentence is unjust, as the judge said before the official "
        "ruling. Kessel won 52.18% of the vote, according to official results."
    )
    assert found["12-year"].stage is None
    assert found["52.18%"].stage == "final"


def test_nationals_take_the_one_nationality_their_sentence_names() -> None:
    found = frames("Thai government confirms death of two nationals in Jeju Air crash")
    assert found["two"].holder == "Thai"


def test_a_request_is_held_by_the_party_that_asks() -> None:
    found = frames(
        "The sentence was shorter than the 30 to 40 years recommended by prosecutors but "
        "above the defense's request for a four-year sentence. Prosecutors had called for "
        "the judge to sentence Oster to between 30 and 40 years."
    )
    assert found["30 to 40 years"].holder == "prosecution"
    assert found["four-year"].holder == "defence"
    assert found["30 and 40 years"].holder == "prosecution"


def test_each_figure_takes_its_own_attribution_and_fronted_place() -> None:
    found = frames(
        "Some 1.28 million people demonstrated across France on Thursday according to the "
        "interior ministry, 3.5 million according to the CGT union.\n\n"
        "In Lyon, 30,000 marched, police said.",
        published="2025-03-07",
    )
    assert found["Some 1.28 million"].source == "interior ministry"
    assert found["3.5 million"].source == "CGT"
    assert (found["30,000"].source, found["30,000"].place) == ("police", "Lyon")


def test_a_for_object_holds_the_share_and_ballots_are_the_vote() -> None:
    found = frames(
        "President Oren Valk received 49.5 per cent of ballots cast, according to the High "
        "Election Council, against 44.9 per cent for opposition leader Dara Sulen.",
        published="2025-06-09",
    )
    assert (found["49.5 per cent"].thing, found["49.5 per cent"].holder) == (
        "share of vote",
        "Oren Valk",
    )
    assert found["44.9 per cent"].holder == "Dara Sulen"


def test_an_instance_in_a_clause_of_its_own_is_not_the_figures() -> None:
    found = frames(
        "President Oren Valk won 49.5% of the vote, short of the majority needed to avoid a "
        "runoff, the council said. Kessel won 53.4% in the runoff.",
        published="2025-06-09",
    )
    assert found["49.5%"].event == "election"
    assert found["53.4%"].event == "election: runoff"


def test_a_count_noun_of_an_of_figure_is_counted_and_a_cup_final_is_no_stage() -> None:
    found = frames(
        "Northport won the Continental Cup final before a crowd of 88,966 on Saturday. "
        "With 99% of ballot boxes opened, Valk had won 49.5% of the vote."
    )
    assert found["88,966"].thing == "crowd"
    assert found["88,966"].stage is None
    # Nearly all counted is still a stage: link bounds what the last 1% can move.
    assert found["49.5%"].stage == "99% counted"


def test_a_referendum_answer_holds_its_share_and_a_sentence_opening_no_holds_none() -> None:
    found = frames(
        "Voters in Lanmark rejected the new charter in Sunday's referendum, with 57.3% voting "
        "No and 42.7% voting Yes. The Yes campaign had taken 48% in the southern province. "
        "No arrests were made in the referendum, but 14 people were injured at polling "
        "stations."
    )
    assert found["57.3%"].holder == "No" and found["42.7%"].holder == "Yes"
    southern = found["48%"]
    assert (southern.holder, southern.place) == ("Yes", "southern province")
    assert found["14"].holder is None


def test_a_figures_own_reporter_and_a_participle_prepositions_clause_subject() -> None:
    found = frames(
        "In Velmar, police counted 41,000 marchers; the union said 150,000 people marched. "
        "Arno Kessel scored a hat-trick for Velmar United, including two goals in 84 seconds."
    )
    assert found["41,000"].source == "police" and found["150,000"].source == "union"
    assert found["84 seconds"].holder == "Arno Kessel"


def test_a_share_of_the_count_is_its_stage_not_a_result() -> None:
    found = frames(
        "With 96 percent of the ballots counted, Kessel had won 52.3 percent of the vote. "
        "Approaching 9pm, No held 52.6 per cent of the vote with almost half the vote to come "
        "in.\n\nVoter turnout is 85.41%, according to Anadolu.\n\n"
        "With 99.49% of ballot boxes opened, Kessel had 52.1%."
    )
    progress = found["96 percent"]
    assert (progress.thing, progress.holder) == ("ballots counted", None)
    assert found["52.3 percent"].stage == "96% counted"
    assert found["52.6 per cent"].stage == "50% counted"
    # A paragraph of one sentence goes on from the paragraph before it.
    assert found["85.41%"].stage == "50% counted"
    assert found["52.1%"].stage == "99.49% counted"


def test_a_paragraph_lead_naming_an_earlier_round_governs_its_figures() -> None:
    found = frames(
        "Kessel won the runoff with 52.1%.\n\n"
        "The first round of the election took place on May 14. Kessel failed to win, gaining "
        "49.51 percent of the votes."
    )
    assert found["49.51 percent"].event.endswith("first round")


def test_a_counter_is_named_without_figures() -> None:
    found = frames(
        "Between 8,500 people, according to the police, and nearly 50,000 demonstrators, "
        "according to the unions, marched in Bordeaux."
    )
    assert all(not any(ch.isdigit() for ch in f.source or "") for f in found.values())


def test_the_figure_right_before_the_counting_words_is_the_stage() -> None:
    found = frames(
        "Kessel won with 52.1% of the vote while Moran had 47.9%, with 75.42% of votes "
        "nationwide counted. After processing of more than 98 percent of the ballots, Kessel "
        "won 52.2 percent.\n\nWith just over 99 per cent of ballot boxes opened, Kessel had "
        "49.4 per cent.\n\nThe election board said Moran had scored 44.96 per cent."
    )
    assert found["47.9%"].holder == "Moran" and found["47.9%"].stage == "75.42% counted"
    assert found["more than 98 percent"].thing == "ballots counted"
    assert found["52.2 percent"].stage == "98% counted"
    assert found["49.4 per cent"].stage == "99% counted"
    assert found["44.96 per cent"].stage == "99% counted"


def test_a_verb_struck_by_a_ship_is_no_strike() -> None:
    found = frames(
        "The bridge collapsed after being struck by a 948-foot-long container ship. "
        "Dockers went on strike, and 5,000 joined the strike on Monday."
    )
    assert found["948-foot"].event == "crash"
    assert found["5,000"].event == "protest"


def test_a_counter_named_by_its_kind_is_the_organisation_named_before() -> None:
    found = frames(
        "Tarvia's Supreme Election Board has announced the results. Valk received 49.24%, "
        "the Board said. Sulen won 44.9 percent, according to the Council."
    )
    assert found["49.24%"].source == "Supreme Election Board"
    assert found["44.9 percent"].source == "Council"  # no council was named: kept as said
