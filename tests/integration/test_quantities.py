"""Quantities on the real English pipeline: each construction on invented sentences, and the
look-alikes that are not claims."""

from __future__ import annotations

from typing import Any

import pytest

from counterpoint.annotate import nlp
from counterpoint.annotate.quantities import find_quantities
from counterpoint.model import Article, Paragraph, Quantity, Quote
from evaluation.quantities import normalise_unit


def annotate(text: str, quotes: list[Quote] | None = None) -> tuple[Article, list[Quantity]]:
    article = Article(
        id="t", source="t", text=text, paragraphs=[Paragraph(0, len(text), "paragraph")]
    )
    article.quotes = quotes or []
    return article, find_quantities(article, nlp.load("en")(text))


def only(text: str, surface: str) -> Quantity:
    """The one quantity whose span holds ``surface``."""
    article, found = annotate(text)
    matching = [q for q in found if surface in article.text[q.start : q.end]]
    assert len(matching) == 1, [(article.text[q.start : q.end], q) for q in found]
    return matching[0]


CONSTRUCTIONS: list[tuple[str, str, dict[str, Any]]] = [
    # (sentence, surface inside the span, expected fields; "head" = a word of `counted`)
    (
        "Officials said 1,400 people died.",
        "1,400",
        {"value": 1400, "kind": "cardinal", "unit": "people", "head": "people"},
    ),
    ("The council has fifteen members.", "fifteen", {"value": 15, "unit": "member"}),
    ("Twenty-five hundred protesters marched.", "hundred", {"value": 2500, "head": "protesters"}),
    ("A dozen soldiers were hurt.", "dozen", {"value": 12, "head": "soldiers"}),
    ("Two hundred and fifty soldiers left.", "fifty", {"value": 250, "head": "soldiers"}),
    (
        "It was the sixth time the US has vetoed such a text.",
        "sixth",
        {"value": 6, "kind": "ordinal", "unit": "times", "head": "vetoed"},
    ),
    (
        "Germany voted for the text for the first time.",
        "first",
        {"value": 1, "kind": "ordinal", "head": "voted"},
    ),
    (
        "The army struck the camp for the third consecutive day.",
        "third",
        {"value": 3, "kind": "ordinal", "head": "struck"},
    ),
    (
        "Washington has blocked the plan four times.",
        "four times",
        {"value": 4, "kind": "multiplicative", "unit": "times", "head": "blocked"},
    ),
    (
        "The assembly passed the resolution 158 to 9, with 13 abstentions.",
        "158",
        {"value": 158, "kind": "vote_tally", "parts": {"for": 158, "against": 9, "abstain": 13}},
    ),
    (
        "The measure was adopted 159-9.",
        "159-9",
        {"value": 159, "kind": "vote_tally", "parts": {"for": 159, "against": 9}},
    ),
    (
        "The US withdrew $900mln from its reserves.",
        "$900mln",
        {"value": 900e6, "kind": "money", "unit": "USD"},
    ),
    (
        "The US withdrew $900 million from its reserves.",
        "$900 million",
        {"value": 900e6, "unit": "USD"},
    ),
    (
        "The US withdrew $900\u202fmillion from its reserves.",
        "$900",
        {"value": 900e6, "unit": "USD"},
    ),
    (
        "The bank lent €1.2bn to the city.",
        "€1.2bn",
        {"value": 1.2e9, "kind": "money", "unit": "EUR"},
    ),
    (
        "Donors pledged 1.5 million dollars in aid.",
        "1.5 million",
        {"value": 1.5e6, "unit": "USD", "head": "aid"},
    ),
    (
        "Prices rose 12.5% in March.",
        "12.5%",
        {"value": 12.5, "kind": "percent", "unit": "%", "head": "Prices"},
    ),
    (
        "About 3 percent of voters agreed.",
        "3 percent",
        {"value": 3, "bound": "~", "head": "voters"},
    ),
    (
        "Between 10 and 20 people were hurt.",
        "10 and 20",
        {"value": 10, "value_max": 20, "kind": "range", "head": "people"},
    ),
    ("The blast wounded 10-20 people.", "10-20", {"value": 10, "value_max": 20, "kind": "range"}),
    ("At least 30 people died.", "At least 30", {"value": 30, "bound": ">="}),
    ("More than 10,000 people were killed.", "More than 10,000", {"value": 10000, "bound": ">"}),
    ("Nearly 200 homes burned.", "Nearly 200", {"value": 200, "bound": "<"}),
    ("Almost 40 trucks crossed.", "Almost 40", {"value": 40, "bound": "<"}),
    ("Up to 5,000 families may leave.", "Up to 5,000", {"value": 5000, "bound": "<="}),
    ("Some 300 tonnes of aid arrived.", "Some 300", {"value": 300, "bound": "~", "head": "tonnes"}),
    ("Around 80 journalists attended.", "Around 80", {"value": 80, "bound": "~"}),
    (
        "The ministry said 45,000 people or more have been killed.",
        "45,000",
        {"value": 45000, "bound": ">="},
    ),
    (
        "Thousands of Palestinians fled south.",
        "Thousands",
        {"value": 1000, "bound": ">", "head": "Palestinians"},
    ),
    (
        "At least 100 Palestinians killed in the strike were buried.",
        "100",
        {"value": 100, "head": "Palestinians", "counted": "Palestinians killed in the strike"},
    ),
    (
        "The war has lasted 14 months.",
        "14 months",
        {"value": 14, "kind": "duration", "unit": "months", "head": "war"},
    ),
    (
        "The deal would last 60 days.",
        "60 days",
        {"value": 60, "kind": "duration", "unit": "days", "head": "deal"},
    ),
    ("They agreed a 60-day truce.", "60-day", {"value": 60, "kind": "duration", "head": "truce"}),
    ("The 15-member council met.", "15-member", {"value": 15, "unit": "member"}),
    (
        "500 trucks entered the enclave every day.",
        "500",
        {"value": 500, "kind": "rate", "unit": "truck/day", "head": "trucks"},
    ),
    (
        "Deputies voted 212 to 87, with 14 abstentions, in favour of the treaty.",
        "212 to 87",
        {
            "kind": "vote_tally",
            "parts": {"for": 212, "against": 87, "abstain": 14},
            "head": "treaty",
        },
    ),
    (
        "Parliament ratified the treaty by 98 votes to 41.",
        "98",
        {"value": 98, "kind": "vote_tally"},
    ),
    ("The death toll rose to 19 on Thursday.", "19", {"value": 19, "head": "toll"}),
    ("The number of people killed has risen to 19.", "19", {"value": 19, "head": "people"}),
    ("The fire killed 12 people and injured at least 30.", "30", {"value": 30, "head": "people"}),
    ("They will build a $1.2 billion dam.", "$1.2 billion", {"value": 1.2e9, "head": "dam"}),
    ("The state set up a fund of €12 million for victims.", "€12 million", {"head": "fund"}),
    (
        "Over half of the recruits are foreigners.",
        "half",
        {"value": 50, "bound": ">", "head": "recruits"},
    ),
    (
        "Two-thirds of voters agreed.",
        "thirds",
        {"value": 200 / 3, "kind": "percent", "head": "voters"},
    ),
    ("John Smith, 45, was arrested.", "45", {"value": 45, "kind": "age", "head": "John Smith"}),
    ("A 45-year-old man was arrested.", "45-year-old", {"kind": "age", "head": "man"}),
    (
        "Two women, aged 22 and 45, died.",
        "45",
        {"value": 45, "kind": "age", "unit": "year", "head": "women"},
    ),
    ("He will spend 25 years in prison.", "25 years", {"kind": "duration", "value": 25}),
    ("He is going to prison for 25 years after the verdict.", "25 years", {"kind": "duration"}),
    ("The index slipped -2.1% on Monday.", "-2.1%", {"value": -2.1, "kind": "percent"}),
    ("Shares rose +0.4% at noon.", "+0.4%", {"value": 0.4, "kind": "percent"}),
    ("It was minus 5 degrees at dawn.", "minus 5", {"value": -5}),
    ("The Dow was down 212 points.", "212", {"value": -212, "head": "points"}),
    ("Jets shot down 2 drones.", "2", {"value": 2, "head": "drones"}),
    ("He was out of work for over half a year.", "half a year", {"value": 0.5, "kind": "duration"}),
    ("As many as 20,000 people may have died.", "20,000", {"value": 20000, "bound": "<="}),
    ("It paid RM2.5 billion.", "RM2.5 billion", {"value": 2.5e9, "unit": "MYR"}),
    ("The fund raised A$12m.", "A$12m", {"value": 12e6, "unit": "AUD", "kind": "money"}),
    ("It sold for HK$8bn.", "HK$8bn", {"value": 8e9, "unit": "HKD"}),
    ("The firm paid USD25m to settle.", "USD25m", {"value": 25e6, "unit": "USD"}),
    ("It raised EUR70m.", "EUR70m", {"value": 70e6, "unit": "EUR"}),
    ("The engine makes 410bhp.", "410bhp", {"value": 410, "unit": "bhp"}),
    ("Sales grew 7pc.", "7pc", {"value": 7, "kind": "percent"}),
    ("A stamp costs 98p.", "98p", {"value": 0.98, "unit": "GBP", "kind": "money"}),
    ("Some 40k fans came.", "40k", {"value": 40000, "head": "fans"}),
    ("It is a 12min walk.", "12min", {"value": 12, "kind": "duration", "unit": "minute"}),
    ("It has 300 pound-feet of torque.", "300", {"value": 300, "kind": "cardinal"}),
    ("It has a 2.0-litre engine.", "2.0-litre", {"unit": "litre", "head": "engine"}),
    ("A 27-member board met.", "27-member", {"value": 27, "unit": "member"}),
    ("He scored an 80th-minute penalty.", "80th-minute", {"value": 80, "kind": "ordinal"}),
    ("Strikers marched for the sixth day.", "sixth day", {"value": 6, "unit": "day"}),
    ("One in three voters stayed home.", "One in three", {"value": 1, "whole": 3}),
    ("A 45m-long wall fell.", "45m", {"value": 45, "unit": "m", "head": "wall"}),
    ("The wave was 7m high.", "7m", {"value": 7, "unit": "m"}),
    ("The firm raised 45m last year.", "45m", {"value": 45e6}),
    ("Some 3⁄8 of the land flooded.", "3⁄8", {"value": 0.375}),
    ("The US was the sole member to oppose it.", "sole member", {"value": 1, "unit": "member"}),
    (
        "The US vetoed four resolutions on Gaza and a resolution on membership.",
        "a resolution",
        {"value": 1, "unit": "resolution"},
    ),
]


