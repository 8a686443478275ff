"""Quotes without a model: quote marks in every script, the gold scorer's rules, and the rule
quote finder for languages without a parser."""

from __future__ import annotations

import pytest

from counterpoint.annotate import nlp
from counterpoint.annotate.quote_marks import quoted_spans
from counterpoint.annotate.quotes import find_quotes
from counterpoint.extract.assemble import Block, assemble
from counterpoint.model import Article, ParagraphKind, Quote
from evaluation.quotes import (
    Scored,
    score,
    speaker_matches,
    token_overlap,
)


def make_article(*blocks: str | tuple[str, ParagraphKind]) -> Article:
    """An article from paragraphs (or ``(text, kind)`` pairs)."""
    parts = [Block(b, "paragraph") if isinstance(b, str) else Block(b[0], b[1]) for b in blocks]
    text, paragraphs = assemble(parts)
    return Article(id="t", source="test", text=text, paragraphs=paragraphs, language="en")


def only(article: Article, quotes: list[Quote]) -> tuple[str, Quote]:
    assert len(quotes) == 1, [(q.type, article.span(q.start, q.end)) for q in quotes]
    return article.span(quotes[0].start, quotes[0].end), quotes[0]


# Quotation marks (no parse needed).


def test_marks_pair_curly_and_straight_and_skip_apostrophes() -> None:
    text = "The farmers' union said “it's late” and 'too late' and \"never\" again."
    article = make_article(text)
    spans = quoted_spans(article.text, article.paragraphs)
    assert [article.text[s.start : s.end] for s in spans] == ["it's late", "too late", "never"]


def test_marks_keep_single_quotes_nested_in_double() -> None:
    article = make_article("He said: “They told me ‘wait’ twice.”")
    spans = quoted_spans(article.text, article.paragraphs)
    assert [article.text[s.start : s.end] for s in spans] == ["They told me ‘wait’ twice."]


def test_marks_continue_over_paragraphs_and_drop_unbalanced() -> None:
    article = make_article(
        "“The water came in fast and we lost the ground floor.",
        "“Nobody warned us,” she said.",
        "The sign read “closed for good.",
        "Nothing else was written.",
    )
    spans = quoted_spans(article.text, article.paragraphs)
    # A paragraph left open that the next one re-opens: one quote per paragraph (the
    # labelling guide's rule); the unbalanced mark with no paragraph re-opening is dropped.
    contents = [article.text[span.start : span.end] for span in spans]
    assert contents == ["The water came in fast and we lost the ground floor.", "Nobody warned us,"]


# The scorer.


def test_scorer_overlap_matching_and_speaker_rules() -> None:
    raw = "Alpha beta gamma delta epsilon zeta eta theta."
    gold = Scored(0, 28, "direct", "body", "Jane Doe (minister)", "the minister")
    close = Scored(6, 28, "direct", "body", "Doe", None)  # 4 of 5 tokens
    far = Scored(0, 10, "direct", "body", "Jane Doe", None)  # 2 of 5 tokens
    assert token_overlap(raw, gold, close) == pytest.approx(0.8)
    assert token_overlap(raw, gold, far) == pytest.approx(0.4)
    assert speaker_matches(close, gold)  # surname of the resolved name
    assert speaker_matches(Scored(0, 1, "direct", "body", None, "The Minister"), gold)
    assert not speaker_matches(Scored(0, 1, "direct", "body", "John Roe", "he"), gold)
    result = score(raw, [gold], [far, close])
    assert (result.matched, result.speaker_right, len(result.false_alarms)) == (1, 1, 1)
    other_zone = Scored(0, 28, "direct", "headline", "Jane Doe", None)
    assert score(raw, [gold], [other_zone]).matched == 0


# Quotation marks of other languages and scripts.


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Er sagte: „Wir werden siegen.“ Dann ging er.", ["Wir werden siegen."]),
        ("»Wir kommen«, sagte er.", ["Wir kommen"]),
        ("« Nous allons gagner », a dit M. Macron.", [" Nous allons gagner "]),
        ("Han sa: ”Vi vinner.” Sen gick han.", ["Vi vinner."]),
        ("Он сказал: «Мы готовы „к переговорам“».", ["Мы готовы „к переговорам“"]),
        ("他说：“我们会赢。”然后离开了。", ["我们会赢。"]),
        ("首相は「経済対策を急ぐ」と述べた。", ["経済対策を急ぐ"]),
        ('대통령은 "경제를 살리겠다"고 말했다.', ["경제를 살리겠다"]),
        ("Sie schrieb ‚nie wieder‘ und ‹jamais›.", ["nie wieder", "jamais"]),
    ],
)
def test_marks_of_every_script_pair(text: str, expected: list[str]) -> None:
    spans = quoted_spans(text, [])
    assert [text[s.start : s.end] for s in spans] == expected


def local_quotes_of(text: str, language: str) -> tuple[Article, list[Quote]]:
    """Quotes of ``text`` by the rules (a blank pipeline, no parse)."""
    article = make_article(text)
    article.language = language
    doc = nlp.load(language)(article.text)
    article.sentences = nlp.sentences(doc, article.paragraphs, language)
    from counterpoint.annotate.entities import find_entities

    article.entities = find_entities(article, doc)
    return article, find_quotes(article, doc)


@pytest.mark.parametrize(
    ("language", "text", "quote", "speaker", "cue"),
    [
        (
            "it",
            "«Siamo pronti a sostenere il piano», ha detto Giorgia Meloni ai giornalisti.",
            "Siamo pronti a sostenere il piano",
            "Giorgia Meloni",
            "ha detto",
        ),
        (
            "es",
            "Según Pedro Sánchez, «la vivienda es un derecho».",
            "la vivienda es un derecho",
            "Pedro Sánchez",
            "según",
        ),
        (
            "ru",
            "«Мы не отступим», — заявил Владимир Путин в среду.",
            "Мы не отступим",
            "Vladimir Putin",
            "заявил",
        ),
        (
            "ja",
            "岸田文雄首相は「経済対策を急ぐ」と述べた。",
            "経済対策を急ぐ",
            "Fumio Kishida",
            "と述べた",
        ),
    ],
)
def test_rule_quotes_find_cue_and_speaker(
    language: str, text: str, quote: str, speaker: str, cue: str
) -> None:
    article, quotes = local_quotes_of(text, language)
    content, found = only(article, quotes)
    assert (content, found.speaker, found.cue, found.type) == (quote, speaker, cue, "direct")


def test_rule_quotes_skip_scare_quotes_and_titles() -> None:
    _, quotes = local_quotes_of(
        "Il cosiddetto «venerdì nero» arriva. Gli appassionati di «Saint Seiya» e de "
        "«La leggenda del Grande Tempio» protestano.",
        "it",
    )
    assert quotes == []


def test_rule_quote_without_speaker_continues_the_one_before() -> None:
    _, quotes = local_quotes_of(
        "«Il piano è pronto», ha detto Giorgia Meloni. «E lo presenteremo domani a Bruxelles "
        "davanti a tutti i ministri.»",
        "it",
    )
    assert [q.speaker for q in quotes] == ["Giorgia Meloni", "Giorgia Meloni"]
