"""The main job: files -> articles (stored one transaction each) -> stories, claims, conflicts.

Per-article work is a list of steps (:func:`per_article_steps`: extract, annotate, embed),
pure functions over a batch of raw documents, so an executor may run them anywhere;
everything that touches the store happens here, in one process. Rerunning on the same inputs
skips articles whose bytes and analyzer versions are unchanged, and rewrites the cross-article
results as a whole, so a rerun is idempotent.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import nullcontext
from dataclasses import astuple, dataclass, field, replace
from functools import cache, partial
from pathlib import Path
from typing import Any

import numpy as np

from counterpoint import registry
from counterpoint.annotate import annotate_batch, use_user_tables
from counterpoint.annotate.entities import full_names, resolved_across
from counterpoint.compare import (
    BlockTask,
    CompareResult,
    StoryOptions,
    block_tasks,
    compare_tasks,
    merged,
)
from counterpoint.datetimes import parse_published
from counterpoint.extract import ExtractOptions, extract_batch
from counterpoint.ingest import read_paths
from counterpoint.link import Block, LinkResult, embed_articles, link, vector_key
from counterpoint.model import (
    Article,
    Corpus,
    DuplicateGroup,
    Problem,
    RawDocument,
    Story,
    stable_id,
)
from counterpoint.registry import DEFAULT_SPEAKER_RANKER
from counterpoint.run.executors import (
    Executor,
    Failure,
    IsolatedExecutor,
    Limits,
    LocalExecutor,
    executor_for,
)
from counterpoint.run.steps import Analysed, Step, StepStats, count, run_steps
from counterpoint.settings import Settings
from counterpoint.store import Store

ProgressCallback = Callable[[str, Article | Problem | None], None]
# Articles of compare's blocks handed to a worker at once: enough to amortise the hand-over.
COMPARE_BATCH_ARTICLES = 200
# Fewer articles than this are compared in this process when there are workers to start (not
# kept warm from the per-article phase): starting compare's workers (imports, the sentence
# encoder) took about 16 s with two workers on the 181 AEB dumps, more than the 6 s compare
# takes there in one process (35 ms an article).
COMPARE_IN_WORKERS_MIN_ARTICLES = 1_000
# Articles without a stored vector embedded at once while relinking.
EMBED_BATCH_ARTICLES = 500


@dataclass(slots=True)
class RunStats:
    """What one run did: documents read, analysed, skipped as unchanged, and problems."""

    documents: int = 0
    analysed: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    # documents that took their worker down in an earlier run, skipped unchanged
    culprits_skipped: int = 0
    # per step, in run order: documents carried on and dropped (by why)
    steps: dict[str, StepStats] = field(default_factory=dict)


def pipeline_versions(settings: Settings | None = None) -> dict[str, str]:
    """What the stored per-article results depend on: the analyzers' versions (extraction's
    with its thresholds when they are not the defaults), the speaker ranker and the embedder;
    a change of any makes a document's stored results stale."""
    from counterpoint.annotate import ANNOTATOR_VERSION
    from counterpoint.extract import EXTRACT_VERSION

    settings = settings or Settings()
    extract_version = EXTRACT_VERSION
    if settings.extract != ExtractOptions():
        extract_version += "+" + stable_id(*map(repr, astuple(settings.extract)))
    return {
        "extract": extract_version,
        "annotate": ANNOTATOR_VERSION,
        "speaker_ranker": settings.speaker_ranker,
        "embed": vector_key(_model(registry.embedders, settings.embedder)),
    }


def per_article_steps(settings: Settings) -> list[Step]:
    """What each document goes through, in order, inside the workers."""
    return [
        Step("extract", partial(_extract, options=settings.extract)),
        Step(
            "annotate",
            partial(
                _annotate,
                entity_tagger=settings.entity_tagger,
                speaker_ranker=settings.speaker_ranker,
                aliases=settings.alias_tables,
            ),
        ),
        Step("embed", partial(_embed, embedder=settings.embedder)),
    ]


@cache
def _model(kind: registry.Registry, name: str) -> Any:
    """The model registered as ``name``, made once per process (so once per worker)."""
    return kind.make(name)


def _extract(items: list[Analysed], options: ExtractOptions) -> list[Analysed | Problem]:
    raws = [item.raw for item in items if item.raw is not None]
    return [
        result if isinstance(result, Problem) else Analysed(article=result)
        for result in extract_batch(raws, options)
    ]


