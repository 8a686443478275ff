"""Exact duplicates, near-duplicates and syndicated copies.

Block -> solve -> merge: exact copies share a hash of their normalised text; near copies share
a MinHash LSH band (word 5-gram shingles, numpy-vectorised over the whole batch) and are then
verified on the estimated Jaccard similarity of their signatures, or, for a pair just under it,
on how much of the shorter text's shingles the longer one holds: the same article read from
two formats (an HTML page that kept its byline line, a dump that kept a footer, a JSONL
record of the bare text) differs by a line or two, which on a short article is enough to pull
the Jaccard similarity under the bar. Wire copy is found a third way, by shared shingles
looked up directly (:func:`copied_pairs`): outlets cut one wire story at different lengths,
put their own headline, byline or dateline on it and rewrite a sentence or two, so the
shorter copy is mostly made of passages the longer one has although the two texts' Jaccard
similarity is low; two reports of one event share names and phrases, not passages. A copy
counts toward its original publisher's voice, not as an independent confirmation: later
stages keep one representative per group (:func:`representatives`).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Literal, Protocol, TypeVar

import numpy as np

from counterpoint.datetimes import undated_last
from counterpoint.model import Article, DuplicateGroup, stable_id

SHINGLE_WORDS = 5
PERMUTATIONS = 64
BANDS = 16  # 16 bands of 4 rows: a pair at Jaccard 0.8 shares a band with p > 0.999
NEAR_JACCARD = 0.8
# A pair under NEAR_JACCARD but above this is a copy when the longer text holds this share of
# the shorter one's shingles (the shorter one having at least CONTAINED_MIN_SHINGLES of them).
CONTAINED_MIN_JACCARD = 0.5
NEAR_CONTAINMENT = 0.85
CONTAINED_MIN_SHINGLES = 20
MAX_BUCKET = 200  # a band bucket bigger than this is boilerplate, not a copy
# A pair is a copy when passages of SHINGLE_WORDS or more words that both texts have cover
# this share of the shorter text's words (a light rewrite of a wire story covers 0.7, two
# outlets' own reports of one event under 0.6), with COPY_MIN_SHINGLES shingles in common,
# which are also COPY_MIN_LONGER_SHARE of the longer text's (a paragraph quoted inside a long
# feature is not a copy of the feature).
COPY_COVERAGE = 0.65
COPY_MIN_SHINGLES = 20
COPY_MIN_LONGER_SHARE = 0.1

_WORD = re.compile(r"\w+")
P = TypeVar("P", bound="Publication")


@dataclass(slots=True)
class _UnionFind:
    parent: list[int]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri != rj:
            self.parent[max(ri, rj)] = min(ri, rj)


def normalised_words(text: str) -> list[str]:
    """Lower-cased NFKC word tokens: punctuation, spacing and case do not make a new text."""
    return _WORD.findall(unicodedata.normalize("NFKC", text).casefold())


def voice(article: Article) -> str:
    """Whose reporting this is: the original publisher of a syndicated copy, else the outlet."""
    return article.original_publisher or article.outlet or article.source


def _token_ids(words: list[str], cache: dict[str, int]) -> np.ndarray:
    ids = np.empty(len(words), dtype=np.uint64)
    for i, word in enumerate(words):
        value = cache.get(word)
        if value is None:
            value = int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")
            cache[word] = value
        ids[i] = value
    return ids


def _shingles(tokens: np.ndarray) -> np.ndarray:
    """Hashes of every run of SHINGLE_WORDS tokens (one shingle for a shorter text)."""
    if len(tokens) < SHINGLE_WORDS:
        return np.array([np.bitwise_xor.reduce(tokens)], dtype=np.uint64) if len(tokens) else tokens
    mixers = _mixers()
    count = len(tokens) - SHINGLE_WORDS + 1
    out = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(SHINGLE_WORDS):
            out = (out ^ (tokens[k : k + count] * mixers[k])) * np.uint64(0x9E3779B97F4A7C15)
    return out


@cache
def _mixers() -> np.ndarray:
    """The odd multipliers :func:`_shingles` mixes each position's token with."""
    rng = np.random.default_rng(7)
    mixers = rng.integers(1, 2**63, size=SHINGLE_WORDS, dtype=np.uint64) | np.uint64(1)
    mixers.flags.writeable = False
    return mixers


