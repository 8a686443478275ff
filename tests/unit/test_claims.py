"""Claim alignment on constructed articles: features, anchors, reasons, claims."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import numpy as np

from counterpoint.link import link
from counterpoint.link.claims import (
    EVENT,
    align_block,
    claim_features,
    content_terms,
    counted_head,
    date_through,
    dating_context,
    parse_anchor,
    reasons_for,
    same_source,
    stem,
)
from counterpoint.model import Article, Entity, Frame, Quantity, Sentence, TimeExpression


def make_article(
    article_id: str,
    sentences: list[str],
    quantities: list[tuple[str, float, str, str | None]] = (),  # type: ignore[assignment]
    times: list[tuple[str, str]] = (),  # type: ignore[assignment]
    published: datetime | None = None,
    outlet: str | None = None,
    occurrence: dict[str, int] | None = None,
    frames: dict[str, dict[str, str]] | None = None,
) -> Article:
    """An annotated article: quantities/times located by their surface in the text, and
    ``frames`` (quantity surface -> Frame fields) as annotate's frame reader would set them."""
    text = " ".join(sentences)
    spans, offset = [], 0
    for sentence in sentences:
        spans.append(Sentence(offset, offset + len(sentence)))
        offset += len(sentence) + 1
    article = Article(
        id=article_id,
        source=article_id,
        text=text,
        published=published,
        outlet=outlet,
        title=sentences[0],
        sentences=spans,
    )
    for surface, value, kind, counted in quantities:
        start = text.index(surface)
        counted_start = text.find(counted, start) if counted else -1
        article.quantities.append(
            Quantity(
                start=start,
                end=start + len(surface),
                value=value,
                bound="=",
                kind=kind,  # type: ignore[arg-type]
                counted=counted,
                counted_start=counted_start if counted else None,
                counted_end=counted_start + len(counted) if counted else None,
            )
        )
    for surface, fields in (frames or {}).items():
        start = text.index(surface)
        article.frames.append(Frame(start, start + len(surface), figure="quantity", **fields))  # type: ignore[arg-type]
    for surface, value in times:
        start = text.index(surface)
        granularity = "day" if len(value) == 10 else "month"
        article.times.append(TimeExpression(start, start + len(surface), value, granularity))  # type: ignore[arg-type]
    return article


def test_stem_and_terms_match_inflections() -> None:
    assert stem("vetoed") == stem("vetoes") == stem("veto")
    assert stem("resolutions") == stem("resolution")
    assert stem("voted") == stem("votes") == stem("vote")
    assert {"US", "veto", "resolution"} <= content_terms("The U.S. vetoed two resolutions")
    assert "the" not in content_terms("the the the")


def test_counted_head_is_last_word_before_preposition() -> None:
    head, modifiers = counted_head("resolutions on a ceasefire in Gaza")
    assert head == "resolution"
    assert "ceasefir" in modifiers or "ceasefire" in modifiers


def test_anchor_parses_day_month_year_and_interval() -> None:
    day = parse_anchor("2024-11-20", "sentence")
    month = parse_anchor("2024-11", "sentence")
    assert day and month and day.overlaps(month)
    assert month.last.day == 30
    interval = parse_anchor("2023-10-07/2024-12-11", "sentence")
    assert interval and interval.first.year == 2023 and interval.last.month == 12
    assert parse_anchor("next spring", "sentence") is None


def test_index_takes_the_date_of_the_earlier_dated_report_of_the_same_action() -> None:
    article = make_article(
        "a",
        [
            "On November 20, the United States vetoed a council resolution on the war.",
            "The council has fifteen members.",
            "This is the fourth time that the United States has vetoed council resolutions.",
        ],
        quantities=[("fourth time", 4, "ordinal", "time")],
        times=[("November 20", "2024-11-20")],
        published=datetime(2024, 11, 28),
    )
    (feature,) = claim_features(article)
    assert feature.role == "index" and feature.head == EVENT
    assert feature.anchor is not None
    assert (feature.anchor.source, feature.anchor.value) == ("context", "2024-11-20")


