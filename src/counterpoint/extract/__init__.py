"""Extract: a RawDocument to an Article with one cleaned text, its paragraphs, its metadata and
the audit trail of what the cleaner removed.

Text that is already the article (``RawDocument.article_text``: a record's ``text`` field, a
feed item's content) is split into its paragraphs by :mod:`counterpoint.extract.article_text`;
an HTML page goes to :func:`counterpoint.extract.html.extract_html`; a plain-text page dump to
:func:`counterpoint.extract.text.extract_dump`. Fields the container states
(``RawDocument.given``) win over extracted ones. The extractors' thresholds are one
:class:`~counterpoint.extract.options.ExtractOptions`, passed down from here.
"""

from __future__ import annotations

import typing
from datetime import datetime
from typing import Any

from counterpoint.datetimes import parse_published
from counterpoint.extract.assemble import Block, Extraction, assemble, normalise
from counterpoint.extract.html_meta import text_of_markup
from counterpoint.extract.options import DEFAULT_OPTIONS, ExtractOptions
from counterpoint.extract.syndication import find_wire_dateline, is_own_wire
from counterpoint.model import (
    Article,
    Metadata,
    Paragraph,
    ParagraphKind,
    Problem,
    RawDocument,
    metadata_of,
)

# How many body paragraphs from the top a wire dateline may open (a dek or a caption can
# come first).
WIRE_DATELINE_PARAGRAPHS = 3
# Bump when extraction output changes, so stored articles are recomputed.
EXTRACT_VERSION = "9"


def extract(raw: RawDocument, options: ExtractOptions = DEFAULT_OPTIONS) -> Article:
    """The cleaned article of one raw document. Raises ``ValueError`` when nothing is left."""
    extraction = _extraction(raw, options)
    given_title = text_of_markup(raw.given.get("title") or "")
    text, paragraphs = assemble(_blocks_with_title(extraction, given_title))
    if not text:
        raise ValueError("no article text found")
    given = metadata_of(_given_metadata(raw.given))
    found = metadata_of(extraction)
    stated = {name: given[name] or found[name] for name in found}
    if not stated["original_publisher"]:
        stated["original_publisher"] = _wire_credit(text, paragraphs, stated)
    return Article(
        id=raw.id,
        source=raw.source,
        text=text,
        record_key=raw.record_key,
        content_hash=raw.content_hash,
        title=_first_of_kind(text, paragraphs, "title"),
        subtitle=_first_of_kind(text, paragraphs, "subtitle"),
        paragraphs=paragraphs,
        removed=list(extraction.removed),
        versions={"extract": EXTRACT_VERSION},
        **stated,
    )


def _given_metadata(given: dict[str, str]) -> Metadata:
    """The metadata a container states (``RawDocument.given``): its words for each text
    field (markup in a record's or a feed's field reduced to its text, as in a meta tag), its
    date read by :func:`parse_published`."""
    hints = typing.get_type_hints(Metadata)
    values: dict[str, Any] = {}
    for name, value in given.items():
        if name not in hints or not value:
            continue
        if hints[name] == str | None:
            values[name] = " ".join(text_of_markup(value).split()) or None
        elif hints[name] == datetime | None:
            values[name] = parse_published(value)
    return Metadata(**values)


def extract_batch(
    raws: list[RawDocument], options: ExtractOptions = DEFAULT_OPTIONS
) -> list[Article | Problem]:
    """:func:`extract` over a batch, in order; a document it refuses becomes a Problem."""
    results: list[Article | Problem] = []
    for raw in raws:
        try:
            results.append(extract(raw, options))
        except ValueError as error:  # how extract refuses bad input (fuzz/ holds it to that)
            message = f"{type(error).__name__}: {error}"
            results.append(Problem(raw.source, "extract", message, raw.record_key))
    return results


def _extraction(raw: RawDocument, options: ExtractOptions) -> Extraction:
    if raw.article_text:
        from counterpoint.extract.article_text import paragraphs_of_markup, paragraphs_of_text

        if raw.media_type == "text/html":
            return paragraphs_of_markup(raw.content)
        return paragraphs_of_text(raw.content)
    if raw.media_type == "text/html":
        from counterpoint.extract.html import extract_html

        return extract_html(raw.content, raw.given.get("url"), options)
    from counterpoint.extract.text import extract_dump

    return extract_dump(raw.content, options=options)


def _wire_credit(text: str, paragraphs: list[Paragraph], stated: dict[str, Any]) -> str | None:
    """The news agency a wire dateline in the first paragraphs credits, unless it is the
    page's own outlet."""
    body = [p for p in paragraphs if p.kind == "paragraph"][:WIRE_DATELINE_PARAGRAPHS]
    for paragraph in body:
        agency = find_wire_dateline(text[paragraph.start : paragraph.end])
        if agency:
            return None if is_own_wire(agency, stated["outlet"], stated["url"]) else agency
    return None


def _blocks_with_title(extraction: Extraction, given_title: str | None) -> list[Block]:
    """The extraction's blocks, headed by the given title when the container states one.

    The given title replaces a different extracted one; a first body block that repeats it
    becomes the title (keeping its raw mapping); otherwise it is put first, so the title is
    always part of the text the annotators read.
    """
    blocks = extraction.blocks()
    if not given_title or not given_title.strip():
        return blocks
    title = normalise(given_title.strip())
    if extraction.title is not None:
        if _same_words(extraction.title.text, title):
            return blocks
        return [Block(title, "title"), *(b for b in blocks if b is not extraction.title)]
    body = extraction.body
    if body and _same_words(body[0].text, title):
        first = body[0]
        promoted = Block(first.text, "title", first.raw_start, first.raw_end)
        subtitle = [extraction.subtitle] if extraction.subtitle is not None else []
        return [promoted, *subtitle, *body[1:]]
    return [Block(title, "title"), *blocks]


def _same_words(a: str, b: str) -> bool:
    return " ".join(normalise(a).split()).casefold() == " ".join(normalise(b).split()).casefold()


def _first_of_kind(text: str, paragraphs: list[Paragraph], kind: ParagraphKind) -> str | None:
    for paragraph in paragraphs:
        if paragraph.kind == kind:
            return text[paragraph.start : paragraph.end]
    return None
