"""Entities on the seed pages: the gold speakers are found as canonical actors."""

from __future__ import annotations

import re

from counterpoint.annotate.entity_aliases import alias_key
from evaluation.seeds import seeds

from ..integration.test_entities import _entities

KEPT_ZONES = {"body", "headline", "standfirst", "section_heading"}
_FUNCTION_WORDS = {"of", "for", "the", "and", "on", "in"}


def _gold_named_speakers(gold: dict) -> dict[str, set[str]]:
    """Gold speakers named by a proper name in a kept zone, with the mentions they are
    quoted under."""
    named: dict[str, set[str]] = {}
    for quote in gold["quotes"]:
        speaker, mention = quote.get("speaker"), quote.get("speaker_mention")
        if quote["zone"] not in KEPT_ZONES or not speaker or not mention:
            continue
        for name in re.sub(r"\s*\(.*?\)", "", speaker).split(";"):
            words = [w for w in name.split() if w not in _FUNCTION_WORDS]
            if words and all(w[0].isupper() for w in words):
                named.setdefault(name.strip(), set()).add(mention)
    return named


def test_seed_gold_speakers_are_found_as_canonical_actors() -> None:
    found_total = named_total = 0
    for seed in seeds():
        article = seed.gold_article()
        canonical = {alias_key(e.canonical) for e in _entities(article)}
        named = _gold_named_speakers(seed.gold)
        # Right when the resolved name or one of its mentions (minus a leading "the") is a
        # canonical actor, as the gold README scores speakers.
        missed = sorted(
            name
            for name, mentions in named.items()
            if not {alias_key(name), *map(alias_key, mentions)} & canonical
        )
        print(
            f"{seed.name}: {len(named) - len(missed)}/{len(named)} named speakers, missed {missed}"
        )
        found_total += len(named) - len(missed)
        named_total += len(named)
    print(f"named gold speakers found as canonical actors: {found_total}/{named_total}")
    assert named_total >= 20
    assert found_total / named_total >= 0.9