def test_count_without_own_date_is_a_so_far_figure_and_enumeration_is_summed() -> None:
    article = make_article(
        "a",
        [
            "The US vetoed four resolutions on a ceasefire and a resolution on membership.",
        ],
        quantities=[("four resolutions", 4, "cardinal", "resolutions on a ceasefire")],
        published=datetime(2024, 11, 28),
    )
    (feature,) = claim_features(article)
    assert feature.anchor is not None and feature.anchor.source == "published"
    assert feature.enumerated_total == 5


def test_indefinite_article_is_not_a_claim() -> None:
    article = make_article(
        "a", ["The US vetoed a resolution."], quantities=[("a", 1, "cardinal", "resolution")]
    )
    assert claim_features(article) == []


def test_a_figure_the_sentence_marks_as_earlier_is_not_compared() -> None:
    article = make_article(
        "a",
        ["The death toll, initially put at 12, rose to 19 on Thursday."],
        quantities=[("12", 12, "cardinal", "death toll"), ("19", 19, "cardinal", "death toll")],
    )
    assert [f.value for f in claim_features(article)] == [19]


def test_reasons_require_the_same_slot() -> None:
    killed = {"predicate": "kill", "thing": "soldier", "event": "attack"}
    first = make_article(
        "a",
        ["The army said 30 soldiers were killed in the attack."],
        quantities=[("30 soldiers", 30, "cardinal", "soldiers")],
        frames={"30 soldiers": killed},
    )
    same = make_article(
        "b",
        ["At least 32 soldiers were killed in the attack, officials said."],
        quantities=[("32 soldiers", 32, "cardinal", "soldiers")],
        frames={"32 soldiers": killed},
    )
    civilians = make_article(
        "c",
        ["Some 40 civilians were killed in the attack."],
        quantities=[("40 civilians", 40, "cardinal", "civilians")],
        frames={"40 civilians": {**killed, "thing": "civilian"}},
    )
    forecast = make_article(
        "d",
        ["Officials fear 50 soldiers could have been killed in the attack."],
        quantities=[("50 soldiers", 50, "cardinal", "soldiers")],
        frames={"50 soldiers": {**killed, "modality": "forecast"}},
    )
    (fa,), (fb,), (fc,), (fd,) = map(claim_features, (first, same, civilians, forecast))
    assert fa.predicate == "die" and fa.running
    reasons = reasons_for(fa, fb)
    assert reasons is not None and reasons.same_head and "kill" in reasons.shared_terms
    assert reasons_for(fa, fc) is None
    assert reasons_for(fa, fd) is None


def test_shares_need_one_holder_and_figures_of_other_events_do_not_align() -> None:
    def share(article_id: str, sentence: str, surface: str, value: float, **frame: str):
        article = make_article(
            article_id,
            [sentence],
            quantities=[(surface, value, "percent", "vote")],
            frames={surface: {"thing": "vote", "event": "election", **frame}},
        )
        (found,) = claim_features(article)
        return found

    erdogan = share("a", "Erdogan won 52.1% of the vote.", "52.1%", 52.1, holder="Erdogan")
    rival = share("b", "Kilicdaroglu won 47.9% of the vote.", "47.9%", 47.9, holder="Rival")
    again = share("c", "Erdogan took 52.2% of the vote.", "52.2%", 52.2, holder="Erdogan")
    first_round = share(
        "d",
        "Erdogan won 49.5% of the vote in the first round.",
        "49.5%",
        49.5,
        holder="Erdogan",
        event="election: first round",
    )
    counted = share(
        "e",
        "Erdogan led with 53.4% of the vote.",
        "53.4%",
        53.4,
        holder="Erdogan",
        stage="75% counted",
    )
    assert reasons_for(erdogan, again) is not None
    assert reasons_for(erdogan, rival) is None
    assert reasons_for(erdogan, first_round) is None
    # One vote at two counting stages: aligned, and classification bounds the change.
    assert reasons_for(erdogan, counted) is not None
    provisional = replace(counted, stage="provisional")
    assert reasons_for(erdogan, provisional) is None