def shingle_sequences(texts: list[str]) -> list[np.ndarray]:
    """Each text's word-shingle hashes in text order."""
    cache: dict[str, int] = {}
    return [_shingles(_token_ids(normalised_words(t), cache)) for t in texts]


# Word hashes remembered while sketching a stream of texts; past this many words the memory is
# handed back (a hash costs a microsecond to make again).
WORD_CACHE = 2_000_000


def sketch(text: str, cache: dict[str, int]) -> tuple[bytes, np.ndarray]:
    """What duplicate finding keeps of a text: the key of its normalised words (exact copies
    share it) and its word-shingle hashes in text order; ``cache`` keeps word hashes across
    the texts of a batch."""
    words = normalised_words(text)
    if len(cache) > WORD_CACHE:
        cache.clear()
    return hashlib.sha256(" ".join(words).encode()).digest(), _shingles(_token_ids(words, cache))


def shingle_sets(texts: list[str]) -> list[np.ndarray]:
    """Each text's sorted, distinct word-shingle hashes."""
    return [np.unique(sequence) for sequence in shingle_sequences(texts)]


def copied_pairs(sequences: list[np.ndarray]) -> list[tuple[int, int]]:
    """Index pairs of texts (given as :func:`shingle_sequences`) one of which is mostly made of
    passages of the other: wire copy cut, retitled or lightly rewritten."""
    return _copied_pairs(sequences, _ShingleSets.of(sequences))


def _copied_pairs(
    sequences: list[np.ndarray], sets: _ShingleSets, days: np.ndarray | None = None
) -> list[tuple[int, int]]:
    found = []
    for (i, j), count in _shared_counts(sets, COPY_MIN_SHINGLES, days).items():
        short, long = (i, j) if sets.length(i) <= sets.length(j) else (j, i)
        if count < COPY_MIN_LONGER_SHARE * sets.length(long):
            continue
        if _coverage(sequences[short], sets[long]) >= COPY_COVERAGE:
            found.append((i, j))
    return sorted(found)


# Pair keys made at once while counting shared shingles (8 bytes each), and how many are
# held before they are tallied: memory stays bounded however many pairs share a shingle.
PAIR_BATCH = 4_000_000
HELD_PAIRS = 8_000_000
# Pair keys one pass of counting makes at most (as estimated before the day window): the
# pairs are counted in passes over ranges of their first text, each pass tallied on its own
# (a pair lies in one pass), so the tally never holds a large batch's pair keys at once.
PASS_PAIRS = 8_000_000
# Copies found by shared passages are published within this many days of each other (wire
# copy runs the day it moves, a reprint within weeks); an undated text pairs with any. Two
# texts further apart sharing passages are a recap quoting an old report, and counting every
# such pair in a large archive costs memory in proportion to the square of its size.
COPY_WINDOW_DAYS = 30.0


