"""compare.framing on invented articles: the log-odds maths against a hand computation, actor
labels, scare quotes, loaded terms, copies counted once, and the tone around mentions."""

from __future__ import annotations

import math
import re
from collections import Counter

import pytest

from counterpoint.compare.framing import VaderScorer, _distinctive, story_framing
from counterpoint.model import Article, Entity, OutletFraming, Quote, Sentence


def _article(
    article_id: str,
    text: str,
    *,
    names: dict[str, tuple[str, str]] | None = None,
    said: list[str] | None = None,
    language: str | None = "en",
) -> Article:
    """An article with sentences (cut after . ? ! or a line break), an entity at every
    occurrence of each of ``names`` (surface -> label, canonical) and a direct quote for each
    of ``said`` (its first occurrence, marks left out)."""
    sentences = [
        Sentence(m.start(), m.end()) for m in re.finditer(r"[^\n]+?(?:[.?!](?=\s|$)|$)", text)
    ]
    sentences = [
        Sentence(s.start + len(text[s.start : s.end]) - len(text[s.start : s.end].lstrip()), s.end)
        for s in sentences
        if text[s.start : s.end].strip()
    ]
    entities: list[Entity] = []
    for surface, (label, canonical) in sorted((names or {}).items(), key=lambda n: -len(n[0])):
        for m in re.finditer(rf"(?<!\w){re.escape(surface)}(?!\w)", text):
            if not any(e.start < m.end() and m.start() < e.end for e in entities):
                entities.append(Entity(m.start(), m.end(), label, canonical, canonical.casefold()))
    quotes = [
        Quote(text.index(words), text.index(words) + len(words), "direct") for words in said or []
    ]
    return Article(
        id=article_id,
        source=f"{article_id}.txt",
        text=text,
        language=language,
        sentences=sentences,
        entities=sorted(entities, key=lambda e: e.start),
        quotes=quotes,
    )


def _framing(framings: list[OutletFraming], outlet: str) -> OutletFraming:
    return next(f for f in framings if f.outlet == outlet)


class _KeywordScorer:
    """+1 for a clause with "rescued", -1 for one with "murdered", else 0."""

    def supports(self, language: str | None) -> bool:
        return language == "en"

    def polarity(self, text: str) -> float:
        return float(("rescued" in text) - ("murdered" in text))


def test_log_odds_match_a_hand_computation() -> None:
    # Monroe et al.'s log-odds and variance by hand, alpha_0 = 2 + 8 + 30 + 60 = 100:
    # regime: delta = ln((6 + 2) / (40 + 100 - 6 - 2)) - ln((0 + 2) / (60 + 100 - 0 - 2))
    #               = ln(8 / 132) - ln(2 / 158) = -2.80336 + 4.36945 = 1.56609
    #         var = 1 / 8 + 1 / 2 = 0.625, z = 1.56609 / 0.790569 = 1.98096
    # filler: delta = ln(62 / 78) - ln(30 / 130) = 1.23676, var = 1/62 + 1/30, z = 5.561
    # talks: used less than the others do (delta < 0), so not distinctive.
    outlet = Counter(regime=6, talks=2, filler=32)
    others = Counter(talks=10, other=50)
    prior = {"regime": 2.0, "talks": 8.0, "filler": 30.0, "other": 60.0}
    terms = _distinctive(outlet, others, prior, limit=15)
    assert [t.term for t in terms] == ["filler", "regime"]
    regime = terms[1]
    assert regime.log_odds == pytest.approx(1.56609, abs=1e-4)
    assert regime.z == pytest.approx(1.98096, abs=1e-3)
    assert regime.count == 6
    assert terms[0].z == pytest.approx(1.23676 / math.sqrt(1 / 62 + 1 / 30), abs=1e-3)


def test_a_term_below_the_threshold_or_used_once_is_left_out() -> None:
    prior = {"rare": 1.0, "common": 99.0}
    # Used once: never listed, however lopsided.
    assert _distinctive(Counter(rare=1, common=20), Counter(common=40), prior, 15) == []
    # Used as often as elsewhere: z = 0.
    even = Counter(common=20, rare=5)
    assert _distinctive(even, even, {"common": 80.0, "rare": 20.0}, 15) == []
    # A vocabulary of one term has no odds.
    assert _distinctive(Counter(common=20), Counter(common=5), {"common": 100.0}, 15) == []


