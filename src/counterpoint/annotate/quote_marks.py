"""Quotation-mark spans: pair opening and closing marks inside paragraphs.

Curly and straight, double and single marks, in every script's conventions (“…”, „…“, «…»,
»…«, ”…”, 「…」, 『…』, ‹…›, ‚…‘). Apostrophes inside words ("don't", "Hamas's") are
not marks; a double-quoted span may hold single marks (nested quotes stay inside it). A quote left
open at the end of a paragraph continues when the next paragraph opens with a mark, the
convention for a quotation running over several paragraphs; any other unclosed mark is dropped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from counterpoint.model import Article, Paragraph, Quote

# Marks by family. A double-quoted span may hold single-quoted ones. Most marks open in one
# language and close in another (“ closes German „…“ and opens English “…”; » opens German
# »…« and closes French «…»), so their role comes from what stands around them; the low marks
# and the corner brackets of Chinese and Japanese only ever open or only ever close.
DOUBLE_MARKS = '“”„«»"「」'
SINGLE_MARKS = "‘’‚‹›'『』"
ALWAYS_OPEN = "„‚「『"
ALWAYS_CLOSE = "」』"
# What a mark most often does when the context does not tell.
USUALLY_OPEN = "“«‘‹"
STRAIGHT = "\"'"
# A lead before a colon that hands a paragraph's quote over from the quote before it.
LEAD_MAX_WORDS = 12
SENTENCE_BREAK = re.compile(r"[.!?][\s”’\"']")
# Characters after which a mark opens rather than closes.
OPENING_CONTEXT = " \t\n([{—–-/:：，、（"


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
    if char in ALWAYS_OPEN:
        return "open"
    if char in ALWAYS_CLOSE:
        return "close"
    opens = before.isspace() or before in OPENING_CONTEXT
    spaced_after = after.isspace()
    if opens and (after.isalnum() or (not spaced_after and char in USUALLY_OPEN + STRAIGHT)):
        return "open"
    if not opens and (spaced_after or not after.isalnum()):
        return "close"
    if char in STRAIGHT:
        return None if opens else "close"
    # Both sides spaced (« French ») or both words (说：“…”): the mark's usual role.
    return "open" if char in USUALLY_OPEN else "close"


def _pair(text: str, lo: int, hi: int, marks: str) -> tuple[list[QuotedSpan], int | None]:
    """Outermost pairs of ``marks`` in ``text[lo:hi]``, and the offset of a mark left open at
    ``hi``. A quote inside a quote of the same family opens with another mark («… „…“ …»);
    the same mark opening again means the earlier one was never closed."""
    spans: list[QuotedSpan] = []
    opened: list[int] = []
    for i in range(lo, hi):
        if text[i] not in marks:
            continue
        role = _role(text, i)
        if role is None and text[i] == '"' and opened and text[opened[-1]] == '"':
            role = "close"  # spaced on both sides while one is open: 'ourselves? " she wrote'
        if role == "open":
            if opened and text[opened[0]] == text[i]:
                opened = []  # an unbalanced earlier mark: restart at this one
            opened.append(i)
        elif role == "close" and opened:
            start = opened.pop()
            if not opened:
                spans.append(QuotedSpan(start + 1, i, start, i))
    return spans, opened[0] if opened else None


def _opens_with_mark(text: str, paragraph: Paragraph) -> bool:
    first = text[paragraph.start] if paragraph.start < paragraph.end else ""
    return bool(first) and first in DOUBLE_MARKS + SINGLE_MARKS


def quoted_spans(text: str, paragraphs: list[Paragraph]) -> list[QuotedSpan]:
    """Every quoted span of ``text``, in order; single-quoted spans inside double ones dropped."""
    bounds = paragraphs or [Paragraph(0, len(text), "paragraph")]
    spans: list[QuotedSpan] = []
    for index, paragraph in enumerate(bounds):
        doubles, left_open = _pair(text, paragraph.start, paragraph.end, DOUBLE_MARKS)
        spans.extend(doubles)
        if left_open is not None:
            # A quote left open at the paragraph's end goes on in the next paragraph, which
            # opens with a mark again: each paragraph's part is a quote of its own, the
            # later ones continuing the first (its speaker's).
            following = bounds[index + 1] if index + 1 < len(bounds) else None
            if following is not None and _opens_with_mark(text, following):
                end = paragraph.end
                while end > left_open + 1 and text[end - 1].isspace():
                    end -= 1
                spans.append(QuotedSpan(left_open + 1, end, left_open, end))
        singles, _ = _pair(text, paragraph.start, paragraph.end, SINGLE_MARKS)
        spans.extend(
            single
            for single in singles
            if not any(d.open_at < single.open_at < d.close_at for d in doubles)
        )
    return sorted(spans, key=lambda span: span.start)


def continues_quote(article: Article, previous: Quote, start: int, open_at: int) -> bool:
    """Whether an unattributed quote that starts at ``start``, its opening mark at ``open_at``,
    goes on with the quote before it: it follows it in the same paragraph, or opens the
    paragraph right after."""
    here = article.paragraph_at(start)
    before = article.paragraph_at(previous.start)
    if here is None or before is None or here.kind != "paragraph":
        return False
    if here is before:
        return True
    index = article.paragraphs.index(here)
    if index == 0 or article.paragraphs[index - 1] is not before:
        return False
    # Or a short lead that names no one hands over to it with a colon: 'That process led to
    # a realization: “…”' (a lead with a speaker of its own gives the quote that speaker).
    lead = article.text[here.start : open_at].strip()
    short_lead = lead.endswith(":") and len(lead.split()) <= LEAD_MAX_WORDS
    return open_at == here.start or (short_lead and not SENTENCE_BREAK.search(lead))
