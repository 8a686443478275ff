"""A block-level boilerplate judgement over the blocks trafilatura keeps.

trafilatura picks the article region well but keeps what news templates put inside it: the
headline and dek repeated, datelines, image captions, "Read more"/"Related" teasers, share
and subscribe prompts, contributor and contact lines. Each rule reads a block's form (length,
punctuation, dates), its position (the edges of the article) and its relation to the page
(metadata, link texts), plus the stock phrases of news furniture; never a site's own words.
"""

from __future__ import annotations

import re

from counterpoint.extract.assemble import Block
from counterpoint.extract.html_meta import PageMeta
from counterpoint.extract.options import DEFAULT_OPTIONS, ExtractOptions
from counterpoint.lexicon import patterns

SQUASH = re.compile(r"\W+")
WORD = re.compile(r"\w+")
# Prompts and teaser labels that open a block of page furniture, and the contributor,
# contact and source lines that close a news article: per-language data.
FURNITURE_OPENING = re.compile(rf"^\W*(?:{patterns('furniture_openings')})", re.I)
SIGN_OFF = re.compile(patterns("sign_offs"), re.I)
# A clock time or numeric date, as datelines print them ("20:13", "11/19/2019").
DATE_OR_TIME = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{1,2}:\d\d\b")
# An embedded post's credit line ("— Name (@handle) November 19, 2019") is quoted content.
EMBED_CREDIT = re.compile(r"^\s*[—–-]\s")
SENTENCE_END = re.compile(r"[.!?…:;\"”»)]\s*$")


def drop_boilerplate(
    blocks: list[Block],
    meta: PageMeta,
    link_texts: frozenset[str] = frozenset(),
    options: ExtractOptions = DEFAULT_OPTIONS,
) -> list[Block]:
    """``blocks`` without the ones that repeat page metadata or read as page furniture;
    ``link_texts`` are the page's link texts, squashed (see :func:`squash`). A dateline, byline
    or title repeat counts within ``options.boilerplate_edge`` blocks of either end."""
    repeated = {squash(caption) for caption in meta.captions}
    if meta.subtitle:
        repeated.add(squash(meta.subtitle))
    repeated.discard("")
    headlines = {squash(headline) for headline in meta.headlines}
    last = len(blocks) - 1
    return [
        block
        for index, block in enumerate(blocks)
        if not _is_boilerplate(
            block.text,
            at_start=index < options.boilerplate_edge,
            at_end=index > last - options.boilerplate_edge,
            repeated=repeated,
            headlines=headlines,
            link_texts=link_texts,
            options=options,
        )
    ]


def _is_boilerplate(
    text: str,
    *,
    at_start: bool,
    at_end: bool,
    repeated: set[str],
    headlines: set[str],
    link_texts: frozenset[str],
    options: ExtractOptions,
) -> bool:
    squashed = squash(text)
    words = len(WORD.findall(text))
    if not squashed or squashed in repeated:  # a rule line, a caption, the dek
        return True
    if at_start and squashed in headlines:
        return True
    if words <= options.prompt_max_words and FURNITURE_OPENING.search(text):
        return True
    if at_end and words <= options.prompt_max_words and SIGN_OFF.search(text):
        return True
    if at_start and words <= options.dateline_max_words and DATE_OR_TIME.search(text):
        return not EMBED_CREDIT.match(text)
    # a link's text standing alone, not a sentence: a teaser or navigation item
    return (
        squashed in link_texts
        and words <= options.teaser_max_words
        and not SENTENCE_END.search(text)
    )


def squash(text: str) -> str:
    """Lower-cased word characters only: how blocks are compared with metadata and links."""
    return SQUASH.sub("", text.lower())
