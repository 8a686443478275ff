"""Classify aligned figure pairs: agreement, conflict, correction, change over time,
attributed disagreement, different event or scope, internal inconsistency, or only a possible
conflict.

:func:`classify` is a pure function of an :class:`~counterpoint.link.claims.AlignedPair` (the
two mentions' values, roles, frames and time anchors, and the alignment reasons), so each case
is testable on its own. Link has already matched the slots and ruled out figures of other
events (another instance, stage or date). Precision first: a pair becomes a ``conflict`` only
when the event, the slot and the time are established and both state the figure as fact (no
forecast, denial or earlier figure); figures two named counters give are an attributed
disagreement; a running count (a toll) that differs between reports of different days is a
change over time, or a correction when it falls and the text says it was revised; a
``possible_conflict`` names the one piece that is missing and is rare.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from counterpoint.link import AlignedPair, Anchor, ClaimFeatures, Reasons, counted_share
from counterpoint.model import Conflict, ConflictKind, ConflictSide, stable_id

# A verdict is a conflict kind, or one of the two that are never exported as a conflict.
Verdict = ConflictKind | Literal["agreement", "consistent"]
# Every kind but a different scope is shown to the reader.
FLAGGED: frozenset[str] = frozenset(get_args(ConflictKind)) - {"different_scope"}


@dataclass(frozen=True, slots=True)
class Judgement:
    verdict: Verdict
    reason: str


def compatible(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """The two value intervals overlap ("at least 30" and "32" agree; "over 10,100" and
    "10,100" too), except that "more than 60" and "nearly 60" meet at no value."""
    if a.low <= b.high and b.low <= a.high:
        return not _meet_strictly(a, b) and not _meet_strictly(b, a)
    return False


def _meet_strictly(low: ClaimFeatures, high: ClaimFeatures) -> bool:
    """``low`` is "more than N" and ``high`` is "nearly N": both exclude N itself."""
    return low.bound == ">" and high.bound == "<" and low.low == high.high


def _number(value: float) -> str:
    return str(int(value)) if value == int(value) else f"{value:g}"


def _ordinal(value: float) -> str:
    n = int(value)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def classify(pair: AlignedPair) -> Judgement:
    a, b = pair.a, pair.b
    if pair.reasons.same_article:
        return _classify_within(a, b, pair.reasons)
    if pair.reasons.same_voice:
        return Judgement("consistent", "same voice (a copy or the same outlet); not independent")
    if compatible(a, b):
        return Judgement("agreement", "values compatible under their bounds and rounding")
    if a.modality != b.modality:
        return Judgement("consistent", "one figure is put as an earlier one: it is not today's")
    if a.modality != "asserted":
        return Judgement("different_scope", f"both figures are put as {_MODALITY[a.modality]}")
    if a.contrasted or b.contrasted:
        return Judgement(
            "different_scope", "a sentence sets the figure against another value of the same slot"
        )
    judgement = _compared(pair)
    if judgement.verdict in {"conflict", "possible_conflict"} and not (a.running or b.running):
        return _attributed(pair) or judgement
    return judgement


def _attributed(pair: AlignedPair) -> Judgement | None:
    """Figures of one fact that would conflict, given by two named counters (or one named
    where the fact has rival counters): an attributed disagreement, not outlets
    contradicting each other."""
    a, b = pair.a, pair.b
    if pair.reasons.sources_differ:
        return Judgement(
            "attributed_disagreement",
            f"the figures are attributed to different counters ({a.source}; {b.source})",
        )
    if bool(a.source) != bool(b.source) and pair.reasons.rival_counters:
        named = a.source or b.source
        return Judgement(
            "attributed_disagreement",
            f"only one report names who gives the figure ({named}), and this fact has "
            "more than one counter: the other may give another counter's",
        )
    return None


def _compared(pair: AlignedPair) -> Judgement:
    """The verdict on two figures of one slot put the same way, whoever gives them."""
    a, b = pair.a, pair.b
    if pair.reasons.modifiers_differ:
        return Judgement(
            "different_scope",
            f"different things counted: \u201c{a.counted}\u201d vs \u201c{b.counted}\u201d",
        )
    if a.scope_entities and b.scope_entities and not a.scope_entities & b.scope_entities:
        return Judgement("different_scope", "the figures are of different places or actors")
    if _different_bodies(a, b):
        return Judgement(
            "different_scope",
            f"tallies of {_number(a.parts_total or 0)} and {_number(b.parts_total or 0)} "
            "votes: different voting bodies",
        )
    if not pair.reasons.same_story and not _grounded_across_stories(a, b):
        return Judgement("different_scope", "reports of different events of one storyline")
    if a.part or b.part:
        return Judgement("different_scope", "parts of one group: they can be different subsets")
    if a.running or b.running:
        return _two_running_counts(a, b)
    stages = _two_counting_stages(a, b)
    if stages is not None:
        return stages
    if a.anchor is None or b.anchor is None:
        return Judgement(
            "possible_conflict",
            "same fact, different values; no date to tell whether they refer to one moment",
        )
    roles = (a.role, b.role)
    if roles == ("index", "index"):
        return _two_indexes(a, b, a.anchor, b.anchor)
    if "index" in roles:
        if a.role == "index":
            return _index_and_count(a, b, a.anchor, b.anchor)
        return _index_and_count(b, a, b.anchor, a.anchor)
    return _two_figures(a, b, a.anchor, b.anchor)


_MODALITY = {
    "forecast": "forecasts or estimates of what may be",
    "change": "changes (by so much), not levels",
    "denied": "denied",
    "earlier": "earlier figures",
    "hypothetical": "conditions",
}


def _different_bodies(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """Tallies whose totals differ by more than a third were cast by different bodies; a
    misreported tally of one vote keeps roughly the same total."""
    if a.parts_total is None or b.parts_total is None:
        return False
    return min(a.parts_total, b.parts_total) < max(a.parts_total, b.parts_total) * 2 / 3


def _classify_within(a: ClaimFeatures, b: ClaimFeatures, reasons: Reasons) -> Judgement:
    """Inside one article two figures of one slot set side by side (in one paragraph) by two
    named counters are an attributed disagreement; otherwise only an event index contradicted
    by the article's own enumeration of the same action is flagged."""
    if (
        reasons.sources_differ
        and reasons.same_paragraph
        and a.modality == b.modality == "asserted"
        and not compatible(a, b)
        and a.role == b.role != "index"
    ):
        return Judgement(
            "attributed_disagreement",
            f"the article gives both counters' figures ({a.source}; {b.source})",
        )
    if {a.role, b.role} != {"index", "count"}:
        return Judgement("consistent", "same article: figures about different things")
    index, count = (a, b) if a.role == "index" else (b, a)
    total = count.enumerated_total
    if total is not None and total > index.value:
        return Judgement(
            "internal_inconsistency",
            f"the article calls it the {_ordinal(index.value)} time, yet enumerates "
            f"{_number(total)} of the same action",
        )
    return Judgement("consistent", "same article: index and count agree or do not overlap")


