"""The ``watch`` loop over feeds and folders, with a fake pipeline: what each poll fetches and
hands on, what it remembers, and what it tries again."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from counterpoint.cli import main
from counterpoint.ingest.fetch import Fetcher, FetchPolicy
from counterpoint.model import Problem, RawDocument
from counterpoint.run.pipeline import RunStats
from counterpoint.run.watch import PollStats, Watcher, input_files, watch
from counterpoint.store import Store

from .test_watch_fetch import FakeClock, Server

FEED = "https://news.example/rss"
PAGE = "<html><body><h1>{0}</h1><p>{0}: the port reopened on Tuesday, officials said.</p></body>"


def _rss(*items: tuple[str, str | None]) -> str:
    """An RSS feed of (guid, link) items; an item without a link carries its own text."""
    body = "".join(
        f'<item><guid isPermaLink="false">{guid}</guid><title>Story {guid}</title>'
        + (f"<link>{link}</link><description>Short.</description>" if link else "")
        + ("" if link else f"<description>Full text of {guid}, said the mayor.</description>")
        + "</item>"
        for guid, link in items
    )
    channel = f"<channel><title>News</title>{body}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'


class Feed:
    """A feed answering 304 to its own ETag."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.version = 1

    def __call__(self, request: httpx.Request) -> httpx.Response:
        etag = f'"v{self.version}"'
        if request.headers.get("if-none-match") == etag:
            return httpx.Response(304, headers={"etag": etag})
        return httpx.Response(200, text=self.text, headers={"etag": etag})

    def change(self, text: str) -> None:
        self.text = text
        self.version += 1


def _page(title: str) -> httpx.Response:
    return httpx.Response(200, text=PAGE.format(title), headers={"content-type": "text/html"})


class FakePipeline:
    """Takes the documents as the pipeline would, keeps them, stores nothing."""

    def __init__(self) -> None:
        self.runs: list[list[RawDocument | Problem]] = []

    def __call__(self, documents: Iterable[RawDocument | Problem]) -> RunStats:
        taken = list(documents)
        self.runs.append(taken)
        problems = [item for item in taken if isinstance(item, Problem)]
        return RunStats(documents=len(taken) - len(problems), problems=problems)

    def sources(self, run: int = -1) -> list[str]:
        return [item.source for item in self.runs[run] if isinstance(item, RawDocument)]


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(str(tmp_path / "watch.db"))


def _watcher(
    store: Store,
    server: Server,
    sources: list[str],
    pipeline: FakePipeline,
    clock: FakeClock | None = None,
) -> Watcher:
    fetcher = Fetcher(
        FetchPolicy(host_interval=0.0),
        transport=httpx.MockTransport(server),
        resolver=lambda host, port: ["93.184.216.34"],
        clock=clock or FakeClock(),
    )
    return Watcher(store, sources, fetcher, analyse=pipeline)


def test_new_items_are_fetched_once_and_a_quiet_feed_costs_one_304(store: Store) -> None:
    feed = Feed(
        _rss(
            ("g1", "https://news.example/a"),
            ("g2", "/b"),  # relative to the feed
            ("g3", None),  # the feed carries the article itself
            ("g4", "https://news.example/private/c"),  # robots.txt keeps it out
            ("g5", "https://news.example/gone"),  # 404
        )
    )
    server = Server(
        {"news.example/rss": feed, "news.example/a": _page("A"), "news.example/b": _page("B")},
        robots="User-agent: *\nDisallow: /private/\n",
    )
    pipeline = FakePipeline()
    watcher = _watcher(store, server, [FEED], pipeline)

    first = watcher.poll()
    assert pipeline.sources() == [FEED, "https://news.example/a", "https://news.example/b"]
    feed_item, page_a, _page_b = pipeline.runs[0][:3]
    assert isinstance(feed_item, RawDocument) and feed_item.given["id"] == "g3"
    assert isinstance(page_a, RawDocument)
    assert page_a.given == {
        "id": "g1",
        "url": "https://news.example/a",
        "title": "Story g1",
    }  # the feed's title for its outlet is left to the page
    assert sorted(p.message.split(" (")[0] for p in first.problems) == [
        "HTTP 404 Not Found",
        "robots.txt of https://news.example disallows it for counterpoint",
    ]
    assert (first.new_items, first.pages, first.feeds_unchanged) == (5, 2, 0)

    again = watcher.poll()
    assert (again.feeds_unchanged, again.new_items, again.run, again.problems) == (1, 0, None, [])
    assert len(pipeline.runs) == 1
    assert server.asked[-1] == "news.example/rss"
    assert server.requests[-1].headers["if-none-match"] == '"v1"'

    feed.change(_rss(("g1", "https://news.example/a"), ("g6", "https://news.example/d")))
    server.routes["news.example/d"] = _page("D")
    watcher.poll()
    assert pipeline.sources() == ["https://news.example/d"]


