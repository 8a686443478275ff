"""How each outlet frames one story: its distinctive words, the labels it gives the actors, its
scare quotes, the loaded terms it uses, and its tone toward each actor.

Framing is the outlet's own voice, so the words of a speaker it quotes verbatim (direct and
mixed quotes, marks included) are left out of every measure; a paraphrase (an indirect quote)
is the outlet's wording and counts. A copy counts toward its original publisher
(``outlet_of``) and a sentence an outlet prints twice (a syndicated copy beside its original)
counts once.

- Distinctive terms: unigrams and bigrams of each outlet against the story's other outlets, by
  the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008,
  "Fightin' Words", eq. 16-22): the prior is the background's term frequencies scaled to
  :data:`PRIOR_TOTAL`, the z-score the log-odds over its standard deviation.
- Actor labels: the description right before an actor's name ("the militant group Hamas"), in
  apposition after it ("Hamas, the Palestinian militant group,") or the group noun after it
  ("Hamas militants"), from the word lists of ``data/framing/<language>.json``.
- Scare quotes: an actor's name or a loaded term in quote marks that are not a speaker's
  quote, a title or a word being mentioned. Other short quoted phrases are left out: in news
  they are mostly fragments of what somebody said that the quote annotator did not attribute
  ("eradicate Hamas", "a bloodbath" of a jobs report).
- Tone: a :class:`SentimentScorer` (VADER for English) on the clause around each mention,
  with the mention's own words cut out; languages the scorer does not know get no tone.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, Protocol

from counterpoint.compare.briefing import is_page_furniture
from counterpoint.compare.outlets import outlet_of as stated_outlet
from counterpoint.lexicon import data_path, table, words
from counterpoint.model import (
    ActorLabel,
    ActorSentiment,
    Article,
    CitedSentence,
    DistinctiveTerm,
    Entity,
    OutletFraming,
    ScareQuote,
)

# Total weight of the informative prior (Monroe et al.'s alpha_0): enough that a term a
# single article repeats does not beat the terms an outlet uses throughout.
PRIOR_TOTAL = 100.0
Z_MIN = 1.96
MIN_COUNT = 2
SCORES_KEPT = 65_536  # clause scores a scorer keeps
ACTOR_KINDS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
PERSON_KINDS = frozenset({"PERSON", "PER"})
# How many times more often one full name ending in a surname must be written than any other
# for the bare surname to be it.
DOMINANT_NAME = 3
STATE_KINDS = frozenset({"GPE"})
PLACE_KINDS = frozenset({"GPE", "LOC", "FAC"})
# Quote types whose words are the speaker's, not the outlet's.
SPEECH_TYPES = frozenset({"direct", "mixed"})
MAX_LABEL_WORDS = 6
MAX_SCARE_WORDS = 3
SHORT_CLAUSE_WORDS = 4
EVIDENCE_SENTENCES = 3
# A word, or an acronym written with dots ("U.S.", read as "us").
WORD = re.compile(r"(?:[^\W\d_]\.){2,}|[^\W\d_]+(?:['’-][^\W\d_]+)*")


class SentimentScorer(Protocol):
    """Polarity of a short text in [-1, 1], for the languages it supports."""

    def supports(self, language: str | None) -> bool: ...

    def polarity(self, text: str) -> float: ...


class VaderScorer:
    """VADER's compound score (Hutto and Gilbert 2014); its lexicon is English only."""

    LANGUAGES = frozenset({"en"})

    def __init__(self) -> None:
        from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

        self._analyzer = SentimentIntensityAnalyzer()
        # Clauses recur (boilerplate, a copy's sentences); a score depends on the text alone.
        self._scores: dict[str, float] = {}

    def supports(self, language: str | None) -> bool:
        return language in self.LANGUAGES

    def polarity(self, text: str) -> float:
        score = self._scores.get(text)
        if score is None:
            if len(self._scores) >= SCORES_KEPT:
                self._scores.clear()
            score = self._scores[text] = float(self._analyzer.polarity_scores(text)["compound"])
        return score


