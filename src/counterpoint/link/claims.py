"""Align quantities from different articles that speak of the same thing.

A quantity becomes a :class:`ClaimFeatures`: its value interval (bound applied), its role (an
*index*, "the sixth time", places one event in a series; a *count*, "four resolutions",
"four times", counts events or things), the counted head, the content terms of its sentence
(a light stemmer, no parse, so linking stays cheap at corpus scale), its entities, and its
time anchor: the sentence's own resolved date, else for an index the nearest preceding dated
sentence about the same action, else the publication date (a "so far" figure).

Alignment (block: one storyline or story, one kind family and unit; solve: the pairs inside)
records *why* two mentions are taken to be about the same thing (:class:`Reasons`); the
verdict on each pair is left to :mod:`counterpoint.compare.conflicts`.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, datetime
from functools import cache, lru_cache
from typing import Literal

from counterpoint.datetimes import period
from counterpoint.lexicon import language, table, words
from counterpoint.link.duplicates import voice
from counterpoint.model import (
    Article,
    Bound,
    Claim,
    ClaimMention,
    Quantity,
    Sentence,
    stable_id,
)

Role = Literal["index", "count", "measure"]
AnchorSource = Literal["sentence", "context", "published"]

COUNT_KINDS = frozenset({"cardinal", "ordinal", "multiplicative"})
# Heads that make a number count occurrences of the sentence's action ("the sixth time").
EVENT_HEADS = frozenset({"time", "occasion", "instance", "round"})
EVENT = "<event>"
# Clause boundaries inside a sentence: punctuation, coordination, subordinating conjunctions.
_CLAUSE_BREAK = re.compile(
    r"[,;:()\u2013\u2014]|\s(?:and|but|while|when|after|before|because|as|although|whereas)\s",
    re.IGNORECASE,
)
# "four of them": a subset of another figure, not a figure of its own.
_PARTITIVE = re.compile(r"\s+of\s+(?:them|those|these|whom|which)\b", re.IGNORECASE)
# "seven more bodies": an increment, not a total.
# A figure the sentence itself marks as an earlier one ("the toll, initially put at 12, rose"):
# it reports the past, so it neither confirms nor contradicts today's figure.
_SUPERSEDED = re.compile(
    r"\b(?:initially|originally|at first|previously)\b(?: \w+){0,3}\W*$", re.IGNORECASE
)
_INCREMENT = re.compile(r"\s*(?:more|additional|further|extra)\b", re.IGNORECASE)
CONTEXT_SENTENCES = 8  # how far back an index looks for the dated mention of its event
MIN_SHARED_TERMS = 2

_TOKEN = re.compile(r"[A-Za-z](?:\.[A-Za-z])+\.?|[\w'’-]+")
# Function words, weekdays and time units that say nothing about what a figure counts.
_STOPWORDS = frozenset(words("en", "claim_stopwords"))


@dataclass(frozen=True, slots=True)
class Anchor:
    """The time a figure refers to, as an inclusive day interval."""

    first: date
    last: date
    source: AnchorSource
    value: str

    def overlaps(self, other: Anchor) -> bool:
        return self.first <= other.last and other.first <= self.last

    def label(self) -> str:
        if self.first == self.last:
            return f"{self.first.day} {self.first:%b %Y}"
        if self.first.day == 1 and self.last.month == self.first.month:
            return f"{self.first:%b %Y}"
        return f"{self.first.isoformat()}..{self.last.isoformat()}"


@dataclass(frozen=True, slots=True)
class ClaimFeatures:
    """What alignment and classification know about one quantity mention."""

    article_id: str
    outlet: str | None
    voice: str
    published: date | None
    start: int
    end: int
    surface: str
    value: float
    low: float
    high: float
    bound: Bound
    kind: str
    unit: str | None
    role: Role
    head: str
    modifiers: frozenset[str]
    counted: str | None
    terms: frozenset[str]
    entities: frozenset[str]
    anchor: Anchor | None
    # Near-synonym group of what happened to the counted things or of the counted action
    # ("killed" ~ "dead": ``die``; "postponed" ~ "delayed": ``delay``), ``None`` if unknown.
    predicate: str | None = None
    # Entities inside the number's own phrase ("9 percent of Belmora's"): its scope.
    scope_entities: frozenset[str] = frozenset()
    # Sum of a tally's parts (for + against + abstentions): the size of the voting body.
    parts_total: float | None = None
    # Sum of this count and the coordinated counts of the same head ("four resolutions ... and
    # a resolution" = 5) when the sentence enumerates; ``None`` when it does not.
    enumerated_total: float | None = None


@dataclass(frozen=True, slots=True)
class Reasons:
    """Why two mentions are taken to speak of the same counted thing."""

    same_article: bool
    same_voice: bool
    same_head: bool
    # Both counted phrases qualify their head ("ceasefire resolutions", "UNRWA resolutions")
    # and share no qualifier: the same kind of thing, but not the same things.
    modifiers_differ: bool
    shared_terms: tuple[str, ...]
    shared_entities: tuple[str, ...]
    # Both articles belong to the same event story, not just the same storyline.
    same_story: bool = True


@dataclass(frozen=True, slots=True)
class AlignedPair:
    a: ClaimFeatures
    b: ClaimFeatures
    reasons: Reasons
    scope_id: str


@dataclass(frozen=True, slots=True)
class StemRules:
    """The suffix rules of :func:`stem` (``stemmer`` in ``data/languages/en.json``)."""

    possessive: str
    replacements: tuple[tuple[str, str], ...]
    suffixes: tuple[str, ...]
    kept_endings: tuple[str, ...]
    silent_ending: str


@cache
def stem_rules() -> StemRules:
    data = language("en")["stemmer"]
    return StemRules(
        possessive=data["possessive"],
        replacements=tuple((suffix, by) for suffix, by in data["replacements"]),
        suffixes=tuple(data["suffixes"]),
        kept_endings=tuple(data["kept_endings"]),
        silent_ending=data["silent_ending"],
    )


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light English stem: enough to match "vetoed"/"vetoes"/"veto" and "votes"/"voted".

    Claims are built from stored articles (text and spans, no parse), so spaCy's lemmas are
    not at hand here; the rules are data (:func:`stem_rules`).
    """
    rules = stem_rules()
    word = word.casefold().replace("’", "'").removesuffix(rules.possessive).replace("-", "")
    for suffix, replacement in rules.replacements:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            return word[: -len(suffix)] + replacement
    for suffix in rules.suffixes:
        if (
            word.endswith(suffix)
            and len(word) > len(suffix) + 2
            and not word.endswith(rules.kept_endings)
        ):
            word = word[: -len(suffix)]
            break
    return word.removesuffix(rules.silent_ending) if len(word) > 3 else word


