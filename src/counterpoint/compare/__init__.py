"""Per story: numeric conflicts, non-numeric contradictions, claim status, timelines, and how
each outlet covers it (coverage, voices, framing, briefing).

:func:`compare` reads only what annotate and link produced; each of link's blocks (a storyline,
or a story outside any) is handled on its own by :func:`compare_block`, so the work can run as
a groupby stage. Outlets are counted as independent voices: a syndicated copy counts toward
its original publisher (:mod:`counterpoint.compare.outlets`).
"""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Literal

from counterpoint.compare.briefing import story_briefing
from counterpoint.compare.conflicts import (
    FLAGGED,
    Judgement,
    classify,
    conflict_of,
    stage_shares,
)
from counterpoint.compare.contradiction import RuleContradiction
from counterpoint.compare.coverage import story_coverage
from counterpoint.compare.framing import story_framing
from counterpoint.compare.outlets import independent_outlets
from counterpoint.compare.statements import find_contradictions
from counterpoint.compare.timeline import story_timeline
from counterpoint.compare.voices import story_voices
from counterpoint.link import AlignedPair, Block, LinkResult
from counterpoint.model import Article, Claim, Conflict, ConflictSide, Story, TimelineEntry

if TYPE_CHECKING:
    from counterpoint.annotate.interfaces import Contradiction, Embedder


ClaimStatus = Literal["agreement", "single", "conflict", "change_over_time", "mixed"]


@dataclass(slots=True)
class CompareResult:
    conflicts: list[Conflict] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)
    # Every story of the link result, each with what compare found about its outlets.
    stories: list[Story] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class StoryOptions:
    """How stories are described: ``encoder`` embeds sentences for the briefing (``None``: a
    bag-of-words stand-in), ``briefing_sentences`` its length beside the disputed part."""

    encoder: Embedder | None = None
    briefing_sentences: int = 12


@dataclass(slots=True)
class BlockTask:
    """One of link's blocks with what :func:`compare_block` reads beside it, the maps cut to
    the block's articles, so a block can be compared in another process or on a Ray actor;
    ``index`` is the block's place in link's result, the order :func:`merged` wants."""

    index: int
    block: Block
    articles: list[Article]
    story_of: dict[str, str]
    stories: list[Story]
    outlet_of: dict[str, str]


def compare(
    articles: list[Article],
    link_result: LinkResult,
    contradiction: Contradiction | None = None,
    options: StoryOptions | None = None,
) -> CompareResult:
    """Conflicts, claims with their status, one timeline per storyline (or story), and each
    story's coverage, voices, framing and briefing, block by block as link built them."""
    tasks = block_tasks(articles, link_result)
    return merged(compare_tasks(list(tasks), contradiction, options), link_result)


def block_tasks(articles: list[Article], link_result: LinkResult) -> Iterator[BlockTask]:
    """One task per block of ``link_result``, in its order (see :func:`merged`)."""
    by_id = {article.id: article for article in articles}
    outlet_of = independent_outlets(articles, link_result.duplicates)
    stories_of: dict[str, list[Story]] = defaultdict(list)
    for story in link_result.stories:
        scope = next(
            (link_result.scope_of[a] for a in story.article_ids if a in link_result.scope_of), None
        )
        stories_of[scope or story.id].append(story)
    for index, block in enumerate(link_result.blocks):
        members = [by_id[i] for i in block.article_ids]
        yield BlockTask(
            index,
            block,
            members,
            {a.id: link_result.story_of[a.id] for a in members if a.id in link_result.story_of},
            stories_of.get(block.scope_id, []),
            {a.id: outlet_of[a.id] for a in members if a.id in outlet_of},
        )


def compare_tasks(
    tasks: list[BlockTask],
    contradiction: Contradiction | None = None,
    options: StoryOptions | None = None,
) -> list[CompareResult]:
    """:func:`compare_block` on each task: a pure function over a batch, for any executor."""
    judge = contradiction or RuleContradiction()
    return [
        compare_block(
            task.block,
            task.articles,
            task.story_of,
            judge,
            stories=task.stories,
            outlet_of=task.outlet_of,
            options=options,
        )
        for task in tasks
    ]


