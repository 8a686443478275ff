"""A story's briefing, on invented articles: verbatim sentences, every conflict, no copies."""

from __future__ import annotations

import re
import zlib
from dataclasses import replace

import numpy as np

from counterpoint.annotate.interfaces import Embedder
from counterpoint.compare.briefing import story_briefing
from counterpoint.compare.coverage import story_coverage
from counterpoint.model import (
    Article,
    BriefingSentence,
    Claim,
    ClaimMention,
    Conflict,
    ConflictSide,
    Paragraph,
    Sentence,
)


def _article(article_id: str, title: str, body: str, outlet: str) -> Article:
    text = f"{title}\n\n{body}"
    article = Article(id=article_id, source=f"{article_id}.txt", text=text, outlet=outlet)
    article.title = title
    article.paragraphs = [Paragraph(0, len(title), kind="title")]
    article.sentences = [Sentence(0, len(title))]
    offset = len(title) + 2
    for match in re.finditer(r"[^.!?]+[.!?]", body):
        start = offset + match.start() + (len(match.group()) - len(match.group().lstrip()))
        article.sentences.append(Sentence(start, offset + match.end()))
    return article


WIRE = _article(
    "wire",
    "Fire at battery plant kills 12",
    "A fire at a battery plant in Dravik killed 12 people on Wednesday, the fire service said. "
    "Rescuers searched the collapsed hall for hours. "
    "The company has not commented on the cause of the blaze.",
    "Continental Wire",
)
RADIO = _article(
    "radio",
    "Twelve dead in Dravik plant fire",
    "Twelve people died in a fire at a battery plant in Dravik on Wednesday, the fire service "
    "said. At least 30 workers were taken to hospital. Survivors said two exits were locked.",
    "Radio Dravik",
)
LEDGER = _article(
    "ledger",
    "Dravik fire: 14 killed",
    "The fire at the battery plant in Dravik killed 14 people, the mayor said on Wednesday. "
    "A fire at a battery plant in Dravik killed 12 people on Wednesday, the fire service said. "
    "The plant employs about 400 people.",
    "The Capital Ledger",
)
ARTICLES = [WIRE, RADIO, LEDGER]


def _at(article: Article, words: str) -> tuple[int, int]:
    start = article.text.index(words, len(article.title or ""))
    return start, start + len(words)


def _mention(article: Article, words: str, value: float) -> ClaimMention:
    start, end = _at(article, words)
    return ClaimMention(article_id=article.id, start=start, end=end, value=value, bound="=")


TOLL = Claim(
    id="toll",
    story_id=None,
    key="fire of 5 Mar: deaths",
    mentions=[
        _mention(WIRE, "12 people", 12),
        _mention(RADIO, "Twelve people", 12),
        _mention(LEDGER, "14 people", 14),
    ],
    status="conflict",
)
HOSPITAL = Claim(
    id="hospital",
    story_id=None,
    key="fire of 5 Mar: injured",
    mentions=[_mention(RADIO, "30 workers", 30)],
)


def _side(article: Article, words: str, value: float) -> ConflictSide:
    start, end = _at(article, words)
    sentence = next(s for s in article.sentences if s.start <= start < s.end)
    return ConflictSide(
        article_id=article.id,
        start=start,
        end=end,
        value=value,
        sentence_start=sentence.start,
        sentence_end=sentence.end,
    )


CONFLICT = Conflict(
    id="c1",
    kind="conflict",
    a=_side(WIRE, "12 people", 12),
    b=_side(LEDGER, "14 people", 14),
    explanation="12 vs 14",
    claim_id="toll",
)


def _briefing(
    max_sentences: int = 12,
    conflicts: list[Conflict] | None = None,
    articles: list[Article] | None = None,
    encoder: Embedder | None = None,
) -> list[BriefingSentence]:
    claims = [TOLL, HOSPITAL]
    articles = articles or ARTICLES
    outlet_of = {a.id: a.outlet or a.id for a in articles}
    coverage = story_coverage([a.id for a in articles], claims, outlet_of)
    return story_briefing(
        articles,
        claims,
        [CONFLICT] if conflicts is None else conflicts,
        coverage,
        outlet_of,
        encoder=encoder,
        max_sentences=max_sentences,
    )


