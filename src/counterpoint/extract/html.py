"""Article text and metadata from an HTML page.

trafilatura (comments off, in the mode :attr:`ExtractOptions.html_region` names) finds the
article region; its XML body is walked into typed blocks (headings, paragraphs, list items,
quotes, table rows), and a second, block-level boilerplate judgement
(:mod:`counterpoint.extract.html_filter`) drops what news pages leave inside that region: the
title repeated, datelines, share and subscribe prompts, "Related"/"Read more" link lists.
Every dropped block is recorded in :attr:`Extraction.removed` with its rule's name. Metadata
comes from the untouched tree (see :mod:`counterpoint.extract.html_meta`).

Bad input fails fast or is cut to size, so a huge, deep or binary page costs bounded time and
memory: binary junk is refused; scripts and styles are dropped and the rest capped at
:attr:`ExtractOptions.max_html_chars` characters (extraction takes about 10 s on a page that
size, most real pages are under 0.3 MB); libxml2 stops parsing at 256 levels of nesting,
losing the whole page, so a page that reaches that is parsed again with the elements below
:attr:`ExtractOptions.max_nesting` levels unwrapped (their text kept).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from datetime import datetime

import trafilatura
from lxml.etree import ErrorTypes, _Element
from lxml.html import HtmlElement
from trafilatura.settings import Document
from trafilatura.utils import HTML_PARSER, load_html

from counterpoint.extract.assemble import Block, Extraction
from counterpoint.extract.html_filter import LINK_RULES, PageContext, judge, squash
from counterpoint.extract.html_meta import PageMeta, read_metadata, syndication_credit
from counterpoint.extract.options import DEFAULT_OPTIONS, ExtractOptions
from counterpoint.extract.text_lines import split_lines
from counterpoint.extract.text_meta import byline_and_date, find_published
from counterpoint.model import ParagraphKind, RemovedBlock, metadata_of

# A start or end tag, for the linear scan that unwraps deep nesting.
TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*>")
VOID_ELEMENTS = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param"}
    | {"source", "track", "wbr"}
)
# Elements that stay when deep nesting is unwrapped, so the text keeps its paragraphs.
PARAGRAPH_ELEMENTS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "pre", "blockquote"})
# Unwrapping these joins their text to the words around them; any other tag becomes a space.
INLINE_ELEMENTS = frozenset(
    {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "dfn", "em", "font", "i", "kbd"}
    | {"mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var"}
)
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
SURROGATES = re.compile(r"[\ud800-\udfff]")
# Script and style bodies are dropped before parsing, which also makes the tree smaller for
# trafilatura; JSON-LD scripts stay, they hold metadata.
DROPPED_NAMES = ("script", "style", "noscript", "svg")
DROPPED_OPENING = re.compile(rf"<({'|'.join(DROPPED_NAMES)})(?![\w-])", re.I)
DROPPED_CLOSING = {name: re.compile(rf"</{name}\s*>", re.I) for name in DROPPED_NAMES}

WORD = re.compile(r"\w+")
WHITESPACE = re.compile(r"[ \t\r\f\v\u200b]+")
BLANK_LINES = re.compile(r"\s*\n\s*")


def extract_html(
    html: str, url: str | None = None, options: ExtractOptions = DEFAULT_OPTIONS
) -> Extraction:
    """The article blocks and stated metadata of one HTML page, read with the thresholds of
    ``options``.

    Raises ``ValueError`` for input that is not markup (binary junk) or has no parseable tree.
    """
    tree = parse_html(html, options)
    meta = read_metadata(tree, url)
    blocks = article_blocks(tree, url or meta.url, options)
    links = link_texts(tree) if LINK_RULES & options.html_rules else frozenset[str]()
    reasons = judge(blocks, PageContext.of(meta, links), options)
    body = [block for block, reason in zip(blocks, reasons, strict=True) if reason is None]
    original_publisher = meta.original_publisher or _credited_publisher(body, meta, options)
    byline, published = _printed_byline_and_date(meta, blocks, options)
    stated = metadata_of(meta) | {
        "url": url or meta.url,
        "original_publisher": original_publisher,
        "byline": byline,
        "published": published,
    }
    return Extraction(
        title=Block(meta.title, "title") if meta.title else None,
        subtitle=Block(meta.subtitle, "subtitle") if meta.subtitle else None,
        body=body,
        removed=located_removals(html, blocks, reasons),
        **stated,
    )


def located_removals(
    html: str, blocks: list[Block], reasons: list[str | None]
) -> list[RemovedBlock]:
    """The dropped blocks with their reasons, located in the raw ``html``: from the first
    to the last of their words, found in page order (tags, entities and spacing between the
    words allowed). A block whose words are not found there (text trafilatura rebuilt) is
    recorded where the search stands, with no extent."""
    removed: list[RemovedBlock] = []
    position = max(html.find("<body"), 0)  # not the head's title and meta tags
    for block, reason in zip(blocks, reasons, strict=True):
        if reason is None:
            continue
        span = _raw_span(html, block.text, position)
        start, end = span or (position, position)
        removed.append(RemovedBlock(start, end, reason))
        position = start
    return removed


# Between two words of a block in the raw page: spacing and punctuation, tags, entities.
RAW_GAP = r"(?:&#?\w+;|<[^>]*>|[^\w<])*?"
RAW_WORDS = 4


def _raw_span(html: str, text: str, position: int) -> tuple[int, int] | None:
    words = WORD.findall(text)
    if not words:
        return None
    head = re.compile(RAW_GAP.join(map(re.escape, words[:RAW_WORDS])))
    found = head.search(html, position)
    if found is None:
        return None
    if len(words) <= RAW_WORDS:
        return found.start(), found.end()
    tail = re.compile(RAW_GAP.join(map(re.escape, words[-RAW_WORDS:])))
    ending = tail.search(html, found.start())
    return found.start(), ending.end() if ending else found.end()


def _printed_byline_and_date(
    meta: PageMeta, blocks: list[Block], options: ExtractOptions
) -> tuple[str | None, datetime | None]:
    """The byline without the date it prints, and the publication date when the page states
    none: the one its byline element prints, else a short date line among its first blocks
    (kept or dropped as a dateline)."""
    byline, printed = byline_and_date(meta.byline) if meta.byline else (None, None)
    if meta.published is not None:
        return byline, meta.published
    if printed is None:
        head = [block.text for block in blocks[: options.credit_edge + 1]]
        short = [text for text in head if len(text.split()) <= options.dateline_max_words]
        printed = find_published([line for text in short for line in split_lines(text)])
    return byline, printed


def _credited_publisher(body: list[Block], meta: PageMeta, options: ExtractOptions) -> str | None:
    """The outlet a visible "originally published on X" line credits, near either end,
    unless X is the page's own outlet (a site crediting itself)."""
    own = {squash(name.split(".")[0]) for name in (meta.outlet, meta.domain) if name}
    edge = options.credit_edge
    for block in body[:edge] + body[-edge:]:
        credited = syndication_credit(block.text)
        if credited and squash(credited.split(".")[0]) not in own:
            return credited
    return None