@dataclass(slots=True)
class _ShingleSets:
    """Each text's sorted, distinct shingle hashes, all in one array: a text's set is a slice
    of it, so a large batch costs no array object per text beyond the slice."""

    flat: np.ndarray
    bounds: np.ndarray  # text i is flat[bounds[i] : bounds[i + 1]]

    @classmethod
    def of(cls, sequences: list[np.ndarray]) -> _ShingleSets:
        parts, lengths = [], np.zeros(len(sequences), dtype=np.int64)
        # chunk by chunk, so the per-text arrays live only until their chunk is joined
        for low in range(0, len(sequences), 10_000):
            chunk = [np.unique(s) for s in sequences[low : low + 10_000]]
            lengths[low : low + len(chunk)] = [len(c) for c in chunk]
            parts.append(np.concatenate(chunk) if chunk else np.zeros(0, dtype=np.uint64))
        flat = np.concatenate(parts) if parts else np.zeros(0, dtype=np.uint64)
        return cls(flat.astype(np.uint64, copy=False), np.concatenate([[0], np.cumsum(lengths)]))

    def __len__(self) -> int:
        return len(self.bounds) - 1

    def __getitem__(self, i: int) -> np.ndarray:
        return self.flat[self.bounds[i] : self.bounds[i + 1]]

    def length(self, i: int) -> int:
        return int(self.bounds[i + 1] - self.bounds[i])