def _annotate(
    items: list[Analysed], entity_tagger: str, speaker_ranker: str, aliases: tuple[str, ...]
) -> list[Analysed | Problem]:
    articles = [item.article for item in items if item.article is not None]
    use_user_tables(aliases)
    tagger = _model(registry.entity_taggers, entity_tagger)
    return [
        result if isinstance(result, Problem) else Analysed(article=result)
        for result in _annotate_isolated(articles, tagger, speaker_ranker)
    ]


def _embed(items: list[Analysed], embedder: str) -> list[Analysed | Problem]:
    """Each article's story vector, in the worker: a native crash or hang in the encoder costs
    this batch's documents, which the supervisor then retries one by one."""
    articles = [item.article for item in items if item.article is not None]
    vectors = embed_articles(articles, _model(registry.embedders, embedder))
    return [
        Analysed(article=article, vector=vector)
        for article, vector in zip(articles, vectors, strict=True)
    ]


def _annotate_isolated(
    articles: list[Article], tagger: Any = None, speaker_ranker: str = DEFAULT_SPEAKER_RANKER
) -> list[Article | Problem]:
    """Annotate as a batch; if the batch fails, one by one to pin the failure on its article.

    This is the pipeline's one deliberate catch-all. Annotation runs third-party models (spaCy,
    lingua, dateparser) over arbitrary text, and none of them documents what it raises; an
    error on one article must cost that article alone, not its batch nor the worker (whose
    models take seconds to load again). As a stored Problem it is listed in the run's summary,
    skipped by the next run and retried once the annotator's version changes.
    """
    try:
        return list(annotate_batch(articles, tagger=tagger, speaker_ranker=speaker_ranker))
    except Exception as error:
        if len(articles) != 1:
            return [
                result
                for article in articles
                for result in _annotate_isolated([article], tagger, speaker_ranker)
            ]
        (article,) = articles
        return [Problem(article.source, "annotate", _describe(error), article.record_key)]


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"


def analyze_into(
    store: Store,
    paths: Iterable[str | Path],
    executor: Executor | None = None,
    settings: Settings | None = None,
    progress: ProgressCallback | None = None,
    retry_failed: bool = False,
) -> RunStats:
    """Analyse ``paths`` into ``store`` (:func:`analyze_documents`). A document over the
    settings' ``max_document_mb`` (after decompression) is a problem, never read whole."""
    settings = settings or Settings()
    documents = read_paths(paths, max_document_bytes=settings.max_document_mb * 1_000_000)
    return analyze_documents(store, documents, executor, settings, progress, retry_failed)


def analyze_documents(
    store: Store,
    documents: Iterable[RawDocument | Problem],
    executor: Executor | None = None,
    settings: Settings | None = None,
    progress: ProgressCallback | None = None,
    retry_failed: bool = False,
) -> RunStats:
    """Analyse ``documents`` (read from files, or fetched by ``watch``) into ``store``, then
    relink everything stored; the problems among them are stored and counted.

    Per-article work (:func:`per_article_steps`) runs under ``executor`` (supervised worker
    processes by default), so a document that crashes, stalls or exhausts memory becomes a
    Problem of its own. Such a culprit is skipped by later runs while its bytes and the
    analyzers are unchanged, unless ``retry_failed``."""
    settings = settings or Settings()
    stats = RunStats()
    executor = executor or executor_for(1)
    notify = progress or (lambda _event, _item: None)
    culprits = {} if retry_failed else store.culprits()
    versions = pipeline_versions(settings)
    steps = per_article_steps(settings)
    stats.steps = {step.name: StepStats(step.name) for step in steps}
    embedder = versions["embed"]
    batches = _pending_batches(
        store,
        iter(documents),
        stats,
        settings.batch_size,
        notify,
        culprits,
        versions,
    )
    on_failure = partial(_failure_problem, versions=versions)
    # dateparser's import, locale data and first parse cost 1-3 s; done here once, every forked
    # worker inherits them instead of paying it again (and again for each replaced worker).
    parse_published("3 May 2021")
    if isinstance(executor, IsolatedExecutor):
        # so does the sentence encoder's loading (1.4 s, most of it its tokenizer's vocabulary
        # read in Python), which relinking needs anyway, here or in the workers
        _model(registry.embedders, settings.embedder).encode(["Counterpoint"])
    # Compare's blocks run under the executor too (on Ray, on the cluster); a single
    # supervised worker would only add the hand-over, so with one they are compared here, and
    # with more the workers stay up into relinking to compare them, their models loaded.
    alone = isinstance(executor, IsolatedExecutor) and executor.workers == 1
    supervised = executor if isinstance(executor, IsolatedExecutor) and not alone else None
    with supervised.kept_warm() if supervised else nullcontext():
        work = partial(run_steps, steps=steps)
        for results in executor.map_isolated(work, batches, on_failure):
            analysed: list[Article] = []
            vectors: dict[str, np.ndarray] = {}
            for item in results:
                count(stats.steps, steps, item)
                if isinstance(item, Problem):
                    store.save_problem(item)
                    stats.problems.append(item)
                    notify("document", item)
                    continue
                assert item.article is not None and item.vector is not None
                item.article.versions = {**item.article.versions, **versions}
                analysed.append(item.article)
                vectors[item.article.id] = item.vector
            # a batch in one transaction: statements cost the parent as much as rows
            store.save_articles(analysed)
            store.save_vectors(embedder, vectors)
            stats.analysed += len(analysed)
            for article in analysed:
                notify("document", article)
        notify("link", None)
        linked = relink(store, settings, None if alone else executor)
    stats.steps.update((s.name, s) for s in linked)
    return stats