def test_attributions_naming_one_counter_are_the_same_source() -> None:
    assert same_source("the interior ministry", "Ministry of the Interior")
    assert same_source("WHO", "World Health Organization")
    assert same_source("CGT", "the hard-left CGT union")
    assert not same_source("the interior ministry", "CGT")
    assert not same_source("the health ministry", "the interior ministry")


def test_link_builds_a_claim_across_articles_with_a_readable_label() -> None:
    killed = {"predicate": "kill", "event": "disaster"}
    articles = [
        make_article(
            "a",
            ["Storm hits coast.", "The storm killed 12 people on Monday."],
            quantities=[("12 people", 12, "cardinal", "people")],
            published=datetime(2024, 3, 4),
            outlet="A",
            frames={"12 people": {**killed, "time": "2024-03-04"}},
            times=[("Monday", "2024-03-04")],
        ),
        make_article(
            "b",
            ["Storm batters coast.", "The storm killed 12 people, rescuers said."],
            quantities=[("12 people", 12, "cardinal", "people")],
            published=datetime(2024, 3, 4),
            outlet="B",
            frames={"12 people": {**killed, "source": "rescuers"}},
        ),
    ]
    embeddings = np.array([[1.0, 0.0], [1.0, 0.0]], dtype=np.float32)
    result = link(articles, embeddings=embeddings)
    assert len({result.story_of["a"], result.story_of["b"]}) == 1
    (claim,) = result.claims
    assert {m.article_id for m in claim.mentions} == {"a", "b"}
    assert claim.key == "disaster of 4 Mar 2024: deaths"


def test_disjoint_qualifiers_of_the_same_head_are_different_facts() -> None:
    sentences = (
        "The assembly passed the aid resolutions 150 to 9 on Wednesday.",
        "The assembly passed the budget resolutions 140 to 9 on Wednesday.",
    )

    def features(framed: bool) -> list:
        out = []
        for article_id, sentence, number, kind in zip(
            "ab", sentences, ("150", "140"), ("aid", "budget"), strict=True
        ):
            frame = {"predicate": "pass", "thing": f"{kind} resolution", "event": "vote"}
            (found,) = claim_features(
                make_article(
                    article_id,
                    [sentence],
                    quantities=[(number, float(number), "cardinal", f"{kind} resolutions")],
                    frames={number: frame} if framed else None,
                )
            )
            out.append(found)
        return out

    # A frame names the thing with its qualifier: two things, no alignment.
    assert reasons_for(*features(framed=True)) is None
    # Without frames the counted phrases' words say the qualifiers differ.
    reasons = reasons_for(*features(framed=False))
    assert reasons is not None and reasons.modifiers_differ


def test_a_copula_over_generic_people_takes_the_slot_from_the_words_beside_the_figure() -> None:
    dead = make_article(
        "a",
        ["Rescuers said at least 1,200 people are dead after the storm,and 300 are missing."],
        quantities=[
            ("1,200", 1200, "cardinal", "people"),
            ("300", 300, "cardinal", None),
        ],
        frames={
            "1,200": {"predicate": "be", "thing": "people"},
            "300": {"predicate": "be"},
        },
    )
    confirmed = make_article(
        "b",
        ["By Monday 1,350 were confirmed killed in the storm, the agency says"],
        quantities=[("1,350", 1350, "cardinal", None)],
        frames={"1,350": {"predicate": "confirm"}},
    )
    unread = make_article(
        "c",
        ["2 victims on board storm-hit ferry named"],
        quantities=[("2", 2, "cardinal", None)],
        frames={"2": {}},
    )
    (toll, missing), (later,), (lone,) = map(claim_features, (dead, confirmed, unread))
    assert (toll.predicate, missing.predicate, later.predicate) == ("die", "missing", "die")
    assert reasons_for(toll, later) is not None
    assert reasons_for(toll, missing) is None
    # The parse read nothing of the headline's figure: no slot from its neighbours' words.
    assert lone.predicate is None and not lone.slotted


