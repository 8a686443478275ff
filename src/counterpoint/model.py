"""The typed data model: the contract between layers.

Every annotation is a span ``(start, end)`` of ``str`` indices into its article's one cleaned
``text`` (end exclusive); ``text[start:end]`` is the source of truth for the words, so nothing
here stores a copy of them except for convenience fields named ``surface``/``title`` that are
always derived from the text. Classes are plain dataclasses so the same objects travel through
an in-process run, a process pool (pickle) and Ray, and serialise with :func:`to_dict`.

Every kind of annotation an article carries is declared once, as a :class:`Span` subclass
(spaCy's ``Span`` with a label and typed attributes) held in a list field of :class:`Article`;
:data:`SPAN_KINDS` is read from those fields, and the store, the JSON and CSV exports and the
export's JSON Schema loop over it and over each class's fields. Adding a field to a span kind is
one edit here. Two declarations say what the serialisers cannot infer from the types: a class's
``sliced`` (export keys whose words are cut from the text by two offset fields) and fields
marked :data:`INTERNAL` (kept and stored, but not part of the public export). What is stated
about an article (outlet, byline, date...) is declared once too, in :class:`Metadata`, which
the article and the extractors' records extend. Datetimes follow :mod:`counterpoint.datetimes`.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import types
import typing
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ClassVar, Literal, TypeVar

from counterpoint import datetimes

ParagraphKind = Literal["title", "subtitle", "heading", "paragraph"]
QuoteType = Literal["direct", "mixed", "indirect", "headline", "belief", "evidence"]
Bound = Literal["=", "~", ">", ">=", "<", "<="]
QuantityKind = Literal[
    "cardinal",
    "ordinal",
    "multiplicative",
    "vote_tally",
    "money",
    "percent",
    "rate",
    "duration",
    "range",
    "age",
]
Granularity = Literal["day", "week", "month", "season", "year", "decade", "range", "time"]
ConflictKind = Literal[
    "conflict",
    "correction",
    "possible_conflict",
    "internal_inconsistency",
    "attributed_disagreement",
    "change_over_time",
    "different_scope",
]

# Conflict kinds a reader must see: two accounts that cannot both be right. A change over time
# (a toll that rose) or a different scope (a city's count against a country's) is shown apart,
# as what it is, and is no conflict.
DISPUTED_KINDS: frozenset[str] = frozenset(
    {
        "conflict",
        "possible_conflict",
        "correction",
        "internal_inconsistency",
        "attributed_disagreement",
    }
)

# Field metadata of a value the program keeps and stores but the public export leaves out.
INTERNAL = {"exported": False}
# Export keys cut from the article text: key -> (start field, end field).
Sliced = dict[str, tuple[str, str]]
SURFACE: Sliced = {"surface": ("start", "end")}
TEXT: Sliced = {"text": ("start", "end")}


def stable_id(*parts: str, length: int = 16) -> str:
    """A short hex id that depends only on ``parts``: the same input always gets the same id."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()
    return digest[:length]


@dataclass(slots=True)
class RawDocument:
    """One input document as read from disk, before any cleaning.

    ``record_key`` locates the record inside a container file (a JSONL line, a CSV row, a WARC
    record, a feed item); it is empty for a file that is one document.
    ``given`` holds fields stated by the container (``title``, ``url``, ``published``,
    ``outlet``, ``byline``, ``language``, ``id``); they win over whatever extraction finds.
    ``article_text`` says ``content`` is the article itself (a record's text field, a feed
    item's content), not a page: it is split into paragraphs, not cleaned of a page's clutter.
    """

    source: str
    record_key: str
    content: str
    media_type: Literal["text/html", "text/plain"]
    content_hash: str
    given: dict[str, str] = field(default_factory=dict)
    encoding: str = "utf-8"
    article_text: bool = False

    @property
    def id(self) -> str:
        """The article id: from the given id when a record states one, else from the bytes."""
        if self.given.get("id"):
            return stable_id("given", self.given["id"])
        return stable_id(self.content_hash, self.record_key)