_EVENT_HEAD_STEMS = frozenset(stem(word) for word in EVENT_HEADS)


@lru_cache(maxsize=100_000)
def content_terms(text: str) -> frozenset[str]:
    """Stems of the content words; acronyms ("US", "U.S.", "UNSC") keep their upper case."""
    terms = set()
    for token in _TOKEN.findall(text):
        bare = token.replace(".", "")
        if len(bare) >= 2 and bare.isupper() and bare.isalpha():
            terms.add(bare)
        elif token.casefold() not in _STOPWORDS and not any(ch.isdigit() for ch in token):
            stemmed = stem(token)
            if len(stemmed) > 2 and stemmed not in _STOPWORDS:
                terms.add(stemmed)
    return frozenset(terms)


def counted_head(counted: str | None) -> tuple[str, frozenset[str]]:
    """The head stem of a counted phrase (last content word before a preposition or clause)
    and its other content stems (the modifiers)."""
    if not counted:
        return "", frozenset()
    phrase = re.split(
        r"\b(?:of|on|in|at|for|from|by|to|with|that|which|who|since|during)\b", counted.casefold()
    )[0]
    words = [stem(w) for w in _TOKEN.findall(phrase) if w.casefold() not in _STOPWORDS]
    words = [w for w in words if not any(ch.isdigit() for ch in w)]
    if not words:
        tokens = _TOKEN.findall(counted.casefold())
        words = [stem(w) for w in tokens[-1:]]
    if not words:
        return "", frozenset()
    return words[-1], content_terms(counted) - {words[-1]}


def value_interval(quantity: Quantity) -> tuple[float, float]:
    """The values a quantity allows under its bound ("at least 30" allows 30..inf)."""
    value = float(quantity.value or 0.0)
    top = float(quantity.value_max) if quantity.value_max is not None else value
    inf = float("inf")
    if quantity.bound == "~":
        return value * 0.9, top * 1.1
    return {
        ">": (value, inf),
        ">=": (value, inf),
        "<": (-inf, value),
        "<=": (-inf, value),
    }.get(quantity.bound, (value, top))