def merged(results: Iterable[CompareResult], link_result: LinkResult) -> CompareResult:
    """The blocks' results as one, in the order they come (give them in block order for the
    order :func:`compare` gives); every story of ``link_result`` once, as its block described
    it."""
    result = CompareResult()
    described: dict[str, Story] = {}
    for found in results:
        result.conflicts.extend(found.conflicts)
        result.claims.extend(found.claims)
        result.timeline.extend(found.timeline)
        described.update((story.id, story) for story in found.stories)
    result.stories = [described.get(story.id, story) for story in link_result.stories]
    return result


def compare_block(
    block: Block,
    articles: list[Article],
    story_of: dict[str, str],
    contradiction: Contradiction,
    stories: Sequence[Story] = (),
    outlet_of: dict[str, str] | None = None,
    options: StoryOptions | None = None,
) -> CompareResult:
    """Everything compare finds inside one storyline or story (its ``articles``, one per
    duplicate group), and what each of its ``stories`` looks like outlet by outlet
    (``outlet_of``: article id -> independent outlet)."""
    claim_of = {
        (mention.article_id, mention.start): claim.id
        for claim in block.claims
        for mention in claim.mentions
    }
    verdicts: dict[str, set[str]] = defaultdict(set)
    judged = []
    for pair in block.pairs:
        judgement = classify(pair)
        claim_id = claim_of.get((pair.a.article_id, pair.a.start))
        if claim_id is not None and not pair.reasons.same_article:
            verdicts[claim_id].add(judgement.verdict)
        if judgement.verdict in FLAGGED:
            judged.append((pair, judgement, claim_id))
    conflicts = [
        conflict_of(pair, judgement, claim_id, story_of)
        for pair, judgement, claim_id in _consecutive_stages(judged)
    ]
    # In id order, as the store gives them back, so a stored briefing is the one built here.
    conflicts = sorted(
        _one_per_disagreement(conflicts)
        + find_contradictions(block.scope_id, articles, contradiction),
        key=lambda c: c.id,
    )
    claims = [_with_status(claim, verdicts[claim.id]) for claim in block.claims]
    outlets = outlet_of or independent_outlets(articles, [])
    return CompareResult(
        conflicts=conflicts,
        claims=claims,
        timeline=story_timeline(block.scope_id, articles),
        stories=[
            _described(story, articles, claims, conflicts, outlets, options or StoryOptions())
            for story in stories
        ],
    )


def _described(
    story: Story,
    block_articles: list[Article],
    claims: list[Claim],
    conflicts: list[Conflict],
    outlet_of: dict[str, str],
    options: StoryOptions,
) -> Story:
    """``story`` with its coverage, voices, framing and briefing, from its articles in the
    block (one per duplicate group, so a copy is not counted twice); the block is the framing's
    background, and the briefing's disputed part holds the conflicts with a side in the story."""
    members = set(story.article_ids)
    articles = [article for article in block_articles if article.id in members]
    coverage = story_coverage([article.id for article in articles], claims, outlet_of, articles)
    voices, balance = story_voices(articles, outlet_of)
    own_conflicts = [c for c in conflicts if c.a.article_id in members or c.b.article_id in members]
    return dataclasses.replace(
        story,
        coverage=coverage,
        voices=voices,
        voice_balance=balance,
        framing=story_framing(articles, outlet_of, background=block_articles),
        briefing=story_briefing(
            articles,
            claims,
            own_conflicts,
            coverage,
            outlet_of,
            encoder=options.encoder,
            max_sentences=options.briefing_sentences,
            others=block_articles,
        ),
    )


def _consecutive_stages(
    judged: list[tuple[AlignedPair, Judgement, str | None]],
) -> list[tuple[AlignedPair, Judgement, str | None]]:
    """A count followed stage by stage ("56.4% with 49.4% counted", "52.61% at 91.55%", the
    result 52.18%) is shown as its steps: a change between two stages is kept only when no
    figure of the same fact lies at a stage between them, so n stages give n - 1 changes
    rather than every pair."""
    steps = [
        stage_shares(pair.a, pair.b) if judgement.verdict == "change_over_time" else None
        for pair, judgement, _ in judged
    ]
    stages: dict[str | None, set[float]] = defaultdict(set)
    for (_, _, claim_id), shares in zip(judged, steps, strict=True):
        if shares is not None:
            stages[claim_id].update(shares)
    kept = []
    for item, shares in zip(judged, steps, strict=True):
        if shares is not None:
            low, high = sorted(shares)
            if any(low < share < high for share in stages[item[2]]):
                continue
        kept.append(item)
    return kept