def _two_indexes(a: ClaimFeatures, b: ClaimFeatures, x: Anchor, y: Anchor) -> Judgement:
    dated = x.source != "published" and y.source != "published"
    if x.overlaps(y):
        if dated:
            return Judgement(
                "conflict",
                f"same event ({_event_label(x, y)}) given different places in the series",
            )
        return Judgement(
            "possible_conflict",
            "different places in the series; the event is dated only by publication",
        )
    earlier, later = (a, b) if x.last < y.first else (b, a)
    if earlier.value < later.value:
        return Judgement(
            "different_scope", "different events: the earlier one has the lower place in the series"
        )
    return Judgement("possible_conflict", "the earlier event has the higher place in the series")


def _index_and_count(
    index: ClaimFeatures, count: ClaimFeatures, event: Anchor, as_of: Anchor
) -> Judgement:
    """An event that is the Nth by date E means at least N by any later date."""
    if event.source == "published" or as_of.source != "published":
        return Judgement(
            "possible_conflict",
            "a place in a series and a count; no dated event to compare them by",
        )
    if event.first <= as_of.last:
        if count.high < index.value:
            return Judgement(
                "conflict",
                f"the {_ordinal(index.value)} occurrence dates from "
                f"{event.label()}, so by {as_of.label()} there were at least "
                f"{_number(index.value)}, not {_number(count.value)}",
            )
        return Judgement("consistent", "the count as of publication covers the event's place")
    return Judgement("change_over_time", "the count predates the event")


