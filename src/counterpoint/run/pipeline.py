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
from dataclasses import astuple, dataclass, field, replace
from functools import cache, partial
from pathlib import Path
from typing import Any

import numpy as np

from counterpoint import registry
from counterpoint.annotate import annotate_batch, use_user_tables
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
from counterpoint.link import LinkResult, embed_articles, link, resolve_across, vector_key
from counterpoint.model import Article, Corpus, Problem, RawDocument, Story, stable_id
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
    with its thresholds when they are not the defaults) and the embedder; a change of any
    makes a document's stored results stale."""
    from counterpoint.annotate import ANNOTATOR_VERSION
    from counterpoint.extract import EXTRACT_VERSION

    settings = settings or Settings()
    extract_version = EXTRACT_VERSION
    if settings.extract != ExtractOptions():
        extract_version += "+" + stable_id(*map(repr, astuple(settings.extract)))
    return {
        "extract": extract_version,
        "annotate": ANNOTATOR_VERSION,
        "embed": vector_key(_model(registry.embedders, settings.embedder)),
    }


def per_article_steps(settings: Settings) -> list[Step]:
    """What each document goes through, in order, inside the workers."""
    return [
        Step("extract", partial(_extract, options=settings.extract)),
        Step(
            "annotate",
            partial(_annotate, entity_tagger=settings.entity_tagger, aliases=settings.alias_tables),
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
    items: list[Analysed], entity_tagger: str, aliases: tuple[str, ...]
) -> list[Analysed | Problem]:
    articles = [item.article for item in items if item.article is not None]
    use_user_tables(aliases)
    tagger = _model(registry.entity_taggers, entity_tagger)
    return [
        result if isinstance(result, Problem) else Analysed(article=result)
        for result in _annotate_isolated(articles, tagger)
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


def _annotate_isolated(articles: list[Article], tagger: Any = None) -> list[Article | Problem]:
    """Annotate as a batch; if the batch fails, one by one to pin the failure on its article.

    This is the pipeline's one deliberate catch-all. Annotation runs third-party models (spaCy,
    lingua, dateparser) over arbitrary text, and none of them documents what it raises; an
    error on one article must cost that article alone, not its batch nor the worker (whose
    models take seconds to load again). As a stored Problem it is listed in the run's summary,
    skipped by the next run and retried once the annotator's version changes.
    """
    try:
        return list(annotate_batch(articles, tagger=tagger))
    except Exception as error:
        if len(articles) != 1:
            return [r for article in articles for r in _annotate_isolated([article], tagger)]
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
    for results in executor.map_isolated(partial(run_steps, steps=steps), batches, on_failure):
        for item in results:
            count(stats.steps, steps, item)
            if isinstance(item, Problem):
                store.save_problem(item)
                stats.problems.append(item)
                notify("document", item)
                continue
            assert item.article is not None and item.vector is not None
            item.article.versions = {**item.article.versions, **versions}
            store.save_article(item.article)
            store.save_vectors(embedder, {item.article.id: item.vector})
            stats.analysed += 1
            notify("document", item.article)
    notify("link", None)
    # Compare's blocks run under the executor too (on Ray, on the cluster); a single supervised
    # worker would only add the hand-over, so with one the blocks are compared here.
    alone = isinstance(executor, IsolatedExecutor) and executor.workers == 1
    stats.steps.update((s.name, s) for s in relink(store, settings, None if alone else executor))
    return stats


@dataclass(slots=True)
class Linking:
    """What the cross-article steps read and fill, one after the other."""

    store: Store
    settings: Settings
    # Runs compare's blocks: in this process unless the run's executor is Ray.
    executor: Executor = field(default_factory=LocalExecutor)
    articles: list[Article] = field(default_factory=list)
    linked: LinkResult | None = None
    compared: CompareResult | None = None


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
    linked, compared = state.linked, state.compared
    store.save_links(
        compared.stories, linked.duplicates, compared.claims, compared.conflicts, compared.timeline
    )
    return stats


def _resolve(state: Linking) -> StepStats:
    """People named only by surname resolved across articles (stored articles keep their own,
    per-article resolution)."""
    state.articles = resolve_across(state.store.articles())
    return StepStats("resolve", kept=len(state.articles))


def _link(state: Linking) -> StepStats:
    """Duplicates, stories and aligned claims, from the story vectors the workers stored (an
    article without one, stored by other means, is embedded here and its vector stored)."""
    settings, articles = state.settings, state.articles
    embedder = _model(registry.embedders, settings.embedder)
    embeddings, embedded = _stored_vectors(state.store, articles, embedder)
    params = _model(registry.story_params, settings.story_params)
    existing = _centroids_in(state.store.stories(), articles, embeddings)
    state.linked = link(articles, existing=existing, embeddings=embeddings, params=params)
    kept = len({a for block in state.linked.blocks for a in block.article_ids})
    return StepStats(
        "link",
        kept=kept,
        dropped=Counter(duplicate=len(articles) - kept),
        made=Counter(
            {
                "stories": len(state.linked.stories),
                "duplicate groups": len(state.linked.duplicates),
                "vectors embedded here": embedded,
            }
        ),
    )


def _centroids_in(
    stories: list[Story], articles: list[Article], embeddings: np.ndarray
) -> list[Story]:
    """``stories`` with centroids in the space of ``embeddings``: a centroid of another size
    (the stories were linked with another embedder) is made again from the story's articles."""
    if not articles:
        return stories
    row = {article.id: i for i, article in enumerate(articles)}
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
    # small corpus does not leave a worker idle
    tasks = sorted(block_tasks(state.articles, state.linked), key=lambda t: -len(t.articles))
    total = sum(len(task.articles) for task in tasks)
    workers = state.executor.workers
    size = COMPARE_BATCH_ARTICLES if workers == 1 else -(-total // (2 * workers))
    batches = _batched(tasks, max(1, min(COMPARE_BATCH_ARTICLES, size)))
    results = state.executor.map_isolated(compare_blocks, batches, compare_here)
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


def _batched(tasks: Iterable[BlockTask], articles: int) -> Iterator[list[BlockTask]]:
    """Tasks in batches of about ``articles`` articles (a bigger block alone)."""
    batch: list[BlockTask] = []
    size = 0
    for task in tasks:
        batch.append(task)
        size += len(task.articles)
        if size >= articles:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


def _stored_vectors(store: Store, articles: list[Article], embedder: Any) -> tuple[np.ndarray, int]:
    """One story vector per article, in order: stored ones, the missing ones embedded now (and
    how many those were)."""
    key = vector_key(embedder)
    found = store.vectors(key, [a.id for a in articles])
    missing = [a for a in articles if a.id not in found]
    if missing:
        fresh = dict(zip([a.id for a in missing], embed_articles(missing, embedder), strict=True))
        store.save_vectors(key, fresh)
        found.update(fresh)
    if not articles:
        return np.zeros((0, 0), dtype=np.float32), 0
    return np.stack([found[a.id] for a in articles]), len(missing)


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