# Problem kinds that name a document which took its worker down with it.
CULPRIT_KINDS = ("crash", "timeout", "memory")


@dataclass(slots=True)
class Problem:
    """A bad input or a failed stage, reported without stopping the batch."""

    source: str
    stage: str
    message: str
    record_key: str = ""
    # ``kind`` tells a bad input ("input") or a failed stage ("error") from a document that
    # killed or stalled its worker ("crash", "timeout", "memory"); the document's id and a
    # fingerprint of its bytes and the analyzer versions let a rerun skip such a culprit
    # instead of crashing on it again, until the document or the analyzers change.
    kind: str = field(default="error", metadata=INTERNAL)
    document_id: str = field(default="", metadata=INTERNAL)
    fingerprint: str = field(default="", metadata=INTERNAL)

    def __str__(self) -> str:
        where = f"{self.source}#{self.record_key}" if self.record_key else self.source
        return f"{where}: {self.stage}: {self.message}"


@dataclass(slots=True)
class Span:
    """A run ``text[start:end]`` of an article's text; each subclass is one kind of span.

    ``span_kind`` names the kind in the store and the export schema; ``sliced`` names the export
    keys holding words cut from the text (a key that is also a field keeps its own value when
    the text or an offset is missing)."""

    span_kind: ClassVar[str]
    sliced: ClassVar[Sliced] = {}
    start: int
    end: int


@dataclass(slots=True)
class Paragraph(Span):
    """A block of the cleaned text. ``raw_start``/``raw_end`` locate the same words in the
    decoded raw input when the block was copied verbatim (plain-text dumps), so a user can audit
    what the cleaner kept; they are ``None`` when the block was rebuilt (HTML)."""

    span_kind = "paragraph"
    kind: ParagraphKind
    raw_start: int | None = None
    raw_end: int | None = None


@dataclass(slots=True)
class RemovedBlock:
    """Raw lines the cleaner dropped, with why: the audit trail of extraction. Its offsets are
    into the decoded raw input, not the text, so it is stored beside the spans, not exported."""

    span_kind: ClassVar[str] = "removed"
    sliced: ClassVar[Sliced] = {}
    raw_start: int
    raw_end: int
    reason: str


@dataclass(slots=True)
class Sentence(Span):
    span_kind = "sentence"


@dataclass(slots=True)
class Entity(Span):
    """A named mention. ``canonical`` is the resolved actor ("Abu Mazen" -> "Mahmoud Abbas");
    ``entity_id`` is stable across articles for the same canonical actor."""

    span_kind = "entity"
    sliced: ClassVar[Sliced] = TEXT
    label: str
    canonical: str
    entity_id: str


@dataclass(slots=True)
class Quote(Span):
    """Reported speech. ``start``/``end`` cover the content (quote marks excluded);
    ``speaker`` is the resolved name, ``speaker_start``/``speaker_end`` the mention it was
    resolved from (a name, a pronoun or a role), ``cue`` the reporting verb or phrase."""

    span_kind = "quote"
    sliced: ClassVar[Sliced] = TEXT
    type: QuoteType
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None


@dataclass(slots=True)
class Quantity(Span):
    """A number with what it counts. ``value`` is the number (``value_max`` for ranges);
    ``counted`` is the phrase naming what is counted, ``counted_start``/``counted_end`` its
    span. ``parts`` holds named components, e.g. a vote tally's for/against/abstain; ``whole``
    is the size of the group a part is taken from ("nine of the 15 members": 9, whole 15)."""

    span_kind = "quantity"
    sliced: ClassVar[Sliced] = {**SURFACE, "counted": ("counted_start", "counted_end")}
    value: float | None
    bound: Bound
    kind: QuantityKind
    unit: str | None = None
    counted: str | None = None
    counted_start: int | None = None
    counted_end: int | None = None
    value_max: float | None = None
    attributed_to: str | None = None
    parts: dict[str, float] = field(default_factory=dict)
    whole: float | None = None


