"""The ``counterpoint`` command line."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from counterpoint.model import Article, Corpus, Problem

console = Console(stderr=True)

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
@click.option("--workers", default=1, show_default=True, help="Processes for per-article work.")
@click.option("--batch-size", default=8, show_default=True, help="Articles per batch.")
def analyze(
    paths: tuple[str, ...],
    db: str,
    report_path: Path | None,
    json_path: Path | None,
    workers: int,
    batch_size: int,
) -> None:
    """Read, clean, annotate and compare the articles in PATHS (files, folders or globs)."""
    from counterpoint.run.executors import executor_for
    from counterpoint.run.pipeline import analyze_into
    from counterpoint.store import Store

    store = Store(db)
    try:
        with _progress() as progress:
            task = progress.add_task("Analysing", total=None)

            def advance(event: str, item: Article | Problem | None) -> None:
                if event == "link":
                    progress.update(task, description="Linking stories and claims")
                    return
                progress.advance(task)
                if isinstance(item, Problem):
                    progress.console.print(f"[yellow]problem[/] {item}")

            stats = analyze_into(
                store, paths, executor_for(workers), batch_size=batch_size, progress=advance
            )
        corpus = store.corpus()
    finally:
        store.close()
    _print_summary(corpus, stats.documents, stats.analysed, stats.unchanged, len(stats.problems))
    _write_outputs(corpus, report_path, json_path)


@main.command()
@DB_OPTION
@click.option("--out", "out", type=click.Path(path_type=Path), default=Path("report.html"))
def report(db: str, out: Path) -> None:
    """Write the HTML report of everything stored in the database."""
    _write_outputs(_load(db), out, None)


@main.command()
@DB_OPTION
@click.option("--format", "fmt", type=click.Choice(["json", "csv"]), default="json")
@click.option("--out", "out", type=click.Path(path_type=Path), required=True)
def export(db: str, fmt: str, out: Path) -> None:
    """Export the stored analysis as JSON (one file) or CSV (a folder of tables)."""
    from counterpoint.present.export import write_csv, write_json

    corpus = _load(db)
    if fmt == "json":
        write_json(corpus, out)
    else:
        write_csv(corpus, out)
    console.print(f"Wrote {fmt.upper()} to [bold]{out}[/]")


def _load(db: str) -> Corpus:
    from counterpoint.store import Store

    store = Store(db)
    try:
        return store.corpus()
    finally:
        store.close()


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        TextColumn("{task.completed} documents"),
        TimeElapsedColumn(),
        console=console,
    )


def _print_summary(corpus: Corpus, read: int, analysed: int, unchanged: int, problems: int) -> None:
    run = Table(title="This run", show_header=False)
    run.add_row("documents read", str(read))
    run.add_row("analysed", str(analysed))
    run.add_row("unchanged (skipped)", str(unchanged))
    run.add_row("problems", str(problems))
    console.print(run)
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
        console.print(f"Report: [bold]{report_path.resolve()}[/]")
    if json_path:
        json_path.parent.mkdir(parents=True, exist_ok=True)
        write_json(corpus, json_path)
        console.print(f"JSON:   [bold]{json_path.resolve()}[/]")
