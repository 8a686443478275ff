"""Nothing lost under crashes: `counterpoint analyze` killed (SIGKILL, with its workers) at
random moments and rerun each time ends with the same database as one clean run, on SQLite and,
when COUNTERPOINT_PG_URL is set (``make test`` sets it), on PostgreSQL; `export` and `report`
run beside the clean run's writes and never fail."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import ProgrammingError

from counterpoint.model import Corpus, to_dict
from counterpoint.store import Store
from evaluation.seeds import shared_dir

SEED = 20260310
HTML_PAGES = 60
DUMPS = 10
# The invented multi-outlet coverage (one JSONL record per article): unrelated real pages
# give no conflict to lose, so these bring claims and a conflict into the run.
COVERAGE = Path(__file__).resolve().parents[2] / "examples" / "coverage" / "coverage.jsonl"
COVERAGE_RECORDS = len(COVERAGE.read_text(encoding="utf-8").splitlines())
# Where a kill lands: a share of the runs are cut while starting; the others during
# per-article work, once a drawn number of further articles is stored and a drawn delay more
# (so that the cut falls inside a batch, whatever the machine's speed), or, when nothing is
# left to analyse, a drawn delay into linking (about 5 s on these pages).
START_UP_SHARE = 0.15
START_UP_SECONDS = (0.2, 2.5)
NEW_ARTICLES = (0, 8)
IN_BATCH_SECONDS = (0.0, 3.0)
LINKING_SECONDS = (0.2, 5.0)
# Small batches, so that a run cut after a few seconds has stored some articles.
BATCH_SIZE = "2"
POLL_SECONDS = 0.05
RUN_TIMEOUT_SECONDS = 600


@dataclass(frozen=True)
class Kills:
    """How many kills a backend's run must survive, in all and in the phases that matter."""

    total: int
    linking: int
    per_article: int


# PostgreSQL gets fewer kills, so that its part stays within a few minutes beside SQLite's.
KILLS = {"sqlite": Kills(20, 5, 5), "postgresql": Kills(10, 3, 3)}


class SQLiteDatabase:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.target = str(path)

    def exists(self) -> bool:
        return self.path.exists()

    def opened_by(self, pid: int) -> bool:
        return str(self.path) in _open_files(pid)

    def stored_articles(self) -> int:
        if not self.path.exists():
            return 0
        connection = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)
        try:
            return connection.execute("SELECT count(*) FROM articles").fetchone()[0]
        except sqlite3.OperationalError:  # the schema is not made yet
            return 0
        finally:
            connection.close()


class PostgresDatabase:
    """A database of its own on the test server, dropped at the end."""

    def __init__(self, server_url: str, name: str) -> None:
        self.server = make_url(server_url)
        self.url = self.server.set(database=name)
        self.target = self.url.render_as_string(hide_password=False)
        self._admin("DROP DATABASE IF EXISTS {name} WITH (FORCE)", "CREATE DATABASE {name}")
        self.engine = create_engine(self.url, pool_size=1)

    def _admin(self, *statements: str) -> None:
        engine = create_engine(self.server, isolation_level="AUTOCOMMIT")
        with engine.connect() as connection:
            for statement in statements:
                connection.execute(text(statement.format(name=self.url.database)))
        engine.dispose()

    def drop(self) -> None:
        self.engine.dispose()
        self._admin("DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def exists(self) -> bool:
        """Whether a run made the schema (the empty database is the test's own)."""
        with self.engine.connect() as connection:
            return connection.execute(text("SELECT to_regclass('articles')")).scalar() is not None

    def opened_by(self, pid: int) -> bool:
        return self.server.port is not None and _connected_to(pid, self.server.port)

    def stored_articles(self) -> int:
        try:
            with self.engine.connect() as connection:
                return connection.execute(text("SELECT count(*) FROM articles")).scalar_one()
        except ProgrammingError:  # the schema is not made yet
            return 0


Database = SQLiteDatabase | PostgresDatabase


@pytest.fixture(params=["sqlite", "postgresql"])
def databases(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, Database]]:
    """The clean run's database and the killed runs' one, on each backend."""
    if request.param == "sqlite":
        yield {role: SQLiteDatabase(tmp_path / f"{role}.db") for role in ("clean", "killed")}
        return
    server = os.environ.get("COUNTERPOINT_PG_URL")
    if not server:
        pytest.skip("COUNTERPOINT_PG_URL not set (make test starts PostgreSQL)")
    made = {
        role: PostgresDatabase(server, f"counterpoint_crash_{role}_{os.getpid()}")
        for role in ("clean", "killed")
    }
    yield dict(made)
    for database in made.values():
        database.drop()


def _command(db: Database, corpus: Path) -> list[str]:
    return [*_program(), "analyze", str(corpus), "--db", db.target, "--batch-size", BATCH_SIZE]