@cache
def _default_scorer() -> VaderScorer:
    return VaderScorer()


@dataclass(frozen=True, slots=True)
class _Sentence:
    """One distinct sentence of an outlet, with the speakers' spans inside its article."""

    article: Article
    start: int
    end: int
    speech: tuple[tuple[int, int], ...]

    @property
    def text(self) -> str:
        return self.article.text[self.start : self.end]

    def in_speech(self, start: int, end: int) -> bool:
        return any(start < s_end and s_start < end for s_start, s_end in self.speech)


def story_framing(
    articles: list[Article],
    outlet_of: dict[str, str],
    background: list[Article] | None = None,
    max_terms: int = 15,
    *,
    scorer: SentimentScorer | None = None,
) -> list[OutletFraming]:
    """The framing of each independent outlet of one story (``articles``), outlets by name.

    ``outlet_of`` maps article id -> independent outlet; ``background`` (the storyline or the
    corpus; the story's own articles are always added) gives the prior of the term scores."""
    by_outlet = _outlet_sentences(articles, outlet_of)
    prior = _prior(background or [], articles)
    counts = {outlet: _term_counts(sentences) for outlet, sentences in by_outlet.items()}
    # Every outlet's counts added once: the others' count of a term is this less the
    # outlet's own (summing the others for each outlet grows with the square of outlets).
    every: Counter[str] = Counter()
    for outlet_counts in counts.values():
        every.update(outlet_counts)
    actors = _actor_names(articles)
    resolver = _Actors(articles)
    judge = scorer or _default_scorer()
    framings = []
    for outlet in sorted(by_outlet):
        own = counts[outlet]
        others_total = every.total() - own.total()
        sentences = by_outlet[outlet]
        framings.append(
            OutletFraming(
                outlet=outlet,
                terms=_log_odds(own, _Rest(every, own), others_total, prior, max_terms)
                if others_total
                else [],
                actor_labels=_actor_labels(sentences, resolver),
                scare_quotes=_scare_quotes(sentences, actors),
                loaded_terms=_loaded_terms(sentences),
                sentiment=_sentiment(sentences, outlet, judge, resolver),
            )
        )
    return framings


# --- the sentences an outlet wrote -------------------------------------------------------


def _outlet_sentences(
    articles: list[Article], outlet_of: dict[str, str]
) -> dict[str, list[_Sentence]]:
    """Each outlet's distinct sentences, in article order."""
    found: dict[str, list[_Sentence]] = defaultdict(list)
    seen: dict[str, set[str]] = defaultdict(set)
    for article in articles:
        outlet = outlet_of.get(article.id) or stated_outlet(article)
        for sentence in _sentences(article):
            key = " ".join(sentence.text.split()).casefold()
            if key and key not in seen[outlet]:
                seen[outlet].add(key)
                found[outlet].append(sentence)
    return dict(found)


def _background_counts(articles: Iterable[Article]) -> Counter[str]:
    """The terms of ``articles``, each distinct sentence once (a copy adds nothing)."""
    seen: set[str] = set()
    counts: Counter[str] = Counter()
    for article in articles:
        for sentence in _sentences(article):
            key = " ".join(sentence.text.split()).casefold()
            if key not in seen:
                seen.add(key)
                counts.update(_terms(sentence))
    return counts


# The background's counts, kept for the next story: compare asks for every story of a corpus
# (or of a storyline) with the same background.
_BACKGROUND_CACHE: dict[tuple[str, ...], Counter[str]] = {}
_BACKGROUND_CACHE_SIZE = 4


def _cached_background_counts(articles: list[Article]) -> Counter[str]:
    key = tuple(f"{a.id}:{hash(a.text)}:{len(a.quotes)}:{len(a.sentences)}" for a in articles)
    if key not in _BACKGROUND_CACHE:
        if len(_BACKGROUND_CACHE) >= _BACKGROUND_CACHE_SIZE:
            del _BACKGROUND_CACHE[next(iter(_BACKGROUND_CACHE))]
        _BACKGROUND_CACHE[key] = _background_counts(articles)
    return _BACKGROUND_CACHE[key]


