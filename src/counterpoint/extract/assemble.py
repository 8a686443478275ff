"""Build the one cleaned text of an article from its kept blocks, with offsets."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from counterpoint.model import Metadata, Paragraph, ParagraphKind, RemovedBlock

BLOCK_SEPARATOR = "\n\n"


@dataclass(slots=True)
class Block:
    """A kept block of text: title, subtitle, section heading or paragraph.

    ``raw_start``/``raw_end`` locate ``text`` verbatim in the decoded raw input when known.
    """

    text: str
    kind: ParagraphKind
    raw_start: int | None = None
    raw_end: int | None = None


def normalise(text: str) -> str:
    """Unicode NFC, the one normalisation applied to article text (no-break spaces kept)."""
    return unicodedata.normalize("NFC", text)


def assemble(blocks: list[Block]) -> tuple[str, list[Paragraph]]:
    """Join blocks with blank lines; each becomes a :class:`Paragraph` span of the result.

    A block whose NFC form differs from the raw text loses its raw mapping, since its offsets
    would no longer line up character for character.
    """
    parts: list[str] = []
    paragraphs: list[Paragraph] = []
    offset = 0
    for block in blocks:
        text = normalise(block.text.strip())
        if not text:
            continue
        if parts:
            parts.append(BLOCK_SEPARATOR)
            offset += len(BLOCK_SEPARATOR)
        verbatim = block.raw_start is not None and text == block.text
        paragraphs.append(
            Paragraph(
                start=offset,
                end=offset + len(text),
                kind=block.kind,
                raw_start=block.raw_start if verbatim else None,
                raw_end=block.raw_end if verbatim else None,
            )
        )
        parts.append(text)
        offset += len(text)
    return "".join(parts), paragraphs


@dataclass(slots=True, kw_only=True)
class Extraction(Metadata):
    """What an extractor (plain-text dump or HTML) finds in one page: the kept blocks, the
    dropped ones, and the :class:`Metadata` the page states. Fields a page does not state stay
    empty."""

    title: Block | None = None
    subtitle: Block | None = None
    body: list[Block] = field(default_factory=list)
    removed: list[RemovedBlock] = field(default_factory=list)

    def blocks(self) -> list[Block]:
        return [b for b in (self.title, self.subtitle) if b is not None] + self.body
