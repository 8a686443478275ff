"""A block-level boilerplate judgement over the blocks trafilatura keeps, as named rules.

trafilatura picks the article region well but keeps what news templates put inside it: the
headline and dek repeated, datelines, image captions, "Read more"/"Related" teasers, share
and subscribe prompts, contributor and contact lines. Each rule reads a block's form (length,
punctuation, dates), its position (the edges of the article) and its relation to the page
(metadata, link texts), plus the stock phrases of news furniture; never a site's own words.

A rule's name is the reason a dropped block is recorded with, and the name
:attr:`ExtractOptions.html_rules` enables it by: ``bench/extract_html.py`` scores every rule by
site-grouped cross-validation and reports what each removed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

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


@dataclass(frozen=True, slots=True)
class PageContext:
    """What the rules compare a block with: the page's stated metadata and link texts, all
    squashed (see :func:`squash`)."""

    captions: frozenset[str]
    dek: str
    headlines: frozenset[str]
    link_texts: frozenset[str]

    @classmethod
    def of(cls, meta: PageMeta, link_texts: frozenset[str] = frozenset()) -> PageContext:
        return cls(
            captions=frozenset(squash(caption) for caption in meta.captions) - {""},
            dek=squash(meta.subtitle or ""),
            headlines=frozenset(squash(headline) for headline in meta.headlines) - {""},
            link_texts=link_texts,
        )


@dataclass(frozen=True, slots=True)
class BlockView:
    """One block as the rules read it: its text, squashed form, word count, position, and
    whether the block after it ends like a sentence (prose, not another teaser)."""

    text: str
    squashed: str
    words: int
    at_start: bool
    at_end: bool
    before_sentence: bool


Rule = Callable[[BlockView, PageContext, ExtractOptions], bool]


def _no_words(block: BlockView, page: PageContext, options: ExtractOptions) -> bool:
    return not block.squashed  # a rule line, a row of stars


def _repeats_caption(block: BlockView, page: PageContext, options: ExtractOptions) -> bool:
    return block.squashed in page.captions


def _repeats_dek(block: BlockView, page: PageContext, options: ExtractOptions) -> bool:
    return bool(page.dek) and block.squashed == page.dek  # the dek is the subtitle already


def _repeats_headline(block: BlockView, page: PageContext, options: ExtractOptions) -> bool:
    return block.at_start and block.squashed in page.headlines  # the title already


def _furniture_prompt(block: BlockView, page: PageContext, options: ExtractOptions) -> bool:
    return block.words <= options.prompt_max_words and bool(FURNITURE_OPENING.search(block.text))


def _furniture_prompt_at_edge(block: BlockView, page: PageContext, options: ExtractOptions) -> bool:
    """A prompt near either end only: one inside the article may be an instruction."""
    return (block.at_start or block.at_end) and _furniture_prompt(block, page, options)


def _sign_off(block: BlockView, page: PageContext, options: ExtractOptions) -> bool:
    return (
        block.at_end
        and block.words <= options.prompt_max_words
        and bool(SIGN_OFF.search(block.text))
    )


def _dateline(block: BlockView, page: PageContext, options: ExtractOptions) -> bool:
    return (
        block.at_start
        and block.words <= options.dateline_max_words
        and bool(DATE_OR_TIME.search(block.text))
        and not EMBED_CREDIT.match(block.text)
    )


def _link_teaser(block: BlockView, page: PageContext, options: ExtractOptions) -> bool:
    """A link's text standing alone, not a sentence: a teaser or navigation item."""
    return (
        block.squashed in page.link_texts
        and block.words <= options.teaser_max_words
        and not SENTENCE_END.search(block.text)
    )


def _link_teaser_run(block: BlockView, page: PageContext, options: ExtractOptions) -> bool:
    """A link teaser not followed by prose: a linked item that a paragraph follows is the
    heading of an entry in a list the article makes (products, places)."""
    return not block.before_sentence and _link_teaser(block, page, options)


# Every rule by the name a dropped block is recorded with, in the order they are asked.
RULES: dict[str, Rule] = {
    "no_words": _no_words,
    "repeats_caption": _repeats_caption,
    "repeats_dek": _repeats_dek,
    "repeats_headline": _repeats_headline,
    "furniture_prompt": _furniture_prompt,
    "furniture_prompt_at_edge": _furniture_prompt_at_edge,
    "sign_off": _sign_off,
    "dateline": _dateline,
    "link_teaser": _link_teaser,
    "link_teaser_run": _link_teaser_run,
}
# The rules that read the page's link texts (only collected when one is asked).
LINK_RULES = frozenset({"link_teaser", "link_teaser_run"})


def views(blocks: list[Block], options: ExtractOptions = DEFAULT_OPTIONS) -> list[BlockView]:
    """The blocks as the rules read them; a dateline, byline or title repeat counts within
    ``options.boilerplate_edge`` blocks of either end."""
    last = len(blocks) - 1
    edge = options.boilerplate_edge
    sentence = [bool(SENTENCE_END.search(block.text)) for block in blocks] + [False]
    return [
        BlockView(
            text=block.text,
            squashed=squash(block.text),
            words=len(WORD.findall(block.text)),
            at_start=index < edge,
            at_end=index > last - edge,
            before_sentence=sentence[index + 1],
        )
        for index, block in enumerate(blocks)
    ]


def firing_rules(
    blocks: list[Block], page: PageContext, options: ExtractOptions = DEFAULT_OPTIONS
) -> list[tuple[str, ...]]:
    """For each block, the names of every rule (enabled or not) that would drop it: what the
    benchmark needs to score any choice of rules from one pass."""
    return [
        tuple(name for name, rule in RULES.items() if rule(view, page, options))
        for view in views(blocks, options)
    ]


def judge(
    blocks: list[Block], page: PageContext, options: ExtractOptions = DEFAULT_OPTIONS
) -> list[str | None]:
    """For each block, the first enabled rule (``options.html_rules``) that drops it, or
    ``None`` for a kept block."""
    enabled = [(name, RULES[name]) for name in RULES if name in options.html_rules]
    return [
        next((name for name, rule in enabled if rule(view, page, options)), None)
        for view in views(blocks, options)
    ]


def squash(text: str) -> str:
    """Lower-cased word characters only: how blocks are compared with metadata and links."""
    return SQUASH.sub("", text.lower())
