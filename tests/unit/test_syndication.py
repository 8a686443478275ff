"""The syndication-credit finder on invented credit lines and look-alikes, and its use by the
HTML and text-dump extractors."""

from __future__ import annotations

import pytest

from counterpoint.extract import extract
from counterpoint.extract.html_meta import syndication_credit
from counterpoint.extract.syndication import find_credit, find_wire_dateline, is_own_wire
from counterpoint.extract.text_lines import split_lines
from counterpoint.extract.text_meta import find_original_publisher
from counterpoint.model import RawDocument

CREDITS = [
    ("This article was originally published on The Harbour Gazette.", "The Harbour Gazette"),
    ("This article is originally published on valleypost.fr", "valleypost.fr"),
    ("This article was first published by The Harbour Times.", "The Harbour Times"),
    ("This story originally appeared in Upland Weekly.", "Upland Weekly"),
    (
        "This article is republished from The Conversation under a Creative Commons license.",
        "The Conversation",
    ),
    ("A version of this story first appeared on Riverbank Review", "Riverbank Review"),
    ("Originally published at Northwind.com.", "Northwind.com"),
    ("Originally published at https://www.lakeshore-news.org/2024/05/ferry", "lakeshore-news.org"),
    ("Reprinted with permission from The Plains Herald.", "The Plains Herald"),
    ("Republished with permission from Coastline Media", "Coastline Media"),
    ("This post first ran on Field Notes - read the original here.", "Field Notes"),
    ("This piece originally ran in Metro Ledger | All rights reserved", "Metro Ledger"),
    ("Source: Reuters", "Reuters"),
    ("Source : Agence Nord", "Agence Nord"),
    ("Courtesy of The River Daily", "The River Daily"),
    (
        "This story originally appeared in The Valley Chronicle and is republished here "
        "with permission.",
        "The Valley Chronicle",
    ),
    ("This article first appeared on the Evening Lantern on 3 March 2024.", "Evening Lantern"),
    (
        "Editor’s note: This piece was originally published by U.S. Farm & Field Report.",
        "U.S. Farm & Field Report",
    ),
    ("Originally published on “The Quarterly Atlas”.", "The Quarterly Atlas"),
    ("Cet article a été publié à l’origine sur Le Petit Courrier.", "Le Petit Courrier"),
    ("Article initialement publié dans La Voix du Plateau", "La Voix du Plateau"),
    ("Publicado originalmente en El Diario del Valle.", "El Diario del Valle"),
    ("Dieser Artikel ist zuerst erschienen auf Nordkurier Online.", "Nordkurier Online"),
    ("Zuerst erschienen bei Der Wochenbote", "Der Wochenbote"),
    ("Texto publicado originalmente na Folha do Litoral.", "Folha do Litoral"),
    ("Articolo pubblicato originariamente su Il Faro.", "Il Faro"),
    ("Dit artikel verscheen eerder op De Stadskrant.", "De Stadskrant"),
]

NOT_CREDITS = [
    "Published in partnership with The Trace Desk.",
    "Source: the author's calculations",
    "Sources: Reuters, Harbour Wire",
    "Source: News websites",
    "Source: news agencies",
    "Source: Harbour Ministry of Health, 25 October 2019",
    "The study, first published in Nature Letters, found that the birds migrate earlier.",
    "This article first appeared on Monday in The Evening Lantern.",
    "This story first ran in 2019 on Slate Review.",
    "This article was originally published on nytimes",
    "Photo courtesy of the city council",
    # a credit cue inside long prose is a sentence about a publication, not a credit line
    "The mayor said the plan, which was originally published by The Harbour Gazette last "
    "year and then revised twice after consultations with residents, businesses and the port "
    "authority, would be put to a vote in the spring.",
]


@pytest.mark.parametrize("line", NOT_CREDITS)
def test_look_alike_is_not_a_credit(line: str) -> None:
    assert find_credit(line) is None


def test_credit_span_inside_a_longer_text() -> None:
    text = "Ferries resume on Monday.\nThis article was originally published on Bay Wire."
    credit = find_credit(text)
    assert credit is not None
    assert text[credit.start : credit.end] == "Bay Wire"


def test_html_and_text_extractors_share_the_finder() -> None:
    line = "A version of this story first appeared on Riverbank Review"
    assert syndication_credit(line) == "Riverbank Review"
    dump = "Ferries resume on Monday after repairs.\n\n" + line + "\n"
    name, index = find_original_publisher(split_lines(dump))
    assert name == "Riverbank Review"
    assert index == 1
    assert find_original_publisher(split_lines("Source: news agencies\n")) == (None, None)


REPUBLICATION_LABELS = [
    ("Courtesy: The Lantern Weekly", "The Lantern Weekly"),
    ("Courtesy of Tidewater Review", "Tidewater Review"),
    ("Courtesy of KVLT", "KVLT"),
    ("Source: The Upland Observer", "The Upland Observer"),
    ("Source: Harbourline", "Harbourline"),
    # a picture word must be a word or a compound's head, not any part of a word
    ("Source: Cartographic Monthly", "Cartographic Monthly"),
    ("Source: Bildungsblatt", "Bildungsblatt"),
]


