"""Web app and API latency on a synthetic 10,000-article database.

Builds the database from ``synthetic_link.generate`` (annotated articles with planted
duplicates, storylines and conflicts), links and compares them as the pipeline does (synthetic
topic vectors instead of an embedder), stores everything, then times requests through the app
in process (FastAPI's test client: routing, store reads, rendering; no network): every page
kind and API listing, over a random sample of stories and articles. Writes p50/p95/max in ms to
bench/results/app.json; the target is a story page p95 of at most 300 ms.

    python bench/app.py [--articles 10000] [--db URL-or-file] [--requests 200]
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import tempfile
import time
from pathlib import Path

from fastapi.testclient import TestClient

from counterpoint.compare import compare
from counterpoint.link import link
from counterpoint.present.app import create_app
from counterpoint.store import Store
from synthetic_link import generate

RESULTS = Path(__file__).parent / "results" / "app.json"
STORY_PAGE_P95_TARGET_MS = 300.0


def build(store: Store, n: int) -> dict[str, float]:
    t0 = time.perf_counter()
    articles, _planted, vectors = generate(n)
    linked = link(articles, embeddings=vectors)
    compared = compare(articles, linked)
    analysed = time.perf_counter() - t0
    t0 = time.perf_counter()
    for article in articles:
        store.save_article(article)
    store.save_links(
        linked.stories, linked.duplicates, compared.claims, compared.conflicts, compared.timeline
    )
    return {
        "generate_link_compare_s": round(analysed, 1),
        "store_s": round(time.perf_counter() - t0, 1),
    }


def timed(client: TestClient, paths: list[str]) -> dict[str, float]:
    client.get(paths[0])  # first request pays for template compilation
    took = []
    for path in paths:
        t0 = time.perf_counter()
        response = client.get(path)
        took.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    took.sort()
    return {
        "requests": len(took),
        "p50_ms": round(statistics.median(took), 1),
        "p95_ms": round(took[int(0.95 * (len(took) - 1))], 1),
        "max_ms": round(took[-1], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--db", help="database to build (default: a temporary SQLite file)")
    parser.add_argument("--requests", type=int, default=200, help="requests per kind")
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="counterpoint-bench-app-"))
    target = args.db or str(folder / "app.db")
    store = Store(target)
    built = build(store, args.articles)
    rng = random.Random(7)
    stories = [s.id for s in store.stories()]
    with_conflicts = [
        c.story_id for c in store.result_page("conflicts", 100, 0).items if c.story_id
    ]
    article_ids = [a.id for a in store.article_page(100, rng.randrange(args.articles - 100)).items]
    words = ["strike", "flood", "election", "earthquake", "protest", "wildfire", "summit"]
    client = TestClient(create_app(store, token=None, uploads=folder / "uploads"))
    n = args.requests
    kinds = {
        "story_page": [f"/stories/{rng.choice(stories)}" for _ in range(n)],
        "story_page_with_conflicts": [
            f"/stories/{rng.choice(with_conflicts or stories)}" for _ in range(n)
        ],
        "story_list": [f"/?page={rng.randrange(1, 20)}" for _ in range(n)],
        "story_list_search": [f"/?q={rng.choice(words)}+{rng.choice(words)}" for _ in range(n)],
        "story_list_filtered": ["/?conflicts=1&since=2024-02-01"] * n,
        "article_page": [f"/articles/{rng.choice(article_ids)}" for _ in range(n)],
        "api_story": [f"/api/stories/{rng.choice(stories)}" for _ in range(n)],
        "api_stories": [f"/api/stories?offset={rng.randrange(200)}" for _ in range(n)],
        "api_articles": [f"/api/articles?offset={rng.randrange(5000)}" for _ in range(n)],
        "api_conflicts": [f"/api/conflicts?offset={rng.randrange(100)}" for _ in range(n)],
        "api_quotes": [f"/api/quotes?offset={rng.randrange(1000)}" for _ in range(n)],
        "api_entities": [f"/api/entities?offset={rng.randrange(5000)}" for _ in range(n)],
        "api_search": [f"/api/search?q={rng.choice(words)}" for _ in range(n)],
    }
    latency = {kind: timed(client, paths) for kind, paths in kinds.items()}
    result = {
        "articles": args.articles,
        "backend": store.engine.dialect.name,
        "stories": len(stories),
        "conflicts": store.result_page("conflicts", 1, 0).total,
        **built,
        "latency": latency,
        "story_page_p95_target_ms": STORY_PAGE_P95_TARGET_MS,
        "story_page_p95_met": latency["story_page"]["p95_ms"] <= STORY_PAGE_P95_TARGET_MS
        and latency["story_page_with_conflicts"]["p95_ms"] <= STORY_PAGE_P95_TARGET_MS,
    }
    store.close()
    print(json.dumps(result, indent=1))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