def link_texts(tree: HtmlElement) -> frozenset[str]:
    """The texts of the page's links (several words long), squashed for comparison: a
    block that is one of them is a teaser or navigation item, not article prose."""
    texts = set()
    for anchor in tree.iter("a"):
        text = anchor.text_content()
        if text.count(" ") >= 2:
            texts.add(squash(text))
    return frozenset(texts)


def parse_html(html: str, options: ExtractOptions = DEFAULT_OPTIONS) -> HtmlElement:
    """An lxml tree of ``html`` after sanitising and capping it; ``ValueError`` if impossible.

    Pages above ``options.max_html_chars`` (after scripts and styles are dropped) are cut: no
    article needs more, and lxml plus trafilatura hold several copies of the tree. Elements
    nested deeper than ``options.max_nesting`` are unwrapped when the parser hit its depth
    limit; real pages nest a few dozen levels."""
    if not isinstance(html, str):
        raise TypeError(f"extract_html takes str, not {type(html).__name__}")
    sample = html[:65536]
    if sample and len(CONTROL_CHARS.findall(sample)) > options.max_control_share * len(sample):
        raise ValueError("input looks binary, not HTML")
    html = strip_elements(html)[: options.max_html_chars]
    html = SURROGATES.sub("\ufffd", CONTROL_CHARS.sub("", html))
    if "<" not in html:
        raise ValueError("input has no markup")
    # trafilatura refuses a lone fragment ("<p>text</p>", a feed item's description) as
    # dubious HTML; inside a document skeleton it parses as a page.
    tree = _load(html, options.max_nesting)
    if tree is None:
        tree = _load(f"<html><body>{html}</body></html>", options.max_nesting)
    if tree is None:
        raise ValueError("no HTML tree could be parsed")
    return tree


