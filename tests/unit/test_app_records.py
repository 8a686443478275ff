"""``records``: a page of the export for some objects of one kind, without a corpus."""

from __future__ import annotations

import pytest

from counterpoint.present.export import export_dict, records

from .test_app import sample_corpus


def test_records_of_each_kind_are_the_exports_own() -> None:
    corpus = sample_corpus()
    exported = export_dict(corpus)
    texts = {article.id: article.text for article in corpus.articles}
    assert records("articles", corpus.articles) == exported["articles"]
    for kind in ("stories", "claims", "conflicts", "timeline"):
        assert records(kind, getattr(corpus, kind), texts) == exported[kind], kind
    assert records("conflicts", corpus.conflicts[1:], texts) == exported["conflicts"][1:]


def test_words_are_cut_from_the_texts_given() -> None:
    corpus = sample_corpus()
    (conflict, *_) = corpus.conflicts
    side = records("conflicts", [conflict], {})[0]["a"]
    texts = {article.id: article.text for article in corpus.articles}
    cut = records("conflicts", [conflict], texts)[0]["a"]
    article = corpus.article(conflict.a.article_id)
    assert cut["sentence"] == article.text[conflict.a.sentence_start : conflict.a.sentence_end]
    assert side != cut


def test_an_unknown_kind_or_a_wrong_object_is_refused() -> None:
    corpus = sample_corpus()
    with pytest.raises(KeyError):
        records("paragraphs", [])
    with pytest.raises(TypeError, match="conflicts holds Conflict records, not Story"):
        records("conflicts", corpus.stories)