Modality = Literal["asserted", "forecast", "denied", "earlier", "change", "hypothetical"]


@dataclass(slots=True)
class Frame(Span):
    """The event a figure (a quantity, or a date, at ``start``-``end``) describes, read from
    the parse: the ``event`` trigger (a lemma such as ``vote``, ``flood``, ``protest``, with
    its span), the ``predicate`` that governs the figure (``kill``, ``receive``), the ``thing``
    counted (``people``, ``vote``), its ``holder`` (whose share or amount it is) and
    ``place`` (where it is counted: "in Paris", "Victoria's No vote"), who the
    text says gives the figure (``source``), how it is put (``modality``: asserted, forecast,
    denied, an earlier figure, a change by so much, hypothetical), a counting ``stage`` ("75%
    counted", "provisional") and the ``time`` the sentence itself gives the event (ISO,
    resolved)."""

    span_kind = "frame"
    sliced: ClassVar[Sliced] = {**SURFACE, "trigger": ("trigger_start", "trigger_end")}
    figure: Literal["quantity", "date"]
    event: str | None = None
    trigger_start: int | None = None
    trigger_end: int | None = None
    predicate: str | None = None
    thing: str | None = None
    holder: str | None = None
    place: str | None = None
    source: str | None = None
    modality: Modality = "asserted"
    stage: str | None = None
    time: str | None = None


@dataclass(slots=True)
class TimeExpression(Span):
    """A time mention resolved against the publication date. ``value`` is an ISO date
    (``2024-11-20``), month (``2024-11``), year, or interval (``2024-09-01/2024-11-30``);
    ``None`` when it cannot be resolved (e.g. relative with no publication date)."""

    span_kind = "time"
    sliced: ClassVar[Sliced] = SURFACE
    value: str | None
    granularity: Granularity | None = None

    @property
    def period(self) -> tuple[date, date] | None:
        """The first and last day ``value`` covers (:func:`counterpoint.datetimes.period`)."""
        return datetimes.period(self.value)


@dataclass(slots=True, kw_only=True)
class Metadata:
    """What is stated about an article besides its words, declared once for every record that
    carries it: the :class:`Article`, and the extractors' findings on a page. ``None`` or empty
    when not stated; ``original_publisher`` names the outlet a syndicated copy comes from."""

    url: str | None = None
    outlet: str | None = None
    byline: str | None = None
    published: datetime | None = None
    original_publisher: str | None = None
    language: str | None = None
    tags: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.published is not None:
            self.published = datetimes.aware(self.published)


def metadata_of(record: Metadata) -> dict[str, Any]:
    """The metadata fields of a record by name (lists copied), to build another record from."""
    values = {}
    for f in dataclasses.fields(Metadata):
        value = getattr(record, f.name)
        values[f.name] = list(value) if isinstance(value, list) else value
    return values


@dataclass(slots=True, kw_only=True)
class Article(Metadata):
    """One cleaned article with its :class:`Metadata` and all its annotations; ``title`` and
    ``subtitle`` are the words of its title and subtitle paragraphs."""

    id: str
    source: str
    text: str
    record_key: str = ""
    content_hash: str = ""
    title: str | None = None
    subtitle: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    removed: list[RemovedBlock] = field(default_factory=list, metadata=INTERNAL)
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    times: list[TimeExpression] = field(default_factory=list)
    frames: list[Frame] = field(default_factory=list)
    versions: dict[str, str] = field(default_factory=dict)

    def span(self, start: int, end: int) -> str:
        return self.text[start:end]

    def paragraph_at(self, offset: int) -> Paragraph | None:
        for paragraph in self.paragraphs:
            if paragraph.start <= offset < paragraph.end:
                return paragraph
        return None

    def sentence_at(self, offset: int) -> Sentence | None:
        for sentence in self.sentences:
            if sentence.start <= offset < sentence.end:
                return sentence
        return None

    def raw_offset(self, offset: int) -> int | None:
        """Map an offset in ``text`` to the decoded raw input, when the block was verbatim."""
        paragraph = self.paragraph_at(offset)
        if paragraph is None or paragraph.raw_start is None:
            return None
        return paragraph.raw_start + (offset - paragraph.start)