BACKGROUND = (
    "Ministers met in the capital on Tuesday to discuss the budget and school meals.",
    "The harbour authority said ferry crossings would resume after the storm.",
    "Fishing quotas for the northern waters were cut again, to the anger of crews.",
    "A new railway line to the airport opened two months late and over budget.",
    "Bread prices rose for a third month as the cost of flour and energy climbed.",
    "Wind farms off the coast supplied a record share of power over the weekend.",
    "The central bank kept its rate unchanged and warned that inflation may linger.",
    "Teachers in three districts voted to strike over pay and class sizes.",
    "Flooding closed the coastal road for hours and stranded dozens of drivers.",
    "The football club named a new coach after a run of seven defeats.",
    "Hospital waiting lists grew longer in the spring, the health ministry said.",
    "Farmers protested outside parliament against cheap imports of grain and milk.",
)


def _background() -> list[Article]:
    """Unrelated coverage: the prior of every term of the stories below is small."""
    return [
        _article(f"bg{i}", " ".join(BACKGROUND[i:] + BACKGROUND[:i]) + f" Story {word}.")
        for i, word in enumerate(("alpha", "bravo", "charlie", "delta", "echo", "foxtrot"))
    ]


def test_an_outlet_s_distinctive_terms_are_its_words_not_the_story_s() -> None:
    a = _article(
        "a1",
        "The regime shelled Harlow overnight.\n\nWitnesses said the regime used drones. "
        "Residents fled the regime's drones at dawn, and the shelling went on. The regime "
        "denied it. By noon the regime had cut the power, and the regime blamed saboteurs.",
    )
    b = _article(
        "b1",
        "The government said its forces struck targets in Harlow overnight.\n\n"
        'Officials said the strikes hit depots near the river. "The regime is lying," a '
        "resident said. The government denied hitting homes; the shelling went on. Aid "
        "agencies asked both sides to open a corridor for the wounded and for food.",
        said=["The regime is lying,"],
    )
    c = _article(
        "c1",
        "The government's forces struck Harlow again, officials said, and the shelling went on "
        "into the night as the government vowed to continue. Hospitals reported dozens of "
        "wounded and appealed for blood donors, fuel and medicine as roads stayed closed.",
    )
    framings = story_framing(
        [a, b, c], {"a1": "Outlet A", "b1": "Outlet B", "c1": "Outlet C"}, _background()
    )
    assert [f.outlet for f in framings] == ["Outlet A", "Outlet B", "Outlet C"]
    terms_a = {t.term: t for t in _framing(framings, "Outlet A").terms}
    assert terms_a["regime"].count == 6  # "regime's" is "regime"
    assert terms_a["regime"].z >= 1.96
    assert "shelling" not in terms_a  # every outlet says it
    assert all(t.z >= 1.96 and t.count >= 2 for f in framings for t in f.terms)
    # B's only "regime" is a resident's: the loaded-terms list is the outlet's own voice.
    assert _framing(framings, "Outlet A").loaded_terms == ["regime"]
    assert _framing(framings, "Outlet B").loaded_terms == []


def test_a_copy_counts_once_for_its_outlet() -> None:
    text = (
        "Rebels took the dam. Rebels held the dam for a day. Rebels lost the dam. Rebels "
        "retreated north. Rebels regrouped in the hills, and rebels vowed to return. Rebels "
        "came back at dawn. Rebels shelled the dam."
    )
    other = (
        "Troops took a dam on the river after a long fight, officers said, and engineers "
        "began to check the sluices, the turbines and the road across the top of it."
    )
    later = (
        "By evening the army said the structure was intact. Villagers downstream were told to "
        "stay on higher ground until inspectors finished their work on the spillway."
    )
    b = [_article("b1", other), _article("b2", later)]
    outlets = {"a1": "A", "a2": "A", "b1": "B", "b2": "B"}
    one = story_framing([_article("a1", text), *b], outlets, _background())
    both = story_framing([_article("a1", text), _article("a2", text), *b], outlets, _background())
    assert _framing(one, "A").terms == _framing(both, "A").terms
    assert {t.term: t.count for t in _framing(both, "A").terms}["rebels"] == 8


