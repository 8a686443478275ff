"""Which outlet reports which fact of a story: the fact-by-outlet matrix and each outlet's gaps.

A fact is a claim (figures link aligned across articles); an outlet carries it when one of its
articles has a mention of it. Outlets are independent outlets (:mod:`.outlets`): a copy or wire
rewrite counts toward its original publisher, so a fact syndicated three times is carried by
one outlet, not three.

A figure one outlet alone gives is a claim of its own when the claim layer could not align it
(its frame says less than the others'). Coverage then decides what it is (:func:`_joined`):

- when its value is one a fact of the story already carries from other outlets, it is that
  outlet's report of that fact, and the row takes the outlet in; of several such facts, the
  one whose label shares its unit and words (then the most outlets) takes it;
- when the outlet already carries that value in a fact of the same unit (a headline's "25
  YEARS" beside the body's "25 years"), it is a repeat, not a second fact;
- when another outlet's fact is labelled alike word for word with a value close to it (3,283
  buried on the 17th, "more than 3,000" on the 21st), it is that fact told at another time;
- when it is a range one of whose ends another outlet's fact of its unit gives ("five to
  six-and-a-half years" beside "six and a half years"), it is that outlet's report of it.

A one-outlet figure that is only a vague multitude ("thousands", "millions of cubic meters")
states no fact and has no row. A row whose label is only the counted noun ("mile", "province",
"building") is labelled by its figure as written ("about 400 miles", "five provinces").
"""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from counterpoint import lexicon
from counterpoint.model import Article, Claim, ClaimMention, Coverage, CoverageFact, OutletOmissions

# A fact is "widely reported" when at least this share of the other outlets carry it ...
OMISSION_SHARE = 0.5
# ... and at least this many: with two other outlets, one of them is not "wide".
OMISSION_MIN_OUTLETS = 2
# Two figures labelled alike word for word are one fact told at two times when the larger is
# at most this multiple of the smaller (a running count; not a second count of other things).
SAME_LABEL_RATIO = 1.25
# A repeat by one outlet of a bare count (no unit) joins its fact only from this value up: small
# counts ("two dams", "two governments") coincide too often within one article.
REPEAT_MIN_COUNT = 100

_WORD = re.compile(r"[^\W\d_]+")
_UNIT = re.compile(r", in ([^()]+?)(?= \(| in \S|$)")
_WHAT_END = re.compile(r",| \(| in (?=[A-Z])")


@dataclass(slots=True)
class _Row:
    """A fact while coverage is built: its claim's facts and what its label says."""

    mentions: int
    fact: CoverageFact
    values: set[tuple[float | None, str]]
    by_outlet: dict[str, set[float | None]]
    what: str
    unit: str
    words: frozenset[str]
    # The claim label's words after its event part ("buried", "deaths in Derna").
    said: str
    # The ends of a one-outlet range ("five to six-and-a-half years": 5 and 6.5).
    ends: frozenset[float] = frozenset()