def _sentences(article: Article) -> list[_Sentence]:
    speech = tuple(
        # The marks around a verbatim quote are the speaker's too.
        (max(quote.start - 1, 0), quote.end + 1)
        for quote in article.quotes
        if quote.type in SPEECH_TYPES
    )
    spans = article.sentences or article.paragraphs
    bounds = [(span.start, span.end) for span in spans] or [(0, len(article.text))]
    return [
        _Sentence(article, start, end, tuple(s for s in speech if s[0] < end and start < s[1]))
        for start, end in bounds
        # a photo credit or a related link is the page's, not the outlet's framing
        if not is_page_furniture(article.text[start:end], article)
    ]


@cache
def _data(code: str | None) -> dict[str, Any]:
    """``data/framing/<code>.json``; empty for a language without one."""
    if not code or not code.isalpha() or not data_path(f"framing/{code}.json").is_file():
        return {}
    data: dict[str, Any] = table(f"framing/{code}")
    return data


@cache
def _word_set(code: str | None, name: str) -> frozenset[str]:
    return frozenset(_data(code).get(name, ()))


# --- distinctive terms --------------------------------------------------------------------


def _terms(sentence: _Sentence) -> tuple[str, ...]:
    """The sentence's unigrams and bigrams outside speech: lower case, no stop words, no
    numbers; a bigram is two adjacent such words with nothing but a space between them."""
    article = sentence.article
    return _terms_of(article.text, sentence.start, sentence.end, sentence.speech, article.language)


# A block's sentences are read for its background, then again for each of its stories.
@lru_cache(maxsize=8192)
def _terms_of(
    text: str, start: int, end: int, speech: tuple[tuple[int, int], ...], language: str | None
) -> tuple[str, ...]:
    stop = _word_set(language, "stop_words")
    found = []
    previous: re.Match[str] | None = None
    for match in WORD.finditer(text, start, end):
        word = _normal(match.group())
        if _after_number(text, match.start()):
            previous = None
            continue
        # An acronym ("US", "IT") is a name, not the stop word it spells.
        stopped = word in stop and not match.group().replace(".", "").isupper()
        spoken = any(match.start() < s_end and s_start < match.end() for s_start, s_end in speech)
        if stopped or len(word) < 2 or spoken:
            previous = None
            continue
        found.append(word)
        if previous is not None and not text[previous.end() : match.start()].strip():
            found.append(f"{_normal(previous.group())} {word}")
        previous = match
    return tuple(found)


def _after_number(text: str, start: int) -> bool:
    """The word is the tail of a number ("37-year-old", "5km")."""
    head = text[max(start - 2, 0) : start]
    return head[-1:].isdigit() or (head[-1:] == "-" and head[:1].isdigit())


def _normal(word: str) -> str:
    word = word.casefold().replace("’", "'").replace(".", "")
    return word.removesuffix("'s")


def _term_counts(sentences: Iterable[_Sentence]) -> Counter[str]:
    return Counter(term for sentence in sentences for term in _terms(sentence))


def _prior(background: list[Article], articles: list[Article]) -> dict[str, float]:
    """Each term's prior pseudo-count (Monroe et al.'s alpha_w): its share of the background
    (with the story's own articles, so every term of the story has one) times alpha_0."""
    known = {article.id for article in background}
    counts = _cached_background_counts(background) + _background_counts(
        article for article in articles if article.id not in known
    )
    total = sum(counts.values()) or 1
    return {term: PRIOR_TOTAL * count / total for term, count in counts.items()}


@dataclass(frozen=True, slots=True)
class _Rest:
    """The others' count of a term: every outlet's count less this outlet's own."""

    every: Counter[str]
    own: Counter[str]

    def get(self, term: str, default: int = 0) -> int:
        return self.every.get(term, default) - self.own.get(term, 0)