def parse_anchor(value: str | None, source: AnchorSource) -> Anchor | None:
    """An :class:`Anchor` from a resolved ISO value: day, month, year or ``a/b`` interval."""
    if not value:
        return None
    days = period(value)
    if days is None:
        return None
    return Anchor(first=days[0], last=days[1], source=source, value=value)


def _published_day(article: Article) -> date | None:
    published = article.published
    return published.date() if isinstance(published, datetime) else None


def _dated_times(article: Article, sentence: Sentence) -> list[tuple[int, Anchor]]:
    """Point-like resolved times inside ``sentence`` with their offsets."""
    out = []
    for time in article.times:
        if sentence.start <= time.start < sentence.end and time.granularity not in {
            "range",
            "decade",
        }:
            anchor = parse_anchor(time.value, "sentence")
            if anchor is not None:
                out.append((time.start, anchor))
    return out


def _anchor(
    article: Article, quantity: Quantity, index: int, sentences: list[Sentence], role: Role
) -> Anchor | None:
    sentence = sentences[index]
    own = [
        (abs(offset - quantity.start), anchor)
        for offset, anchor in _dated_times(article, sentence)
        if not (quantity.start <= offset < quantity.end)
    ]
    if own:
        return min(own, key=lambda item: item[0])[1]
    if role == "index":
        # "This is the fourth time ..." points back at the dated report of the same action.
        terms = content_terms(article.text[sentence.start : sentence.end])
        for back in range(index - 1, max(-1, index - 1 - CONTEXT_SENTENCES), -1):
            earlier = sentences[back]
            shared = terms & content_terms(article.text[earlier.start : earlier.end])
            dated = _dated_times(article, earlier)
            if dated and len(shared) >= MIN_SHARED_TERMS:
                anchor = dated[0][1]
                return Anchor(anchor.first, anchor.last, "context", anchor.value)
    day = _published_day(article)
    return Anchor(day, day, "published", day.isoformat()) if day else None


@cache
def predicate_groups() -> dict[tuple[str, ...], str]:
    """Stemmed word sequence -> near-synonym group, from ``data/predicate_groups.json``."""
    groups: dict[str, list[str]] = table("predicate_groups")["groups"]
    return {
        tuple(stem(word) for word in phrase.split()): group
        for group, phrases in groups.items()
        for phrase in phrases
    }


def predicate_words(text: str, offset: int = 0) -> list[tuple[int, str]]:
    """(offset, group) of every predicate word or phrase in ``text``, longest match first."""
    table = predicate_groups()
    longest = max(len(key) for key in table)
    tokens = [(match.start() + offset, stem(match.group())) for match in _TOKEN.finditer(text)]
    found = []
    for i in range(len(tokens)):
        for n in range(min(longest, len(tokens) - i), 0, -1):
            group = table.get(tuple(token for _, token in tokens[i : i + n]))
            if group is not None:
                found.append((tokens[i][0], group))
                break
    return found


def _distance(offset: int, quantity: Quantity) -> int:
    return max(quantity.start - offset, offset - quantity.end, 0)


def _predicates(article: Article, sentence: Sentence) -> dict[int, str]:
    """Quantity start -> the group of the predicate that governs it.

    Each predicate word belongs to the number nearest to it ("Twelve people died and at least
    30 were injured"); a number takes a predicate named in its counted phrase, else its
    nearest own word in the same clause, else its nearest own word in the sentence ("the
    sixth time the U.S. has done so" takes the sentence's "vetoed").
    """
    text = article.text
    inside = [q for q in article.quantities if sentence.start <= q.start < sentence.end]
    words = predicate_words(text[sentence.start : sentence.end], sentence.start)

    def same_clause(offset: int, quantity: Quantity) -> bool:
        low, high = sorted((offset, quantity.start))
        return not _CLAUSE_BREAK.search(text, low, high)

    owned: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for offset, group in words:
        near = [q for q in inside if same_clause(offset, q)] or inside
        if near:
            owner = min(near, key=lambda q: _distance(offset, q))
            owned[owner.start].append((offset, group))
    out = {}
    for quantity in inside:
        if quantity.counted_start is not None and quantity.counted_end is not None:
            named = predicate_words(text[quantity.counted_start : quantity.counted_end])
            if named:
                out[quantity.start] = named[0][1]
                continue
        mine = sorted(owned[quantity.start], key=lambda item: _distance(item[0], quantity))
        clause = [group for offset, group in mine if same_clause(offset, quantity)]
        if mine:
            out[quantity.start] = clause[0] if clause else mine[0][1]
    return out


