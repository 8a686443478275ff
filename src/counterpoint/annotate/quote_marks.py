"""Quotation-mark spans: pair opening and closing marks inside paragraphs.

Curly and straight, double and single marks. Apostrophes inside words ("don't", "Hamas's") are
not marks; a double-quoted span may hold single marks (nested quotes stay inside it). A quote left
open at the end of a paragraph continues when the next paragraph opens with a mark, the
convention for a quotation running over several paragraphs; any other unclosed mark is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass

from counterpoint.model import Paragraph

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘‹"
SINGLE_CLOSE = "’›"
STRAIGHT = "\"'"
DOUBLE_MARKS = DOUBLE_OPEN + DOUBLE_CLOSE + '"'
SINGLE_MARKS = SINGLE_OPEN + SINGLE_CLOSE + "'"
# Characters after which a straight mark opens rather than closes.
OPENING_CONTEXT = " \t\n([{—–-/"


@dataclass(slots=True)
class QuotedSpan:
    """``start``/``end`` cover the content; ``open_at``/``close_at`` are the marks' offsets."""

    start: int
    end: int
    open_at: int
    close_at: int


def _role(text: str, i: int) -> str | None:
    """'open', 'close' or None (an apostrophe or a stray character) for the mark at ``i``."""
    char = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if char in SINGLE_MARKS and before.isalnum() and after.isalnum():
        return None  # an apostrophe inside a word
    if char in DOUBLE_OPEN + SINGLE_OPEN:
        return "open"
    if char in DOUBLE_CLOSE + SINGLE_CLOSE:
        # "’" also opens in texts that use it both ways, when it follows a space.
        if char == "’" and before in OPENING_CONTEXT and not after.isspace():
            return "open"
        return "close"
    if before in OPENING_CONTEXT and not after.isspace():
        return "open"
    if not before.isspace():
        return "close"
    return None


def _pair(text: str, lo: int, hi: int, marks: str) -> tuple[list[QuotedSpan], int | None]:
    """Pairs of ``marks`` in ``text[lo:hi]``, and the offset of a mark left open at ``hi``."""
    spans: list[QuotedSpan] = []
    opened: int | None = None
    for i in range(lo, hi):
        if text[i] not in marks:
            continue
        role = _role(text, i)
        if role == "open" and opened is None:
            opened = i
        elif role == "close" and opened is not None:
            spans.append(QuotedSpan(opened + 1, i, opened, i))
            opened = None
        elif role == "open":
            opened = i  # an unbalanced earlier mark: restart at this one
    return spans, opened


def _opens_with_mark(text: str, paragraph: Paragraph) -> bool:
    first = text[paragraph.start] if paragraph.start < paragraph.end else ""
    return first in DOUBLE_OPEN + SINGLE_OPEN + STRAIGHT


def quoted_spans(text: str, paragraphs: list[Paragraph]) -> list[QuotedSpan]:
    """Every quoted span of ``text``, in order; single-quoted spans inside double ones dropped."""
    bounds = paragraphs or [Paragraph(0, len(text), "paragraph")]
    spans: list[QuotedSpan] = []
    carried: int | None = None  # a double quote still open from an earlier paragraph
    for index, paragraph in enumerate(bounds):
        doubles, left_open = _pair(text, paragraph.start, paragraph.end, DOUBLE_MARKS)
        if carried is not None:
            # The mark opening this paragraph re-opens the carried quote, so its first
            # closing mark ends the quote that started paragraphs earlier.
            if doubles and doubles[0].open_at == paragraph.start:
                first = doubles.pop(0)
                spans.append(QuotedSpan(carried + 1, first.end, carried, first.close_at))
            elif left_open == paragraph.start:
                left_open = carried
            carried = None
        spans.extend(doubles)
        if left_open is not None:
            following = bounds[index + 1] if index + 1 < len(bounds) else None
            if following is not None and _opens_with_mark(text, following):
                carried = left_open
        singles, _ = _pair(text, paragraph.start, paragraph.end, SINGLE_MARKS)
        spans.extend(
            single
            for single in singles
            if not any(d.open_at < single.open_at < d.close_at for d in doubles)
        )
    return sorted(spans, key=lambda span: span.start)