def _distinctive(
    counts: Counter[str], others: Counter[str], prior: dict[str, float], limit: int
) -> list[DistinctiveTerm]:
    """The log-odds ratio of each term between the outlet and the others, with the prior
    pseudo-counts ``prior``, over its approximate standard deviation (Monroe et al. 2008,
    eq. 16-22), for the terms used at least :data:`MIN_COUNT` times with z >= :data:`Z_MIN`,
    highest z first."""
    return _log_odds(counts, others, sum(others.values()), prior, limit)


def _log_odds(
    counts: Counter[str],
    others: Counter[str] | _Rest,
    other_total: int,
    prior: dict[str, float],
    limit: int,
) -> list[DistinctiveTerm]:
    """:func:`_distinctive` with the others' counts read through ``others.get``."""
    total = sum(counts.values())
    alpha_0 = sum(prior.values())
    found = []
    for term, count in counts.items():
        alpha = prior.get(term, 0.0)
        if count < MIN_COUNT or alpha <= 0:
            continue
        other = others.get(term, 0)
        rest, other_rest = total + alpha_0 - count - alpha, other_total + alpha_0 - other - alpha
        if rest <= 0 or other_rest <= 0:  # the term is the whole vocabulary: no odds
            continue
        delta = math.log((count + alpha) / rest) - math.log((other + alpha) / other_rest)
        z = delta / math.sqrt(1 / (count + alpha) + 1 / (other + alpha))
        if z >= Z_MIN:
            found.append(DistinctiveTerm(term, round(z, 3), round(delta, 4), count))
    found.sort(key=lambda t: (-t.z, t.term))
    return _without_parts(found)[:limit]


def _without_parts(terms: list[DistinctiveTerm]) -> list[DistinctiveTerm]:
    """Drop a word the outlet uses only inside a listed phrase ("resistance" when every
    "resistance" is "palestinian resistance"): the phrase says it."""
    phrases = [t for t in terms if " " in t.term]
    return [
        t
        for t in terms
        if " " in t.term
        or not any(p.count == t.count and t.term in p.term.split() for p in phrases)
    ]


# --- actor labels ------------------------------------------------------------------------


class _Actors:
    """Who a mention in the story stands for, if anyone: a surname or a name with a middle
    initial is the one full name of the story it shortens ("Bankman-Fried", "Lewis A.
    Kaplan"); a demonym before a noun of rule ("Israeli authorities") is its state, before
    another noun ("Thai nationals") no actor, alone or plural ("Israelis") its people; a place
    after a word of location ("in Derna", "from Bangkok") is a setting and a body after a
    word of attribution ("told CNN", "according to AP") a source, neither an actor."""

    def __init__(self, articles: list[Article]) -> None:
        people = Counter(
            e.canonical for a in articles for e in a.entities if e.label in PERSON_KINDS
        )
        self.states = {e.canonical for a in articles for e in a.entities if e.label in STATE_KINDS}
        self.person = {name: _full_name(name, people) for name in people}
        # a tagger often takes a lone surname for a body ("Bankman-Fried" as ORG)
        for entity in (e for a in articles for e in a.entities if e.label in ACTOR_KINDS):
            name = entity.canonical
            if " " not in name and name not in self.person:
                full = _full_name(name, people + Counter({name: 1}))
                if full != name:
                    self.person[name] = full
        self._state_of: dict[str, str | None] = {}
        codes = {a.language for a in articles}
        self.irregular: dict[str, str] = {
            k: v for code in codes for k, v in _data(code).get("demonym_states", {}).items()
        }

    def of(self, sentence: _Sentence, entity: Entity) -> str | None:
        code = sentence.article.language
        text = sentence.article.text
        before = " ".join(text[sentence.start : entity.start].split()[-3:]).casefold()
        after = re.match(r"\s([^\W\d_][\w'’-]*)", text[entity.end : sentence.end])
        if entity.label in PERSON_KINDS or entity.canonical in self.person:
            return self.person.get(entity.canonical, entity.canonical)
        if entity.label in PLACE_KINDS and _ends_with(before, _data(code).get("setting_words", ())):
            return None
        if entity.label == "ORG" and _ends_with(before, _data(code).get("source_words", ())):
            return None
        if entity.label != "NORP" or not _data(code).get("demonym_before_noun"):
            return entity.canonical
        following = after.group(1) if after else ""
        if following.casefold() in _word_set(code, "member_nouns"):
            return self.state(entity.canonical)
        written = text[entity.start : entity.end]
        people = written.endswith(tuple(_data(code).get("group_endings", ())))
        if not people and (
            following[:1].islower() or following.casefold() in _word_set(code, "label_heads")
        ):
            return None
        return entity.canonical

    def state(self, demonym: str) -> str:
        """The story's state a demonym names ("Israeli" -> Israel, "Thai" -> Thailand), by
        their shared stem; the demonym itself when the story names none."""
        if demonym not in self._state_of:
            folded = demonym.casefold()
            stated = self.irregular.get(folded)
            self._state_of[demonym] = (
                stated
                if stated in self.states
                else next(
                    (
                        state
                        for state in sorted(self.states, key=len)
                        if _same_stem(folded, state.casefold())
                    ),
                    None,
                )
            )
        return self._state_of[demonym] or demonym


