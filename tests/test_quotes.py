"""Quotes and speakers: invented sentences for each construction, and the seed gold scores."""

from __future__ import annotations

import pytest

from counterpoint.annotate import nlp
from counterpoint.annotate.quote_marks import quoted_spans
from counterpoint.annotate.quotes import find_quotes
from counterpoint.extract.assemble import Block, assemble
from counterpoint.model import Article, ParagraphKind, Quote
from evaluation.quotes import (
    Scored,
    evaluate_seeds,
    score,
    speaker_matches,
    token_overlap,
)
from evaluation.seeds import shared_dir


def make_article(*blocks: str | tuple[str, ParagraphKind]) -> Article:
    """An article from paragraphs (or ``(text, kind)`` pairs)."""
    parts = [Block(b, "paragraph") if isinstance(b, str) else Block(b[0], b[1]) for b in blocks]
    text, paragraphs = assemble(parts)
    return Article(id="t", source="test", text=text, paragraphs=paragraphs, language="en")


def quotes_of(*blocks: str | tuple[str, ParagraphKind]) -> tuple[Article, list[Quote]]:
    article = make_article(*blocks)
    doc = nlp.load("en")(article.text)
    article.sentences = nlp.sentences(doc, article.paragraphs)
    return article, find_quotes(article, doc)


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
    assert len(spans) == 1
    content = article.text[spans[0].start : spans[0].end]
    assert content.startswith("The water came") and content.endswith("warned us,")


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


# Direct and mixed quotes.


@pytest.mark.slow
def test_direct_quote_with_pronoun_speaker() -> None:
    article, quotes = quotes_of(
        "Mayor Clara Ostrova visited the flooded district on Tuesday.",
        '"We will rebuild the bridge before winter," she said.',
    )
    content, quote = only(article, quotes)
    assert content == "We will rebuild the bridge before winter,"
    assert quote.type == "direct" and quote.cue == "said"
    assert quote.speaker == "Clara Ostrova"
    assert quote.speaker_start is not None and quote.speaker_end is not None
    assert article.span(quote.speaker_start, quote.speaker_end) == "she"


@pytest.mark.slow
def test_direct_quote_after_colon() -> None:
    article, quotes = quotes_of(
        "Chief engineer Tomas Velde said: “The old supports were never designed for this.”"
    )
    content, quote = only(article, quotes)
    assert content == "The old supports were never designed for this."
    assert quote.type == "direct" and quote.speaker == "Tomas Velde"


@pytest.mark.slow
def test_mixed_quote_resolves_surname() -> None:
    article, quotes = quotes_of(
        "Chief engineer Tomas Velde inspected the site.",
        "Velde said the repair plan was “dead on arrival” without new money.",
    )
    content, quote = only(article, quotes)
    assert content == "dead on arrival"
    assert quote.type == "mixed" and quote.speaker == "Tomas Velde"


@pytest.mark.slow
def test_quote_over_two_paragraphs() -> None:
    article, quotes = quotes_of(
        "Ines Marlow, who lives by the river, described the night.",
        "“The water came in fast and we lost the ground floor in an hour.",
        "“Nobody warned us before it was too late,” she said.",
    )
    content, quote = only(article, quotes)
    assert content.startswith("The water came") and content.endswith("too late,")
    assert quote.type == "direct" and quote.speaker == "Ines Marlow"


@pytest.mark.slow
def test_role_speaker_resolves_to_apposition_name() -> None:
    article, quotes = quotes_of(
        "Transport ministry spokesperson Dana Keller confirmed the closure on Friday.",
        '"The line stays shut until the engineers sign off," the spokesperson said.',
    )
    _, quote = only(article, quotes)
    assert quote.speaker == "Dana Keller"


@pytest.mark.slow
def test_honorific_surname_and_gender() -> None:
    _, quotes = quotes_of(
        "Ms. Lena Brook, a hydrologist, met Mr. Omar Haddad at the dam on Monday.",
        "“The models underestimated the rain by half,” she said.",
        "“We should have opened the gates a day earlier,” Mr. Haddad said.",
    )
    assert [q.speaker for q in quotes] == ["Lena Brook", "Omar Haddad"]


@pytest.mark.slow
def test_split_quote_apposition_name_and_follow_on_quote() -> None:
    article, quotes = quotes_of(
        "“We tried everything,” its chairman, Ole Brandt, said, “but nobody answered.” "
        "“We will go to court.”"
    )
    assert [article.span(q.start, q.end) for q in quotes] == [
        "We tried everything,",
        "but nobody answered.",
        "We will go to court.",
    ]
    assert {q.speaker for q in quotes} == {"Ole Brandt"}