def story_coverage(
    article_ids: list[str],
    claims: list[Claim],
    outlet_of: dict[str, str],
    articles: Sequence[Article] = (),
) -> Coverage:
    """The coverage of the story made of ``article_ids``: its facts are the ``claims`` (a
    block's claims, with their compare status) with a mention in its articles, ranked by how
    many independent outlets carry them, then by mentions; ``outlet_of`` maps an article id to
    the independent outlet it counts for. ``articles`` (the story's) give the figures' words,
    for labels and for telling a vague multitude from a figure; without them labels are the
    claims' own."""
    in_story = set(article_ids)
    texts = {article.id: article.text for article in articles}
    units = {(a.id, q.start): q.unit for a in articles for q in a.quantities if q.unit}
    tops = {(a.id, q.start): q.value_max for a in articles for q in a.quantities if q.value_max}
    outlets = sorted({outlet_of[article_id] for article_id in article_ids})
    rows: list[_Row] = []
    for claim in claims:
        own = [m for m in claim.mentions if m.article_id in in_story]
        if not own or _vague_only(own, texts, outlet_of):
            continue
        mentioned = [m.article_id for m in own]
        fact = CoverageFact(
            claim_id=claim.id,
            label=_label(claim.key, own, texts, outlet_of, units),
            outlets=sorted({outlet_of[article_id] for article_id in mentioned}),
            article_ids=list(dict.fromkeys(mentioned)),
            status=claim.status,
        )
        row = _row(len(own), fact, claim.key, own, outlet_of)
        top = tops.get((own[0].article_id, own[0].start)) if len(own) == 1 else None
        if top is not None and own[0].value is not None:
            row.ends = frozenset({own[0].value, top})
        rows.append(row)
    ranked = [(row.mentions, row.fact) for row in _joined(rows, outlet_of)]
    ranked.sort(key=lambda item: (-len(item[1].outlets), -item[0], item[1].label, item[1].claim_id))
    facts = [fact for _, fact in ranked]
    return Coverage(
        outlets=outlets,
        facts=facts,
        by_outlet=[_omissions(outlet, outlets, facts) for outlet in outlets],
    )


def _row(
    mentions: int,
    fact: CoverageFact,
    key: str,
    own: list[ClaimMention],
    outlet_of: dict[str, str],
) -> _Row:
    by_outlet: dict[str, set[float | None]] = defaultdict(set)
    for mention in own:
        by_outlet[outlet_of[mention.article_id]].add(mention.value)
    what, unit = _parts(key)
    return _Row(
        mentions,
        fact,
        {(m.value, m.bound) for m in own},
        dict(by_outlet),
        what,
        unit,
        frozenset(_stem(w) for w in _WORD.findall(what.casefold())),
        key.partition(": ")[2],
    )


def _parts(key: str) -> tuple[str, str]:
    """A claim label's fact words (what happened, to what) and its unit: ``("deaths", "")``
    of "disaster of 10 Sep 2023: deaths in Derna", ``("sentence", "years")`` of "verdict of 28
    Mar 2024: sentence, in years (Sam Bankman-Fried)"."""
    rest = key.partition(": ")[2] or key
    unit = _UNIT.search(rest)
    what = _WHAT_END.split(rest, maxsplit=1)[0].strip()
    return what, (_stem(unit.group(1).strip().casefold()) if unit else "")


def _stem(word: str) -> str:
    """A plural's singular, roughly ("bodies" -> "body", "buses" -> "bus", "miles" -> "mile")."""
    if len(word) < 4:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "xes", "ches", "shes", "zes", "uses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss"):
        return word[:-1]
    return word


def _joined(rows: list[_Row], outlet_of: dict[str, str]) -> list[_Row]:
    """The rows with each one-outlet fact of a single value (and bound) folded into the fact
    it reports (module docstring): another outlets' fact with that value, the outlet's own
    fact with that value and unit, or another outlets' fact labelled alike with a close value.
    Facts carried by two outlets or more are never folded."""
    rows = sorted(rows, key=lambda r: (-len(r.fact.outlets), -r.mentions, r.fact.claim_id))
    kept: list[_Row] = []
    for row in rows:
        host = _host(row, kept) if len(row.fact.outlets) == 1 and len(row.values) == 1 else None
        if host is None:
            kept.append(row)
            continue
        fact = host.fact
        fact.article_ids = list(dict.fromkeys(fact.article_ids + row.fact.article_ids))
        fact.outlets = sorted({*fact.outlets, *(outlet_of[a] for a in row.fact.article_ids)})
        host.mentions += row.mentions
        host.values |= row.values
        for outlet, values in row.by_outlet.items():
            host.by_outlet.setdefault(outlet, set()).update(values)
    return kept