def _full_name(name: str, people: Counter[str]) -> str:
    """The story's one full name ``name`` shortens (``people``: person names by mentions),
    else ``name``. Of several, one named far more often than the rest is it: the others are
    a tagger's slips ("Sentencing Bankman-Fried" beside "Sam Bankman-Fried")."""
    bare = {other: _without_initials(other) for other in people}
    if bare[name] != name and bare[name] in people:
        return bare[name]
    if len(name.split()) > 1:
        return name
    longer: Counter[str] = Counter()
    for other, count in people.items():
        if len(other.split()) > 1 and other.split()[-1] == name:
            longer[bare[other] if bare[other] in people else other] += count
    ranked = longer.most_common(2)
    if len(ranked) == 1 or (ranked and ranked[0][1] >= DOMINANT_NAME * ranked[1][1]):
        return ranked[0][0]
    return name


def _without_initials(name: str) -> str:
    return " ".join(w for w in name.split() if not re.fullmatch(r"[A-Z]\.?", w))


def _same_stem(demonym: str, state: str) -> bool:
    """A demonym and a state's name of one stem: one begins the other ("thai"/"thailand",
    "israeli"/"israel"), or they part only in the state's last two letters
    ("palestinian"/"palestine")."""
    if " " in demonym and demonym.rsplit(" ", 1)[0] != state.rsplit(" ", 1)[0]:
        return False
    common = next(
        (i for i, (a, b) in enumerate(zip(demonym, state, strict=False)) if a != b),
        min(len(demonym), len(state)),
    )
    return common >= 4 and common >= min(len(demonym), len(state) - 2)


def _ends_with(words: str, cues: Iterable[str]) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(cue)}(?:\s+the)?$", words) for cue in cues)


def _actor_mentions(sentence: _Sentence, actors: _Actors) -> Iterator[tuple[Entity, str]]:
    for entity in sentence.article.entities:
        if (
            entity.label in ACTOR_KINDS
            and sentence.start <= entity.start
            and entity.end <= sentence.end
            and not sentence.in_speech(entity.start, entity.end)
        ):
            actor = actors.of(sentence, entity)
            if actor is not None:
                yield entity, actor