def test_another_figure_of_a_new_slot_is_a_fact_and_of_the_same_slot_an_increment() -> None:
    article = make_article(
        "a",
        [
            "The Red Crescent said 2,400 people were killed, and a further 1,900 are missing.",
            "Rescuers recovered 12 bodies on Monday and another six on Tuesday",
        ],
        quantities=[
            ("2,400", 2400, "cardinal", "people"),
            ("1,900", 1900, "cardinal", None),
            ("12 bodies", 12, "cardinal", "bodies"),
            ("six", 6, "cardinal", None),
        ],
    )
    assert [(f.value, f.predicate) for f in claim_features(article)] == [
        (2400, "die"),
        (1900, "missing"),
        (12, "die"),
    ]


def test_an_undated_report_takes_the_date_another_outlet_gives_the_same_action() -> None:
    dated = make_article(
        "a",
        ["On November 20, the United States vetoed a Security Council resolution on a ceasefire."],
        times=[("November 20", "2024-11-20")],
        published=datetime(2024, 11, 28),
        outlet="Daily A",
    )
    undated = make_article(
        "b",
        [
            "The US vetoed a ceasefire resolution in the Security Council last month, "
            "the sixth time it has done so.",
        ],
        quantities=[("sixth time", 6, "ordinal", "time")],
    )
    start = undated.text.index("last month")
    undated.times.append(TimeExpression(start, start + len("last month"), None, "month"))
    unrelated = make_article(
        "c",
        ["On November 20, the festival opened its doors to visitors from abroad."],
        times=[("November 20", "2024-11-20")],
        published=datetime(2024, 11, 21),
        outlet="Daily C",
    )
    features = claim_features(undated)
    assert features[0].anchor is None
    contexts = {
        a.id: dating_context(a, features if a is undated else [])
        for a in (dated, undated, unrelated)
    }
    (placed,) = date_through(features, [contexts[a] for a in ("a", "b", "c")])
    assert placed.anchor is not None and placed.anchor.value == "2024-11-20"
    assert placed.dated_by == "Daily A"
    (alone,) = date_through(features, [contexts[a] for a in ("b", "c")])
    assert alone.anchor is None and alone.dated_by is None


def _toll(article_id: str, sentence: str, surface: str, value: float, **frame: str):
    article = make_article(
        article_id,
        [sentence],
        quantities=[(surface, value, "cardinal", "people")],
        frames={surface: {"predicate": "kill", "thing": "people", "event": "disaster", **frame}},
        published=datetime(2023, 9, 14),
    )
    return article


def test_a_stage_word_does_not_split_a_running_count_and_a_final_share_meets_a_result() -> None:
    (plain,) = claim_features(_toll("a", "The flood killed 3,958 people.", "3,958", 3958))
    (official,) = claim_features(
        _toll("b", "Officially the flood killed 3,958 people.", "3,958", 3958, stage="final")
    )
    assert plain.running and reasons_for(plain, official) is not None
    tally = make_article(
        "c",
        ["The party won 52% of the vote."],
        quantities=[("52%", 52, "percent", "vote")],
        frames={"52%": {"thing": "vote", "holder": "Party", "event": "election"}},
    )
    final = make_article(
        "d",
        ["The party won 52% of the vote in the final count."],
        quantities=[("52%", 52, "percent", "vote")],
        frames={"52%": {"thing": "vote", "holder": "Party", "event": "election", "stage": "final"}},
    )
    (x,), (y,) = claim_features(tally), claim_features(final)
    # A result put as final and one put with no stage are one fact; a provisional one is not.
    assert reasons_for(x, y) is not None
    assert reasons_for(x, replace(y, stage="provisional")) is None