def test_a_story_with_one_outlet_has_no_distinctive_terms() -> None:
    story = [_article("a1", "Rebels took the dam. Rebels held the dam.")]
    assert story_framing(story, {"a1": "A"}, _background())[0].terms == []


NAMES = {
    "Hamas": ("ORG", "Hamas"),
    "Benjamin Netanyahu": ("PERSON", "Benjamin Netanyahu"),
    "Netanyahu": ("PERSON", "Benjamin Netanyahu"),
    "Farhan Haq": ("PERSON", "Farhan Haq"),
    "Antony Blinken": ("PERSON", "Antony Blinken"),
    "Israeli": ("NORP", "Israeli"),
}


def test_actor_labels_before_after_and_as_a_group_noun() -> None:
    text = (
        "Israeli Prime Minister Benjamin Netanyahu met the cabinet. The militant group Hamas "
        "rejected the offer.\n\nHamas, the Palestinian militant group, said talks were over. "
        "Later, Hamas militants fired rockets, and the terrorist group Hamas claimed it. "
        "Farhan Haq, deputy spokesman for the UN Secretary-General, urged calm. "
        "Deputy spokesman for the UN Secretary-General Farhan Haq spoke again. "
        "US Secretary of State Antony Blinken flew in; the Israeli regime said little."
    )
    framing = story_framing([_article("a1", text, names=NAMES)], {"a1": "A"})[0]
    labels = {(label.actor, label.label): label for label in framing.actor_labels}
    assert set(labels) == {
        ("Benjamin Netanyahu", "Israeli Prime Minister"),
        ("Hamas", "militant group"),
        ("Hamas", "Palestinian militant group"),
        ("Hamas", "militants"),
        ("Hamas", "terrorist group"),
        ("Farhan Haq", "deputy spokesman for the UN Secretary-General"),
        ("Antony Blinken", "US Secretary of State"),
        ("Israeli", "regime"),
    }
    assert labels[("Hamas", "terrorist group")].loaded
    assert labels[("Israeli", "regime")].loaded
    assert not labels[("Hamas", "militant group")].loaded
    # "Deputy spokesman for the UN Secretary-General Farhan Haq": the title before his name is
    # the Secretary-General's, so the second sentence adds no label of its own.
    assert labels[("Farhan Haq", "deputy spokesman for the UN Secretary-General")].count == 1


def test_a_label_inside_a_speaker_s_quote_is_the_speaker_s() -> None:
    text = '"The terrorist group Hamas will pay," the minister said. Hamas denied it.'
    article = _article("a1", text, names=NAMES, said=["The terrorist group Hamas will pay,"])
    framing = story_framing([article], {"a1": "A"})[0]
    assert framing.actor_labels == []
    assert framing.loaded_terms == []


def test_scare_quotes_are_the_outlet_s_own_marks() -> None:
    text = (
        'Washington kept supplying "Israel" with arms, while "Israel" said the raid was '
        "over.\n\n"
        '"We will not stop," an officer said. Critics called it "self-defence" at best. '
        'The documentary "Gaza Lives" aired. Benjamin "Bibi" Netanyahu spoke. '
        "A survivor kept asking, \"What happened?\" The US' 'efforts' stalled. Police "
        "rounded up the 'terrorists' in a 'swift operation'."
    )
    names = {
        "Israel": ("GPE", "Israel"),
        'Benjamin "Bibi" Netanyahu': ("PERSON", "Benjamin Netanyahu"),
    }
    article = _article("a1", text, names=names, said=["We will not stop,"])
    quotes = story_framing([article], {"a1": "A"})[0].scare_quotes
    found = [(text[q.start : q.end], q.actor) for q in quotes]
    # The speaker's quote, the term after "called", the title, the nickname and the question
    # are not the outlet's scare quotes; the apostrophe of "US'" opens nothing; a quoted
    # phrase that is neither a name nor a loaded term ("efforts") is someone's words.
    assert found == [("Israel", "Israel"), ("Israel", "Israel"), ("terrorists", None)]


