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

SQUASH = re.compile(r"\W+")
WORD = re.compile(r"\w+")
# Prompts and teaser labels that open a block of page furniture.
FURNITURE_OPENING = re.compile(
    r"^\W*(?:read (?:more|also|next)|see (?:more|also)|more from|also on|also read"
    r"|related(?: posts?| stories| articles| content| coverage)?\s*[:|\]-]"
    r"|more\s*:|also\s*:|don'?t miss|you (?:may|might) (?:also )?(?:like|enjoy)|recommended"
    r"|most (?:read|popular)|sign up|subscribe|follow (?:us|him|her|them|@)"
    r"|like this (?:story|article)|share (?:this|on)|tell us what|click here|filed under"
    r"|tags?\s*:?\s*$|comments?\s*$|advertisement\s*$|get the latest|have a tip"
    r"|leggi anche|lesen sie auch|lire aussi|leia também|lea también|você pode gostar"
    r"|vous aimerez)",
    re.I,
)
# Contributor, contact and source lines that close a news article.
SIGN_OFF = re.compile(
    r"contributed (?:to )?(?:this )?report|contributed reporting|^\W*(?:additional )?reporting by"
    r"|^\W*editing by|^\W*contributing\s*:|^\W*with .{0,40}wires\W*$|^\W*source\s*:"
    r"|^\W*(?:©|copyright\b)|all rights reserved"
    r"|^\W*(?:e-?mail|reach|contact) .{0,60}(?:@|\bat\b)|\bfollow .{0,40} on (?:twitter|facebook)",
    re.I,
)
# A clock time or numeric date, as datelines print them ("20:13", "11/19/2019").
DATE_OR_TIME = re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-]\d{2,4}\b|\b\d{1,2}:\d\d\b")
# An embedded post's credit line ("— Name (@handle) November 19, 2019") is quoted content.
EMBED_CREDIT = re.compile(r"^\s*[—–-]\s")
SENTENCE_END = re.compile(r"[.!?…:;\"”»)]\s*$")
# How far from either end of the body a dateline, byline or title repeat may sit.
EDGE = 3
SHORT_WORDS = 12
PROMPT_MAX_WORDS = 40

RULES: set[str] = {"meta", "furniture", "signoff", "dateline", "title", "teaser_links", "separator"}


def drop_boilerplate(
    blocks: list[Block], meta: PageMeta, link_texts: frozenset[str] = frozenset()
) -> list[Block]:
    """``blocks`` without the ones that repeat page metadata or read as page furniture."""
    repeated = {_squash(caption) for caption in meta.captions}
    if meta.subtitle:
        repeated.add(_squash(meta.subtitle))
    headlines = {_squash(h) for h in meta.headlines if h}
    repeated.discard("")
    kept: list[Block] = []
    last = len(blocks) - 1
    for index, block in enumerate(blocks):
        text = block.text
        squashed = _squash(text)
        words = len(WORD.findall(text))
        if "separator" in RULES and not squashed:
            continue
        if "meta" in RULES and squashed in repeated:
            continue
        if "title" in RULES and index < EDGE and squashed in headlines:
            continue
        if "furniture" in RULES and words <= PROMPT_MAX_WORDS and FURNITURE_OPENING.search(text):
            continue
        if "signoff" in RULES and index > last - EDGE and words <= PROMPT_MAX_WORDS:
            if SIGN_OFF.search(text):
                continue
        if "dateline" in RULES and index < EDGE and words <= SHORT_WORDS:
            if DATE_OR_TIME.search(text) and not EMBED_CREDIT.match(text):
                continue
        if "teaser_links" in RULES and squashed in link_texts and words <= 20:
            if not SENTENCE_END.search(text):
                continue
        kept.append(block)
    return kept


def _squash(text: str) -> str:
    return SQUASH.sub("", text.lower())
