"""Non-numeric contradiction: a rule implementation of the ``Contradiction`` protocol.

Two statements contradict when, once negation words are set aside and antonyms mapped to one
side, they say nearly the same thing (content-term overlap >= ``OVERLAP``) with opposite
polarity: a negation ("not", "never", an antonym) governs a predicate the other statement
asserts without one. Conditions ("only
if", "unless") and hedges make the rule abstain. It is deliberately narrow: an NLI model can
replace it behind the same protocol.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from counterpoint.annotate.interfaces import Judgement
from counterpoint.lexicon import language
from counterpoint.link import content_terms, stem

OVERLAP = 0.7
MIN_TERMS = 4

# Verbal negation only: "no"/"none" negate a noun phrase ("there was no case"), which says
# little about a predicate.
_NEGATIONS = frozenset({"not", "never"})
_NEGATED_CONTRACTION = re.compile(r"\b\w+n['’]t\b", re.IGNORECASE)
_CONDITION = re.compile(r"\b(if|unless|only|provided|would|could|might|may)\b", re.IGNORECASE)
# Pairs of opposite predicates (``antonyms`` in data/languages/en.json), as stems; the second
# of each pair is read as "not first".
_ANTONYMS: dict[str, frozenset[str]] = {}
for _positive, _negative in language("en")["antonyms"]:
    _ANTONYMS[stem(_negative)] = _ANTONYMS.get(stem(_negative), frozenset()) | {stem(_positive)}


@dataclass(frozen=True, slots=True)
class _Reading:
    terms: frozenset[str]
    conditional: bool
    # The predicates a negation governs: the first content word after "not"/"never", or an
    # antonym's positive side ("denied" -> confirm).
    negated: frozenset[str]


def _read(statement: str) -> _Reading:
    words = re.findall(r"[\w'’]+", statement)
    negated: set[str] = set()
    for i, word in enumerate(words):
        if word.casefold() in _NEGATIONS or _NEGATED_CONTRACTION.fullmatch(word):
            governed = next((t for w in words[i + 1 :] for t in sorted(content_terms(w))), None)
            if governed:
                negated.add(governed)
    terms: set[str] = set()
    for term in content_terms(statement):
        if term in _ANTONYMS:
            terms |= _ANTONYMS[term]
            negated |= _ANTONYMS[term]
        else:
            terms.add(term)
    return _Reading(
        terms=frozenset(terms - _NEGATIONS),
        conditional=bool(_CONDITION.search(statement)),
        negated=frozenset(negated),
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
        # One statement negates a predicate the other asserts ("did not attend" /
        # "attended"); both negating it ("did not intend" / "never intended") agree.
        if (p.negated - h.negated) & h.terms or (h.negated - p.negated) & p.terms:
            return "contradiction", overlap
        return "entailment", overlap
