"""Clean a plain-text page dump (draft)."""

from __future__ import annotations

from counterpoint.extract.assemble import Block, Extraction
from counterpoint.extract.text_lines import split_lines
from counterpoint.extract.text_model import LineModel, score_lines


def extract_dump(text: str, *, model: LineModel | None = None) -> Extraction:
    lines = split_lines(text)
    scores = score_lines(lines, model)
    threshold = (model.threshold if model else 0.5)
    body = [Block(l.text, "paragraph", l.start, l.end) for l, s in zip(lines, scores) if s >= threshold]
    return Extraction(body=body)
