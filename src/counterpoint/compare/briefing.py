"""A neutral briefing per story, told only in its sources' own sentences.

The briefing has three parts, in order: the agreed core (sentences carrying the facts most
independent outlets report, or, in a story without such facts, what several outlets say alike),
what is disputed (both sides of every flagged conflict, whatever the length asked for), and what
only some outlets say. Every entry is one sentence of one article, cited by its offsets; its
words are cut from the article's text when exported, so the briefing cannot state a fact its
source does not. Sentences are chosen by maximal marginal relevance (Carbonell and Goldstein
1998): relevance is how central a sentence is to the story and how many of its facts it
carries, more for a lead and for an outlet not cited yet; redundancy its cosine to the
sentences already chosen, so two outlets' copies of one sentence are not both taken. The
disputed part is outside the length asked for, one item per conflict group (the conflicts of
one claim), told together: each distinct figure is told once, by one sentence, however many
conflicts, sentences and outlets share it and whoever it is credited to; the other outlets
giving it are listed beside it ("also reported by"). Within a part sentences go by how many outlets
carry their fact, then date, then their place in the article, so each outlet's run reads in
the order it told it.
"""

from __future__ import annotations

import re
import zlib
from collections import defaultdict
from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from counterpoint import lexicon
from counterpoint.model import (
    DISPUTED_KINDS,
    Article,
    BriefingRole,
    BriefingSentence,
    Claim,
    Conflict,
    ConflictSide,
    Coverage,
    CoverageFact,
)

if TYPE_CHECKING:
    from counterpoint.annotate.interfaces import Embedder

# A fact at least this many independent outlets carry, undisputed, is core.
CORE_OUTLETS = 2
# Weight of relevance against redundancy in the marginal relevance score.
RELEVANCE_WEIGHT = 0.7
# Relevance added to an article's lead sentence, falling to none by its LEAD_SENTENCES-th: a
# lead states its news whole, where a later sentence leans on the ones before ("These
# strikes killed ...", "This is bad news for ...").
LEAD_WEIGHT = 0.3
# Relevance added to a sentence of an outlet the briefing does not cite yet, so one outlet's
# many central sentences do not crowd out another's account.
NEW_OUTLET_WEIGHT = 0.3
# Cosine above which a sentence repeats one already chosen.
REPEAT_COSINE = 0.8
# Cosine above which two outlets' sentences say the same thing (for stories without facts).
AGREE_COSINE = 0.6
# The lead sentences of each article are its summary in news style; later ones are read only
# when they carry a fact, which bounds the encoder's work per story.
LEAD_SENTENCES = 6
# Sentences embedded per story at most: a story of hundreds of articles is briefed from the
# sentences carrying its best-reported facts and its articles' leads, in that order.
MAX_POOL = 300
SHORTEST_SENTENCE = 25
HASHED_DIMENSIONS = 2048


@dataclass(slots=True)
class _Candidate:
    article: Article
    start: int
    end: int
    headline: bool
    claims: list[str]
    order: int
    numbers: frozenset[str] = frozenset()
    # Place among the article's body sentences (0 is the lead); -1 for a headline.
    position: int = -1
    outlet: str = ""

    @property
    def key(self) -> tuple[str, int]:
        return (self.article.id, self.start)


