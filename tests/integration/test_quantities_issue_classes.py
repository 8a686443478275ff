"""The classes of newsroom quantities issue 13 lists, one invented sentence per item, on the real
pipelines (English parse; the language-neutral rules for French, Spanish, Italian, Portuguese and
German): currencies, glued units, signs, shares, ranges, look-alikes that are no quantities,
units apart from the counted thing, separators and number words by language, ordinals, changes
from one level to another and the numbers of a law's articles."""

from __future__ import annotations

from typing import Any

import pytest

from counterpoint.annotate import nlp
from counterpoint.annotate.quantities import find_quantities
from counterpoint.annotate.times import find_times
from counterpoint.model import Article, Paragraph, Quantity

from .test_quantities_news import fields


def read(text: str, language: str = "en") -> list[tuple[str, Quantity]]:
    """The quantities of ``text`` as the pipeline finds them: dates first, then quantities."""
    article = Article(
        id="t",
        source="t",
        text=text,
        paragraphs=[Paragraph(0, len(text), "paragraph")],
        language=language,
    )
    doc = nlp.load(language)(text)
    article.times = find_times(article, doc)
    return [(text[q.start : q.end], q) for q in find_quantities(article, doc)]


def the(text: str, surface: str, language: str = "en") -> Quantity:
    """The one quantity whose span holds ``surface``."""
    found = read(text, language)
    matching = [q for span, q in found if surface in span]
    assert len(matching) == 1, found
    return matching[0]


# --- currency written as a prefix or a code ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "code", "value"),
    [
        ("The club paid £45 million for the striker.", "£45", "GBP", 45e6),
        ("The camera sells for ¥98,000 in Tokyo.", "¥98,000", "JPY", 98_000),
        ("The ministry set aside RM2.5 billion for flood relief.", "RM2.5", "MYR", 2.5e9),
        ("The firm raised US$300 million in its listing.", "US$300", "USD", 3e8),
        ("The house sold for A$1.2 million last week.", "A$1.2", "AUD", 1.2e6),
        ("The pipeline will cost C$21 billion.", "C$21", "CAD", 21e9),
        ("Tickets cost HK$580 each.", "HK$580", "HKD", 580),
        ("The fund raised USD25m from investors.", "USD25m", "USD", 25e6),
        ("The club agreed a EUR70m fee with the buyer.", "EUR70", "EUR", 70e6),
        ("The grant is worth NZ$3 million over two years.", "NZ$3", "NZD", 3e6),
        ("The charity received 50 million Australian dollars.", "50", "AUD", 50e6),
        ("The tower was sold for S$40 million.", "S$40", "SGD", 40e6),
    ],
)
def test_currency_prefixes_and_codes(text: str, surface: str, code: str, value: float) -> None:
    money = the(text, surface)
    assert (money.kind, money.unit) == ("money", code)
    assert money.value == pytest.approx(value)


# --- numbers glued to their unit or multiplier ------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        ("The engine produces 410bhp at the top end.", "410bhp", {"value": 410, "unit": "bhp"}),
        ("Sales rose 7pc last year.", "7pc", {"value": 7, "kind": "percent"}),
        ("The charger supplies 22kW to the car.", "22kW", {"value": 22, "unit": "kW"}),
        ("A pint of milk costs 98p in the shop.", "98p", {"value": 0.98, "unit": "GBP"}),
        ("Some 40k supporters lined the route.", "40k", {"value": 40_000}),
        ("Each vial holds 20mL of vaccine.", "20mL", {"value": 20, "unit": "mL"}),
        ("The trip takes 12min by tram.", "12min", {"value": 12, "kind": "duration"}),
        ("The tower stands 45m tall above the square.", "45m", {"value": 45, "unit": "m"}),
        ("The club spent £45m on new players.", "£45m", {"value": 45e6, "unit": "GBP"}),
        ("The app has 2 B users worldwide.", "2", {"value": 2e9}),
        ("The engine makes 300Nm of torque.", "300Nm", {"value": 300, "unit": "Nm"}),
        ("The motor produces 150kW.", "150kW", {"value": 150, "unit": "kW"}),
        ("Peak torque arrives at 1,500rpm.", "1,500rpm", {"value": 1500, "unit": "rpm"}),
        ("It has a 2.0L engine.", "2.0L", {"value": 2.0, "unit": "litre"}),
        ("The bike has a 1,598cc engine.", "1,598cc", {"value": 1598, "unit": "cc"}),
        ("The phone has a 5,000mAh battery.", "5,000mAh", {"value": 5000, "unit": "mAh"}),
    ],
)
def test_numbers_glued_to_a_unit_or_a_multiplier(
    text: str, surface: str, expected: dict[str, Any]
) -> None:
    assert fields(the(text, surface), expected) == pytest.approx(expected)