def _one_per_disagreement(conflicts: list[Conflict]) -> list[Conflict]:
    """One conflict per kind, pair of articles and pair of figures (value and wording): a
    figure an article repeats (headline and body) does not make a second disagreement, while
    "the fourth time" and "four resolutions" against "the sixth time" are two. The pair whose
    sentences say most (the body's, not the headline's) stands for it. Two counters' figures
    (the ministry's 1.28 million, the union's 3.5 million) are one attributed disagreement
    however many reports give them; an article that sets both side by side stands for it. A
    revision (11,300 revised to 3,958) is one correction however many reports gave the figure
    revised; the explanation names them."""
    kept: dict[tuple[object, ...], Conflict] = {}
    repeats: dict[tuple[object, ...], int] = defaultdict(int)
    earlier: dict[tuple[object, ...], list[str]] = defaultdict(list)
    for conflict in sorted(conflicts, key=lambda c: (-_side_by_side(c), -_context(c), c.id)):
        key = _disagreement(conflict)
        if key in kept:
            repeats[key] += 1
            if conflict.kind == "correction":
                earlier[key].append(_revised_from(conflict).outlet or "an outlet")
        kept.setdefault(key, conflict)
    for key, more in repeats.items():
        conflict = kept[key]
        if key[0] == "attributed_disagreement":
            conflict.explanation += (
                f" {more} more pair{'s' if more > 1 else ''} of reports set the same two"
                " counters' figures against each other."
            )
        elif key[0] == "correction":
            # other reports of the kept side's own outlet name no one new
            own = _revised_from(conflict).outlet
            others = ", ".join(dict.fromkeys(o for o in earlier[key] if o != own))
            if others:
                conflict.explanation += f" The earlier figure was also reported by {others}."
    return sorted(kept.values(), key=lambda c: c.id)


def _revised_from(conflict: Conflict) -> ConflictSide:
    """The side of a correction that gives the figure later revised (the higher count)."""
    a, b = conflict.a.value, conflict.b.value
    return conflict.a if a is not None and (b is None or a >= b) else conflict.b


def _disagreement(conflict: Conflict) -> tuple[object, ...]:
    if conflict.kind == "attributed_disagreement":
        counters = sorted(
            ((side.source or "").casefold(), side.value) for side in (conflict.a, conflict.b)
        )
        return (conflict.kind, conflict.claim_id, *counters)
    if conflict.kind == "correction":
        # One revision however many reports gave the figure revised: the revising report,
        # its value and the value it revises.
        revised = _revised_from(conflict)
        revising = conflict.b if revised is conflict.a else conflict.a
        return (
            conflict.kind,
            conflict.claim_id,
            revising.article_id,
            revising.value,
            revised.value,
        )
    sides = sorted(
        (side.article_id, side.value, side.surface.casefold()) for side in (conflict.a, conflict.b)
    )
    return (conflict.kind, conflict.claim_id, *sides)


def _side_by_side(conflict: Conflict) -> bool:
    return conflict.a.article_id == conflict.b.article_id


def _context(conflict: Conflict) -> int:
    return sum(
        (side.sentence_end or side.end) - (side.sentence_start or side.start)
        for side in (conflict.a, conflict.b)
    )


def _with_status(claim: Claim, verdicts: set[str]) -> Claim:
    """``agreement``/``conflict``/``change_over_time``/``mixed`` from its pairs' verdicts."""
    verdicts = verdicts - {"consistent", "different_scope", "attributed_disagreement"}
    status: ClaimStatus
    if verdicts <= {"agreement"}:
        status = "agreement" if verdicts else "single"
    elif verdicts & {"conflict", "correction"} and verdicts <= {
        "conflict",
        "correction",
        "possible_conflict",
        "agreement",
    }:
        status = "conflict"
    elif verdicts == {"change_over_time"}:
        status = "change_over_time"
    else:
        status = "mixed"
    return dataclasses.replace(claim, status=status)