@dataclass(slots=True)
class DuplicateGroup:
    """Articles carrying the same text: ``canonical_id`` is the original (or earliest)."""

    id: str
    canonical_id: str
    article_ids: list[str]
    kind: Literal["exact", "near", "syndicated"]


VoiceGroup = Literal["official", "opposition", "expert", "affected", "other"]
BriefingRole = Literal["core", "disputed", "partial"]


@dataclass(slots=True)
class CoverageFact:
    """One fact of a story (a claim) and the independent outlets that report it: a syndicated
    copy or wire rewrite counts once, toward its original publisher."""

    claim_id: str
    label: str
    outlets: list[str]
    article_ids: list[str]
    status: str = "single"


@dataclass(slots=True)
class OutletOmissions:
    """What one outlet leaves out of a story: facts most independent outlets carry
    (``omitted``), and facts no other outlet carries (``exclusive``), as claim ids."""

    outlet: str
    omitted: list[str] = field(default_factory=list)
    exclusive: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Coverage:
    """The fact-by-outlet matrix of one story; ``facts`` ranked by how many independent
    outlets carry them, most first."""

    outlets: list[str] = field(default_factory=list)
    facts: list[CoverageFact] = field(default_factory=list)
    by_outlet: list[OutletOmissions] = field(default_factory=list)


@dataclass(slots=True)
class VoiceQuote:
    """One quote of a voice: ``text`` is its article's ``text[start:end]``."""

    sliced: ClassVar[Sliced] = TEXT
    article_id: str
    start: int
    end: int
    type: QuoteType
    outlet: str | None = None


@dataclass(slots=True)
class Voice:
    """One resolved speaker of a story (a person or an organisation), with every quote of it
    and the side it speaks for."""

    speaker: str
    kind: Literal["person", "organisation"]
    group: VoiceGroup = "other"
    entity_id: str | None = None
    role: str | None = None
    affiliation: str | None = None
    outlets: list[str] = field(default_factory=list)
    quotes: list[VoiceQuote] = field(default_factory=list)


@dataclass(slots=True)
class VoiceBalance:
    """How many quotes one outlet gives to each group of voices (:data:`VoiceGroup`)."""

    outlet: str
    groups: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class DistinctiveTerm:
    """A word or phrase an outlet uses more than the others: the log-odds ratio with an
    informative Dirichlet prior (Monroe, Colaresi and Quinn 2008) and its z-score."""

    term: str
    z: float
    log_odds: float
    count: int


@dataclass(slots=True)
class ActorLabel:
    """A name or description an outlet uses for an actor (its canonical entity), and how
    often; ``loaded`` when the loaded-terms lexicon lists it."""

    actor: str
    label: str
    count: int
    loaded: bool = False


@dataclass(slots=True)
class CitedSentence:
    """One sentence of one article: ``text`` is its article's ``text[start:end]``."""

    sliced: ClassVar[Sliced] = TEXT
    article_id: str
    start: int
    end: int
    outlet: str | None = None


@dataclass(slots=True)
class ScareQuote:
    """A name or term an outlet puts inside quote marks of its own (not a quote of a
    speaker): ``text`` is its article's ``text[start:end]``, the marks left out."""

    sliced: ClassVar[Sliced] = TEXT
    article_id: str
    start: int
    end: int
    actor: str | None = None