def test_a_months_figure_and_its_release_day_are_one_event() -> None:
    def jobs(article_id: str, sentence: str, when: str, value: str) -> object:
        article = make_article(
            article_id,
            [sentence],
            quantities=[("517,000 jobs", 517000, "cardinal", "jobs")],
            times=[(when, value)],
            frames={"517,000 jobs": {"predicate": "add", "thing": "job", "event": "economy"}},
        )
        (found,) = claim_features(article)
        return found

    month = jobs("a", "Employers added 517,000 jobs in January.", "January", "2023-01")
    released = jobs(
        "b", "Employers added 517,000 jobs, data showed on Friday.", "Friday", "2023-02-03"
    )
    months_later = jobs(
        "c", "Employers added 517,000 jobs, data showed on Monday.", "Monday", "2023-05-01"
    )
    assert reasons_for(month, released) is not None  # type: ignore[arg-type]
    assert reasons_for(month, months_later) is None  # type: ignore[arg-type]


def test_a_part_whose_group_says_what_happened_is_the_tally() -> None:
    whole = _toll("a", "The crash killed 179 of the 181 people aboard.", "179", 179)
    whole.quantities[0].whole = 181
    bare = make_article(
        "b",
        ["Two of the 181 people were pulled from the wreck."],
        quantities=[("Two", 2, "cardinal", "people")],
        frames={"Two": {"thing": "people"}},
    )
    bare.quantities[0].whole = 181
    (part,), (tally,) = (
        claim_features(whole),
        claim_features(_toll("c", "The crash killed 179 people.", "179", 179)),
    )
    (subset,) = claim_features(bare)
    assert part.part and reasons_for(part, tally) is not None
    assert subset.part and reasons_for(subset, tally) is None


def test_places_a_sentence_nests_are_one_scope_and_places_set_side_by_side_are_not() -> None:
    def placed(article_id: str, sentence: str, surface: str, value: float, place: str):
        article = _toll(article_id, sentence, surface, value, place=place)
        for name in ("Libya", "Derna", "Benghazi"):
            if name in sentence:
                start = sentence.index(name)
                article.entities.append(Entity(start, start + len(name), "GPE", name, name))
        return claim_features(article)

    nested = placed(
        "a", "The toll in Libya's city of Derna is 11,300 people.", "11,300", 11300, "Libya"
    )
    city = placed("b", "Floods killed 11,300 people in Derna.", "11,300", 11300, "Derna")
    other = placed("c", "Floods killed 170 people in Benghazi.", "170", 170, "Benghazi")
    pairs = align_block("s", nested + city + other)
    assert {frozenset((p.a.article_id, p.b.article_id)) for p in pairs} == {frozenset("ab")}
    sentence = "Floods killed 2,300 people in Derna and 170 people in Libya."
    both = make_article(
        "d",
        [sentence],
        quantities=[("2,300", 2300, "cardinal", "people"), ("170", 170, "cardinal", "people")],
        frames={
            surface: {"predicate": "kill", "thing": "people", "event": "disaster", "place": place}
            for surface, place in (("2,300", "Derna"), ("170", "Libya"))
        },
        published=datetime(2023, 9, 14),
    )
    both.entities = [
        Entity(sentence.index(n), sentence.index(n) + len(n), "GPE", n, n)
        for n in ("Derna", "Libya")
    ]
    side_by_side = claim_features(both) + placed(
        "e", "Floods killed 170 people across Libya.", "170", 170, "Libya"
    )
    pairs = align_block("s", side_by_side + city)
    assert {frozenset((p.a.start, p.b.start)) for p in pairs if p.a.place != p.b.place} == set()
    assert {frozenset((p.a.article_id, p.b.article_id)) for p in pairs} == {
        frozenset("de"),
        frozenset("bd"),
    }