def _two_running_counts(a: ClaimFeatures, b: ClaimFeatures) -> Judgement:
    """A running count (a toll, the missing) is as of its report: it grows between reports,
    so a higher later count is a change over time and a lower one is a correction when the
    text says the figure was revised; counts reported the same day are not compared (a count
    changes within a day and the hour is not known)."""
    if a.published is None or b.published is None or a.published == b.published:
        return Judgement(
            "consistent",
            "running counts not known to be of different days; a count changes within a day",
        )
    earlier, later = (a, b) if a.published < b.published else (b, a)
    if later.value > earlier.value:
        return Judgement(
            "change_over_time",
            "the later report gives the higher count: it rose between the two reports",
        )
    if later.revised:
        return Judgement(
            "correction", "the later report gives a lower count and says the figure was revised"
        )
    return Judgement(
        "different_scope",
        "the later report gives a lower count without saying it was revised: another "
        "count (a scope or a counter) more likely than a contradiction",
    )


def stage_shares(a: ClaimFeatures, b: ClaimFeatures) -> tuple[float, float] | None:
    """How much of the count was in for each of two shares given at two stages of one count
    (1.0 for a result); ``None`` when they are not."""
    x, y = counted_share(a), counted_share(b)
    if a.kind != "percent" or b.kind != "percent" or x is None or y is None or x == y:
        return None
    return x, y


def _two_counting_stages(a: ClaimFeatures, b: ClaimFeatures) -> Judgement | None:
    """Shares of one vote given at two stages of its count ("52.1% with 75% counted", the
    result 52.18%): the ballots counted in between can move the earlier share only so far, so
    a later share out of that reach conflicts and one within it is the count moving on.
    ``None`` when the two are of one stage."""
    shares = stage_shares(a, b)
    if shares is None:
        return None
    x, y = shares
    (earlier, first), (later, then) = sorted(((a, x), (b, y)), key=lambda item: item[1])
    # Of the share ``then`` of all ballots, ``first`` gave the earlier share; the rest may
    # all or none go to the same side.
    low = earlier.low * first / then
    high = (earlier.high * first + 100 * (then - first)) / then
    stage = f"{_number(round(first * 100, 2))}% and {_number(round(then * 100, 2))}% counted"
    if later.low <= high and low <= later.high:
        return Judgement("change_over_time", f"the count moved on between {stage}")
    if earlier.anchor is None or later.anchor is None:
        return Judgement(
            "possible_conflict",
            f"same fact at {stage}, values the rest of the count cannot explain; no date "
            "to tell whether they refer to one vote",
        )
    return Judgement(
        "conflict",
        f"same vote at {stage}: counting the rest could take "
        f"{_number(earlier.value)}% only to between {low:.1f}% and {high:.1f}%",
    )


def _two_figures(a: ClaimFeatures, b: ClaimFeatures, x: Anchor, y: Anchor) -> Judgement:
    """One event's figure that does not run (a crowd on one day, a share of one vote, a
    length): different values conflict when both frames establish the event, the slot and
    the time. Without the event or the slot the two figures are not compared (link found
    nothing against one fact, but the frames nothing for it); with only the time missing
    the pair is a possible conflict that says so."""
    missing = unestablished(a, b, x, y)
    if {"event", "slot"} & set(missing):
        return Judgement(
            "different_scope",
            f"the {' and the '.join(missing)} {'is' if len(missing) == 1 else 'are'} not "
            "established, so the figures are not compared",
        )
    if missing:
        return Judgement(
            "possible_conflict",
            f"same fact, different values; the {missing[0]} is not established "
            f"({_MISSING[missing[0]]})",
        )
    dated = x.source != "published" or y.source != "published"
    when = f" ({_event_label(x, y)})" if dated else ""
    return Judgement("conflict", f"same event{when}, same fact, values that cannot both hold")


_MISSING = {
    "event": "the texts do not both name the event",
    "slot": "a frame does not say what the figure counts",
    "time": "neither text dates the event and the reports are days apart",
}
REPORT_DAYS = 1  # undated figures of one event, reported this close, are of one time