# --- signs and changes --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        ("The index closed +0.4% on Friday.", "0.4", {"value": 0.4, "kind": "percent"}),
        ("Growth was -2.1% in the quarter.", "2.1", {"value": -2.1, "kind": "percent"}),
        ("Temperatures fell to minus 5 degrees overnight.", "5", {"value": -5}),
        ("The Dow was down 212 points at noon.", "212", {"value": -212, "unit": "point"}),
        ("The Dow closed down 212 points on Friday.", "212", {"value": -212, "unit": "point"}),
        ("Shares ended down 3% in New York.", "3", {"value": -3, "kind": "percent"}),
        ("Stocks traded down 40 points at noon.", "40", {"value": -40}),
        ("The army shot down 2 drones overnight.", "2", {"value": 2}),
    ],
)
def test_signs_and_changes(text: str, surface: str, expected: dict[str, Any]) -> None:
    assert fields(the(text, surface), expected) == pytest.approx(expected)


# --- fractions and shares -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("A third of the staff were laid off.", "third", 100 / 3),
        ("Half of the residents left the town.", "Half", 50),
        ("Two-thirds of voters backed the plan.", "thirds", 200 / 3),
    ],
)
def test_a_share_of_a_group_is_a_percentage(text: str, surface: str, value: float) -> None:
    share = the(text, surface)
    assert (share.kind, share.value) == ("percent", pytest.approx(value))


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("Un tiers des salariés ont été licenciés.", "fr", 33.33),
        ("Près de deux tiers des électeurs ont voté non.", "fr", 66.67),
        ("La mitad de los vecinos abandonó el pueblo.", "es", 50),
        ("Due terzi degli elettori hanno votato no.", "it", 66.67),
        ("Um terço das escolas fechou.", "pt", 33.33),
        ("Die Hälfte der Bewohner verließ die Stadt.", "de", 50),
    ],
)
def test_a_share_in_words_of_the_article_s_language(text: str, language: str, value: float) -> None:
    assert [(q.kind, q.value) for _, q in read(text, language)] == [("percent", value)]


def test_a_typeset_fraction_is_its_value() -> None:
    assert fields(the("The bolt is 3⁄8 inch wide.", "3⁄8"), {"value": 0.375, "unit": "inch"}) == {
        "value": 0.375,
        "unit": "inch",
    }


def test_one_of_the_things_counts_one() -> None:
    one = the("One of the suspects was arrested on Monday.", "One")
    assert one.value == 1 and "suspects" in (one.counted or "")
    # a superlative after "one of the" picks one out, it counts nothing
    assert read("It was one of the worst storms on record.") == []


def test_one_out_of_three_is_a_part_of_a_whole() -> None:
    part = the("One out of three adults is overweight, the study found.", "One")
    assert (part.value, part.whole) == (1, 3)
    assert [q.value for _, q in read("One out of three adults is overweight.")] == [1]
    every = the("Two out of every three voters backed him.", "Two")
    assert (every.value, every.whole) == (2, 3)
    assert [q.value for _, q in read("Two out of every three voters backed him.")] == [2]


