"""Align figures from different articles that state the same fact.

A quantity becomes a :class:`ClaimFeatures`: its value interval (bound applied, and widened to
the rounding its surface shows: "1.3 million" covers 1.25-1.35 million), its role (an
*index*, "the sixth time", places one event in a series; a *count*, "four resolutions",
"four times", counts events or things; a *measure*), and its event frame as annotate read it
from the parse (:class:`counterpoint.model.Frame`): the fact's slot (what happened to the
counted things, ``group``, from ``data/predicate_groups.json``; the ``thing`` counted; its
``holder``), who gives it (``source``), how it is put (``modality``), the counting ``stage``,
the event (its kind and instance in a series) and its time anchor: the sentence's own
resolved date, else for an index the nearest preceding dated sentence about the same
action, else the publication date (a "so far" figure).

Alignment (block: one storyline or story; solve: the pairs inside whose slots match) records
*why* two mentions are taken to state the same fact (:class:`Reasons`); the verdict on each
pair is left to :mod:`counterpoint.compare.conflicts`. A figure without a slot (no group, no
thing and no holder) is aligned with nothing: precision first.
"""

from __future__ import annotations

import re
import sys
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Hashable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from functools import cache, lru_cache
from typing import Literal, TypeVar, overload

from counterpoint.annotate.frames import PLACE_LABELS
from counterpoint.annotate.frames import name_only as place_name
from counterpoint.datetimes import period
from counterpoint.lexicon import language, table, words
from counterpoint.link.duplicates import voice
from counterpoint.model import (
    Article,
    Bound,
    Claim,
    ClaimMention,
    Frame,
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
_INCREMENT = re.compile(r"\s*(?:more|additional|further|extra|other)\b", re.IGNORECASE)
# "another six", "a further 20": an increment named before the number.
_INCREMENT_BEFORE = re.compile(r"\b(?:another|a further|an additional|an extra)\s*$", re.IGNORECASE)
CONTEXT_SENTENCES = 8  # how far back an index looks for the dated mention of its event
INCREMENT_SENTENCES = 3  # how far back "another N" looks for the figure it adds to
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
    # From the event frame: the counted thing, whose figure it is, who gives it, how it is
    # put, the counting stage and the event (kind, with its instance in a series).
    thing: str | None = None
    holder: str | None = None
    place: str | None = None
    source: str | None = None
    modality: str = "asserted"
    stage: str | None = None
    event: str | None = None
    # A running count (a toll, the missing): it grows between reports.
    running: bool = False
    # Its sentence says the figure was revised or corrected.
    revised: bool = False
    sentence_start: int = 0
    sentence_end: int = 0
    paragraph_start: int = 0
    # A part of a stated whole ("two of the 181"): a subset, not the group's tally.
    part: bool = False
    # A part of a group the sentence names before it ("among the dead, 84 were women",
    # "179, including two Thai women"): a breakdown, not the tally.
    subset: bool = False
    # Annotate read an event frame for it (else the slot comes from the sentence's words).
    framed: bool = False
    # Its sentence gives the same slot another value: a comparison, not a statement.
    contrasted: bool = False
    # For an undated article: whose dated report of the same action gave ``anchor``.
    dated_by: str | None = None
    # The places its sentence names: a sentence naming two ("Libya's city of Derna",
    # "Derna, Libya") tells that one lies in the other.
    sentence_places: frozenset[str] = frozenset()

    @property
    def slotted(self) -> bool:
        """The frame says what fact the figure states (what happened, what or whose)."""
        return bool(self.predicate or self.thing or self.holder)


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
    # Both articles belong to the same event story, not just the same storyline.
    same_story: bool = True
    # Both name who gives the figure, and the names differ ("the ministry" / "the union").
    sources_differ: bool = False
    # The fact has two or more named counters in this block (a ministry and a union), so
    # a figure whose counter is not named may be either one's.
    rival_counters: bool = False
    # Both figures sit in one paragraph of one article: set side by side.
    same_paragraph: bool = False


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


def value_interval(quantity: Quantity, surface: str = "") -> tuple[float, float]:
    """The values a quantity allows under its bound and the rounding its ``surface`` shows:
    "at least 30" allows 30..inf, "1.3 million" covers
    1.25-1.35 million, "about 170" 10% either way. Bounds are closed ("over 10,100" allows
    10,100: papers say "over" of the figure itself); compare tells "more than 60" from
    "nearly 60"."""
    value = float(quantity.value or 0.0)
    top = float(quantity.value_max) if quantity.value_max is not None else value
    inf = float("inf")
    if quantity.bound == "~":
        return value * 0.9, top * 1.1
    half = rounding(surface, value) / 2
    return {
        ">": (value, inf),
        ">=": (value, inf),
        "<": (-inf, value),
        "<=": (-inf, value),
    }.get(quantity.bound, (value - half, top + half))


_DIGITS = re.compile(r"\d[\d,]*(?:\.(\d+))?")


def rounding(surface: str, value: float) -> float:
    """The unit of the last digit ``surface`` shows, in ``value``'s scale: 0.1 million for
    "1.3 million", 0.01 for "52.15%"; 0 for a surface without written digits."""
    match = _DIGITS.search(surface)
    if match is None or not match.group(1):
        return 0.0
    written = float(match.group(0).replace(",", ""))
    if not written:
        return 0.0
    return 10.0 ** -len(match.group(1)) * abs(value / written)


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


class _DatedTimes:
    """:func:`_dated_times` of one article's sentences, each time's anchor parsed once."""

    __slots__ = ("article", "by_sentence", "points")

    def __init__(self, article: Article) -> None:
        self.article = article
        self.points: list[tuple[int, Anchor]] | None = None
        self.by_sentence: dict[tuple[int, int], list[tuple[int, Anchor]]] = {}

    def __call__(self, sentence: Sentence) -> list[tuple[int, Anchor]]:
        key = (sentence.start, sentence.end)
        found = self.by_sentence.get(key)
        if found is None:
            if self.points is None:
                self.points = [
                    (time.start, anchor)
                    for time in self.article.times
                    if time.granularity not in {"range", "decade"}
                    for anchor in [parse_anchor(time.value, "sentence")]
                    if anchor is not None
                ]
            found = [p for p in self.points if sentence.start <= p[0] < sentence.end]
            self.by_sentence[key] = found
        return found


def _text_anchor(
    article: Article,
    quantity: Quantity,
    index: int,
    sentences: list[Sentence],
    role: Role,
    dated_times: _DatedTimes | None = None,
) -> Anchor | None:
    """The sentence's nearest resolved date, else for an index the dated report of the same
    action a few sentences back, else the publication day."""
    times = dated_times or _DatedTimes(article)
    sentence = sentences[index]
    own = [
        (abs(offset - quantity.start), anchor)
        for offset, anchor in times(sentence)
        if not (quantity.start <= offset < quantity.end)
        and not _dates_an_earlier_figure(article, quantity, offset)
        and not _as_of(article.text, sentence.start, offset)
    ]
    if own:
        return min(own, key=lambda item: item[0])[1]
    if role == "index":
        # "This is the fourth time ..." points back at the dated report of the same action.
        terms = content_terms(article.text[sentence.start : sentence.end])
        for back in range(index - 1, max(-1, index - 1 - CONTEXT_SENTENCES), -1):
            earlier = sentences[back]
            dated = times(earlier)
            if not dated:
                continue
            shared = terms & content_terms(article.text[earlier.start : earlier.end])
            if len(shared) >= MIN_SHARED_TERMS:
                anchor = dated[0][1]
                return Anchor(anchor.first, anchor.last, "context", anchor.value)
    day = _published_day(article)
    return Anchor(day, day, "published", day.isoformat()) if day else None


def _dates_an_earlier_figure(article: Article, quantity: Quantity, offset: int) -> bool:
    """The time at ``offset`` comes after a figure the sentence sets against ``quantity`` as
    an earlier one ("88.9 per cent, up from 86.2 per cent in the 2020 election"): it dates
    that figure, not this one."""
    if offset < quantity.end:
        return False
    cues = _earlier_before()
    text = article.text
    for other in article.quantities:
        if quantity.end <= other.start < offset:
            lead = re.findall(r"[a-z]+", text[max(0, other.start - 12) : other.start].casefold())
            if lead and lead[-1] in cues:
                return True
    return False


def _as_of(text: str, sentence_start: int, offset: int) -> bool:
    """The time at ``offset`` says when a figure stood ("by Monday morning Valk stood at
    49.5%"), not when its event was (``as_of_words`` in ``data/frames.json``)."""
    lead = re.findall(r"[a-z]+", text[max(sentence_start, offset - 12) : offset].casefold())
    return bool(lead) and lead[-1] in _as_of_words()


@cache
def _counted_thing() -> str:
    return str(table("frames")["en"].get("counted_thing", ""))


@cache
def _requirement_things() -> frozenset[str]:
    return frozenset(table("frames")["en"].get("requirement_things", ()))


def _required(feature: ClaimFeatures) -> bool:
    """The figure is a level a rule requires ("the 50% threshold"), not a result."""
    return bool(feature.thing and set(feature.thing.split()) & _requirement_things())


@cache
def _as_of_words() -> frozenset[str]:
    return frozenset(table("frames")["en"].get("as_of_words", ()))


@cache
def _earlier_before() -> frozenset[str]:
    return frozenset(table("frames")["en"]["earlier_before"])


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
    longest, firsts = _predicate_starts()
    matches = list(_TOKEN.finditer(text))
    stems = [stem(match.group()) for match in matches]
    count = len(stems)
    found = []
    for i in range(count):
        if stems[i] not in firsts:
            continue  # no phrase starts with this word
        for n in range(min(longest, count - i), 0, -1):
            group = table.get(tuple(stems[i : i + n]))
            if group is not None:
                found.append((matches[i].start() + offset, group))
                break
    return found


@cache
def _predicate_starts() -> tuple[int, frozenset[str]]:
    """The longest predicate phrase's length in words, and the words phrases start with."""
    table = predicate_groups()
    return max(len(key) for key in table), frozenset(key[0] for key in table if key)


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


H = TypeVar("H", bound=Hashable)


class Words:
    """Interns the words of the features of a batch: a batch's features repeat a small
    vocabulary, and held for a million articles the copies would cost gigabytes (about
    1.9 kB an article on the synthetic corpus). Equal word sets become one object."""

    __slots__ = ("known", "sets")

    def __init__(self) -> None:
        self.sets: dict[frozenset[str], frozenset[str]] = {}
        self.known: dict[object, object] = {}

    @overload
    def word(self, word: str) -> str: ...
    @overload
    def word(self, word: str | None) -> str | None: ...
    def word(self, word: str | None) -> str | None:
        return None if word is None else sys.intern(word)

    def words(self, words: frozenset[str]) -> frozenset[str]:
        known = self.sets.get(words)
        if known is None:
            known = self.sets[words] = frozenset(map(sys.intern, words))
        return known

    def one(self, value: H) -> H:
        """The first equal ``value`` seen (days, anchors: a batch repeats them)."""
        return self.known.setdefault(value, value)  # type: ignore[return-value]


class _Same(Words):
    """No interning: each feature keeps its own words."""

    __slots__ = ()

    @overload
    def word(self, word: str) -> str: ...
    @overload
    def word(self, word: str | None) -> str | None: ...
    def word(self, word: str | None) -> str | None:
        return word

    def words(self, words: frozenset[str]) -> frozenset[str]:
        return words

    def one(self, value: H) -> H:
        return value


_SAME = _Same()


def claim_features(article: Article, interned: Words | None = None) -> list[ClaimFeatures]:
    """Every comparable quantity of ``article`` with its alignment features; ``interned``
    shares their words with those of the other articles of a batch."""
    w = interned or _SAME
    dated_times = _DatedTimes(article)
    sentences = article.sentences or [Sentence(0, len(article.text))]
    starts = [s.start for s in sentences]
    frames = {(f.start, f.end): f for f in article.frames if f.figure == "quantity"}
    out: list[ClaimFeatures] = []
    predicates: dict[int, dict[int, str]] = {}
    for quantity in article.quantities:
        if not _is_claim(quantity, article.text):
            continue
        index = max(0, bisect_right(starts, quantity.start) - 1)
        increment = bool(
            _INCREMENT_BEFORE.search(article.text, max(0, quantity.start - 14), quantity.start)
        )
        sentence = sentences[index]
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
        low, high = value_interval(quantity, article.text[quantity.start : quantity.end])
        sentence_text = article.text[sentence.start : sentence.end]
        frame = frames.get((quantity.start, quantity.end))
        if frame is not None and frame.thing == _counted_thing():
            continue  # "with 96% of the ballots counted": how far the count is, no fact
        # The sentence's nearest predicate word stands in where there is no frame, for an
        # event count, whose action sits in a clause of its own ("the fourth time that the
        # US has vetoed"), and where the frame's verb is a copula or a reporting verb over a
        # generic thing ("11,300 people are dead", "179 were confirmed killed") or a light
        # verb over any thing ("two Thai nationals were aboard"). A frame without a verb (a
        # parse that read nothing of the figure) gets no group.
        # A share its frame names a holder of ("60.1% voting No", "Valk received 49.5%") is
        # that holder's: neither its own verb ("backing Yes" is not a vote in favour) nor
        # another verb of the sentence ("voters rejected the constitution") says more.
        held_share = frame is not None and bool(frame.holder) and quantity.kind == "percent"
        group = _frame_group(frame) if frame and not held_share else None
        if (
            group is None
            and not held_share
            and (frame is None or head == EVENT or _generic_frame(frame) or _light_frame(frame))
        ):
            if index not in predicates:
                predicates[index] = _predicates(article, sentence)
            group = predicates[index].get(quantity.start)
        nationals = _nationals(article, quantity, frame)
        since = starts[max(0, index - INCREMENT_SENTENCES)]
        if increment and not _new_slot(group, out, since):
            continue
        out.append(
            ClaimFeatures(
                article_id=article.id,
                outlet=w.word(article.outlet),
                voice=w.word(voice(article)),
                published=w.one(_published_day(article)),
                start=quantity.start,
                end=quantity.end,
                surface=w.word(article.text[quantity.start : quantity.end]),
                value=float(quantity.value or 0.0),
                low=low,
                high=high,
                bound=quantity.bound,
                kind=w.word(quantity.kind),
                unit=w.word(quantity.unit),
                role=role,
                head=w.word(head),
                modifiers=w.words(modifiers),
                counted=w.word(quantity.counted),
                terms=w.words(content_terms(sentence_text)),
                anchor=w.one(
                    _anchor(article, quantity, index, sentences, role, frame, dated_times)
                ),
                predicate=w.word(group),
                scope_entities=w.words(
                    frozenset(
                        e.entity_id
                        for e in article.entities
                        if quantity.start <= e.start and e.end <= scope_end and e.entity_id
                    )
                ),
                parts_total=float(sum(quantity.parts.values())) if quantity.parts else None,
                enumerated_total=_enumerated_total(article, quantity, head, sentence),
                thing=w.word(nationals or _thing_of(frame, quantity, group, article.text)),
                holder=w.word(None if nationals else frame.holder if frame else None),
                place=w.word(
                    ELSEWHERE
                    if _elsewhere(article.text, sentence, quantity)
                    else frame.place
                    if frame
                    else None
                ),
                source=w.word(frame.source if frame else quantity.attributed_to),
                modality=w.word(frame.modality if frame else "asserted"),
                stage=w.word(frame.stage if frame else None),
                event=w.word(frame.event if frame else None),
                running=group in RUNNING_GROUPS,
                revised=_says_revised(article, sentence),
                sentence_start=sentence.start,
                sentence_end=sentence.end,
                paragraph_start=_paragraph_start(article, sentence),
                part=quantity.whole is not None,
                # A span of time is no part of a counted group ("including two goals in 97
                # seconds": the two goals are the breakdown, not the 97 seconds).
                subset=quantity.kind != "duration" and _subset(article.text, sentence, quantity),
                framed=frame is not None,
                sentence_places=w.words(places_in(article, sentence)),
            )
        )
    return _mark_contrasts(_subsets_take_their_groups(out))


def _paragraph_start(article: Article, sentence: Sentence) -> int:
    paragraph = article.paragraph_at(sentence.start)
    return paragraph.start if paragraph is not None else sentence.start


def _subsets_take_their_groups(features: list[ClaimFeatures]) -> list[ClaimFeatures]:
    """A breakdown says what happened to its part through the figure it breaks down ("the
    toll rose to 179, including two Thai women"; "two Thai nationals were among the 179 who
    perished"; "181 people on board, including six crew members"): a subset without a group
    takes that of the nearest figure of its sentence."""
    out = list(features)
    for i, feature in enumerate(features):
        if not feature.subset or feature.predicate is not None:
            continue
        others = [
            other
            for other in features
            if other.sentence_start == feature.sentence_start
            and other is not feature
            and other.predicate is not None
            and not other.subset
        ]
        if others:
            nearest = min(others, key=lambda other: abs(other.start - feature.start))
            out[i] = replace(feature, predicate=nearest.predicate, running=nearest.running)
    return out


# The place of a figure its clause sets apart from the place of the story ("170 people
# elsewhere in the country", "170 others"): a scope of its own.
ELSEWHERE = "elsewhere"


@cache
def _scope_words(key: str) -> re.Pattern[str]:
    phrases = sorted(table("frames")["en"][key], key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, phrases)) + r")\b", re.IGNORECASE)