@dataclass(slots=True)
class ActorSentiment:
    """The tone toward one actor in one outlet, from the clauses that mention it:
    ``score`` the mean compound polarity in [-1, 1] over ``mentions`` clauses."""

    actor: str
    score: float
    mentions: int
    sentences: list[CitedSentence] = field(default_factory=list)


@dataclass(slots=True)
class OutletFraming:
    """How one outlet frames a story: its distinctive terms, the labels it gives actors, its
    scare quotes, the loaded terms it uses, and its tone toward each actor."""

    outlet: str
    terms: list[DistinctiveTerm] = field(default_factory=list)
    actor_labels: list[ActorLabel] = field(default_factory=list)
    scare_quotes: list[ScareQuote] = field(default_factory=list)
    loaded_terms: list[str] = field(default_factory=list)
    sentiment: list[ActorSentiment] = field(default_factory=list)


@dataclass(slots=True)
class BriefingSentence:
    """One sentence of a story's briefing, verbatim from its source: ``text`` is the
    article's ``text[start:end]``; ``role`` says which part it belongs to (agreed core facts,
    what is disputed, what only some outlets say); ``conflict_ids`` are the conflicts it is a
    side of (one figure disputed twice makes a sentence a side of two); ``also_reported_by``
    the other independent outlets giving the same disputed figure, cited through this one."""

    sliced: ClassVar[Sliced] = TEXT
    article_id: str
    start: int
    end: int
    role: BriefingRole
    outlet: str | None = None
    url: str | None = None
    claim_id: str | None = None
    conflict_ids: list[str] = field(default_factory=list)
    also_reported_by: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Story:
    id: str
    title: str
    article_ids: list[str]
    first_published: datetime | None = None
    last_published: datetime | None = None
    parent_id: str | None = None
    merged_from: list[str] = field(default_factory=list)
    # Mean unit embedding of the story's articles, kept so later batches can join the story
    # without re-embedding its articles (empty when unknown).
    centroid: list[float] = field(default_factory=list, metadata=INTERNAL)
    # What compare finds about the story's outlets (empty until compare has run).
    coverage: Coverage = field(default_factory=Coverage)
    voices: list[Voice] = field(default_factory=list)
    voice_balance: list[VoiceBalance] = field(default_factory=list)
    framing: list[OutletFraming] = field(default_factory=list)
    briefing: list[BriefingSentence] = field(default_factory=list)

    def __post_init__(self) -> None:
        for name in ("first_published", "last_published"):
            moment = getattr(self, name)
            if moment is not None:
                setattr(self, name, datetimes.aware(moment))


@dataclass(slots=True)
class ClaimMention:
    sliced: ClassVar[Sliced] = SURFACE
    article_id: str
    start: int
    end: int
    value: float | None
    bound: Bound
    counted: str | None = None
    time: str | None = None


@dataclass(slots=True)
class Claim:
    """Quantities from one or more articles that speak of the same counted thing."""

    id: str
    story_id: str | None
    key: str
    mentions: list[ClaimMention]
    status: Literal["agreement", "single", "conflict", "change_over_time", "mixed"] = "single"


@dataclass(slots=True)
class ConflictSide:
    """One side of a conflict: its own value and bound, the figure's surface and offsets,
    and its sentence's (``surface`` is kept for when its article is not at hand); ``source``
    is who the article says gives the figure."""

    sliced: ClassVar[Sliced] = {**SURFACE, "sentence": ("sentence_start", "sentence_end")}
    article_id: str
    start: int
    end: int
    value: float | None
    surface: str = ""
    counted: str | None = None
    time: str | None = None
    outlet: str | None = None
    bound: Bound = "="
    source: str | None = None
    sentence_start: int | None = None
    sentence_end: int | None = None


@dataclass(slots=True)
class Conflict:
    id: str
    kind: ConflictKind
    a: ConflictSide
    b: ConflictSide
    explanation: str
    claim_id: str | None = None
    story_id: str | None = None