# --- ranges ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "expected"),
    [
        ("Police put the crowd at 310-340 marchers.", "310", {"value": 310, "value_max": 340}),
        ("The repairs will take between 4 and 7 weeks.", "4", {"value": 4, "value_max": 7}),
        ("The judge may impose 5 to 6.5 years.", "5", {"value": 5, "value_max": 6.5}),
        (
            "Between 1.1 and 1.4 million people fled the region.",
            "1.1",
            {"value": 1.1e6, "value_max": 1.4e6},
        ),
    ],
)
def test_a_range_is_one_quantity_with_its_maximum(
    text: str, surface: str, expected: dict[str, Any]
) -> None:
    assert fields(the(text, surface), expected) == pytest.approx(expected)


@pytest.mark.parametrize(
    "text",
    [
        "The bridge will cost $1.1 billion to $1.4 billion.",
        "The bridge will cost between $1.1 and $1.4 billion.",
        "The bridge will cost $1.1-$1.4 billion.",
        "The bridge will cost $1.1–$1.4 billion.",
    ],
)
def test_a_sum_written_as_a_range_is_one_sum(text: str) -> None:
    assert [(q.kind, q.unit, q.value, q.value_max) for _, q in read(text)] == [
        ("money", "USD", pytest.approx(1.1e9), pytest.approx(1.4e9))
    ]


@pytest.mark.parametrize(
    ("text", "kind", "value", "value_max"),
    [
        ("The plan costs £1.2bn-£1.5bn over a decade.", "money", 1.2e9, 1.5e9),
        ("The fee is €2bn–€3bn a year.", "money", 2e9, 3e9),
        ("The refit costs $5m-$10m to finish.", "money", 5e6, 10e6),
        ("Growth of 2%-3% is expected.", "percent", 2, 3),
    ],
)
def test_a_range_glued_into_one_token_keeps_each_end_s_scale(
    text: str, kind: str, value: float, value_max: float
) -> None:
    assert [(q.kind, q.value, q.value_max) for _, q in read(text)] == [
        (kind, pytest.approx(value), pytest.approx(value_max))
    ]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Tickets cost $5-$10 each at the door.", "USD"),
        ("Tickets cost $5–$10 each at the door.", "USD"),
        ("Rooms go for £20-£30 a night.", "GBP"),
        ("Entry costs €5-€10 at the gate.", "EUR"),
    ],
)
def test_a_range_with_its_currency_on_both_ends_is_one_sum(text: str, code: str) -> None:
    assert [(q.kind, q.unit, q.value, q.value_max) for _, q in read(text)] == [
        ("money", code, 5 if code != "GBP" else 20, 10 if code != "GBP" else 30)
    ]


def test_a_sum_that_rises_from_one_level_to_another_is_two_sums() -> None:
    found = read("The fare rose from $5 to $10 last year.")
    assert [(q.value, q.value_max) for _, q in found] == [(5, None), (10, None)]


@pytest.mark.parametrize(
    ("text", "language", "value", "value_max"),
    [
        ("Entre 1,1 et 1,4 million de personnes ont fui.", "fr", 1.1e6, 1.4e6),
        ("Entre 1,1 y 1,4 millones de personas huyeron.", "es", 1.1e6, 1.4e6),
        ("Tra 1,1 e 1,4 milioni di persone sono fuggite.", "it", 1.1e6, 1.4e6),
        ("Entre 1,1 e 1,4 milhões de pessoas fugiram.", "pt", 1.1e6, 1.4e6),
        ("Zwischen 1,1 und 1,4 Millionen Menschen flohen.", "de", 1.1e6, 1.4e6),
    ],
)
def test_a_scale_after_a_range_scales_both_ends_in_every_language(
    text: str, language: str, value: float, value_max: float
) -> None:
    found = read(text, language)
    assert [(q.value, q.value_max) for _, q in found] == [
        (pytest.approx(value), pytest.approx(value_max))
    ]


