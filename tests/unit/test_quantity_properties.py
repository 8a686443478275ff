"""Property-based tests (hypothesis) of ``find_quantities`` without a model: on any text, every
quantity is a trimmed span of the article's text, and its counted phrase is the text its
offsets cut.

Two docs exercise both of its paths: spaCy's blank tokenizer (no parse: the language-neutral
rules) and the same tokens with a trivial full parse (every token its own root, no entities:
the parse-based English rules), so no statistical model is loaded."""

from __future__ import annotations

import os

import spacy
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from spacy.tokens import Doc

from counterpoint.annotate.local_quantities import find_local_quantities
from counterpoint.annotate.nlp import Parse
from counterpoint.annotate.quantities import find_quantities
from counterpoint.extract.assemble import Block, assemble
from counterpoint.model import Article, Quantity

# COUNTERPOINT_PROPERTY_EXAMPLES raises the number of examples for a deeper search by hand.
EXAMPLES = int(os.environ.get("COUNTERPOINT_PROPERTY_EXAMPLES", "60"))
FAST = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

_BLANK = spacy.blank("en")


def fully_parsed(text: str) -> Doc:
    """``text`` tokenized, with every annotation the parse-based rules check for set trivially:
    each token its own root, a number's tag for digits and a noun's otherwise, its lowercase
    form as lemma, no entities."""
    tokens = _BLANK(text)
    numeric = [t.like_num for t in tokens]
    return Doc(
        _BLANK.vocab,
        words=[t.text for t in tokens],
        spaces=[bool(t.whitespace_) for t in tokens],
        heads=[t.i for t in tokens],
        deps=["ROOT"] * len(tokens),
        pos=["NUM" if n else "NOUN" for n in numeric],
        tags=["CD" if n else "NNS" for n in numeric],
        lemmas=[t.lower_ for t in tokens],
        ents=["O"] * len(tokens),
    )


PIECES = st.sampled_from(
    [
        "12",
        "3,500",
        "1.2",
        "million",
        "twenty-five",
        "a",
        "dozen",
        "half",
        "of",
        "the",
        "people",
        "homes",
        "were",
        "hurt",
        "$",
        "$5bn",
        "40",
        "%",
        "percent",
        "to",
        "-",
        "–",
        "10-20",
        "more",
        "than",
        "or",
        "nearly",
        "times",
        "twice",
        "third",
        "days",
        "years",
        "old",
        "voted",
        "158",
        "9",
        "with",
        "abstentions",
        "March",
        "2024",
        "S&P",
        "500",
        "Covid-19",
        "G20",
        "NY",
        "10001",
        "221",
        "Baker",
        "Street",
        "Oct.",
        "3-7",
        "14/03/2024",
        "2024-03-14",
        "one",
        "+",
        ",",
        ".",
        "“",
        "”",
        "\n",
    ]
)
TEXTS = st.one_of(
    st.lists(PIECES, min_size=1, max_size=40).map(" ".join),
    st.text(max_size=200),
)


def article_of(text: str) -> Article:
    blocks = [Block(line.strip(), "paragraph") for line in text.split("\n") if line.strip()]
    joined, spans = assemble(blocks)
    return Article(id="q", source="prop", text=joined, paragraphs=spans, language="en")


def check_offsets(article: Article, quantities: list[Quantity]) -> None:
    text = article.text
    for quantity in quantities:
        assert 0 <= quantity.start < quantity.end <= len(text), quantity
        surface = text[quantity.start : quantity.end]
        assert surface == surface.strip(), (surface, quantity)
        if quantity.counted is not None:
            assert quantity.counted_start is not None and quantity.counted_end is not None
            assert 0 <= quantity.counted_start < quantity.counted_end <= len(text)
            assert text[quantity.counted_start : quantity.counted_end] == quantity.counted
        else:
            assert quantity.counted_start is None and quantity.counted_end is None
    starts = [(q.start, q.end) for q in quantities]
    assert starts == sorted(starts), "quantities out of text order"


@FAST
@given(TEXTS)
@example("The S&P 500 fell as 12 people were hurt on Oct. 3-7.")
@example("voted 158 to 9 , with 13 abstentions")
def test_quantity_spans_are_the_text_they_cut(text: str) -> None:
    article = article_of(text)
    if not article.text:
        return
    for doc in (_BLANK(article.text), fully_parsed(article.text)):
        assert doc.text == article.text
        check_offsets(article, find_quantities(article, doc))


def test_the_trivial_parse_takes_the_parse_based_path() -> None:
    """The second doc above is what the English rules need, or the property tests one path."""
    assert Parse.of(fully_parsed("Officials said 12 people were hurt.")).full
    assert not Parse.of(_BLANK("Officials said 12 people were hurt.")).full


# --- number words of other languages, without a parse ------------------------------------------

SPELLED_PIECES = {
    "fr": [
        "deux",
        "cents",
        "vingt",
        "et",
        "un",
        "mille",
        "quatre-vingt",
        "dix",
        "plus",
        "de",
        "personnes",
        "pour",
        "cent",
        "neuf",
        "millions",
        "-",
        ",",
        ".",
    ],
    "es": [
        "dos",
        "mil",
        "millones",
        "treinta",
        "y",
        "cinco",
        "trescientas",
        "más",
        "de",
        "por",
        "ciento",
        "un",
        "casas",
        "entre",
        "-",
        ",",
        ".",
    ],
    "it": [
        "duemila",
        "sei",
        "cento",
        "ventitré",
        "oltre",
        "per",
        "mila",
        "persone",
        "tra",
        "e",
        "settembre",
        ",",
        ".",
    ],
    "de": [
        "zwei",
        "hundert",
        "fünfundzwanzig",
        "eine",
        "Milliarde",
        "mehr",
        "als",
        "und",
        "Tage",
        "über",
        "einmal",
        ",",
        ".",
    ],
    "pt": [
        "dois",
        "dos",
        "cinco",
        "mil",
        "duzentas",
        "mais",
        "de",
        "um",
        "milhão",
        "e",
        "trinta",
        ",",
        ".",
    ],
}
# A title that starts with a number word: inside a sentence nothing is read from it, not
# even by a number word right before it ("vingt Trois Mousquetaires").
NAMES = {
    "fr": "Trois Mousquetaires",
    "es": "Tres Mosqueteros",
    "it": "Tre Moschettieri",
    "de": "Drei Musketiere",
    "pt": "Três Mosqueteiros",
}


@FAST
@given(
    st.sampled_from(sorted(SPELLED_PIECES)).flatmap(
        lambda code: st.tuples(
            st.just(code),
            st.lists(st.sampled_from(SPELLED_PIECES[code]), max_size=12),
            st.sampled_from([w for w in SPELLED_PIECES[code] if w not in (".", ",", "-")]),
            st.lists(st.sampled_from(SPELLED_PIECES[code]), max_size=12),
        )
    )
)
def test_number_words_are_read_as_spans_and_never_from_a_name(
    case: tuple[str, list[str], str, list[str]],
) -> None:
    code, before, joiner, after = case
    name = NAMES[code]
    text = " ".join(["Hier", *before, "avec", joiner, name, *after])
    article = article_of(text)
    article.language = code
    quantities = find_local_quantities(article)
    check_offsets(article, quantities)
    name_start = article.text.index(name)
    name_end = name_start + len(name)
    for quantity in quantities:
        assert not (quantity.start < name_end and name_start < quantity.end), (text, quantity)
