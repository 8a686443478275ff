"""Quantities as news writes them, on the real English pipeline: parts of a whole, increments,
separators, score lines and model numbers, body sizes, ranges and bounds; each with the
look-alikes that must stay as they are. Invented sentences."""

from __future__ import annotations

from typing import Any

import pytest

from counterpoint.annotate import nlp
from counterpoint.annotate.quantities import find_quantities
from counterpoint.annotate.times import find_times
from counterpoint.model import Article, Paragraph, Quantity


def read(text: str) -> list[tuple[str, Quantity]]:
    paragraphs = []
    start = 0
    for block in text.split("\n\n"):
        paragraphs.append(Paragraph(start, start + len(block), "paragraph"))
        start += len(block) + 2
    article = Article(id="t", source="t", text=text, paragraphs=paragraphs)
    return [(text[q.start : q.end], q) for q in find_quantities(article, nlp.load("en")(text))]


def the(text: str, surface: str) -> Quantity:
    """The one quantity whose span holds ``surface``."""
    found = read(text)
    matching = [q for span, q in found if surface in span]
    assert len(matching) == 1, found
    return matching[0]


def fields(quantity: Quantity, expected: dict[str, Any]) -> dict[str, Any]:
    return {key: getattr(quantity, key) for key in expected}


# --- parts of a whole --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        (
            "Nine of the 15 members voted for the draft, diplomats said.",
            "Nine",
            {"value": 9, "whole": 15, "counted": "members", "unit": "member"},
        ),
        (
            "The mayor said one of three bridges in the city had collapsed.",
            "one",
            {"value": 1, "whole": 3, "counted": "bridges"},
        ),
        (
            "Nine out of 20 respondents backed the plan in the poll.",
            "Nine",
            {"value": 9, "whole": 20, "counted": "respondents"},
        ),
        (
            "Only two of the 27 member states abstained on Tuesday.",
            "two",
            {"value": 2, "whole": 27, "counted": "member states"},
        ),
        (
            "Officials said 35 of the 177 victims had been identified by Friday.",
            "35",
            {"value": 35, "whole": 177, "counted": "victims"},
        ),
    ],
)
def test_a_part_counts_the_part_and_keeps_the_whole(
    text: str, surface: str, expected: dict[str, Any]
) -> None:
    part = the(text, surface)
    assert fields(part, expected) == expected
    assert all(q.value != expected["whole"] for _, q in read(text))  # no second count


def test_all_but_a_part_counts_the_rest() -> None:
    rest = the("Officials believe all but two of the 181 people on board were killed.", "two")
    assert (rest.value, rest.whole, rest.counted) == (179, 181, "people")


def test_part_look_alikes_stay_as_they_are() -> None:
    # A date after "of" is no whole.
    assert all(q.whole is None for _, q in read("Rescuers reached 3 of 4 March villages."))
    # No number after "of": a plain count, and "one of the largest" no count at all.
    assert the("Two of the victims were children.", "Two").whole is None
    assert read("It was one of the largest floods in decades.") == []
    # A bigger part than the whole is no part ("12 of 3 March" would be a date anyway).
    assert all(q.whole is None for _, q in read("Rescuers found 40 of 12 bodies."))
    # "1 of 3" alone in its block is a photo counter.
    assert read("1 of 3\n\nRescuers reached the village on Monday.") == []
    caption = read("2 of 5 | At least 300 people died in the city.")
    assert [q.value for _, q in caption] == [300]
    assert the("Rescuers found 3 of 4 survivors on Friday.", "3").whole == 4


# --- increments and subsets -------------------------------------------------------------------


def test_increments_and_subsets_say_so_in_what_they_count() -> None:
    assert the("Six other countries joined the coalition.", "Six").counted == "other countries"
    assert the("Police arrested three more suspects.", "three").counted == "more suspects"


# --- separators -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("Some 3 500 people marched in the capital.", "3 500", 3500),
        ("Some 3\u00a0500 people marched in the capital.", "3\u00a0500", 3500),
        ("Police counted 1,280,000 protesters nationwide.", "1,280,000", 1_280_000),
        ("Erdogan won 53,41 percent of the vote.", "53,41", 53.41),
        ("Turnout reached 84,22 percent on Sunday.", "84,22", 84.22),
        ("He had 52,15 % with most ballots counted.", "52,15", 52.15),
    ],
)
def test_thousands_and_decimal_separators(text: str, surface: str, value: float) -> None:
    assert the(text, surface).value == pytest.approx(value)