def _clause_after(text: str, sentence: Sentence, quantity: Quantity) -> str:
    end = max(quantity.end, quantity.counted_end or quantity.end)
    tail = text[end : sentence.end]
    cut = _CLAUSE_BREAK.search(tail)
    return tail[: cut.start()] if cut else tail


def _elsewhere(text: str, sentence: Sentence, quantity: Quantity) -> bool:
    words = _scope_words("elsewhere_words")
    counted = text[quantity.end : quantity.counted_end or quantity.end]
    return bool(words.search(counted) or words.search(_clause_after(text, sentence, quantity)))


def _subset(text: str, sentence: Sentence, quantity: Quantity) -> bool:
    """The sentence names the group the figure is taken from, before it ("Among the dead,
    at least 84 were women"; "179, including two Thai women") or right after it ("two Thai
    nationals were among the 179")."""
    if _scope_words("subset_before").search(text, sentence.start, quantity.start):
        return True
    return bool(
        _scope_words("subset_after").match(_clause_after(text, sentence, quantity).lstrip())
    )


def places_in(article: Article, sentence: Sentence) -> frozenset[str]:
    """The names of the places ``sentence`` mentions, as frames name a figure's place."""
    return frozenset(
        name
        for entity in article.entities
        if sentence.start <= entity.start < sentence.end and entity.label in PLACE_LABELS
        for name in [place_name(entity.canonical)]
        if name
    )