@pytest.mark.slow
def test_interview_label_before_colon() -> None:
    article, quotes = quotes_of(
        "Harbour master Ole Brandt met the press.", "Brandt: “We will not give up the harbour.”"
    )
    content, quote = only(article, quotes)
    assert content == "We will not give up the harbour."
    assert (quote.type, quote.speaker, quote.cue) == ("direct", "Ole Brandt", ":")


# Indirect speech.


@pytest.mark.slow
@pytest.mark.parametrize(
    ("sentence", "content", "speaker", "cue"),
    [
        (
            "The council argued that the budget could not cover a second bridge.",
            "the budget could not cover a second bridge",
            "council",
            "argued",
        ),
        (
            "According to the regional water agency, the river rose two metres overnight.",
            "the river rose two metres overnight",
            "regional water agency",
            "according to",
        ),
        (
            "Ostrova told reporters that the district would reopen next week.",
            "the district would reopen next week",
            "Ostrova",
            "told",
        ),
        (
            "The contractor admitted that the spring inspection had been skipped.",
            "the spring inspection had been skipped",
            "contractor",
            "admitted",
        ),
        (
            "The farmers' union accused the water board of ignoring the warnings.",
            "the water board of ignoring the warnings",
            "farmers' union",
            "accused",
        ),
    ],
)
def test_indirect_speech(sentence: str, content: str, speaker: str, cue: str) -> None:
    article, quotes = quotes_of(sentence)
    found, quote = only(article, quotes)
    assert (found, quote.type, quote.speaker, quote.cue) == (content, "indirect", speaker, cue)


@pytest.mark.slow
def test_report_nested_in_source_phrase_belongs_to_inner_speaker() -> None:
    article, quotes = quotes_of(
        "According to the newspaper, the ministry claims that the levee held everywhere."
    )
    content, quote = only(article, quotes)
    assert content == "the levee held everywhere"
    assert quote.speaker == "ministry"


# Headlines and headings.


@pytest.mark.slow
def test_headline_claim_colon_source() -> None:
    article, quotes = quotes_of(
        ("Bridge repairs 'years behind schedule': city auditors", "title"),
        "The audit was published on Monday.",
    )
    content, quote = only(article, quotes)
    assert content == "years behind schedule"
    assert quote.type == "headline" and quote.speaker == "city auditors" and quote.cue == ":"


@pytest.mark.slow
def test_headline_without_source_is_not_a_quote() -> None:
    _, quotes = quotes_of(("River Towns: The Long Recovery", "title"), "Work began in May.")
    assert quotes == []


@pytest.mark.slow
def test_pull_quote_heading_takes_the_later_speaker() -> None:
    article, quotes = quotes_of(
        "Mayor Clara Ostrova spoke to the council.",
        ("“A failure of planning”", "heading"),
        "Ostrova said the delays were “a failure of planning” by the previous council.",
    )
    heading = [q for q in quotes if article.paragraph_at(q.start).kind == "heading"]
    assert len(heading) == 1 and heading[0].speaker == "Clara Ostrova"


# Look-alikes that are not quotes.


@pytest.mark.slow
@pytest.mark.parametrize(
    "sentence",
    [
        "Residents have called the flooded square the “Beach” since the spring.",
        "The “reform” has angered teachers across the region.",
        "She reread “The Long Winter Road” on the train home.",
        "Troops began “Operation Northern Shield” at dawn.",
        "The sign read “closed for good.",
    ],
)
def test_scare_quotes_titles_and_unbalanced_marks_are_not_quotes(sentence: str) -> None:
    _, quotes = quotes_of(sentence)
    assert quotes == []


# Seed gold.


@pytest.mark.slow
@pytest.mark.skipif(
    not (shared_dir() / "data" / "seeds-gold").is_dir(), reason="shared seed gold not present"
)
def test_seed_gold_scores() -> None:
    def find(article: Article) -> list[Quote]:
        doc = nlp.load("en")(article.text)
        article.sentences = nlp.sentences(doc, article.paragraphs)
        return find_quotes(article, doc)

    totals, per_seed = evaluate_seeds(find)
    for name, scores in per_seed.items():
        print(name, {kind: score.summary() for kind, score in scores.items()})
    direct, every = totals["direct+mixed"], totals["all"]
    print("quotes direct+mixed:", direct.summary())
    print("quotes all types:   ", every.summary())
    assert direct.f1 >= 0.95 and direct.speaker_accuracy >= 0.95
    assert every.f1 >= 0.85 and every.speaker_accuracy >= 0.85


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