def test_separator_look_alikes_stay_as_they_are() -> None:
    # A name after the second group: two numbers, as before.
    values = [q.value for _, q in read("The airline ordered 400 737 Max jets.")]
    assert 400 in values and 400737 not in values
    # A comma and three digits is a thousands separator, even before "percent".
    assert the("Sales rose 1,500 percent.", "1,500").value == 1500


# --- not quantities ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Argentina won 4-2 on penalties after the match ended 3-3.",
        "France reached the final after a 2-0 win over Morocco.",
        "The hosts lost 1-2 at home.",
        "The Boeing 737-800 skidded off the runway.",
        "The Boeing 737–800 skidded off the runway.",
        "Argentina won 4–2 on penalties.",
        "A Boeing 787-800 was seen on the tarmac.",
        "Pictures showed a 787-800 jet on the tarmac.",
        "Flight 2216 was operated as 7C2216.",
        "The woman boarded the Jeju Air 7C 2216 plane in Bangkok.",
        "Rivals fly the Airbus A320 and sell the Galaxy S24.",
        "The S&P 500 fell on Friday.",
        "She lives at 221 Baker Street, New York, NY 10001.",
    ],
)
def test_scores_models_flights_and_addresses_are_not_quantities(text: str) -> None:
    assert read(text) == []


def test_a_real_range_and_a_vote_tally_still_read() -> None:
    crowd = the("Between 310-340 people were evacuated.", "310")
    assert (crowd.value, crowd.value_max) == (310, 340)
    jets = the("Officials said 10-20 jets were scrambled.", "10")
    assert (jets.value, jets.value_max) == (10, 20)
    tally = the("The council voted 13-2 to adopt the resolution.", "13-2")
    assert tally.kind == "vote_tally"


# --- the size of a body -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("A 27-member board approved the merger.", "27", 27),
        ("The 15-member Security Council met on Friday.", "15", 15),
        ("The assembly has nine elected members.", "nine", 9),
    ],
)
def test_a_body_s_size_counts_members(text: str, surface: str, value: float) -> None:
    size = the(text, surface)
    assert size.value == value
    assert size.unit == "member" and "member" in (size.counted or "")


# --- ranges -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        ("Estimates ranged from 310-340 homes.", "310", {"value": 310, "value_max": 340}),
        (
            "Officials put the toll at 310–340 people.",
            "310",
            {"value": 310, "value_max": 340, "kind": "range", "unit": "people"},
        ),
        ("About 40–45% of homes flooded.", "40", {"value_max": 45, "kind": "percent"}),
        (
            "Prosecutors asked for between 4 and 7 years.",
            "4",
            {"value": 4, "value_max": 7, "kind": "duration", "unit": "years"},
        ),
        (
            "The defence proposed 5 to 6.5 years in prison.",
            "5",
            {"value": 5, "value_max": 6.5, "kind": "duration", "unit": "years"},
        ),
        (
            "Prosecutors sought 40 to 50 years behind bars.",
            "40",
            {"value": 40, "value_max": 50, "kind": "duration"},
        ),
        (
            "Officials said 14,500 to 25,000 homes were flooded.",
            "14,500",
            {"value": 14500, "value_max": 25000, "kind": "range", "unit": "home"},
        ),
        (
            "Between 40 and 45 percent backed the plan.",
            "40",
            {"value": 40, "value_max": 45, "kind": "percent"},
        ),
        (
            "He asked for no more than six and a half years.",
            "six",
            {"value": 6.5, "value_max": None, "kind": "duration"},
        ),
        ("A six-and-a-half-year sentence was proposed.", "six", {"value": 6.5}),
        (
            "The inquiry will take between six months and three years.",
            "six",
            {"value": 0.5, "value_max": 3, "unit": "years", "kind": "duration"},
        ),
    ],
)
def test_ranges_are_one_quantity(text: str, surface: str, expected: dict[str, Any]) -> None:
    assert fields(the(text, surface), expected) == expected


def test_a_change_from_one_level_to_another_is_no_range() -> None:
    found = read("The death toll rose from 10 to 20 on Monday.")
    assert [q.value_max for _, q in found] == [None, None]


# --- bounds -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phrase", "bound"),
    [
        ("more than 500", ">"),
        ("nearly 500", "<"),
        ("almost 500", "<"),
        ("at least 500", ">="),
        ("up to 500", "<="),
        ("some 500", "~"),
        ("an estimated 500", "~"),
        ("around 500", "~"),
        ("more than a half-million", ">"),
    ],
)
def test_bounds(phrase: str, bound: str) -> None:
    quantity = the(f"Officials said {phrase} people fled the town.", phrase.split()[-1])
    assert quantity.bound == bound
    assert quantity.value == (500_000 if "million" in phrase else 500)