SHARED_EVENT_TERMS = 4  # words a dated sentence elsewhere must share to date the same action


@dataclass(frozen=True, slots=True)
class DatingContext:
    """What dating through other reports reads of one article, so a block is dated without
    holding its articles: an undated article's figures that only its publication would date,
    a dated article's dated sentences (outlet, text, date)."""

    undated: frozenset[tuple[str, int]] = frozenset()
    sentences: tuple[tuple[str, str, Anchor], ...] = ()


def dating_context(article: Article, features: Sequence[ClaimFeatures]) -> DatingContext:
    """:class:`DatingContext` of ``article``, whose claim features are ``features``."""
    if article.published is not None:
        return DatingContext(sentences=tuple(_dated_sentences(article)))
    return DatingContext(
        undated=frozenset(
            (feature.article_id, feature.start)
            for feature in features
            if feature.anchor is None
            and feature.predicate is not None
            and _relative_time_in(article, feature.sentence_start, feature.sentence_end)
        )
    )


def date_through(
    features: list[ClaimFeatures], contexts: Sequence[DatingContext]
) -> list[ClaimFeatures]:
    """An undated article's figure whose sentence dates its event only against the unknown
    publication ("vetoed a ceasefire resolution last month, the sixth time") takes the date
    that another article of the block gives the same action in a sentence sharing its
    predicate and at least :data:`SHARED_EVENT_TERMS` words ("on November 20, the United
    States vetoed a UN Security Council resolution calling for a ceasefire"); ``dated_by``
    keeps whose report it was. ``contexts`` are the block's articles' :func:`dating_context`,
    in order."""
    candidates = frozenset().union(*(c.undated for c in contexts))
    undated = [i for i, f in enumerate(features) if (f.article_id, f.start) in candidates]
    if not undated:
        return features
    reports = [
        (outlet, content_terms(text), {group for _, group in predicate_words(text)}, anchor)
        for context in contexts
        for outlet, text, anchor in context.sentences
    ]
    out = list(features)
    for i in undated:
        feature = features[i]
        matches = [
            (len(feature.terms & terms), outlet, anchor)
            for outlet, terms, groups, anchor in reports
            if feature.predicate in groups and len(feature.terms & terms) >= SHARED_EVENT_TERMS
        ]
        if matches:
            _, outlet, anchor = max(matches, key=lambda m: (m[0], m[2].first))
            shared = Anchor(anchor.first, anchor.last, "context", anchor.value)
            out[i] = replace(feature, anchor=shared, dated_by=outlet)
    return out


