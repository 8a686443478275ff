"""Adding articles from the app: uploaded files and pasted text, analysed one job at a time
through the same pipeline as ``counterpoint analyze``, with progress.

The pipeline runs in a child process of its own (a fresh interpreter, started by a background
thread): its supervisor forks the workers, and a fork is safe only from a process without
other threads, which the server is not. The child reports progress as JSON lines."""

from __future__ import annotations

import json
import re
import secrets
import subprocess
import sys
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

from counterpoint.model import Article, Problem
from counterpoint.store import Store

# progress(event, detail): "article" (its id), "problem" (what went wrong), "document" (one
# read and left as stored), "link" (the cross-article steps begin).
Progress = Callable[[str, str], None]
Analyse = Callable[[Store, list[Path], Progress], None]
# Jobs remembered for their progress pages; older finished ones are forgotten.
KEPT_JOBS = 50
_UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(slots=True)
class Job:
    id: str
    files: list[str]
    state: Literal["queued", "running", "linking", "done", "failed"] = "queued"
    documents: int = 0
    article_ids: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    error: str = ""

    def public(self) -> dict[str, Any]:
        return asdict(self)


def pipeline_analyse(store: Store, paths: list[Path], progress: Progress) -> None:
    """What ``counterpoint analyze`` does (the settings from the environment), in a child
    process (:func:`analyse_child`); the database URL goes to it on its standard input."""
    request = {
        "db": store.engine.url.render_as_string(hide_password=False),
        "paths": [str(path) for path in paths],
    }
    command = [sys.executable, "-c", f"from {__name__} import analyse_child; analyse_child()"]
    with subprocess.Popen(
        command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, encoding="utf-8"
    ) as child:
        assert child.stdin is not None and child.stdout is not None
        child.stdin.write(json.dumps(request))
        child.stdin.close()
        for line in child.stdout:
            message = json.loads(line)
            progress(message["event"], message["detail"])
    if child.returncode != 0:
        raise RuntimeError(f"the analysis stopped with exit code {child.returncode}")


def analyse_child() -> None:
    """The child's side of :func:`pipeline_analyse`: progress on standard output, one JSON
    object a line; anything else the libraries print goes to standard error."""
    from counterpoint.run.pipeline import analyze_into, executor_for_settings
    from counterpoint.settings import Settings

    request = json.loads(sys.stdin.read())
    out, sys.stdout = sys.stdout, sys.stderr

    def emit(event: str, detail: str) -> None:
        out.write(json.dumps({"event": event, "detail": detail}) + "\n")
        out.flush()

    def report(event: str, item: Article | Problem | None) -> None:
        if event == "link":
            emit("link", "")
        elif isinstance(item, Article):
            emit("article", item.id)
        elif isinstance(item, Problem):
            emit("problem", str(item))
        else:
            emit("document", "")

    settings = Settings.load(None)
    store = Store(request["db"])
    try:
        analyze_into(
            store, request["paths"], executor_for_settings(settings), settings, progress=report
        )
    finally:
        store.close()


def safe_name(name: str, fallback: str) -> str:
    """A file name of the upload's own (folders dropped) made of harmless characters."""
    base = _UNSAFE_NAME.sub("_", Path(name.replace("\\", "/")).name).strip("._")
    return base[:120] or fallback


def pasted_record(fields: dict[str, str]) -> str:
    """One JSON Lines record of a pasted article, its metadata as given fields."""
    return json.dumps({k: v for k, v in fields.items() if v}, ensure_ascii=False) + "\n"


class Jobs:
    """A queue of analysis jobs run one after another by one thread, each job's files kept
    under ``folder`` (so the article page can show the original beside the cleaned text)."""

    def __init__(self, store: Store, folder: Path, analyse: Analyse) -> None:
        self.store = store
        self.folder = folder
        self.analyse = analyse
        self.jobs: dict[str, Job] = {}
        self.order: deque[str] = deque()
        self.lock = threading.Lock()
        self.wake = threading.Condition(self.lock)
        self.pending: deque[tuple[Job, list[Path]]] = deque()
        self.thread: threading.Thread | None = None

    def folder_for_new_job(self) -> tuple[str, Path]:
        job_id = secrets.token_hex(8)
        folder = self.folder / job_id
        folder.mkdir(parents=True, exist_ok=False)
        return job_id, folder

    def submit(self, job_id: str, paths: list[Path]) -> Job:
        job = Job(id=job_id, files=[p.name for p in paths])
        with self.lock:
            self.jobs[job_id] = job
            self.order.append(job_id)
            while len(self.order) > KEPT_JOBS and self.jobs[self.order[0]].state in (
                "done",
                "failed",
            ):
                del self.jobs[self.order.popleft()]
            self.pending.append((job, paths))
            if self.thread is None:
                self.thread = threading.Thread(target=self._run, name="analyse", daemon=True)
                self.thread.start()
            self.wake.notify()
        return job

    def get(self, job_id: str) -> Job | None:
        with self.lock:
            return self.jobs.get(job_id)

    def _run(self) -> None:
        while True:
            with self.lock:
                while not self.pending:
                    self.wake.wait()
                job, paths = self.pending.popleft()
                job.state = "running"
            self._analyse(job, paths)

    def _analyse(self, job: Job, paths: list[Path]) -> None:
        def progress(event: str, detail: str) -> None:
            with self.lock:
                if event == "link":
                    job.state = "linking"
                    return
                job.documents += 1
                if event == "article":
                    job.article_ids.append(detail)
                elif event == "problem":
                    job.problems.append(detail.replace(str(self.folder), "uploads"))

        try:
            self.analyse(self.store, paths, progress)
        # The job's thread must outlive any failure of one job: it is reported on its page.
        except Exception as error:
            with self.lock:
                job.state, job.error = "failed", f"{type(error).__name__}: {error}"
            return
        with self.lock:
            job.state = "done"
