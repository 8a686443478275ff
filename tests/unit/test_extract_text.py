"""The plain-text dump cleaner on synthetic pages and on bad input."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import pytest

from counterpoint.extract.assemble import Extraction
from counterpoint.extract.text import extract_dump
from counterpoint.extract.text_lines import split_lines
from counterpoint.extract.text_meta import is_signature


def _check_offsets(raw: str, extraction: Extraction) -> None:
    for block in extraction.blocks():
        assert block.raw_start is not None and block.raw_end is not None
        assert raw[block.raw_start : block.raw_end] == block.text
    for removed in extraction.removed:
        assert 0 <= removed.raw_start <= removed.raw_end <= len(raw)
        assert removed.reason


SYNTHETIC = """\
The Example Daily

  • Home
  • World
  • Business
  • Sport
  • Culture

Town council approves the new bridge after a long debate

Residents had argued over the design for three years.

By Jane Porter
March 3, 2021

The council voted on Tuesday to approve the bridge, ending a dispute that had divided the town \
since the first plans were shown to the public in the spring of 2018.

Supporters said the crossing would cut the drive to the hospital by twenty minutes, while \
opponents worried about traffic on the narrow streets of the old quarter.

Related

Council elections set for May

New mayor sworn in

What happens next

Construction is expected to begin next year and to take about eighteen months, according to \
the engineering firm that won the contract.

Tags: bridge, council, transport

Most Read

Storm closes coastal road
Flu cases rise in January

© 2021 The Example Daily. All rights reserved.
"""


@pytest.mark.xfail(reason="known weakness: text resuming after a teaser block on a short page")
def test_synthetic_page_resumes_after_related_block() -> None:
    extraction = extract_dump(SYNTHETIC)
    texts = [block.text for block in extraction.body]
    assert texts[-1].startswith("Construction is expected")
    kinds = {block.text: block.kind for block in extraction.body}
    assert kinds["What happens next"] == "heading"


def test_synthetic_page_keeps_article_and_reads_metadata() -> None:
    extraction = extract_dump(SYNTHETIC)
    _check_offsets(SYNTHETIC, extraction)
    assert extraction.title is not None
    assert extraction.title.text == "Town council approves the new bridge after a long debate"
    assert extraction.subtitle is not None
    assert extraction.subtitle.text == "Residents had argued over the design for three years."
    texts = [block.text for block in extraction.body]
    assert texts[0].startswith("The council voted on Tuesday")
    assert not any("Council elections" in text or "New mayor" in text for text in texts)
    assert extraction.byline == "Jane Porter"
    assert extraction.published == datetime(2021, 3, 3, tzinfo=UTC)
    assert extraction.tags == ["bridge", "council", "transport"]
    assert extraction.outlet == "The Example Daily"
    teaser = SYNTHETIC.index("Council elections")
    assert any(b.raw_start <= teaser < b.raw_end for b in extraction.removed)


STACKED_HEADLINES = """\
The Lakeside Courier

  • Home
  • Region
  • Business
  • Sign in
LATEST
Ferry timetable changes from Monday
Library extends weekend opening hours

Harbour authority approves new breakwater for the east quay

Engineers say the wall will protect fishing boats from winter storms while leaving room for \
the ferry to turn

  • By Tomas Gray
  • 12 Feb 2024 09:15

The harbour authority on Monday approved a new breakwater for the east quay, after a winter in \
which storms damaged more than forty fishing boats moored along the old wall.

The wall will be built from granite blocks quarried inland and is expected to cost about four \
million euros, according to the authority's annual plan published last month.

Fishermen welcomed the decision but asked that work be scheduled outside the spring season, \
when most of the fleet is at sea and the quay is at its busiest.

Most Read

Ferry timetable changes from Monday
"""


def test_stacked_headlines_give_title_over_unpunctuated_dek() -> None:
    extraction = extract_dump(STACKED_HEADLINES)
    _check_offsets(STACKED_HEADLINES, extraction)
    assert extraction.title is not None
    assert extraction.title.text == "Harbour authority approves new breakwater for the east quay"
    assert extraction.subtitle is not None
    assert extraction.subtitle.text.startswith("Engineers say the wall")
    assert extraction.subtitle.text.endswith("room for the ferry to turn")
    assert extraction.byline == "Tomas Gray"
    assert extraction.published == datetime(2024, 2, 12, 9, 15, tzinfo=UTC)
    texts = [block.text for block in extraction.body]
    assert texts[0].startswith("The harbour authority on Monday")
    assert not any(text.startswith("Engineers say") for text in texts)


def test_syndicated_copy_names_its_publisher_and_generic_source_does_not() -> None:
    paragraph = (
        "The ministry said on Monday that the new rules would apply to every port in the "
        "country from the start of next month, after two years of consultation."
    )
    page = f"Ports get new rules\n\n{paragraph}\n\n{paragraph.replace('Monday', 'Friday')}\n\n"
    syndicated = extract_dump(page + "This article was first published by The Harbour Times.\n")
    assert syndicated.original_publisher == "The Harbour Times"
    generic = extract_dump("Source: news agencies\n\n" + page)
    assert generic.original_publisher is None


def test_empty_and_blank_input() -> None:
    assert extract_dump("").body == []
    assert extract_dump("\n \n\t\n").title is None


def test_binary_junk_is_refused() -> None:
    junk = bytes(range(256)).decode("latin-1") * 100
    with pytest.raises(ValueError):
        extract_dump(junk)


def test_huge_single_line_finishes_in_bounded_time() -> None:
    sentence = "The committee met again today and agreed on a plan for the coming year. "
    text = sentence * 70_000  # about 5 MB with no newline at all
    started = time.perf_counter()
    extraction = extract_dump(text)
    elapsed = time.perf_counter() - started
    print(f"5 MB single line: {elapsed:.2f}s")
    assert elapsed < 10
    _check_offsets(text, extraction)


def test_too_large_input_is_refused() -> None:
    with pytest.raises(ValueError):
        extract_dump("x" * 64_000_001)


def test_a_masthead_in_capitals_takes_the_case_the_page_writes_it_in() -> None:
    from counterpoint.extract.text_lines import split_lines
    from counterpoint.extract.text_meta import find_outlet

    page = (
        "THE QUAYSIDE POST\n\n  • News\n  • Sport\n\nFerry timetable changes from Monday\n\n"
        "Passengers told The Quayside Post the new times suit commuters better.\n\n"
        "THE QUAYSIDE POST\n"
    )
    assert find_outlet(split_lines(page), "Ferry timetable changes from Monday") == (
        "The Quayside Post"
    )


COMMENTED_PAGE = """\
Harbour works begin on the east quay after years of delay