def story_briefing(
    articles: list[Article],
    claims: list[Claim],
    conflicts: list[Conflict],
    coverage: Coverage,
    outlet_of: dict[str, str],
    encoder: Embedder | None = None,
    max_sentences: int = 12,
    others: Iterable[Article] = (),
) -> list[BriefingSentence]:
    """The briefing of the story made of ``articles`` (one per duplicate group): at most
    ``max_sentences`` core and partial sentences, plus both sides of every disputed conflict
    among ``conflicts`` (a side in another story is cited from ``others``). ``encoder`` embeds
    sentences (unit rows); without one a hashed bag-of-words cosine stands in."""
    if not articles:
        return []
    candidates = _candidates(articles, claims, outlet_of)
    cited = {article.id: article for article in [*others, *articles]}
    briefing = _disputed(conflicts, cited, outlet_of)
    taken = {(entry.article_id, entry.start) for entry in briefing}
    # The disputed sentences come first in the pool, as chosen already: nothing repeating
    # them (another outlet's copy of a side) is told again.
    told = [
        _Candidate(
            cited[e.article_id],
            e.start,
            e.end,
            False,
            [e.claim_id] if e.claim_id else [],
            -1,
            _numbers(cited[e.article_id].text[e.start : e.end]),
            outlet=outlet_of.get(e.article_id, e.article_id),
        )
        for e in briefing
    ]
    pool = told + _best_candidates(
        [c for c in candidates if c.key not in taken], coverage, MAX_POOL - len(told)
    )
    if len(pool) == len(told):
        return briefing
    vectors = _embed([c.article.text[c.start : c.end] for c in pool], encoder)
    centrality = vectors @ _unit(vectors.mean(axis=0))
    core_facts = [f for f in coverage.facts if _is_core(f)]
    partial_facts = [f for f in coverage.facts if not _is_core(f) and f.status != "conflict"]
    chosen: list[int] = list(range(len(told)))
    redundancy = _Redundancy(vectors, chosen)
    budget = max(max_sentences, 0)
    reserve = max(1, budget // 4)
    core_ids = {fact.claim_id for fact in core_facts}
    agreed = _agreed(pool, vectors, outlet_of, core_ids)
    core = _choose_for_facts(pool, redundancy, centrality, core_facts, budget - reserve, chosen)
    if not core_facts:
        # Words alike say nothing of a fact where the story has facts several outlets carry
        # ("The Red Crescent was the source of this information."); only a story without
        # them has its core told by what outlets say alike.
        core += _choose_among(
            agreed, pool, redundancy, centrality, budget - reserve - len(core), chosen
        )
    partial = _choose_for_facts(
        pool, redundancy, centrality, partial_facts, budget - len(core), chosen
    )
    alone = [at for at, c in enumerate(pool) if not c.headline and at not in agreed]
    partial += _choose_among(
        alone, pool, redundancy, centrality, budget - len(core) - len(partial), chosen
    )
    return [
        *_in_order(core, pool, coverage, "core", outlet_of),
        *briefing,
        *_in_order(partial, pool, coverage, "partial", outlet_of),
    ]


def _best_candidates(
    candidates: list[_Candidate], coverage: Coverage, most: int
) -> list[_Candidate]:
    """At most ``most`` candidates, in their order: those carrying the facts most outlets
    report first, then leads before later sentences."""
    if len(candidates) <= most:
        return candidates
    rank = {fact.claim_id: at for at, fact in enumerate(coverage.facts)}

    def worth(candidate: _Candidate) -> tuple[int, int]:
        best = min((rank.get(c, len(rank)) for c in candidate.claims), default=len(rank))
        return best, candidate.position if candidate.position >= 0 else LEAD_SENTENCES

    kept = {id(c) for c in sorted(candidates, key=worth)[: max(most, 0)]}
    return [c for c in candidates if id(c) in kept]


def _is_core(fact: CoverageFact) -> bool:
    return len(fact.outlets) >= CORE_OUTLETS and fact.status in {"agreement", "single"}


def _candidates(
    articles: list[Article], claims: list[Claim], outlet_of: dict[str, str]
) -> list[_Candidate]:
    """The sentences a briefing may quote: each article's lead sentences and every sentence
    carrying a fact, with the facts (claim ids) it carries."""
    claims_at: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for claim in claims:
        for mention in claim.mentions:
            claims_at[mention.article_id].append((mention.start, claim.id))
    found: list[_Candidate] = []
    for article in articles:
        headings = [
            (p.start, p.end)
            for p in article.paragraphs
            if p.kind in ("title", "subtitle", "heading")
        ]
        body_seen = 0
        for sentence in article.sentences:
            words = article.text[sentence.start : sentence.end]
            if len(words.strip()) < SHORTEST_SENTENCE or is_page_furniture(words, article):
                continue
            held = sorted(
                {
                    claim_id
                    for at, claim_id in claims_at.get(article.id, ())
                    if sentence.start <= at < sentence.end
                }
            )
            headline = any(s <= sentence.start < e for s, e in headings)
            if not headline:
                body_seen += 1
            if held or (not headline and body_seen <= LEAD_SENTENCES):
                found.append(
                    _Candidate(
                        article,
                        sentence.start,
                        sentence.end,
                        headline,
                        held,
                        len(found),
                        _numbers(words),
                        -1 if headline else body_seen - 1,
                        outlet_of.get(article.id, article.id),
                    )
                )
    return found


def is_page_furniture(words: str, article: Article) -> bool:
    """Whether a sentence is page furniture, not reporting: a related link, a credit or a
    heading glued to the text ("Related: ...", "### The Sentencing ..."), or a caption."""
    opening = words.lstrip().casefold()
    chrome = lexicon.table("briefing")
    if opening.startswith(tuple(chrome["chrome_openers"])) or any(
        re.match(pattern, opening) for pattern in chrome["chrome_patterns"]
    ):
        return True
    said = " ".join(words.split())
    return any(said in " ".join(caption.split()) for caption in article.captions)


def _disputed(
    conflicts: list[Conflict], by_id: dict[str, Article], outlet_of: dict[str, str]
) -> list[BriefingSentence]:
    """Both sides of every disputed conflict between the story's articles, one disputed
    item per conflict group: conflicts of one claim, or sharing a side's sentence, are told
    together, and in a group each distinct figure is cited once, whoever it credits, however
    it bounds it and however many outlets give it: when seven reports put one toll at 11,300,
    one sentence (a body sentence rather than a headline, of the earliest report) stands
    for all, names every conflict it is a side of, and lists the other outlets as
    ``also_reported_by``. A side without a figure (a statement) keeps its own sentence; the
    two sides of one conflict are never one sentence. Groups come in the order of their
    first conflict."""
    disputed = [c for c in conflicts if c.kind in DISPUTED_KINDS]
    group_of = _conflict_groups(disputed, by_id)
    sides: list[tuple[Conflict, list[tuple[tuple[str, int, int], Hashable]]]] = []
    best: dict[Hashable, tuple[str, int, int]] = {}
    givers: dict[Hashable, set[str]] = defaultdict(set)
    for conflict in disputed:
        pair = []
        for side in (conflict.a, conflict.b):
            article = by_id.get(side.article_id)
            if article is None:
                continue
            at = (article.id, *_side_sentence(article, side))
            figure: Hashable = at if side.value is None else (group_of[conflict.id], side.value)
            pair.append((at, figure))
            givers[figure].add(outlet_of.get(article.id, article.id))
            held = best.get(figure)
            if held is None or _citing_order(by_id, at) < _citing_order(by_id, held):
                best[figure] = at
        sides.append((conflict, pair))
    found: dict[tuple[str, int, int], tuple[int, BriefingSentence]] = {}
    for conflict, pair in sides:
        told = [(best[figure], figure) for _, figure in pair]
        if len(told) == 2 and told[0][0] == told[1][0]:
            told = list(pair)
        for (article_id, start, end), figure in told:
            held_entry = found.get((article_id, start, end))
            if held_entry is None:
                entry = BriefingSentence(
                    article_id=article_id,
                    start=start,
                    end=end,
                    role="disputed",
                    outlet=outlet_of.get(article_id),
                    url=by_id[article_id].url,
                    claim_id=conflict.claim_id,
                )
                found[(article_id, start, end)] = (group_of[conflict.id], entry)
            else:
                entry = held_entry[1]
            if conflict.id not in entry.conflict_ids:
                entry.conflict_ids.append(conflict.id)
            if best.get(figure) == (article_id, start, end):
                own = outlet_of.get(article_id, article_id)
                entry.also_reported_by = sorted({*entry.also_reported_by, *givers[figure]} - {own})
    # Stable: within a group, sentences keep the order their conflicts first named them.
    return [entry for _, entry in sorted(found.values(), key=lambda item: item[0])]


def _citing_order(by_id: dict[str, Article], at: tuple[str, int, int]) -> tuple[object, ...]:
    """Which of the sentences giving one figure cites it: a body sentence before a headline,
    then the earliest report (a tie keeps the side named first)."""
    article = by_id[at[0]]
    published = article.published.isoformat() if article.published else "~"
    return (_is_headline(article, at[1]), published)


def _side_sentence(article: Article, side: ConflictSide) -> tuple[int, int]:
    return _sentence_of(article, side.sentence_start, side.sentence_end, side.start)


def _conflict_groups(conflicts: list[Conflict], by_id: dict[str, Article]) -> dict[str, int]:
    """Conflict id -> its group's number (the place of the group's first conflict): one
    claim's conflicts are one group, and so are conflicts with a side in one sentence."""
    parent = list(range(len(conflicts)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    first: dict[Hashable, int] = {}
    for i, conflict in enumerate(conflicts):
        keys: list[Hashable] = [("claim", conflict.claim_id)] if conflict.claim_id else []
        for side in (conflict.a, conflict.b):
            article = by_id.get(side.article_id)
            if article is not None:
                keys.append((article.id, *_side_sentence(article, side)))
        for key in keys:
            if key in first:
                a, b = find(first[key]), find(i)
                parent[max(a, b)] = min(a, b)
            else:
                first[key] = i
    return {conflict.id: find(i) for i, conflict in enumerate(conflicts)}


def _is_headline(article: Article, start: int) -> bool:
    return any(
        p.start <= start < p.end
        for p in article.paragraphs
        if p.kind in ("title", "subtitle", "heading")
    )


def _sentence_of(
    article: Article, start: int | None, end: int | None, inside: int
) -> tuple[int, int]:
    """The sentence a conflict side names, else the article's sentence holding ``inside``."""
    if start is not None and end is not None:
        return start, end
    for sentence in article.sentences:
        if sentence.start <= inside < sentence.end:
            return sentence.start, sentence.end
    return inside, inside


def _choose_for_facts(
    pool: list[_Candidate],
    redundancy: _Redundancy,
    centrality: np.ndarray,
    facts: list[CoverageFact],
    budget: int,
    chosen: list[int],
) -> list[int]:
    """For each fact in rank order (until ``budget``), the sentence carrying it with the best
    marginal relevance; a fact an earlier choice already carries needs none of its own."""
    picked: list[int] = []
    carried = {claim for at in chosen for claim in pool[at].claims}
    weight = _fact_weights(facts)
    for fact in facts:
        if len(picked) >= budget:
            break
        if fact.claim_id in carried:
            continue
        options = [
            at for at, c in enumerate(pool) if fact.claim_id in c.claims and at not in chosen
        ]
        best = _best(options, pool, redundancy, centrality, weight, chosen)
        if best is None:
            continue
        chosen.append(best)
        picked.append(best)
        carried.update(pool[best].claims)
    return picked


def _agreed(
    pool: list[_Candidate], vectors: np.ndarray, outlet_of: dict[str, str], core: set[str]
) -> list[int]:
    """The body sentences another independent outlet has a sentence close to: what several
    outlets say alike, with the same figures. A sentence carrying a fact that is not core is
    left out, since words alike around different figures are no agreement."""
    outlets = _codes([outlet_of.get(c.article.id, c.article.id) for c in pool])
    figures = _codes([c.numbers for c in pool])
    eligible = np.array([not c.headline and set(c.claims) <= core for c in pool], dtype=bool)
    # Only sentences with the same figures can agree, so the cosines are taken group by
    # group. A cosine within float32 rounding of the bar (which the product's shape can tip
    # either way) is taken again in float64.
    found = np.zeros(len(pool), dtype=bool)
    margin = _rounding(vectors)
    for code in np.unique(figures[eligible]).tolist():
        rows = np.flatnonzero(eligible & (figures == code))
        group = vectors[rows]
        # Columns no sentence of the group uses add nothing (a hashed bag of words is sparse).
        group = group[:, np.flatnonzero(group.any(axis=0))]
        cosine = group @ group.T
        close = cosine >= AGREE_COSINE
        near = np.argwhere(np.abs(cosine - AGREE_COSINE) <= margin)
        if len(near):
            wide = group[near[:, 0]].astype(np.float64) * group[near[:, 1]].astype(np.float64)
            close[near[:, 0], near[:, 1]] = wide.sum(axis=1) >= AGREE_COSINE
        other = outlets[rows][:, None] != outlets[rows][None, :]
        found[rows] = (close & other).any(axis=1)
    return [int(at) for at in np.flatnonzero(found)]


def _rounding(vectors: np.ndarray) -> float:
    """A bound on how far two float32 computations of one cosine of unit ``vectors`` can
    differ: twice the error of a sum of as many products as the rows have nonzero terms."""
    terms = int(np.count_nonzero(vectors, axis=1).max(initial=0))
    unit = float(np.finfo(np.float32).eps) / 2
    return 2 * terms * unit / max(1e-9, 1 - terms * unit) + 1e-7


def _codes(values: list[Hashable]) -> np.ndarray:
    """One integer per distinct value, so equality is compared by array."""
    seen: dict[Hashable, int] = {}
    return np.array([seen.setdefault(value, len(seen)) for value in values], dtype=np.int64)


def _choose_among(
    options: list[int],
    pool: list[_Candidate],
    redundancy: _Redundancy,
    centrality: np.ndarray,
    budget: int,
    chosen: list[int],
) -> list[int]:
    """Up to ``budget`` of ``options`` by marginal relevance, the most central first."""
    picked: list[int] = []
    while len(picked) < budget:
        best = _best(
            [at for at in options if at not in chosen], pool, redundancy, centrality, {}, chosen
        )
        if best is None:
            break
        chosen.append(best)
        picked.append(best)
    return picked


def _fact_weights(facts: list[CoverageFact]) -> dict[str, float]:
    """A fact counts by the share of the story's outlets that carry it."""
    most = max((len(f.outlets) for f in facts), default=1) or 1
    return {f.claim_id: len(f.outlets) / most for f in facts}


class _Redundancy:
    """Each sentence's highest cosine to the sentences chosen so far. ``chosen`` only grows,
    so each pair's cosine is computed once however often the options are scored again."""

    def __init__(self, vectors: np.ndarray, chosen: list[int]) -> None:
        self.vectors = vectors
        self.chosen = chosen
        self._known: dict[int, tuple[int, float | None]] = {}

    def of(self, at: int) -> float:
        done, most = self._known.get(at, (0, None))
        for c in self.chosen[done:]:
            cosine = float(self.vectors[at] @ self.vectors[c])
            if most is None or cosine > most:
                most = cosine
        self._known[at] = (len(self.chosen), most)
        return 0.0 if most is None else most


def _best(
    options: Iterable[int],
    pool: list[_Candidate],
    redundancy_of: _Redundancy,
    centrality: np.ndarray,
    weight: dict[str, float],
    chosen: list[int],
    repeat: float = REPEAT_COSINE,
) -> int | None:
    """The option with the highest marginal relevance, None when every option repeats (is
    ``repeat`` close to) a sentence already chosen."""
    best, best_score = None, -np.inf
    cited = {pool[c].outlet for c in chosen}
    for at in options:
        redundancy = redundancy_of.of(at)
        numbers = pool[at].numbers
        if redundancy >= repeat or any(numbers and numbers <= pool[c].numbers for c in chosen):
            continue
        candidate = pool[at]
        relevance = float(centrality[at]) + sum(weight.get(c, 0.0) for c in candidate.claims)
        if candidate.headline:
            relevance -= 0.5
        else:
            relevance += LEAD_WEIGHT * max(0.0, 1 - candidate.position / LEAD_SENTENCES)
        if candidate.outlet not in cited:
            relevance += NEW_OUTLET_WEIGHT
        score = RELEVANCE_WEIGHT * relevance - (1 - RELEVANCE_WEIGHT) * redundancy
        if score > best_score:
            best, best_score = at, score
    return best


def _in_order(
    picked: list[int],
    pool: list[_Candidate],
    coverage: Coverage,
    role: BriefingRole,
    outlet_of: dict[str, str],
) -> list[BriefingSentence]:
    """``picked`` as briefing sentences: by how many independent outlets carry the most widely
    carried fact each states (facts carried alike are tied, and a sentence without a fact is
    carried by its own outlet), then by publication date, then by place in its article, so
    one outlet's sentences of a tier keep their article's order and read as it told them."""

    rank = {fact.claim_id: at for at, fact in enumerate(coverage.facts)}
    reach = {fact.claim_id: len(fact.outlets) for fact in coverage.facts}

    def order(at: int) -> tuple[int, str, int]:
        candidate = pool[at]
        carried = max((reach.get(c, 1) for c in candidate.claims), default=1)
        published = candidate.article.published
        return (-carried, published.isoformat() if published else "~", candidate.order)

    return [
        BriefingSentence(
            article_id=pool[at].article.id,
            start=pool[at].start,
            end=pool[at].end,
            role=role,
            outlet=outlet_of.get(pool[at].article.id),
            url=pool[at].article.url,
            claim_id=min(pool[at].claims, key=lambda c: rank.get(c, len(rank)), default=None),
        )
        for at in sorted(picked, key=order)
    ]


def _numbers(text: str) -> frozenset[str]:
    """The figures a sentence states, as written without separators ("212", "1.2")."""
    return frozenset(match.replace(",", "").rstrip(".") for match in re.findall(r"\d[\d.,]*", text))


def _embed(texts: list[str], encoder: Embedder | None) -> np.ndarray:
    if encoder is not None:
        return np.asarray(encoder.encode(texts), dtype=np.float32)
    return np.stack([_hashed_words(text) for text in texts])


def _hashed_words(text: str) -> np.ndarray:
    """A unit bag-of-words vector (hashed words, stable across runs): the fallback encoder."""
    vector = np.zeros(HASHED_DIMENSIONS, dtype=np.float32)
    for word in re.findall(r"\w+", text.casefold()):
        vector[zlib.crc32(word.encode()) % HASHED_DIMENSIONS] += 1.0
    return _unit(vector)


def _unit(vector: np.ndarray) -> np.ndarray:
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else vector