# --- units written apart, currencies named with their country, trailing bounds -------------------


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        (
            "The hatchback gets a 148 hp 1.6-litre petrol engine from the larger model.",
            "148",
            {"value": 148, "unit": "hp", "counted": "petrol engine"},
        ),
        (
            "Its electric motor makes 310 lb-ft of torque at low speed, the maker said.",
            "310",
            {"value": 310, "unit": "lb-ft", "counted": "torque"},
        ),
        (
            "The estate offers a 24.5 cubic foot boot behind the second row.",
            "24.5",
            {"value": 24.5, "unit": "cubic feet", "counted": "boot"},
        ),
        (
            "The charger delivers 50 kW at public stations, the operator said.",
            "50",
            {"value": 50, "unit": "kW"},
        ),
    ],
)
def test_a_unit_written_apart_is_the_unit_not_the_thing(
    text: str, surface: str, expected: dict[str, Any]
) -> None:
    assert fields(the(text, surface), expected) == expected


@pytest.mark.parametrize(
    ("text", "surface", "code", "value"),
    [
        ("Shares were priced at 182 Hong Kong dollars each on Tuesday.", "182", "HKD", 182),
        ("The listing could raise 75 billion Hong Kong dollars in total.", "75", "HKD", 75e9),
        (
            "The regional court fined the bank 40 Swiss francs per account on Monday.",
            "40",
            "CHF",
            40,
        ),
        (
            "The district council spent nearly half a million dollars on the posters.",
            "half",
            "USD",
            5e5,
        ),
        ("A ticket to the oxygen bar costs Rs 250 for a quarter of an hour.", "250", "INR", 250),
    ],
)
def test_currencies_named_or_abbreviated_before_and_after(
    text: str, surface: str, code: str, value: float
) -> None:
    money = the(text, surface)
    assert (money.kind, money.unit, money.value) == ("money", code, value)


def test_scale_words_of_south_asian_english() -> None:
    assert the("The city handed out 20 lakh masks to pupils this week.", "20").value == 2_000_000
    assert the("The scheme cost 3 crore rupees last year.", "3").value == 30_000_000


@pytest.mark.parametrize(
    ("text", "surface", "bound"),
    [
        ("Residents aged 65 and older were told to stay indoors.", "65", ">="),
        ("About 300 people 18 and over took part in the survey.", "18", ">="),
        ("Children 12 and under travel free on the line.", "12", "<="),
    ],
)
def test_trailing_bounds_of_an_age_or_a_count(text: str, surface: str, bound: str) -> None:
    assert the(text, surface).bound == bound


def test_a_second_sum_after_plus_is_no_bound() -> None:
    found = read("The set sells for $450 plus $40 in store credit until Sunday.")
    assert [(span, q.bound) for span, q in found] == [("$450", "="), ("$40", "=")]


def test_a_price_in_pence_is_under_a_pound_and_a_resolution_is_no_price() -> None:
    assert the("A loaf now costs 95p more than it did in spring.", "95p").value == 0.95
    assert read("The tablet has a sharp 1080p display and a fast chip.") == []


@pytest.mark.parametrize(
    "text",
    [
        "The lawyer is not entitled to a discount, said one legal expert.",
        "One Brussels-based trade analyst said the duties would stay.",
        "Smog shortens lives in the valley, according to one estimate.",
        "A 'phase one' deal was signed, and the number eight brings luck.",
        "A neighbour saw the car and called 911 at once.",
        "The carrier flies roughly 90 787 Dreamliners worldwide.",
        "It ordered Airbus A330-900 jets on Monday.",
    ],
)
def test_sources_labels_dialled_numbers_and_models_are_not_counts(text: str) -> None:
    assert [span for span, q in read(text) if q.value in (1, 8, 911, 787, 900)] == []


def test_one_that_counts_still_counts() -> None:
    assert the("One person was killed when the roof collapsed, police said.", "One").value == 1


@pytest.mark.parametrize(
    "text",
    [
        "The Eagles (7-4, 5-2) beat the Huskies on Tuesday night.",
        "At 3-8, including 1-5 in the division, the team will miss the playoffs.",
        "Ubisoft and Take-Two Interactive both list games at launch, the Big Ten said.",
        "The report covers the fiscal year 2019 seizures at the border.",
    ],
)
def test_records_day_spans_names_and_dates_are_not_quantities(text: str) -> None:
    assert read(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The festival takes place 12-17 March in the old town.",
        "Crowds marked the anniversary of the September 11, 2001 attacks in the city.",
    ],
)
def test_digits_of_a_date_the_time_annotator_found_are_not_quantities(text: str) -> None:
    doc = nlp.load("en")(text)
    article = Article(
        id="t", source="t", text=text, paragraphs=[Paragraph(0, len(text), "paragraph")]
    )
    article.times = find_times(article, doc)
    assert find_quantities(article, doc) == []


