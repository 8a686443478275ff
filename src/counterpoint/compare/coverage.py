"""Which outlet reports which fact of a story: the fact-by-outlet matrix and each outlet's gaps.

A fact is a claim (figures link aligned across articles); an outlet carries it when one of its
articles has a mention of it. Outlets are independent outlets (:mod:`.outlets`): a copy or wire
rewrite counts toward its original publisher, so a fact syndicated three times is carried by
one outlet, not three.

A figure one outlet alone gives is a claim of its own when the claim layer could not align it
(its frame says less than the others'); when its value is one a fact of the story already
carries from other outlets, it is that outlet's report of that fact, and the row takes the
outlet in (:func:`_joined`).
"""

from __future__ import annotations

import math

from counterpoint.model import Claim, Coverage, CoverageFact, OutletOmissions

# A fact is "widely reported" when at least this share of the other outlets carry it ...
OMISSION_SHARE = 0.5
# ... and at least this many: with two other outlets, one of them is not "wide".
OMISSION_MIN_OUTLETS = 2


def story_coverage(
    article_ids: list[str], claims: list[Claim], outlet_of: dict[str, str]
) -> Coverage:
    """The coverage of the story made of ``article_ids``: its facts are the ``claims`` (a
    block's claims, with their compare status) with a mention in its articles, ranked by how
    many independent outlets carry them, then by mentions; ``outlet_of`` maps an article id to
    the independent outlet it counts for."""
    in_story = set(article_ids)
    outlets = sorted({outlet_of[article_id] for article_id in article_ids})
    ranked: list[tuple[int, CoverageFact]] = []
    for claim in claims:
        mentioned = [m.article_id for m in claim.mentions if m.article_id in in_story]
        if not mentioned:
            continue
        carrying = sorted({outlet_of[article_id] for article_id in mentioned})
        fact = CoverageFact(
            claim_id=claim.id,
            label=claim.key,
            outlets=carrying,
            article_ids=list(dict.fromkeys(mentioned)),
            status=claim.status,
        )
        ranked.append((len(mentioned), fact))
    ranked = _joined(ranked, claims, in_story, outlet_of)
    ranked.sort(key=lambda item: (-len(item[1].outlets), -item[0], item[1].label, item[1].claim_id))
    facts = [fact for _, fact in ranked]
    return Coverage(
        outlets=outlets,
        facts=facts,
        by_outlet=[_omissions(outlet, outlets, facts) for outlet in outlets],
    )


def _joined(
    ranked: list[tuple[int, CoverageFact]],
    claims: list[Claim],
    in_story: set[str],
    outlet_of: dict[str, str],
) -> list[tuple[int, CoverageFact]]:
    """The facts with each one-outlet fact of a single value (and bound) folded into the
    fact, carried by other outlets only, that the most outlets carry with that value among its
    own: the same figure of the same story from another outlet, whose frame was too thin for
    the claim layer to align it. Facts carried by two outlets or more are never folded."""
    values = {
        claim.id: {(m.value, m.bound) for m in claim.mentions if m.article_id in in_story}
        for claim in claims
    }
    ranked = sorted(ranked, key=lambda item: (-len(item[1].outlets), -item[0], item[1].claim_id))
    kept: list[tuple[int, CoverageFact]] = []
    for mentions, fact in ranked:
        own = values.get(fact.claim_id, set())
        host = None
        if len(fact.outlets) == 1 and len(own) == 1:
            host = next(
                (
                    i
                    for i, (_, other) in enumerate(kept)
                    if fact.outlets[0] not in other.outlets
                    and own <= values.get(other.claim_id, set())
                ),
                None,
            )
        if host is None:
            kept.append((mentions, fact))
            continue
        count, other = kept[host]
        other.article_ids = list(dict.fromkeys(other.article_ids + fact.article_ids))
        other.outlets = sorted({*other.outlets, *(outlet_of[a] for a in fact.article_ids)})
        kept[host] = (count + mentions, other)
    return kept


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