@pytest.mark.parametrize(("line", "name"), CREDITS + REPUBLICATION_LABELS)
def test_credit_line_names_its_publisher_with_its_span(line: str, name: str) -> None:
    credit = find_credit(line)
    assert credit is not None, line
    assert credit.name == name
    assert line[credit.start : credit.end] == name


PICTURE_CREDITS = [
    "Courtesy of Marta Okafor",  # a person lent the picture
    "Courtesy of Ivo J. Brandt",
    "Courtesy: Anne-Lise Moreau",
    "Photo courtesy of the Okafor family",
    "Photo courtesy of Tidewater Review",  # the label does not open the line
    "Image source: Harbour Wire/Pool",
    "Source: Lakeside Images",
    "Courtesy: Northgate Photo",
    "Source: Quaystock",
    "Courtesy of Meridian Pictures",
    "Source: Foto Agencia Sur",
    "Source: Vale Video",
    "Source: Orbit Graphics Desk",
    "Courtesy: Plains Illustration Studio",
    "Source: Bild Nord",
    "Source: Ilustración Mar",
]


@pytest.mark.parametrize("line", PICTURE_CREDITS)
def test_picture_credit_is_no_publisher(line: str) -> None:
    assert find_credit(line) is None


def test_person_rule_is_for_courtesy_labels_and_picture_words_for_labels_only() -> None:
    # "Source:" naming two capitalised words is not read as a person's courtesy
    assert find_credit("Source: Marta Okafor") is not None
    # a publishing cue names the outlet whatever words its name has
    credit = find_credit("This article was first published by Lakeside Images.")
    assert credit is not None and credit.name == "Lakeside Images"


def test_text_dump_photo_credit_line_is_not_the_original_publisher() -> None:
    dump = (
        "Divers mapped the old harbour wall over three weeks of calm weather.\n\n"
        "Courtesy of Marta Okafor\n\n"
        "The survey found the wall had shifted by half a metre since the last storm.\n"
    )
    assert find_original_publisher(split_lines(dump)) == (None, None)


WIRE_DATELINES = [
    ("SANTA FE, N.M. (AP) — A judge on Tuesday ruled that the ban stands.", "Associated Press"),
    ("NEW YORK (Reuters) - Stocks fell on Monday.", "Reuters"),
    ("(Reuters) — The attorney general is investigating the company.", "Reuters"),
    ("Sept. 15 (UPI) -- The toll rose to 11,300.", "United Press International"),
    ("BERLIN (dpa) – Die Regierung hat beschlossen.", "Deutsche Presse-Agentur"),
    # A station's own call sign, a bracket in prose, a bracket without a dash.
    ("COLUMBIA, S.C. (WOLO)— The council met.", None),
    ("The mayor (who spoke first) - and only briefly - left.", None),
    ("WASHINGTON (AP) The Senate voted.", None),
    ("The council said the AP (Associated Press) — had the story first.", None),
]


@pytest.mark.parametrize(("paragraph", "agency"), WIRE_DATELINES)
def test_wire_dateline_names_the_agency(paragraph: str, agency: str | None) -> None:
    assert find_wire_dateline(paragraph) == agency


@pytest.mark.parametrize(
    ("outlet", "url", "own"),
    [
        ("AP News", None, True),
        ("The Associated Press", None, True),
        (None, "https://apnews.com/article/x", True),
        ("SFGate", "https://www.sfgate.com/news/article/x.php", False),
        (None, None, False),
    ],
)
def test_an_agency_on_its_own_site_is_not_a_syndication(
    outlet: str | None, url: str | None, own: bool
) -> None:
    assert is_own_wire("Associated Press", outlet, url) is own


def test_a_wire_copy_on_a_newspaper_site_names_the_agency_as_original_publisher() -> None:
    page = (
        "<html><head><title>Ban upheld</title>"
        '<meta property="og:site_name" content="Valley Courier"></head><body><article>'
        "<h1>Ban upheld</h1><p>SANTA FE, N.M. (AP) — A judge on Tuesday upheld the ban on "
        "new wells near the river, saying the state had followed the law.</p>"
        "<p>The ruling can be appealed within 30 days, the court said in a statement.</p>"
        "</article></body></html>"
    )
    raw = RawDocument("courier.html", "", page, "text/html", "hash-courier")
    article = extract(raw)
    assert article.outlet == "Valley Courier"
    assert article.original_publisher == "Associated Press"


def test_the_agency_own_page_has_no_original_publisher() -> None:
    text = "Ban upheld\n\nSANTA FE, N.M. (AP) — A judge on Tuesday upheld the ban on wells."
    given = {"outlet": "AP News", "url": "https://apnews.com/article/ban"}
    raw = RawDocument("ap.txt", "", text, "text/plain", "hash-ap", given, article_text=True)
    assert extract(raw).original_publisher is None