def _dated_sentences(article: Article) -> list[tuple[str, str, Anchor]]:
    """Each dated sentence of a dated article: its outlet, text and first date."""
    out = []
    for sentence in article.sentences:
        dated = _dated_times(article, sentence)
        if dated:
            outlet = article.outlet or "another report"
            out.append((outlet, article.text[sentence.start : sentence.end], dated[0][1]))
    return out


def _relative_time_in(article: Article, start: int, end: int) -> bool:
    """A time expression in ``start``-``end`` that only the publication date could resolve."""
    return any(start <= t.start < end and t.value is None for t in article.times)


def _new_slot(group: str | None, earlier: list[ClaimFeatures], since: int) -> bool:
    """ "Another 10,100 are missing" after "11,300 dead" names a second fact, not an
    increment of the first: figures come before it (from ``since`` on: its sentence and the
    few before, where a report names the first fact) and none has its group."""
    previous = [feature.predicate for feature in earlier if feature.start >= since]
    return group is not None and bool(previous) and group not in previous


def _mark_contrasts(features: list[ClaimFeatures]) -> list[ClaimFeatures]:
    """A sentence that gives one slot two values ("replaces the 15-inch model with a 16-inch
    one", "up from 3.5% to 3.4%") sets them against each other: neither is its outlet's
    single statement of the fact."""
    by_sentence: dict[int, list[int]] = defaultdict(list)
    for i, feature in enumerate(features):
        by_sentence[feature.sentence_start].append(i)
    contrasted: set[int] = set()
    for members in by_sentence.values():
        for n, i in enumerate(members):
            for j in members[n + 1 :]:
                x, y = features[i], features[j]
                if x.value != y.value and reasons_for(x, y) is not None:
                    contrasted |= {i, j}
    return [replace(f, contrasted=True) if i in contrasted else f for i, f in enumerate(features)]