def test_every_sentence_is_a_whole_sentence_of_its_source() -> None:
    by_id = {a.id: a for a in ARTICLES}
    briefing = _briefing()
    assert briefing
    for entry in briefing:
        article = by_id[entry.article_id]
        assert any(s.start == entry.start and s.end == entry.end for s in article.sentences)
        assert entry.outlet == article.outlet


def test_both_sides_of_every_conflict_are_in_the_disputed_part_whatever_the_length() -> None:
    disputed = [e for e in _briefing(max_sentences=0) if e.role == "disputed"]
    assert [(e.article_id, e.conflict_ids) for e in disputed] == [
        ("wire", ["c1"]),
        ("ledger", ["c1"]),
    ]
    assert [e.role for e in _briefing(max_sentences=0)] == ["disputed", "disputed"]


def test_parts_come_in_order_core_disputed_partial() -> None:
    roles = [e.role for e in _briefing()]
    order = {"core": 0, "disputed": 1, "partial": 2}
    assert roles == sorted(roles, key=order.__getitem__)
    assert "partial" in roles


def test_a_fact_only_one_outlet_gives_is_partial_and_cited_to_it() -> None:
    partial = [e for e in _briefing() if e.role == "partial"]
    assert any(e.claim_id == "hospital" and e.article_id == "radio" for e in partial)


def test_a_sentence_two_outlets_print_alike_is_told_once() -> None:
    wire_sentence = WIRE.text[slice(*_at(WIRE, "A fire at a battery plant"))]
    assert wire_sentence in LEDGER.text  # the Ledger runs the wire's sentence too
    texts = [
        next(
            a.text[s.start : s.end]
            for a in ARTICLES
            if a.id == e.article_id
            for s in a.sentences
            if s.start == e.start
        )
        for e in _briefing()
    ]
    assert sum(t.startswith("A fire at a battery plant in Dravik killed 12") for t in texts) == 1


def test_headlines_are_not_quoted_when_body_sentences_say_it() -> None:
    headlines = {(a.id, a.sentences[0].start) for a in ARTICLES}
    assert not any((e.article_id, e.start) in headlines for e in _briefing())


def test_the_length_bounds_the_parts_beside_the_disputed_one() -> None:
    short = _briefing(max_sentences=2)
    assert len([e for e in short if e.role != "disputed"]) <= 2
    assert len(_briefing(max_sentences=12)) > len(short)


class WordCountEncoder:
    """A deterministic stand-in for the story embedder: unit vectors of hashed word counts."""

    name = "word-counts"

    def encode(self, texts: list[str]) -> np.ndarray:
        rows = np.zeros((len(texts), 256), dtype=np.float32)
        for row, text in zip(rows, texts, strict=True):
            for word in re.findall(r"\w+", text.casefold()):
                row[zlib.crc32(word.encode()) % 256] += 1.0
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def _texts(briefing: list[BriefingSentence], articles: list[Article]) -> list[str]:
    by_id = {a.id: a for a in articles}
    return [by_id[e.article_id].text[e.start : e.end] for e in briefing]


def test_marginal_relevance_drops_another_outlets_rewrite_of_a_chosen_sentence() -> None:
    courier = _article(
        "courier",
        "Plant fire in Dravik",
        "Rescuers searched the collapsed hall for many hours. "
        "Officials in Dravik opened an inquiry into the owners on Thursday.",
        "Dravik Courier",
    )
    articles = [*ARTICLES, courier]
    texts = _texts(_briefing(articles=articles, encoder=WordCountEncoder()), articles)
    assert sum(t.startswith("Rescuers searched the collapsed hall") for t in texts) == 1
    assert any(t.startswith("Officials in Dravik opened an inquiry") for t in texts)


def test_a_sentence_that_is_a_side_of_several_conflicts_is_told_once_naming_each() -> None:
    copy = _side(LEDGER, "12 people", 12)  # the Ledger's run of the wire sentence
    twice = Conflict(
        id="c2",
        kind="possible_conflict",
        a=_side(RADIO, "Twelve people", 12),
        b=copy,
        explanation="radio against the Ledger's wire copy",
        claim_id="toll",
    )
    inside = Conflict(
        id="c3",
        kind="internal_inconsistency",
        a=_side(LEDGER, "14 people", 14),
        b=copy,
        explanation="the Ledger gives 14 and 12",
    )
    later = Conflict(id="c4", kind="change_over_time", a=copy, b=copy, explanation="a change")
    briefing = _briefing(max_sentences=0, conflicts=[CONFLICT, twice, inside, later])
    assert {c for e in briefing for c in e.conflict_ids} == {"c1", "c2", "c3"}
    assert max(len(e.conflict_ids) for e in briefing) > 1
    spans = [(e.article_id, e.start) for e in briefing]
    assert len(spans) == len(set(spans)) == 4