# --- not quantities -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Traders watched the S&P 500 slip at the open.",
        "The shop sold out of the Galaxy S24 by noon.",
        "She flew on a Boeing 787 to Doha.",
        "The office is in Austin, TX 78701, near the river.",
        "Police searched a house at 14 Elm Road on Sunday.",
        "The match ended 2-2 in the rain.",
        "The fair runs Oct. 3-7 in Frankfurt.",
        "The four-door saloon arrives next year.",
        "It comes with a six-speed gearbox.",
        "Not a single vote was cast against the bill.",
        "The 5G network reaches the valley.",
        "They built the bridge with a 3D printer.",
        "1 Manchester City 38 28 5 5 94 33 89",
        "16 Erik Jones 2194 1 0 10 17 Daniel Suarez 846 0 1 4 11",
        "Call 555 123 4567 for tickets.",
        "Officials began receiving 911 calls on Tuesday afternoon.",
        "He could not walk from one room to another without help.",
        "The stalls closed one after another.",
    ],
)
def test_names_addresses_scores_dates_and_modifiers_are_no_quantities(text: str) -> None:
    assert read(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "The committee met twice last month.",
        "He has won the cup twice.",
        "Sales were twice as high as a year earlier.",
        "The new plant is twice the size of the old one.",
    ],
)
def test_twice_is_no_value(text: str) -> None:
    assert read(text) == []


# --- units with the counted thing kept apart -----------------------------------------------------


def test_pound_feet_are_torque_not_pounds_sterling() -> None:
    torque = the("The motor makes 300 pound-feet of torque.", "300")
    assert (torque.kind, torque.unit, torque.counted) == ("cardinal", "lb-ft", "torque")


def test_an_engine_size_has_its_unit_and_counts_the_engine() -> None:
    size = the("It has a 2.0-litre engine under the bonnet.", "2.0")
    assert (size.value, size.unit) == (2.0, "litre")
    assert "engine" in (size.counted or "")


# --- separators and number words by language ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Some 3 500 people marched in the capital.", "en"),
        ("Quelque 3 500 personnes ont défilé à Lyon.", "fr"),
        ("Unas 3 500 personas desfilaron en Sevilla.", "es"),
        ("Circa 3 500 persone hanno sfilato a Torino.", "it"),
        ("Cerca de 3 500 pessoas desfilaram no Porto.", "pt"),
        ("Rund 3 500 Menschen zogen durch Köln.", "de"),
    ],
)
def test_a_space_groups_thousands(text: str, language: str) -> None:
    assert [q.value for _, q in read(text, language)] == [3500]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The budget is 2 500 000 dollars.", "en"),
        ("Le budget atteint 2 500 000 euros.", "fr"),
        ("El presupuesto es de 2.500.000 euros.", "es"),
        ("Il bilancio è di 2.500.000 euro.", "it"),
        ("O orçamento é de 2.500.000 euros.", "pt"),
        ("Der Etat beträgt 2.500.000 Euro.", "de"),
    ],
)
def test_millions_grouped_by_one_mark_are_no_phone_number(text: str, language: str) -> None:
    assert [q.value for _, q in read(text, language)] == [2_500_000]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("She won 52,15 % of the ballots cast.", "en"),
        ("Elle a recueilli 52,15 % des suffrages.", "fr"),
        ("Ella logró el 52,15 % de los sufragios.", "es"),
        ("Lei ha raccolto il 52,15 % delle preferenze.", "it"),
        ("Ela recebeu 52,15 % dos sufrágios.", "pt"),
        ("Sie bekam 52,15 % der abgegebenen Stimmen.", "de"),
    ],
)
def test_a_decimal_comma_before_a_percent_sign(text: str, language: str) -> None:
    share = the(text, "52,15", language)
    assert (share.value, share.kind) == (pytest.approx(52.15), "percent")


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Près de 2,2 millions de foyers sont privés de courant.", "fr"),
        ("Casi 2,2 millones de hogares siguen sin luz.", "es"),
        ("Quasi 2,2 milioni di famiglie sono senza luce.", "it"),
        ("Quase 2,2 milhões de casas estão sem luz.", "pt"),
        ("Fast 2,2 Millionen Haushalte sind ohne Strom.", "de"),
    ],
)
def test_a_decimal_comma_before_a_scale_word(text: str, language: str) -> None:
    assert the(text, "2,2", language).value == pytest.approx(2.2e6)


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("Twenty-five pupils were hurt in the crash.", "en", 25),
        ("Vingt-cinq élèves ont été blessés dans l'accident.", "fr", 25),
        ("Trescientos vecinos se reunieron ante el ayuntamiento.", "es", 300),
        ("Venti alunni sono rimasti feriti nell'incidente.", "it", 20),
        ("Vinte alunos ficaram feridos no acidente.", "pt", 20),
        ("Zwanzig Schüler wurden bei dem Unfall verletzt.", "de", 20),
    ],
)
def test_number_words_of_the_article_s_language(text: str, language: str, value: float) -> None:
    assert [q.value for _, q in read(text, language)] == [value]


