"""Small protocols for the models Counterpoint uses, so another model can be plugged in.

Each has a real packaged model as its default implementation; tests may pass fakes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal, Protocol

if TYPE_CHECKING:
    import numpy

Judgement = Literal["contradiction", "entailment", "neutral"]


class EntityTagger(Protocol):
    """Named-entity recognition over raw texts.

    ``tag`` returns, for each text, its named mentions as ``(start, end, label)`` with ``str``
    offsets into that text (end exclusive) and spaCy's English label scheme (``PERSON``,
    ``ORG``, ``GPE``, ``NORP``, ``LOC``, ``FAC``, ...), so the alias resolution downstream works
    the same whatever model found the mentions (e.g. an Arabic NER model).
    """

    def tag(self, texts: list[str]) -> list[list[tuple[int, int, str]]]: ...


class Embedder(Protocol):
    """Sentence or passage embeddings for similarity search.

    ``encode`` returns one row per text, as a 2-D float array of shape ``(len(texts), dim)``
    whose rows are unit-normalised, so a dot product is the cosine similarity. ``name`` says
    the model and its version: stored vectors are keyed by it, so a new model embeds anew.
    """

    name: str

    def encode(self, texts: list[str]) -> numpy.ndarray: ...


class Contradiction(Protocol):
    """Natural-language inference between two statements.

    ``judge`` says whether ``hypothesis`` contradicts, follows from (entailment) or is
    unrelated to (neutral) ``premise``, with the model's confidence in that answer in [0, 1].
    """

    def judge(self, premise: str, hypothesis: str) -> tuple[Judgement, float]: ...