def test_burials_elsewhere_and_breakdowns_are_facts_of_their_own() -> None:
    (toll,) = claim_features(_toll("a", "The flood killed 3,958 people.", "3,958", 3958))
    buried = make_article(
        "b",
        ["More than 3,000 bodies were buried by Thursday."],
        quantities=[("3,000", 3000, "cardinal", "bodies")],
        frames={"3,000": {"predicate": "bury", "thing": "body", "event": "disaster"}},
    )
    (burials,) = claim_features(buried)
    assert burials.predicate == "bury" and reasons_for(toll, burials) is None
    (elsewhere,) = claim_features(
        _toll("c", "The storm also killed 170 people elsewhere in the country.", "170", 170)
    )
    (others,) = claim_features(_toll("d", "The storm killed 170 people in the city.", "170", 170))
    assert elsewhere.place == "elsewhere" and reasons_for(elsewhere, others) is None
    (breakdown,) = claim_features(
        _toll("e", "Among the dead, at least 84 people were women.", "84", 84)
    )
    assert breakdown.subset and reasons_for(breakdown, toll) is None


def test_another_figure_looks_a_few_sentences_back_for_the_fact_it_adds_to() -> None:
    article = make_article(
        "a",
        [
            "The Red Crescent said 2,400 people were killed.",
            "Search teams are working in the ruins of the city.",
            "Its chief said another 1,900 people are reported missing.",
            "Later, another 30 were killed.",
        ],
        quantities=[
            ("2,400", 2400, "cardinal", "people"),
            ("1,900", 1900, "cardinal", "people"),
            ("30", 30, "cardinal", None),
        ],
    )
    assert [(f.value, f.predicate) for f in claim_features(article)] == [
        (2400, "die"),
        (1900, "missing"),
    ]


def test_people_of_one_nationality_are_one_thing_however_named() -> None:
    def thai(article_id: str, sentence: str, surface: str, counted: str, **frame: str):
        article = make_article(
            article_id,
            [sentence],
            quantities=[(surface, 2, "cardinal", counted)],
            frames={surface: {"event": "crash", **frame}},
        )
        start = sentence.index("Thai")
        article.entities.append(Entity(start, start + 4, "NORP", "Thai", "thai"))
        (found,) = claim_features(article)
        return found

    nationals = thai(
        "a",
        "Two Thai nationals were aboard the plane.",
        "Two",
        "Thai nationals",
        predicate="be",
        thing="thai national",
    )
    held = thai(
        "b",
        "The Thai embassy said two nationals were on board.",
        "two",
        "nationals",
        predicate="be",
        thing="national",
        holder="Thai",
    )
    crew = thai(
        "c",
        "Two crew members of the Thai airline were aboard the plane.",
        "Two",
        "crew members",
        predicate="be",
        thing="crew member",
    )
    assert nationals.thing == held.thing == "Thai people" and nationals.predicate == "aboard"
    assert reasons_for(nationals, held) is not None
    assert crew.thing == "crew member" and reasons_for(nationals, crew) is None


def test_things_compare_by_their_words_and_a_thing_naming_the_group_says_no_more() -> None:
    def jobs(article_id: str, sentence: str, surface: str, thing: str) -> object:
        article = make_article(
            article_id,
            [sentence],
            quantities=[(surface, 517000, "cardinal", "jobs")],
            frames={surface: {"predicate": "add", "thing": thing, "event": "economy"}},
        )
        (found,) = claim_features(article)
        return found

    glued = jobs("a", "Employers added 517K jobs.", "517K", "k")
    spelled = jobs("b", "Employers added 517,000 jobs.", "517,000", "job")
    assert reasons_for(glued, spelled) is not None  # type: ignore[arg-type]

    def term(article_id: str, sentence: str, thing: str) -> object:
        article = make_article(
            article_id,
            [sentence],
            quantities=[("25 years", 25, "duration", None)],
            frames={"25 years": {"predicate": "sentence", "thing": thing, "event": "verdict"}},
        )
        article.quantities[0].unit = "years"
        (found,) = claim_features(article)
        return found

    prison_term = term("c", "He was sentenced to a prison term of 25 years.", "prison term")
    bare = term("d", "He was sentenced to 25 years.", "year sentence")
    assert prison_term.thing is None and bare.thing is None  # type: ignore[attr-defined]
    assert reasons_for(prison_term, bare) is not None  # type: ignore[arg-type]