# --- ordinals, changes, the numbers of a law ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["It was his third World Cup as coach.", "The town marked the 20th anniversary of the flood."],
)
def test_an_ordinal_is_no_count(text: str) -> None:
    assert [q for _, q in read(text) if q.kind != "ordinal"] == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The retirement age rises from 62 to 64 under the plan.", "en"),
        ("L'âge légal passe de 62 à 64 ans avec la réforme.", "fr"),
    ],
)
def test_a_change_from_one_level_to_another_is_two_values(text: str, language: str) -> None:
    found = read(text, language)
    assert [(q.value, q.value_max) for _, q in found] == [(62, None), (64, None)]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("The government used article 49.3 of the constitution.", "en"),
        ("Section 230 shields the platforms from lawsuits.", "en"),
        ("Le gouvernement a recouru à l'article 49.3 de la Constitution.", "fr"),
        ("El Gobierno aplicó el artículo 155 de la Constitución.", "es"),
        ("Il governo ha invocato l'articolo 77 della Costituzione.", "it"),
        ("O tribunal citou o artigo 142 da Constituição.", "pt"),
        ("Das Gericht berief sich auf Artikel 20 des Grundgesetzes.", "de"),
    ],
)
def test_the_number_of_a_law_s_article_is_no_quantity(text: str, language: str) -> None:
    assert read(text, language) == []


@pytest.mark.parametrize(
    ("text", "surface", "bound"),
    [
        ("The clinic is about a 30-minute drive from the town.", "30", "~"),
        ("She built more than a 10-point lead in the polls.", "10", ">"),
        ("He faces nearly a 20-year sentence.", "20", "<"),
    ],
)
def test_a_bound_before_the_article_of_a_hyphenated_modifier(
    text: str, surface: str, bound: str
) -> None:
    assert the(text, surface).bound == bound


# --- the third AEB draw's classes (seed 15) -----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "low", "high"),
    [
        ("Visitors breathe 80% to 90% pure oxygen at the bar.", "80% to 90%", 80, 90),
        ("Turnout was 55%-60% in the northern districts.", "55%-60%", 55, 60),
        ("Between 40 percent and 50 percent of the staff left.", "40 percent and 50", 40, 50),
    ],
)
def test_a_share_range_with_its_sign_repeated_is_one_quantity(
    text: str, surface: str, low: float, high: float
) -> None:
    share = the(text, surface)
    assert (share.kind, share.value, share.value_max) == ("percent", low, high)
    assert len(read(text)) == 1


def test_a_change_between_two_shares_is_two_values() -> None:
    found = read("The jobless rate rose from 5% to 7% in a year.")
    assert [(q.value, q.value_max) for _, q in found] == [(5, None), (7, None)]


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("When tens of thousands more residents marched, the police withdrew.", "tens of", 1e4),
        ("Hundreds of thousands joined the strike on Monday.", "Hundreds of", 1e5),
        ("Without noticing, we eat several hundred calories a night.", "several hundred", 100),
        ("A few thousand fans waited outside the stadium.", "few thousand", 1000),
        ("The club spent several million dollars on the pitch.", "several million", 1e6),
    ],
)
def test_a_vague_multiple_of_a_scale_is_more_than_the_scale(
    text: str, surface: str, value: float
) -> None:
    quantity = the(text, surface)
    assert (quantity.value, quantity.bound) == (value, ">")