def test_a_period_before_after_is_when_not_how_often() -> None:
    hostages = the("The raid came a day after the rebels freed two hostages.", "two")
    assert (hostages.kind, hostages.unit) == ("cardinal", "hostage")


@pytest.mark.parametrize(
    ("phrase", "bound"),
    [("just short of", "<"), ("a little more than", ">"), ("just over", ">")],
)
def test_longer_bound_phrases(phrase: str, bound: str) -> None:
    assert the(f"Officials said {phrase} 500 people fled the town.", "500").bound == bound


def test_a_screen_resolution_is_no_thousands() -> None:
    assert [span for span, _ in read("The set streams 4K video to any room.")] == []
    assert the("Some 40k fans filled the stadium on Sunday.", "40k").value == 40_000


def test_a_whole_glued_on_by_hyphens() -> None:
    passes = the("The quarterback went 20-of-24 for 310 yards on Sunday.", "20-of-24")
    assert fields(passes, {"value": 20, "whole": 24, "counted": None}) == {
        "value": 20,
        "whole": 24,
        "counted": None,
    }


def test_a_fraction_of_a_time_unit_is_a_duration() -> None:
    quarter = the("The dispute has simmered for a quarter century.", "quarter")
    assert fields(quarter, {"value": 0.25, "kind": "duration"}) == {
        "value": 0.25,
        "kind": "duration",
    }
    assert the("It took a half-century to finish.", "half").value == 0.5
    # a share of a group stays a share, an ordinal before a time unit no fraction
    assert the("A quarter of the voters stayed home.", "quarter").kind == "percent"
    assert read("He wants to stretch his rule into a third decade.") == []


def test_the_won_sign_after_or_before_the_digits_is_money() -> None:
    text = "Tickets cost 50,000₩ at the gate, or ₩20,000 online."
    assert [(q.value, q.kind, q.unit) for _, q in read(text)] == [
        (50_000, "money", "KRW"),
        (20_000, "money", "KRW"),
    ]


def test_an_age_range_is_one_age_up_to_the_oldest() -> None:
    ages = the("The camp takes children aged 12 to 17-years-old this summer.", "12")
    assert fields(ages, {"value": 12, "value_max": 17, "kind": "age"}) == {
        "value": 12,
        "value_max": 17,
        "kind": "age",
    }


@pytest.mark.parametrize(
    ("text", "surface", "whose"),
    [
        ("The Dawson's Creek star, 42, said she was thrilled.", "42", "star"),
        ("His mother, 71, and a passenger, 30, died in the crash.", "30", "passenger"),
    ],
)
def test_a_number_set_off_after_a_person_noun_is_an_age(
    text: str, surface: str, whose: str
) -> None:
    age = the(text, surface)
    assert age.kind == "age"
    assert whose in (age.counted or "")


def test_a_set_off_number_after_other_nouns_stays_a_count() -> None:
    assert the("The plan covered 12 states, 40, and more.", "40").kind == "cardinal"


@pytest.mark.parametrize(
    "text",
    [
        "Beijing promised the one country, two systems principle would last.",
        'Protesters chanted "one country, two systems" outside.',
        "Beijing's one country, two systems model held.",
    ],
)
def test_a_one_x_two_ys_slogan_is_no_count(text: str) -> None:
    assert read(text) == []


def test_a_list_of_counts_after_a_verb_is_no_slogan() -> None:
    text = "The blast, killing one man, two women and a child, shocked the town."
    assert [q.value for _, q in read(text)][:2] == [1, 2]


@pytest.mark.parametrize(
    ("text", "bound"),
    [
        ("The mayor said the tally could climb to 20,000 given the damage.", "<="),
        ("He warned that the death toll may reach 20,000 by Friday.", "<="),
        ("The toll rose to 20,000 on Tuesday.", "="),  # a level reached, no ceiling
        ("Officials said prices could fall to 20,000 this year.", "="),
    ],
)
def test_a_figure_a_rise_may_reach_is_a_ceiling(text: str, bound: str) -> None:
    assert the(text, "20,000").bound == bound