def _role(quantity: Quantity) -> Role:
    if quantity.kind not in COUNT_KINDS:
        return "measure"
    return "index" if quantity.kind == "ordinal" else "count"


def _is_claim(quantity: Quantity, text: str) -> bool:
    """Numbers worth comparing: a value, and not an indefinite article ("a resolution")."""
    words = text[quantity.start : quantity.end].split()
    indefinite = bool(words) and words[0].casefold() in {"a", "an"} and quantity.value == 1
    after = text[quantity.end : quantity.end + 40]
    part_of_another = bool(_PARTITIVE.match(after) or _INCREMENT.match(after))
    superseded = bool(_SUPERSEDED.search(text[max(0, quantity.start - 40) : quantity.start]))
    return quantity.value is not None and not indefinite and not part_of_another and not superseded


def _enumerated_total(
    article: Article, quantity: Quantity, head: str, sentence: Sentence
) -> float | None:
    """Total of "<n> X ... and <m|a> X" enumerations in the sentence, else ``None``."""
    if not head or head == EVENT or quantity.counted_end is None:
        return None
    total = float(quantity.value or 0.0)
    items = 1
    tail = article.text[quantity.counted_end : sentence.end]
    taken: set[int] = set()
    for other in article.quantities:
        if (
            other is not quantity
            and quantity.counted_end <= other.start < sentence.end
            and counted_head(other.counted)[0] == head
            and other.value is not None
            and re.search(r"\band\b|,", article.text[quantity.end : other.start])
        ):
            total += float(other.value)
            items += 1
            taken.add(other.start)
    for match in re.finditer(r"\band (a|an|one|another) ((?:[\w-]+ ){0,2}?)([\w-]+)", tail):
        offset = quantity.counted_end + match.start(1)
        if stem(match.group(3)) == head and offset not in taken:
            total += 1.0
            items += 1
    return total if items > 1 else None


def claim_features(article: Article) -> list[ClaimFeatures]:
    """Every comparable quantity of ``article`` with its alignment features."""
    sentences = article.sentences or [Sentence(0, len(article.text))]
    starts = [s.start for s in sentences]
    out = []
    predicates: dict[int, dict[int, str]] = {}
    for quantity in article.quantities:
        if not _is_claim(quantity, article.text):
            continue
        index = max(0, bisect_right(starts, quantity.start) - 1)
        sentence = sentences[index]
        if index not in predicates:
            predicates[index] = _predicates(article, sentence)
        head, modifiers = counted_head(quantity.counted)
        # "the third time", "four times": the number counts occurrences of the action.
        if (
            head in _EVENT_HEAD_STEMS
            or quantity.unit == "times"
            or (quantity.kind == "multiplicative" and not head)
        ):
            head = EVENT
        scope_end = max(quantity.end, quantity.counted_end or quantity.end)
        role = _role(quantity)
        low, high = value_interval(quantity)
        sentence_text = article.text[sentence.start : sentence.end]
        entities = frozenset(
            e.entity_id
            for e in article.entities
            if sentence.start <= e.start < sentence.end and e.entity_id
        )
        out.append(
            ClaimFeatures(
                article_id=article.id,
                outlet=article.outlet,
                voice=voice(article),
                published=_published_day(article),
                start=quantity.start,
                end=quantity.end,
                surface=article.text[quantity.start : quantity.end],
                value=float(quantity.value or 0.0),
                low=low,
                high=high,
                bound=quantity.bound,
                kind=quantity.kind,
                unit=quantity.unit,
                role=role,
                head=head,
                modifiers=modifiers,
                counted=quantity.counted,
                terms=content_terms(sentence_text),
                entities=entities,
                anchor=_anchor(article, quantity, index, sentences, role),
                # Amounts and shares are identified by their counted phrase, not the verb.
                predicate=predicates[index].get(quantity.start)
                if role != "measure" or quantity.parts
                else None,
                scope_entities=frozenset(
                    e.entity_id
                    for e in article.entities
                    if quantity.start <= e.start and e.end <= scope_end and e.entity_id
                ),
                parts_total=float(sum(quantity.parts.values())) if quantity.parts else None,
                enumerated_total=_enumerated_total(article, quantity, head, sentence),
            )
        )
    return out