def test_tone_is_read_from_the_clause_around_each_mention() -> None:
    text = (
        "Medics rescued dozens in Dorvik, but raiders murdered villagers in Kessa.\n\n"
        "Medics rescued more families on Friday. Raiders murdered a farmer near Kessa. "
        "Kessa mourned."
    )
    names = {"Medics": ("ORG", "Medics"), "raiders": ("NORP", "Raiders")}
    names["Raiders"] = names["raiders"]
    article = _article("a1", text, names=names)
    tone = {
        s.actor: s
        for s in story_framing([article], {"a1": "A"}, scorer=_KeywordScorer())[0].sentiment
    }
    assert tone["Medics"].score == 1.0 and tone["Medics"].mentions == 2
    assert tone["Raiders"].score == -1.0
    evidence = tone["Raiders"].sentences
    assert [text[s.start : s.end] for s in evidence] == [
        "Medics rescued dozens in Dorvik, but raiders murdered villagers in Kessa.",
        "Raiders murdered a farmer near Kessa.",
    ]
    assert all(s.outlet == "A" and s.article_id == "a1" for s in evidence)


def test_vader_gives_the_sign_of_the_tone_toward_each_actor() -> None:
    text = (
        "Volunteers from Helpline heroically saved dozens of children. Helpline was praised by "
        "grateful families.\n\nThe Red Hand gang brutally killed two guards, and the Red Hand "
        "gang terrorised the town."
    )
    names = {"Helpline": ("ORG", "Helpline"), "Red Hand": ("ORG", "Red Hand")}
    framing = story_framing([_article("a1", text, names=names)], {"a1": "A"})[0]
    tone = {s.actor: s.score for s in framing.sentiment}
    assert tone["Helpline"] > 0.3
    assert tone["Red Hand"] < -0.3


def test_no_tone_for_a_language_the_scorer_does_not_know_or_a_single_mention() -> None:
    names = {"Helpline": ("ORG", "Helpline"), "Dorvik": ("GPE", "Dorvik")}
    text = "Helpline saved dozens in Dorvik. Helpline was praised."
    german = _article("a1", text, names=names, language="de")
    assert story_framing([german], {"a1": "A"}, scorer=VaderScorer())[0].sentiment == []
    english = story_framing([_article("a1", text, names=names)], {"a1": "A"})[0]
    assert [s.actor for s in english.sentiment] == ["Helpline"]


def test_a_dateline_dash_is_no_part_of_a_title() -> None:
    text = (
        "VELMAR CITY (Wire) - President Arno Kessel won a new term. Kessel thanked voters, and "
        "Kessel promised calm."
    )
    names = {"Arno Kessel": ("PERSON", "Arno Kessel"), "Kessel": ("PERSON", "Arno Kessel")}
    framing = story_framing([_article("a1", text, names=names)], {"a1": "A"})[0]
    assert [(label.actor, label.label) for label in framing.actor_labels] == [
        ("Arno Kessel", "President")
    ]