@cache
def _thing_groups() -> dict[str, str]:
    """Lemma (or lemma phrase) -> predicate group, for frames' predicates and things."""
    groups: dict[str, list[str]] = table("predicate_groups")["groups"]
    return {phrase: group for group, phrases in groups.items() for phrase in phrases}


def _specific(thing: str | None) -> str | None:
    """The thing as the slot knows it: ``None`` for a generic one ("people", "death toll"),
    whose predicate group then says what is counted."""
    if thing is None or thing in _generic_things() or thing in _thing_groups():
        return None
    return thing


def _generic_frame(frame: Frame) -> bool:
    """The frame read the figure's verb, and what it counts is nobody in particular."""
    return frame.predicate is not None and _specific(frame.thing) is None


def _nationals(article: Article, quantity: Quantity, frame: Frame | None) -> str | None:
    """People of one nationality, however the text names them ("two Thai nationals", "Thai
    women", "two nationals" held by "Thai"): one thing, "Thai people"."""
    thing = (frame.thing if frame else None) or ""
    if not thing or thing.split()[-1] not in _demographic_nouns():
        return None
    end = max(quantity.end, quantity.counted_end or quantity.end)
    named = [
        article.text[entity.start : entity.end]
        for entity in article.entities
        if entity.label == "NORP" and quantity.start <= entity.start and entity.end <= end
    ]
    nationality = named[0] if named else (frame.holder if frame else None)
    if not nationality or not _is_nationality(article, nationality):
        return None
    return f"{nationality} people"


def _is_nationality(article: Article, name: str) -> bool:
    return any(
        e.label == "NORP" and name in (article.text[e.start : e.end], e.canonical)
        for e in article.entities
    )


@cache
def _demographic_nouns() -> frozenset[str]:
    return frozenset(table("frames")["en"]["demographic_nouns"])


def _thing_of(frame: Frame | None, quantity: Quantity, group: str | None, text: str) -> str | None:
    """The frame's thing as the slot knows it (:func:`_specific`). A thing inside the
    figure's own surface ("517K": the parse took the K for a noun) gives way to the counted
    phrase; a thing that names the figure's own group ("a 25-year prison term" under
    "sentenced") says nothing more than the group."""
    if frame is None:
        return None
    thing = frame.thing
    surface = text[quantity.start : quantity.end].casefold()
    if thing and (thing in surface.split() or surface.endswith(thing)):
        thing = quantity.counted.casefold() if quantity.counted else None
    if thing and group:
        groups = _thing_groups()
        *modifiers, head = thing.split()
        generic_head = head in _generic_things() and any(groups.get(w) == group for w in modifiers)
        if groups.get(head) == group or generic_head:
            return None
    return _specific(thing)


@lru_cache(maxsize=10_000)
def _thing_key(thing: str | None) -> str | None:
    """Stems of a thing's words without a measure word ("unemployment rate" ~
    "unemployment", "jobs" ~ "job")."""
    if thing is None:
        return None
    words = thing.casefold().split()
    kept = [w for w in words if w not in _unit_things()] or words
    return " ".join(stem(w) for w in kept)


@cache
def _unit_things() -> frozenset[str]:
    return frozenset(table("frames")["en"]["unit_things"])


def _light_frame(frame: Frame) -> bool:
    """The frame's verb says nothing of what happened ("were aboard", "said")."""
    return frame.predicate in _light_verbs()


@cache
def _light_verbs() -> frozenset[str]:
    data = table("frames")["en"]
    return frozenset(data["light_verbs"]) | frozenset(data["report_verbs"])


@cache
def _generic_things() -> frozenset[str]:
    return frozenset(table("frames")["en"]["generic_things"])


def _frame_group(frame: Frame | None) -> str | None:
    """What happened to the counted things, from the frame: its thing's words first ("death
    toll" -> ``die``), then its predicate ("were killed" -> ``die``)."""
    if frame is None:
        return None
    groups = _thing_groups()
    acted = groups.get(frame.predicate or "")
    if acted in ACTS_ON_THE_COUNTED:
        return acted  # "3,000 bodies were buried" counts burials, not deaths
    thing = frame.thing or ""
    for word in [thing, *thing.split(), frame.predicate or ""]:
        if word in groups:
            return groups[word]
    return None


def _says_revised(article: Article, sentence: Sentence) -> bool:
    """The figure's paragraph says a figure was revised or corrected."""
    paragraph = article.paragraph_at(sentence.start)
    start, end = (paragraph.start, paragraph.end) if paragraph else (sentence.start, sentence.end)
    return bool(_revision_words().search(article.text, start, end))


@cache
def _revision_words() -> re.Pattern[str]:
    words = table("frames")["en"]["revision_words"]
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b", re.IGNORECASE)


RUNNING_GROUPS = frozenset(table("predicate_groups")["running"])
ACTS_ON_THE_COUNTED = frozenset(table("predicate_groups")["acts_on_the_counted"])


@lru_cache(maxsize=100_000)
def same_source(a: str, b: str) -> bool:
    """Two attributions name one counter: they share a content word ("the interior ministry"
    / "Ministry of the Interior") or one is the other's initials ("WHO")."""
    words_a, words_b = _source_words(a), _source_words(b)
    if words_a & words_b:
        return True
    return bool({_initials(a)} & words_b or {_initials(b)} & words_a)


def _source_words(name: str) -> frozenset[str]:
    generic = _generic_source_words()
    return frozenset(
        w.casefold()
        for w in re.findall(r"[\w'’-]+", name)
        if len(w) > 2 and w.casefold() not in generic
    )


def _initials(name: str) -> str:
    return "".join(w[0] for w in re.findall(r"[A-Z][\w-]*", name)).casefold()


@cache
def _generic_source_words() -> frozenset[str]:
    return frozenset(table("frames")["en"]["generic_source_words"])


