"""Synthetic corpus benchmark for link + compare.

Generates N annotated articles (default 100,000) in stories spread over time, with planted
duplicates (exact, near and syndicated copies), storylines (follow-up events of a story) and
numeric claims: most stories report one figure consistently, some have one outlet giving a
different index for the same dated occurrence ("the fourth time" against "the sixth time": a
planted conflict), some report a toll (a running count: the killed, the evacuated) that rises
from day to day (change over time, must not be flagged). Each outlet words its report its own
way, so two reports of one event share names and phrases, not passages. Annotations (title
and paragraphs, sentences, quantities with their event frames, resolved times, entities) are
generated with the text as annotate gives them, since this measures linking, not NLP;
``--check-annotations K`` annotates K of the articles with the real pipeline and reports how
far the planted annotations are annotate's own (``annotation_check``).

Reports separately: embedding time (USE on every article's headline + lead, or the synthetic
topic vectors with ``--embedder synthetic``), link time, compare time, peak memory, story
B-cubed F1, duplicate recall, conflict precision/recall. Writes bench/results/link.json.

    python bench/synthetic_link.py --sizes 10000 100000
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import random
import re
import resource
import time
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from counterpoint.compare import compare
from counterpoint.lexicon import table
from counterpoint.link import LinkResult, link
from counterpoint.link.embedding import UseEmbedder, story_text
from counterpoint.model import (
    Article,
    Entity,
    Frame,
    Paragraph,
    ParagraphKind,
    Quantity,
    QuantityKind,
    Sentence,
    TimeExpression,
    stable_id,
)


@dataclass(frozen=True)
class Fact:
    """A figure of an event as reports state it: "{n} people were killed in {place}", its
    counted noun with the lemma annotate gives it, and the governing verb's lemma."""

    noun: str
    noun_lemma: str
    verb: str
    verb_lemma: str


@dataclass(frozen=True)
class Event:
    name: str  # the event word, an event trigger of data/frames.json where it is one
    action: str
    people: str
    counter: str  # who gives the figures, an agent noun phrase ("the fire service")
    tally: Fact  # a figure that does not run: outlets agree on it
    toll: Fact | None  # a running count (data/predicate_groups.json): it rises day by day