def _load(html: str, max_nesting: int) -> HtmlElement | None:
    """trafilatura's parse of ``html``. libxml2 gives up on too deep a nesting, losing the
    whole page, not just the deep part; then the page is parsed again with the deep elements
    unwrapped but its paragraphs kept, or, if those nest too deep as well, with every deep
    element unwrapped."""
    tree = load_html(html)
    for keep in (PARAGRAPH_ELEMENTS, frozenset[str]()):
        if not any(error.type == ErrorTypes.ERR_RESOURCE_LIMIT for error in HTML_PARSER.error_log):
            break
        tree = load_html(unwrap_deep_elements(html, max_nesting, keep))
    return tree


def unwrap_deep_elements(html: str, max_depth: int, keep: frozenset[str] = frozenset()) -> str:
    """``html`` with the tags of elements nested deeper than ``max_depth`` removed and their
    content kept, except elements named in ``keep`` (left as they are). One linear scan over
    the tags with a stack of open elements; an end tag closes the deepest removed element of
    its name first, then an open one (closing what was left open inside it, as a parser
    would)."""
    pieces: list[str] = []
    position = 0
    open_names: list[str] = []
    removed: Counter[str] = Counter()
    for tag in TAG.finditer(html):
        name = tag.group(2).lower()
        if tag.group(1):
            if removed[name]:
                removed[name] -= 1
            else:
                if name in open_names:
                    del open_names[len(open_names) - 1 - open_names[::-1].index(name) :]
                continue
        elif name in VOID_ELEMENTS or tag.group().endswith("/>"):
            continue
        elif len(open_names) < max_depth:
            open_names.append(name)
            continue
        elif name in keep:
            continue
        else:
            removed[name] += 1
        pieces.append(html[position : tag.start()])
        pieces.append("" if name in INLINE_ELEMENTS else " ")
        position = tag.end()
    pieces.append(html[position:])
    return "".join(pieces)


def strip_elements(html: str) -> str:
    """``html`` without script, style and svg content, JSON-LD scripts kept.

    A forward scan with simple patterns (no backtracking), so it is linear even on hostile
    input; an unclosed element drops the rest of the page, as a browser would hide it.
    """
    parts: list[str] = []
    position = 0
    while (opening := DROPPED_OPENING.search(html, position)) is not None:
        tag_end = html.find(">", opening.end())
        if tag_end < 0:
            break
        name = opening.group(1).lower()
        if name == "script" and "ld+json" in html[opening.end() : tag_end].lower():
            parts.append(html[position : tag_end + 1])
            position = tag_end + 1
            continue
        parts.append(html[position : opening.start()])
        closing = DROPPED_CLOSING[name].search(html, tag_end)
        if closing is None:
            position = len(html)
            break
        position = closing.start()
    parts.append(html[position:])
    return "".join(parts)


def article_blocks(
    tree: HtmlElement, url: str | None, options: ExtractOptions = DEFAULT_OPTIONS
) -> list[Block]:
    """trafilatura's article region as blocks, before any rule is asked (it copies the tree,
    so ours stays intact)."""
    document = trafilatura.bare_extraction(
        tree,
        url=url,
        fast=not options.html_region_fallback,
        favor_precision=options.html_region == "precision",
        favor_recall=options.html_region == "recall",
        include_comments=False,
        include_tables=True,
    )
    if not isinstance(document, Document) or document.body is None:
        return []
    blocks: list[Block] = []
    _collect_blocks(document.body, blocks)
    if options.html_region_continuation:
        blocks = continued_region(tree, blocks, options)
    return blocks