@pytest.mark.parametrize(("text", "surface", "expected"), CONSTRUCTIONS)
def test_construction(text: str, surface: str, expected: dict[str, Any]) -> None:
    quantity = only(text, surface)
    for field, wanted in expected.items():
        if field == "head":
            assert quantity.counted is not None and wanted in quantity.counted, quantity
            assert text[quantity.counted_start : quantity.counted_end] == quantity.counted
        elif field == "value" or field == "value_max":
            assert getattr(quantity, field) == pytest.approx(wanted), quantity
        else:
            assert getattr(quantity, field) == wanted, quantity


NOT_QUANTITIES = [
    "The F-35 jets and a Boeing 737 landed.",
    "The council cited Resolution 2334 again.",
    "The attack happened on November 20, 2024 at 3 p.m.",
    "The talks began in 2023 and resumed on 7 October.",
    "The meeting ended at 15:35 local time.",
    "Since I was 17 I have worked here.",
    "Call +1 202 555 0143 for details.",
    "Read more at https://example.com/news/2024/11/12345-story.html today.",
    "It was one of the largest attacks of the war.",
    "The one presented earlier was weaker.",
    "No one was hurt.",
    "They tried to secure one before the inauguration.",
    "The program 2B Mindset became popular.",
    "Growth slowed in the first half of the year.",
    "It is a four-door car with a six-speed gearbox.",
    "Talks resumed on the first day of the summit.",
    "It was destroyed by a single charge of explosives.",
    "The 2B Mindset diet spread.",
]


