"""The ``counterpoint`` command line."""

from __future__ import annotations

import glob
import signal
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from counterpoint.model import Article, Corpus, Problem
from counterpoint.run.executors import EXECUTORS
from counterpoint.settings import Settings, write_token

if TYPE_CHECKING:
    from counterpoint.run.pipeline import RunStats
    from counterpoint.run.watch import PollStats
    from counterpoint.store import Store

console = Console(stderr=True)
DEFAULTS = Settings()

# Exit codes: every input went in; some inputs were problems (listed); the command was misused.
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
# Problems printed one by one; past this many the summary counts the rest by kind.
LISTED_PROBLEMS = 50

DB_OPTION = click.option(
    "--db",
    default="counterpoint.db",
    show_default=True,
    help="SQLite file or database URL (postgresql+psycopg://...).",
)


@click.group()
@click.version_option(package_name="counterpoint")
def main() -> None:
    """Counterpoint: many outlets, one story, every difference made visible."""


@main.command()
@click.argument("paths", nargs=-1, required=True)
@DB_OPTION
@click.option("--report", "report_path", type=click.Path(path_type=Path), help="Write HTML here.")
@click.option("--json", "json_path", type=click.Path(path_type=Path), help="Write JSON here.")
@click.option(
    "--config",
    "config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="TOML file of settings (keys as the options, with underscores); "
    "COUNTERPOINT_* variables override it, these options override both.",
)
@click.option(
    "--workers",
    type=click.IntRange(min=1),
    default=DEFAULTS.workers,
    show_default=True,
    help="Worker processes for per-article work.",
)
@click.option(
    "--executor",
    type=click.Choice(EXECUTORS),
    default=DEFAULTS.executor,
    show_default=True,
    help="Where per-article work runs: this process, supervised worker processes, or Ray "
    "actors (needs the ray extra).",
)
@click.option(
    "--ray-address",
    default=DEFAULTS.ray_address,
    help="Ray cluster to join with --executor ray (default: start a local Ray of --workers CPUs).",
)
@click.option(
    "--batch-size",
    type=click.IntRange(min=1),
    default=DEFAULTS.batch_size,
    show_default=True,
    help="Articles per batch.",
)
@click.option(
    "--max-seconds",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULTS.max_seconds,
    show_default=True,
    help="Time one document may take in per-article work before it is given up.",
)
@click.option(
    "--max-memory-mb",
    type=click.IntRange(min=1),
    default=DEFAULTS.max_memory_mb,
    show_default=True,
    help="Resident memory a worker may reach (models included) before its document is given up.",
)
@click.option(
    "--max-document-mb",
    type=click.IntRange(min=1),
    default=DEFAULTS.max_document_mb,
    show_default=True,
    help="Largest document (or record) read, after decompression; larger ones are problems.",
)
@click.option(
    "--entity-tagger",
    default=DEFAULTS.entity_tagger,
    show_default=True,
    help="Named-entity model, by registry name.",
)
@click.option(
    "--embedder", default=DEFAULTS.embedder, show_default=True, help="Story embedder, by name."
)
@click.option(
    "--contradiction",
    default=DEFAULTS.contradiction,
    show_default=True,
    help="Contradiction (NLI) model for statements, by name.",
)
@click.option(
    "--story-params",
    default=DEFAULTS.story_params,
    show_default=True,
    help="Story clustering parameters, by name.",
)
@click.option(
    "--speaker-ranker",
    default=DEFAULTS.speaker_ranker,
    show_default=True,
    help="Who has the last word on the quotes' speakers: learned (the ranker) or rules.",
)
@click.option(
    "--retry-failed",
    is_flag=True,
    help="Try again documents that crashed or stalled a worker in an earlier run.",
)
def analyze(
    paths: tuple[str, ...],
    db: str,
    report_path: Path | None,
    json_path: Path | None,
    config: Path | None,
    retry_failed: bool,
    **flags: Any,
) -> None:
    """Read, clean, annotate and compare the articles in PATHS (files, folders or globs).

    Exits 0 when every input went in, 1 when some inputs were problems (listed), 2 on misuse.
    """
    from counterpoint.run.pipeline import analyze_into, executor_for_settings

    for path in paths:
        if not Path(path).exists() and not glob.glob(path, recursive=True):
            raise click.BadParameter(f"{_safe(path)!r} does not exist", param_hint="PATHS")
    context = click.get_current_context()
    given = {
        name: value
        for name, value in flags.items()
        if context.get_parameter_source(name) is not click.core.ParameterSource.DEFAULT
    }
    try:
        # a flag left at its default is no layer: the file and the environment may set it
        settings = Settings.load(config, **given)
        executor = executor_for_settings(settings)
    except ValueError as error:  # a setting out of range, a model nobody registered, no Ray
        raise click.UsageError(str(error)) from None
    store = _open_store(db, create=True)
    listed = 0
    try:
        with _progress() as progress:
            task = progress.add_task("Analysing", total=None)

            def advance(event: str, item: Article | Problem | None) -> None:
                nonlocal listed
                if event == "link":
                    progress.update(task, description="Linking stories and claims")
                    return
                progress.advance(task)
                if isinstance(item, Problem):
                    listed += 1
                    if listed <= LISTED_PROBLEMS:
                        progress.console.print(
                            f"[yellow]problem[/] {escape(_safe(str(item)))}", soft_wrap=True
                        )

            stats = analyze_into(
                store,
                paths,
                executor,
                settings,
                progress=advance,
                retry_failed=retry_failed,
            )
        corpus = store.corpus()
    finally:
        store.close()
    _print_summary(corpus, stats)
    _write_outputs(corpus, report_path, json_path)
    sys.exit(EXIT_PROBLEMS if stats.problems else EXIT_OK)


