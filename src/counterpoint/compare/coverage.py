"""Which outlet reports which fact of a story: the fact-by-outlet matrix and each outlet's gaps.

A fact is a claim (figures link aligned across articles); an outlet carries it when one of its
articles has a mention of it. Outlets are independent outlets (:mod:`.outlets`): a copy or wire
rewrite counts toward its original publisher, so a fact syndicated three times is carried by
one outlet, not three.
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
    ranked.sort(key=lambda item: (-len(item[1].outlets), -item[0], item[1].label, item[1].claim_id))
    facts = [fact for _, fact in ranked]
    return Coverage(
        outlets=outlets,
        facts=facts,
        by_outlet=[_omissions(outlet, outlets, facts) for outlet in outlets],
    )


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
