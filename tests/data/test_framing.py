"""Framing on the five seed pages, through the whole pipeline: Al Mayadeen puts "Israel" in
scare quotes (and no other outlet does), and its distinctive terms against the other outlets of
its story pass the z threshold."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from counterpoint.compare.framing import Z_MIN, story_framing
from counterpoint.compare.outlets import independent_outlets
from counterpoint.model import Corpus, OutletFraming
from evaluation.seeds import shared_dir

AL_MAYADEEN = "Al Mayadeen English"


@cache
def _corpus(folder: Path) -> Corpus:
    import tempfile

    import counterpoint

    with tempfile.TemporaryDirectory() as tmp:
        return counterpoint.analyze([folder], db=str(Path(tmp) / "seeds.db"))


@pytest.fixture(scope="module")
def framing() -> tuple[Corpus, list[OutletFraming]]:
    folder = shared_dir() / "data" / "seeds"
    if not folder.is_dir():
        pytest.skip(f"{folder} not available")
    corpus = _corpus(folder)
    outlet_of = independent_outlets(corpus.articles, corpus.duplicates)
    by_id = {article.id: article for article in corpus.articles}
    # The story in which Al Mayadeen meets the most other outlets.
    story = max(
        (s for s in corpus.stories if AL_MAYADEEN in {outlet_of[i] for i in s.article_ids}),
        key=lambda s: len({outlet_of[i] for i in s.article_ids}),
    )
    articles = [by_id[i] for i in story.article_ids]
    assert len({outlet_of[a.id] for a in articles}) >= 3
    return corpus, story_framing(articles, outlet_of, corpus.articles)


def test_al_mayadeen_scare_quotes_israel(framing) -> None:
    corpus, framings = framing
    mayadeen = next(f for f in framings if f.outlet == AL_MAYADEEN)
    israel = [q for q in mayadeen.scare_quotes if q.actor == "Israel"]
    assert len(israel) >= 5
    for quote in israel:
        text = corpus.article(quote.article_id).text
        assert text[quote.start : quote.end] == "Israel"
        assert text[quote.start - 1] == text[quote.end] == '"'
    others = [f for f in framings if f.outlet != AL_MAYADEEN]
    assert not any(q.actor == "Israel" for f in others for q in f.scare_quotes)


def test_al_mayadeen_has_distinctive_terms(framing) -> None:
    _, framings = framing
    mayadeen = next(f for f in framings if f.outlet == AL_MAYADEEN)
    assert mayadeen.terms
    assert all(t.z >= Z_MIN and t.count >= 2 for t in mayadeen.terms)
    assert "war" in {t.term for t in mayadeen.terms}


def test_tone_evidence_is_sentences_of_the_outlet(framing) -> None:
    corpus, framings = framing
    for outlet_framing in framings:
        for tone in outlet_framing.sentiment:
            assert tone.mentions >= 2 and -1 <= tone.score <= 1
            for cited in tone.sentences:
                article = corpus.article(cited.article_id)
                assert any((s.start, s.end) == (cited.start, cited.end) for s in article.sentences)