def test_a_guid_that_is_no_url_is_not_taken_for_a_page(store: Store) -> None:
    # no isPermaLink="false": feedparser gives the guid as the item's link
    rss = _rss(("cw-2025-17", None)).replace(' isPermaLink="false"', "")
    server = Server({"news.example/rss": Feed(rss)})
    pipeline = FakePipeline()
    _watcher(store, server, [FEED], pipeline).poll()
    assert pipeline.sources() == [FEED]
    assert server.asked == ["news.example/robots.txt", "news.example/rss"]


def test_a_restart_remembers_what_was_taken_in(store: Store, tmp_path: Path) -> None:
    feed = Feed(_rss(("g1", "https://news.example/a")))
    server = Server({"news.example/rss": feed, "news.example/a": _page("A")})
    _watcher(store, server, [FEED], FakePipeline()).poll()
    feed.change(_rss(("g1", "https://news.example/a"), ("g2", None)))  # validators now stale
    reopened = Store(str(tmp_path / "watch.db"))
    pipeline = FakePipeline()
    _watcher(reopened, server, [FEED], pipeline).poll()
    assert [item.given["id"] for item in pipeline.runs[0] if isinstance(item, RawDocument)] == [
        "g2"
    ]
    assert server.asked.count("news.example/a") == 1


def test_a_page_that_may_come_back_is_tried_again_and_its_feed_read_whole(store: Store) -> None:
    answers = iter([httpx.Response(503), _page("B")])
    server = Server(
        {
            "news.example/rss": Feed(_rss(("g1", "https://news.example/a"), ("g2", "/b"))),
            "news.example/a": _page("A"),
            "news.example/b": lambda _request: next(answers),
        }
    )
    pipeline, clock = FakePipeline(), FakeClock()
    watcher = _watcher(store, server, [FEED], pipeline, clock)
    first = watcher.poll()
    assert [p.message for p in first.problems] == ["HTTP 503 Service Unavailable"]
    clock.now += 61  # the pause a 503 without Retry-After asks for is over
    second = watcher.poll()
    assert "if-none-match" not in server.requests[-2].headers  # the feed was asked whole
    assert pipeline.sources() == ["https://news.example/b"]
    assert (second.new_items, second.problems) == (1, [])
    assert watcher.poll().feeds_unchanged == 1


def test_an_item_in_two_feeds_is_taken_once(store: Store) -> None:
    both = _rss(("shared", "https://news.example/a"), ("own-text", None))
    server = Server(
        {
            "news.example/rss": Feed(both),
            "news.example/world.rss": Feed(both),
            "news.example/a": _page("A"),
        }
    )
    pipeline = FakePipeline()
    _watcher(store, server, [FEED, "https://news.example/world.rss"], pipeline).poll()
    assert pipeline.sources() == [FEED, "https://news.example/a"]


def test_a_bad_feed_is_a_problem_and_the_others_go_on(store: Store) -> None:
    server = Server(
        {
            "news.example/broken.rss": httpx.Response(200, text="<html>not a feed</html>"),
            "news.example/rss": Feed(_rss(("g1", None))),
        }
    )
    pipeline = FakePipeline()
    sources = ["https://news.example/missing.rss", "https://news.example/broken.rss", FEED]
    stats = _watcher(store, server, sources, pipeline).poll()
    assert [str(p).split(" (")[0] for p in stats.problems] == [
        "https://news.example/missing.rss: fetch: HTTP 404 Not Found",
        "https://news.example/broken.rss: ingest: not a readable RSS or Atom feed",
    ]
    assert pipeline.sources() == [FEED]
    assert {p.source for p in store.problems()} == {
        "https://news.example/missing.rss",
        "https://news.example/broken.rss",
    }


