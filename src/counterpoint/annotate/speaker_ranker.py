"""A learned choice among the people a direct or mixed quote may be said by, the speaker rules'
choice one of its features.

The candidates are the names, organisations, places and role nouns ("the spokesman") named
outside quote marks in the quote's paragraph and the two before it, and the rules' speaker.
Each gets general features (kind of mention, distance to the quote in tokens, sentences and
paragraphs, subject of a speech verb of ``data/quote_cues.json``, being the rules' choice); a
logistic regression (``data/speaker_ranker.json``, fitted by ``bench/train_quote_speakers.py``
on speakers given by rules that had not seen the text) scores them, and the best one speaks.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING, Any

from counterpoint.annotate import quote_speakers
from counterpoint.annotate.quote_marks import quoted_spans
from counterpoint.lexicon import table
from counterpoint.model import Article, Quote

if TYPE_CHECKING:
    from spacy.tokens import Doc

WINDOW_PARAGRAPHS = 2
FAR = 200  # tokens: a candidate with no mention on that side of the quote
RANKED_TYPES = {"direct", "mixed"}
ENTITY_KINDS = {"PERSON": "person", "ORG": "org", "GPE": "place", "NORP": "place"}
KINDS = ("person", "org", "place", "role", "unseen")
# The features of a candidate's mentions; ``rule_choice`` comes last.
MENTION_FEATURES = (
    "in_previous_sentence",
    "subject_in_previous_sentence",
    *(f"kind_{kind}" for kind in KINDS),
    "mentions_in_window",
    "mentions_in_article",
    "tokens_before",
    "tokens_after",
    "nearest_before",
    "in_quote_sentence",
    "sentences_away",
    "paragraphs_away",
    "speech_subject",
    "speech_subject_in_sentence",
    "clause_subject",
    "opens_paragraph",
    "named_inside_quote",
    "quote_opens_paragraph",
    "quote_mixed",
)
FEATURES = (*MENTION_FEATURES, "rule_choice")
# A candidate no mention in the window names (only the rules named it): no mention features.
UNSEEN = {
    "kind_unseen": 1.0,
    "tokens_before": math.log1p(FAR),
    "tokens_after": math.log1p(FAR),
    "sentences_away": 10.0,
    "paragraphs_away": 3.0,
}
WORD = re.compile(r"\w+")
DETERMINER = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)


@dataclass(slots=True)
class Seen:
    """One mention of a candidate outside quote marks; ``head`` is its head token's index."""

    start: int
    end: int
    kind: str
    head: int


@dataclass(slots=True)
class Candidate:
    name: str
    mentions: list[Seen] = field(default_factory=list)


def _words(name: str) -> list[str]:
    return WORD.findall(DETERMINER.sub("", name.strip().lower().replace("’", "'")))


def same_name(a: str | None, b: str | None) -> bool:
    """The same speaker named twice: the same last word (a surname), or one name inside the
    other ("Red Crescent" in "Libyan Red Crescent Society")."""
    first, second = _words(a or ""), _words(b or "")
    if not first or not second:
        return False
    if first[-1] == second[-1]:
        return True
    shorter, longer = sorted((first, second), key=len)
    size = len(shorter)
    return any(longer[i : i + size] == shorter for i in range(len(longer) - size + 1))


def _head_at(doc: Doc, start: int, end: int) -> int | None:
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    token = span.root
    while token.dep_ in {"compound", "flat"} and token.head.i != token.i:
        token = token.head
    return token.i


def article_mentions(
    article: Article, doc: Doc, speakers: quote_speakers.Speakers
) -> list[tuple[str, Seen]]:
    """Every person, organisation, place and role-noun mention outside quote marks, with the
    name it resolves to, in text order."""
    spans = quoted_spans(article.text, article.paragraphs)
    quoted = [(s.open_at, s.close_at + 1) for s in spans]

    def inside(at: int) -> bool:
        return any(lo <= at < hi for lo, hi in quoted)

    found: list[tuple[str, Seen]] = []
    covered: set[int] = set()
    for person in speakers.people:
        head = _head_at(doc, person.start, person.start + 1)  # "Doe" of "Jane Doe"
        if head is None or inside(person.start):
            continue
        end = doc[head].idx + len(doc[head])
        found.append((person.name, Seen(person.start, max(end, person.start + 1), "person", head)))
        covered.add(head)
    # The article's entities, else the parse's own (an article the pipeline did not tag).
    entities = [
        (e.start, e.end, e.label, e.canonical or article.text[e.start : e.end])
        for e in article.entities
    ] or [(e.start_char, e.end_char, e.label_, e.text) for e in doc.ents]
    for start, end, label, name in entities:
        kind = ENTITY_KINDS.get(label)
        if kind in (None, "person") or inside(start):
            continue
        head = _head_at(doc, start, end)
        if head is None or head in covered:
            continue
        found.append((name, Seen(start, end, kind or "org", head)))
        covered.add(head)
    for token in doc:
        if token.i in covered or not quote_speakers.is_person_noun(token) or inside(token.idx):
            continue
        mention = quote_speakers.mention_of(token, [])
        name = speakers.resolve(mention, mention.start)
        found.append((name, Seen(mention.start, mention.end, "role", token.i)))
    found.sort(key=lambda pair: pair[1].start)
    return found