def _shared_counts(
    sets: _ShingleSets, at_least: int = 1, days: np.ndarray | None = None
) -> dict[tuple[int, int], int]:
    """How many shingles each pair of texts (``i < j``) has in common, for the pairs with at
    least ``at_least``, from an index of who holds which shingle (a shingle in more than
    MAX_BUCKET texts is boilerplate and not counted). Each pair is a numpy key
    ``i * len(sets) + j``, made batch by batch and tallied by sorting. With ``days`` (each
    text's publication as a day number, NaN when undated), only pairs published within
    COPY_WINDOW_DAYS of each other are counted."""
    n = len(sets)
    if not n or not len(sets.flat):
        return {}
    owner, sizes = _shared_runs(sets)
    # owner holds, run after run, the texts that share each counted shingle
    starts = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
    # a pass's pairs are those whose first text lies in its range of texts
    made = (sizes * (sizes - 1) // 2).astype(np.int64)
    passes = max(1, -(-int(made.sum()) // PASS_PAIRS))
    bounds = np.linspace(0, n, passes + 1).round().astype(np.int64)
    out: dict[tuple[int, int], int] = {}
    for first_text, end_text in zip(bounds[:-1].tolist(), bounds[1:].tolist(), strict=True):
        if end_text > first_text:
            out.update(
                _pass_counts(
                    owner, starts, sizes, n, at_least, days, first_text, end_text, passes > 1
                )
            )
    return out


# Shingles sorted at once when finding the shingles texts share: the hashes are sorted a range
# of their values at a time (about this many each), so sorting costs a fixed amount of memory
# instead of about 36 bytes for every shingle of the batch.
SORT_SHINGLES = 1_000_000


def _shared_runs(sets: _ShingleSets) -> tuple[np.ndarray, np.ndarray]:
    """The texts holding each shingle held by 2 to MAX_BUCKET texts, run after run (a run's
    texts ascending, as ``int32``), and each run's size. Only the owners of shared shingles
    are kept (most shingles are one text's), and the hashes are sorted a range of values at a
    time (:data:`SORT_SHINGLES`)."""
    flat = sets.flat
    bits = max(0, int(np.ceil(np.log2(max(1, -(-len(flat) // SORT_SHINGLES))))))
    bits = min(bits, 16)
    prefix = (flat >> np.uint64(64 - bits)).astype(np.uint16) if bits else None
    owners: list[np.ndarray] = []
    run_sizes: list[np.ndarray] = []
    for part in range(1 << bits):
        positions = np.flatnonzero(prefix == part) if prefix is not None else None
        values = flat if positions is None else flat[positions]
        if not len(values):
            continue
        # stable: a text's shingles come in text order, so a run's owners ascend
        order = np.argsort(values, kind="stable")
        values = values[order]
        edges = np.flatnonzero(np.concatenate([[True], values[1:] != values[:-1]]))
        del values
        sizes = np.diff(np.concatenate([edges, [len(order)]]))
        shared = (sizes >= 2) & (sizes <= MAX_BUCKET)
        if not shared.any():
            continue
        members = order[np.repeat(shared, sizes)]
        del order
        if positions is not None:
            members = positions[members]
        owners.append((np.searchsorted(sets.bounds, members, side="right") - 1).astype(np.int32))
        run_sizes.append(sizes[shared])
    if not owners:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int64)
    return np.concatenate(owners), np.concatenate(run_sizes).astype(np.int64)


def _pass_counts(
    owner: np.ndarray,
    starts: np.ndarray,
    sizes: np.ndarray,
    n: int,
    at_least: int,
    days: np.ndarray | None,
    first_text: int,
    end_text: int,
    partial: bool,
) -> dict[tuple[int, int], int]:
    """:func:`_shared_counts` of the pairs whose first text is in ``first_text``-``end_text``
    (all pairs unless ``partial``), in key order."""
    if partial:
        # Only runs where a text of the range is the first of a pair: owners ascend inside a
        # run, so its first owner must come before the range's end and its last but one
        # inside or after the range (runs hold texts of nearby days, mostly one pass's).
        relevant = (owner[starts] < end_text) & (owner[starts + sizes - 2] >= first_text)
        starts, sizes = starts[relevant], sizes[relevant]
    held: list[np.ndarray] = []
    holding = 0
    tallies: list[tuple[np.ndarray, np.ndarray]] = []
    for size in np.unique(sizes).tolist():
        # Owners are ascending inside a shingle's run, so the first of a pair is the lower.
        first, second = np.triu_indices(size, k=1)
        runs = starts[sizes == size]
        step = max(1, PAIR_BATCH // len(first))
        for low in range(0, len(runs), step):
            at = runs[low : low + step, None]
            low_owner = owner[at + first].ravel().astype(np.int64)
            high_owner = owner[at + second].ravel()
            if partial:
                inside = (low_owner >= first_text) & (low_owner < end_text)
                low_owner, high_owner = low_owner[inside], high_owner[inside]
            if days is not None:
                # NaN (undated) compares false: kept
                near = ~(np.abs(days[low_owner] - days[high_owner]) > COPY_WINDOW_DAYS)
                low_owner, high_owner = low_owner[near], high_owner[near]
            held.append(low_owner * n + high_owner)
            holding += len(held[-1])
            if holding > HELD_PAIRS:
                tallies.append(_tally(np.concatenate(held)))
                held, holding = [], 0
    if held:
        tallies.append(_tally(np.concatenate(held)))
    if not tallies:
        return {}
    keys, counts = tallies[0] if len(tallies) == 1 else _merged(tallies)
    kept = counts >= at_least
    keys, counts = keys[kept], counts[kept]
    return {
        (i, j): count
        for i, j, count in zip(
            (keys // n).tolist(), (keys % n).tolist(), counts.tolist(), strict=True
        )
    }


def _tally(keys: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The distinct keys, sorted, and how often each occurs."""
    if not len(keys):
        return keys, np.zeros(0, dtype=np.int64)
    keys = np.sort(keys)
    starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
    return keys[starts], np.diff(np.concatenate([starts, [len(keys)]]))


def _merged(tallies: list[tuple[np.ndarray, np.ndarray]]) -> tuple[np.ndarray, np.ndarray]:
    """Tallies as one, each key once with its counts added."""
    keys = np.concatenate([k for k, _ in tallies])
    counts = np.concatenate([c for _, c in tallies])
    if not len(keys):
        return keys, counts
    order = np.argsort(keys, kind="stable")
    keys, counts = keys[order], counts[order]
    starts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
    return keys[starts], np.add.reduceat(counts, starts)


def _coverage(sequence: np.ndarray, other: np.ndarray) -> float:
    """The share of a text's words inside a shingle that ``other`` (a sorted set) also has."""
    if not len(sequence):
        return 0.0
    hit = np.isin(sequence, other, assume_unique=False)
    covered = np.zeros(len(sequence) + SHINGLE_WORDS - 1, dtype=bool)
    for offset in range(SHINGLE_WORDS):
        covered[offset : offset + len(sequence)] |= hit
    return float(covered.mean())


def minhash_signatures(
    texts: list[str], shingles: list[np.ndarray] | _ShingleSets | None = None
) -> np.ndarray:
    """A ``(len(texts), PERMUTATIONS)`` uint32 MinHash signature matrix (multiply-shift hashes
    applied to all shingles of the batch at once, minimum taken per text); ``shingles`` are
    the texts' :func:`shingle_sets` when already computed."""
    sets = shingle_sets(texts) if shingles is None else shingles
    lengths = np.array([len(sets[i]) for i in range(len(sets))], dtype=np.int64)
    signatures = np.full((len(lengths), PERMUTATIONS), np.iinfo(np.uint32).max, dtype=np.uint32)
    nonempty = np.flatnonzero(lengths)
    if len(nonempty) == 0:
        return signatures
    rng = np.random.default_rng(11)
    a = rng.integers(1, 2**63, size=PERMUTATIONS, dtype=np.uint64) | np.uint64(1)
    b = rng.integers(0, 2**63, size=PERMUTATIONS, dtype=np.uint64)
    # Chunks bound memory: ~100k shingles x PERMUTATIONS x 12 bytes = 75 MB at a time. Each
    # permutation's hashes are one row, so the minimum per text runs along contiguous memory.
    a, b = a[:, None], b[:, None]
    chunk: list[int] = []
    size = 0
    for index in [*nonempty.tolist(), -1]:
        if index >= 0:
            chunk.append(index)
            size += int(lengths[index])
        if chunk and (index < 0 or size >= 100_000):
            flat = np.concatenate([sets[i] for i in chunk])
            with np.errstate(over="ignore"):
                hashed = a * flat[None, :]
                hashed += b
                hashed >>= np.uint64(32)
            starts = np.concatenate([[0], np.cumsum(lengths[chunk])[:-1]])
            signatures[chunk] = np.minimum.reduceat(hashed.astype(np.uint32), starts, axis=1).T
            del hashed
            chunk, size = [], 0
    return signatures


def near_duplicate_pairs(
    signatures: np.ndarray, shingles: list[np.ndarray] | _ShingleSets | None = None
) -> list[tuple[int, int]]:
    """Index pairs whose signatures share an LSH band and agree on >= NEAR_JACCARD of rows;
    with the texts' ``shingles``, also pairs in which one text nearly contains the other."""
    rows = PERMUTATIONS // BANDS
    pairs: set[tuple[int, int]] = set()
    for band in range(BANDS):
        block = np.ascontiguousarray(signatures[:, band * rows : (band + 1) * rows])
        keys = block.view(np.dtype((np.void, block.dtype.itemsize * rows))).ravel()
        order = np.argsort(keys, kind="stable")
        sorted_keys = keys[order]
        boundaries = np.flatnonzero(sorted_keys[1:] != sorted_keys[:-1]) + 1
        del sorted_keys
        starts = np.concatenate([[0], boundaries])
        ends = np.concatenate([boundaries, [len(order)]])
        sizes = ends - starts
        shared = (sizes > 1) & (sizes <= MAX_BUCKET)
        for start, end in zip(starts[shared].tolist(), ends[shared].tolist(), strict=True):
            members = sorted(order[start:end].tolist())
            for x, i in enumerate(members):
                for j in members[x + 1 :]:
                    pairs.add((i, j))
    if not pairs:
        return []
    candidates = np.array(sorted(pairs))
    agreement = (signatures[candidates[:, 0]] == signatures[candidates[:, 1]]).mean(axis=1)
    found = [(int(i), int(j)) for i, j in candidates[agreement >= NEAR_JACCARD]]
    if shingles is not None:
        close = (agreement >= CONTAINED_MIN_JACCARD) & (agreement < NEAR_JACCARD)
        found += [
            (int(i), int(j)) for i, j in candidates[close] if _contained(shingles[i], shingles[j])
        ]
    return sorted(found)


def _contained(a: np.ndarray, b: np.ndarray) -> bool:
    """Whether the longer of two shingle sets holds NEAR_CONTAINMENT of the shorter one."""
    smaller = min(len(a), len(b))
    if smaller < CONTAINED_MIN_SHINGLES:
        return False
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared >= NEAR_CONTAINMENT * smaller


def _canonical(members: Sequence[Publication]) -> Publication:
    """The original publisher's copy when one member is it, else the earliest published."""
    outlets = {m.outlet for m in members if m.outlet}
    for member in members:
        if member.original_publisher and member.original_publisher in outlets:
            return next(m for m in members if m.outlet == member.original_publisher)
    return min(members, key=lambda m: (*undated_last(m.published), m.id))


class Publication(Protocol):
    """What grouping copies reads of an article besides its text."""

    @property
    def id(self) -> str: ...
    @property
    def outlet(self) -> str | None: ...
    @property
    def original_publisher(self) -> str | None: ...
    @property
    def published(self) -> datetime | None: ...


def find_duplicates(articles: list[Article]) -> list[DuplicateGroup]:
    """Groups of two or more articles carrying the same (or nearly the same) text."""
    cache: dict[str, int] = {}
    sketches = [sketch(a.text, cache) for a in articles]
    return group_duplicates(articles, [k for k, _ in sketches], [q for _, q in sketches])


def group_duplicates(
    articles: Sequence[Publication], exact_keys: list[bytes], sequences: list[np.ndarray]
) -> list[DuplicateGroup]:
    """:func:`find_duplicates` from each article's :func:`sketch` (key and shingles), so a
    large batch is grouped without holding its texts."""
    if len(articles) < 2:
        return []
    union = _UnionFind(list(range(len(articles))))
    first_with_key: dict[bytes, int] = {}
    for i, key in enumerate(exact_keys):
        union.union(first_with_key.setdefault(key, i), i)
    del first_with_key
    shingles = _ShingleSets.of(sequences)
    for i, j in near_duplicate_pairs(minhash_signatures([], shingles), shingles):
        union.union(i, j)
    days = np.array([a.published.timestamp() / 86400 if a.published else np.nan for a in articles])
    for i, j in _copied_pairs(sequences, shingles, days):
        union.union(i, j)
    members_of: dict[int, list[int]] = defaultdict(list)
    for i in range(len(articles)):
        members_of[union.find(i)].append(i)
    groups = []
    for indices in members_of.values():
        if len(indices) < 2:
            continue
        members = [articles[i] for i in indices]
        canonical = _canonical(members)
        outlets = {_outlet_key(m.outlet) for m in members if m.outlet}
        kind: Literal["exact", "near", "syndicated"]
        if len(outlets) > 1 or any(m.original_publisher for m in members):
            kind = "syndicated"
        elif len({exact_keys[i] for i in indices}) == 1:
            kind = "exact"
        else:
            kind = "near"
        ids = sorted(m.id for m in members)
        groups.append(
            DuplicateGroup(
                id=stable_id("duplicates", *ids),
                canonical_id=canonical.id,
                article_ids=ids,
                kind=kind,
            )
        )
    return sorted(groups, key=lambda g: g.id)


def _outlet_key(outlet: str) -> str:
    """An outlet's name as its copies may spell it: "The Riverside Courier" from a page's
    metadata and "Riverside Courier" from a record's source field are one outlet."""
    words = normalised_words(outlet)
    return " ".join(words[1:] if len(words) > 1 and words[0] == "the" else words)


def representatives(articles: Sequence[P], groups: list[DuplicateGroup]) -> list[P]:
    """One article per duplicate group (its canonical copy) plus every ungrouped article."""
    copies = {aid for g in groups for aid in g.article_ids if aid != g.canonical_id}
    return [a for a in articles if a.id not in copies]