@pytest.mark.parametrize(
    "text",
    [
        "Fibre keeps you full longer (16). Sleep helps too (4, 5).",
        "Other studies agree (27–29).",
        "[2] Joint Commission National Patient Safety Goal on alarms.",
        "Nadal defeated Khachanov 6-3, 7-6 (7) in the second rubber.",
        "Bruins 5, Devils 1: David Pastrnak scored for Boston.",
    ],
)
def test_references_tiebreaks_and_result_lines_are_no_claims(text: str) -> None:
    assert [q.value for _, q in read(text) if q.kind != "multiplicative"] == []


def test_a_grouped_number_in_brackets_stays_a_number() -> None:
    assert the("The toll (11,300) was later revised.", "11,300").value == 11_300


def test_a_set_off_number_after_a_name_the_tagger_took_for_a_company_is_an_age() -> None:
    age = the("Scooter Braun, 38 – who manages several singers – declined.", "38")
    assert age.kind == "age"


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("In his physical he clocked in at 243 pounds, the doctor said.", "cardinal"),
        ("Police seized 10 pounds of cocaine at the port.", "cardinal"),
        ("The ticket cost 50 pounds at the door.", "money"),
    ],
)
def test_pounds_weigh_when_the_sentence_speaks_of_weight(text: str, kind: str) -> None:
    pounds = next(q for _, q in read(text))
    assert (pounds.kind, pounds.unit) == (kind, "GBP" if kind == "money" else "pound")


def test_plural_fractions_without_a_numerator_are_periods() -> None:
    assert read("The deal led to several quarters of revenue growth.") == []
    assert the("Three quarters of voters said no.", "Three").value == 75


@pytest.mark.parametrize(
    "text",
    [
        "She would love to one day buy a house by the sea.",
        "Scientists could one day cure the disease.",
        "One day, she will run the company.",
    ],
)
def test_one_day_as_some_day_is_no_duration(text: str) -> None:
    assert read(text) == []


def test_one_day_as_a_length_stays_a_duration() -> None:
    assert the("The strike lasted one day.", "one day").kind == "duration"


def test_coordinated_ordinals_are_two_places() -> None:
    found = read("The penalty came in the 79th or 80th minute, reports said.")
    assert [(span, q.value) for span, q in found] == [("79th", 79), ("80th minute", 80)]


@pytest.mark.parametrize(
    ("text", "surface", "bound"),
    [
        ("The crowd was in the region of 80,000 people.", "80,000", "~"),
        ("It took the better part of 10 years to build.", "10", "<"),
        ("They counted 3,000 or thereabouts at the rally.", "3,000", "~"),
    ],
)
def test_more_approximations(text: str, surface: str, bound: str) -> None:
    assert the(text, surface).bound == bound


def test_a_trailing_bound_is_not_what_is_counted() -> None:
    assert the("They counted 3,000 or thereabouts.", "3,000").counted is None
    assert the("Adults aged 65 and older were hit hardest.", "65").counted == "Adults"


@pytest.mark.parametrize(
    "text",
    [
        "The 5500M chipset runs hot under load.",
        "The SLS, in its Block 1B variant, flies later.",
        "Mophie sells a 3-in-1 wireless charging pad.",
    ],
)
def test_model_names_with_glued_letters_and_product_kinds_are_no_counts(text: str) -> None:
    assert read(text) == []


def test_a_glued_scale_before_a_plural_or_after_a_currency_still_scales() -> None:
    assert the("Some 40k fans filled the stadium.", "40k").value == 40_000
    assert the("They signed a $5m deal on Friday.", "$5m").value == 5_000_000


# --- time offsets --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "value", "bound"),
    [
        ("She moved to Korea for work seven years ago.", "seven years", 7, "="),
        ("Rescuers reached the village 18 hours after the quake.", "18 hours", 18, "="),
        ("More than two decades ago, a probe found a fluid there.", "two decades", 2, ">"),
        ("The team will meet again three weeks later.", "three weeks", 3, "="),
    ],
)
def test_a_time_offset_is_a_duration(text: str, surface: str, value: float, bound: str) -> None:
    offset = the(text, surface)
    assert fields(offset, {"value": value, "kind": "duration", "bound": bound}) == {
        "value": value,
        "kind": "duration",
        "bound": bound,
    }


def test_a_pronoun_before_a_point_in_time_is_no_duration() -> None:
    found = read("The outages include one last month that hit 2.5 million people.")
    assert [span for span, _ in found] == ["2.5 million"]


def test_within_bounds_a_duration_from_above() -> None:
    assert the("The plan is to land on Mars within 20 years.", "20 years").bound == "<="
