"""Quotes in any language, by rules over the text: quotation marks, speech cues and names.

Every script's quotation marks give the quoted spans (:mod:`quote_marks`). A span is a quote
when a speech cue of the language (``data/languages/<code>.json``: "ha detto", "sagte",
"заявил", "表示", "と述べた", "말했다", "قال", ...) stands in its sentence outside the marks,
when it follows a name and a colon (``Meloni: «…»``), or when it is speech anyway (a whole
paragraph, a full sentence, a long passage). A quoted term of a few words is a quote only when
someone is named as saying it, and a quoted name or title (every word capitalised) never is.
The speaker is the named entity nearest the cue in the same sentences; an unattributed quote
right after an attributed one goes on with its speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from counterpoint.annotate.lexicons import UNSPACED_SCRIPT, cue_pattern, language_lexicon
from counterpoint.annotate.quote_marks import QuotedSpan, continues_quote, quoted_spans
from counterpoint.model import Article, Entity, Quote, QuoteType

# Quoted text with no cue and no speaker is speech when it is a whole paragraph, ends as a
# sentence does, or runs this long; shorter, it is a scare quote or a title ("«La leggenda
# del Grande Tempio»").
UNATTRIBUTED_MIN_WORDS = 12
# A quoted term this short is a quote only when someone is named as saying it.
SCARE_QUOTE_MAX_WORDS = 3
_SENTENCE_END = tuple(".!?…。！？؟।")
# Quoted text in capitalised words, no longer than this, is a name or a title.
TITLE_MAX_WORDS = 8
# A sentence after the quote this short may hold its attribution ("«…». Lo ha detto X.").
ATTRIBUTION_MAX_CHARS = 120
_WORD = re.compile(r"[^\W_]+")


@dataclass(slots=True)
class _Attribution:
    cue: str | None
    speaker: Entity | None
    cue_start: int | None = None


def find_local_quotes(article: Article) -> list[Quote]:
    """Direct and mixed quotes of ``article`` with their cue and speaker, in text order."""
    text = article.text
    spans = quoted_spans(text, article.paragraphs)
    quoted = [(s.open_at, s.close_at + 1) for s in spans]
    quotes: list[Quote] = []
    previous: Quote | None = None
    for span in spans:
        content = text[span.start : span.end]
        words = word_count(content)
        if not words or _is_name_or_title(content, article.language):
            continue
        attribution = _attribution(article, span, quoted)
        paragraph = article.paragraph_at(span.open_at)
        whole = paragraph is not None and _covers(span, paragraph.start, paragraph.end)
        if words <= SCARE_QUOTE_MAX_WORDS and attribution.speaker is None:
            continue  # a term in marks, cue or not ("«脱獄», according to reports")
        unattributed = attribution.cue is None and attribution.speaker is None
        speech = (
            whole or content.rstrip().endswith(_SENTENCE_END) or words >= UNATTRIBUTED_MIN_WORDS
        )
        if unattributed and not speech:
            continue
        speaker = attribution.speaker
        start, end = span.start, span.end
        while start < end and text[start].isspace():
            start += 1  # « French spacing »
        while end > start and text[end - 1].isspace():
            end -= 1
        quote = Quote(
            start=start,
            end=end,
            type=_type(article, span, attribution.cue_start),
            speaker=speaker.canonical if speaker else None,
            speaker_start=speaker.start if speaker else None,
            speaker_end=speaker.end if speaker else None,
            cue=attribution.cue,
        )
        if (
            speaker is None
            and previous is not None
            and continues_quote(article, previous, span.open_at, span.open_at)
        ):
            quote.speaker = previous.speaker
        quotes.append(quote)
        previous = quote
    return quotes


def word_count(content: str) -> int:
    """Words of ``content``; in Chinese and Japanese, which do not space words, two
    characters count as one word."""
    wide = len(UNSPACED_SCRIPT.findall(content))
    spaced = [w for w in _WORD.findall(content) if not UNSPACED_SCRIPT.match(w)]
    return len(spaced) + (wide + 1) // 2


def _is_name_or_title(content: str, language: str | None) -> bool:
    """'«Fratelli d'Italia»', '„Tagesschau“': every word capitalised but function words, and
    no sentence punctuation at the end (only in scripts with capitals)."""
    words = [w for w in (w.strip("()[]{}\"'“”‘’«»„-–—") for w in content.split()) if w]
    if not words or len(words) > TITLE_MAX_WORDS or content.rstrip()[-1:] in ".,!?;:。！？":
        return False
    if not any(char.isupper() for char in content):
        return False
    small = language_lexicon(language).name_stopwords | language_lexicon(language).name_joiners
    content_words = [w for w in words[1:] if w.casefold() not in small]
    return all(w[0].isupper() or w[0].isdigit() for w in [words[0], *content_words])


def _region(article: Article, span: QuotedSpan) -> tuple[int, int]:
    first = article.sentence_at(span.open_at)
    last = article.sentence_at(span.close_at)
    start = first.start if first else span.open_at
    end = last.end if last else span.close_at + 1
    paragraph = article.paragraph_at(span.open_at)
    if paragraph is not None:
        start, end = max(start, paragraph.start), min(max(end, span.close_at + 1), paragraph.end)
    return start, end


def _attribution(article: Article, span: QuotedSpan, quoted: list[tuple[int, int]]) -> _Attribution:
    """The cue nearest the quote in its sentences (else in a short sentence right after it)
    and the entity nearest that cue; or a name right before a colon opening the quote."""
    start, end = _region(article, span)
    found = _cue_near(article, span, quoted, start, end)
    if found is None:
        following = article.sentence_at(end + 1) or article.sentence_at(end + 2)
        same_paragraph = following and article.paragraph_at(following.start) is (
            article.paragraph_at(span.open_at)
        )
        if (
            following
            and same_paragraph
            and following.end - following.start <= ATTRIBUTION_MAX_CHARS
        ):
            found = _cue_near(article, span, quoted, following.start, following.end)
            end = following.end if found else end
    if found is None:
        return _Attribution(None, _colon_label(article, span))
    cue_start, cue_end, cue = found
    speakers = [
        e
        for e in article.entities
        if start <= e.start and e.end <= end and _outside(e.start, quoted)
    ]
    if not speakers:
        return _Attribution(cue, None, cue_start)
    nearest = min(speakers, key=lambda e: min(abs(e.start - cue_end), abs(cue_start - e.end)))
    return _Attribution(cue, nearest, cue_start)


def _cue_near(
    article: Article, span: QuotedSpan, quoted: list[tuple[int, int]], start: int, end: int
) -> tuple[int, int, str] | None:
    cues = [
        (m.start(), m.end(), m.group().lower())
        for m in cue_pattern(article.language).finditer(article.text, start, end)
        if _outside(m.start(), quoted)
    ]
    if not cues:
        return None
    return min(cues, key=lambda c: min(abs(c[0] - span.close_at), abs(span.open_at - c[1])))


def _colon_label(article: Article, span: QuotedSpan) -> Entity | None:
    """The interview form 'Meloni: «…»': an entity right before a colon before the quote."""
    before = article.text[max(0, span.open_at - 3) : span.open_at].rstrip()
    if not before.endswith((":", "：")):
        return None
    colon = article.text.rfind(":" if before.endswith(":") else "：", 0, span.open_at)
    for entity in article.entities:
        if 0 <= colon - entity.end <= 1:
            return entity
    return None


def _covers(span: QuotedSpan, start: int, end: int) -> bool:
    return span.open_at == start and span.close_at >= end - 2


def _outside(offset: int, quoted: list[tuple[int, int]]) -> bool:
    return not any(start <= offset < end for start, end in quoted)


def _type(article: Article, span: QuotedSpan, cue_start: int | None) -> QuoteType:
    """Direct when the quote opens its sentence, follows "X said:" / "X said,", or its cue
    follows the closing mark ("「…」と述べた", "«…», ha detto")."""
    if cue_start is not None and 0 <= cue_start - span.close_at <= 3:
        return "direct"
    sentence = article.sentence_at(span.open_at)
    start = sentence.start if sentence else span.open_at
    before = article.text[start : span.open_at].strip()
    return "direct" if not before or before[-1] in ":,：，" else "mixed"
