"""Whole-pipeline throughput, scaling and memory on the article-extraction benchmark's text dumps.

Every figure comes from this run, on ``shared/bench/aeb/dumps`` (page dumps as ``w3m -dump``
gives them, gzipped), each run into a fresh SQLite database:

- ``articles_per_s`` / ``words_per_s``: the whole pipeline (read, extract, annotate, embed,
  store, relink) with the default executor and one worker; words are the dumps' own;
- ``ratio_vs_raw_spacy``: spaCy's ``nlp.pipe`` over the same dump texts with the same model in
  the same process (model loaded beforehand), time over the pipeline's time (higher is better);
- ``workers2_speedup`` and ``ray_speedup_2v1``: two workers against one, supervised processes
  (each run twice, interleaved, the faster kept) and Ray actors (a local Ray, started inside
  the timed run);
- ``stage_s_per_article``: each per-article step and each cross-article step, timed in one
  process (the local executor), per article;
- ``peak_rss_mb``: the largest resident memory of the run's whole process tree (workers and
  Ray included), sampled; ``peak_rss_mb_stream`` streams copies of the dumps (each made distinct
  by one line) with two workers, twice (two copies, then as many as fit in
  ``--stream-seconds``), and reports the tree's peak by eighth of the long stream with its
  slope per 1,000 articles, and apart, for both lengths, while relinking (which reads every
  stored article); ``peak_rss_mb_stream_synthetic`` streams ``bench/synthetic_link.py``'s
  articles (about 80 words each, in planted stories) as one JSONL file the same way, at the two
  ``--synthetic-stream-sizes`` (10,000 and 100,000); ``peak_rss_mb_100k`` is the peak of the
  longest stream that reached ``--stream-target`` (its key in ``peak_rss_mb_100k_from``), null
  with a note if none did;
- ``relink_stored_synthetic``: relinking (resolve, link, compare: ``pipeline.relink``, one
  process) a SQLite store of ``--relink-sizes`` synthetic articles (``bench/synthetic_link.py``'s,
  saved through ``Store.save_article`` with their topic vectors as the stored story vectors), each
  size in a fresh process: its peak resident memory (``ru_maxrss``), the memory before relinking,
  the seconds, and the peak's growth per 1,000 stored articles between the sizes;
- ``link_1m_s`` / ``link_1m_peak_mb``: ``bench/synthetic_link.py --link-only`` at 1,000,000
  articles (synthetic vectors, streamed to link as they are made; the seconds are link's own,
  the making subtracted), run as a subprocess and stopped past 30 minutes of wall time (the
  making included) or 12 GB; if it is, the next size of ``--link-size`` runs
  (``link_300k_s``...) and ``link_attempts`` says how far each got.

``--parts`` runs some of these and keeps the others' figures from scale.json.

Writes bench/results/scale.json.

    .venv/bin/python bench/scale.py [--parts pipeline stream stream-synthetic stages link relink]
        [--stream-seconds 480] [--synthetic-stream-sizes 10000 100000] [--relink-sizes 5000 20000]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np

from counterpoint import registry
from counterpoint.annotate import nlp
from counterpoint.ingest import read_paths
from counterpoint.link import vector_key
from counterpoint.model import Article, Problem, RawDocument
from counterpoint.run.executors import Failure, LocalExecutor
from counterpoint.run.pipeline import (
    Linking,
    analyze_into,
    cross_article_steps,
    executor_for_settings,
    per_article_steps,
    relink,
)
from counterpoint.run.steps import Analysed, Step, run_steps
from counterpoint.settings import Settings
from counterpoint.store import Store
from evaluation.seeds import shared_dir

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "scale.json"
SAMPLE_SECONDS = 0.25
QUARTERS = 4
PAGE_MB = os.sysconf("SC_PAGE_SIZE") / 2**20


def dump_paths() -> list[Path]:
    return sorted((shared_dir() / "bench" / "aeb" / "dumps").glob("*.txt.gz"))


def dump_texts(paths: list[Path]) -> list[str]:
    return [gzip.decompress(path.read_bytes()).decode("utf-8") for path in paths]


def tree_rss_mb(root: int) -> float:
    """Resident memory of ``root`` and every process below it, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, float] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat") as stat:
                fields = stat.read().rpartition(")")[2].split()
        except OSError:
            continue
        pid, parent = int(entry.name), int(fields[1])
        children.setdefault(parent, []).append(pid)
        rss[pid] = int(fields[21]) * PAGE_MB
    total, stack = 0.0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0.0)
        stack.extend(children.get(pid, []))
    return total