The first barges arrived on Monday to start rebuilding the east quay, a project the harbour \
authority first proposed more than a decade ago and delayed twice for lack of money.

Engineers expect the new wall to protect the fishing fleet from winter storms that have \
damaged boats and moorings in each of the past three years, the authority said.

Work is due to finish before the autumn, when the fleet returns from its summer grounds \
further along the coast and needs every berth the harbour can offer.

42 Comments

I have lived by this harbour all my life and I have never seen the authority move this fast \
on anything, so I will believe the finish date when I see the boats tied up safely.

The real question nobody is asking is who pays when the budget runs over, as it always does \
on these projects, and whether the fishermen will see their mooring fees go up again.

My grandfather worked on the old wall in the fifties and he always said it would not last \
another storm season, so it is good that someone is finally listening to the people here.
"""


def test_readers_comments_end_the_article() -> None:
    extraction = extract_dump(COMMENTED_PAGE)
    _check_offsets(COMMENTED_PAGE, extraction)
    texts = [block.text for block in extraction.body]
    assert texts[0].startswith("The first barges arrived")
    assert texts[-1].startswith("Work is due to finish")
    assert any(block.reason == "comments" for block in extraction.removed)


def _article_with_closing_list(items: list[str]) -> str:
    paragraphs = [
        f"The orchestra announced on Monday that it will travel to {n} cities next spring, "
        "the longest run of concerts it has played since it was founded, and tickets go on "
        "sale next week."
        for n in range(3, 9)
    ]
    return "\n\n".join(
        [
            "Home   News   Music",
            "Orchestra plans its longest tour",
            *paragraphs,
            "Spring tour dates:",
            "\n".join(items),
            "Privacy policy   Terms of use",
        ]
    )


def test_a_list_under_a_closing_heading_that_follows_one_template_is_kept() -> None:
    dates = [f"April {day} -- Concert Hall, City {day}, ST" for day in range(2, 9)]
    raw = _article_with_closing_list(dates)
    extraction = extract_dump(raw)
    _check_offsets(raw, extraction)
    texts = [block.text for block in extraction.body]
    assert texts[-8:] == ["Spring tour dates:", *dates]


def test_repeated_placeholders_after_a_heading_are_not_a_closing_list() -> None:
    raw = _article_with_closing_list(["[gallery image 1]"] * 7)
    texts = [block.text for block in extract_dump(raw).body]
    assert texts[-1].startswith("The orchestra announced")


DATE_LINES = [
    ("Publié le 3 mars 2024 à 10h12", datetime(2024, 3, 3, 10, 12, tzinfo=UTC)),
    (
        "Publié le 3 mars 2024 à 10h12, mis à jour le 4 mars 2024 à 08h05",
        datetime(2024, 3, 3, 10, 12, tzinfo=UTC),
    ),
    ("Publicado em 12 de maio de 2023", datetime(2023, 5, 12, tzinfo=UTC)),
    ("Veröffentlicht am 7. Juni 2022", datetime(2022, 6, 7, tzinfo=UTC)),
    ("Stand: 07.06.2022", datetime(2022, 6, 7, tzinfo=UTC)),
    ("05/10/2018 - Publicado por: Ana Lima", datetime(2018, 10, 5, tzinfo=UTC)),
    ("05/10/2018", datetime(2018, 5, 10, tzinfo=UTC)),
    ("14 de enero de 2024", datetime(2024, 1, 14, tzinfo=UTC)),
    ("Pubblicato il 2 luglio 2021", datetime(2021, 7, 2, tzinfo=UTC)),
    ("Gepubliceerd op 3 maart 2024 10:12", datetime(2024, 3, 3, 10, 12, tzinfo=UTC)),
    ("Published 3 March 2024, updated 4 March 2024", datetime(2024, 3, 3, tzinfo=UTC)),
    ("12 Feb 2024 09:15", datetime(2024, 2, 12, 9, 15, tzinfo=UTC)),
]


@pytest.mark.parametrize(("line", "expected"), DATE_LINES)
def test_date_lines_in_several_languages(line: str, expected: datetime) -> None:
    from counterpoint.extract.text_lines import split_lines
    from counterpoint.extract.text_meta import find_published

    assert find_published(split_lines(line)) == expected


def test_sentences_and_headlines_with_a_month_are_no_date() -> None:
    from counterpoint.extract.text_lines import split_lines
    from counterpoint.extract.text_meta import find_published

    for line in [
        "Le marché de mai 2024 ouvre ses portes",
        "Im Mai 2023 stiegen die Exporte um vier Prozent gegenüber dem Vorjahr.",
        "La giunta ha approvato il bilancio il 2 luglio 2021 dopo una lunga seduta notturna",
    ]:
        assert find_published(split_lines(line)) is None, line


FRENCH_PAGE = """\
Le Courrier du Port

  • Accueil
  • Région
  • Économie
