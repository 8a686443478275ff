"""The learned speaker ranker on a hand-built parse (no model): candidates, features, the
rules' choice and the margin it keeps."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.vocab import Vocab

from counterpoint.annotate import nlp
from counterpoint.annotate.quote_speakers import Speakers, rank_speakers
from counterpoint.annotate.speaker_ranker import (
    FEATURES,
    MENTION_FEATURES,
    RankerModel,
    article_mentions,
    packaged_model,
    quote_candidates,
    rerank,
    same_name,
    with_rule,
)
from counterpoint.extract.assemble import Block, assemble
from counterpoint.model import Article, Quote

# 'Jane Doe met Tom Roe on Monday.' ¶ '“We will rebuild,” she said.' as the English parser
# reads it: (word, trailing space, tag, pos, lemma, dep, head, entity).
TOKENS = [
    ("Jane", True, "NNP", "PROPN", "Jane", "compound", 1, "B-PERSON"),
    ("Doe", True, "NNP", "PROPN", "Doe", "nsubj", 2, "I-PERSON"),
    ("met", True, "VBD", "VERB", "meet", "ROOT", 2, "O"),
    ("Tom", True, "NNP", "PROPN", "Tom", "compound", 4, "B-PERSON"),
    ("Roe", True, "NNP", "PROPN", "Roe", "dobj", 2, "I-PERSON"),
    ("on", True, "IN", "ADP", "on", "prep", 2, "O"),
    ("Monday", False, "NNP", "PROPN", "Monday", "pobj", 5, "B-DATE"),
    (".", False, ".", "PUNCT", ".", "punct", 2, "O"),
    ("\n\n", False, "_SP", "SPACE", "\n\n", "dep", 7, "O"),
    ("“", False, "``", "PUNCT", '"', "punct", 15, "O"),
    ("We", True, "PRP", "PRON", "we", "nsubj", 11, "O"),
    ("will", True, "MD", "AUX", "will", "aux", 11, "O"),
    ("rebuild", False, "VB", "VERB", "rebuild", "ccomp", 15, "O"),
    (",", False, ",", "PUNCT", ",", "punct", 15, "O"),
    ("”", True, "''", "PUNCT", '"', "punct", 15, "O"),
    ("she", True, "PRP", "PRON", "she", "nsubj", 15, "O"),
    ("said", False, "VBD", "VERB", "say", "ROOT", 15, "O"),
    (".", False, ".", "PUNCT", ".", "punct", 15, "O"),
]
QUOTE_START = 34  # "We will rebuild,"
QUOTE_END = 50


def parsed() -> tuple[Article, Doc]:
    text, paragraphs = assemble(
        [
            Block("Jane Doe met Tom Roe on Monday.", "paragraph"),
            Block("“We will rebuild,” she said.", "paragraph"),
        ]
    )
    words, spaces, tags, pos, lemmas, deps, heads, ents = (
        list(x) for x in zip(*TOKENS, strict=True)
    )
    starts = [i == 0 or i == 9 for i in range(len(words))]
    doc = Doc(
        Vocab(),
        words=words,
        spaces=spaces,
        tags=tags,
        pos=pos,
        lemmas=lemmas,
        deps=deps,
        heads=heads,
        ents=ents,
        sent_starts=starts,
    )
    assert doc.text == text
    article = Article(id="t", source="test", text=text, paragraphs=paragraphs, language="en")
    article.sentences = nlp.sentences(doc, article.paragraphs)
    return article, doc


def quote(speaker: str | None) -> Quote:
    return Quote(start=QUOTE_START, end=QUOTE_END, type="direct", speaker=speaker)


def toy_model(weights: dict[str, float], margin: float = 0.0) -> RankerModel:
    """A model scoring the raw features by ``weights`` (no standardisation)."""
    size = len(FEATURES)
    return RankerModel(
        FEATURES,
        (0.0,) * size,
        (1.0,) * size,
        tuple(weights.get(name, 0.0) for name in FEATURES),
        0.0,
        margin,
    )


def test_same_name_by_surname_or_containment() -> None:
    assert same_name("Jane Doe", "Ms Doe")
    assert same_name("the Red Crescent", "Libyan Red Crescent Society")
    assert not same_name("Jane Doe", "Tom Roe")
    assert not same_name(None, "Jane Doe")


def test_candidates_are_the_people_named_before_the_quote() -> None:
    article, doc = parsed()
    mentions = article_mentions(article, doc, Speakers.build(article, doc))
    candidates = quote_candidates(article, quote(None), mentions)
    assert [c.name for c in candidates] == ["Jane Doe", "Tom Roe"]
    assert all(m.kind == "person" for c in candidates for m in c.mentions)


def test_the_rules_choice_is_a_candidate_with_its_feature() -> None:
    rows = [[0.0] * len(MENTION_FEATURES)]
    names, ranked = with_rule(["Jane Doe"], rows, "the mayor")
    assert names == ["Jane Doe", "the mayor"]
    assert [row[-1] for row in ranked] == [0.0, 1.0]
    assert ranked[1][MENTION_FEATURES.index("kind_unseen")] == 1.0
    names, ranked = with_rule(["Jane Doe"], rows, "Doe")
    assert names == ["Jane Doe"] and ranked[0][-1] == 1.0


def test_a_quote_the_rules_left_without_speaker_gets_the_subject() -> None:
    article, doc = parsed()
    quotes = [quote(None)]
    rerank(article, doc, quotes, toy_model({"clause_subject": 1.0}))
    assert quotes[0].speaker == "Jane Doe"
    assert (quotes[0].speaker_start, quotes[0].speaker_end) == (0, 8)


def test_the_rules_choice_stands_unless_beaten_by_the_margin() -> None:
    article, doc = parsed()
    weights = {"clause_subject": 1.0, "rule_choice": 0.5}
    kept = [quote("Tom Roe")]
    rerank(article, doc, kept, toy_model(weights, margin=1.0))
    assert kept[0].speaker == "Tom Roe"
    replaced = [quote("Tom Roe")]
    rerank(article, doc, replaced, toy_model(weights, margin=0.25))
    assert replaced[0].speaker == "Jane Doe"


def test_the_packaged_model_names_the_one_person_of_the_paragraph_before() -> None:
    assert packaged_model().features == FEATURES
    article, doc = parsed()
    quotes = [quote(None)]
    rank_speakers(article, doc, quotes)
    assert quotes[0].speaker == "Jane Doe"
    untouched = [quote(None)]
    rank_speakers(article, doc, untouched, "rules")
    assert untouched[0].speaker is None
    with pytest.raises(ValueError, match="unknown speaker ranker"):
        rank_speakers(article, doc, untouched, "oracle")