@dataclass
class MemoryWatch:
    """The process tree's peak resident memory, sampled in a thread, split by phase."""

    phase: str
    peaks: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def watching(self) -> Iterator[MemoryWatch]:
        stop = threading.Event()

        def sample() -> None:
            while not stop.wait(SAMPLE_SECONDS):
                mb = tree_rss_mb(os.getpid())
                self.peaks[self.phase] = max(self.peaks.get(self.phase, 0.0), mb)

        thread = threading.Thread(target=sample, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            stop.set()
            thread.join()


@dataclass
class PipelineRun:
    label: str
    seconds: float
    articles_seconds: float
    analysed: int
    problems: int
    peak_rss_mb: float
    peak_rss_mb_relink: float
    quarters_mb: list[float]
    load_average_after: float
    documents: int
    words: int
    # what relinking made (stories, claims, blocks compared in the parent after a worker failed)
    relinked: dict[str, int] = field(default_factory=dict)

    def summary(self) -> dict[str, object]:
        documents, words = self.documents, self.words
        return {
            "seconds": round(self.seconds, 2),
            "per_article_phase_s": round(self.articles_seconds, 2),
            "analysed": self.analysed,
            "problems": self.problems,
            "articles_per_s": round(documents / self.seconds, 3),
            "articles_per_s_in_phase": round(documents / self.articles_seconds, 3),
            "words_per_s": round(words / self.seconds),
            "peak_rss_mb": round(self.peak_rss_mb),
            "peak_rss_mb_relink": round(self.peak_rss_mb_relink),
            "load_average_after": round(self.load_average_after, 2),
            "relinked": self.relinked,
        }


def run_pipeline(
    label: str,
    paths: list[Path],
    words: int,
    settings: Settings,
    parts: int = QUARTERS,
    documents: int | None = None,
) -> PipelineRun:
    """The whole pipeline into a fresh database, timed from the executor's start; the memory
    peak is kept apart for each of ``parts`` equal shares of the articles, in stream order.
    ``documents`` is the number of articles in ``paths`` when a file holds several."""
    documents = documents or len(paths)
    watch = MemoryWatch(phase="articles 1")
    with tempfile.TemporaryDirectory() as folder:
        store = Store(str(Path(folder) / "scale.db"))
        marks: dict[str, float] = {}

        seen = 0

        def progress(event: str, _item: Article | Problem | None) -> None:
            nonlocal seen
            if event == "link":
                marks["link"] = time.perf_counter()
                watch.phase = "relink"
                return
            seen += 1
            watch.phase = f"articles {min(parts, 1 + parts * seen // documents)}"

        try:
            with watch.watching():
                start = time.perf_counter()
                stats = analyze_into(
                    store, paths, executor_for_settings(settings), settings, progress=progress
                )
                seconds = time.perf_counter() - start
        finally:
            store.close()
    quarters = [watch.peaks.get(f"articles {q}", 0.0) for q in range(1, parts + 1)]
    run = PipelineRun(
        label,
        seconds,
        marks.get("link", start + seconds) - start,
        stats.analysed,
        len(stats.problems),
        max(quarters),
        watch.peaks.get("relink", 0.0),
        quarters,
        os.getloadavg()[0],
        documents,
        words,
        {
            what: made
            for name in ("link", "compare")
            if name in stats.steps
            for what, made in stats.steps[name].made.items()
        },
    )
    print(json.dumps({label: run.summary()}), file=sys.stderr, flush=True)
    return run


def timed(step: Step, seconds: dict[str, float]) -> Step:
    def run(items: list[Analysed]) -> list[Analysed | Problem]:
        start = time.perf_counter()
        out = step.run(items)
        seconds[step.name] = seconds.get(step.name, 0.0) + time.perf_counter() - start
        return out

    return Step(step.name, run)


def stage_costs(paths: list[Path], settings: Settings) -> dict[str, object]:
    """Seconds per article of each per-article step (in this process, models loaded first) and
    of each cross-article step over the stored result."""
    seconds: dict[str, float] = {}
    steps = [timed(step, seconds) for step in per_article_steps(settings)]
    warm = [item for item in read_paths(paths[:2]) if not isinstance(item, Problem)]
    run_steps(warm, per_article_steps(settings))  # loads the models, untimed
    with tempfile.TemporaryDirectory() as folder:
        store = Store(str(Path(folder) / "stages.db"))
        try:
            start = time.perf_counter()
            analyze_into(store, paths, _TimedLocal(steps), settings)
            seconds["whole run"] = time.perf_counter() - start
            # relink again, step by step, over what that run stored
            state = Linking(store, settings)
            for corpus_step in cross_article_steps():
                begin = time.perf_counter()
                corpus_step.run(state)
                seconds[corpus_step.name] = time.perf_counter() - begin
        finally:
            store.close()
    count = len(paths)
    return {
        "articles": count,
        "seconds": {name: round(value, 2) for name, value in seconds.items()},
        "ms_per_article": {name: round(1000 * value / count, 1) for name, value in seconds.items()},
    }


class _TimedLocal(LocalExecutor):
    """The local executor running the timed per-article steps instead of the ones it is
    handed."""

    def __init__(self, steps: list[Step]) -> None:
        self.steps = steps

    def map_isolated(
        self,
        fn: Callable[[list[RawDocument]], list[Analysed | Problem]],
        batches: Iterable[list[RawDocument]],
        on_failure: Callable[[RawDocument, Failure], Analysed | Problem],
    ) -> Iterator[list[Analysed | Problem]]:
        # only the per-article step list is swapped; compare's blocks run as handed
        if isinstance(fn, partial) and fn.func is run_steps:
            fn = partial(run_steps, steps=self.steps)
        return super().map_isolated(fn, batches, on_failure)


def raw_spacy_seconds(texts: list[str], batch_size: int) -> tuple[float, str]:
    """spaCy's own pipe over ``texts``, every component of the pipeline the annotators load."""
    import spacy

    name = nlp.pipeline_name("en")
    model = spacy.load(name)
    list(model.pipe(texts[:4], batch_size=batch_size))
    start = time.perf_counter()
    list(model.pipe(texts, batch_size=batch_size))
    return time.perf_counter() - start, name


def stream_copies(paths: list[Path], texts: list[str], copies: int, folder: Path) -> list[Path]:
    """``copies`` of every dump, each made a distinct document by a last line of its own."""
    out = []
    for copy in range(copies):
        for path, text in zip(paths, texts, strict=True):
            target = folder / f"{copy:05d}-{path.name.removesuffix('.gz')}"
            target.write_text(f"{text}\n\nCopy {copy}.\n", encoding="utf-8")
            out.append(target)
    return out


def link_benchmark(size: int, max_seconds: float, max_mb: float) -> dict[str, Any]:
    """bench/synthetic_link.py at ``size`` synthetic articles, stopped when it runs past
    ``max_seconds`` or its resident memory past ``max_mb`` (then: how far it got)."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "link.json"
        command = [sys.executable, str(HERE / "synthetic_link.py"), "--sizes", str(size)]
        run = subprocess.Popen([*command, "--link-only", "--out", str(out)])
        start, peak = time.perf_counter(), 0.0
        while run.poll() is None:
            peak = max(peak, tree_rss_mb(run.pid))
            seconds = time.perf_counter() - start
            if seconds > max_seconds or peak > max_mb:
                run.kill()
                run.wait()
                return {
                    "articles": size,
                    "finished": False,
                    "stopped_after_s": round(seconds),
                    "peak_rss_mb": round(peak),
                    "limits": {"seconds": max_seconds, "mb": max_mb},
                }
            time.sleep(SAMPLE_SECONDS)
        if run.returncode:
            raise subprocess.CalledProcessError(run.returncode, command)
        (result,) = json.loads(out.read_text())
    return {**result, "finished": True}


PARTS = ("pipeline", "stream", "stream-synthetic", "stages", "link", "relink")
# The embedder the stored synthetic articles are relinked with (registered by this script).
TOPIC_EMBEDDER = "bench-topic"


class TopicEmbedder:
    """The synthetic corpus's embedder: the story vectors are the topic vectors
    ``synthetic_link`` plants, stored with the articles under this embedder's key, so linking
    embeds nothing; any other text (compare's briefing sentences) gets a unit vector of the
    same size hashed from its words."""

    name = "bench-topic-64"

    def encode(self, texts: list[str]) -> np.ndarray:
        from synthetic_link import TOPIC_DIMENSIONS

        out = np.zeros((len(texts), TOPIC_DIMENSIONS), dtype=np.float32)
        for row, text in enumerate(texts):
            for word in text.lower().split():
                out[row, zlib.crc32(word.encode()) % TOPIC_DIMENSIONS] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)


registry.embedders.register(TOPIC_EMBEDDER, TopicEmbedder)


def build_synthetic_store(path: Path, size: int) -> float:
    """A SQLite store of ``size`` synthetic articles with their topic vectors, written as the
    pipeline writes them (one transaction an article); the seconds it took."""
    sys.path.insert(0, str(HERE))
    from synthetic_link import TOPIC_DIMENSIONS, Planted, stream

    started = time.perf_counter()
    key = vector_key(TopicEmbedder())
    vectors = np.zeros((size, TOPIC_DIMENSIONS), dtype=np.float32)
    store = Store(str(path))
    try:
        pending: dict[str, np.ndarray] = {}
        for row, article in enumerate(stream(size, Planted(), vectors)):
            store.save_article(article)
            pending[article.id] = vectors[row].copy()
            if len(pending) >= 1000:
                store.save_vectors(key, pending)
                pending = {}
        store.save_vectors(key, pending)
    finally:
        store.close()
    return time.perf_counter() - started


def relink_child(db: str) -> None:
    """Relink the store ``db`` in this process and print what it took, as JSON."""
    settings = Settings(embedder=TOPIC_EMBEDDER)
    store = Store(db)
    try:
        start_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        # the store's part alone: every stored article streamed once, as link reads them
        reading = Linking(store, settings)
        cross_article_steps()[0].run(reading)
        streamed = sum(1 for _ in reading.articles())
        stream_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        del reading
        started = time.perf_counter()
        stats = relink(store, settings, LocalExecutor())
        seconds = time.perf_counter() - started
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    finally:
        store.close()
    made = {step.name: dict(step.made) for step in stats}
    print(
        json.dumps(
            {
                "seconds": round(seconds, 1),
                "peak_rss_mb": round(peak_mb),
                "before_relink_mb": round(start_mb),
                "streaming_every_stored_article_peak_mb": round(stream_mb),
                "articles": stats[0].kept,
                "streamed": streamed,
                "stories": made["link"].get("stories", 0),
                "claims": made["compare"].get("claims", 0),
                "conflicts": made["compare"].get("conflicts", 0),
            }
        )
    )


def relink_figures(sizes: list[int]) -> dict[str, Any]:
    """Each size's store built, then relinked in a process of its own; the peak's growth per
    1,000 stored articles between the smallest and the largest size."""
    runs = []
    for size in sorted(sizes):
        with tempfile.TemporaryDirectory() as folder:
            db = Path(folder) / "synthetic.db"
            built = build_synthetic_store(db, size)
            done = subprocess.run(
                [sys.executable, __file__, "--relink-child", str(db)],
                capture_output=True,
                text=True,
                check=True,
            )
            run = json.loads(done.stdout.strip().splitlines()[-1])
            run["store_build_s"] = round(built, 1)
            runs.append(run)
            print(json.dumps(run), flush=True)
    first, last = runs[0], runs[-1]

    def growth(key: str) -> float:
        return round((last[key] - first[key]) / ((last["articles"] - first["articles"]) / 1000), 2)

    return {
        "relink_stored_synthetic": {
            "store": "SQLite, synthetic articles of bench/synthetic_link.py, stored vectors",
            "runs": {str(run["articles"]): run for run in runs},
            "peak_mb_per_1k_stored_articles": growth("peak_rss_mb"),
            "streaming_peak_mb_per_1k_stored_articles": growth(
                "streaming_every_stored_article_peak_mb"
            ),
        }
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--parts",
        nargs="+",
        choices=PARTS,
        default=list(PARTS),
        help="what to run; the figures of the others are kept from scale.json",
    )
    parser.add_argument(
        "--link-size",
        type=int,
        nargs="+",
        default=[1_000_000, 300_000],
        help="synthetic link sizes, largest tried first, a smaller one only if it did not fit",
    )
    parser.add_argument("--link-max-seconds", type=float, default=1800)
    parser.add_argument("--link-max-mb", type=float, default=12_000)
    parser.add_argument(
        "--stream-seconds", type=float, default=480, help="time allowed the streaming run"
    )
    parser.add_argument("--stream-target", type=int, default=100_000)
    parser.add_argument(
        "--synthetic-stream-sizes",
        type=int,
        nargs=2,
        default=[10_000, 100_000],
        help="the short and the long synthetic stream",
    )
    parser.add_argument("--documents", type=int, help="only the first N dumps (a quick check)")
    parser.add_argument("--relink-sizes", type=int, nargs="+", default=[5_000, 20_000])
    parser.add_argument("--relink-child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.relink_child:
        relink_child(args.relink_child)
        return

    paths = dump_paths()[: args.documents]
    texts = dump_texts(paths)
    words = sum(len(text.split()) for text in texts)
    base = Settings()
    results: dict[str, Any] = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    results.update(
        {
            "corpus": "shared/bench/aeb/dumps",
            "documents": len(paths),
            "words": words,
            "megabytes": round(sum(len(t.encode()) for t in texts) / 1e6, 2),
            "python": platform.python_version(),
            "cpus": os.cpu_count(),
            "embedder": base.embedder,
            "entity_tagger": base.entity_tagger,
        }
    )
    if "pipeline" in args.parts:
        results.update(pipeline_figures(paths, texts, words, base))
        _write(results)
    if "stream" in args.parts:
        per_second = results["runs"]["process_2"]["articles_per_s_in_phase"]
        results["peak_rss_mb_stream"] = stream_figures(paths, texts, base, per_second, args)
    if "stream-synthetic" in args.parts:
        results["peak_rss_mb_stream_synthetic"] = synthetic_stream_figures(
            args.synthetic_stream_sizes, base
        )
    # hundred_k_figure gives one of these two, from whichever streams are in scale.json now
    for stale in ("peak_rss_mb_100k_note", "peak_rss_mb_100k_from"):
        results.pop(stale, None)
    results.update(hundred_k_figure(results, args.stream_target))
    _write(results)
    if "stages" in args.parts:
        results["stage_s_per_article"] = stage_costs(paths, base)
        _write(results)
    if "link" in args.parts:
        # the largest size first; past the limits, the next smaller one, and so on
        attempts = [  # earlier attempts at sizes not run now are kept
            a for a in results.get("link_attempts", []) if a["articles"] not in args.link_size
        ]
        for size in sorted(args.link_size, reverse=True):
            attempts.append(link_benchmark(size, args.link_max_seconds, args.link_max_mb))
            if attempts[-1]["finished"]:
                break
        results["link_attempts"] = attempts
        for link in attempts:
            if link["finished"]:
                results[f"link_{_short(link['articles'])}_s"] = link["link_s"]
                results[f"link_{_short(link['articles'])}_peak_mb"] = link["peak_rss_mb"]
        _write(results)
    if "relink" in args.parts:
        results.update(relink_figures(args.relink_sizes))
        _write(results)
    print(json.dumps(results, indent=2))


def pipeline_figures(
    paths: list[Path], texts: list[str], words: int, base: Settings
) -> dict[str, Any]:
    """One and two workers as processes, twice, interleaved (1, 2, 1, 2: this machine's speed
    drifts by a third within minutes, so each figure is the faster of its two runs); then on
    Ray; then raw spaCy, in that order."""
    runs: dict[str, Callable[[], PipelineRun]] = {
        "process_1": lambda: run_pipeline("process_1", paths, words, base),
        "process_2": lambda: run_pipeline("process_2", paths, words, base.replace(workers=2)),
        "process_1_again": lambda: run_pipeline("process_1_again", paths, words, base),
        "process_2_again": lambda: run_pipeline(
            "process_2_again", paths, words, base.replace(workers=2)
        ),
        "ray_1": lambda: run_pipeline("ray_1", paths, words, base.replace(executor="ray")),
        "ray_2": lambda: run_pipeline(
            "ray_2", paths, words, base.replace(executor="ray", workers=2)
        ),
        # Ray's fixed cost: starting Ray, its actors importing and loading the models
        "ray_2_one_document": lambda: run_pipeline(
            "ray_2_one_document",
            paths[:1],
            len(texts[0].split()),
            base.replace(executor="ray", workers=2),
        ),
    }
    done = {label: run() for label, run in runs.items()}
    one = min(done["process_1"], done["process_1_again"], key=lambda run: run.seconds)
    two = min(done["process_2"], done["process_2_again"], key=lambda run: run.seconds)
    load = os.getloadavg()[0]
    spacy_s, pipeline_name = raw_spacy_seconds(texts, base.batch_size)
    return {
        "articles_per_s": round(len(paths) / one.seconds, 3),
        "words_per_s": round(words / one.seconds),
        "raw_spacy": {
            "pipeline": pipeline_name,
            "seconds": round(spacy_s, 2),
            "articles_per_s": round(len(paths) / spacy_s, 3),
            "words_per_s": round(words / spacy_s),
            "load_average_before": round(load, 2),
        },
        "ratio_vs_raw_spacy": round(spacy_s / one.seconds, 3),
        "workers2_speedup": round(one.seconds / two.seconds, 3),
        "workers2_speedup_per_article_phase": round(one.articles_seconds / two.articles_seconds, 3),
        "ray_speedup_2v1": round(done["ray_1"].seconds / done["ray_2"].seconds, 3),
        "peak_rss_mb": round(max(one.peak_rss_mb, one.peak_rss_mb_relink)),
        "runs": {label: run.summary() for label, run in done.items()},
    }


STREAM_PARTS = 8


def stream_figures(
    paths: list[Path],
    texts: list[str],
    base: Settings,
    per_second: float,
    args: argparse.Namespace,
) -> dict[str, Any]:
    """Copies of the dumps streamed with two workers, twice: two copies, then as many as fit
    in the time allowed at the two-worker rate measured before (at most the target)."""
    fitting = int(args.stream_seconds * per_second) // len(paths)
    copies = max(3, min(-(-args.stream_target // len(paths)), fitting))
    lengths = []
    for count in (2, copies):
        with tempfile.TemporaryDirectory() as folder:
            stream = stream_copies(paths, texts, count, Path(folder))
            stream_words = count * sum(len(text.split()) + 2 for text in texts)
            lengths.append(
                run_pipeline(
                    f"stream_{count}", stream, stream_words, base.replace(workers=2), STREAM_PARTS
                )
            )
    figures = stream_summary(*lengths)
    if figures["articles"] < args.stream_target:
        hours = args.stream_target / per_second / 3600
        figures["note"] = f"{args.stream_target:,} would take about {hours:.1f} h at this rate"
    return figures


def synthetic_stream_figures(sizes: list[int], base: Settings) -> dict[str, Any]:
    """``bench/synthetic_link.py``'s articles (templated reports of planted stories, about 80
    words each, with outlets and dates) as one JSONL file, streamed through the whole pipeline
    with two workers at each of two ``sizes``: what the pipeline holds per article, apart from
    the article's length."""
    from synthetic_link import TOPIC_DIMENSIONS, Planted, stream

    lengths = []
    for size in sizes:
        with tempfile.TemporaryDirectory() as folder:
            path, words = Path(folder) / f"synthetic_{size}.jsonl", 0
            with path.open("w", encoding="utf-8") as out:
                vectors = np.zeros((size, TOPIC_DIMENSIONS), dtype=np.float32)
                for article in stream(size, Planted(), vectors):
                    words += len(article.text.split())
                    record = {
                        "id": article.id,
                        "title": article.title,
                        "text": article.text.removeprefix(article.title).lstrip("\n"),
                        "outlet": article.outlet,
                        "published": article.published and article.published.isoformat(),
                    }
                    out.write(json.dumps(record) + "\n")
            lengths.append(
                run_pipeline(
                    f"synthetic_stream_{size}",
                    [path],
                    words,
                    base.replace(workers=2),
                    STREAM_PARTS,
                    documents=size,
                )
            )
    return stream_summary(*lengths)


def stream_summary(short: PipelineRun, long: PipelineRun) -> dict[str, Any]:
    """Whether memory grows with the stream, read two ways: the slope of the per-article
    phase's peak over the eighths of the long stream (the first eighth, which loads the models,
    left out), and the relinking peak of the short stream against the long one's."""
    per_part = long.documents / STREAM_PARTS
    at = [round(per_part * (k + 1)) for k in range(STREAM_PARTS)]
    slope = np.polyfit(np.array(at[1:]) / 1000, np.array(long.quarters_mb[1:]), 1)[0]
    relink_slope = (long.peak_rss_mb_relink - short.peak_rss_mb_relink) / (
        (long.documents - short.documents) / 1000
    )
    return {
        "articles": long.documents,
        "words": long.words,
        "seconds": round(long.seconds, 1),
        "per_article_phase_s": round(long.articles_seconds, 1),
        "problems": long.problems,
        "peak_mb": round(max(long.peak_rss_mb, long.peak_rss_mb_relink)),
        "per_article_phase_mb_by_eighth": dict(
            zip(map(str, at), (round(mb) for mb in long.quarters_mb), strict=True)
        ),
        "per_article_phase_mb": round(long.peak_rss_mb),
        "per_article_phase_mb_per_1k_articles": round(float(slope), 1),
        "relink_mb": round(long.peak_rss_mb_relink),
        "relink_s": round(long.seconds - long.articles_seconds, 1),
        "short_stream": {
            "articles": short.documents,
            "per_article_phase_mb": round(short.peak_rss_mb),
            "relink_mb": round(short.peak_rss_mb_relink),
            "relink_s": round(short.seconds - short.articles_seconds, 1),
        },
        "relink_mb_per_1k_articles": round(relink_slope, 1),
    }


def hundred_k_figure(results: dict[str, Any], target: int) -> dict[str, Any]:
    """``peak_rss_mb_100k`` from the longest stream that reached the target, named."""
    streams = {
        key: results[key]
        for key in ("peak_rss_mb_stream", "peak_rss_mb_stream_synthetic")
        if key in results and "peak_mb" in results[key]
    }
    reached = {key: figures for key, figures in streams.items() if figures["articles"] >= target}
    if not reached:
        longest = max((figures["articles"] for figures in streams.values()), default=0)
        return {
            "peak_rss_mb_100k": None,
            "peak_rss_mb_100k_note": f"not measured: the longest stream here was {longest:,} "
            "articles",
        }
    key = max(reached, key=lambda name: reached[name]["articles"])
    return {"peak_rss_mb_100k": reached[key]["peak_mb"], "peak_rss_mb_100k_from": key}


def _short(size: int) -> str:
    return f"{size // 1_000_000}m" if size % 1_000_000 == 0 else f"{size // 1000}k"


def _write(results: dict[str, Any]) -> None:
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
