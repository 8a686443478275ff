"""Per story: numeric conflicts, non-numeric contradictions, claim status, timelines.

:func:`compare` reads only what annotate and link produced; each story (block) is handled on
its own by :func:`compare_block`, so the work can run as a groupby stage.
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from counterpoint.compare.conflicts import classify, find_conflicts
from counterpoint.compare.contradiction import RuleContradiction
from counterpoint.compare.statements import find_contradictions
from counterpoint.compare.timeline import story_timeline
from counterpoint.link import LinkResult
from counterpoint.link.claims import AlignedPair
from counterpoint.link.duplicates import representatives
from counterpoint.model import Article, Claim, Conflict, TimelineEntry

if TYPE_CHECKING:
    from counterpoint.annotate.interfaces import Contradiction


ClaimStatus = Literal["agreement", "single", "conflict", "change_over_time", "mixed"]


@dataclass(slots=True)
class CompareResult:
    conflicts: list[Conflict] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)


def compare(
    articles: list[Article], link_result: LinkResult, contradiction: Contradiction | None = None
) -> CompareResult:
    """Conflicts, claims with their status, and one timeline per storyline (or story)."""
    judge = contradiction or RuleContradiction()
    kept = representatives(articles, link_result.duplicates)
    blocks: dict[str, list[Article]] = defaultdict(list)
    for article in kept:
        blocks[link_result.scope_of.get(article.id, article.id)].append(article)
    pairs_of: dict[str, list[AlignedPair]] = defaultdict(list)
    for pair in link_result.pairs:
        pairs_of[pair.scope_id].append(pair)
    claim_of = {
        (mention.article_id, mention.start): claim.id
        for claim in link_result.claims
        for mention in claim.mentions
    }
    verdicts: dict[str, set[str]] = defaultdict(set)
    for pair in link_result.pairs:
        claim_id = claim_of.get((pair.a.article_id, pair.a.start))
        if claim_id is not None and not pair.reasons.same_article:
            verdicts[claim_id].add(classify(pair).verdict)
    result = CompareResult(claims=[_with_status(c, verdicts[c.id]) for c in link_result.claims])
    for scope_id in sorted(blocks):
        conflicts, timeline = compare_block(
            scope_id, blocks[scope_id], pairs_of[scope_id], link_result.story_of, claim_of, judge
        )
        result.conflicts.extend(conflicts)
        result.timeline.extend(timeline)
    return result


def compare_block(
    scope_id: str,
    articles: list[Article],
    pairs: list[AlignedPair],
    story_of: dict[str, str],
    claim_of: dict[tuple[str, int], str],
    contradiction: Contradiction,
) -> tuple[list[Conflict], list[TimelineEntry]]:
    """Everything compare finds inside one storyline or story."""
    conflicts = find_conflicts(pairs, story_of, claim_of)
    conflicts += find_contradictions(scope_id, articles, contradiction)
    return conflicts, story_timeline(scope_id, articles)


def _with_status(claim: Claim, verdicts: set[str]) -> Claim:
    """``agreement``/``conflict``/``change_over_time``/``mixed`` from its pairs' verdicts."""
    verdicts = verdicts - {"consistent"}
    status: ClaimStatus
    if verdicts <= {"agreement"}:
        status = "agreement" if verdicts else "single"
    elif "conflict" in verdicts and verdicts <= {"conflict", "possible_conflict", "agreement"}:
        status = "conflict"
    elif verdicts == {"change_over_time"}:
        status = "change_over_time"
    else:
        status = "mixed"
    return dataclasses.replace(claim, status=status)
