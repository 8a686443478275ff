"""Text that is already the article (a record's ``text`` field, a feed item's content): split
into paragraphs as given, with nothing dropped as a page's clutter.

Plain text is split at blank lines, or at every line break when it has no blank line (one
paragraph a line, as many exports write it); each paragraph keeps its raw offsets when its
text is verbatim. Markup (a feed's ``content:encoded`` or ``description``) is a fragment, not
a page: its block elements are the paragraphs, its figure captions are read as captions.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree
from lxml.etree import ParserError, _Element

from counterpoint.extract.assemble import Block, Extraction
from counterpoint.model import ParagraphKind

BLANK_LINE = re.compile(r"\n[^\S\n]*\n\s*")
LINE_BREAK = re.compile(r"\n\s*")
# Elements whose text is never part of what a reader sees.
HIDDEN_TAGS = ("script", "style", "noscript", "template", "iframe", "object", "svg")
HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
BLOCK_TAGS = frozenset(
    {"p", "div", "li", "blockquote", "pre", "tr", "dd", "dt", "section", "article", "figure"}
    | HEADING_TAGS
)
# Paragraph boundaries within the flattened fragment (a control character no text holds).
BOUNDARY = "\x1e"
HEADING_MARK = "\x1f"


def paragraphs_of_text(text: str) -> Extraction:
    """The paragraphs of plain article text, each with its offsets in ``text``."""
    separator = BLANK_LINE if BLANK_LINE.search(text.strip()) else LINE_BREAK
    blocks: list[Block] = []
    start = 0
    for match in [*separator.finditer(text), None]:
        end = match.start() if match else len(text)
        _add_paragraph(blocks, text, start, end)
        if match:
            start = match.end()
    return Extraction(body=blocks)


def paragraphs_of_markup(html: str) -> Extraction:
    """The paragraphs of an HTML fragment that is the article's body (no page around it)."""
    try:
        root = lxml.html.fragment_fromstring(html, create_parent="div")
    except (ParserError, ValueError):
        return Extraction()
    for hidden in root.iter(*HIDDEN_TAGS):
        hidden.drop_tree()
    captions = [_squash(c.text_content()) for c in root.iter("figcaption")]
    for caption in list(root.iter("figcaption")):
        caption.drop_tree()
    flat = _flatten(root)
    blocks: list[Block] = []
    for piece in flat.split(BOUNDARY):
        kind: ParagraphKind = "heading" if HEADING_MARK in piece else "paragraph"
        text = _squash(piece.replace(HEADING_MARK, " "))
        if text:
            blocks.append(Block(text, kind))
    return Extraction(body=blocks, captions=[c for c in captions if c])


def _add_paragraph(blocks: list[Block], text: str, start: int, end: int) -> None:
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return
    raw_start = start + piece.index(stripped[0])
    if "\n" in stripped:  # a hard-wrapped paragraph: its lines joined, so not verbatim
        blocks.append(Block(" ".join(stripped.split()), "paragraph"))
    else:
        blocks.append(Block(stripped, "paragraph", raw_start, raw_start + len(stripped)))


def _flatten(root: _Element) -> str:
    """The fragment's text with a BOUNDARY between blocks and each heading's text marked
    (walked without recursion, so nesting depth costs no stack)."""
    pieces: list[str] = []
    for event, element in etree.iterwalk(root, events=("start", "end")):
        tag = element.tag if isinstance(element.tag, str) else None  # None: a comment
        if event == "start":
            if tag in BLOCK_TAGS or tag == "br":
                pieces.append(BOUNDARY)
            if tag in HEADING_TAGS:
                pieces.append(HEADING_MARK)
            if tag and element.text:
                pieces.append(element.text)
            continue
        if tag in BLOCK_TAGS:
            pieces.append(BOUNDARY)
        if element is not root and element.tail:
            pieces.append(element.tail)
    return "".join(pieces)


def _squash(text: str) -> str:
    return " ".join(text.split())