def test_a_sentence_cited_for_a_fact_holds_that_facts_words() -> None:
    claims = {claim.id: claim for claim in (TOLL, HOSPITAL)}
    by_id = {a.id: a for a in ARTICLES}
    cited = [(e, claims[e.claim_id]) for e in _briefing(encoder=WordCountEncoder()) if e.claim_id]
    assert cited
    for entry, claim in cited:
        assert by_id[entry.article_id].text[entry.start : entry.end]
        assert any(
            m.article_id == entry.article_id and entry.start <= m.start and m.end <= entry.end
            for m in claim.mentions
        )


def test_one_outlets_sentences_keep_their_articles_order() -> None:
    exits = Claim(
        id="exits",
        story_id=None,
        key="a plant fire: locked exits",
        mentions=[_mention(RADIO, "two exits", 2)],
    )
    claims = [TOLL, HOSPITAL, exits]
    outlet_of = {RADIO.id: "Radio Dravik"}
    briefing = story_briefing(
        [RADIO], claims, [], story_coverage([RADIO.id], claims, outlet_of), outlet_of
    )
    starts = [e.start for e in briefing]
    assert len(starts) == 3
    assert starts == sorted(starts)


def test_an_outlet_not_yet_cited_gets_a_say_before_more_of_another() -> None:
    gazette = [
        _article(
            f"gazette-{day}",
            f"River floods Dravik, day {day}",
            f"The river burst its banks in Dravik again on day {day} of the flood. "
            f"Water rose in the old town on day {day} and shops closed early. "
            "The mayor asked residents of the low streets to leave their homes.",
            "Dravik Gazette",
        )
        for day in ("one", "two", "three")
    ]
    farmer = _article(
        "farmer",
        "Fields lost",
        "Farmers upstream say their winter crop is lost under the water.",
        "Farm Weekly",
    )
    articles = [*gazette, farmer]
    outlet_of = {a.id: a.outlet or a.id for a in articles}
    briefing = story_briefing(
        articles,
        [],
        [],
        story_coverage([a.id for a in articles], [], outlet_of),
        outlet_of,
        encoder=WordCountEncoder(),
        max_sentences=3,
    )
    assert len(briefing) == 3
    assert "Farm Weekly" in {e.outlet for e in briefing}


def test_a_huge_story_is_briefed_from_a_bounded_pool_that_keeps_its_facts() -> None:
    from counterpoint.compare import briefing

    many = [
        _article(
            f"a{i}",
            f"Headline {i}",
            f"Story number {i} says something about item {i}. It adds detail {i} on a second line.",
            f"Outlet {i}",
        )
        for i in range(briefing.MAX_POOL)
    ]
    outlets = {a.id: a.outlet or a.id for a in [*ARTICLES, *many]}
    claims = [TOLL, HOSPITAL]
    coverage = story_coverage([a.id for a in [*ARTICLES, *many]], claims, outlets)
    told = story_briefing([*ARTICLES, *many], claims, [CONFLICT], coverage, outlets)
    assert any(e.claim_id == "hospital" for e in told)


def test_page_furniture_and_captions_are_never_told() -> None:
    chrome = _article(
        "chrome",
        "Dravik plant fire",
        "### Inside the plant The hall had no sprinklers, inspectors found. "
        "Related: Ten questions about battery plants answered. "
        "Firefighters carry a stretcher out of the burnt hall in Dravik. "
        "Photo by Ana Kerr/Dravik Weekly staff. 2 of 5 | Smoke over the plant on Wednesday. "
        "Smoke rises over the Dravik plant Photo by Ana Kerr via Reuters. "
        "The hall had two exits and one of them was chained shut.",
        "Dravik Weekly",
    )
    chrome.captions = ["Firefighters carry a stretcher out of the burnt hall in Dravik."]
    told = {
        chrome.text[e.start : e.end]
        for e in _briefing(articles=[*ARTICLES, chrome])
        if e.article_id == "chrome"
    }
    assert told == {"The hall had two exits and one of them was chained shut."}