# The source elements that hold one block of article text, and the ones whose text is page
# furniture however it is styled.
SOURCE_BLOCK_TAGS = ("p", "h2", "h3", "h4", "h5", "h6", "li", "blockquote")
HEADING_TAGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
FURNITURE_TAGS = frozenset({"figure", "figcaption", "aside", "nav", "footer", "form", "header"})


def continued_region(
    tree: HtmlElement, blocks: list[Block], options: ExtractOptions = DEFAULT_OPTIONS
) -> list[Block]:
    """``blocks`` with the article's continuation added: pages that put advertising between
    chunks of the body repeat the body's container (same tag and class) for each chunk, and
    trafilatura keeps one. The container of most of the region's words is found in the
    source; each other element in the same place of the same structure (tag and class of
    it and its ancestors alike, ``options.continuation_levels`` in all, under the same
    ancestor) holding at least ``options.html_continuation_min_words`` words not in the
    region yet adds its paragraphs, placed in page order."""
    sources = _innermost(tree)
    by_text: dict[str, HtmlElement] = {}
    for element in sources:
        by_text.setdefault(squash(_source_text(element)), element)
    matched = [by_text.get(squash(block.text)) for block in blocks]
    weight: Counter[HtmlElement] = Counter()
    for block, element in zip(blocks, matched, strict=True):
        container = _styled_container(element) if element is not None else None
        if container is not None:
            weight[container] += len(WORD.findall(block.text))
    if not weight:
        return blocks
    region, words = weight.most_common(1)[0]
    if 2 * words < sum(len(WORD.findall(block.text)) for block in blocks):
        return blocks  # no one container holds most of the region: none to repeat
    path = _style_path(region, options.continuation_levels)
    top = region if len(path) == 1 else list(region.iterancestors())[len(path) - 2]
    peers = [
        element
        for element in top.iter(region.tag)
        if element is not region and _style_path(element, len(path)) == path
    ]
    known = {squash(block.text) for block in blocks}
    found = {element for element in matched if element is not None}
    added: list[tuple[HtmlElement, Block]] = []
    for peer in peers:
        if region in peer.iterancestors() or peer in region.iterancestors():
            continue
        inside = [element for element in peer.iter(*SOURCE_BLOCK_TAGS) if element in sources]
        if any(element in found for element in inside):
            continue  # the region has this chunk already
        chunk = [
            (element, Block(text, "heading" if element.tag in HEADING_TAGS else "paragraph"))
            for element in inside
            if not _in_furniture(element, peer)
            and (text := _source_text(element))
            and squash(text) not in known
        ]
        if (
            sum(len(WORD.findall(block.text)) for _, block in chunk)
            >= options.html_continuation_min_words
        ):
            added.extend(chunk)
    if not added:
        return blocks
    order = {element: index for index, element in enumerate(tree.iter())}
    placed: list[tuple[int, int, Block]] = []
    position = -1
    for sequence, (block, element) in enumerate(zip(blocks, matched, strict=True)):
        # a region block keeps its place after the one before it, where it was found or not
        if element is not None:
            position = max(position, order[element])
        placed.append((position, sequence, block))
    placed.extend((order[element], len(blocks), block) for element, block in added)
    return [block for _, _, block in sorted(placed, key=lambda item: item[:2])]


def _innermost(tree: HtmlElement) -> set[HtmlElement]:
    """The text-block elements with no text-block element inside (a list item's paragraph,
    not the item). An ancestor already marked had all its ancestors marked then, so each
    element's walk up stops there: one pass."""
    elements = list(tree.iter(*SOURCE_BLOCK_TAGS))
    holders: set[HtmlElement] = set()
    for element in elements:
        for ancestor in element.iterancestors(*SOURCE_BLOCK_TAGS):
            if ancestor in holders:
                break
            holders.add(ancestor)
    return {element for element in elements if element not in holders}