EN CE MOMENT
Les ferries reprennent leur service
2 janvier 2024

Le port approuve une nouvelle digue pour le quai est

  • Par Claire Martin
  • Publié le 12 février 2024 à 09h15

L'autorité portuaire a approuvé lundi une nouvelle digue pour le quai est, après un hiver \
au cours duquel les tempêtes ont endommagé plus de quarante bateaux de pêche.

La digue sera construite en blocs de granit et devrait coûter environ quatre millions \
d'euros, selon le plan annuel de l'autorité publié le mois dernier.

Les pêcheurs ont salué la décision mais demandent que les travaux aient lieu hors de la \
saison de printemps, lorsque la flotte est en mer et que le quai est le plus fréquenté.
"""


def test_article_date_in_french_header_and_not_the_tickers() -> None:
    from counterpoint.extract.text_lines import split_lines
    from counterpoint.extract.text_meta import find_published

    # the ticker's date line comes first on the page, but it is not in the article's header
    assert find_published(split_lines(FRENCH_PAGE)) == datetime(2024, 1, 2, tzinfo=UTC)
    extraction = extract_dump(FRENCH_PAGE)
    _check_offsets(FRENCH_PAGE, extraction)
    assert extraction.published == datetime(2024, 2, 12, 9, 15, tzinfo=UTC)


BOX_INSIDE_STORY = """\
The Harbour Gazette

  • News
  • Sport
  • Weather

Ferry operator agrees to keep the winter service running

The island council and the ferry operator reached a deal on Wednesday that keeps two daily \
crossings running through the winter months, after weeks of talks over the subsidy.

The operator had warned in October that it would cut the service to three crossings a week \
unless the council covered the rising cost of fuel and crew.

The council leader said in a statement: "Islanders told us clearly that the ferry is their \
lifeline to the hospital, the schools and their jobs on the mainland.

More from Island News

  • Lighthouse keeper's cottage opens as a small museum
  • School choir wins the regional singing contest in the capital again
  • Fishing fleet reports its best mackerel season in a decade
  • New bus timetable for the north of the island starts in March

"We will pay the difference this year and review the contract with the operator in spring."

Under the deal the council will pay an extra subsidy for the winter, and the operator will \
publish its fuel costs every month so that the payment can be checked by the auditors.

Passengers' groups welcomed the agreement but said the timetable still left commuters with a \
long wait on the mainland in the evening, and asked for a later sailing on Fridays.

© 2024 The Harbour Gazette
"""


def test_article_goes_on_after_a_box_of_teaser_headlines() -> None:
    extraction = extract_dump(BOX_INSIDE_STORY)
    texts = [block.text for block in extraction.body]
    assert any(text.startswith("Passengers' groups welcomed") for text in texts)
    assert any(text.startswith('"We will pay the difference') for text in texts)
    assert not any("Lighthouse keeper" in text or "mackerel" in text for text in texts)


BLURBS_AFTER_STORY = BOX_INSIDE_STORY.replace(
    """  • Lighthouse keeper's cottage opens as a small museum
  • School choir wins the regional singing contest in the capital again
  • Fishing fleet reports its best mackerel season in a decade
  • New bus timetable for the north of the island starts in March

""",
    """Sam Keller

The lighthouse keeper's cottage on the northern cape opened on Saturday as a small museum \
about the people who kept the light burning for two hundred years.

""",
)


def test_teaser_blurbs_after_a_closing_cue_are_not_the_article_going_on() -> None:
    extraction = extract_dump(BLURBS_AFTER_STORY)
    texts = [block.text for block in extraction.body]
    assert texts[-1].startswith("The council leader said")
    assert not any("cottage on the northern cape" in text for text in texts)


FRENCH_CUES_PAGE = """\
Le Courrier du Lac

  • Accueil
  • Région
  • Sports

Le conseil municipal adopte le nouveau plan de circulation du centre-ville

Le conseil municipal a adopté mardi soir le nouveau plan de circulation, qui réserve la rue \
principale aux piétons et aux cyclistes à partir du mois de juin.

Les commerçants du centre, inquiets pour leur chiffre d'affaires, ont obtenu que les livraisons \
restent autorisées le matin avant dix heures.

Lire aussi

Travaux sur le pont

Nouveau parking

Le maire a promis une première évaluation du plan à l'automne, avec les associations \
d'habitants et la chambre de commerce, avant de l'étendre aux quartiers voisins.

Commentaires

Enfin une bonne nouvelle pour les familles qui viennent au marché le samedi avec les enfants.