@dataclass(slots=True)
class Linking:
    """What the cross-article steps read and fill, one after the other. The stored articles
    are never all held: each step streams the ones it reads from the store (:meth:`articles`)."""

    store: Store
    settings: Settings
    # Runs compare's blocks: in this process unless the run's executor is Ray.
    executor: Executor = field(default_factory=LocalExecutor)
    # Every stored article's id, in the order link reads them (publication date, then id).
    article_ids: list[str] = field(default_factory=list)
    # Surname -> the full names the corpus gives it, for resolving people across articles.
    names: dict[str, set[str]] = field(default_factory=dict)
    linked: LinkResult | None = None
    compared: CompareResult | None = None

    def articles(self, article_ids: list[str] | None = None) -> Iterator[Article]:
        """The stored articles (all of :attr:`article_ids`, or the given ones), in that order,
        people resolved across the corpus, read from the store a batch at a time."""
        ids = self.article_ids if article_ids is None else article_ids
        return (resolved_across(a, self.names) for a in self.store.stream_articles(ids))


@dataclass(frozen=True, slots=True)
class CorpusStep:
    """A named cross-article stage over the whole stored corpus."""

    name: str
    run: Callable[[Linking], StepStats]


def cross_article_steps() -> list[CorpusStep]:
    """What relinking does over every stored article, in order."""
    return [
        CorpusStep("resolve", _resolve),
        CorpusStep("link", _link),
        CorpusStep("compare", _compare),
    ]


def relink(
    store: Store, settings: Settings | None = None, executor: Executor | None = None
) -> list[StepStats]:
    """Recompute stories, duplicates, claims, conflicts and timelines over every stored article
    (:func:`cross_article_steps`), then replace the stored ones in one transaction; stories
    already stored keep their ids. ``executor`` runs compare's blocks as a grouped stage (one
    task per block), in this process by default."""
    state = Linking(store, settings or Settings(), executor or LocalExecutor())
    stats = [step.run(state) for step in cross_article_steps()]
    assert state.linked is not None and state.compared is not None
    duplicates, compared = state.linked.duplicates, state.compared
    # link's blocks (their claim features, aligned pairs and claims) and its stories are
    # compare's now: dropped before the results are written, which holds their rows too
    state.linked = state.compared = None
    store.save_links(
        compared.stories, duplicates, compared.claims, compared.conflicts, compared.timeline
    )
    return stats


def _resolve(state: Linking) -> StepStats:
    """People named only by surname resolved across articles (stored articles keep their own,
    per-article resolution): the full names are learnt from the stored entity mentions alone,
    and applied to each article as a later step reads it."""
    state.article_ids = state.store.article_ids()
    state.names = full_names(state.store.entities())
    return StepStats("resolve", kept=len(state.article_ids))


def _link(state: Linking) -> StepStats:
    """Duplicates, stories and aligned claims, from the story vectors the workers stored (an
    article without one, stored by other means, is embedded here and its vector stored). The
    articles are streamed to :func:`link`, which keeps a compact record of each."""
    settings, ids = state.settings, state.article_ids
    embedder = _model(registry.embedders, settings.embedder)
    embeddings, embedded = _stored_vectors(state, embedder)
    params = _model(registry.story_params, settings.story_params)
    existing = _centroids_in(state.store.stories(), ids, embeddings)
    state.linked = link(state.articles(), existing=existing, embeddings=embeddings, params=params)
    kept = len({a for block in state.linked.blocks for a in block.article_ids})
    return StepStats(
        "link",
        kept=kept,
        dropped=Counter(duplicate=len(ids) - kept),
        made=Counter(
            {
                "stories": len(state.linked.stories),
                "duplicate groups": len(state.linked.duplicates),
                "vectors embedded here": embedded,
            }
        ),
    )