def _anchor(
    article: Article,
    quantity: Quantity,
    index: int,
    sentences: list[Sentence],
    role: Role,
    frame: Frame | None,
    dated_times: _DatedTimes | None = None,
) -> Anchor | None:
    if frame is not None and frame.time:
        own = parse_anchor(frame.time, "sentence")
        if own is not None:
            return own
    return _text_anchor(article, quantity, index, sentences, role, dated_times)


def reasons_for(a: ClaimFeatures, b: ClaimFeatures) -> Reasons | None:
    """Why ``a`` and ``b`` state the same fact, or ``None`` when nothing says they do.

    The slots must match: the same kind and unit, how the figure is put, what happened to
    the counted things, what is counted and whose it is. An event count ("the sixth time")
    and a count of things ("four resolutions") align when the thing is named in the event's
    sentence and they share another term; two event counts need two shared terms. What only
    a block tells (``same_story``, ``rival_counters``) keeps its default: :func:`align_block`
    sets it.
    """
    if (a.role == "measure") != (b.role == "measure"):
        return None
    if a.role == "measure" and (a.kind != b.kind or a.unit != b.unit):
        return None
    if not _same_modality(a, b) or a.predicate != b.predicate:
        return None
    # A place in a series counts the action ("the sixth day of protests"): it meets a count
    # of the same thing ("six days") or of the action, not of the people in it.
    if (
        {a.role, b.role} == {"index", "count"}
        and a.head != b.head
        and EVENT not in (a.head, b.head)
    ):
        return None
    if not (a.slotted and b.slotted) or not _same_slot(a, b) or not _same_event(a, b):
        return None
    shared = a.terms & b.terms
    if EVENT in (a.head, b.head):
        if a.head == EVENT and b.head == EVENT:
            aligned = len(shared) >= MIN_SHARED_TERMS
        else:
            event, thing = (a, b) if a.head == EVENT else (b, a)
            context = shared - {thing.head}
            aligned = bool(thing.head) and thing.head in event.terms and len(context) >= 1
        if not aligned or a.predicate is None:
            return None
    return Reasons(
        same_article=a.article_id == b.article_id,
        same_paragraph=a.article_id == b.article_id and a.paragraph_start == b.paragraph_start,
        same_voice=a.voice == b.voice,
        same_head=a.head == b.head,
        # Modifiers differ: a frame's thing already tells what is counted; the counted
        # phrase's words decide only without frames.
        modifiers_differ=not (a.framed and b.framed)
        and bool(a.modifiers and b.modifiers and not a.modifiers & b.modifiers),
        shared_terms=tuple(sorted(shared)),
        sources_differ=bool(a.source and b.source and not same_source(a.source, b.source)),
    )


