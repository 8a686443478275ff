"""Non-numeric contradiction: a rule implementation of the ``Contradiction`` protocol.

Two statements contradict when one clause of each says nearly the same thing about the same
subject and a predicate holds in one and not in the other: a negation governs it ("did not
attend", "never tried to", "failed to sign") or its opposite stands in its place ("skipped" for
attend, "denied" for confirm). Words and pairs are data (``data/contradiction/<lang>.json``):
the opposites, the words read as one predicate ("pursue" = "try", "truce" = "ceasefire"), the
negations, and hedges ("if", "would", "might", a question) that make the rule abstain. Two
clauses with different figures are left to the numeric conflicts. What the rule cannot see
(paraphrase without shared words, irony, positions summarised in other words) is what an NLI
model behind the same protocol would add: see docs/contradictions.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from counterpoint.annotate.interfaces import Judgement
from counterpoint.lexicon import table
from counterpoint.link import content_terms, stem

OVERLAP = 0.6  # shared share of the shorter clause's other terms
MIN_SHARED = 2  # other terms both clauses carry (the subject and the object at least)

_TOKEN = re.compile(r"(?:[A-Za-z]\.){2,}|[\w'’-]+|[,;:?—–()\"“”]")
_CLAUSE_BREAK = frozenset({",", ";", ":", "—", "–", "(", ")", '"', "“", "”"})
_CLAUSE_WORDS = frozenset({"but", "while", "whereas", "although", "though", "however"})
_NEGATED_CONTRACTION = re.compile(r"\w+n['’]t", re.IGNORECASE)
_FIRST_PERSON = frozenset({"i", "we", "he", "she", "they", "it", "i'm", "we're", "we've"})


@dataclass(frozen=True, slots=True)
class Opposition:
    """Why two statements contradict: ``predicate`` holds in one and not in the other; the
    ``a_*``/``b_*`` offsets are the predicate phrases in premise and hypothesis ("never
    tried", "pressures"), ``overlap`` the share of the rest both say."""

    predicate: str
    a_start: int
    a_end: int
    b_start: int
    b_end: int
    overlap: float


@dataclass(frozen=True, slots=True)
class _Lexicon:
    opposite_of: dict[str, frozenset[str]]  # negative stem -> the positive predicates
    name_of: dict[str, str]  # stem -> the predicate it names
    negations: frozenset[str]
    negating_verbs: frozenset[str]
    skipped: frozenset[str]
    hedges: frozenset[str]


def _forms(word: str) -> set[str]:
    """The stems of a word's inflections, so "skipped", "skips" and "skip" meet."""
    forms = {word, word + "s", word + "es", word + "ed", word + "d", word + "ing"}
    forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
    if word.endswith("y"):
        forms |= {word[:-1] + "ied", word[:-1] + "ies"}
    if word.endswith("e"):
        forms.add(word[:-1] + "ing")
    return {stem(form) for form in forms} | {form for form in forms}


@cache
def _lexicon(code: str = "en") -> _Lexicon:
    data = table(f"contradiction/{code}")
    name_of: dict[str, str] = {}
    for group in data["same"]:
        for word in group:
            for form in _forms(word):
                name_of.setdefault(form, group[0])
    for positive, _ in data["opposites"]:
        for form in _forms(positive):
            name_of.setdefault(form, positive)
    opposite_of: dict[str, set[str]] = {}
    for positive, negative in data["opposites"]:
        for form in _forms(negative):
            opposite_of.setdefault(form, set()).add(name_of.get(stem(positive), positive))
    return _Lexicon(
        opposite_of={k: frozenset(v) for k, v in opposite_of.items()},
        name_of=name_of,
        negations=frozenset(data["negations"]),
        negating_verbs=frozenset(f for w in data["negating_verbs"] for f in _forms(w)),
        skipped=frozenset(data["skipped_after_negation"]),
        hedges=frozenset(data["hedges"]),
    )


@dataclass(frozen=True, slots=True)
class _Token:
    word: str  # casefolded
    term: str | None  # the content term, synonyms named as one
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _Clause:
    tokens: tuple[_Token, ...]
    # predicate -> (phrase start, phrase end, index of the predicate token)
    asserted: dict[str, tuple[int, int, int]]
    denied: dict[str, tuple[int, int, int]]
    hedged: bool
    figures: frozenset[str]


def _term(word: str, lexicon: _Lexicon) -> str | None:
    terms = content_terms(word)
    if not terms:
        return None
    term = next(iter(terms))
    return lexicon.name_of.get(term, lexicon.name_of.get(word.casefold(), term))


@lru_cache(maxsize=1 << 16)
def _clauses_of(statement: str, code: str) -> tuple[_Clause, ...]:
    """The clauses of a statement, read once: a sentence is judged against many others."""
    return tuple(_clauses(statement, _lexicon(code)))


def _clauses(statement: str, lexicon: _Lexicon) -> list[_Clause]:
    clauses: list[list[_Token]] = [[]]
    for match in _TOKEN.finditer(statement):
        word = match.group().casefold()
        if word in _CLAUSE_BREAK or word in _CLAUSE_WORDS:
            clauses.append([])
            if word != "?":
                continue
        clauses[-1].append(_Token(word, _term(match.group(), lexicon), *match.span()))
    return [_read(tokens, lexicon) for tokens in clauses if tokens]


def _read(tokens: list[_Token], lexicon: _Lexicon) -> _Clause:
    asserted: dict[str, tuple[int, int, int]] = {}
    denied: dict[str, tuple[int, int, int]] = {}
    negation_start: int | None = None
    for i, token in enumerate(tokens):
        word = token.word
        two = f"{tokens[i - 1].word} {word}" if i else word
        if word in lexicon.negations or two in lexicon.negations:
            negation_start = token.start if negation_start is None else negation_start
            continue
        if _NEGATED_CONTRACTION.fullmatch(word):
            negation_start = token.start if negation_start is None else negation_start
            continue
        if (
            (word in lexicon.negating_verbs or stem(word) in lexicon.negating_verbs)
            and i + 1 < len(tokens)
            and tokens[i + 1].word == "to"
        ):
            negation_start = token.start if negation_start is None else negation_start
            continue
        if token.term is None or word in lexicon.skipped:
            continue
        opposites = lexicon.opposite_of.get(stem(word)) or lexicon.opposite_of.get(word)
        if negation_start is not None:
            # "did not reject" is no "accepted": a negated opposite says nothing here.
            if not opposites:
                denied.setdefault(token.term, (negation_start, token.end, i))
            negation_start = None
            continue
        for positive in opposites or ():
            denied.setdefault(positive, (token.start, token.end, i))
        if not opposites:
            asserted.setdefault(token.term, (token.start, token.end, i))
    return _Clause(
        tokens=tuple(tokens),
        asserted=asserted,
        denied=denied,
        hedged=any(t.word in lexicon.hedges for t in tokens),
        figures=frozenset(t.word for t in tokens if any(c.isdigit() for c in t.word)),
    )


def _others(clause: _Clause, predicate_index: int) -> tuple[frozenset[str], frozenset[str]]:
    """The clause's subject terms (before its predicate) and all its other content terms."""
    subject = frozenset(
        t.term for t in clause.tokens[:predicate_index] if t.term and t.word not in _FIRST_PERSON
    )
    rest = frozenset(t.term for k, t in enumerate(clause.tokens) if t.term and k != predicate_index)
    return subject, rest


def _opposed(a: _Clause, b: _Clause) -> Opposition | None:
    if a.hedged or b.hedged or (a.figures and b.figures and a.figures != b.figures):
        return None
    for denying, asserting, flipped in ((a, b, False), (b, a, True)):
        for predicate, (start, end, index) in denying.denied.items():
            if predicate not in asserting.asserted:
                continue
            other_start, other_end, other_index = asserting.asserted[predicate]
            subject, rest = _others(denying, index)
            other_subject, other_rest = _others(asserting, other_index)
            # Both name a subject: it must be the same ("Hamas skipped" / "Israel attended").
            if subject and other_subject and not subject & other_subject:
                continue
            smaller = min(len(rest), len(other_rest))
            shared = len(rest & other_rest)
            if shared < MIN_SHARED or shared / max(smaller, 1) < OVERLAP:
                continue
            overlap = shared / smaller
            if flipped:
                return Opposition(predicate, other_start, other_end, start, end, overlap)
            return Opposition(predicate, start, end, other_start, other_end, overlap)
    return None


def opposition(premise: str, hypothesis: str, code: str = "en") -> Opposition | None:
    """The best-supported predicate one statement asserts and the other denies, if any."""
    found = [
        o
        for a in _clauses_of(premise, code)
        for b in _clauses_of(hypothesis, code)
        if (o := _opposed(a, b)) is not None
    ]
    return max(found, key=lambda o: o.overlap, default=None)


class RuleContradiction:
    """A predicate asserted in one statement and negated (or replaced by its opposite) in
    the other, about the same subject and nearly the same rest; abstains ("neutral")
    otherwise, and on hedged or conditional clauses."""

    name = "rule-opposites-v2"

    def judge(self, premise: str, hypothesis: str) -> tuple[Judgement, float]:
        found = opposition(premise, hypothesis)
        if found is None:
            return "neutral", 0.0
        return "contradiction", found.overlap

    def explain(self, premise: str, hypothesis: str) -> Opposition | None:
        return opposition(premise, hypothesis)