PEOPLE = ("people", "people")
EVENTS = [
    Event(
        "strike",
        "workers walked out",
        "dock workers",
        "the police",
        Fact("strikers", "striker", "joined the walkout", "join"),
        Fact(*PEOPLE, "were arrested", "arrest"),
    ),
    Event(
        "flood",
        "floods swept through",
        "residents",
        "the fire service",
        Fact(*PEOPLE, "were rescued", "rescue"),
        Fact(*PEOPLE, "were evacuated", "evacuate"),
    ),
    Event(
        "election",
        "voters went to the polls",
        "candidates",
        "the electoral commission",
        Fact("candidates", "candidate", "were approved", "approve"),
        None,
    ),
    Event(
        "earthquake",
        "an earthquake struck",
        "rescuers",
        "the civil defence agency",
        Fact(*PEOPLE, "were injured", "injure"),
        Fact(*PEOPLE, "were killed", "kill"),
    ),
    Event(
        "protest",
        "protesters marched",
        "demonstrators",
        "the police",
        Fact("protesters", "protester", "marched", "march"),
        Fact(*PEOPLE, "were detained", "detain"),
    ),
    Event(
        "trial",
        "the trial opened",
        "defendants",
        "the prosecutor",
        Fact("defendants", "defendant", "were charged", "charge"),
        None,
    ),
    Event(
        "merger",
        "the companies agreed to merge",
        "shareholders",
        "the company",
        Fact("jobs", "job", "were added", "add"),
        None,
    ),
    Event(
        "wildfire",
        "a wildfire spread",
        "firefighters",
        "the fire service",
        Fact(*PEOPLE, "were rescued", "rescue"),
        Fact("residents", "resident", "were evacuated", "evacuate"),
    ),
    Event(
        "summit",
        "leaders gathered",
        "delegates",
        "the organising committee",
        Fact("agreements", "agreement", "were approved", "approve"),
        None,
    ),
    Event(
        "outbreak",
        "a disease outbreak spread",
        "patients",
        "the health ministry",
        Fact("patients", "patient", "were released", "release"),
        Fact(*PEOPLE, "have died", "die"),
    ),
]
# Invented names, many enough that two concurrent stories rarely share place and event type
# (which would make them one story for any reader).
PLACES = [
    f"{head}{tail}"
    for head in [
        "Val",
        "Kes",
        "Mar",
        "Ost",
        "Lin",
        "Ard",
        "Sil",
        "Cal",
        "Bri",
        "Eas",
        "Nor",
        "Tal",
        "Cor",
        "Ash",
        "Red",
        "Wes",
        "Hal",
        "Qua",
        "Far",
        "Dun",
    ]
    for tail in [
        "dora",
        "trel Bay",
        "rowfield",
        "mere",
        "holm",
        "ridge",
        "haven",
        "wick",
        "ford",
        "ton",
        "bury",
        "stead",
        "port",
        "more",
        "vale",
    ]
]
ACTORS = [
    f"{title} {name}"
    for title in [
        "Minister",
        "Governor",
        "Mayor",
        "Director",
        "Chief",
        "Senator",
        "President",
        "Commissioner",
        "Judge",
        "Spokesperson",
        "General",
        "Premier",
    ]
    for name in [
        "Alvarez",
        "Okafor",
        "Lindqvist",
        "Haddad",
        "Moreau",
        "Kowalski",
        "Tanaka",
        "Reyes",
        "Abernathy",
        "Duarte",
        "Novak",
        "Castellano",
        "Mensah",
        "Ivanova",
        "Brennan",
        "Sato",
        "Oyelaran",
        "Fischer",
        "Petrov",
        "Nakamura",
    ]
]
OUTLETS = [f"Outlet {c}" for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"]
SUBJECTS = [
    "Officials",
    "Local media",
    "Analysts",
    "Residents",
    "Witnesses",
    "Experts",
    "Opposition leaders",
    "Aid groups",
    "Business owners",
    "Teachers",
    "Doctors",
    "Union leaders",
    "Police",
    "Volunteers",
    "Economists",
    "Students",
]
# Filler verbs with their lemmas: "for the first time" after one is a figure annotate reads.
VERBS = [
    ("described", "describe"),
    ("questioned", "question"),
    ("criticised", "criticise"),
    ("welcomed", "welcome"),
    ("discussed", "discuss"),
    ("reported", "report"),
    ("warned about", "warn"),
    ("praised", "praise"),
    ("documented", "document"),
    ("disputed", "dispute"),
    ("explained", "explain"),
    ("recalled", "recall"),
]
OBJECTS = [
    "the response",
    "the delays",
    "the costs",
    "the damage",
    "the decision",
    "the timing",
    "the early warnings",
    "the confusion",
    "the long queues",
    "the road closures",
    "the official figures",
    "the new rules",
    "the plans",
]
TAILS = [
    "on Tuesday",
    "in interviews",
    "on social media",
    "at a briefing",
    "in a statement",
    "late at night",
    "with some caution",
    "in detail",
    "for the first time",
    "again",
]


ORDINALS = [
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
]
# Actions an office repeats, counted by an index ("the fourth time"); none is a denial word
# (data/frames.json), which would make annotate read the figure as denied.
INDEXED_ACTIONS = [
    ("vetoed", "veto", "budget bill"),
    ("delayed", "delay", "inquiry report"),
    ("cancelled", "cancel", "pay talks"),
    ("postponed", "postpone", "border talks"),
]
# Each outlet words its report its own way: two reports of one event share names and
# phrases, not passages (which would make them wire copies of each other).
HEADLINES = [
    "{place}: {what} as {action}, says {actor}",
    "{actor} speaks on {what} in {place}",
    "{What} in {place}: what we know",
    "{place} {what}: {people} react",
    "Live: {what} in {place}",
    "{actor}: {what} in {place} goes on",
]
LEADS = [
    "In {place}, {action} on {day}, {actor} said.",
    "{actor} said {action} in {place} on {day}.",
    "On {day}, {action} in {place}, {actor} told reporters.",
    "{Action} in {place} on {day}, {actor} confirmed.",
    "As {action} in {place} on {day}, {actor} spoke to the press.",
    "{actor} confirmed on {day} that {action} in {place}.",
]
FACTS = [
    "{n} {noun} {verb} in {place}, {counter} said.",
    "{Counter} said {n} {noun} {verb} in {place}.",
    "According to {counter}, {n} {noun} {verb} in {place} during the {event}.",
    "In {place}, {n} {noun} {verb} during the {event}, {counter} said.",
]
# With the verb that governs the index as the parse reads it ("It was the fifth time": the
# copula, and no named subject), ``None`` where it is the action's own.
INDEXES = [
    (
        "On {occurrence} {actor}'s office {verb} the {thing}, the {ordinal} time it has done so.",
        None,
    ),
    ("It was the {ordinal} time that {actor}'s office {verb} the {thing}, on {occurrence}.", "be"),
]
PEOPLE_LINES = [
    "{People} in {place} spoke of the {event}.",
    "{People} described the {event} to reporters.",
    "For {people}, the {event} was the talk of the day.",
    "The {event} left {people} in {place} uneasy.",
]
_FRAMES = table("frames")["en"]
TRIGGERS: dict[str, str] = {
    word: kind for kind, words in _FRAMES["event_triggers"].items() for word in words
}
STAGE_WORDS: dict[str, str] = {
    word: stage for stage, words in _FRAMES["stage_words"].items() for word in words
}
FORECAST = frozenset(_FRAMES["forecast_words"])
_TOKEN = re.compile(r"\w+(?:-\w+)*|[^\w\s]")


@dataclass
class Planted:
    story_of: dict[str, int] = field(default_factory=dict)
    copies: list[tuple[str, str]] = field(default_factory=list)
    conflicts: set[frozenset[str]] = field(default_factory=set)
    rising: set[frozenset[str]] = field(default_factory=set)


@dataclass
class Figure:
    """A quantity to plant with its frame, located by its surface in the sentence."""

    surface: str
    value: float
    kind: QuantityKind
    counted: str
    predicate: str
    thing: str
    unit: str | None = None
    holder: str | None = None
    place: str | None = None
    source: str | None = None


@dataclass
class _Writer:
    """Builds an article's text as extraction would (title and paragraphs joined by blank
    lines) with the annotations annotate gives it: sentences, quantities with their event
    frames, resolved times and entities."""

    published: datetime
    parts: list[str] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    frames: list[Frame] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    offset: int = 0

    def paragraph(self, kind: ParagraphKind = "paragraph") -> None:
        if self.parts:
            self.parts.append("\n\n")
            self.offset += 2
        self.paragraphs.append(Paragraph(self.offset, self.offset, kind))

    def add(
        self,
        sentence: str,
        figures: tuple[Figure, ...] = (),
        dates: tuple[tuple[str, str], ...] = (),
    ) -> None:
        paragraph = self.paragraphs[-1]
        if paragraph.end > paragraph.start:
            self.parts.append(" ")
            self.offset += 1
        start = self.offset
        self.parts.append(sentence)
        self.offset += len(sentence)
        paragraph.end = self.offset
        self.sentences.append(Sentence(start, self.offset))
        for surface, value in dates:
            at = start + sentence.index(surface)
            self.times.append(TimeExpression(at, at + len(surface), value, "day"))
        for figure in figures:
            self._figure(sentence, start, figure)

    def _figure(self, sentence: str, start: int, figure: Figure) -> None:
        local = sentence.index(figure.surface)
        at = start + local
        counted_local = sentence.find(figure.counted, local)
        if counted_local < 0:
            counted_local = sentence.index(figure.counted)
        counted_at = start + counted_local
        self.quantities.append(
            Quantity(
                at,
                at + len(figure.surface),
                figure.value,
                "=",
                figure.kind,
                unit=figure.unit,
                counted=figure.counted,
                counted_start=counted_at,
                counted_end=counted_at + len(figure.counted),
            )
        )
        own_dates = [t for t in self.times if start <= t.start < self.offset and t.value]
        dated = min(own_dates, key=lambda t: abs(t.start - at), default=None)
        self.frames.append(
            Frame(
                at,
                at + len(figure.surface),
                figure="quantity",
                event=_nearest_trigger(sentence, local, local + len(figure.surface)),
                predicate=figure.predicate,
                thing=figure.thing,
                holder=figure.holder,
                place=figure.place,
                source=figure.source,
                modality="forecast" if figure.predicate in FORECAST else "asserted",
                stage=self._stage(),
                time=dated.value if dated else None,
            )
        )

    def _stage(self) -> str | None:
        """The stage word of the figure's sentence, else of an earlier one of its paragraph,
        as annotate reads it."""
        text = "".join(self.parts)
        paragraph = self.paragraphs[-1]
        for sentence in reversed(self.sentences):
            if sentence.start < paragraph.start:
                break
            for word in re.findall(r"[a-z]+", text[sentence.start : sentence.end].casefold()):
                if word in STAGE_WORDS:
                    return STAGE_WORDS[word]
        return None

    def text(self) -> str:
        return "".join(self.parts)


def _nearest_trigger(sentence: str, start: int, end: int) -> str | None:
    """The event kind of the word nearest the figure (in tokens) that names an event."""
    tokens = [(m.start(), m.group()) for m in _TOKEN.finditer(sentence)]
    first = next(i for i, (at, _) in enumerate(tokens) if at >= start)
    last = next((i for i, (at, _) in enumerate(tokens) if at >= end), len(tokens))
    best: tuple[int, str] | None = None
    for i, (_, word) in enumerate(tokens):
        kind = _trigger(word.casefold())
        if kind is None or first <= i < last:
            continue
        distance = min(abs(i - first), abs(i - last))
        if best is None or distance < best[0]:
            best = (distance, kind)
    return best[1] if best else None


def _trigger(word: str) -> str | None:
    """The event kind of ``word`` or of its lemma (a plural, a past tense)."""
    for form in (word, word.removesuffix("s"), word.removesuffix("ed"), word.removesuffix("d")):
        if form in TRIGGERS:
            return TRIGGERS[form]
    return None


def _last_tuesday(day: datetime) -> str:
    """ "on Tuesday" resolved against the publication day: that day or the Tuesday before."""
    return (day - timedelta(days=(day.weekday() - 1) % 7)).date().isoformat()


def _filler(writer: _Writer, rng: random.Random) -> None:
    subject = rng.choice(SUBJECTS)
    (verb, lemma), thing, tail = rng.choice(VERBS), rng.choice(OBJECTS), rng.choice(TAILS)
    sentence = f"{subject} {verb} {thing} {tail}."
    figures: tuple[Figure, ...] = ()
    dates: tuple[tuple[str, str], ...] = ()
    if tail == "for the first time":
        figures = (Figure("first time", 1.0, "ordinal", verb, lemma, "time", unit="times"),)
    elif tail == "on Tuesday":
        dates = (("on Tuesday", _last_tuesday(writer.published)),)
    writer.add(sentence, figures, dates)


def _fill(template: str, **values: str) -> str:
    """``template`` with ``{name}`` filled, and ``{Name}`` filled capitalised."""
    upper = {k[0].upper() + k[1:]: v[0].upper() + v[1:] if v else v for k, v in values.items()}
    return template.format(**values, **upper)


def generate(n: int, seed: int = 1) -> tuple[list[Article], Planted, np.ndarray]:
    """Articles, what was planted, and per-article synthetic topic vectors."""
    planted = Planted()
    vectors = np.zeros((n, TOPIC_DIMENSIONS), dtype=np.float32)
    articles = list(stream(n, planted, vectors, seed))
    return articles, planted, vectors


TOPIC_DIMENSIONS = 64


def stream(n: int, planted: Planted, vectors: np.ndarray, seed: int = 1) -> Iterator[Article]:
    """The articles of :func:`generate` one story at a time, so that a consumer that reads
    them once holds none: what was planted goes to ``planted`` and each article's topic
    vector to its row of ``vectors`` (``n`` rows) as the article is made."""
    rng = random.Random(seed)
    vec_rng = np.random.default_rng(seed)
    made = 0
    start = datetime(2024, 1, 1)
    days = max(30, n // 300)
    story = 0
    while made < n:
        event = rng.choice(EVENTS)
        place, actor = rng.choice(PLACES), rng.choice(ACTORS)
        follow_ups = rng.choice([0, 0, 1, 2])  # storylines: later events of the same story
        begin = start + timedelta(days=rng.uniform(0, days))
        base = _unit(vec_rng.normal(size=TOPIC_DIMENSIONS))
        mode = rng.choices(["agree", "conflict", "rising", "none"], [5, 1, 1, 3])[0]
        if mode == "rising" and event.toll is None:
            mode = "agree"  # nothing about this event runs
        fact = event.toll if mode == "rising" and event.toll else event.tally
        counter = event.counter.removeprefix("the ")
        when = begin
        for episode in range(follow_ups + 1):
            if episode:
                when += timedelta(days=rng.uniform(10, 25))
            label = story
            story += 1
            centre = _unit(
                base + 0.8 * _unit(vec_rng.normal(size=TOPIC_DIMENSIONS)) * (episode > 0)
            )
            size = max(2, int(rng.expovariate(1 / 9)))
            figure = rng.randint(12, 900)
            index = rng.randint(2, 6)
            verb, verb_lemma, thing = rng.choice(INDEXED_ACTIONS)
            outlets = rng.sample(OUTLETS, k=min(size, len(OUTLETS)))
            conflict_index = rng.randrange(1, size) if mode == "conflict" else -1
            story_ids: list[tuple[str, datetime, int]] = []
            members: list[Article] = []
            for k in range(size):
                if made + len(members) >= n:
                    break
                day = when + timedelta(hours=rng.uniform(0, 30))
                if mode == "rising":  # one figure a day, over the event's first days only
                    day = when + timedelta(days=min(k, 4))
                    value = figure + 7 * min(k, 4)
                elif mode == "conflict":
                    value = index + (rng.randint(1, 3) if k == conflict_index else 0)
                else:
                    value = figure
                if mode == "conflict":
                    day = when.replace(hour=9) + timedelta(minutes=k)
                writer = _Writer(day)
                round_name = ["", "new ", "renewed "][min(episode, 2)]
                values = {
                    "place": place,
                    "actor": actor,
                    "event": event.name,
                    "action": event.action,
                    "people": event.people,
                    "what": round_name + event.name,
                    "day": f"{day:%B %d}",
                }
                title = _fill(rng.choice(HEADLINES), **values)
                writer.paragraph("title")
                writer.add(title)
                writer.paragraph()
                writer.add(
                    _fill(rng.choice(LEADS), **values),
                    dates=((f"{day:%B %d}", day.date().isoformat()),),
                )
                if mode == "conflict":
                    # An index of one dated occurrence ("the fourth time"): the kind of claim
                    # whose disagreement is a real conflict, unlike two counts of a toll.
                    occurrence = f"{when:%B %d}"
                    ordinal = ORDINALS[int(value)]
                    template, governing = rng.choice(INDEXES)
                    writer.add(
                        _fill(
                            template,
                            **values,
                            occurrence=occurrence,
                            verb=verb,
                            thing=thing,
                            ordinal=ordinal,
                        ),
                        figures=(
                            Figure(
                                f"{ordinal} time",
                                float(value),
                                "ordinal",
                                f"{verb} the {thing}",
                                governing or verb_lemma,
                                "time",
                                unit="times",
                                holder=None if governing else actor,
                            ),
                        ),
                        dates=((occurrence, when.date().isoformat()),),
                    )
                elif mode != "none":
                    number = str(int(value))
                    writer.add(
                        _fill(
                            rng.choice(FACTS),
                            **values,
                            n=number,
                            noun=fact.noun,
                            verb=fact.verb,
                            counter=event.counter,
                        ),
                        figures=(
                            Figure(
                                number,
                                float(value),
                                "cardinal",
                                fact.noun,
                                fact.verb_lemma,
                                fact.noun_lemma,
                                unit=fact.noun_lemma,
                                place=place,
                                source=counter,
                            ),
                        ),
                    )
                writer.paragraph()
                writer.add(_fill(rng.choice(PEOPLE_LINES), **values))
                # The outlet's own sentences: at least half of every report.
                for _ in range(2):
                    _filler(writer, rng)
                writer.paragraph()
                for _ in range(4):
                    _filler(writer, rng)
                article_id = f"s{label}-{k}"
                text = writer.text()
                entities = [
                    Entity(m.start(), m.end(), kind, name, stable_id("entity", name))
                    for name, kind in ((place, "GPE"), (actor, "PERSON"))
                    for m in re.finditer(re.escape(name), text)
                ]
                article = Article(
                    id=article_id,
                    source="synthetic",
                    text=text,
                    title=title,
                    entities=sorted(entities, key=lambda e: e.start),
                    outlet=outlets[k % len(outlets)],
                    published=day,
                    language="en",
                    paragraphs=writer.paragraphs,
                    sentences=writer.sentences,
                    quantities=writer.quantities,
                    frames=writer.frames,
                    times=writer.times,
                )
                members.append(article)
                vectors[made + k] = _unit(
                    centre + vec_rng.normal(scale=0.05, size=TOPIC_DIMENSIONS)
                )
                planted.story_of[article_id] = label
                story_ids.append((article_id, day, int(value)))
            copy_id = _plant_copy(members, vectors[made : made + len(members)], planted, rng)
            # a copy repeats its source: no planted pair involves it
            originals = [entry for entry in story_ids if entry[0] != copy_id]
            odd = story_ids[conflict_index][0] if 0 < conflict_index < len(story_ids) else None
            if mode == "conflict" and odd is not None and odd != copy_id:
                for other, _, _ in originals:
                    if other != odd:
                        planted.conflicts.add(frozenset({odd, other}))
            if mode == "rising":
                for x, _, _ in originals:
                    for y, _, _ in originals:
                        if x < y:
                            planted.rising.add(frozenset({x, y}))
            made += len(members)
            yield from members


def _plant_copy(
    members: list[Article], vectors: np.ndarray, planted: Planted, rng: random.Random
) -> str | None:
    """In half the stories of three or more articles, the last becomes a copy of the first
    (about 5% of all articles)."""
    if len(members) < 3 or rng.random() > 0.5:
        return None
    source, copy = members[0], members[-1]
    copy.text, copy.title = source.text, source.title
    copy.paragraphs, copy.sentences = list(source.paragraphs), list(source.sentences)
    copy.quantities, copy.times = source.quantities, source.times
    copy.frames, copy.entities = source.frames, source.entities
    if rng.random() < 0.5:
        copy.original_publisher = source.outlet
    else:  # the same text with a credit line of its own: a near copy
        credit = f"Reporting by {copy.outlet} staff."
        at = len(source.text) + 2
        copy.text = f"{source.text}\n\n{credit}"
        copy.paragraphs.append(Paragraph(at, at + len(credit), "paragraph"))
        copy.sentences.append(Sentence(at, at + len(credit)))
    vectors[-1] = vectors[0]
    planted.copies.append((source.id, copy.id))
    return copy.id


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / np.linalg.norm(vector)


FRAME_FIELDS = ("predicate", "thing", "holder", "place", "source", "modality", "stage", "event")


def check_annotations(articles: list[Article], sample: int, seed: int = 3) -> dict[str, object]:
    """How far the planted annotations are what annotate itself gives the same texts: the
    share of planted figures annotate finds at the same place with the same value and kind,
    of its figures that were planted, of planted resolved dates it resolves the same, and per
    frame field the share of matched figures whose frames agree (spaCy's entity names are
    compared without titles: it tags "Duarte", the generator "Spokesperson Duarte")."""
    from counterpoint.annotate import annotate_batch  # a parse model: only when asked

    chosen = random.Random(seed).sample(articles, min(sample, len(articles)))
    bare = [
        dataclasses.replace(a, sentences=[], quantities=[], times=[], entities=[], frames=[])
        for a in chosen
    ]
    found_figures = planted_figures = matched = 0
    dates = dates_same = 0
    agree: dict[str, int] = defaultdict(int)
    for mine, theirs in zip(chosen, annotate_batch(bare), strict=True):
        theirs_at = {q.start: q for q in theirs.quantities if q.value is not None}
        frames_at = {f.start: f for f in theirs.frames if f.figure == "quantity"}
        own_frames = {f.start: f for f in mine.frames}
        planted_figures += len(mine.quantities)
        found_figures += len(theirs_at)
        for quantity in mine.quantities:
            other = theirs_at.get(quantity.start)
            if other is None or (other.value, other.kind) != (quantity.value, quantity.kind):
                continue
            matched += 1
            frame, own = frames_at.get(quantity.start), own_frames.get(quantity.start)
            for name in FRAME_FIELDS:
                ours = getattr(own, name) if own else None
                its = getattr(frame, name) if frame else None
                agree[name] += _same_name(ours, its)
        their_dates = {t.start: t.value for t in theirs.times}
        for t in mine.times:
            dates += 1
            dates_same += their_dates.get(t.start) == t.value
    return {
        "articles": len(chosen),
        "figures_found": round(matched / max(1, planted_figures), 3),
        "figures_planted": round(matched / max(1, found_figures), 3),
        "dates_same": round(dates_same / max(1, dates), 3),
        "frame_fields_same": {
            name: round(agree[name] / max(1, matched), 3) for name in FRAME_FIELDS
        },
    }


def _same_name(ours: str | None, theirs: str | None) -> bool:
    if ours is None or theirs is None:
        return ours == theirs
    return ours == theirs or ours.endswith(f" {theirs}")


def bcubed_f1(truth: dict[str, int], found: dict[str, str]) -> float:
    by_truth: dict[int, set[str]] = defaultdict(set)
    by_found: dict[str, set[str]] = defaultdict(set)
    for item, label in truth.items():
        by_truth[label].add(item)
        by_found[found.get(item, item)].add(item)
    precision = recall = 0.0
    for item, label in truth.items():
        same_found = by_found[found.get(item, item)]
        same_truth = by_truth[label]
        overlap = len(same_found & same_truth)
        precision += overlap / len(same_found)
        recall += overlap / len(same_truth)
    precision, recall = precision / len(truth), recall / len(truth)
    return 2 * precision * recall / (precision + recall)


class _Timed:
    """An iterator that adds the time its source takes to make each item to ``seconds``, so
    that a consumer's own time is what remains."""

    def __init__(self, source: Iterator[Article]) -> None:
        self.source, self.seconds, self.cpu_seconds = source, 0.0, 0.0

    def __iter__(self) -> Iterator[Article]:
        return self

    def __next__(self) -> Article:
        t0, c0 = time.perf_counter(), time.process_time()
        try:
            return next(self.source)
        finally:
            self.seconds += time.perf_counter() - t0
            self.cpu_seconds += time.process_time() - c0


def _link_scores(linked: LinkResult, planted: Planted) -> dict[str, object]:
    """What link found against what was planted: stories, storylines, copies, claims."""
    group_of = {a: g.id for g in linked.duplicates for a in g.article_ids}
    found_copies = sum(
        a in group_of and group_of.get(a) == group_of.get(b) for a, b in planted.copies
    )
    event_ids = set(linked.story_of.values())
    return {
        "stories_true": len(set(planted.story_of.values())),
        "stories_found": len(event_ids),
        "storylines": sum(s.id not in event_ids for s in linked.stories),
        "story_bcubed_f1": round(bcubed_f1(planted.story_of, linked.story_of), 4),
        "duplicate_recall": round(found_copies / max(1, len(planted.copies)), 4),
        "duplicate_groups": len(linked.duplicates),
        "claims": len(linked.claims),
    }


def run_link_only(n: int) -> dict[str, object]:
    """Linking alone, the articles streamed to it as they are made (synthetic topic vectors):
    the time is link's own (the making subtracted), the memory the whole process's peak."""
    planted = Planted()
    vectors = np.zeros((n, TOPIC_DIMENSIONS), dtype=np.float32)
    articles = _Timed(stream(n, planted, vectors))
    t0, c0 = time.perf_counter(), time.process_time()
    # link reads the vectors only once it has read every article, when all rows are made
    linked = link(articles, embeddings=vectors)
    linked_s = time.perf_counter() - t0 - articles.seconds
    # CPU time (user + system) as well: on a shared machine the wall time is others' too
    linked_cpu_s = time.process_time() - c0 - articles.cpu_seconds
    result = {
        "articles": n,
        "embedder": "synthetic",
        "mode": "link only, streamed",
        "generate_s": round(articles.seconds, 2),
        "link_s": round(linked_s, 2),
        "link_cpu_s": round(linked_cpu_s, 2),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        **_link_scores(linked, planted),
    }
    print(json.dumps(result))
    return result


def run(n: int, embedder_name: str, check: int = 0) -> dict[str, object]:
    t0 = time.perf_counter()
    articles, planted, topic_vectors = generate(n)
    generated = time.perf_counter() - t0
    t0 = time.perf_counter()
    if embedder_name == "use":
        embeddings = UseEmbedder().encode([story_text(a) for a in articles])
    else:
        embeddings = topic_vectors
    embedded = time.perf_counter() - t0
    t0 = time.perf_counter()
    linked = link(articles, embeddings=embeddings)
    linked_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    compared = compare(articles, linked)
    compared_s = time.perf_counter() - t0
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    flagged = {
        frozenset({c.a.article_id, c.b.article_id})
        for c in compared.conflicts
        if c.kind == "conflict"
    }
    true_flags = flagged & planted.conflicts
    result = {
        "articles": n,
        "embedder": embedder_name,
        "generate_s": round(generated, 2),
        "embed_s": round(embedded, 2),
        "link_s": round(linked_s, 2),
        "compare_s": round(compared_s, 2),
        "link_compare_s": round(linked_s + compared_s, 2),
        "peak_rss_mb": round(peak_mb, 1),
        **_link_scores(linked, planted),
        "conflicts_planted": len(planted.conflicts),
        "conflicts_flagged": len(flagged),
        "conflict_precision": round(len(true_flags) / max(1, len(flagged)), 4),
        "conflict_recall": round(len(true_flags) / max(1, len(planted.conflicts)), 4),
        "rising_pairs_flagged_as_conflict": len(flagged & planted.rising),
    }
    if check:
        result["annotation_check"] = check_annotations(articles, check)
    print(json.dumps(result))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--embedder", choices=["use", "synthetic"], default="use")
    parser.add_argument(
        "--check-annotations",
        type=int,
        default=0,
        metavar="K",
        help="annotate K generated articles with the real pipeline and compare",
    )
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "link.json")
    parser.add_argument(
        "--link-only",
        action="store_true",
        help="link alone, the articles streamed to it (synthetic vectors), no compare",
    )
    args = parser.parse_args()
    if args.link_only:
        results = [run_link_only(n) for n in args.sizes]
    else:
        results = [run(n, args.embedder, args.check_annotations) for n in args.sizes]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    existing = json.loads(args.out.read_text()) if args.out.exists() else []

    def key(row: dict[str, object]) -> tuple[object, ...]:
        return row["articles"], row["embedder"], row.get("mode")

    kept = [r for r in existing if key(r) not in {key(x) for x in results}]
    args.out.write_text(json.dumps(kept + results, indent=1) + "\n")


if __name__ == "__main__":
    main()