def _host(row: _Row, kept: list[_Row]) -> _Row | None:
    """The kept fact ``row`` (one outlet, one value) reports, if any (:func:`_joined`)."""
    outlet = row.fact.outlets[0]
    value, _ = next(iter(row.values))
    best: tuple[tuple[int, ...], int] | None = None
    for at, other in enumerate(kept):
        shared = len(row.words & other.words)
        same_unit = row.unit == other.unit
        if outlet not in other.fact.outlets:
            # two units that differ (days, years) are two facts; a label without one says less
            alike = row.said == other.said and _close(value, other.values)
            # a range ("five to six-and-a-half years") reports the fact one of its ends is
            at_an_end = same_unit and any(end == v for end in row.ends for v, _ in other.values)
            fits = (
                (same_unit or not row.unit or not other.unit)
                and (row.values <= other.values or alike)
            ) or at_an_end
        else:
            # a repeat: the outlet gives this figure, and only it, for that fact already
            fits = (
                other.by_outlet.get(outlet) == {value}
                and same_unit
                and (bool(row.unit) or shared > 0 or _not_a_small_count(value))
            )
        if not fits:
            continue
        score = (int(same_unit), shared, len(other.fact.outlets), other.mentions)
        if best is None or score > best[0]:
            best = (score, at)
    return None if best is None else kept[best[1]]


def _close(value: float | None, values: set[tuple[float | None, str]]) -> bool:
    if value is None or value <= 0:
        return False
    return any(
        v is not None and v > 0 and max(v, value) <= SAME_LABEL_RATIO * min(v, value)
        for v, _ in values
    )


def _not_a_small_count(value: float | None) -> bool:
    return value is not None and (value >= REPEAT_MIN_COUNT or not float(value).is_integer())


@cache
def _vague_words() -> frozenset[str]:
    return frozenset(lexicon.table("quantity_lexicon")["vague_scales"])


def _vague_only(own: list[ClaimMention], texts: dict[str, str], outlet_of: dict[str, str]) -> bool:
    """Whether a fact one outlet alone gives is only a vague multitude ("thousands of
    families"): every figure written without a digit, with a word such as "thousands"."""
    if len({outlet_of[m.article_id] for m in own}) != 1:
        return False
    surfaces = [texts.get(m.article_id, "")[m.start : m.end] for m in own]
    return all(
        surface
        and not any(ch.isdigit() for ch in surface)
        and bool(_vague_words() & set(_WORD.findall(surface.casefold())))
        for surface in surfaces
    )


def _label(
    key: str,
    own: list[ClaimMention],
    texts: dict[str, str],
    outlet_of: dict[str, str],
    units: dict[tuple[str, int], str],
) -> str:
    """The claim's label, or, for a fact one outlet gives with one figure, when its fact
    words are only the counted noun ("event reported 17 Sep 2023: mile"), the figure as
    written with what it counts ("event reported 17 Sep 2023: about 400 miles")."""
    event, _, rest = key.partition(": ")
    what, unit = _parts(key)
    first = own[0]
    surface = texts.get(first.article_id, "")[first.start : first.end].strip()
    counted = (first.counted or "").strip()
    if (
        not rest
        or not surface
        or not counted
        or unit
        or len({m.value for m in own}) != 1
        or len({outlet_of[m.article_id] for m in own}) != 1
        or len(what.split()) != 1
        or _stem(what.casefold())
        not in {_stem(counted.split()[-1].casefold()), units.get((first.article_id, first.start))}
    ):
        return key
    phrase = surface if counted.casefold() in surface.casefold() else f"{surface} {counted}"
    return f"{event}: {phrase}{rest[len(what) :]}"


def _omissions(outlet: str, outlets: list[str], facts: list[CoverageFact]) -> OutletOmissions:
    """What ``outlet`` leaves out that at least half the other outlets (and two) report, and
    what it alone reports (only when some other outlet covers the story at all)."""
    others = len(outlets) - 1
    wide = max(OMISSION_MIN_OUTLETS, math.ceil(OMISSION_SHARE * others))
    return OutletOmissions(
        outlet=outlet,
        omitted=[f.claim_id for f in facts if outlet not in f.outlets and len(f.outlets) >= wide],
        exclusive=[f.claim_id for f in facts if others and f.outlets == [outlet]],
    )