def quote_candidates(
    article: Article, quote: Quote, mentions: list[tuple[str, Seen]]
) -> list[Candidate]:
    """The names mentioned in the quote's paragraph and the ``WINDOW_PARAGRAPHS`` before it,
    mentions of one name merged, the longest spelling kept."""
    paragraphs = article.paragraphs
    here = article.paragraph_at(quote.start)
    index = paragraphs.index(here) if here is not None else 0
    lo = paragraphs[max(0, index - WINDOW_PARAGRAPHS)].start if paragraphs else 0
    hi = here.end if here is not None else len(article.text)
    out: list[Candidate] = []
    for name, seen in mentions:
        if not lo <= seen.start < hi or quote.start <= seen.start < quote.end:
            continue
        candidate = next((c for c in out if same_name(c.name, name)), None)
        if candidate is None:
            candidate = Candidate(name)
            out.append(candidate)
        elif len(name) > len(candidate.name):
            candidate.name = name
        candidate.mentions.append(seen)
    return out


def _log(value: float) -> float:
    return math.log1p(max(0.0, value))


def _speech_subject(doc: Doc, head: int) -> bool:
    token = doc[head]
    verbs = quote_speakers.cues().speech_verbs
    return token.dep_ in quote_speakers.SUBJECT_DEPS and token.head.lemma_.lower() in verbs


def mention_rows(
    article: Article,
    doc: Doc,
    quote: Quote,
    candidates: list[Candidate],
    mentions: list[tuple[str, Seen]],
) -> list[list[float]]:
    """Each candidate's ``MENTION_FEATURES``."""
    first = _head_at(doc, quote.start, quote.start + 1)
    last = _head_at(doc, max(quote.start, quote.end - 1), quote.end)
    q_lo = first if first is not None else 0
    q_hi = last if last is not None else q_lo
    sentences = article.sentences
    opening = article.sentence_at(quote.start)
    closing = article.sentence_at(max(quote.start, quote.end - 1))
    s_lo = opening.start if opening else quote.start
    s_hi = closing.end if closing else quote.end
    own = next((i for i, s in enumerate(sentences) if s.start <= quote.start < s.end), None)
    previous = sentences[own - 1] if own else None
    paragraphs = article.paragraphs
    here = article.paragraph_at(quote.start)
    p_index = paragraphs.index(here) if here is not None else 0
    quote_text = article.text[quote.start : quote.end]
    nearest = max(
        (s.start for c in candidates for s in c.mentions if s.start < quote.start), default=None
    )
    counts: Counter[int] = Counter()
    for name, _seen in mentions:
        for index, candidate in enumerate(candidates):
            if same_name(candidate.name, name):
                counts[index] += 1

    def sentence_index(at: int) -> int | None:
        return next((i for i, s in enumerate(sentences) if s.start <= at < s.end), None)

    def opens_paragraph(at: int) -> bool:
        paragraph = article.paragraph_at(at)
        return paragraph is not None and at - paragraph.start < 3

    subject_deps = quote_speakers.SUBJECT_DEPS
    rows = []
    for index, candidate in enumerate(candidates):
        seen = candidate.mentions
        before = [q_lo - s.head for s in seen if s.head < q_lo]
        after = [s.head - q_hi for s in seen if s.head > q_hi]
        kinds = Counter(s.kind for s in seen)
        kind = kinds.most_common(1)[0][0] if kinds else "unseen"
        sentence_gaps = [
            abs(own - at)
            for s in seen
            if own is not None and (at := sentence_index(s.start)) is not None
        ]
        paragraph_gaps = [
            abs(p_index - paragraphs.index(p))
            for s in seen
            if (p := article.paragraph_at(s.start)) is not None
        ]
        surname = candidate.name.split()[-1] if candidate.name.split() else ""
        in_previous = [s for s in seen if previous and previous.start <= s.start < previous.end]
        values: dict[str, float | bool] = {
            "in_previous_sentence": bool(in_previous),
            "subject_in_previous_sentence": any(
                doc[s.head].dep_ in subject_deps for s in in_previous
            ),
            **{f"kind_{k}": kind == k for k in KINDS},
            "mentions_in_window": _log(len(seen)),
            "mentions_in_article": _log(counts[index]),
            "tokens_before": _log(min(before, default=FAR)),
            "tokens_after": _log(min(after, default=FAR)),
            "nearest_before": any(s.start == nearest for s in seen),
            "in_quote_sentence": any(s_lo <= s.start < s_hi for s in seen),
            "sentences_away": min(min(sentence_gaps, default=10), 10),
            "paragraphs_away": min(paragraph_gaps, default=3),
            "speech_subject": any(_speech_subject(doc, s.head) for s in seen),
            "speech_subject_in_sentence": any(
                s_lo <= s.start < s_hi and _speech_subject(doc, s.head) for s in seen
            ),
            "clause_subject": any(doc[s.head].dep_ in subject_deps for s in seen),
            "opens_paragraph": any(opens_paragraph(s.start) for s in seen),
            "named_inside_quote": bool(surname) and surname in quote_text,
            "quote_opens_paragraph": here is not None and quote.start - here.start < 3,
            "quote_mixed": quote.type == "mixed",
        }
        rows.append([float(values[name]) for name in MENTION_FEATURES])
    return rows