@pytest.mark.parametrize("text", NOT_QUANTITIES)
def test_not_a_quantity(text: str) -> None:
    article, found = annotate(text)
    assert found == [], [article.text[q.start : q.end] for q in found]


def test_page_counters_are_not_quantities() -> None:
    text = "Ceasefire talks stall\n\n1 Shares\n\n4 Min Read\n\nTalks stalled after 3 rounds."
    starts = [0, 23, 33, 45]
    ends = [21, 31, 43, len(text)]
    article = Article(
        id="t",
        source="t",
        text=text,
        paragraphs=[Paragraph(s, e, "paragraph") for s, e in zip(starts, ends, strict=True)],
    )
    found = find_quantities(article, nlp.load("en")(text))
    assert [text[q.start : q.end] for q in found] == ["3"]


def test_list_markers_and_tables_are_not_quantities() -> None:
    text = "2. Never urged Ukraine to act.\n\n1 Kyle Busch 5040 5 1 17 27 2 Martin Truex 5035 7 0"
    article = Article(
        id="t",
        source="t",
        text=text,
        paragraphs=[Paragraph(0, 30, "paragraph"), Paragraph(32, len(text), "paragraph")],
    )
    assert find_quantities(article, nlp.load("en")(text)) == []


def test_attribution_follows_quotes() -> None:
    text = 'Officials said "at least 30 people were killed," while 12 were hurt.'
    inside = text.index("at least")
    quote = Quote(inside, text.index(',"') + 1, "direct", speaker="Health Ministry")
    article, found = annotate(text, [quote])
    by_surface = {article.text[q.start : q.end]: q for q in found}
    assert by_surface["at least 30"].attributed_to == "Health Ministry"
    assert by_surface["12"].attributed_to is None


def test_unit_normalisation() -> None:
    assert normalise_unit("times (ordinal)") == normalise_unit("times") == "time"
    assert normalise_unit("trucks/day") == normalise_unit("truck/day")
    assert normalise_unit("abstentions") == normalise_unit("votes")
    assert normalise_unit("dollars") == normalise_unit("USD") == "usd"
