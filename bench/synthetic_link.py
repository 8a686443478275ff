"""Synthetic corpus benchmark for link + compare.

Generates N annotated articles (default 100,000) in stories spread over time, with planted
duplicates (exact, near and syndicated copies), storylines (follow-up events of a story) and
numeric claims: most stories report one figure consistently, some have one outlet giving a
different index for the same dated occurrence ("the fourth time" against "the sixth time": a
planted conflict), some report a toll that rises from day to day (change over time, must not
be flagged). Annotations (sentences, quantities,
times, entities) are generated with the text, since this measures linking, not NLP.

Reports separately: embedding time (USE on every article's headline + lead, or the synthetic
topic vectors with ``--embedder synthetic``), link time, compare time, peak memory, story
B-cubed F1, duplicate recall, conflict precision/recall. Writes bench/results/link.json.

    python bench/synthetic_link.py --sizes 10000 100000
"""

from __future__ import annotations

import argparse
import json
import random
import re
import resource
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np

from counterpoint.compare import compare
from counterpoint.link import link
from counterpoint.link.embedding import UseEmbedder, story_text
from counterpoint.model import (
    Article,
    Entity,
    Quantity,
    QuantityKind,
    Sentence,
    TimeExpression,
    stable_id,
)

EVENTS = [
    ("strike", "workers walked out", "dock workers", "strikers"),
    ("flood", "floods swept through", "residents", "homes"),
    ("election", "voters went to the polls", "candidates", "ballots"),
    ("earthquake", "an earthquake struck", "rescuers", "buildings"),
    ("protest", "protesters marched", "demonstrators", "arrests"),
    ("trial", "the trial opened", "defendants", "witnesses"),
    ("merger", "the companies agreed to merge", "shareholders", "jobs"),
    ("wildfire", "a wildfire spread", "firefighters", "hectares"),
    ("summit", "leaders gathered", "delegates", "agreements"),
    ("outbreak", "a disease outbreak spread", "patients", "cases"),
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
VERBS = [
    "described",
    "questioned",
    "criticised",
    "welcomed",
    "discussed",
    "reported",
    "warned about",
    "praised",
    "documented",
    "disputed",
    "explained",
    "recalled",
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
INDEXED_ACTIONS = [
    ("vetoed", "budget bill"),
    ("delayed", "inquiry report"),
    ("rejected", "pay offer"),
    ("postponed", "border talks"),
]


@dataclass
class Planted:
    story_of: dict[str, int] = field(default_factory=dict)
    copies: list[tuple[str, str]] = field(default_factory=list)
    conflicts: set[frozenset[str]] = field(default_factory=set)
    rising: set[frozenset[str]] = field(default_factory=set)


@dataclass
class _Writer:
    parts: list[str] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    offset: int = 0

    def add(
        self,
        sentence: str,
        number: tuple[str, float, str] | None = None,
        date: tuple[str, str] | None = None,
        kind: QuantityKind = "cardinal",
    ) -> None:
        start = self.offset + (1 if self.parts else 0)
        if number:
            surface, value, counted = number
            at = start + sentence.index(surface)
            after = sentence.find(counted, sentence.index(surface))
            counted_at = start + (after if after >= 0 else sentence.index(counted))
            self.quantities.append(
                Quantity(
                    at,
                    at + len(surface),
                    value,
                    "=",
                    kind,
                    unit="times" if kind == "ordinal" else None,
                    counted=counted,
                    counted_start=counted_at,
                    counted_end=counted_at + len(counted),
                )
            )
        if date:
            surface, value = date
            at = start + sentence.index(surface)
            self.times.append(TimeExpression(at, at + len(surface), value, "day"))
        self.sentences.append(Sentence(start, start + len(sentence)))
        self.parts.append(sentence)
        self.offset = start + len(sentence)

    def text(self) -> str:
        return " ".join(self.parts)


def generate(n: int, seed: int = 1) -> tuple[list[Article], Planted, np.ndarray]:
    """Articles, what was planted, and per-article synthetic topic vectors."""
    rng = random.Random(seed)
    vec_rng = np.random.default_rng(seed)
    planted = Planted()
    articles: list[Article] = []
    topic_vectors: list[np.ndarray] = []
    start = datetime(2024, 1, 1)
    days = max(30, n // 300)
    story = 0
    while len(articles) < n:
        event, action, people, counted = rng.choice(EVENTS)
        place, actor = rng.choice(PLACES), rng.choice(ACTORS)
        follow_ups = rng.choice([0, 0, 1, 2])  # storylines: later events of the same story
        begin = start + timedelta(days=rng.uniform(0, days))
        base = _unit(vec_rng.normal(size=64))
        mode = rng.choices(["agree", "conflict", "rising", "none"], [5, 1, 1, 3])[0]
        when = begin
        for episode in range(follow_ups + 1):
            if episode:
                when += timedelta(days=rng.uniform(10, 25))
            label = story
            story += 1
            centre = _unit(base + 0.8 * _unit(vec_rng.normal(size=64)) * (episode > 0))
            size = max(2, int(rng.expovariate(1 / 9)))
            figure = rng.randint(12, 900)
            index = rng.randint(2, 6)
            verb, thing = rng.choice(INDEXED_ACTIONS)
            outlets = rng.sample(OUTLETS, k=min(size, len(OUTLETS)))
            conflict_index = rng.randrange(1, size) if mode == "conflict" else -1
            story_ids: list[tuple[str, datetime, int]] = []
            for k in range(size):
                if len(articles) >= n:
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
                writer = _Writer()
                round_name = ["", "new ", "renewed "][min(episode, 2)]
                title = f"{place}: {round_name}{event} as {action}, says {actor}"
                writer.add(title)
                writer.add(
                    f"In {place}, {action} on {day:%B %d}, {actor} said.",
                    date=(f"{day:%B %d}", day.date().isoformat()),
                )
                if mode == "conflict":
                    # An index of one dated occurrence ("the fourth time"): the kind of claim
                    # whose disagreement is a real conflict, unlike two counts of a toll.
                    occurrence = f"{when:%B %d}"
                    writer.add(
                        f"On {occurrence} the {actor} office {verb} the {thing}, "
                        f"the {ORDINALS[int(value)]} time it has done so.",
                        number=(
                            f"{ORDINALS[int(value)]} time",
                            float(value),
                            f"{verb} the {thing}",
                        ),
                        date=(occurrence, when.date().isoformat()),
                        kind="ordinal",
                    )
                elif mode != "none":
                    writer.add(
                        f"Officials in {place} counted {int(value)} {counted} "
                        f"affected by the {event}.",
                        number=(f"{int(value)} {counted}", float(value), counted),
                    )
                writer.add(f"{people.capitalize()} in {place} spoke of the {event}.")
                for _ in range(4):
                    writer.add(
                        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} "
                        f"{rng.choice(OBJECTS)} {rng.choice(TAILS)}."
                    )
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
                    entities=entities,
                    outlet=outlets[k % len(outlets)],
                    published=day,
                    language="en",
                    sentences=writer.sentences,
                    quantities=writer.quantities,
                    times=writer.times,
                )
                articles.append(article)
                topic_vectors.append(_unit(centre + vec_rng.normal(scale=0.05, size=64)))
                planted.story_of[article_id] = label
                story_ids.append((article_id, day, int(value)))
            if mode == "conflict" and 0 < conflict_index < len(story_ids):
                odd = story_ids[conflict_index][0]
                for other, _, _ in story_ids:
                    if other != odd:
                        planted.conflicts.add(frozenset({odd, other}))
            if mode == "rising":
                for x, _, _ in story_ids:
                    for y, _, _ in story_ids:
                        if x < y:
                            planted.rising.add(frozenset({x, y}))
    _plant_copies(articles, topic_vectors, planted, rng)
    return articles, planted, np.stack(topic_vectors).astype(np.float32)


def _plant_copies(
    articles: list[Article], vectors: list[np.ndarray], planted: Planted, rng: random.Random
) -> None:
    """Replace 5% of articles with copies of another article of the same story."""
    by_story: dict[int, list[int]] = defaultdict(list)
    for i, article in enumerate(articles):
        by_story[planted.story_of[article.id]].append(i)
    for members in by_story.values():
        if len(members) < 3 or rng.random() > 0.5:
            continue
        source, target = articles[members[0]], members[-1]
        copy = articles[target]
        text = source.text
        if rng.random() < 0.5:
            copy.original_publisher = source.outlet
        else:
            words = text.split(" ")
            words[-1] = "again."
            text = " ".join(words)
        copy.text, copy.title = text, source.title
        copy.sentences, copy.quantities, copy.times, copy.entities = (
            source.sentences,
            source.quantities,
            source.times,
            source.entities,
        )
        vectors[target] = vectors[members[0]]
        planted.copies.append((source.id, copy.id))
    # A copy repeats its source: drop planted pairs that involve it.
    copies = {copy_id for _, copy_id in planted.copies}
    planted.conflicts = {p for p in planted.conflicts if not p & copies}
    planted.rising = {p for p in planted.rising if not p & copies}


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / np.linalg.norm(vector)


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


def run(n: int, embedder_name: str) -> dict[str, object]:
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
    grouped = {frozenset(g.article_ids) for g in linked.duplicates}
    found_copies = sum(any({a, b} <= group for group in grouped) for a, b in planted.copies)
    flagged = {
        frozenset({c.a.article_id, c.b.article_id})
        for c in compared.conflicts
        if c.kind == "conflict"
    }
    true_flags = flagged & planted.conflicts
    event_ids = set(linked.story_of.values())
    result = {
        "articles": n,
        "embedder": embedder_name,
        "generate_s": round(generated, 2),
        "embed_s": round(embedded, 2),
        "link_s": round(linked_s, 2),
        "compare_s": round(compared_s, 2),
        "link_compare_s": round(linked_s + compared_s, 2),
        "peak_rss_mb": round(peak_mb, 1),
        "stories_true": len(set(planted.story_of.values())),
        "stories_found": len(set(linked.story_of.values())),
        "storylines": sum(s.id not in event_ids for s in linked.stories),
        "story_bcubed_f1": round(bcubed_f1(planted.story_of, linked.story_of), 4),
        "duplicate_recall": round(found_copies / max(1, len(planted.copies)), 4),
        "duplicate_groups": len(linked.duplicates),
        "conflicts_planted": len(planted.conflicts),
        "conflicts_flagged": len(flagged),
        "conflict_precision": round(len(true_flags) / max(1, len(flagged)), 4),
        "conflict_recall": round(len(true_flags) / max(1, len(planted.conflicts)), 4),
        "rising_pairs_flagged_as_conflict": len(flagged & planted.rising),
        "claims": len(linked.claims),
    }
    print(json.dumps(result))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--embedder", choices=["use", "synthetic"], default="use")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent / "results" / "link.json")
    args = parser.parse_args()
    results = [run(n, args.embedder) for n in args.sizes]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    existing = json.loads(args.out.read_text()) if args.out.exists() else []
    kept = [
        r
        for r in existing
        if (r["articles"], r["embedder"]) not in {(x["articles"], x["embedder"]) for x in results}
    ]
    args.out.write_text(json.dumps(kept + results, indent=1) + "\n")


if __name__ == "__main__":
    main()