def _program() -> list[str]:
    script = Path(sys.executable).with_name("counterpoint")
    return [str(script)] if script.exists() else [sys.executable, "-m", "counterpoint"]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The first real pages of the benchmark, some text dumps of others and the invented
    coverage records, copied (analyze does not follow links out of the folders it is
    given)."""
    bench = shared_dir() / "bench" / "aeb"
    if not (bench / "html").is_dir():
        pytest.skip(f"shared benchmark not found at {bench}")
    folder = tmp_path / "corpus"
    folder.mkdir()
    pages = sorted((bench / "html").glob("*.html.gz"))[:HTML_PAGES]
    dumps = sorted((bench / "dumps").glob("*.txt.gz"))[-DUMPS:]
    assert len(pages) == HTML_PAGES and len(dumps) == DUMPS
    assert not {p.name.split(".")[0] for p in pages} & {d.name.split(".")[0] for d in dumps}
    for path in (*pages, *dumps, COVERAGE):
        shutil.copy(path, folder / path.name)
    return folder


def _children(pid: int) -> list[int]:
    found: list[int] = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue  # gone meanwhile
        # the field after the parenthesised name is the state, then the parent's id
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry))
    return found


def _open_files(pid: int) -> set[str]:
    return {os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")}


def _connected_to(pid: int, port: int) -> bool:
    """Whether the process holds a TCP connection to ``port`` (the database server's)."""
    sockets = {
        name[len("socket:[") : -1] for name in _open_files(pid) if name.startswith("socket:")
    }
    for table in ("tcp", "tcp6"):
        try:
            rows = Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        for row in rows:
            fields = row.split()
            # fields: slot, local address, remote address (hex ip:port), state, ..., inode
            if int(fields[2].rsplit(":", 1)[1], 16) == port and fields[9] in sockets:
                return True
    return False


def _phase(pid: int, db: Database) -> str:
    """What the run is doing: starting (database not open yet), per-article work (extraction
    and annotation run in worker processes), or linking (open database, no workers left)."""
    try:
        opened = db.opened_by(pid)
        workers = _children(pid)
    except OSError:
        return "exiting"
    if not opened:
        return "start-up"
    return "per-article" if workers else "linking"


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    # the workers are in the same session; wait until none of the group is left
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.killpg(process.pid, 0)
        except ProcessLookupError:
            return
        time.sleep(POLL_SECONDS)
    raise AssertionError("workers of a killed run are still alive")


def _run_and_kill(
    command: list[str],
    db: Database,
    log: Path,
    rng: random.Random,
    linking_only: bool,
    linking_took: list[float],
) -> str | None:
    """Run analyze and kill its process group at a random moment (see START_UP_SHARE), or in
    linking only; the phase it was killed in, or None if it finished first (exit code checked,
    and the time its linking took added to ``linking_took``, so that later kills fall within)."""
    start_up = rng.random() < START_UP_SHARE and not linking_only
    start_up_seconds = rng.uniform(*START_UP_SECONDS)
    new_articles = rng.randint(*NEW_ARTICLES)
    in_batch_seconds = rng.uniform(*IN_BATCH_SECONDS)
    shortest, longest = LINKING_SECONDS
    if linking_took:
        longest = max(shortest, min(longest, 0.8 * min(linking_took)))
    linking_seconds = rng.uniform(shortest, longest)
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
        started = time.monotonic()
        stored_before = db.stored_articles()
        phase, since, enough_since, linking_since = "start-up", started, None, None
        while process.poll() is None:
            now = _phase(process.pid, db)
            if now != phase:
                phase, since = now, time.monotonic()
                if phase == "linking":
                    linking_since = since
            elapsed = time.monotonic() - since
            if phase == "start-up":
                due = start_up and elapsed >= start_up_seconds
            elif phase == "per-article" and not (start_up or linking_only):
                if enough_since is None and db.stored_articles() - stored_before >= new_articles:
                    enough_since = time.monotonic()
                due = (
                    enough_since is not None and time.monotonic() - enough_since >= in_batch_seconds
                )
            else:
                due = phase == "linking" and not start_up and elapsed >= linking_seconds
            if due:
                _kill_group(process)
                return phase
            time.sleep(POLL_SECONDS)
    assert process.returncode == 0, log.read_text()
    if linking_since is not None:
        linking_took.append(time.monotonic() - linking_since)
    return None


def _contents(corpus: Corpus) -> dict[str, Any]:
    """The corpus without generated ids: a story is its set of articles, a claim its story and
    key, and so on, so that two databases built in different orders compare equal."""
    members = {s.id: frozenset(s.article_ids) for s in corpus.stories}
    claim_keys = {c.id: (members.get(c.story_id or ""), c.key) for c in corpus.claims}

    def content(item: Any, *drop: str) -> str:
        row = to_dict(item)
        for name in ("id", *drop):
            row.pop(name, None)
        if "story_id" in row:
            row["story_id"] = sorted(members.get(row["story_id"] or "", ()))
        if "claim_id" in row:
            row["claim_id"] = repr(claim_keys.get(row["claim_id"] or ""))
        return repr(sorted(row.items()))

    return {
        "articles": sorted((a.source, a.record_key, a.id, a.content_hash) for a in corpus.articles),
        "annotations": {
            a.id: {
                name: len(getattr(a, name))
                for name in ("paragraphs", "sentences", "entities", "quotes", "quantities", "times")
            }
            for a in corpus.articles
        },
        "stories": sorted(
            (sorted(s.article_ids), s.title, repr(s.first_published), repr(s.last_published))
            for s in corpus.stories
        ),
        "duplicates": sorted(content(d) for d in corpus.duplicates),
        "claims": sorted(content(c) for c in corpus.claims),
        "conflicts": sorted(content(c) for c in corpus.conflicts),
        "timeline": sorted(content(t) for t in corpus.timeline),
        "problems": sorted(content(p) for p in corpus.problems),
    }


def _read(db: Database) -> Corpus:
    store = Store(db.target, create=False)
    try:
        return store.corpus()
    finally:
        store.close()


@dataclass
class Readings:
    """`export` and `report` runs made while a writer ran, and those that failed."""

    runs: Counter[str]
    failures: list[str]


def _read_beside(writer: subprocess.Popen[bytes], db: Database, out: Path) -> Readings:
    """Run `export` and `report` in turn on ``db`` from its first stored article until the
    writer exits."""
    readings = Readings(Counter(), [])
    while writer.poll() is None and db.stored_articles() == 0:
        time.sleep(POLL_SECONDS)
    commands = {
        "export": ["export", "--db", db.target, "--out", str(out / "export.json")],
        "report": ["report", "--db", db.target, "--out", str(out / "report.html")],
    }
    while writer.poll() is None:
        for name, command in commands.items():
            done = subprocess.run([*_program(), *command], capture_output=True)
            readings.runs[name] += 1
            if done.returncode != 0:
                readings.failures.append(f"{name}: {done.stderr.decode()[-500:]}")
    return readings


def test_analyze_killed_at_random_moments_loses_and_duplicates_nothing(
    tmp_path: Path, corpus: Path, databases: dict[str, Database]
) -> None:
    started = time.monotonic()
    clean_db, db = databases["clean"], databases["killed"]
    kills = KILLS["sqlite" if isinstance(db, SQLiteDatabase) else "postgresql"]
    # The clean run goes alongside: the killed runs mostly wait on one worker (2 cores).
    clean_log = (tmp_path / "clean.log").open("wb")
    clean = subprocess.Popen(_command(clean_db, corpus), stdout=clean_log, stderr=subprocess.STDOUT)
    # Readers beside the clean run's writes, in a thread of their own.
    readings: list[Readings] = []
    (tmp_path / "readers").mkdir()
    reader = threading.Thread(
        target=lambda: readings.append(_read_beside(clean, clean_db, tmp_path / "readers"))
    )
    reader.start()
    rng = random.Random(SEED)
    phases: Counter[str] = Counter()
    completed_runs = 0
    last_links: dict[str, Any] | None = None
    linking_took: list[float] = []

    def enough() -> bool:
        return (
            phases.total() >= kills.total
            and phases["linking"] >= kills.linking
            and phases["per-article"] >= kills.per_article
        )

    for attempt in range(kills.total * 3):
        if enough():
            break
        # the last kills go to linking, which comes only once every article is stored
        linking_only = kills.total - phases.total() <= kills.linking - phases["linking"]
        log = tmp_path / f"run-{attempt}.log"
        killed_in = _run_and_kill(_command(db, corpus), db, log, rng, linking_only, linking_took)
        if killed_in is None:
            completed_runs += 1
        else:
            phases[killed_in] += 1
        if not db.exists():
            continue
        state = _contents(_read(db))
        sources = [(source, record_key) for source, record_key, *_ in state["articles"]]
        assert len(sources) == len(set(sources)), "an input stored twice"
        links = {k: state[k] for k in ("stories", "duplicates", "claims", "conflicts", "timeline")}
        if killed_in is None:
            last_links = links
        elif last_links is not None:
            # a run killed after an earlier one linked everything leaves that run's results
            assert links == last_links
    assert enough(), phases

    final = subprocess.run(_command(db, corpus), capture_output=True, timeout=RUN_TIMEOUT_SECONDS)
    assert final.returncode == 0, final.stderr.decode()
    assert clean.wait(timeout=RUN_TIMEOUT_SECONDS) == 0, (tmp_path / "clean.log").read_text()
    clean_log.close()
    reader.join(timeout=RUN_TIMEOUT_SECONDS)

    expected, killed = _contents(_read(clean_db)), _contents(_read(db))
    lost = len(set(expected["articles"]) - set(killed["articles"]))
    duplicated = len(killed["articles"]) - len(set(killed["articles"]))
    print(
        f"\n{phases.total()} kills ({dict(phases)}), {completed_runs} runs completed "
        f"between them, articles lost {lost}, duplicated {duplicated}; readers beside the "
        f"clean run: {dict(readings[0].runs)}, {len(readings[0].failures)} failed; "
        f"{time.monotonic() - started:.0f} s"
    )
    assert len(expected["articles"]) == HTML_PAGES + DUMPS + COVERAGE_RECORDS
    assert expected["stories"] and expected["claims"] and expected["conflicts"]
    for part in expected:
        assert killed[part] == expected[part], part
    assert readings[0].failures == []
    assert min(readings[0].runs.values(), default=0) >= 2, readings[0].runs