@dataclass(slots=True)
class TimelineMention:
    """One article's dated statement of an event: the sentence and the time expression."""

    sliced: ClassVar[Sliced] = {**TEXT, "time_surface": ("time_start", "time_end")}
    article_id: str
    start: int
    end: int
    time_start: int
    time_end: int
    value: str
    outlet: str | None = None


@dataclass(slots=True)
class TimelineEntry:
    """An event of a story on its date, with every article that dates it. ``disputed`` is set
    when articles describing the same event give incompatible dates (``note`` says which)."""

    id: str
    story_id: str
    date: str
    mentions: list[TimelineMention]
    disputed: bool = False
    note: str = ""


@dataclass(slots=True)
class Corpus:
    """Everything one analysis produced; what the Python API returns and the export writes."""

    articles: list[Article] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    duplicates: list[DuplicateGroup] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    timeline: list[TimelineEntry] = field(default_factory=list)

    def article(self, article_id: str) -> Article:
        for article in self.articles:
            if article.id == article_id:
                return article
        raise KeyError(article_id)


def to_dict(obj: Any) -> Any:
    """Plain JSON-ready data from model objects (datetimes as ISO 8601 strings)."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_dict(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, datetime):
        return obj.isoformat()
    if isinstance(obj, list | tuple):
        return [to_dict(item) for item in obj]
    if isinstance(obj, dict):
        return {key: to_dict(value) for key, value in obj.items()}
    return obj


T = TypeVar("T")


def from_dict(cls: type[T], data: dict[str, Any]) -> T:
    """Rebuild a model object from :func:`to_dict` output (nested lists of spans included)."""
    kwargs: dict[str, Any] = {}
    for name, nested in _nested_types(typing.cast(type, cls)).items():
        if name not in data:
            continue
        value = data[name]
        if value is None or nested is None:
            pass
        elif nested is datetime:
            value = datetimes.from_iso(value) if isinstance(value, str) else value
        elif isinstance(value, list):
            value = [from_dict(nested, item) for item in value]
        else:
            value = from_dict(nested, value)
        kwargs[name] = value
    return cls(**kwargs)


@functools.cache
def _nested_types(cls: type) -> dict[str, type | None]:
    """Each field of a model class with the model class (or ``datetime``) its value holds,
    alone, optional or in a list; ``None`` for plain JSON values."""
    hints = typing.get_type_hints(cls)
    return {f.name: nested_type(hints[f.name]) for f in dataclasses.fields(cls)}


def nested_type(hint: Any) -> type | None:
    """The model class or ``datetime`` inside a field's type (``X``, ``X | None``,
    ``list[X]``), or ``None`` when the field holds plain JSON values."""
    origin = typing.get_origin(hint)
    if origin in (list, types.UnionType, typing.Union):
        inner = [nested_type(arg) for arg in typing.get_args(hint)]
        return next((arg for arg in inner if arg is not None), None)
    if hint is datetime or (isinstance(hint, type) and dataclasses.is_dataclass(hint)):
        return typing.cast(type, hint)
    return None


def exported_fields(cls: type) -> list[dataclasses.Field[Any]]:
    """The fields of a model class that the public export carries (all but :data:`INTERNAL`)."""
    return [f for f in dataclasses.fields(cls) if f.metadata.get("exported", True)]


def _span_kinds() -> dict[str, type[Span | RemovedBlock]]:
    hints = typing.get_type_hints(Article)
    found: dict[str, type[Span | RemovedBlock]] = {}
    for f in dataclasses.fields(Article):
        item = nested_type(hints[f.name])
        if typing.get_origin(hints[f.name]) is list and item is not None:
            found[f.name] = typing.cast(type[Span | RemovedBlock], item)
    return found


# Article list field -> its span class, in the order the article declares them.
SPAN_KINDS = _span_kinds()