def test_a_story_with_shared_facts_has_no_core_sentence_without_one() -> None:
    # Both outlets write alike a sentence that carries no fact; the toll two outlets give
    # alike is the core, the look-alike sentence no part of it.
    first = _article(
        "first",
        "Plant fire",
        "A fire at a battery plant in Dravik killed 12 people on Wednesday. "
        "Officials said more information would follow in the coming days.",
        "First Wire",
    )
    second = _article(
        "second",
        "Plant fire",
        "Twelve people died in a battery plant fire in Dravik on Wednesday. "
        "Officials said more information would follow in the coming days.",
        "Second Post",
    )
    toll = Claim(
        id="toll2",
        story_id=None,
        key="fire: deaths",
        mentions=[_mention(first, "12 people", 12), _mention(second, "Twelve people", 12)],
        status="agreement",
    )
    articles = [first, second]
    outlet_of = {a.id: a.outlet or a.id for a in articles}
    coverage = story_coverage([a.id for a in articles], [toll], outlet_of)
    briefing = story_briefing(articles, [toll], [], coverage, outlet_of)
    core = [e for e in briefing if e.role == "core"]
    assert [e.claim_id for e in core] == ["toll2"]
    assert all("more information" not in first.text[e.start : e.end] for e in core)


def test_a_figure_is_one_sentence_of_the_disputed_part_and_its_other_outlets_are_listed() -> None:
    # The Ledger gives its 14 in the headline and the lead: the lead alone tells it. The
    # radio's 12 and the wire's are one figure: one sentence tells it, naming the other.
    ledger_headline = ConflictSide(
        article_id="ledger",
        start=LEDGER.text.index("14"),
        end=LEDGER.text.index("14") + 2,
        value=14,
        sentence_start=0,
        sentence_end=len(LEDGER.title or ""),
    )
    headline = Conflict(
        id="c5",
        kind="conflict",
        a=_side(RADIO, "Twelve people", 12),
        b=ledger_headline,
        explanation="12 vs 14",
        claim_id="toll",
    )
    disputed = _briefing(max_sentences=0, conflicts=[headline, CONFLICT])
    lead = LEDGER.sentences[1].start
    assert [
        (e.article_id, e.start, sorted(e.conflict_ids), e.also_reported_by) for e in disputed
    ] == [
        ("radio", RADIO.sentences[1].start, ["c1", "c5"], ["Continental Wire"]),
        ("ledger", lead, ["c1", "c5"], []),
    ]


def test_a_conflict_group_cites_each_figure_once_and_is_told_together() -> None:
    # The Times gives its 14 twice, bounded and credited differently ("at least 14 ... the
    # mayor said", "the union put the toll at 14"), against two outlets' 12: one disputed
    # item, each figure cited once. The injured dispute, listed between, follows it.
    times = _article(
        "times",
        "Dravik plant fire",
        "At least 14 people died in the fire, the mayor said on Wednesday. "
        "About 40 workers were taken to hospital. The union put the toll at 14.",
        "Dravik Times",
    )
    mayor = replace(_side(times, "At least 14", 14), bound=">=", source="the mayor")
    union = replace(_side(times, "14.", 14), source="the union")
    conflicts = [
        Conflict("c1", "conflict", _side(WIRE, "12 people", 12), mayor, "12 vs 14", "toll"),
        Conflict(
            "c3",
            "conflict",
            _side(RADIO, "30 workers", 30),
            _side(times, "About 40 workers", 40),
            "30 vs 40",
            "hospital",
        ),
        Conflict("c2", "conflict", _side(RADIO, "Twelve people", 12), union, "12 vs 14", "toll"),
    ]
    disputed = [
        e
        for e in _briefing(max_sentences=0, conflicts=conflicts, articles=[*ARTICLES, times])
        if e.role == "disputed"
    ]
    told = [(e.article_id, sorted(e.conflict_ids), e.also_reported_by) for e in disputed]
    assert told == [
        ("wire", ["c1", "c2"], ["Radio Dravik"]),
        ("times", ["c1", "c2"], []),
        ("radio", ["c3"], []),
        ("times", ["c3"], []),
    ]