def _same_modality(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """Put the same way, one figure denied, or one figure the text marks as an earlier one of
    the same running count ("the toll, initially put at 5,500"): one fact, whose
    classification keeps them apart. An earlier value of a level ("the rate fell to 3.4%
    from 3.5%") is another period's figure."""
    if a.modality == b.modality or {a.modality, b.modality} == {"asserted", "denied"}:
        return True  # "denied that the toll had reached 11,300" speaks of the toll
    return {a.modality, b.modality} == {"asserted", "earlier"} and a.running and b.running


def _same_event(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """Nothing says the two figures are of different events: the same instance in a series
    ("first round"), the same counting stage, and dates that can be one event's. A running
    count's date is when it was counted, not the event's: two counts of one toll dated a few
    days apart are of one event."""
    if _instance(a.event) != _instance(b.event) and not _dated_alike(a, b):
        return False
    # A running count is placed by its as-of day; "official" says who counts it, not a stage.
    # Shares at two stages of one count are of one vote: classification bounds how far the
    # rest of the count can move a share.
    if a.stage != b.stage and not (a.running and b.running) and not _counted_shares(a, b):
        return False
    x, y = a.anchor, b.anchor
    if x is None or y is None:
        return True
    if x.source != "published" and y.source != "published":
        if a.running and b.running:
            return not _apart(x, y, RUNNING_DAYS)
        return x.overlaps(y) or _reported_after(x, y) or _reported_after(y, x)
    if x.source != "published" or y.source != "published":
        return not _apart(x, y, EVENT_DAYS)
    return True


def counted_share(feature: ClaimFeatures) -> float | None:
    """How much of the count was in when the figure was given: 0.75 for "75% counted", 1.0
    for a result (no stage stated, or "final"); ``None`` for a stage that gives no share
    ("provisional")."""
    if feature.stage is None or feature.stage == "final":
        return 1.0
    match = _COUNTED_STAGE.fullmatch(feature.stage)
    return float(match.group(1)) / 100 if match else None


_COUNTED_STAGE = re.compile(r"(\d+(?:\.\d+)?)% counted")


def _counted_shares(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """Shares at two stages of one count ("75% counted", "final", none stated: the result); a
    stage that gives no share ("provisional") is told apart."""
    return (
        a.kind == b.kind == "percent"
        and counted_share(a) is not None
        and counted_share(b) is not None
        and any(f.stage for f in (a, b))
    )


def _dated_alike(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """One figure names its round ("in the first round"), the other none, and both texts
    date their event to the same days ("Sunday's election" of 14 May): one event."""
    x, y = a.anchor, b.anchor
    return (
        None in (_instance(a.event), _instance(b.event))
        and x is not None
        and y is not None
        and "published" not in (x.source, y.source)
        and x.overlaps(y)
    )


EVENT_DAYS = 31  # a figure dated this far from another's report is of another event
RUNNING_DAYS = 14  # counts of one toll dated this far apart are of one event


def _reported_after(period: Anchor, day: Anchor) -> bool:
    """``day`` is when a figure for ``period`` was published: a month's jobs figure is
    released in the days after the month ("added 517,000 jobs in January", "data released
    Friday")."""
    spans_days = period.last > period.first
    return (
        spans_days
        and day.first == day.last
        and period.last < day.first <= period.last + timedelta(days=EVENT_DAYS)
    )


def _apart(x: Anchor, y: Anchor, days: int) -> bool:
    return (y.first - x.last).days > days or (x.first - y.last).days > days


def _instance(event: str | None) -> str | None:
    return event.partition(": ")[2] or None if event else None


def _pooled(feature: ClaimFeatures) -> bool:
    """A share of a pool ("52% of the vote"): it is somebody's share."""
    return bool(feature.thing and feature.thing.startswith("share of "))


def _same_slot(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """The place, the thing and the holder agree; a share of a pool needs its holder.
    Things must be equal ("passengers" is not "people");
    holders equal where both are named. A share named by its holder alone ("Erdogan had
    47.9%") matches the same holder's share of a named thing ("52% of the vote"). A count of
    nobody's generic people needs its group ("killed")."""
    # "179 of the 181 aboard were killed" is the toll when its group says what happened to
    # the part; a bare part ("two of the 181") is a subset, not the group's tally.
    if a.part != b.part and not (a.predicate and a.predicate == b.predicate):
        return False
    # A breakdown is its own fact unless both name the same thing ("two Thai women" among
    # the dead, "the death of two Thai nationals").
    if a.subset != b.subset and not (a.thing and _thing_key(a.thing) == _thing_key(b.thing)):
        return False
    # A duration's place is where it is spent ("25 years in prison"), not whose it is.
    if a.place != b.place and not (a.kind == b.kind == "duration"):
        return False
    if (_pooled(a) and not a.holder) or (_pooled(b) and not b.holder):
        return False
    if _required(a) != _required(b):
        return False  # "short of the 50% threshold" beside "won 49.4%"
    # A held share placed nowhere by its frame, in a sentence that names other places than
    # the other's ("Queensland recorded the strongest No vote at 68.2%" beside "60.6% voting
    # No nationally"), may be a part's share: its scope is not established.
    if (
        a.kind == b.kind == "percent"
        and a.holder
        and b.holder
        and not (a.place or b.place)
        and a.sentence_places != b.sentence_places
    ):
        return False
    # Unplaced shares in sentences that name only other places ("53 per cent and 58 per cent
    # in Victoria and New South Wales" / "South Australia returned 64 per cent") are shares
    # of different places' votes, held by a named side or not.
    if (
        a.kind == b.kind == "percent"
        and not (a.place or b.place)
        and a.sentence_places
        and b.sentence_places
        and not a.sentence_places & b.sentence_places
    ):
        return False
    if a.holder and b.holder and a.holder != b.holder:
        return False
    if EVENT in (a.head, b.head):
        return True  # an event count's thing is "times": reasons_for matches its action
    if _thing_key(a.thing) != _thing_key(b.thing):
        shares = a.kind == b.kind == "percent"
        return shares and bool(a.holder and a.holder == b.holder)
    if a.role != "measure" and a.head != EVENT and a.predicate is None:
        return False  # "11 companies" and "14 companies": nothing says what they did
    if a.thing is None:
        return bool(a.predicate or (a.holder and a.holder == b.holder))
    if a.role == "count" and a.predicate:
        return True  # what happened to the things says whose count it is, named or not
    return bool(a.holder) == bool(b.holder)


def align_block(
    scope_id: str,
    features: list[ClaimFeatures],
    story_of: dict[str, str] | None = None,
    shared: dict[tuple[object, ...], Reasons] | None = None,
) -> list[AlignedPair]:
    """All aligned pairs inside one block (one story or storyline); ``story_of`` maps an
    article to its event story when the block is a storyline. Only figures with one slot
    family (measure kind and unit, group, modality) are paired. Where the block names one
    place for a slot family, a figure that names none is of that place ("11,300 died" beside
    "11,300 died in Libya"); where it names several, it is of none of them. Equal reasons
    are one object, shared through ``shared`` with other blocks when it is given (the pairs of
    a large batch repeat a few reasons)."""
    story_of = story_of or {}
    buckets: dict[tuple[object, ...], list[ClaimFeatures]] = defaultdict(list)
    for feature in features:
        if feature.slotted:
            buckets[_slot_family(feature)].append(feature)
    found: list[tuple[ClaimFeatures, ClaimFeatures, Reasons]] = []
    for group in buckets.values():
        group = _one_place_per_scope(group)
        # A figure set apart from the story's place ("elsewhere") does not name it, nor
        # does one placed in a part of the country a place noun names ("in the capital
        # territory": frames give such a place in lower case, a named place capitalised).
        places = {
            f.place for f in group if f.place and f.place != ELSEWHERE and not f.place.islower()
        }
        if len(places) == 1:
            (only,) = places
            group = [
                f if f.place or _scoped_elsewhere(f, only) else replace(f, place=only)
                for f in group
            ]
        for i, x in enumerate(group):
            for y in group[i + 1 :]:
                if x.article_id == y.article_id and x.start == y.start:
                    continue
                why = reasons_for(x, y)
                if why is not None:
                    found.append((x, y, why))
    rivals = _rival_counters([(x, y) for x, y, _ in found])
    known = {} if shared is None else shared
    pairs = []
    for x, y, why in found:
        key = (
            why,
            story_of.get(x.article_id) == story_of.get(y.article_id),
            rivals[(x.article_id, x.start)],
        )
        reasons = known.get(key)
        if reasons is None:
            reasons = known[key] = replace(why, same_story=key[1], rival_counters=key[2])
        pairs.append(AlignedPair(x, y, reasons, scope_id))
    return pairs


def _scoped_elsewhere(feature: ClaimFeatures, place: str) -> bool:
    """A share whose sentence names other places than ``place`` and not ``place`` is of one of
    those ("Queensland delivered a No vote of 67%" beside "72% in Gippsland"): shares of
    one vote split by place, where a toll is the story's."""
    return (
        feature.kind == "percent"
        and bool(feature.sentence_places)
        and place not in feature.sentence_places
    )


def _one_place_per_scope(group: list[ClaimFeatures]) -> list[ClaimFeatures]:
    """Places the block's sentences nest ("the toll in Libya's city of Derna", "Derna,
    Libya") are one scope for the slot family: each figure's place becomes the first of its
    nest. A sentence whose figures have different places sets those places side by side
    ("2,300 in Derna and 170 elsewhere in Libya"): they stay apart."""
    places = {f.place for f in group if f.place and f.place != ELSEWHERE}
    if len(places) < 2:
        return group
    by_sentence: dict[tuple[str, int], list[ClaimFeatures]] = defaultdict(list)
    for feature in group:
        by_sentence[(feature.article_id, feature.sentence_start)].append(feature)
    apart: set[frozenset[str]] = set()
    for members in by_sentence.values():
        own = sorted({f.place for f in members if f.place})
        apart |= {frozenset((x, y)) for i, x in enumerate(own) for y in own[i + 1 :]}
    parent = {place: place for place in places}

    def find(place: str) -> str:
        while parent[place] != place:
            place = parent[place]
        return place

    for feature in group:
        if feature.place not in parent:
            continue
        for other in sorted(feature.sentence_places & places - {feature.place}):
            if frozenset((feature.place, other)) not in apart:
                low, high = sorted((find(feature.place), find(other)))
                parent[high] = low
    return [replace(f, place=find(f.place)) if f.place in parent else f for f in group]


def _rival_counters(ends: list[tuple[ClaimFeatures, ClaimFeatures]]) -> dict[tuple[str, int], bool]:
    """For each aligned figure (article, start): whether its fact (the connected aligned
    figures) names two counters that are not one (``Reasons.rival_counters``)."""
    rivals: dict[tuple[str, int], bool] = {}
    for members in _connected(ends):
        counters: list[str] = []
        for member in members:
            source = member.source
            if source and not any(same_source(source, known) for known in counters):
                counters.append(source)
        rivals.update({(m.article_id, m.start): len(counters) > 1 for m in members})
    return rivals


def _slot_family(feature: ClaimFeatures) -> tuple[object, ...]:
    measure = feature.role == "measure"
    return (
        measure,
        feature.kind if measure else "",
        feature.unit if measure else "",
        feature.predicate,
        "asserted" if feature.modality in {"earlier", "denied"} else feature.modality,
    )


def connected(pairs: list[AlignedPair]) -> list[list[ClaimFeatures]]:
    """The mentions that aligned pairs connect, one group per fact."""
    return _connected([(pair.a, pair.b) for pair in pairs])


def _connected(ends: list[tuple[ClaimFeatures, ClaimFeatures]]) -> list[list[ClaimFeatures]]:
    """:func:`connected` from each pair's two mentions."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}
    features: dict[tuple[str, int], ClaimFeatures] = {}

    def find(key: tuple[str, int]) -> tuple[str, int]:
        root = parent.setdefault(key, key)
        while parent[root] != root:
            root = parent[root]
        while key != root:  # path compression: later finds are short
            parent[key], key = root, parent[key]
        return root

    for a, b in ends:
        ka, kb = (a.article_id, a.start), (b.article_id, b.start)
        features[ka], features[kb] = a, b
        parent[find(ka)] = find(kb)
    groups: dict[tuple[str, int], list[ClaimFeatures]] = defaultdict(list)
    for key, feature in features.items():
        groups[find(key)].append(feature)
    return list(groups.values())


def build_claims(
    scope_id: str, pairs: list[AlignedPair], features: Sequence[ClaimFeatures] = ()
) -> list[Claim]:
    """Connected groups of aligned mentions as model claims, and each other figure of
    ``features`` whose frame says what fact it states as a claim of its own: a fact only one
    outlet reports is still a fact of the story (its coverage shows who left it out)."""
    groups = connected(pairs)
    grouped = {(m.article_id, m.start) for members in groups for m in members}
    groups += [
        [feature]
        for feature in features
        if feature.slotted and (feature.article_id, feature.start) not in grouped
    ]
    claims = []
    for members in groups:
        members.sort(key=lambda m: (m.article_id, m.start))
        claims.append(
            Claim(
                id=stable_id("claim", scope_id, *(f"{m.article_id}:{m.start}" for m in members)),
                story_id=scope_id,
                key=claim_label(members),
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


def claim_label(members: list[ClaimFeatures]) -> str:
    """Words a reader understands, from the frames: "disaster of 10 Sep 2023: deaths",
    "election (first round) of 14 May 2023: vote, in percent (Recep Tayyip Erdoğan)"."""
    first = members[0]
    event = next((m.event for m in members if m.event), None)
    kind, _, instance = (event or "").partition(": ")
    name = kind or "event"
    if instance:
        name += f" ({instance})"
    dated = [m.anchor for m in members if m.anchor is not None and m.anchor.source != "published"]
    days = [m.published for m in members if m.published is not None]
    if dated:
        name += f" of {min(dated, key=lambda a: a.first).label()}"
    elif days:
        name += f" reported {min(days).day} {min(days):%b %Y}"
    labels: dict[str, str] = table("predicate_groups")["labels"]
    thing = next((m.thing for m in members if m.thing), None)
    what = [labels.get(first.predicate or "", first.predicate or ""), thing or ""]
    if first.head == EVENT:
        what.append("times")
    text = " ".join(dict.fromkeys(w for w in what if w)) or (first.counted or "figure")
    if first.kind == "percent":
        text += ", in percent"
    elif first.unit and first.role == "measure":
        text += f", in {first.unit}"
    holder = next((m.holder for m in members if m.holder), None)
    if holder:
        text += f" ({holder})"
    if first.place:
        text += f" in {first.place}"
    return f"{name}: {text}"
