"""Lines of a plain-text page dump and the features the line classifier reads.

A dump (``w3m -dump``, a copy of a rendered page) keeps one paragraph per line and renders
menus as bullet lines. Whether a line is article text shows in its shape (length, sentence
punctuation, share of short function-like words, capitals, digits), in its neighbourhood
(paragraphs come in runs of long sentence lines separated by blank lines; navigation comes in
runs of short bullets) and in repetition (headers, footers and spam recur). Every feature is
language-neutral apart from a small set of common web-chrome cue phrases (data).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, replace

import numpy as np

from counterpoint.extract.options import DEFAULT_OPTIONS, ExtractOptions
from counterpoint.lexicon import patterns

# A line longer than this is sampled for its word features: keeps time per line bounded.
FEATURE_SAMPLE_CHARS = 4000

WORD = re.compile(r"\w+")
BULLET = re.compile(r"[•·▪◦●■□‣∙*+\-–—]\s+|\d{1,3}[.)]\s+")
SENTENCE_END_CHARS = frozenset(".!?…。！？")
CLOSING_CHARS = "\"'”’»)]"
INNER_SENTENCE_END = re.compile(r"[.!?。！？][\"'”’»)]*\s+(?=\W*[A-Z\u00C0-\u024F\u0400-\u04FF])")
CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")
# Web chrome that a page names in words: sharing, subscribing, related links, legal footers
# (per-language data; a feature of the shipped line model, so a change to the lists needs it
# retrained).
CHROME_CUE = re.compile(rf"\b({patterns('chrome_cues')})\b", re.IGNORECASE)
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffd]")


@dataclass(slots=True)
class Line:
    """One non-blank line: ``text`` is ``raw[start:end]``, stripped and without its bullet."""

    index: int  # position among the non-blank lines
    start: int
    end: int
    text: str
    bullet: bool
    indent: int
    blank_before: bool
    blank_after: bool


def split_lines(raw: str, options: ExtractOptions = DEFAULT_OPTIONS) -> list[Line]:
    """The non-blank lines of ``raw`` with exact offsets of their stripped, un-bulleted text;
    on a page hard-wrapped at a fixed width (``lynx -dump``, text from a PDF, an e-mail), the
    lines of one wrapped paragraph are joined back into one line, its text keeping the raw
    line breaks so that offsets stay exact."""
    lines = _physical_lines(raw)
    width = wrap_width(raw, lines, options)
    return lines if width is None else _unwrap(raw, lines, width)


def wrap_width(
    raw: str, lines: list[Line], options: ExtractOptions = DEFAULT_OPTIONS
) -> int | None:
    """The column a page was hard-wrapped at, or ``None`` when its lines are not wrapped.

    A wrapping tool never leaves a line that has a space in it longer than the width, and it
    breaks many lines just short of it, the paragraph going straight on in the next line; a
    page of one paragraph per line has long lines of every length, set apart by blank lines.
    """
    widths = [_visual_end(raw, line) for line in lines]
    breakable = sorted(w for w, line in zip(widths, lines, strict=True) if " " in line.text)
    if len(breakable) < options.wrap_min_lines:
        return None
    width = breakable[int(len(breakable) * (1 - options.wrap_overflow_share)) - 1]
    if not options.wrap_min_width <= width <= options.wrap_max_width:
        return None
    wrapped = sum(
        width - options.wrap_slack <= w <= width and not line.blank_after
        for w, line in zip(widths, lines, strict=True)
    )
    return width if wrapped >= options.wrap_min_lines else None


def _visual_end(raw: str, line: Line) -> int:
    """The column a line ends at: its length with indentation and bullet."""
    return _column(raw, line.end)


def _column(raw: str, offset: int) -> int:
    """How far ``offset`` is from the start of its raw line."""
    return offset - (raw.rfind("\n", 0, offset) + 1)


def _unwrap(raw: str, lines: list[Line], width: int) -> list[Line]:
    """Join each line to the next while the next one's first word would not have fitted."""
    groups: list[list[Line]] = []
    for line in lines:
        if groups and _continues(raw, groups[-1][0], groups[-1][-1], line, width):
            groups[-1].append(line)
        else:
            groups.append([line])
    return [
        replace(
            first,
            index=index,
            end=last.end,
            text=raw[first.start : last.end],
            blank_after=last.blank_after,
        )
        for index, (first, last) in enumerate((group[0], group[-1]) for group in groups)
    ]


def _continues(raw: str, first: Line, previous: Line, line: Line, width: int) -> bool:
    """Whether ``line`` goes on with the paragraph that ``first`` opened and ``previous``
    (its last line so far) broke off."""
    if previous.blank_after or line.bullet:
        return False
    first_word = line.text.split(maxsplit=1)[0]
    # Continuation lines keep the paragraph's text column (under a bullet's text, too).
    return (
        line.indent == _column(raw, first.start)
        and _column(raw, previous.end) + 1 + len(first_word) > width
    )