def _source_text(element: HtmlElement) -> str:
    return _loose_text(element.text_content())


def _style_path(element: HtmlElement, levels: int) -> list[tuple[str, str | None]]:
    """Tag and class of ``element`` and of its ancestors, ``levels`` in all: a chunk of the
    body sits where the others do in the same structure (a box quoting a claim, a list of
    key points styled alike, does not)."""
    chain = [element, *itertools.islice(element.iterancestors(), levels - 1)]
    return [(str(node.tag), node.get("class")) for node in chain]


def _styled_container(element: HtmlElement) -> HtmlElement | None:
    """The nearest ancestor with a class: the element a page styles its body text by."""
    return next((parent for parent in element.iterancestors() if parent.get("class")), None)


def _in_furniture(element: HtmlElement, container: HtmlElement) -> bool:
    for parent in element.iterancestors():
        if parent is container:
            return False
        if parent.tag in FURNITURE_TAGS:
            return True
    return False


def _collect_blocks(element: _Element, blocks: list[Block]) -> None:
    """Flatten trafilatura's XML into blocks: one per heading, paragraph, item or table row;
    loose text between them (a container's text, a child's tail) is a paragraph too."""
    _add_block(blocks, _loose_text(element.text), "paragraph")
    for child in element:
        tag = child.tag
        if tag == "head":
            _add_block(blocks, _text_of(child), "heading")
        elif tag == "list":
            _list_blocks(child, blocks)
        elif tag == "table":
            for row in child.iter("row"):
                cells = (_text_of(cell) for cell in row.iterchildren("cell"))
                _add_block(blocks, " | ".join(cell for cell in cells if cell), "paragraph")
        elif tag in CONTAINER_TAGS and any(sub.tag in BLOCK_TAGS for sub in child):
            _collect_blocks(child, blocks)
        else:
            _add_block(blocks, _text_of(child), "paragraph")
        _add_block(blocks, _loose_text(child.tail), "paragraph")


def _loose_text(text: str | None) -> str:
    return BLANK_LINES.sub("\n", WHITESPACE.sub(" ", text)).strip() if text else ""


def _list_blocks(element: _Element, blocks: list[Block]) -> None:
    """One block per list item; a nested list's items follow their parent item's own text."""
    for item in element.iterchildren("item"):
        _add_block(blocks, _text_of(item, skip="list"), "paragraph")
        for sublist in item.iterchildren("list"):
            _list_blocks(sublist, blocks)


CONTAINER_TAGS = frozenset({"quote", "div"})
BLOCK_TAGS = frozenset({"p", "head", "list", "table", "quote", "div"})


def _add_block(blocks: list[Block], text: str, kind: ParagraphKind) -> None:
    if text:
        blocks.append(Block(text, kind))


def _text_of(element: _Element, skip: str = "") -> str:
    """Visible text of an output element: line breaks kept, other whitespace collapsed;
    children tagged ``skip`` (a nested list) are left out."""
    pieces: list[str] = []
    _gather_text(element, skip, pieces)
    return _loose_text("".join(pieces))


def _gather_text(node: _Element, skip: str, pieces: list[str]) -> None:
    if node.tag == "lb":
        pieces.append("\n")
    elif node.text:
        pieces.append(node.text)
    for child in node:
        if child.tag != skip:
            # a block nested in this one (a heading or paragraph inside an item or a cell)
            # is a line of its own, not glued to the words around it
            nested = child.tag in NESTED_BLOCK_TAGS
            if nested:
                pieces.append("\n")
            _gather_text(child, skip, pieces)
            if nested:
                pieces.append("\n")
        if child.tail:
            pieces.append(child.tail)


NESTED_BLOCK_TAGS = frozenset({"p", "head", "list", "item", "quote", "table", "row", "div"})


__all__ = [
    "article_blocks",
    "extract_html",
    "link_texts",
    "located_removals",
    "parse_html",
    "strip_elements",
    "unwrap_deep_elements",
]
