"""Nothing lost under crashes: `counterpoint analyze` killed (SIGKILL, with its workers) at
random moments and rerun each time ends with the same database as one clean run."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from counterpoint.model import Corpus, to_dict
from counterpoint.store import Store
from evaluation.seeds import shared_dir

pytestmark = pytest.mark.slow

KILLS = 20
LINKING_KILLS = 5
SEED = 20260310
HTML_PAGES = 60
DUMPS = 10
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


def _command(db: Path, corpus: Path) -> list[str]:
    script = Path(sys.executable).with_name("counterpoint")
    program = [str(script)] if script.exists() else [sys.executable, "-m", "counterpoint"]
    return [*program, "analyze", str(corpus), "--db", str(db), "--batch-size", BATCH_SIZE]


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    """The first real pages of the benchmark and some text dumps of others, copied (analyze
    does not follow links out of the folders it is given)."""
    bench = shared_dir() / "bench" / "aeb"
    if not (bench / "html").is_dir():
        pytest.skip(f"shared benchmark not found at {bench}")
    folder = tmp_path / "corpus"
    folder.mkdir()
    pages = sorted((bench / "html").glob("*.html.gz"))[:HTML_PAGES]
    dumps = sorted((bench / "dumps").glob("*.txt.gz"))[-DUMPS:]
    assert len(pages) == HTML_PAGES and len(dumps) == DUMPS
    assert not {p.name.split(".")[0] for p in pages} & {d.name.split(".")[0] for d in dumps}
    for path in (*pages, *dumps):
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


def _phase(pid: int, db: Path) -> str:
    """What the run is doing: starting (database not open yet), per-article work (extraction
    and annotation run in worker processes), or linking (open database, no workers left)."""
    try:
        open_files = {os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")}
        workers = _children(pid)
    except OSError:
        return "exiting"
    if str(db) not in open_files:
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


def _stored_articles(db: Path) -> int:
    if not db.exists():
        return 0
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return connection.execute("SELECT count(*) FROM articles").fetchone()[0]
    except sqlite3.OperationalError:  # the schema is not made yet
        return 0
    finally:
        connection.close()


def _run_and_kill(command: list[str], db: Path, log: Path, rng: random.Random) -> str | None:
    """Run analyze and kill its process group at a random moment (see START_UP_SHARE); the
    phase it was killed in, or None if it finished first (exit code checked)."""
    start_up = rng.random() < START_UP_SHARE
    start_up_seconds = rng.uniform(*START_UP_SECONDS)
    new_articles = rng.randint(*NEW_ARTICLES)
    in_batch_seconds = rng.uniform(*IN_BATCH_SECONDS)
    linking_seconds = rng.uniform(*LINKING_SECONDS)
    with log.open("wb") as output:
        process = subprocess.Popen(
            command, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
        started = time.monotonic()
        stored_before = _stored_articles(db)
        phase, since, enough_since = "start-up", started, None
        while process.poll() is None:
            now = _phase(process.pid, db)
            if now != phase:
                phase, since = now, time.monotonic()
            elapsed = time.monotonic() - since
            if phase == "start-up":
                due = start_up and elapsed >= start_up_seconds
            elif phase == "per-article" and not start_up:
                if enough_since is None and _stored_articles(db) - stored_before >= new_articles:
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


def _read(db: Path) -> Corpus:
    store = Store(str(db), create=False)
    try:
        return store.corpus()
    finally:
        store.close()


def test_analyze_killed_at_random_moments_loses_and_duplicates_nothing(tmp_path, corpus):
    started = time.monotonic()
    # The clean run goes alongside: the killed runs mostly wait on one worker (2 cores).
    clean_db = tmp_path / "clean.db"
    clean_log = (tmp_path / "clean.log").open("wb")
    clean = subprocess.Popen(_command(clean_db, corpus), stdout=clean_log, stderr=subprocess.STDOUT)
    db = tmp_path / "killed.db"
    rng = random.Random(SEED)
    phases: Counter[str] = Counter()
    completed_runs = 0
    last_links: dict[str, Any] | None = None
    for attempt in range(KILLS * 3):
        if phases.total() >= KILLS and phases["linking"] >= LINKING_KILLS:
            break
        killed_in = _run_and_kill(_command(db, corpus), db, tmp_path / f"run-{attempt}.log", rng)
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
    assert phases.total() >= KILLS and phases["linking"] >= LINKING_KILLS, phases

    final = subprocess.run(_command(db, corpus), capture_output=True, timeout=RUN_TIMEOUT_SECONDS)
    assert final.returncode == 0, final.stderr.decode()
    assert clean.wait(timeout=RUN_TIMEOUT_SECONDS) == 0, (tmp_path / "clean.log").read_text()
    clean_log.close()

    print(
        f"\n{phases.total()} kills ({dict(phases)}), {completed_runs} runs completed "
        f"between them, {time.monotonic() - started:.0f} s"
    )
    expected, killed = _contents(_read(clean_db)), _contents(_read(db))
    assert len(expected["articles"]) == HTML_PAGES + DUMPS
    assert expected["stories"] and expected["claims"] and expected["conflicts"]
    for part in expected:
        assert killed[part] == expected[part], part
    assert phases["per-article"] >= 5, phases
