"""The five seed pages and their gold annotations (``../shared/data``), for tests and benches.

Gold offsets are ``str`` indices into the seed file as decoded UTF-8; our spans are offsets
into an article's cleaned text, mapped back with :meth:`Article.raw_offset`.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

from counterpoint.extract.assemble import Block, assemble
from counterpoint.model import Article, ParagraphKind, stable_id


def shared_dir() -> Path:
    """``$COUNTERPOINT_SHARED`` or the ``shared/`` folder beside the repository."""
    if "COUNTERPOINT_SHARED" in os.environ:
        return Path(os.environ["COUNTERPOINT_SHARED"])
    return Path(__file__).resolve().parents[3] / "shared"


@dataclass(frozen=True)
class Seed:
    name: str  # e.g. "000_678875eedfc1e651"

    @property
    def path(self) -> Path:
        return shared_dir() / "data" / "seeds" / f"{self.name}.txt"

    @cached_property
    def raw(self) -> str:
        return self.path.read_bytes().decode("utf-8")

    @cached_property
    def body(self) -> dict[str, Any]:
        return _load(shared_dir() / "data" / "seeds-gold" / f"{self.name}.body.json")

    @cached_property
    def gold(self) -> dict[str, Any]:
        return _load(shared_dir() / "data" / "seeds-gold" / f"{self.name}.gold.json")

    def line_offsets(self) -> list[int]:
        """Start offset of each line (index 0 = line 1)."""
        starts = [0]
        for i, char in enumerate(self.raw):
            if char == "\n":
                starts.append(i + 1)
        return starts

    def gold_article(self) -> Article:
        """The article as the gold cleaner would produce it: title, dek, body lines verbatim,
        each block mapped to its raw offsets. Lets annotators be scored apart from cleaning."""
        blocks: list[Block] = []
        title = self.body["title"]
        start = self.gold["metadata"].get("title_start")
        if start is None:
            start = self.raw.find(title)
        blocks.append(Block(title, "title", start, start + len(title)))
        subtitle = self.body.get("subtitle")
        if subtitle:
            start = self.raw.find(subtitle)
            blocks.append(Block(subtitle, "subtitle", start, start + len(subtitle)))
        headings = set(self.gold["metadata"].get("section_headings") or [])
        line_starts = self.line_offsets()
        for line_no, text in zip(self.body["body_lines"], self.body["body"], strict=True):
            line_start = line_starts[line_no - 1]
            start = self.raw.index(text, line_start)
            kind: ParagraphKind = "heading" if text in headings else "paragraph"
            blocks.append(Block(text, kind, start, start + len(text)))
        text, paragraphs = assemble(blocks)
        metadata = self.gold["metadata"]
        return Article(
            id=stable_id("seed", self.name),
            source=str(self.path),
            text=text,
            paragraphs=paragraphs,
            title=title,
            subtitle=subtitle,
            outlet=metadata.get("outlet"),
            language="en",
        )


def seeds() -> list[Seed]:
    folder = shared_dir() / "data" / "seeds"
    return [Seed(p.stem) for p in sorted(folder.glob("*.txt"))]


def _load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data
