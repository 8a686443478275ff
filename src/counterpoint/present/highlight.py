"""Text as the report and the app show it: cut into highlighted segments at span boundaries,
a span inside its sentence, figures and links made safe to print. Nothing here escapes; the
templates escape every value (autoescape on)."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from counterpoint.model import Article

# Characters of context either side of a span whose sentence is unknown.
CONTEXT_WINDOW = 160

# A span to highlight: (start, end, css class, tooltip).
Highlight = tuple[int, int, str, str]


@dataclass(slots=True)
class Segment:
    """A run of text covered by the same spans; ``classes`` empty for plain text."""

    text: str
    classes: str = ""
    title: str = ""


@dataclass(slots=True)
class Context:
    """A span shown inside its sentence: ``before`` + marked ``mark`` + ``after``."""

    before: str
    mark: str
    after: str


def number(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,}"


def safe_url(url: str | None) -> str | None:
    """A link only to the web: a javascript:, data: or relative URL from an input is text."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def highlights(article: Article) -> list[Highlight]:
    """Every annotation of an article to highlight: entities, quotes and their speakers,
    quantities, times."""
    spans = [(e.start, e.end, "ent", f"{e.label}: {e.canonical}") for e in article.entities]
    for q in article.quotes:
        speaker = q.speaker or "speaker not identified"
        cue = f", cue “{q.cue}”" if q.cue else ""
        spans.append((q.start, q.end, "quote", f"{q.type} quote: {speaker}{cue}"))
        if q.speaker_start is not None and q.speaker_end is not None:
            spans.append((q.speaker_start, q.speaker_end, "speaker", f"speaker: {speaker}"))
    for n in article.quantities:
        bound = "" if n.bound == "=" else f"{n.bound} "
        upper = f" to {number(n.value_max)}" if n.value_max is not None else ""
        unit = f" {n.unit}" if n.unit else ""
        counted = f" of {n.counted}" if n.counted else ""
        tip = f"{n.kind}: {bound}{number(n.value)}{upper}{unit}{counted}"
        spans.append((n.start, n.end, "num", tip))
    spans.extend(
        (t.start, t.end, "time", f"time: {t.value or 'unresolved'}") for t in article.times
    )
    return [s for s in spans if 0 <= s[0] < s[1] <= len(article.text)]


def segments(text: str, start: int, end: int, spans: Sequence[Highlight]) -> list[Segment]:
    """``text[start:end]`` cut at every boundary of ``spans`` inside it (spans crossing the
    range are clipped to it); each piece carries the classes and tooltips of the spans
    covering it, each tooltip once."""
    inside = [s for s in spans if s[0] < end and s[1] > start]
    cuts = sorted({start, end} | {c for s in inside for c in s[:2] if start < c < end})
    out = []
    for left, right in itertools.pairwise(cuts):
        covering = [s for s in inside if s[0] <= left and s[1] >= right]
        out.append(
            Segment(
                text=text[left:right],
                classes=" ".join(sorted({s[2] for s in covering})),
                title="\n".join(dict.fromkeys(s[3] for s in covering if s[3])),
            )
        )
    return out


def in_sentence(
    article: Article | None,
    start: int,
    end: int,
    fallback: str,
    sentence: tuple[int | None, int | None] = (None, None),
) -> Context:
    """``article.text[start:end]`` marked inside its sentence: ``sentence`` when given and it
    holds the span, else the article's sentence (or paragraph) at ``start``, else a window of
    :data:`CONTEXT_WINDOW` characters; ``fallback`` alone when the span is not in the text."""
    if article is None or not 0 <= start <= end <= len(article.text):
        return Context("", fallback, "")
    text = article.text
    left, right = sentence
    prefix = suffix = ""
    if left is None or right is None or not left <= start <= end <= right:
        around = article.sentence_at(start) or article.paragraph_at(start)
        left, right = (around.start, around.end) if around and around.end >= end else (None, None)
    if left is None or right is None:
        left = max(0, start - CONTEXT_WINDOW)
        right = min(len(text), end + CONTEXT_WINDOW)
        prefix = "…" if left > 0 else ""
        suffix = "…" if right < len(text) else ""
    right = min(right, len(text))
    return Context(prefix + text[left:start], text[start:end], text[end:right] + suffix)