def _physical_lines(raw: str) -> list[Line]:
    lines: list[Line] = []
    position = 0
    blank_before = True
    length = len(raw)
    while position <= length:
        newline = raw.find("\n", position)
        line_end = length if newline < 0 else newline
        content = raw[position:line_end]
        stripped = content.strip()
        if not stripped:
            blank_before = True
            if lines:
                lines[-1].blank_after = True
        else:
            indent = len(content) - len(content.lstrip())
            start = position + indent
            bullet = BULLET.match(raw, start, line_end)
            if bullet and bullet.end() < line_end and raw[bullet.end() : line_end].strip():
                start = bullet.end()
            end = position + len(content.rstrip())
            lines.append(
                Line(
                    index=len(lines),
                    start=start,
                    end=end,
                    text=raw[start:end],
                    bullet=bool(bullet) and start != position + indent,
                    indent=indent,
                    blank_before=blank_before,
                    blank_after=False,
                )
            )
            blank_before = False
        if newline < 0:
            break
        position = newline + 1
    return lines


def normalised_key(text: str) -> str:
    """Lower-cased words only: how repetition and title similarity compare lines."""
    return " ".join(WORD.findall(text[:FEATURE_SAMPLE_CHARS].lower()))


def ends_sentence(text: str) -> bool:
    return text.rstrip(CLOSING_CHARS)[-1:] in SENTENCE_END_CHARS


def _shape(line: Line) -> list[float]:
    text = line.text[:FEATURE_SAMPLE_CHARS]
    if "\n" in text:  # a paragraph joined from wrapped lines reads as one line
        text = " ".join(text.split())
    words = WORD.findall(text)
    n_words = len(words)
    n_chars = len(text)
    letters = sum(map(str.isalpha, text))
    digits = sum(map(str.isdigit, text))
    spaces = text.count(" ")
    punctuation = n_chars - letters - digits - spaces
    uppers = sum(map(str.isupper, text))
    short_words = sum(len(w) <= 3 for w in words)
    capitalised = sum(w[0].isupper() for w in words)
    cjk = len(CJK.findall(text))
    distinct = len({w.lower() for w in words})
    return [
        math.log1p(n_words),
        math.log1p(len(line.text)),
        1.0 if ends_sentence(text) else 0.0,
        math.log1p(len(INNER_SENTENCE_END.findall(text))),
        short_words / n_words if n_words else 0.0,
        letters / n_chars if n_chars else 0.0,
        digits / n_chars if n_chars else 0.0,
        punctuation / n_chars if n_chars else 0.0,
        uppers / letters if letters else 0.0,
        capitalised / n_words if n_words else 0.0,
        text.count(",") / n_words if n_words else 0.0,
        min(sum(len(w) for w in words) / n_words, 20.0) / 10.0 if n_words else 0.0,
        cjk / n_chars if n_chars else 0.0,
        distinct / n_words if n_words else 0.0,
        1.0 if text[:1].islower() else 0.0,
        1.0 if n_words <= 12 and CHROME_CUE.search(text) else 0.0,
        1.0 if ("|" in text or "©" in text or "http" in text) else 0.0,
        1.0 if line.bullet else 0.0,
        1.0 if line.indent else 0.0,
        1.0 if line.blank_before else 0.0,
        1.0 if line.blank_after else 0.0,
    ]


# Shape features averaged over neighbours: the run a line sits in.
CONTEXT_COLUMNS = [0, 2, 4, 17]
CONTEXT_WINDOWS = [1, 3, 10]


def line_features(lines: list[Line]) -> np.ndarray:
    """One feature row per line: its shape, its repetition, its neighbourhood.

    Absolute position on the page is left out on purpose: it ties the model to the layouts it
    was trained on (a site whose article sits at the very end of its dump was lost by it).
    """
    total = len(lines)
    shapes = np.asarray([_shape(line) for line in lines], dtype=float).reshape(total, -1)
    keys = [normalised_key(line.text) for line in lines]
    counts = Counter(keys)
    columns = [
        shapes,
        np.log([counts[key] for key in keys]).reshape(total, 1),
    ]
    context = shapes[:, CONTEXT_COLUMNS]
    prefix = np.vstack([np.zeros((1, len(CONTEXT_COLUMNS))), np.cumsum(context, axis=0)])
    index = np.arange(total)
    for window in CONTEXT_WINDOWS:
        low = np.maximum(index - window, 0)
        high = np.minimum(index + 1 + window, total)
        before = (index - low)[:, None]
        after = (high - index - 1)[:, None]
        mean_before = (prefix[index] - prefix[low]) / np.maximum(before, 1)
        mean_after = (prefix[high] - prefix[index + 1]) / np.maximum(after, 1)
        pairs = np.empty((total, 2 * len(CONTEXT_COLUMNS)))
        pairs[:, 0::2] = np.where(before > 0, mean_before, -1.0)
        pairs[:, 1::2] = np.where(after > 0, mean_after, -1.0)
        columns.append(pairs)
    return np.hstack(columns)


def control_share(raw: str, sample: int = 100_000) -> float:
    """Share of control or replacement characters in a sample: high for binary junk."""
    head = raw[:sample]
    return len(CONTROL.findall(head)) / len(head) if head else 0.0