def test_an_earlier_value_of_a_level_is_another_periods_figure() -> None:
    def rate(article_id: str, sentence: str, surface: str, value: float, modality: str):
        article = make_article(
            article_id,
            [sentence],
            quantities=[(surface, value, "percent", "unemployment rate")],
            frames={surface: {"thing": "unemployment rate", "modality": modality}},
        )
        article.quantities[0].unit = "%"
        return next(f for f in claim_features(article) if f.surface == surface)

    now = rate("a", "The unemployment rate fell to 3.4%.", "3.4%", 3.4, "asserted")
    before = rate("b", "The unemployment rate was 3.5% before.", "3.5%", 3.5, "earlier")
    assert reasons_for(now, before) is None
    (toll,) = claim_features(_toll("c", "The flood killed 3,958 people.", "3,958", 3958))
    (earlier,) = claim_features(
        _toll("d", "The flood killed 5,500 people earlier.", "5,500", 5500, modality="earlier")
    )
    assert reasons_for(toll, earlier) is not None


def test_lives_claimed_are_deaths_and_a_battery_life_is_not() -> None:
    crash = make_article(
        "a",
        ["The crash claimed 179 lives."],
        quantities=[("179", 179, "cardinal", "lives")],
        frames={"179": {"predicate": "claim", "thing": "life", "event": "crash"}},
    )
    battery = make_article(
        "b",
        ["The battery life lasts up to 5 hours."],
        quantities=[("5 hours", 5, "duration", None)],
        frames={"5 hours": {"predicate": "last", "thing": "battery life"}},
    )
    (deaths,), (hours,) = claim_features(crash), claim_features(battery)
    assert deaths.predicate == "die" and deaths.running
    assert hours.predicate is None and not hours.running


def test_a_breakdown_takes_the_group_of_the_figure_it_breaks_down() -> None:
    sentence = "The toll rose to 179, including two Thai women."
    toll = make_article(
        "a",
        [sentence],
        quantities=[("179", 179, "cardinal", None), ("two", 2, "cardinal", "Thai women")],
        frames={
            "179": {"predicate": "rise", "thing": "toll", "event": "crash"},
            "two": {"thing": "thai woman", "event": "crash"},
        },
    )
    toll.entities.append(
        Entity(sentence.index("Thai"), sentence.index("Thai") + 4, "NORP", "Thai", "t")
    )
    among = make_article(
        "b",
        ["Two Thai nationals were among the 179 who perished."],
        quantities=[("Two", 2, "cardinal", "Thai nationals"), ("179", 179, "cardinal", None)],
        frames={
            "Two": {"predicate": "be", "thing": "thai national"},
            "179": {"predicate": "perish"},
        },
    )
    among.entities.append(Entity(4, 8, "NORP", "Thai", "t"))
    tally, part = claim_features(toll)
    women = part
    (nationals, _) = claim_features(among)
    assert tally.predicate == "die" and not tally.subset
    assert women.subset and women.predicate == "die" and women.thing == "Thai people"
    assert nationals.subset and nationals.predicate == "die"
    assert reasons_for(women, nationals) is not None
    assert reasons_for(women, tally) is None