@pytest.mark.parametrize(
    ("text", "surface", "kind", "unit", "value"),
    [
        ("The console plays games at 60fps on high settings.", "60fps", "cardinal", "fps", 60),
        ("A 20Mbps line is enough for one stream.", "20Mbps", "cardinal", "Mbps", 20),
        ("The new chip is 9x faster than the old one.", "9x", "multiplicative", "times", 9),
        ("The court awarded N500m in damages to the family.", "N500m", "money", "NGN", 5e8),
        ("Farmers were paid ₦20,000 each by the state.", "20,000", "money", "NGN", 20_000),
    ],
)
def test_units_ratios_and_naira_glued_on(
    text: str, surface: str, kind: str, unit: str, value: float
) -> None:
    quantity = the(text, surface)
    assert (quantity.kind, quantity.unit, quantity.value) == (kind, unit, value)


@pytest.mark.parametrize(
    "text",
    [
        "Nurses asked for N95 masks before the shift.",
        "The showroom in Corso Monforte 15 opens a light installation.",
        "The office at Via Roma 12 closed for the holidays.",
    ],
)
def test_a_mask_s_name_and_a_house_number_after_its_street_are_no_quantities(text: str) -> None:
    assert read(text) == []


@pytest.mark.parametrize(
    ("text", "surface", "value", "bound"),
    [
        ("The survey reached ~200 households in the county.", "~200", 200, "~"),
        ("The grant is approximately ~9x as cost-effective as cash.", "9x", 9, "~"),
    ],
)
def test_a_tilde_glued_on_is_an_approximate_bound(
    text: str, surface: str, value: float, bound: str
) -> None:
    quantity = the(text, surface)
    assert (quantity.value, quantity.bound) == (value, bound)


@pytest.mark.parametrize(
    ("text", "surface", "value"),
    [
        ("The pipe is 3½ inches wide.", "3½", 3.5),
        ("Add ½ cup of sugar to the dough.", "½", 0.5),
        ("The board waited 2 1/2 hours for the vote.", "2 1/2", 2.5),
        ("The two sides could end a near 1-1/2 year trade war.", "1-1/2", 1.5),
    ],
)
def test_a_fraction_written_with_its_whole_is_one_value(
    text: str, surface: str, value: float
) -> None:
    assert the(text, surface).value == value


def test_a_date_or_a_score_with_a_slash_is_no_fraction() -> None:
    assert read("The store is open 24/7 and the vote is on 11/20.") == []


@pytest.mark.parametrize(
    ("text", "surface", "low", "high", "kind"),
    [
        ("The talks could last a day or two, officials said.", "a day or two", 1, 2, "duration"),
        ("He had a chicken wing or two before the match.", "a chicken wing or two", 1, 2, "range"),
        ("He had one or two drinks at the bar.", "one or two", 1, 2, "range"),
        ("Two or three friends joined them later.", "Two or three", 2, 3, "range"),
    ],
)
def test_one_or_two_is_a_range_of_alternatives(
    text: str, surface: str, low: float, high: float, kind: str
) -> None:
    quantity = the(text, surface)
    assert (quantity.value, quantity.value_max, quantity.kind) == (low, high, kind)
    assert len(read(text)) == 1


def test_alternatives_far_apart_stay_two_values() -> None:
    found = read("The fleet has 10 or 20 spare cars.")
    assert [(q.value, q.value_max) for _, q in found] == [(10, None), (20, None)]


@pytest.mark.parametrize(
    "text",
    [
        "She was named to the Forbes 30 Under 30 list this year.",
        "He did not think that raising 2016 elections was wise.",
        "USB 3.2 ports and iOS 13 ship with the phone.",
    ],
)
def test_a_list_s_name_a_year_before_its_event_and_a_version_are_no_quantities(
    text: str,
) -> None:
    assert read(text) == []


def test_a_year_like_count_of_people_stays_a_count() -> None:
    assert the("Police said 2010 people were arrested.", "2010").value == 2010