def _actor_labels(sentences: list[_Sentence], actors: _Actors) -> list[ActorLabel]:
    counts: Counter[tuple[str, str]] = Counter()
    surface: dict[tuple[str, str], str] = {}
    loaded_of: dict[tuple[str, str], bool] = {}
    for sentence in sentences:
        code = sentence.article.language
        for entity, actor in _actor_mentions(sentence, actors):
            for label in _labels_of(sentence, entity):
                key = (actor, label.casefold())
                counts[key] += 1
                surface.setdefault(key, label)
                loaded_of[key] = bool(_loaded_in(label, code))
    return [
        ActorLabel(actor, surface[(actor, key)], count, loaded_of[(actor, key)])
        for (actor, key), count in sorted(counts.items(), key=lambda kv: (kv[0][0], -kv[1]))
    ]


def _labels_of(sentence: _Sentence, entity: Entity) -> Iterator[str]:
    text, code = sentence.article.text, sentence.article.language
    heads = _word_set(code, "label_heads")
    before = _premodifier(text[sentence.start : entity.start], code, heads)
    if before:
        yield before
    after = text[entity.end : sentence.end]
    apposition = _apposition(after, entity, code, heads)
    if apposition:
        yield apposition
    if entity.label != "PERSON":
        member = re.match(r"\s+([^\W\d_]+)", after)
        if member and member.group(1).casefold() in _word_set(code, "member_nouns"):
            yield member.group(1).casefold()


def _premodifier(before: str, code: str | None, heads: frozenset[str]) -> str | None:
    """The description right before a name: the words back to a stop word or a punctuation
    mark, ending in a head noun ("the Palestinian militant group Hamas") or, for a title in
    capitals, holding one ("US Secretary of State Antony Blinken"). None when a preposition
    opens it ("spokesman for the UN Secretary-General Farhan Haq": the title is another's)."""
    clause = re.split(r"[^\w\s'’.-]|\.\s", before)[-1]
    if not clause.endswith((" ", "\u00a0")):
        return None
    tokens = clause.split()
    stop, joiners = _word_set(code, "stop_words"), _word_set(code, "label_joiners")
    determiners = _word_set(code, "determiners")
    label: list[str] = []
    for at in range(len(tokens) - 1, -1, -1):
        token = tokens[at]
        # Acronyms ("US", "UN") are names, not the stop words they spell; a joiner between
        # capitalised words is part of a title ("Secretary of State").
        joins = token in joiners and bool(label) and label[0][:1].isupper()
        # A dash or a dateline's stray mark ends the description as punctuation does.
        if len(label) == MAX_LABEL_WORDS or not any(char.isalpha() for char in token):
            break
        if token.casefold() in stop and not token.isupper() and not joins:
            opener = tokens[at - 1] if token.casefold() in determiners and at else token
            if opener.casefold() in joiners:
                return None
            break
        label.insert(0, token)
    while label and label[0] in joiners:
        label.pop(0)
    if not label:
        return None
    titled = all(word[:1].isupper() for word in label if word not in joiners)
    if label[-1].casefold() in heads or (
        titled and any(word.casefold() in heads for word in label)
    ):
        return " ".join(label)
    return None


def _apposition(after: str, entity: Entity, code: str | None, heads: frozenset[str]) -> str | None:
    """The description set off after a name: ", the Palestinian militant group," with its
    head last, or before a joiner (", the leader of the group,"); a person's may go without
    the article (", deputy spokesman for the UN Secretary-General,")."""
    determiners = "|".join(map(re.escape, sorted(_word_set(code, "determiners"))))
    if not determiners:
        return None
    optional = "?" if entity.label == "PERSON" else ""
    match = re.match(
        rf",\s+(?:(?:{determiners})\s+){optional}([^,;:()\"“”«»]+?)\s*(?:[,;:)]|\.(?:\s|$)|$)",
        after,
        re.I,
    )
    if not match:
        return None
    phrase = match.group(1).split()
    joiners = _word_set(code, "label_joiners")
    head_at = next((i for i, word in enumerate(phrase) if word in joiners), len(phrase)) - 1
    if len(phrase) > MAX_LABEL_WORDS or head_at < 0 or phrase[head_at].casefold() not in heads:
        return None
    return " ".join(phrase)