def test_a_denied_figure_speaks_of_the_same_fact() -> None:
    (toll,) = claim_features(_toll("a", "The flood killed 11,300 people.", "11,300", 11300))
    (denied,) = claim_features(
        _toll(
            "b",
            "Officials denied the flood killed 11,300 people.",
            "11,300",
            11300,
            modality="denied",
        )
    )
    (feared,) = claim_features(
        _toll(
            "c",
            "Officials fear the flood killed 20,000 people.",
            "20,000",
            20000,
            modality="forecast",
        )
    )
    assert reasons_for(toll, denied) is not None
    assert reasons_for(toll, feared) is None


def test_a_count_told_with_and_without_its_holder_and_a_duration_with_a_place_align() -> None:
    def jobs(article_id: str, sentence: str, **frame: str) -> object:
        article = make_article(
            article_id,
            [sentence],
            quantities=[("517,000", 517000, "cardinal", "jobs")],
            frames={"517,000": {"predicate": "add", "thing": "job", "event": "economy", **frame}},
        )
        (found,) = claim_features(article)
        return found

    held = jobs("a", "Bureau of Labor Statistics: 517,000 jobs added.", holder="BLS")
    plain = jobs("b", "Employers added 517,000 jobs.")
    assert reasons_for(held, plain) is not None  # type: ignore[arg-type]

    def term(article_id: str, sentence: str, **frame: str) -> object:
        article = make_article(
            article_id,
            [sentence],
            quantities=[("25 years", 25, "duration", None)],
            frames={"25 years": {"predicate": "sentence", "event": "verdict", **frame}},
        )
        article.quantities[0].unit = "years"
        (found,) = claim_features(article)
        return found

    jailed = term("c", "He was sentenced to 25 years in Prison.", place="Prison")
    bare = term("d", "He was sentenced to 25 years.")
    assert reasons_for(jailed, bare) is not None  # type: ignore[arg-type]


def _state_share(article_id: str, sentence: str, surface: str, value: float, **frame: str):
    article = make_article(
        article_id,
        [sentence],
        quantities=[(surface, value, "percent", None)],
        frames={surface: {"thing": "vote", "event": "election", **frame}},
        published=datetime(2023, 10, 14),
    )
    for name in ("Queensland", "Victoria", "Gippsland", "South Australia"):
        if name in sentence:
            start = sentence.index(name)
            article.entities.append(Entity(start, start + len(name), "GPE", name, name))
    (found,) = claim_features(article)
    return found


def test_shares_of_places_a_sentence_names_are_not_the_blocks_place_nor_each_others() -> None:
    queensland = _state_share(
        "a", "Queensland delivered a No vote of 67 per cent.", "67 per cent", 67, holder="No"
    )
    victoria = _state_share(
        "b", "Victoria voted No at 59 per cent.", "59 per cent", 59, holder="No"
    )
    region = _state_share(
        "c",
        "In Gippsland No gained 72 per cent.",
        "72 per cent",
        72,
        holder="No",
        place="Gippsland",
    )
    # The one place of the block (Gippsland) does not scope shares of sentences naming others.
    pairs = align_block("s", [queensland, victoria, region])
    assert pairs == []
    unheld = replace(victoria, holder=None)
    south = _state_share("d", "South Australia returned 64 per cent.", "64 per cent", 64)
    assert reasons_for(unheld, south) is None


def test_a_count_of_people_is_no_place_in_a_series_and_a_threshold_is_no_result() -> None:
    sixth = _toll("a", "Protests entered their sixth day.", "sixth day", 6)
    day = replace(claim_features(sixth)[0], role="index", head="day", predicate="protest")
    crowd = replace(day, article_id="b", role="count", head="demonstr", value=1.28e6)
    assert reasons_for(day, crowd) is None
    assert reasons_for(day, replace(crowd, head="day", value=7)) is not None
    share = _state_share("c", "Erdogan won 49.4% of votes.", "49.4%", 49.4, holder="Erdogan")
    threshold = replace(share, article_id="d", thing="threshold", value=50.0)
    assert reasons_for(share, threshold) is None