def test_pages_take_the_hosts_in_turn(store: Store) -> None:
    links = [("a1", "https://a.example/1"), ("a2", "https://a.example/2")]
    links += [("b1", "https://b.example/1"), ("b2", "https://b.example/2")]
    routes = {f"{link[8:]}": _page(guid) for guid, link in links}
    server = Server({"news.example/rss": Feed(_rss(*links)), **routes})
    pipeline = FakePipeline()
    _watcher(store, server, [FEED], pipeline).poll()
    assert pipeline.sources() == [link for _guid, link in (links[0], links[2], links[1], links[3])]


def test_problems_alone_are_stored_without_running_the_pipeline(store: Store) -> None:
    pipeline = FakePipeline()
    stats = _watcher(store, Server({}), [FEED], pipeline).poll()
    assert pipeline.runs == [] and stats.run is None
    assert [p.source for p in store.problems()] == [FEED]


# --- folders ---------------------------------------------------------------------------------


def test_a_folder_hands_on_new_and_changed_files_only(store: Store, tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    (drop / "day2").mkdir(parents=True)
    (drop / "a.txt").write_text("Bridge closed\n\nThe bridge closed at noon, police said.")
    (drop / "day2" / "b.html").write_text(PAGE.format("B"))
    (drop / "README.md").write_text("notes")
    (drop / ".partial.txt").write_text("half a file")
    pipeline = FakePipeline()
    watcher = _watcher(store, Server({}), [str(drop)], pipeline)

    watcher.poll()
    assert pipeline.sources() == [str(drop / "a.txt"), str(drop / "day2" / "b.html")]
    assert watcher.poll().run is None
    (drop / "a.txt").write_text("Bridge closed\n\nThe bridge closed at noon and reopened at six.")
    (drop / "c.txt").write_text("Ferry delayed\n\nThe ferry left two hours late on Friday.")
    watcher.poll()
    assert pipeline.sources() == [str(drop / "a.txt"), str(drop / "c.txt")]


def test_a_file_touched_without_change_is_read_again(store: Store, tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    article = drop / "a.txt"
    article.write_text("Bridge closed\n\nThe bridge closed at noon, police said.")
    pipeline = FakePipeline()
    watcher = _watcher(store, Server({}), [str(drop)], pipeline)
    watcher.poll()
    stat = article.stat()
    os.utime(article, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    watcher.poll()
    # read again: the pipeline, not the watcher, sees its bytes are unchanged and skips it
    assert len(pipeline.runs) == 2


def test_a_folder_is_the_same_however_it_is_named(
    store: Store, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "a.txt").write_text("Bridge closed\n\nThe bridge closed at noon, police said.")
    pipeline = FakePipeline()
    _watcher(store, Server({}), [str(drop)], pipeline).poll()
    monkeypatch.chdir(tmp_path)
    assert _watcher(store, Server({}), ["drop"], pipeline).poll().run is None
    assert len(pipeline.runs) == 1


def test_links_in_a_watched_folder_stay_inside_it(tmp_path: Path) -> None:
    drop = tmp_path / "drop"
    drop.mkdir()
    (drop / "a.txt").write_text("An article.")
    outside = tmp_path / "secret.txt"
    outside.write_text("not for analysis")
    (drop / "inside.txt").symlink_to(drop / "a.txt")
    (drop / "outside.txt").symlink_to(outside)
    found = list(input_files(drop))
    assert [f[0].name for f in found if isinstance(f, tuple)] == ["a.txt", "inside.txt"]
    (problem,) = [f for f in found if isinstance(f, Problem)]
    assert problem.message == f"link to {outside}, outside {drop.resolve()}: not read"


# --- the loop --------------------------------------------------------------------------------


def test_the_loop_polls_at_the_interval_and_stops_after_its_polls(store: Store) -> None:
    watcher = _watcher(store, Server({}), [], FakePipeline())
    reported: list[PollStats] = []
    slept: list[float] = []
    watch(watcher, 300.0, reported.append, polls=3, sleep=slept.append)
    assert len(reported) == 3
    assert len(slept) == 2 and all(299.0 < s <= 300.0 for s in slept)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("ftp://news.example/rss", "'ftp://news.example/rss': feeds are http(s) URLs"),
        ("nowhere", "'nowhere': neither a feed URL nor a folder"),
    ],
)
def test_the_command_takes_feed_urls_and_folders(tmp_path: Path, source: str, message: str) -> None:
    result = CliRunner().invoke(main, ["watch", source, "--db", str(tmp_path / "w.db"), "--once"])
    assert result.exit_code == 2
    assert message in result.output
    assert not (tmp_path / "w.db").exists()
