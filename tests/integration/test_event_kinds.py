"""The whole pipeline on invented coverage of four event kinds that examples/coverage and the
tuning half of the dev set do not cover the same way: a presidential first round (vote
shares per candidate, a counting stage, turnout, an earlier election), a protest day
(crowd counts by counter, national beside city figures, an earlier day), a cup final
(penalty shoot-out, goals, minutes, attendance) and a referendum (yes/no shares, states
carried, a partial count, an old poll, one territory's share; a second one whose answers are
named by campaign and by verb, with a province's share and an earlier survey).

Each article is invented; outlets are invented ``.example`` sites. Every expectation says
which figures must be one claim (``join``), which must stay apart (``apart``), which pair is
the planted contradiction (``conflict``) and which pairs must never be a conflict
(``no_conflict``: another stage, counter, scope or time). An expectation the pipeline does not
meet yet carries its ``gap`` (the class of text it misses) and is a strict xfail, so closing a
gap shows as an unexpected pass.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

import counterpoint
from counterpoint.model import Claim, Conflict, Corpus

ARTICLES: list[dict[str, str]] = [
    # --- a presidential first round in invented "Tarvia" ---
    {
        "outlet": "meridian-wire.example",
        "date": "2025-06-09",
        "title": "Valk short of outright win in Tarvia vote",
        "text": (
            "TARVIA CITY (Meridian) - With 99% of ballot boxes opened, President Oren Valk had "
            "won 49.5% of the vote in Sunday's presidential election, short of the majority "
            "needed to avoid a runoff, the High Election Council said on Monday.\n\n"
            "His main rival, Dara Sulen, received 44.9%, the council said.\n\n"
            "Turnout was 88.9%, according to the council."
        ),
    },
    {
        "outlet": "harbour-post.example",
        "date": "2025-06-09",
        "title": "Tarvia heads for runoff as Valk falls short",
        "text": (
            "Tarvia heads for runoff as Valk falls short\n\n"
            "President Oren Valk received 49.5 per cent of ballots cast in Sunday's election, "
            "according to the High Election Council, against 44.9 per cent for opposition "
            "leader Dara Sulen.\n\n"
            "Turnout stood at 88.9 per cent, up from 86.2 per cent in the 2020 election.\n\n"
            "The two will meet in a runoff on June 22."
        ),
    },
    {
        "outlet": "eastgate-times.example",
        "date": "2025-06-09",
        "title": "How the Tarvia count unfolded",
        "text": (
            "How the Tarvia count unfolded\n\n"
            "Early on Sunday night, with 40% of ballot boxes counted, Valk had 52.3% of the "
            "vote, the High Election Council said.\n\n"
            "His lead narrowed as city districts reported, and by Monday morning Valk stood at "
            "49.5% with Dara Sulen on 44.9%.\n\n"
            "A third candidate, Mert Aydan, took 5.2%."
        ),
    },
    {
        "outlet": "riverside-herald.example",
        "date": "2025-06-10",
        "title": "Valk and Sulen to face runoff",
        "text": (
            "Valk and Sulen to face runoff\n\n"
            "President Oren Valk won 47.5% of the vote in Sunday's election, official results "
            "from the High Election Council showed, with Dara Sulen on 44.9%.\n\n"
            "Turnout was 88.9%, the council said."
        ),
    },
    # --- a protest day against a pension reform ---
    {
        "outlet": "continental-wire.example",
        "date": "2025-03-07",
        "title": "Over a million march against pension reform",
        "text": (
            "Over a million march against pension reform\n\n"
            "Some 1.28 million people demonstrated across France on Thursday against the "
            "pension reform according to the interior ministry, 3.5 million according to the "
            "CGT union.\n\n"
            "In Paris, 87,000 marched, police said.\n\n"
            "In Lyon, 22,000 people marched according to the prefecture."
        ),
    },
    {
        "outlet": "quai-journal.example",
        "date": "2025-03-07",
        "title": "Unions claim record turnout as France marches",
        "text": (
            "Unions claim record turnout as France marches\n\n"
            "The CGT said 3.5 million people took part in the pension protests nationwide on "
            "Thursday, while the interior ministry counted 1.28 million.\n\n"
            "In Paris, police counted 87,000 marchers; the union said 700,000 people marched in "
            "the capital.\n\n"
            "In Lyon, the prefecture counted 22,000 demonstrators; organisers said 60,000."
        ),
    },
    {
        "outlet": "metro-daily.example",
        "date": "2025-03-08",
        "title": "Pension protests grow",
        "text": (
            "Pension protests grow\n\n"
            "The interior ministry counted 1.28 million protesters nationwide on Thursday, up "
            "from 1.12 million on January 19.\n\n"
            "In Marseille, 30,000 people marched according to police, 245,000 according to the "
            "unions."
        ),
    },
    # --- a cup final ---
    {
        "outlet": "sportsline.example",
        "date": "2025-05-25",
        "title": "Northport win Continental Cup on penalties",
        "text": (
            "Northport win Continental Cup on penalties\n\n"
            "Northport won the Continental Cup final 4-2 on penalties after a 3-3 draw with "
            "Carrow City on Saturday.\n\n"
            "Idris Kane scored a hat-trick for Carrow, including two goals in 97 seconds, while "
            "Tomas Rell scored twice for Northport.\n\n"
            "A crowd of 88,966 watched at the National Stadium."
        ),
    },
    {
        "outlet": "matchday-news.example",
        "date": "2025-05-25",
        "title": "Kane hat-trick not enough as Northport lift cup",
        "text": (
            "Kane hat-trick not enough as Northport lift cup\n\n"
            "Carrow City's Idris Kane scored three goals in the Continental Cup final, two of "
            "them in 97 seconds, but Northport won the shoot-out 4-2 after the match ended 3-3 "
            "after extra time.\n\n"
            "Attendance at the National Stadium was 88,966."
        ),
    },
    {
        "outlet": "terrace-gazette.example",
        "date": "2025-05-26",
        "title": "Rell double sets up Northport triumph",
        "text": (
            "Rell double sets up Northport triumph\n\n"
            "Tomas Rell scored in the 23rd and 36th minutes of the Continental Cup final before "
            "Kane struck in the 80th and 81st minutes for Carrow City.\n\n"
            "Northport then won the penalty shoot-out 4-2 in front of 88,966 fans."
        ),
    },
    # --- a constitutional referendum in invented "Calder" ---
    {
        "outlet": "southern-cable.example",
        "date": "2025-10-19",
        "title": "Calder voters reject new constitution",
        "text": (
            "Calder voters reject new constitution\n\n"
            "Voters in Calder rejected the proposed constitution on Saturday, with 60.1% voting "
            "No and 39.9% voting Yes, the electoral commission said.\n\n"
            "All six states rejected the proposal. Turnout was 71.4%."
        ),
    },
    {
        "outlet": "bay-chronicle.example",
        "date": "2025-10-19",
        "title": "No camp wins Calder referendum",
        "text": (
            "No camp wins Calder referendum\n\n"
            "The No side won 60.1 per cent of the vote in Saturday's constitutional referendum "
            "against 39.9 per cent for Yes, the electoral commission said.\n\n"
            "The proposal needed a majority in at least four of the six states."
        ),
    },
    {
        "outlet": "outback-times.example",
        "date": "2025-10-20",
        "title": "Calder referendum: how the night unfolded",
        "text": (
            "Calder referendum: how the night unfolded\n\n"
            "With 85% of votes counted on Saturday night, No led the constitutional referendum "
            "with 61.3%, the electoral commission said.\n\n"
            "A poll a month before the vote had shown Yes at 46%.\n\n"
            "The No vote finished at 60.1% nationally, while in the capital territory Yes won "
            "58.4%."
        ),
    },
    # --- a second referendum, in invented "Morrow": answers named by campaign and by verb ---
    {
        "outlet": "lakeside-courier.example",
        "date": "2025-11-03",
        "title": "Morrow backs independence in referendum",
        "text": (
            "Morrow backs independence in referendum\n\n"
            "The Yes campaign took 54.2% of the vote in Sunday's independence referendum, "
            "against 45.8% for No, the Morrow electoral office said.\n\n"
            "In the northern province, No won 61.7%."
        ),
    },
    {
        "outlet": "ridge-observer.example",
        "date": "2025-11-03",
        "title": "Morrow votes for independence in referendum",
        "text": (
            "Morrow votes for independence in referendum\n\n"
            "Morrow voted for independence in Sunday's referendum, with 54.2 per cent backing "
            "Yes and 45.8 "
            "per cent backing No, the electoral office said.\n\n"
            "No injuries were reported at polling stations, where 12 people were briefly "
            "detained. Two weeks before the vote, a survey had put Yes at 49%."
        ),
    },
]


@dataclass(frozen=True)
class Figure:
    """A figure of one article: the outlet and the words of the figure (``nth`` occurrence)."""

    outlet: str
    words: str
    nth: int = 0


@dataclass(frozen=True)
class Expect:
    relation: str  # "join", "apart", "conflict" or "no_conflict"
    a: Figure
    b: Figure
    why: str
    gap: str = ""  # a known gap: the expectation is an xfail(strict) until it is closed


MW, HP, ET, RH = (
    "meridian-wire.example",
    "harbour-post.example",
    "eastgate-times.example",
    "riverside-herald.example",
)
CW, QJ, MD = "continental-wire.example", "quai-journal.example", "metro-daily.example"
SL, MN, TG = "sportsline.example", "matchday-news.example", "terrace-gazette.example"
SC, BC, OT = "southern-cable.example", "bay-chronicle.example", "outback-times.example"
LC, RO = "lakeside-courier.example", "ridge-observer.example"

EXPECTED: list[Expect] = [
    # election
    Expect(
        "join",
        Figure(MW, "49.5%"),
        Figure(HP, "49.5 per cent"),
        "Valk's share",
    ),
    Expect(
        "join",
        Figure(MW, "49.5%"),
        Figure(ET, "49.5%"),
        "Valk's share, final stage",
        gap="'Valk stood at 49.5%': a name the tagger misses here is not read as holder, and "
        "'Valk' is not known as 'Oren Valk' across articles",
    ),
    Expect("join", Figure(MW, "44.9%"), Figure(HP, "44.9 per cent"), "Sulen's share"),
    Expect("join", Figure(ET, "44.9%"), Figure(MW, "44.9%"), "'with Dara Sulen on 44.9%'"),
    Expect(
        "join",
        Figure(MW, "88.9%"),
        Figure(HP, "88.9 per cent"),
        "turnout",
    ),
    Expect("join", Figure(MW, "88.9%"), Figure(RH, "88.9%"), "turnout"),
    Expect("apart", Figure(MW, "49.5%"), Figure(MW, "44.9%"), "two candidates"),
    Expect("apart", Figure(ET, "5.2%"), Figure(ET, "44.9%"), "two candidates"),
    Expect("apart", Figure(MW, "99%"), Figure(MW, "49.5%"), "counting stage is no share"),
    Expect("conflict", Figure(HP, "49.5 per cent"), Figure(RH, "47.5%"), "planted contradiction"),
    Expect("no_conflict", Figure(ET, "52.3%"), Figure(MW, "49.5%"), "40% counted vs final"),
    Expect("no_conflict", Figure(HP, "86.2 per cent"), Figure(MW, "88.9%"), "2020 vs 2025"),
    # protest
    Expect(
        "join",
        Figure(CW, "1.28 million"),
        Figure(QJ, "1.28 million"),
        "ministry count",
        gap="'nationwide' is no place; a bare 'counted 1.28 million' has no thing",
    ),
    Expect(
        "join",
        Figure(CW, "1.28 million"),
        Figure(MD, "1.28 million"),
        "ministry count",
        gap="a placeless national figure joins its article's city figures",
    ),
    Expect(
        "join",
        Figure(CW, "3.5 million"),
        Figure(QJ, "3.5 million"),
        "union count",
        gap="'nationwide' is no place, 'across France' is",
    ),
    Expect(
        "join",
        Figure(CW, "87,000"),
        Figure(QJ, "87,000"),
        "Paris police count",
    ),
    Expect("apart", Figure(CW, "87,000"), Figure(CW, "1.28 million"), "city vs national"),
    Expect("apart", Figure(MD, "30,000"), Figure(CW, "87,000"), "Marseille vs Paris"),
    Expect("no_conflict", Figure(CW, "1.28 million"), Figure(QJ, "3.5 million"), "counters"),
    Expect("no_conflict", Figure(QJ, "87,000"), Figure(QJ, "700,000"), "police vs union"),
    Expect(
        "join",
        Figure(CW, "22,000"),
        Figure(QJ, "22,000"),
        "Lyon prefecture count",
        gap="a fronted place the tagger reads as a person ('In Lyon, the prefecture counted') "
        "places nothing",
    ),
    Expect("no_conflict", Figure(QJ, "22,000"), Figure(QJ, "60,000"), "prefecture vs organisers"),
    Expect("no_conflict", Figure(CW, "22,000"), Figure(QJ, "60,000"), "prefecture vs organisers"),
    Expect("no_conflict", Figure(MD, "1.12 million"), Figure(CW, "1.28 million"), "earlier day"),
    Expect("no_conflict", Figure(MD, "30,000"), Figure(MD, "245,000"), "police vs unions"),
    # cup final
    Expect(
        "join",
        Figure(SL, "88,966"),
        Figure(MN, "88,966"),
        "attendance",
        gap="'Attendance at the National Stadium was 88,966': no quantity is read",
    ),
    Expect(
        "join",
        Figure(SL, "88,966"),
        Figure(TG, "88,966"),
        "attendance",
    ),
    Expect(
        "join",
        Figure(SL, "97 seconds"),
        Figure(MN, "97 seconds"),
        "Kane's two goals",
    ),
    Expect("apart", Figure(SL, "88,966"), Figure(SL, "97 seconds"), "crowd vs time"),
    Expect("no_conflict", Figure(TG, "80th"), Figure(TG, "81st"), "two goals' minutes"),
    Expect("no_conflict", Figure(TG, "23rd"), Figure(TG, "80th"), "two players' goals"),
    # referendum
    Expect(
        "join",
        Figure(SC, "60.1%"),
        Figure(BC, "60.1 per cent"),
        "No share",
    ),
    Expect(
        "join",
        Figure(SC, "60.1%"),
        Figure(OT, "60.1%"),
        "No share",
    ),
    Expect(
        "join",
        Figure(SC, "39.9%"),
        Figure(BC, "39.9 per cent"),
        "Yes share",
    ),
    Expect("apart", Figure(SC, "60.1%"), Figure(SC, "39.9%"), "No vs Yes"),
    Expect("no_conflict", Figure(OT, "61.3%"), Figure(SC, "60.1%"), "85% counted vs final"),
    Expect("no_conflict", Figure(OT, "46%"), Figure(SC, "39.9%"), "old poll vs result"),
    Expect("no_conflict", Figure(OT, "58.4%"), Figure(SC, "39.9%"), "territory vs national"),
    Expect("no_conflict", Figure(SC, "71.4%"), Figure(SC, "39.9%"), "turnout vs share"),
    Expect("no_conflict", Figure(SC, "six"), Figure(BC, "four"), "states needed vs carried"),
    # second referendum
    Expect(
        "join",
        Figure(LC, "54.2%"),
        Figure(RO, "54.2 per cent"),
        "Yes share",
        gap="the two short reports of one referendum fall into two stories (the story layer), "
        "so their figures are never compared",
    ),
    Expect(
        "join",
        Figure(LC, "45.8%"),
        Figure(RO, "45.8 per cent"),
        "No share",
        gap="'54.2 per cent backing Yes and 45.8 per cent backing No': the parse hangs the "
        "second figure on the first answer, so its frame reads no event; and the two reports "
        "fall into two stories",
    ),
    Expect("apart", Figure(LC, "54.2%"), Figure(LC, "45.8%"), "Yes vs No"),
    Expect("no_conflict", Figure(LC, "61.7%"), Figure(RO, "45.8 per cent"), "province vs nation"),
    Expect("no_conflict", Figure(RO, "49%"), Figure(LC, "54.2%"), "survey before the vote"),
]

FLAGS = {"conflict", "correction", "possible_conflict"}


def write_articles(folder: Path) -> Path:
    path = folder / "event_kinds.jsonl"
    lines = []
    for n, article in enumerate(ARTICLES):
        slug = article["title"].lower().replace(" ", "-").replace(":", "")
        url = f"https://{article['outlet']}/{article['date']}/{n}-{slug}"
        lines.append(json.dumps({"url": url, **article}))
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Corpus:
    folder = tmp_path_factory.mktemp("event_kinds")
    return counterpoint.analyze([write_articles(folder)], db=str(folder / "events.db"))


def span(corpus: Corpus, figure: Figure) -> tuple[str, int, int]:
    (article,) = [a for a in corpus.articles if a.outlet == figure.outlet and a.title]
    found = -1
    for _ in range(figure.nth + 1):
        found = article.text.index(figure.words, found + 1)
    return article.id, found, found + len(figure.words)


def overlaps(side: tuple[str, int, int], article_id: str, start: int, end: int) -> bool:
    return side[0] == article_id and start < side[2] and side[1] < end


def claim_of(corpus: Corpus, figure: Figure) -> Claim | None:
    where = span(corpus, figure)
    for claim in corpus.claims:
        if any(overlaps(where, m.article_id, m.start, m.end) for m in claim.mentions):
            return claim
    return None


def flags_between(corpus: Corpus, a: Figure, b: Figure) -> list[Conflict]:
    sa, sb = span(corpus, a), span(corpus, b)
    found = []
    for c in corpus.conflicts:
        one = overlaps(sa, c.a.article_id, c.a.start, c.a.end)
        two = overlaps(sb, c.b.article_id, c.b.start, c.b.end)
        three = overlaps(sb, c.a.article_id, c.a.start, c.a.end)
        four = overlaps(sa, c.b.article_id, c.b.start, c.b.end)
        if (one and two) or (three and four):
            found.append(c)
    return found


@pytest.mark.parametrize(
    "expect",
    [
        pytest.param(e, marks=pytest.mark.xfail(strict=True, reason=e.gap)) if e.gap else e
        for e in EXPECTED
    ],
    ids=[f"{e.relation}-{e.a.words}-{e.b.words}-{e.why}" for e in EXPECTED],
)
def test_expected_relation(corpus: Corpus, expect: Expect) -> None:
    if expect.relation == "join":
        one, two = claim_of(corpus, expect.a), claim_of(corpus, expect.b)
        assert one is not None and two is not None and one.id == two.id, (
            one and one.key,
            two and two.key,
        )
    elif expect.relation == "apart":
        one, two = claim_of(corpus, expect.a), claim_of(corpus, expect.b)
        assert one is None or two is None or one.id != two.id, one.key
    elif expect.relation == "conflict":
        kinds = {c.kind for c in flags_between(corpus, expect.a, expect.b)}
        assert kinds & {"conflict", "correction"}, kinds
    else:
        kinds = {c.kind for c in flags_between(corpus, expect.a, expect.b)}
        assert not kinds & FLAGS, kinds


def test_no_flag_but_the_planted_one(corpus: Corpus) -> None:
    flagged = [c for c in corpus.conflicts if c.kind in FLAGS]
    # Each outlet that gives Valk 49.5% contradicts the one that gives him 47.5%.
    assert {tuple(sorted([c.a.value or 0, c.b.value or 0])) for c in flagged} == {(47.5, 49.5)}, [
        c.explanation for c in flagged
    ]


# --- a referendum's shares by state beside its national share (invented "Voice" coverage) ---
STATE_ARTICLES: list[dict[str, str]] = [
    {
        "outlet": "north-star.example",
        "date": "2025-10-15",
        "title": "Voters reject Voice referendum in every state",
        "text": (
            "Voters reject Voice referendum in every state\n\n"
            "Australians rejected the Voice to Parliament in Saturday's referendum, with 60.6% "
            "voting No nationally, the Australian Electoral Commission said.\n\n"
            "No won 68.2% in Queensland and 63.3% in Western Australia, while Yes won 45.9% in "
            "Victoria and 58.9% in the Australian Capital Territory.\n\n"
            "In Tasmania, Yes took 41.1%."
        ),
    },
    {
        "outlet": "harbour-line.example",
        "date": "2025-10-16",
        "title": "How the states voted in the Voice referendum",
        "text": (
            "How the states voted in the Voice referendum\n\n"
            "The No vote reached 60.6 per cent nationally in Saturday's referendum.\n\n"
            "In New South Wales, 41% voted Yes, and in South Australia the Yes vote was 35.8%.\n\n"
            "Queensland recorded the strongest No vote at 68.2%, with Yes on 31.8%. Victoria's "
            "Yes vote was 45.9 per cent."
        ),
    },
    {
        "outlet": "coastal-daily.example",
        "date": "2025-10-15",
        "title": "Referendum defeated",
        "text": (
            "Referendum defeated\n\n"
            "The Yes side won 39.4% of the national vote in Saturday's Voice referendum, against "
            "60.6% for No.\n\n"
            "With 70% of votes counted on Saturday night, Yes had 38.8%.\n\n"
            "Yes support was highest in the Australian Capital Territory, at 61.3%, and lowest "
            "in Queensland, at 31.8%."
        ),
    },
]


def test_a_states_share_is_not_the_national_share(tmp_path: Path) -> None:
    """The national No share joins across outlets; no state's share (placed by its frame or
    only named in its sentence) is flagged against the national one or another state's."""
    path = tmp_path / "states.jsonl"
    path.write_text(
        "\n".join(
            json.dumps({"url": f"https://{a['outlet']}/{a['date']}/{n}", **a})
            for n, a in enumerate(STATE_ARTICLES)
        )
        + "\n"
    )
    corpus = counterpoint.analyze([path], db=str(tmp_path / "states.db"))
    national = [
        claim_of(corpus, Figure(o, w))
        for o, w in [
            ("north-star.example", "60.6%"),
            ("harbour-line.example", "60.6 per cent"),
            ("coastal-daily.example", "60.6%"),
        ]
    ]
    assert national[0] is not None and {c.id for c in national if c} == {national[0].id}
    flagged = [c.explanation for c in corpus.conflicts if c.kind in FLAGS]
    assert not flagged, flagged