@main.command()
@click.argument("sources", nargs=-1, required=True, metavar="FEED_OR_FOLDER...")
@DB_OPTION
@click.option(
    "--interval",
    type=click.FloatRange(min=1),
    default=300.0,
    show_default=True,
    help="Seconds from the start of one poll to the start of the next.",
)
@click.option("--once", is_flag=True, help="Poll once, then exit.")
@click.option(
    "--allow-private",
    is_flag=True,
    help="Fetch from private, loopback and link-local addresses too (an intranet, a test server).",
)
@click.option(
    "--host-interval",
    type=click.FloatRange(min=0),
    help="Seconds between two requests to one host; robots.txt may ask for more.  [default: 1]",
)
@click.option(
    "--config",
    "config",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="TOML file of settings, as for analyze.",
)
def watch(
    sources: tuple[str, ...],
    db: str,
    interval: float,
    once: bool,
    allow_private: bool,
    host_interval: float | None,
    config: Path | None,
) -> None:
    """Poll RSS/Atom feeds (http or https URLs) and folders; analyse what is new into the database.

    Each poll fetches every feed (a conditional GET) and the pages its new items link to,
    politely: robots.txt, a pause between requests to one host, limits on size, time and
    redirects. New or changed files in the folders are read. What is new is analysed into the
    stored stories, which keep their ids; what was taken in is remembered in the database, so a
    restart fetches nothing again. With --once: exits 0, or 1 when something was a problem
    (listed); otherwise polls until interrupted.
    """
    from dataclasses import replace

    from counterpoint.ingest.fetch import Fetcher, FetchPolicy
    from counterpoint.run.pipeline import executor_for_settings
    from counterpoint.run.watch import Watcher, is_http_url
    from counterpoint.run.watch import watch as poll_every

    for source in sources:
        if is_http_url(source):
            continue
        why = "feeds are http(s) URLs" if "://" in source else "neither a feed URL nor a folder"
        if "://" in source or not Path(source).is_dir():
            raise click.BadParameter(f"{_safe(source)!r}: {why}", param_hint="FEED_OR_FOLDER")
    try:
        settings = Settings.load(config)
        executor = executor_for_settings(settings)
    except ValueError as error:
        raise click.UsageError(str(error)) from None
    policy = FetchPolicy(allow_private=allow_private)
    if host_interval is not None:
        policy = replace(policy, host_interval=host_interval)
    store = _open_store(db, create=True)
    fetcher = Fetcher(policy)
    problems = 0

    def report(stats: PollStats) -> None:
        nonlocal problems
        problems = len(stats.problems)
        _print_poll(stats)

    # A service manager stops the watcher with SIGTERM: stop as on Ctrl-C, between writes.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    try:
        watcher = Watcher(store, sources, fetcher, settings, executor)
        poll_every(watcher, interval, report, polls=1 if once else None)
    except KeyboardInterrupt:
        console.print("Stopped.")
    finally:
        fetcher.close()
        store.close()
    sys.exit(EXIT_PROBLEMS if once and problems else EXIT_OK)


def _print_poll(stats: PollStats) -> None:
    from datetime import UTC, datetime

    run = stats.run
    analysed = f"{run.analysed} analysed, {run.unchanged} unchanged" if run else "none analysed"
    console.print(
        f"{datetime.now(UTC):%Y-%m-%d %H:%M:%S} UTC: {stats.feeds} feeds "
        f"({stats.feeds_unchanged} not modified), {stats.folders} folders; "
        f"{stats.new_items} new items, {stats.pages} pages fetched; {analysed}; "
        f"{len(stats.problems)} problems",
        soft_wrap=True,
    )
    for problem in stats.problems[:LISTED_PROBLEMS]:
        console.print(f"[yellow]problem[/] {escape(_safe(str(problem)))}", soft_wrap=True)
    if len(stats.problems) > LISTED_PROBLEMS:
        console.print(f"... and {len(stats.problems) - LISTED_PROBLEMS} more problems")


@main.command()
@DB_OPTION
@click.option("--out", "out", type=click.Path(path_type=Path), default=Path("report.html"))
def report(db: str, out: Path) -> None:
    """Write the HTML report of everything stored in the database."""
    if out.is_dir():
        raise click.BadParameter(
            f"{_safe(str(out))!r} is a folder; give a file name", param_hint="--out"
        )
    _write_outputs(_load(db), out, None)


