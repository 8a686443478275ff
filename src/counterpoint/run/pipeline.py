"""The main job: files -> articles (stored one transaction each) -> stories, claims, conflicts.

Per-article work (:func:`process_batch`) is a pure function over a batch of raw documents, so
an executor may run it anywhere; everything that touches the store happens here, in one
process. Rerunning on the same inputs skips articles whose bytes and analyzer versions are
unchanged, and rewrites the cross-article results as a whole, so a rerun is idempotent.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from counterpoint.annotate import annotate_batch
from counterpoint.annotate.entities import resolve_across
from counterpoint.compare import compare
from counterpoint.extract import extract_batch
from counterpoint.ingest import DEFAULT_MAX_DOCUMENT_BYTES, read_paths
from counterpoint.link import link
from counterpoint.model import Article, Corpus, Problem, RawDocument, stable_id
from counterpoint.run.executors import Executor, Failure, Limits, executor_for
from counterpoint.run.isolated import report_stage
from counterpoint.store import Store

ProgressCallback = Callable[[str, Article | Problem | None], None]


@dataclass(slots=True)
class RunStats:
    """What one run did: documents read, analysed, skipped as unchanged, and problems."""

    documents: int = 0
    analysed: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    # documents that took their worker down in an earlier run, skipped unchanged
    culprits_skipped: int = 0


def pipeline_versions() -> dict[str, str]:
    from counterpoint.annotate import ANNOTATOR_VERSION
    from counterpoint.extract import EXTRACT_VERSION

    return {"extract": EXTRACT_VERSION, "annotate": ANNOTATOR_VERSION}


def process_batch(raws: list[RawDocument]) -> list[Article | Problem]:
    """Extract and annotate a batch; a document that fails becomes a Problem, the rest go on."""
    report_stage("extract")
    extracted = extract_batch(raws)
    articles = [item for item in extracted if isinstance(item, Article)]
    report_stage("annotate")
    annotated = iter(_annotate_isolated(articles))
    versions = pipeline_versions()
    out: list[Article | Problem] = []
    for item in extracted:
        # annotation keeps the order of the articles, so results line up one to one
        result = item if isinstance(item, Problem) else next(annotated)
        if isinstance(result, Article):
            result.versions = {**result.versions, **versions}
        out.append(result)
    return out


def _annotate_isolated(articles: list[Article]) -> list[Article | Problem]:
    """Annotate as a batch; if the batch fails, one by one to pin the failure on its article.

    This is the pipeline's one deliberate catch-all. Annotation runs third-party models (spaCy,
    lingua, dateparser) over arbitrary text, and none of them documents what it raises; an
    error on one article must cost that article alone, not its batch nor the worker (whose
    models take seconds to load again). As a stored Problem it is listed in the run's summary,
    skipped by the next run and retried once the annotator's version changes.
    """
    try:
        return list(annotate_batch(articles))
    except Exception as error:
        if len(articles) != 1:
            return [result for article in articles for result in _annotate_isolated([article])]
        (article,) = articles
        return [Problem(article.source, "annotate", _describe(error), article.record_key)]


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"


def analyze_into(
    store: Store,
    paths: Iterable[str | Path],
    executor: Executor | None = None,
    batch_size: int = 8,
    progress: ProgressCallback | None = None,
    retry_failed: bool = False,
    max_document_bytes: int = DEFAULT_MAX_DOCUMENT_BYTES,
) -> RunStats:
    """Analyse ``paths`` into ``store``, then relink everything stored.

    Per-article work runs under ``executor`` (supervised worker processes by default), so a
    document that crashes, stalls or exhausts memory becomes a Problem of its own. Such a
    culprit is skipped by later runs while its bytes and the analyzers are unchanged, unless
    ``retry_failed``. A document over ``max_document_bytes`` (after decompression) is a
    problem, never read whole."""
    stats = RunStats()
    executor = executor or executor_for(1)
    notify = progress or (lambda _event, _item: None)
    culprits = {} if retry_failed else store.culprits()
    batches = _pending_batches(
        store,
        read_paths(paths, max_document_bytes=max_document_bytes),
        stats,
        batch_size,
        notify,
        culprits,
    )
    for results in executor.map_isolated(process_batch, batches, _failure_problem):
        for item in results:
            if isinstance(item, Problem):
                store.save_problem(item)
                stats.problems.append(item)
            else:
                store.save_article(item)
                stats.analysed += 1
            notify("document", item)
    notify("link", None)
    relink(store)
    return stats


def relink(store: Store) -> None:
    """Recompute stories, duplicates, claims, conflicts and timelines over every stored article;
    stories already stored keep their ids. Linking sees people named only by surname resolved
    across articles (stored articles keep their own, per-article resolution)."""
    articles = resolve_across(store.articles())
    linked = link(articles, existing=store.stories())
    compared = compare(articles, linked)
    store.save_links(
        linked.stories, linked.duplicates, compared.claims, compared.conflicts, compared.timeline
    )


def _pending_batches(
    store: Store,
    items: Iterator[RawDocument | Problem],
    stats: RunStats,
    batch_size: int,
    notify: ProgressCallback,
    culprits: dict[str, Problem],
) -> Iterator[list[RawDocument]]:
    """Batches of documents that are new or changed; problems are stored on the way."""
    versions = pipeline_versions()
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


def fingerprint(raw: RawDocument, versions: dict[str, str] | None = None) -> str:
    """The document's bytes and the analyzer versions that read them, as one id."""
    versions = versions or pipeline_versions()
    return stable_id(raw.content_hash, *(f"{k}={versions[k]}" for k in sorted(versions)))


def _failure_problem(raw: RawDocument, failure: Failure) -> Problem:
    return Problem(
        raw.source,
        failure.stage,
        failure.message,
        raw.record_key,
        kind=failure.kind,
        document_id=raw.id,
        fingerprint=fingerprint(raw),
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
    workers: int = 1,
    progress: ProgressCallback | None = None,
    limits: Limits | None = None,
) -> Corpus:
    """Analyse files, folders or globs and return the whole stored corpus."""
    store = Store(db)
    try:
        analyze_into(store, paths, executor_for(workers, limits), progress=progress)
        return store.corpus()
    finally:
        store.close()
