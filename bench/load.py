"""Load on ``counterpoint serve`` over a 10,000-article PostgreSQL database, on loopback.

Builds the synthetic database of bench/app.py (annotated articles with planted duplicates,
storylines and conflicts, linked and compared) and, on the way, times the link results' rows
written both ways on the same data: one INSERT per row (executemany) and COPY. Then starts
``counterpoint serve`` and runs, for ``--seconds``, ``--readers`` concurrent readers (a bounded
asyncio client: story list, story pages, article pages, search, API) and one writer that uploads
an article with the token and waits for its analysis before the next. Writes bench/results/
load.json and merges ``load_errors`` and ``load_p99_ms`` into bench/results/scale.json.

    python bench/load.py --db postgresql+psycopg://postgres@127.0.0.1:55432/cp_load
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import create_engine, text

from counterpoint.compare import compare
from counterpoint.link import link
from counterpoint.store import Store
from synthetic_link import generate

RESULTS = Path(__file__).parent / "results"
TOKEN = "load-test-token"
WORDS = ["strike", "flood", "election", "earthquake", "protest", "wildfire", "summit"]


def fresh_database(url: str) -> None:
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text("DROP SCHEMA public CASCADE"))
        connection.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def build(url: str, n: int) -> dict[str, Any]:
    """The synthetic database; the link results written by INSERT, then again by COPY."""
    fresh_database(url)
    t0 = time.perf_counter()
    articles, _planted, vectors = generate(n)
    linked = link(articles, embeddings=vectors)
    compared = compare(articles, linked)
    analysed = time.perf_counter() - t0
    store = Store(url)
    t0 = time.perf_counter()
    for article in articles:
        store.save_article(article)
    stored = time.perf_counter() - t0
    results = (
        linked.stories,
        linked.duplicates,
        compared.claims,
        compared.conflicts,
        compared.timeline,
    )
    rows = (
        len(linked.stories)
        + sum(len(s.article_ids) for s in linked.stories)
        + len(linked.duplicates)
        + len(compared.claims)
        + len(compared.conflicts)
        + len(compared.timeline)
    )
    took = {}
    for path, bulk_copy in (("insert", False), ("copy", True)):
        store.bulk_copy = bulk_copy
        t0 = time.perf_counter()
        store.save_links(*results)
        took[path] = time.perf_counter() - t0
    store.close()
    return {
        "generate_link_compare_s": round(analysed, 1),
        "save_articles_s": round(stored, 1),
        "link_rows": rows,
        "insert_rows_per_s": round(rows / took["insert"]),
        "copy_rows_per_s": round(rows / took["copy"]),
        "copy_speedup": round(took["insert"] / took["copy"], 2),
    }


def read_paths(url: str, rng: random.Random, n: int) -> list[str]:
    store = Store(url, create=False)
    stories = [s.id for s in store.stories()]
    total = store.article_page(1, 0).total
    articles = [a.id for a in store.article_page(200, rng.randrange(max(1, total - 200))).items]
    store.close()
    choices = [
        lambda: f"/?page={rng.randrange(1, 20)}",
        lambda: f"/stories/{rng.choice(stories)}",
        lambda: f"/articles/{rng.choice(articles)}",
        lambda: f"/?q={rng.choice(WORDS)}",
        lambda: f"/api/search?q={rng.choice(WORDS)}",
        lambda: f"/api/stories/{rng.choice(stories)}",
        lambda: f"/api/stories?offset={rng.randrange(200)}",
        lambda: f"/api/articles?offset={rng.randrange(total)}",
    ]
    return [rng.choice(choices)() for _ in range(n)]


async def reader(
    client: httpx.AsyncClient, paths: list[str], deadline: float, out: dict[str, list[Any]]
) -> None:
    index = 0
    while time.perf_counter() < deadline:
        path = paths[index % len(paths)]
        index += 1
        t0 = time.perf_counter()
        try:
            response = await client.get(path)
            outcome = str(response.status_code)
        except httpx.HTTPError as error:
            outcome = type(error).__name__
        out["latency_ms"].append((time.perf_counter() - t0) * 1000)
        if outcome != "200":
            out["errors"].append(f"{outcome} {path}")


async def writer(client: httpx.AsyncClient, deadline: float, out: dict[str, Any]) -> None:
    """One article at a time, through the API, waiting for its analysis before the next."""
    headers = {"Authorization": f"Bearer {TOKEN}"}
    number = 0
    while time.perf_counter() < deadline:
        number += 1
        form = {
            "title": f"Dam repairs begin after flood number {number}",
            "outlet": "The Load Test Herald",
            "text": (
                f"Engineers began repairs on the river dam on Tuesday, {number} days after the "
                "flood, the regional authority said. At least 12 people were killed and 300 "
                "homes damaged, officials said, while residents said the warnings came late."
            ),
        }
        try:
            response = await client.post("/api/uploads", data=form, headers=headers)
        except httpx.HTTPError:
            out["errors"] += 1
            continue
        if response.status_code != 202:
            out["errors"] += 1
            continue
        out["submitted"] += 1
        job = response.json()["id"]
        while True:
            await asyncio.sleep(1)
            state = (await client.get(f"/api/jobs/{job}")).json()["state"]
            if state in ("done", "failed"):
                out[state] += 1
                break


async def load(base: str, paths: list[str], readers: int, seconds: float) -> dict[str, Any]:
    reads: dict[str, list[Any]] = {"latency_ms": [], "errors": []}
    writes = {"submitted": 0, "done": 0, "failed": 0, "errors": 0}
    # idle connections dropped well before uvicorn's 5 s keep-alive closes them, so no request
    # is sent down a connection the server is closing at that moment
    limits = httpx.Limits(max_connections=readers + 2, keepalive_expiry=2.0)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        deadline = time.perf_counter() + seconds
        write_task = asyncio.create_task(writer(client, deadline, writes))
        await asyncio.gather(
            *(reader(client, paths[i::readers], deadline, reads) for i in range(readers))
        )
        # the writer's last analysis is waited for, up to a limit, so its outcome is counted
        await asyncio.wait_for(write_task, timeout=600)
    took = sorted(reads["latency_ms"])
    return {
        "requests": len(took),
        "requests_per_s": round(len(took) / seconds, 1),
        "read_errors": len(reads["errors"]),
        "read_error_examples": reads["errors"][:10],
        "p50_ms": round(statistics.median(took), 1),
        "p95_ms": round(took[int(0.95 * (len(took) - 1))], 1),
        "p99_ms": round(took[int(0.99 * (len(took) - 1))], 1),
        "max_ms": round(took[-1], 1),
        "writes": writes,
    }


def serve(url: str, port: int, uploads: Path) -> subprocess.Popen[bytes]:
    environment = {**os.environ, "COUNTERPOINT_TOKEN": TOKEN}
    command = [sys.executable, "-m", "counterpoint", "serve", "--db", url, "--port", str(port)]
    server = subprocess.Popen([*command, "--uploads", str(uploads)], env=environment)
    for _ in range(600):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/stories?limit=1").status_code == 200:
                return server
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    server.terminate()
    raise SystemExit("counterpoint serve did not answer")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="PostgreSQL URL (emptied and rebuilt)")
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--readers", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    built = build(args.db, args.articles)
    print(json.dumps(built), flush=True)
    paths = read_paths(args.db, random.Random(7), 20_000)
    uploads = Path(f"/tmp/counterpoint-load-uploads-{os.getpid()}")
    server = serve(args.db, args.port, uploads)
    load_before = os.getloadavg()
    try:
        measured = asyncio.run(
            load(f"http://127.0.0.1:{args.port}", paths, args.readers, args.seconds)
        )
    finally:
        load_after = os.getloadavg()
        server.terminate()
        server.wait(30)
    errors = measured["read_errors"] + measured["writes"]["errors"] + measured["writes"]["failed"]
    result = {
        "articles": args.articles,
        "backend": "postgresql",
        "readers": args.readers,
        "seconds": args.seconds,
        "cpus": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in load_before],
        "load_average_after": [round(x, 2) for x in load_after],
        **built,
        "read": measured,
        "load_errors": errors,
        "load_p99_ms": measured["p99_ms"],
    }
    print(json.dumps(result, indent=1))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(result, indent=1) + "\n")
    # only this benchmark's keys: the rest of scale.json is bench/scale.py's
    scale_path = RESULTS / "scale.json"
    scale = json.loads(scale_path.read_text()) if scale_path.exists() else {}
    scale.update(load_errors=errors, load_p99_ms=measured["p99_ms"])
    scale_path.write_text(json.dumps(scale, indent=2) + "\n")


if __name__ == "__main__":
    main()
