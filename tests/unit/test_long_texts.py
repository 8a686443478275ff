"""Long texts: time in proportion to their length and memory of a few pieces, whatever the
length (a 10 MB text took 195 s and gigabytes when its pieces were parsed sixteen at a time
and the line model scored every line at once)."""

from __future__ import annotations

import numpy as np
import pytest
import spacy
from spacy.tokens import Doc

from counterpoint.annotate import nlp
from counterpoint.annotate.chunks import parse_in_batches, split_article
from counterpoint.extract import text_model
from counterpoint.model import Article, Paragraph


class RecordingPipeline:
    """A blank pipeline that records the batches it is given."""

    def __init__(self) -> None:
        self.nlp = spacy.blank("en")
        self.batches: list[list[str]] = []

    def pipe(self, texts: list[str], batch_size: int) -> list[Doc]:
        self.batches.append(list(texts))
        return list(self.nlp.pipe(texts, batch_size=batch_size))


def test_pieces_are_parsed_in_batches_bounded_in_characters_and_in_order() -> None:
    texts = ["a " * 30, "b " * 10, "c " * 45, "d " * 5, "e " * 5, "f " * 5, "g " * 200]
    pipeline = RecordingPipeline()
    docs = list(parse_in_batches(pipeline, texts, batch_size=3, max_batch_chars=100))
    assert [doc.text for doc in docs] == texts
    assert [len(batch) for batch in pipeline.batches] == [2, 2, 2, 1]
    # a batch goes over the character bound only when it is one text alone
    assert all(sum(map(len, b)) <= 100 or len(b) == 1 for b in pipeline.batches)


def test_a_long_article_is_cut_into_pieces_that_cover_it() -> None:
    paragraph = "The council met on Monday. It voted 7 to 2 for the plan. "
    text = "\n\n".join(paragraph.strip() for _ in range(3_000))
    starts = [0]
    for _ in range(2_999):
        starts.append(text.index("\n\n", starts[-1]) + 2)
    ends = [*[s - 2 for s in starts[1:]], len(text)]
    article = Article(
        id="a",
        source="s",
        text=text,
        paragraphs=[Paragraph(s, e, "paragraph") for s, e in zip(starts, ends, strict=True)],
    )
    pieces = split_article(article, 10_000)
    assert len(pieces) == len(text) // 10_000 + 1
    assert all(len(piece.article.text) <= 10_000 for piece in pieces)
    for piece in pieces:
        assert text[piece.offset : piece.offset + len(piece.article.text)] == piece.article.text


def test_sentences_of_many_paragraphs_come_out_in_order() -> None:
    doc = nlp.load("xx")("One. Two.\n\nThree. Four.\n\nFive.")
    paragraphs = [Paragraph(0, 9, "paragraph"), Paragraph(11, 23, "paragraph")]
    paragraphs.append(Paragraph(25, 30, "paragraph"))
    found = [doc.text[s.start : s.end] for s in nlp.sentences(doc, paragraphs, "en")]
    assert found == ["One.", "Two.", "Three.", "Four.", "Five."]


@pytest.mark.parametrize("count", [1, text_model.PREDICT_BLOCK_ROWS, 2_500])
def test_the_line_model_scores_in_blocks_as_it_scores_at_once(
    count: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    scorer = text_model.shipped_model().first
    rows = np.random.default_rng(7).random((count, int(scorer.feature.max()) + 1)) * 5
    blocked = scorer.predict(rows)
    monkeypatch.setattr(text_model, "PREDICT_BLOCK_ROWS", count + 1)
    assert np.array_equal(blocked, scorer.predict(rows))
