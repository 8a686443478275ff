"""Non-numeric contradiction: a rule implementation of the ``Contradiction`` protocol.

Two statements contradict when, once negation words are set aside and antonyms mapped to one
side, they say nearly the same thing (content-term overlap >= ``OVERLAP``) with opposite
polarity. Conditions ("only if", "unless") and hedges make the rule abstain. It is deliberately
narrow: an NLI model can replace it behind the same protocol.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from counterpoint.annotate.interfaces import Judgement
from counterpoint.lexicon import language
from counterpoint.link import content_terms, stem

OVERLAP = 0.7
MIN_TERMS = 4

_NEGATIONS = frozenset({"not", "no", "never", "none", "nobody", "nothing", "neither", "nor"})
_NEGATED_CONTRACTION = re.compile(r"\b\w+n['’]t\b", re.IGNORECASE)
_CONDITION = re.compile(r"\b(if|unless|only|provided|would|could|might|may)\b", re.IGNORECASE)
# Pairs of opposite predicates (``antonyms`` in data/languages/en.json), as stems; the second
# of each pair is read as "not first".
_ANTONYMS = {stem(b): stem(a) for a, b in language("en")["antonyms"]}


@dataclass(frozen=True, slots=True)
class _Reading:
    terms: frozenset[str]
    negative: bool
    conditional: bool


def _read(statement: str) -> _Reading:
    words = [w.casefold() for w in re.findall(r"[\w'’]+", statement)]
    negations = sum(w in _NEGATIONS for w in words) + len(_NEGATED_CONTRACTION.findall(statement))
    terms = set()
    for term in content_terms(statement):
        if term in _ANTONYMS:
            terms.add(_ANTONYMS[term])
            negations += 1
        else:
            terms.add(term)
    return _Reading(
        terms=frozenset(terms - _NEGATIONS),
        negative=negations % 2 == 1,
        conditional=bool(_CONDITION.search(statement)),
    )


class RuleContradiction:
    """Polarity flip over near-identical content; abstains ("neutral") otherwise."""

    name = "rule-polarity-v1"

    def judge(self, premise: str, hypothesis: str) -> tuple[Judgement, float]:
        p, h = _read(premise), _read(hypothesis)
        smaller = min(len(p.terms), len(h.terms))
        if smaller < MIN_TERMS or p.conditional or h.conditional:
            return "neutral", 0.0
        overlap = len(p.terms & h.terms) / smaller
        if overlap < OVERLAP:
            return "neutral", 0.0
        if p.negative != h.negative:
            return "contradiction", overlap
        return "entailment", overlap
