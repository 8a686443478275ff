"""Long texts in pieces: cut at paragraph ends into texts of bounded size, annotate each, and
shift the pieces' annotations back into the one article's offsets.

A paragraph longer than a piece is cut at the last sentence end (else the last space) before
the limit. Quotes and names are found within a piece, so what straddles a cut is lost; cuts
fall between paragraphs, where little straddles. Pieces are parsed a few at a time
(:func:`parse_in_batches`), so a long text's parse takes memory of a few pieces, not of all.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeVar

from counterpoint.model import Article, Paragraph

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

_SENTENCE_END = re.compile(r"[.!?。！？؟।]\s")


@dataclass(slots=True)
class Piece:
    """``article`` holds ``text[offset:offset + len(article.text)]`` of the whole article."""

    offset: int
    article: Article


def split_article(article: Article, max_chars: int) -> list[Piece]:
    """``article`` itself when it fits, else pieces of at most ``max_chars`` characters."""
    text = article.text
    if len(text) <= max_chars:
        return [Piece(0, article)]
    paragraphs = article.paragraphs or [Paragraph(0, len(text), "paragraph")]
    blocks = [part for p in paragraphs for part in _fit(text, p, max_chars)]
    pieces: list[Piece] = []
    current: list[Paragraph] = []
    for block in blocks:
        if current and block.end - current[0].start > max_chars:
            pieces.append(_piece(article, current))
            current = []
        current.append(block)
    if current:
        pieces.append(_piece(article, current))
    return pieces


def parse_in_batches(
    pipeline: Language, texts: Iterable[str], batch_size: int, max_batch_chars: int
) -> Iterator[Doc]:
    """``pipeline``'s docs of ``texts``, in order, parsed in batches of at most ``batch_size``
    texts and ``max_batch_chars`` characters (a longer text alone): spaCy's own batches count
    texts only, and sixteen pieces of a long text at once took gigabytes."""
    batch: list[str] = []
    chars = 0
    for text in texts:
        if batch and (len(batch) >= batch_size or chars + len(text) > max_batch_chars):
            yield from pipeline.pipe(batch, batch_size=len(batch))
            batch, chars = [], 0
        batch.append(text)
        chars += len(text)
    if batch:
        yield from pipeline.pipe(batch, batch_size=len(batch))


def _fit(text: str, paragraph: Paragraph, max_chars: int) -> list[Paragraph]:
    """``paragraph`` cut into parts of at most ``max_chars``."""
    parts: list[Paragraph] = []
    start = paragraph.start
    while paragraph.end - start > max_chars:
        limit = start + max_chars
        window = text[start:limit]
        ends = [m.end() for m in _SENTENCE_END.finditer(window)]
        cut = start + ends[-1] if ends else start + (window.rfind(" ") + 1 or max_chars)
        if cut <= start:
            cut = limit
        parts.append(Paragraph(start, cut, paragraph.kind))
        start = cut
    parts.append(Paragraph(start, paragraph.end, paragraph.kind))
    return parts


def _piece(article: Article, blocks: list[Paragraph]) -> Piece:
    start, end = blocks[0].start, blocks[-1].end
    shifted = [Paragraph(b.start - start, b.end - start, b.kind) for b in blocks]
    part = dataclasses.replace(
        article,
        text=article.text[start:end],
        paragraphs=shifted,
        removed=[],
        sentences=[],
        entities=[],
        quotes=[],
        quantities=[],
        times=[],
        frames=[],
    )
    return Piece(start, part)


def merge_pieces(article: Article, pieces: list[Piece]) -> None:
    """Set ``article``'s annotations from its annotated pieces, in its own offsets."""
    if len(pieces) == 1 and pieces[0].article is article:
        return  # annotated whole
    article.sentences, article.entities, article.quotes = [], [], []
    article.quantities, article.times, article.frames = [], [], []
    for piece in pieces:
        part, offset = piece.article, piece.offset
        article.sentences += [_shift(s, offset) for s in part.sentences]
        article.entities += [_shift(e, offset) for e in part.entities]
        article.quotes += [_shift(q, offset) for q in part.quotes]
        article.quantities += [_shift(q, offset) for q in part.quantities]
        article.times += [_shift(t, offset) for t in part.times]
        article.frames += [_shift(f, offset) for f in part.frames]


_Annotation = TypeVar("_Annotation")
_OFFSET_FIELDS = (
    "start",
    "end",
    "speaker_start",
    "speaker_end",
    "counted_start",
    "counted_end",
    "trigger_start",
    "trigger_end",
)


def _shift(annotation: _Annotation, offset: int) -> _Annotation:
    """A copy of ``annotation`` with every offset field moved by ``offset``."""
    if not offset:
        return annotation
    changes = {
        name: getattr(annotation, name) + offset
        for name in _OFFSET_FIELDS
        if getattr(annotation, name, None) is not None
    }
    return dataclasses.replace(annotation, **changes)  # type: ignore[type-var]