@main.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["json", "csv", "parquet"]), default="json")
@click.option("--out", "out", type=click.Path(path_type=Path), required=True)
def export(db: str, fmt: str, out: Path) -> None:
    """Export the stored analysis as JSON (one file), or CSV or Parquet (a folder of tables)."""
    from counterpoint.present.export import write_csv, write_json, write_parquet

    corpus = _load(db)
    if fmt == "json":
        write_json(corpus, out)
    elif fmt == "csv":
        write_csv(corpus, out)
    else:
        write_parquet(corpus, out)
    console.print(f"Wrote {fmt.upper()} to [bold]{escape(_safe(str(out)))}[/]")


@main.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option(
    "--uploads",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for uploaded files [default: beside a SQLite database, else ./uploads].",
)
@click.option(
    "--max-upload-mb",
    type=click.FloatRange(min=0, min_open=True),
    default=20,
    show_default=True,
    help="Largest upload (one request) accepted.",
)
def serve(db: str, host: str, port: int, uploads: Path | None, max_upload_mb: float) -> None:
    """Serve the web app and the HTTP API over a database made by analyze (uploads need
    COUNTERPOINT_TOKEN); a database that is not there is an error, not a new empty one."""
    import uvicorn

    from counterpoint.present.app import create_app

    store = _open_store(db, create=False)
    if uploads is None:
        uploads = Path(f"{db}-uploads") if "://" not in db else Path("uploads")
    token = write_token()
    app = create_app(store, token=token, uploads=uploads, max_upload_mb=max_upload_mb)
    writes = "uploads allowed with the token" if token else "read only (no COUNTERPOINT_TOKEN)"
    console.print(
        f"Serving [bold]{escape(_safe(store.label))}[/] on http://{host}:{port} ({writes})"
    )
    try:
        uvicorn.run(app, host=host, port=port, log_level="warning")
    finally:
        store.close()


def _open_store(db: str, create: bool) -> Store:
    """The store at ``db``; a database that cannot be opened is a one-line error (exit 2)."""
    from counterpoint.store import Store, StoreError

    try:
        return Store(db, create=create)
    except StoreError as error:
        console.print(f"[red]error[/] {escape(_safe(str(error)))}", soft_wrap=True)
        sys.exit(EXIT_USAGE)


def _load(db: str) -> Corpus:
    store = _open_store(db, create=False)
    try:
        return store.corpus()
    finally:
        store.close()


def _safe(text: str) -> str:
    """Untrusted text (file names, problem messages) with control characters shown as escapes,
    so that nothing read from the inputs drives the terminal."""
    return "".join(char if char.isprintable() or char == " " else repr(char)[1:-1] for char in text)


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed} documents"),
        TimeElapsedColumn(),
        console=console,
    )


def _print_summary(corpus: Corpus, stats: RunStats) -> None:
    run = Table(title="This run", show_header=False)
    run.add_row("documents read", str(stats.documents))
    run.add_row("analysed", str(stats.analysed))
    run.add_row("unchanged (skipped)", str(stats.unchanged))
    run.add_row("problems", str(len(stats.problems)))
    kinds: dict[str, int] = {}
    for problem in stats.problems:
        kinds[problem.kind] = kinds.get(problem.kind, 0) + 1
    for kind, count in sorted(kinds.items()):
        run.add_row(f"  {kind}", str(count))
    console.print(run)
    steps = Table(title="Steps")
    for column in ("step", "kept", "dropped", "why", "made"):
        steps.add_column(column, justify="right" if column in ("kept", "dropped") else "left")
    for step in stats.steps.values():
        why = ", ".join(f"{reason} {n}" for reason, n in sorted(step.dropped.items()) if n)
        made = ", ".join(f"{what} {n}" for what, n in step.made.items() if n)
        steps.add_row(step.name, str(step.kept), str(step.dropped.total()), why, made)
    console.print(steps)
    outlets: dict[str, int] = {}
    for article in corpus.articles:
        key = article.outlet or "(unknown outlet)"
        outlets[key] = outlets.get(key, 0) + 1
    stored = Table(title="In the database")
    stored.add_column("what")
    stored.add_column("count", justify="right")
    stored.add_row("articles", str(len(corpus.articles)))
    stored.add_row("outlets", str(len(outlets)))
    stored.add_row("stories", str(len(corpus.stories)))
    stored.add_row("duplicate groups", str(len(corpus.duplicates)))
    stored.add_row("claims", str(len(corpus.claims)))
    stored.add_row("conflicts", str(len(corpus.conflicts)))
    stored.add_row("problems", str(len(corpus.problems)))
    console.print(stored)


def _write_outputs(corpus: Corpus, report_path: Path | None, json_path: Path | None) -> None:
    from counterpoint.present.export import write_json
    from counterpoint.present.report import write_report

    if report_path:
        report_path.parent.mkdir(parents=True, exist_ok=True)
        write_report(corpus, report_path)
        console.print(f"Report: [bold]{escape(_safe(str(report_path.resolve())))}[/]")
    if json_path:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        write_json(corpus, json_path)
        console.print(f"JSON:   [bold]{escape(_safe(str(json_path.resolve())))}[/]")