def with_rule(
    names: list[str], rows: list[list[float]], rule: str | None
) -> tuple[list[str], list[list[float]]]:
    """The candidates with the rules' speaker among them (added without mentions when none
    names it) and the ``rule_choice`` feature appended."""
    names, rows = list(names), [list(row) for row in rows]
    if rule and not any(same_name(name, rule) for name in names):
        names.append(rule)
        rows.append([UNSEEN.get(feature, 0.0) for feature in MENTION_FEATURES])
    for name, row in zip(names, rows, strict=True):
        row.append(float(bool(rule) and same_name(name, rule)))
    return names, rows


@dataclass(frozen=True, slots=True)
class RankerModel:
    """A logistic regression over standardised ``features``; a candidate replaces the rules'
    own only when it scores ``margin`` (log-odds) above it."""

    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    margin: float = 0.0

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> RankerModel:
        return cls(
            tuple(data["features"]),
            tuple(data["mean"]),
            tuple(data["scale"]),
            tuple(data["weights"]),
            float(data["bias"]),
            float(data.get("margin", 0.0)),
        )

    def score(self, row: list[float]) -> float:
        total = self.bias
        for value, mean, scale, weight in zip(
            row, self.mean, self.scale, self.weights, strict=True
        ):
            total += weight * (value - mean) / scale
        return total

    def choose(self, rows: list[list[float]]) -> int | None:
        """The index of the best candidate (rows as :func:`with_rule` gives them); ``None``
        when there is none."""
        if not rows:
            return None
        scores = [self.score(row) for row in rows]
        best = max(range(len(rows)), key=lambda i: scores[i])
        ruled = [i for i, row in enumerate(rows) if row[-1]]
        if ruled and scores[best] - max(scores[i] for i in ruled) < self.margin:
            return ruled[0]
        return best


@cache
def packaged_model() -> RankerModel:
    model = RankerModel.from_json(table("speaker_ranker"))
    if model.features != FEATURES:
        raise ValueError("data/speaker_ranker.json was fitted on other features; retrain it")
    return model


def rerank(
    article: Article, doc: Doc, quotes: list[Quote], model: RankerModel | None = None
) -> None:
    """Gives each direct or mixed quote the best-scored candidate as its speaker (the rules'
    speaker one of them); a changed speaker's mention is the candidate's last one before the
    quote, else its first after."""
    model = model or packaged_model()
    speakers = quote_speakers.Speakers.build(article, doc)
    mentions = article_mentions(article, doc, speakers)
    for quote in quotes:
        if quote.type not in RANKED_TYPES:
            continue
        candidates = quote_candidates(article, quote, mentions)
        rows = mention_rows(article, doc, quote, candidates, mentions)
        names, rows = with_rule([c.name for c in candidates], rows, quote.speaker)
        best = model.choose(rows)
        if best is None or same_name(names[best], quote.speaker):
            continue
        quote.speaker = names[best]
        seen = candidates[best].mentions if best < len(candidates) else []
        before = [s for s in seen if s.start < quote.start]
        chosen = before[-1] if before else seen[0] if seen else None
        if chosen is not None:
            # The whole name, not its surname the tagger gave apart ("Jane Doe", "Doe").
            chosen = next(s for s in seen if s.head == chosen.head)
        quote.speaker_start = chosen.start if chosen else None
        quote.speaker_end = chosen.end if chosen else None