# --- loaded terms -------------------------------------------------------------------------


@cache
def _loaded_pattern(code: str | None) -> re.Pattern[str] | None:
    terms = sorted(_data(code).get("loaded_terms", ()), key=len, reverse=True)
    if not terms:
        return None
    return re.compile(rf"(?<![\w-])(?:{'|'.join(map(re.escape, terms))})(?![\w-])", re.I)


def _loaded_in(text: str, code: str | None) -> list[re.Match[str]]:
    pattern = _loaded_pattern(code)
    return list(pattern.finditer(text)) if pattern else []


def _is_loaded_term(text: str, code: str | None) -> bool:
    """``text`` is one of the lexicon's loaded terms, whole."""
    pattern = _loaded_pattern(code)
    return bool(pattern and pattern.fullmatch(text.strip()))


def _loaded_terms(sentences: list[_Sentence]) -> list[str]:
    """The loaded-lexicon terms the outlet uses in its own voice, most used first."""
    counts: Counter[str] = Counter()
    for sentence in sentences:
        for match in _loaded_in(sentence.text, sentence.article.language):
            start = sentence.start + match.start()
            if not sentence.in_speech(start, start + len(match.group())):
                counts[match.group().casefold()] += 1
    return [term for term, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


# --- scare quotes -------------------------------------------------------------------------


@cache
def _quoted_pattern(code: str | None) -> re.Pattern[str] | None:
    """One to a few words between a pair of marks, the opening one after a non-letter and the
    closing one before one (so an apostrophe "the US' efforts" opens nothing)."""
    pairs: list[str] = []
    for opening, closing in _data(code).get("quote_marks", ()):
        o, c = re.escape(opening), re.escape(closing)
        pairs.append(rf"(?<!\w){o}(?P<c{len(pairs)}>[^\W_][^\n{o}{c}]{{0,60}}?(?<=\S)){c}(?!\w)")
    return re.compile("|".join(pairs)) if pairs else None


def _scare_quotes(sentences: list[_Sentence], actors: dict[str, str]) -> list[ScareQuote]:
    """The actors' names and the loaded terms the outlet puts in marks of its own, names
    first."""
    found = []
    for sentence in sentences:
        article, code = sentence.article, sentence.article.language
        pattern = _quoted_pattern(code)
        if pattern is None:
            continue
        for match in pattern.finditer(article.text, sentence.start, sentence.end):
            group = next(name for name, value in match.groupdict().items() if value)
            start, end = match.span(group)
            if not _is_scare_quote(sentence, start, end, code):
                continue
            actor = _actor_at(article, start, end, actors)
            if actor or _is_loaded_term(article.text[start:end], code):
                found.append(ScareQuote(article.id, start, end, actor))
    return sorted(found, key=lambda q: (q.actor is None, q.article_id, q.start))


def _is_scare_quote(sentence: _Sentence, start: int, end: int, code: str | None) -> bool:
    """A short term the outlet quotes itself: not a speaker's words, not after a word that
    makes it a title, a name or a mention ("the film", "the word", "dubbed", "said"), not a
    nickname inside a name."""
    article = sentence.article
    content = article.text[start:end]
    # A question or an exclamation in marks is something somebody said.
    if not 1 <= len(content.split()) <= MAX_SCARE_WORDS or len(content) < 2:
        return False
    if content.endswith(("?", "!")):
        return False
    if any(
        quote.type in SPEECH_TYPES and quote.start < end + 1 and start - 1 < quote.end
        for quote in article.quotes
    ):
        return False
    if any(
        e.label == "PERSON" and e.start < start - 1 and end + 1 < e.end for e in article.entities
    ):
        return False
    lead = " ".join(article.text[sentence.start : start - 1].split()[-3:]).casefold()
    cues = (*_data(code).get("not_scare_cues", ()), *words(code, "speech_cues"))
    return not any(re.search(rf"(?<!\w){re.escape(cue)}(?!\w)", lead) for cue in cues)


def _actor_names(articles: list[Article]) -> dict[str, str]:
    """Every way the story writes an actor (its mentions and canonical names, folded) ->
    canonical name."""
    names: dict[str, str] = {}
    for article in articles:
        for entity in article.entities:
            if entity.label in ACTOR_KINDS:
                names.setdefault(
                    article.text[entity.start : entity.end].casefold(), entity.canonical
                )
                names.setdefault(entity.canonical.casefold(), entity.canonical)
    return names


def _actor_at(article: Article, start: int, end: int, actors: dict[str, str]) -> str | None:
    """The actor a quoted term names: the whole term is its mention or one of its names."""
    for entity in article.entities:
        if entity.label in ACTOR_KINDS and (entity.start, entity.end) == (start, end):
            return entity.canonical
    return actors.get(article.text[start:end].casefold())


# --- tone ---------------------------------------------------------------------------------


def _sentiment(
    sentences: list[_Sentence], outlet: str, scorer: SentimentScorer, actors: _Actors
) -> list[ActorSentiment]:
    """Mean polarity of the clauses around each actor's mentions (actors mentioned at least
    twice), with the sentences that weigh most."""
    scores: dict[str, list[tuple[float, _Sentence]]] = defaultdict(list)
    for sentence in sentences:
        if not scorer.supports(sentence.article.language):
            continue
        for entity, actor in _actor_mentions(sentence, actors):
            clause = _clause_around(sentence, entity)
            scores[actor].append((scorer.polarity(clause), sentence))
    found = []
    for actor, scored in scores.items():
        if len(scored) < MIN_COUNT:
            continue
        evidence: list[CitedSentence] = []
        for score, sentence in sorted(scored, key=lambda s: -abs(s[0])):
            cited = CitedSentence(sentence.article.id, sentence.start, sentence.end, outlet)
            if score and cited not in evidence and len(evidence) < EVIDENCE_SENTENCES:
                evidence.append(cited)
        mean = sum(score for score, _ in scored) / len(scored)
        found.append(ActorSentiment(actor, round(mean, 4), len(scored), evidence))
    return sorted(found, key=lambda s: (-s.mentions, s.actor))


@cache
def _clause_break(code: str | None) -> re.Pattern[str]:
    marks = "".join(map(re.escape, _data(code).get("clause_marks", ())))
    joiners = "|".join(map(re.escape, _data(code).get("clause_words", ())))
    parts = [f"[{marks}]"] if marks else []
    if joiners:
        parts.append(rf"(?<!\w)(?:{joiners})(?!\w)")
    return re.compile("|".join(parts) or "(?!)", re.I)


def _clause_around(sentence: _Sentence, entity: Entity) -> str:
    """The clause of ``sentence`` holding the mention, joined with its neighbours while it is
    shorter than :data:`SHORT_CLAUSE_WORDS` words, the mention's own words cut out (a name
    such as "Freedom Party" carries no tone toward its bearer)."""
    text = sentence.text
    at, until = entity.start - sentence.start, entity.end - sentence.start
    breaks = _clause_break(sentence.article.language).finditer(text)
    cuts = [0, *(found.start() for found in breaks), len(text)]
    clauses = [(a, b) for a, b in itertools.pairwise(cuts) if b > a] or [(0, len(text))]
    index = next((i for i, (a, b) in enumerate(clauses) if a <= at < b), 0)
    first = last = index
    while _word_count(text, clauses, first, last, at, until) < SHORT_CLAUSE_WORDS:
        if last + 1 < len(clauses):
            last += 1
        elif first > 0:
            first -= 1
        else:
            break
    start, end = clauses[first][0], clauses[last][1]
    return f"{text[start:at]} {text[until:end]}".strip()


def _word_count(
    text: str, clauses: list[tuple[int, int]], first: int, last: int, at: int, until: int
) -> int:
    start, end = clauses[first][0], clauses[last][1]
    return len(WORD.findall(text[start:at] + " " + text[until:end]))