def test_actors_are_states_people_and_bodies_not_settings_sources_or_adjectives() -> None:
    text = (
        "Norlandic authorities praised the rescue in Kessa.\n\n"
        "Norlandic nationals were rescued by medics, Ministry of Roads officials told Radio Vel. "
        "Norlandics rescued more families near Kessa, according to Radio Vel. "
        "Norland rescued two crews. Radio Vel rescued a dog. Radio Vel murdered a song. "
        "Kessa rescued its harbour. Norlandics murdered a myth."
    )
    names = {
        "Norlandic": ("NORP", "Norlandic"),
        "Norlandics": ("NORP", "Norlandics"),
        "Norland": ("GPE", "Norland"),
        "Kessa": ("GPE", "Kessa"),
        "Radio Vel": ("ORG", "Radio Vel"),
    }
    framing = story_framing(
        [_article("a1", text, names=names)], {"a1": "A"}, scorer=_KeywordScorer()
    )[0]
    tone = {s.actor: (s.mentions, s.score) for s in framing.sentiment}
    # "Norlandic authorities" speak for the state; "Norlandic nationals" are no actor;
    # "Norlandics" are the people; "in Kessa" and "near Kessa" are settings (so Kessa acts
    # once, below the two mentions a tone needs); "told Radio Vel" and "according to Radio
    # Vel" cite a source.
    assert tone == {"Norland": (2, 0.5), "Norlandics": (2, 0.0), "Radio Vel": (2, 0.0)}
    assert ("Norland", "authorities") in {(a.actor, a.label) for a in framing.actor_labels}


def test_a_surname_and_a_middle_initial_are_the_story_s_one_full_name() -> None:
    text = (
        "Judge Mara K Holt rescued the hearing. Holt rescued the schedule. "
        "Mara Holt murdered no one's hopes."
    )
    names = {
        "Mara K Holt": ("PERSON", "Mara K Holt"),
        "Holt": ("PERSON", "Holt"),
        "Mara Holt": ("PERSON", "Mara Holt"),
    }
    framing = story_framing(
        [_article("a1", text, names=names)], {"a1": "A"}, scorer=_KeywordScorer()
    )[0]
    assert [(s.actor, s.mentions) for s in framing.sentiment] == [("Mara Holt", 3)]


def test_page_furniture_is_no_part_of_an_outlet_s_framing() -> None:
    text = "Photo by Ana Kerr: regime troops at the dam.\nTroops took the dam. Troops held it."
    framing = story_framing([_article("a1", text)], {"a1": "A"}, _background())[0]
    # "regime" is in the loaded-terms lexicon, but only the photo credit says it
    assert framing.loaded_terms == []
    told = story_framing([_article("a1", text.removeprefix("Photo by "))], {"a1": "A"})[0]
    assert told.loaded_terms == ["regime"]


def test_a_surname_tagged_as_a_body_is_the_person_and_a_city_of_is_a_setting() -> None:
    text = (
        "Mara Holt rescued the hearing. Holt rescued the schedule. Holt murdered the motion. "
        "The city of Kessa rescued nobody. Residents of Kessa murdered time."
    )
    names = {
        "Mara Holt": ("PERSON", "Mara Holt"),
        "Holt": ("ORG", "Holt"),
        "Kessa": ("GPE", "Kessa"),
    }
    framing = story_framing(
        [_article("a1", text, names=names)], {"a1": "A"}, scorer=_KeywordScorer()
    )[0]
    assert [(s.actor, s.mentions) for s in framing.sentiment] == [("Mara Holt", 3)]


def test_a_surname_is_the_full_name_written_far_more_often_not_one_of_two_alike() -> None:
    slip = (
        "Mara Holt rescued the hearing. Mara Holt rescued the rota. Mara Holt rescued a dog. "
        "Sentencing Holt murdered hope. Holt rescued the schedule. Holt murdered the motion."
    )
    names = {
        "Mara Holt": ("PERSON", "Mara Holt"),
        "Sentencing Holt": ("PERSON", "Sentencing Holt"),
        "Holt": ("PERSON", "Holt"),
    }
    framing = story_framing(
        [_article("a1", slip, names=names)], {"a1": "A"}, scorer=_KeywordScorer()
    )[0]
    assert {s.actor: s.mentions for s in framing.sentiment}["Mara Holt"] == 5
    pair = (
        "Mara Holt rescued the hearing. Ben Holt murdered hope. Holt rescued the schedule. "
        "Holt rescued the rota."
    )
    names = {n: ("PERSON", n) for n in ("Mara Holt", "Ben Holt", "Holt")}
    framing = story_framing(
        [_article("a1", pair, names=names)], {"a1": "A"}, scorer=_KeywordScorer()
    )[0]
    assert {s.actor: s.mentions for s in framing.sentiment}["Holt"] == 2