Je crains surtout que les bus soient encore plus lents aux heures de pointe, comme toujours.
"""


def test_french_cues_drop_teasers_and_end_at_the_comments() -> None:
    extraction = extract_dump(FRENCH_CUES_PAGE)
    texts = [block.text for block in extraction.body]
    assert any(text.startswith("Le conseil municipal a adopté") for text in texts)
    assert texts[-1].startswith("Le maire a promis")
    assert not any("Nouveau parking" in text or "bonne nouvelle" in text for text in texts)


BYLINES = [
    ("By Odile Marchetti", "Odile Marchetti"),
    ("Written by Odile Marchetti | The Harbour Post", "Odile Marchetti"),
    ("Posted by Odile Marchetti on March 3, 2024, 9:10 AM", "Odile Marchetti"),
    ("By Odile Marchetti March 3, 2024", "Odile Marchetti"),
    ("By Odile Marchetti Updated Mar 3, 2024", "Odile Marchetti"),
    ("By Odile Marchetti@omarchetti 2 hours ago", "Odile Marchetti"),
    ("By Theresa May", "Theresa May"),
    ("Author: Odile Marchetti (Harbour Wire)", "Odile Marchetti"),
    ("By Odile Marchetti and Ravi Kohli", "Odile Marchetti and Ravi Kohli"),
    (
        "By Odile Marchetti, Ravi Kohli and Sam Oyelaran",
        "Odile Marchetti, Ravi Kohli and Sam Oyelaran",
    ),
    ("Par Clémence Aubert et Hugo Lenoir", "Clémence Aubert et Hugo Lenoir"),
    ("Texte : Clémence Aubert", "Clémence Aubert"),
    ("Auteur : Hugo Lenoir - 3 mars 2024", "Hugo Lenoir"),
    ("Publié par Hugo Lenoir le 3 mars 2024", "Hugo Lenoir"),
    ("Por Inés Valverde y Tomás Arroyo", "Inés Valverde y Tomás Arroyo"),
    ("Escrito por Inés Valverde", "Inés Valverde"),
    ("Publicado por: Rui Albuquerque", "Rui Albuquerque"),
    ("Por Rui Albuquerque e Lia Sampaio", "Rui Albuquerque e Lia Sampaio"),
    ("Von Jonas Brenninger und Lea Falk | Nordwind Kurier", "Jonas Brenninger und Lea Falk"),
    ("Autor: Jonas Brenninger", "Jonas Brenninger"),
    ("Von Ursula von der Aue", "Ursula von der Aue"),
    ("di Chiara Benvenuti", "Chiara Benvenuti"),
    ("Autore: Chiara Benvenuti", "Chiara Benvenuti"),
    ("a cura di Chiara Benvenuti", "Chiara Benvenuti"),
    ("Door Sanne de Wit", "Sanne de Wit"),
    ("Door Sanne de Wit en Bram Kok", "Sanne de Wit en Bram Kok"),
]

NOT_BYLINES = [
    "Por otro lado, el puerto reabrirá en mayo",
    "Von Berlin aus fahren die Züge seltener",
    "Von Berlin-Mitte aus gesehen",
    "Von Hamburg/Altona aus",
    "Par la suite, le port a fermé",
    "Por qué sube el precio del pan",
    "Door de storm vielen veerboten uit",
    "Di Lorenzo incontra i pescatori del porto",  # a capitalised "Di" opens a surname
    "Di Lorenzo, Bassi e Conti",
    "By Monday, the council had agreed",
    "By the numbers: a year at the harbour",
    "Text Messages Reveal Harbour Plan",
    "By subject",
    "by odile marchetti",
    "By Odile Marchetti, who has covered the port for years",
    "By Odile Marchetti.  Ravi Kohli said the port would reopen.",
]


@pytest.mark.parametrize(("line", "name"), BYLINES)
def test_bylines_in_several_languages_give_the_names(line: str, name: str) -> None:
    from counterpoint.extract.text_lines import split_lines
    from counterpoint.extract.text_meta import find_byline

    assert find_byline(split_lines(line)) == name


@pytest.mark.parametrize("line", NOT_BYLINES)
def test_sentences_and_headlines_after_a_byline_word_are_no_byline(line: str) -> None:
    from counterpoint.extract.text_lines import split_lines
    from counterpoint.extract.text_meta import BYLINE, find_byline

    assert find_byline(split_lines(line)) is None
    assert BYLINE.match(line) is None


def test_byline_in_a_french_dump_header() -> None:
    assert extract_dump(FRENCH_PAGE).byline == "Claire Martin"


def test_byline_pattern_is_fast_on_a_long_name_like_line() -> None:
    from counterpoint.extract.text_meta import BYLINE

    lines = [
        "By Odile Marchetti, " + "Harbour 1, " * 20_000 + "x",
        "By " + "Odile Marchetti, " * 20_000 + "x",
        "By Odile" + " - Harbour Post 1" * 20_000 + "|",
    ]
    started = time.perf_counter()
    for line in lines:
        BYLINE.match(line)
    assert time.perf_counter() - started < 1


@pytest.mark.parametrize(
    ("line", "signed"),
    [
        ("By admin - 2018-09-16", True),
        ("par rédaction | 12 mars 2021", True),
        ("By staff, May 3 2020", True),
        ("By Ana Lima", True),
        ("By the numbers: 2019 in review", False),
        ("Par défaut, 3 options", False),
        ("By admin", False),
    ],
)
def test_signature_lines_are_told_from_headlines(line: str, signed: bool) -> None:
    assert is_signature(line) is signed


@pytest.mark.parametrize(
    "line_above",
    ["Wednesday 20 November 2019 9:22 am", "print header logo https://www.harbourpost.example/"],
)
def test_a_date_or_logo_line_over_the_headline_is_not_the_title(line_above: str) -> None:
    page = (
        f"{line_above}\n\n"
        "Harbour authority to sell the old ferry terminal\n\n"
        "The harbour authority will sell the old ferry terminal to the city for four million "
        "euros, ending a decade of talks over the future of the building on the east quay.\n\n"
        "The city plans to turn the terminal into a market hall and a museum of the harbour, "
        "with work starting next spring and the first stalls open by the end of the year.\n"
    )
    extraction = extract_dump(page)
    assert extraction.title is not None
    assert extraction.title.text == "Harbour authority to sell the old ferry terminal"


def test_unnamed_signature_is_not_the_title() -> None:
    page = (
        "Harbour lights festival returns for its seventh winter\n\n"
        "By admin - 2023-11-02\n\n"
        "Thirty light installations will appear along the canals of the old town from the first "
        "of December, with artists from sixteen countries taking part this year.\n\n"
        "Visitors can follow the route on foot, by bike or by boat, and for the first time they "
        "can vote for their favourite work before the festival closes in January.\n"
    )
    extraction = extract_dump(page)
    assert extraction.title is not None
    assert extraction.title.text == "Harbour lights festival returns for its seventh winter"


ROWING_STORY = (
    "Harbour rowing club wins the national title after a decade\n\n"
    "The Harbour rowing club won the national title on Sunday for the first time in a "
    "decade, beating the defending champions by half a length on the river.\n\n"
    "The crew trained through the winter on the flooded canal, the coach said, and the "
    "club will now send two boats to the European championships in June.\n"
)


def test_title_is_the_headline_the_lede_retells_not_the_nearest_label() -> None:
    page = "The Riverside Post\n\nSport\n\n" + ROWING_STORY.replace(
        "decade\n\n", "decade\n\nMaria Lopes\n\nWeekend Edition\n\n", 1
    )
    extraction = extract_dump(page)
    assert extraction.title is not None
    assert extraction.title.text == "Harbour rowing club wins the national title after a decade"


@pytest.mark.parametrize(
    ("line", "published"),
    [
        ("By admin - 2018-09-16", datetime(2018, 9, 16, tzinfo=UTC)),
        (
            "Posted by Ana Lima on November 19, 2019, 6:21 AM EST",
            datetime(2019, 11, 19, 11, 21, tzinfo=UTC),  # the zone it names is kept
        ),
        ("Par Claire Martin | 12 mars 2021", datetime(2021, 3, 12, tzinfo=UTC)),
        ("By Ana Lima | Fox News", None),
        ("By Ana Lima Updated Nov 13, 2019, 10:28am EST", None),
        ("September 10, 2018 | by Ana Lima", datetime(2018, 9, 10, tzinfo=UTC)),
        ("11/19/2019 by Ana Lima", datetime(2019, 11, 19, tzinfo=UTC)),
    ],
)
def test_date_closing_a_signature_is_the_publication_date(
    line: str, published: datetime | None
) -> None:
    from counterpoint.extract.text_lines import split_lines
    from counterpoint.extract.text_meta import find_published

    assert find_published(split_lines(line)) == published


def test_menu_items_repeated_at_the_top_are_not_the_outlet() -> None:
    story = ROWING_STORY + "\n"
    menu_first = "Home\n\n  • Sport\n  • Weather\n\n" + story + "Home\n\n  • Sport\n"
    assert extract_dump(menu_first).outlet is None
    masthead_first = "The Riverside Post\n\n  • Sport\n\n" + story + "The Riverside Post\n"
    assert extract_dump(masthead_first).outlet == "The Riverside Post"


@pytest.mark.parametrize(
    ("line", "name"),
    [
        ("September 10, 2018 | by Ana Lima", "Ana Lima"),
        ("Monday November 18, 2019 7:45 am PST by Rui Costa", "Rui Costa"),
        ("By Eva Reis On 11/13/19 at 4:00 PM EST", "Eva Reis"),
        ("Tested by: Tom Gray RRP: 49.95 Euro", None),
        ("In 2019 by all accounts the year was good", None),
    ],
)
def test_bylines_after_their_date(line: str, name: str | None) -> None:
    from counterpoint.extract.text_lines import split_lines
    from counterpoint.extract.text_meta import find_byline

    assert find_byline(split_lines(line)) == name


def test_byline_printed_over_the_headline() -> None:
    page = "The Riverside Post\n\nBy Maria Lopes\n\n" + ROWING_STORY
    extraction = extract_dump(page)
    assert extraction.byline == "Maria Lopes"


def _hard_wrapped(paragraphs: list[str], width: int = 76) -> str:
    """Paragraphs as a text tool wraps them; "* " items continue under their text."""
    import textwrap

    blocks = []
    for paragraph in paragraphs:
        indent = "    " if paragraph.startswith("  * ") else ""
        blocks.append("\n".join(textwrap.wrap(paragraph, width, subsequent_indent=indent)))
    return "\n\n".join(blocks) + "\n"


WRAPPED_PAGE = _hard_wrapped(
    [
        "The Riverside Post",
        "Harbour rowing club wins the national title after a decade",
        "The Harbour rowing club won the national title on Sunday for the first time in a "
        "decade, beating the defending champions by half a length on a windy afternoon on "
        "the river, in front of a crowd of several thousand people.",
        "The crew trained through the winter on the flooded canal, the coach said, and the "
        "club will now send two boats to the European championships in June, where it last "
        "raced eleven years ago with a crew of students from the technical college.",
        "  * The club's youngest rower, who is sixteen, joined the eight only in March after "
        "a trial on the canal that the coach called the best he had seen.",
        "  * Its oldest, a retired ferry pilot, has rowed for the club since 1984.",
        '"We did not expect this when the season started," the captain told the crowd after '
        "the race, holding the trophy over her head on the landing stage as the rain began.",
    ]
)


def test_hard_wrapped_paragraphs_are_joined_back() -> None:
    from counterpoint.extract.text_lines import _physical_lines, split_lines, wrap_width

    assert wrap_width(WRAPPED_PAGE, _physical_lines(WRAPPED_PAGE)) is not None
    lines = split_lines(WRAPPED_PAGE)
    texts = [" ".join(line.text.split()) for line in lines]
    assert any(t.startswith("The Harbour rowing club won") and t.endswith("people.") for t in texts)
    assert any(t.startswith("The club's youngest") and t.endswith("had seen.") for t in texts)
    assert "Its oldest, a retired ferry pilot, has rowed for the club since 1984." in texts
    for line in lines:
        assert WRAPPED_PAGE[line.start : line.end] == line.text
    extraction = extract_dump(WRAPPED_PAGE)
    _check_offsets(WRAPPED_PAGE, extraction)
    body = [" ".join(block.text.split()) for block in extraction.body]
    assert body[0].startswith("The Harbour rowing club won") and body[0].endswith("people.")
    assert body[-1].endswith("as the rain began.")


def test_one_paragraph_per_line_is_not_read_as_wrapped() -> None:
    from counterpoint.extract.text_lines import _physical_lines, wrap_width

    for page in (SYNTHETIC, BOX_INSIDE_STORY, FRENCH_CUES_PAGE):
        assert wrap_width(page, _physical_lines(page)) is None


def test_clean_article_text_keeps_its_opening_paragraph() -> None:
    text = (
        "The council approved the budget on Monday after a long debate about the cost of the "
        "new bridge and the library.\n\n"
        '"We had to make choices," the mayor said.\n\n'
        "The budget includes money for two new buses.\n\n"
        "It takes effect in January.\n"
    )
    body = [block.text for block in extract_dump(text).body]
    assert body[0].startswith("The council approved the budget")


def test_date_after_an_unlabelled_name_comes_before_a_teasers_date() -> None:
    from counterpoint.extract.text_lines import split_lines
    from counterpoint.extract.text_meta import find_published

    header = "Rui Costa November 20, 2019 12:32\nMORE STORIES\nOld harbour story\nMay 15, 2017\n"
    assert find_published(split_lines(header)) == datetime(2019, 11, 20, 12, 32, tzinfo=UTC)
    assert find_published(split_lines("LA 2016: Harbour show opens\n")) is None


def test_in_this_photo_caption_is_a_caption_not_body() -> None:
    caption = (
        "In this photo issued by the harbour authority, rowers carry their boat to the "
        "landing stage before the final on Sunday."
    )
    page = ROWING_STORY.replace("decade\n\n", f"decade\n\n{caption}\n\n", 1) + (
        "\nThe club's boathouse, built in 1931, will be repaired with part of the prize "
        "money, the treasurer said after the race.\n"
    )
    extraction = extract_dump(page)
    assert caption in extraction.captions
    assert not any(block.text == caption for block in extraction.body)


def test_bulleted_items_a_kept_sentence_introduces_are_body() -> None:
    from counterpoint.extract.options import DEFAULT_OPTIONS
    from counterpoint.extract.text import _with_introduced_lists
    from counterpoint.extract.text_lines import split_lines

    page = (
        "The prize money will pay for three things the club has long needed:\n"
        "  • Boathouse roof\n  • Training boats\n  • Junior coach\n\n"
        "Share this:\n  • Facebook\n  • E-mail\n"
    )
    lines = split_lines(page)
    reasons = {i: "boilerplate" for i in range(1, len(lines))}
    # The intro is kept: its items join it. "Share this:" is not: its items stay out.
    assert _with_introduced_lists(lines, [0], reasons, DEFAULT_OPTIONS) == [0, 1, 2, 3]
    assert 1 not in reasons and reasons[5] == "boilerplate"


def test_more_from_the_author_or_the_web_is_not_the_outlet() -> None:
    from counterpoint.extract.text_meta import find_outlet

    lines = split_lines("Story\n\nMore from Ana Lima\n\nMore From The Web\n")
    assert find_outlet(lines, "Story", "Ana Lima") is None
    assert find_outlet(split_lines("Story\n\nMore from Harbour Gazette\n"), "Story") == (
        "Harbour Gazette"
    )


def test_ticker_of_other_stories_is_dropped_however_article_like() -> None:
    ticker = (
        "Breaking News\n\n"
        "  • Ferry strike called off after late talks HARBOURTON: Unions and the ferry operator "
        "agreed on Tuesday night to a new pay deal that ends the strike.\n"
        "  • Library reopens after the flood NORTHGATE: The town library reopened on Monday "
        "after four months of repairs to the ground floor and the archive.\n\n"
    )
    extraction = extract_dump("The Riverside Post\n\n" + ticker + ROWING_STORY)
    body = " ".join(block.text for block in extraction.body)
    assert "Harbour rowing club won the national title" in body
    assert "Ferry strike" not in body and "Library reopens" not in body


def _thread_page() -> str:
    comment = (
        "I read the whole report and I think the council has underestimated how much traffic "
        "the new crossing will bring into the old quarter, where the streets are narrow."
    )
    posts = []
    for n, name in enumerate(["Ana Lima", "Rui Sousa", "Eva Reis", "Tom Hart"]):
        posts += [f"  • {name} on May {n + 3}, 2021 at {n + 4}:47 pm said:", "", comment, ""]
    return "\n".join(
        [
            "The Example Daily",
            "",
            "  • Home",
            "  • News",
            "",
            "Open thread for May",
            "",
            "Tell us what you think of the bridge plans.",
            "",
            "Comments",
            "",
            *posts,
            "Comments are closed.",
        ]
    )


def test_a_thread_of_signed_posts_under_a_comments_heading_is_not_the_article() -> None:
    raw = _thread_page()
    extraction = extract_dump(raw)
    _check_offsets(raw, extraction)
    assert not any("underestimated" in block.text for block in extraction.body)
    assert any(block.reason == "comments" for block in extraction.removed)


def test_a_comments_heading_over_the_article_header_does_not_end_it() -> None:
    raw = SYNTHETIC.replace("Town council approves", "Comments\n\nTown council approves")
    texts = [block.text for block in extract_dump(raw).body]
    assert texts[0].startswith("The council voted on Tuesday")


def test_a_bare_tags_label_ends_the_article() -> None:
    paragraph = (
        "The council voted on Tuesday to approve the bridge, ending a dispute that had divided "
        "the town since the first plans were shown to the public in the spring of 2018."
    )
    sidebar = (
        "Click on the photo of our columnist and read every column he writes about racing, "
        "the drivers and the teams for this site."
    )
    raw = "\n\n".join(
        ["Bridge approved", paragraph, paragraph, "Tags", "  • bridge\n  • council", sidebar]
    )
    extraction = extract_dump(raw)
    texts = [block.text for block in extraction.body]
    assert texts == [paragraph, paragraph]
    assert extraction.tags == ["bridge", "council"]


def test_image_and_ad_placeholders_are_not_body() -> None:
    raw = SYNTHETIC.replace(
        "Supporters said",
        "[INS::INS]\n\n[bridge-photo-2021] [logo]\n\nnew-bridge-design-2021-03\n\nSupporters said",
    )
    extraction = extract_dump(raw)
    _check_offsets(raw, extraction)
    assert not any("[" in block.text or "-03" in block.text for block in extraction.body)


def test_introduced_items_go_on_over_their_links_and_past_placeholders() -> None:
    from counterpoint.extract.options import DEFAULT_OPTIONS
    from counterpoint.extract.text import _with_introduced_lists

    page = (
        "Here are the deals we picked for this week:\n\n"
        "1) Wooden train set\nhttps://example.com/a\n[train-300x300]\n"
        "2) Board game for four\n\nhttps://example.com/b\n\n"
        "3) Kite with a long tail\nhttps://example.com/c\n\n"
        "Subscribe to our newsletter\n"
    )
    lines = split_lines(page)
    reasons = {i: "boilerplate" for i in range(1, len(lines))}
    # Each item's link is kept, the image name is not, and the list ends with its last item.
    assert _with_introduced_lists(lines, [0], reasons, DEFAULT_OPTIONS) == [0, 1, 2, 4, 5, 6, 7]
    assert reasons[3] == "image placeholder" and reasons[8] == "boilerplate"


def test_a_closing_list_a_kept_line_introduces_is_no_trailing_label() -> None:
    from counterpoint.extract.options import DEFAULT_OPTIONS
    from counterpoint.extract.text import _article_lines

    paragraph = (
        "The club has sold its old boats and bought a new set for the juniors, who train on "
        "the river three evenings a week."
    )
    page = (
        f"{paragraph}\n\nThe new season brings:\n"
        "  • Evening races on the lower river\n  • A coaching course for parents\n\n"
        "Club shop\n"
    )
    lines = split_lines(page)
    kept = _article_lines(lines, [0.9] * len(lines), 0.3, {}, DEFAULT_OPTIONS)
    # The list and its intro stay; the label after them does not.
    assert kept == [0, 1, 2, 3]
    bare = split_lines(f"{paragraph}\n\n  • Evening races on the lower river\n")
    assert _article_lines(bare, [0.9, 0.9], 0.3, {}, DEFAULT_OPTIONS) == [0]


@pytest.mark.parametrize(
    ("line", "dek"),
    [
        ("NEW YORK (Reuters) - Oil prices fell sharply on Tuesday on fears of oversupply.", False),
        ("LOS ANGELES (AP) — To the coach, a winning streak is not the goal at all.", False),
        ("WASHINGTON — The Senate passed the bill late on Tuesday after a long debate.", False),
        ("The council voted to approve the bridge after three years of argument.", True),
        ("CHINA has sent troops to the border in a bid to restore order there.", True),
    ],
)
def test_a_paragraph_opening_with_a_dateline_is_no_dek(line: str, dek: bool) -> None:
    from counterpoint.extract.options import DEFAULT_OPTIONS
    from counterpoint.extract.text import _is_dek_shaped

    assert _is_dek_shaped(split_lines(line)[0], DEFAULT_OPTIONS) is dek


@pytest.mark.parametrize(
    "line",
    [
        "Image caption The new bridge seen from the harbour on the day it opened",
        "(Image credit: Harbour Rowing Club)",
        "Image 2 of 5",
    ],
)
def test_lines_under_a_caption_label_are_captions(line: str) -> None:
    from counterpoint.extract.text_meta import find_captions

    paragraph = "The council voted on Tuesday to approve the bridge after three years of debate."
    lines = split_lines(f"{paragraph}\n\n{line}\n\n{paragraph}\n")
    captions, used = find_captions(lines, None)
    assert used == {1} and captions == [line]
    assert find_captions(split_lines(f"{paragraph}\n\nImages of the bridge\n"), None)[1] == set()


@pytest.mark.parametrize(
    ("line", "cue"),
    [
        ("34 responses to “Bridge approved after a long debate”", True),
        ("One thought on “Bridge approved”", True),
        ("10 comments on 'Bridge approved'", True),
        ("34 responses to the survey came from the old quarter.", False),
    ],
)
def test_a_blog_s_count_of_responses_to_its_title_opens_the_comments(line: str, cue: bool) -> None:
    from counterpoint.extract.text import COMMENTS_CUE

    assert bool(COMMENTS_CUE.match(line)) is cue


def test_a_closing_calendar_whose_items_follow_one_template_is_no_trailing_label() -> None:
    from counterpoint.extract.options import DEFAULT_OPTIONS
    from counterpoint.extract.text import _article_lines

    paragraph = (
        "The championship has published its calendar for the new season, with twelve rounds "
        "and two tracks that are still to be named."
    )
    rounds = [f"Round {n}: {n + 3} May - Harbour Park {n}" for n in range(1, 7)]
    lines = split_lines("\n".join([paragraph, "", *rounds, "", "Share this"]))
    kept = _article_lines(lines, [0.9] * len(lines), 0.3, {}, DEFAULT_OPTIONS)
    assert kept == list(range(7))
    # Fewer items than a list needs are labels like any other.
    short = split_lines("\n".join([paragraph, "", *rounds[:2]]))
    assert _article_lines(short, [0.9] * len(short), 0.3, {}, DEFAULT_OPTIONS) == [0]


def test_the_post_above_a_thread_is_the_paragraphs_under_its_byline() -> None:
    from counterpoint.extract.options import DEFAULT_OPTIONS
    from counterpoint.extract.text import _signed_paragraphs_above

    page = (
        "Search our site for past threads and reports on the bridge.\n\n"
        "May 3, 2021 | by Ana Lima\n\n"
        "Our open thread is where readers raise questions about the bridge plans.\n\n"
        "You can read the May 2020 thread here.\n\n"
        "Posted in Open thread | Permalink\n\n  • Next Post\n\nComments\n"
    )
    lines = split_lines(page)
    heading = len(lines) - 1
    assert _signed_paragraphs_above(lines, heading, DEFAULT_OPTIONS) == [2, 3]
    # No byline above: no post to tell from the page around it.
    unsigned = split_lines(page.replace("May 3, 2021 | by Ana Lima\n\n", ""))
    assert _signed_paragraphs_above(unsigned, len(unsigned) - 1, DEFAULT_OPTIONS) == []


def test_an_embedded_post_s_attribution_keeps_its_text_in_the_body() -> None:
    from counterpoint.extract.text import _with_embedded_posts

    page = (
        "The mayor answered her critics on social media late on Tuesday evening.\n\n"
        "We will rebuild the bridge this year pic.twitter.com/abc123\n\n"
        "  — Jane Doe (@janedoe) November 19, 2019\n\n"
        "Council members said they would vote on the plan next week.\n\n"
        "Photo: the old bridge\n\n"
        "  — Ann Lee (@annlee) November 20, 2019\n"
    )
    lines = split_lines(page)
    # A post inside the body and one closing it, with their text.
    assert _with_embedded_posts(lines, [0, 3], {}) == [0, 1, 2, 3, 4, 5]
    # A caption between the body and an attribution is no post's text.
    assert _with_embedded_posts(lines, [0, 3], {4: "caption"}) == [0, 1, 2, 3]
    # Too far from the body, an attribution is some other page's.
    far = split_lines(page.replace("Photo: the old bridge", "\n\n".join(["Menu item"] * 6)))
    assert _with_embedded_posts(far, [0, 3], {}) == [0, 1, 2, 3]
    # A handle in a sentence or a promo without a date is no attribution.
    promo = split_lines(
        "The mayor answered her critics on social media late on Tuesday evening.\n\n"
        "Follow the council on Twitter (@towncouncil) and Instagram.\n"
    )
    assert _with_embedded_posts(promo, [0], {}) == [0]


@pytest.mark.parametrize(
    ("line", "cue"),
    [
        ("Trending News", True),
        ("Most Commented", True),
        ("Most read in Science", True),
        ("Top stories in Nation", True),
        ("Popular Posts", True),
        ("Recommended for you", True),
        ("PFT Most Commented", True),
        ("Most important", False),
        ("The most popular", False),
        ("Trending topics were mostly sport", False),
    ],
)
def test_recirculation_labels_with_a_tail_or_the_outlet_s_initials(line: str, cue: bool) -> None:
    from counterpoint.extract.text import END_CUE

    assert bool(END_CUE.match(line)) is cue


def _page_with_short_first_line(
    first: str, above: str = "Menu", byline: str = "By Jane Porter | May 3, 2021"
) -> list:
    paragraph = (
        "The council met on Tuesday evening and heard from residents for more than three hours "
        "about the plans for the new bridge over the river and its cost to the town."
    )
    page = [above, "Bridge plans", byline, first, paragraph, paragraph, paragraph]
    return split_lines("\n\n".join(page))


def test_a_short_lede_under_the_byline_stays_in_the_body_and_a_summary_is_the_dek() -> None:
    from counterpoint.extract.options import DEFAULT_OPTIONS
    from counterpoint.extract.text import _find_subtitle

    lede = "The town will build a new bridge over the river, the council decided on Tuesday."
    body = [3, 4, 5, 6]
    lines = _page_with_short_first_line(lede)
    assert _find_subtitle(lines, body, 2, {}, DEFAULT_OPTIONS) is None
    # Right under the headline, with no byline or date between, the short line is the dek.
    unsigned = _page_with_short_first_line(lede, byline="Photo: the old bridge")
    assert _find_subtitle(unsigned, body, 2, {}, DEFAULT_OPTIONS) == 3
    # A summary cut off with an ellipsis, or printed before on the page, is the dek.
    cut = _page_with_short_first_line("The town will build a new bridge over the river...")
    assert _find_subtitle(cut, body, 2, {}, DEFAULT_OPTIONS) == 3
    teased = _page_with_short_first_line(lede, above=f"Video: {lede}")
    assert _find_subtitle(teased, body, 2, {}, DEFAULT_OPTIONS) == 3