def _centroids_in(
    stories: list[Story], article_ids: list[str], embeddings: np.ndarray
) -> list[Story]:
    """``stories`` with centroids in the space of ``embeddings`` (a row per id of
    ``article_ids``): a centroid of another size (the stories were linked with another
    embedder) is made again from the story's articles."""
    if not article_ids:
        return stories
    row = {article_id: i for i, article_id in enumerate(article_ids)}
    out = []
    for story in stories:
        if story.centroid and len(story.centroid) != embeddings.shape[1]:
            members = [row[a] for a in story.article_ids if a in row]
            total = embeddings[members].sum(axis=0) if members else np.zeros(embeddings.shape[1])
            norm = float(np.linalg.norm(total))
            centroid = (total / norm if norm else total).tolist()
            story = replace(story, centroid=centroid)
        out.append(story)
    return out


def _compare(state: Linking) -> StepStats:
    """Each block of link's result compared on its own (:func:`compare_tasks` under the
    state's executor), the results merged in block order. A block whose worker fails (a
    crash, or a block too big for a worker's limits) is compared here instead."""
    assert state.linked is not None
    settings = state.settings
    compare_blocks = partial(
        _compare_blocks,
        contradiction=settings.contradiction,
        embedder=settings.embedder,
        briefing_sentences=settings.briefing_sentences,
    )
    here: Counter[str] = Counter()

    def compare_here(task: BlockTask, failure: Failure) -> tuple[int, CompareResult]:
        here[f"blocks compared here after a worker {failure.kind}"] += 1
        return compare_blocks([task])[0]

    # the largest blocks first, and at least two batches a worker, so that one big block or a
    # small corpus does not leave a worker idle; a batch's articles are read from the store
    # only when a worker is free to take it
    blocks = state.linked.blocks
    order = sorted(range(len(blocks)), key=lambda i: -len(blocks[i].article_ids))
    total = sum(len(block.article_ids) for block in blocks)
    executor = state.executor
    if (
        isinstance(executor, IsolatedExecutor)
        and not executor.warm
        and total < COMPARE_IN_WORKERS_MIN_ARTICLES
    ):
        executor = LocalExecutor()
    workers = executor.workers
    size = COMPARE_BATCH_ARTICLES if workers == 1 else -(-total // (2 * workers))
    chosen = _batched(order, blocks, max(1, min(COMPARE_BATCH_ARTICLES, size)))
    results = executor.map_isolated(compare_blocks, _lazy_tasks(state, chosen), compare_here)
    in_order = sorted((found for batch in results for found in batch), key=lambda f: f[0])
    state.compared = merged((result for _, result in in_order), state.linked)
    return StepStats(
        "compare",
        kept=len({a for block in state.linked.blocks for a in block.article_ids}),
        made=Counter(
            claims=len(state.compared.claims), conflicts=len(state.compared.conflicts), **here
        ),
    )


def _compare_blocks(
    tasks: list[BlockTask], contradiction: str, embedder: str, briefing_sentences: int
) -> list[tuple[int, CompareResult]]:
    """:func:`compare_tasks` with the models named by the settings, loaded once per process;
    each result with its block's index (workers give batches back in any order)."""
    options = StoryOptions(
        encoder=_model(registry.embedders, embedder), briefing_sentences=briefing_sentences
    )
    found = compare_tasks(tasks, _model(registry.contradictions, contradiction), options)
    return [(task.index, result) for task, result in zip(tasks, found, strict=True)]


def _batched(order: Iterable[int], blocks: list[Block], articles: int) -> Iterator[list[int]]:
    """The blocks at ``order``'s indices in batches of about ``articles`` articles (a bigger
    block alone)."""
    batch: list[int] = []
    size = 0
    for index in order:
        batch.append(index)
        size += len(blocks[index].article_ids)
        if size >= articles:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _lazy_tasks(state: Linking, batches: Iterable[list[int]]) -> Iterator[list[BlockTask]]:
    """Each batch of block indices as compare's tasks (:func:`block_tasks`, each with its
    block's index), its blocks' articles read from the store when the batch is asked for, so
    only the batches in flight hold articles."""
    linked = state.linked
    assert linked is not None
    # a story goes with the block of its first article that has one, else with its own id
    stories_of: dict[str, list[Story]] = {}
    for story in linked.stories:
        scope = next((linked.scope_of[a] for a in story.article_ids if a in linked.scope_of), None)
        stories_of.setdefault(scope or story.id, []).append(story)
    group_of: dict[str, DuplicateGroup] = {
        member: group for group in linked.duplicates for member in group.article_ids
    }
    for batch in batches:
        blocks = [linked.blocks[i] for i in batch]
        ids = [a for block in blocks for a in block.article_ids]
        groups = {id(group_of[a]): group_of[a] for a in ids if a in group_of}
        part = LinkResult(
            duplicates=list(groups.values()),
            stories=[s for block in blocks for s in stories_of.get(block.scope_id, [])],
            blocks=blocks,
            scope_of=linked.scope_of,
            story_of=linked.story_of,
        )
        tasks = block_tasks(list(state.articles(ids)), part)
        yield [replace(task, index=i) for i, task in zip(batch, tasks, strict=True)]


def _stored_vectors(state: Linking, embedder: Any) -> tuple[np.ndarray, int]:
    """One story vector per article of ``state``, in order: stored ones, the missing ones
    embedded now, a batch at a time (and how many those were)."""
    key = vector_key(embedder)
    ids = state.article_ids
    matrix, missing = state.store.vector_rows(key, ids)
    for start in range(0, len(missing), EMBED_BATCH_ARTICLES):
        rows = missing[start : start + EMBED_BATCH_ARTICLES]
        chunk = [ids[i] for i in rows]
        fresh = embed_articles(list(state.articles(chunk)), embedder)
        state.store.save_vectors(key, dict(zip(chunk, fresh, strict=True)))
        if matrix is None:
            matrix = np.zeros((len(ids), fresh.shape[1]), dtype=np.float32)
        matrix[rows] = fresh
    if matrix is None:
        return np.zeros((0, 0), dtype=np.float32), 0
    return matrix, len(missing)


def executor_for_settings(settings: Settings) -> Executor:
    """The executor ``settings`` name, with as many workers, as limited as they say."""
    limits = Limits(seconds=settings.max_seconds, memory_mb=settings.max_memory_mb)
    return executor_for(settings.workers, limits, settings.executor, settings.ray_address)


def _pending_batches(
    store: Store,
    items: Iterator[RawDocument | Problem],
    stats: RunStats,
    batch_size: int,
    notify: ProgressCallback,
    culprits: dict[str, Problem],
    versions: dict[str, str],
) -> Iterator[list[RawDocument]]:
    """Batches of documents that are new or changed; problems are stored on the way."""
    seen: set[str] = set()
    batch: list[RawDocument] = []
    for item in items:
        if isinstance(item, Problem):
            store.save_problem(item)
            stats.problems.append(item)
            notify("document", item)
            continue
        stats.documents += 1
        culprit = culprits.get(item.id)
        if culprit is not None and culprit.fingerprint == fingerprint(item, versions):
            stats.culprits_skipped += 1
            stats.problems.append(culprit)
            notify("document", culprit)
            continue
        if item.id in seen or _is_current(store, item, versions):
            stats.unchanged += 1
            notify("document", None)
            continue
        seen.add(item.id)
        batch.append(item)
        if len(batch) >= batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def fingerprint(raw: RawDocument, versions: dict[str, str]) -> str:
    """The document's bytes and the analyzer versions that read them, as one id."""
    return stable_id(raw.content_hash, *(f"{k}={versions[k]}" for k in sorted(versions)))


def _failure_problem(raw: RawDocument, failure: Failure, versions: dict[str, str]) -> Problem:
    return Problem(
        raw.source,
        failure.stage,
        failure.message,
        raw.record_key,
        kind=failure.kind,
        document_id=raw.id,
        fingerprint=fingerprint(raw, versions),
    )


def _is_current(store: Store, raw: RawDocument, versions: dict[str, str]) -> bool:
    stored = store.fingerprints([raw.id]).get(raw.id)
    if stored is None:
        return False
    content_hash, stored_versions = stored
    return content_hash == raw.content_hash and all(
        stored_versions.get(key) == value for key, value in versions.items()
    )


def analyze(
    paths: Iterable[str | Path],
    db: str = ":memory:",
    settings: Settings | None = None,
    progress: ProgressCallback | None = None,
) -> Corpus:
    """Analyse files, folders or globs and return the whole stored corpus."""
    settings = settings or Settings()
    store = Store(db)
    try:
        analyze_into(store, paths, executor_for_settings(settings), settings, progress=progress)
        return store.corpus()
    finally:
        store.close()
