"""Text that is already the article (a record's ``text`` field, a feed item's content): split
into paragraphs as given, with nothing dropped as a page's clutter.

Plain text is a paragraph a line, as exports write it, unless it is hard-wrapped (at a fixed
width, as in a page dump, or a sentence broken off and going on in lower case on the next
line: those lines are joined back); a Markdown heading line (``### Judge's ruling``) is a
heading without its marks. Each paragraph keeps its raw offsets when its text is verbatim.
Markup (a feed's ``content:encoded`` or ``description``) is a fragment, not a page: its block
elements are the paragraphs, its figure captions are read as captions.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree
from lxml.etree import ParserError, _Element

from counterpoint.extract.assemble import Block, Extraction
from counterpoint.extract.text_lines import Line, ends_sentence, split_lines
from counterpoint.model import ParagraphKind

MARKDOWN_HEADING = re.compile(r"#{1,6}[^\S\n]+(?=\S)")
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
    blocks: list[Block] = []
    groups: list[list[Line]] = []
    for line in split_lines(text):
        if groups and _goes_on(groups[-1][-1], line):
            groups[-1].append(line)
        else:
            groups.append([line])
    for first, last in ((group[0], group[-1]) for group in groups):
        if "\n" in text[first.start : last.end]:  # lines joined, so not verbatim
            blocks.append(Block(" ".join(text[first.start : last.end].split()), "paragraph"))
            continue
        heading = MARKDOWN_HEADING.match(first.text)
        start = first.start + (heading.end() if heading else 0)
        kind: ParagraphKind = "heading" if heading else "paragraph"
        blocks.append(Block(text[start : first.end], kind, start, first.end))
    return Extraction(body=blocks)


def _goes_on(previous: Line, line: Line) -> bool:
    """Whether ``line`` continues the sentence ``previous`` broke off at a line break."""
    return (
        not previous.blank_after
        and not line.bullet
        and not MARKDOWN_HEADING.match(previous.text)
        and not ends_sentence(previous.text)
        and line.text[:1].islower()
    )


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