def reasons_for(a: ClaimFeatures, b: ClaimFeatures) -> Reasons | None:
    """Why ``a`` and ``b`` count the same thing, or ``None`` when nothing says they do.

    Same counted head plus a shared action/context term; an event count ("the sixth time")
    and a count of things ("four resolutions") align when the thing is named in the event's
    sentence and they share another term; two event counts need two shared terms.
    """
    if (a.role == "measure") != (b.role == "measure"):
        return None
    if a.role == "measure" and (a.kind != b.kind or a.unit != b.unit):
        return None
    # What happened to the counted things is part of what is counted: killed vs injured.
    if a.predicate != b.predicate:
        return None
    shared = a.terms & b.terms
    if a.head == b.head and a.head != EVENT and a.head:
        context = shared - {a.head}
        aligned = len(context) >= 1
    elif a.head == EVENT and b.head == EVENT:
        context = shared
        aligned = len(context) >= MIN_SHARED_TERMS
    elif EVENT in (a.head, b.head):
        event, thing = (a, b) if a.head == EVENT else (b, a)
        context = shared - {thing.head}
        aligned = bool(thing.head) and thing.head in event.terms and len(context) >= 1
    else:
        return None
    if not aligned:
        return None
    return Reasons(
        same_article=a.article_id == b.article_id,
        same_voice=a.voice == b.voice,
        same_head=a.head == b.head,
        modifiers_differ=bool(a.modifiers and b.modifiers and not a.modifiers & b.modifiers),
        shared_terms=tuple(sorted(shared)),
        shared_entities=tuple(sorted(a.entities & b.entities)),
    )


def align_block(
    scope_id: str, features: list[ClaimFeatures], story_of: dict[str, str] | None = None
) -> list[AlignedPair]:
    """All aligned pairs inside one block (one story or storyline); ``story_of`` maps an
    article to its event story when the block is a storyline."""
    story_of = story_of or {}
    by_head: dict[str, list[ClaimFeatures]] = defaultdict(list)
    for feature in features:
        by_head[feature.head].append(feature)
    events = by_head.get(EVENT, [])
    pairs = []
    for head, group in by_head.items():
        candidates: list[tuple[ClaimFeatures, ClaimFeatures]] = [
            (x, y) for i, x in enumerate(group) for y in group[i + 1 :]
        ]
        if head != EVENT:
            candidates += [(e, t) for e in events for t in group if head in e.terms]
        for x, y in candidates:
            if x.article_id == y.article_id and x.start == y.start:
                continue
            reasons = reasons_for(x, y)
            if reasons is not None:
                same_story = story_of.get(x.article_id) == story_of.get(y.article_id)
                pairs.append(AlignedPair(x, y, replace(reasons, same_story=same_story), scope_id))
    return pairs


def build_claims(scope_id: str, pairs: list[AlignedPair]) -> list[Claim]:
    """Connected groups of aligned mentions from two or more articles, as model claims."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}
    features: dict[tuple[str, int], ClaimFeatures] = {}

    def find(key: tuple[str, int]) -> tuple[str, int]:
        while parent.setdefault(key, key) != key:
            key = parent[key]
        return key

    for pair in pairs:
        ka, kb = (pair.a.article_id, pair.a.start), (pair.b.article_id, pair.b.start)
        features[ka], features[kb] = pair.a, pair.b
        parent[find(ka)] = find(kb)
    groups: dict[tuple[str, int], list[ClaimFeatures]] = defaultdict(list)
    for key, feature in features.items():
        groups[find(key)].append(feature)
    claims = []
    for members in groups.values():
        if len({m.article_id for m in members}) < 2:
            continue
        members.sort(key=lambda m: (m.article_id, m.start))
        heads = sorted({m.head for m in members if m.head != EVENT} or {EVENT})
        common = frozenset.intersection(*(m.terms for m in members))
        claim_key = " ".join([*heads, *sorted(common - set(heads))[:4]])
        claims.append(
            Claim(
                id=stable_id("claim", scope_id, *(f"{m.article_id}:{m.start}" for m in members)),
                story_id=scope_id,
                key=claim_key,
                mentions=[
                    ClaimMention(
                        article_id=m.article_id,
                        start=m.start,
                        end=m.end,
                        value=m.value,
                        bound=m.bound,
                        counted=m.counted,
                        time=m.anchor.value if m.anchor else None,
                    )
                    for m in members
                ],
            )
        )
    return claims