def unestablished(a: ClaimFeatures, b: ClaimFeatures, x: Anchor, y: Anchor) -> list[str]:
    """Which of event, slot and time the two figures' frames do not establish: the event
    when not both frames name it (the same kind), the slot when a figure had no frame or its
    frame names neither what happened, what is counted nor whose it is, the time when
    neither text dates the event and the publications are days apart."""
    missing = []
    kinds = {event.partition(": ")[0] for event in (a.event, b.event) if event}
    if not (a.event and b.event) or len(kinds) > 1:
        missing.append("event")
    if not (a.framed and b.framed and a.slotted and b.slotted):
        missing.append("slot")
    dated = x.source != "published" or y.source != "published"
    if not dated and abs((x.first - y.first).days) > REPORT_DAYS:
        missing.append("time")
    return missing


def _grounded_across_stories(a: ClaimFeatures, b: ClaimFeatures) -> bool:
    """Two event stories of one storyline can still state one fact: both texts date its
    event to overlapping days, or a text-dated place in a series ("the sixth time", in
    November) meets a count of the same action "so far" (which it bounds from below)."""
    if _dated_by_text(a.anchor, b.anchor):
        return True
    index = a if a.role == "index" else b if b.role == "index" else None
    other = b if index is a else a
    return (
        index is not None
        and other.role == "count"
        and index.anchor is not None
        and index.anchor.source != "published"
    )


def _dated_by_text(x: Anchor | None, y: Anchor | None) -> bool:
    """Both texts date the figure's event themselves, to overlapping days: the event is
    established by its date even across two event stories of one storyline."""
    return (
        x is not None
        and y is not None
        and x.source != "published"
        and y.source != "published"
        and x.overlaps(y)
    )


def _event_label(x: Anchor, y: Anchor) -> str:
    """The more precise of two overlapping anchors."""
    return min((x, y), key=lambda anchor: anchor.last - anchor.first).label()


def _side(feature: ClaimFeatures) -> ConflictSide:
    return ConflictSide(
        article_id=feature.article_id,
        start=feature.start,
        end=feature.end,
        value=feature.value,
        surface=feature.surface,
        counted=feature.counted,
        time=feature.anchor.value if feature.anchor else None,
        outlet=feature.outlet,
        bound=feature.bound,
        source=feature.source,
        sentence_start=feature.sentence_start,
        sentence_end=feature.sentence_end,
    )


def _who(feature: ClaimFeatures) -> str:
    when = f", {feature.published.day} {feature.published:%b %Y}" if feature.published else ""
    if feature.dated_by and feature.anchor is not None:
        when = f" (undated; {feature.dated_by} dates the event {feature.anchor.label()})"
    return f"{feature.outlet or 'An outlet'}{when}"


def _says(feature: ClaimFeatures) -> str:
    if feature.role == "index":
        return f"the {_ordinal(feature.value)} (\u201c{feature.surface}\u201d)"
    return f"{_number(feature.value)} (\u201c{feature.surface}\u201d)"


def explain(pair: AlignedPair, judgement: Judgement) -> str:
    """One line a journalist can read: who says what, and why it matters."""
    a, b = pair.a, pair.b
    if judgement.verdict == "internal_inconsistency":
        return f"{_who(a)}: {judgement.reason}."
    counted = a.counted or b.counted
    what = f", counting \u201c{counted}\u201d" if counted else ""
    return f"{_who(a)}: {_says(a)}; {_who(b)}: {_says(b)}{what} - {judgement.reason}."


def conflict_of(
    pair: AlignedPair, judgement: Judgement, claim_id: str | None, story_of: dict[str, str]
) -> Conflict:
    """A flagged pair as a model conflict."""
    first, second = sorted((pair.a, pair.b), key=lambda f: (f.article_id, f.start))
    kind: ConflictKind = judgement.verdict  # type: ignore[assignment]
    return Conflict(
        id=stable_id(
            "conflict",
            kind,
            first.article_id,
            str(first.start),
            second.article_id,
            str(second.start),
        ),
        kind=kind,
        a=_side(pair.a),
        b=_side(pair.b),
        explanation=explain(pair, judgement),
        claim_id=claim_id,
        story_id=story_of.get(pair.a.article_id, pair.scope_id),
    )