def test_one_of_a_counted_group_counts_one_even_after_be() -> None:
    found = read("Omar is one of the first two women elected to the council.")
    assert [q.value for _, q in found] == [1, 2]
    assert read("She is one of the first women elected to the council.") == []


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("Inflation rose 0.5% to 3.2% in May.", [(0.5, None), (3.2, None)]),
        ("Unemployment fell by 0.2 percentage points to 3.5%.", [(0.2, None), (3.5, None)]),
        ("The toll has climbed 10 to 45 overnight.", [(10, None), (45, None)]),
        ("Revenue rose $2 billion to $10 billion last year.", [(2e9, None), (1e10, None)]),
        ("Prices are expected to rise 2% to 3% next year.", [(2, 3)]),
        ("The deal is worth $1.1 billion to $1.4 billion.", [(1.1e9, 1.4e9)]),
    ],
)
def test_a_change_and_the_level_it_reached_are_two_values_a_forecast_range_one(
    text: str, values: list[tuple[float, float | None]]
) -> None:
    assert [(q.value, q.value_max) for _, q in read(text)] == values


@pytest.mark.parametrize(
    ("text", "surface", "value", "kind"),
    [
        ("After their four-game winning streak ended, they regrouped.", "four-game", 4, "cardinal"),
        ("She is a three-time champion of the event.", "three-time", 3, "cardinal"),
        ("The city lights up for the seventh year in a row.", "seventh year", 7, "ordinal"),
        ("Half the space is taken up by the German text.", "Half", 50, "percent"),
    ],
)
def test_counts_in_hyphenated_modifiers_runs_and_half_before_a_determiner(
    text: str, surface: str, value: float, kind: str
) -> None:
    quantity = the(text, surface)
    assert (quantity.value, quantity.kind) == (value, kind)


@pytest.mark.parametrize(
    "text",
    [
        "He bought a four-door car with a six-speed gearbox.",
        "In the first half the team scored twice.",
    ],
)
def test_a_feature_and_a_period_stay_no_quantities(text: str) -> None:
    assert read(text) == []


def test_a_bound_reaches_past_an_additional() -> None:
    assert the("Underwriters may buy up to an additional 15 per cent.", "15").bound == "<="


def test_a_count_before_the_modal_may_is_no_date() -> None:
    quantity = the("At least 2,000 died, and up to 10,000 may be missing.", "10,000")
    assert (quantity.value, quantity.bound) == (10_000, "<=")
    assert read("The vote is on May 5.") == []


def test_a_taiwan_dollar_is_no_us_dollar() -> None:
    quantity = the("The firm earned NT$5 billion last year.", "NT$5")
    assert (quantity.unit, quantity.value) == ("TWD", 5e9)


@pytest.mark.parametrize(
    ("text", "surface", "unit", "value"),
    [
        ("The temperature hit 47.6C in Seville on Monday, officials said.", "47.6C", "°C", 47.6),
        ("It was 45°C in the shade in Seville on Monday, officials said.", "45°C", "°C", 45),
        ("It was 113°F in Phoenix on Monday, officials said.", "113°F", "°F", 113),
    ],
)
def test_a_temperature_keeps_its_scale(text: str, surface: str, unit: str, value: float) -> None:
    quantity = the(text, surface)
    assert (quantity.unit, quantity.value) == (unit, value)


@pytest.mark.parametrize("block", ["Updated 3 hours ago", "Photo 3 of 12", "Published 2 days ago"])
def test_a_time_stamp_or_a_photo_counter_in_its_own_block_is_no_figure(block: str) -> None:
    text = f"The council approved the plan on Monday.\n\n{block}\n\nThe mayor welcomed it."
    article = Article(
        id="t",
        source="t",
        text=text,
        paragraphs=[
            Paragraph(s, s + len(p), "paragraph")
            for s, p in ((text.index(p), p) for p in text.split("\n\n"))
        ],
        language="en",
    )
    doc = nlp.load("en")(text)
    article.times = find_times(article, doc)
    assert find_quantities(article, doc) == []
