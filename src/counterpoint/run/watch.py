"""``counterpoint watch``: poll feeds and folders, take in what is new, analyse it into the store.

One poll

1. fetches each feed with a conditional GET (the validators stored from its last answer; a 304
   costs nothing more), and lists each watched folder's input files with size and mtime;
2. keeps what was not taken in before: a feed item (by guid, else link) absent from the store's
   seen items, a file whose size or mtime differs from the one seen;
3. fetches each new item's page (its link), the hosts taken in turn so that one host's pauses
   do not hold up the others; an item without a link is read from the feed's own content;
4. analyses the documents through the pipeline as they come (one run, then one relink, so
   stories keep their ids and grow), and only then marks the items seen and stores the feeds'
   validators: a watcher stopped midway fetches those items again, and the pipeline skips what
   it had stored.

A poll with nothing new analyses nothing and leaves the stories as they are. A page that fails
for a reason that may pass (a timeout, a 5xx, robots.txt unreadable) is tried again on the next
poll, and its feed's validators are not stored so that the feed is read whole again; one that
fails for good (disallowed by robots.txt, a 404, too large, a refused address) is a Problem
stored once, and the item counts as seen. Every bad feed, page or file is a Problem naming it;
the rest of the poll goes on.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from itertools import chain, zip_longest
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from counterpoint.ingest import read_file
from counterpoint.ingest.common import display_path, problem
from counterpoint.ingest.feeds import read_feed
from counterpoint.ingest.fetch import Fetched, Fetcher, FetchError, page_document
from counterpoint.ingest.sniff import EXTENSION_FORMATS, SNIFFED_EXTENSIONS, split_extension
from counterpoint.model import Problem, RawDocument
from counterpoint.run.executors import Executor
from counterpoint.run.pipeline import ProgressCallback, RunStats, analyze_documents
from counterpoint.settings import Settings
from counterpoint.store import Store

# Kinds of seen items in the store.
FEED_ITEM, FILE = "item", "file"


# Analyses a poll's documents into the store: the pipeline's analyze_documents, or a fake.
Analyse = Callable[[Iterable[RawDocument | Problem]], RunStats]


# An item whose feed gives neither text nor a web page to fetch.
NO_TEXT_NOR_PAGE = "feed item has no content or description, and no http(s) link to its page"


def is_http_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))


@dataclass(slots=True)
class PollStats:
    """What one poll did."""

    feeds: int = 0
    feeds_unchanged: int = 0  # answered 304
    folders: int = 0
    new_items: int = 0  # feed items and files not taken in before
    pages: int = 0  # pages fetched
    problems: list[Problem] = field(default_factory=list)
    run: RunStats | None = None  # the pipeline's, when there was anything to analyse


@dataclass(frozen=True, slots=True)
class _Page:
    """A new feed item whose article is the page it links to."""

    feed: str
    identity: str
    link: str
    given: dict[str, str]


@dataclass(slots=True)
class _Taken:
    """What a poll read, to be remembered once it is analysed."""

    seen: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    answers: dict[str, Fetched] = field(default_factory=dict)  # feed -> answer with validators
    incomplete: set[str] = field(default_factory=set)  # feeds with an item to try again
    offered: set[str] = field(default_factory=set)  # feed items met in this poll already

    def mark(self, kind: str, source: str, item: str, state: str = "") -> None:
        self.seen.setdefault((kind, source), {})[item] = state


class Watcher:
    """Polls ``sources`` (feed URLs and folders) into ``store``, one :meth:`poll` at a time."""

    def __init__(
        self,
        store: Store,
        sources: Sequence[str],
        fetcher: Fetcher,
        settings: Settings | None = None,
        executor: Executor | None = None,
        progress: ProgressCallback | None = None,
        analyse: Analyse | None = None,
    ) -> None:
        self.store = store
        self.feeds = [source for source in sources if is_http_url(source)]
        # absolute, so the files seen are known as the same from any working directory
        self.folders = [Path(os.path.abspath(s)) for s in sources if not is_http_url(s)]
        self.fetcher = fetcher
        self.settings = settings or Settings()
        self.progress = progress or (lambda _event, _item: None)
        self.analyse = analyse or partial(
            analyze_documents,
            store,
            executor=executor,
            settings=self.settings,
            progress=self.progress,
        )

    def poll(self) -> PollStats:
        stats = PollStats(feeds=len(self.feeds), folders=len(self.folders))
        taken = _Taken()
        documents = self._documents(stats, taken)
        for item in documents:
            if isinstance(item, RawDocument):
                stats.run = self.analyse(chain([item], documents))
                stats.problems.extend(stats.run.problems)
                break
            # problems before the first document: stored here, as there is nothing to analyse
            self.store.save_problem(item)
            stats.problems.append(item)
            self.progress("document", item)
        self._remember(taken)
        return stats

    def _remember(self, taken: _Taken) -> None:
        for (kind, source), states in taken.seen.items():
            self.store.mark_seen(kind, source, states)
        for feed, answer in taken.answers.items():
            if feed not in taken.incomplete:
                self.store.save_feed_validators(feed, answer.etag, answer.last_modified)

    def _documents(self, stats: PollStats, taken: _Taken) -> Iterator[RawDocument | Problem]:
        pages: list[_Page] = []
        for feed in self.feeds:
            yield from self._feed(feed, stats, taken, pages)
        for folder in self.folders:
            yield from self._folder(folder, stats, taken)
        for page in _hosts_in_turn(pages):
            yield self._page(page, stats, taken)

    def _feed(
        self, feed: str, stats: PollStats, taken: _Taken, pages: list[_Page]
    ) -> Iterator[RawDocument | Problem]:
        """The feed's new items without a link; those with one are added to ``pages``."""
        try:
            answer = self.fetcher.fetch(feed, *self.store.feed_validators(feed))
        except FetchError as error:
            yield error.problem()
            return
        if answer.not_modified:
            stats.feeds_unchanged += 1
            return
        taken.answers[feed] = answer
        read = read_feed(answer.content, feed, linked_pages=True)
        items = [_located(item, answer.url) for item in read]
        seen = self.store.seen(FEED_ITEM, [item[1] for item in items if isinstance(item, tuple)])
        for located in items:
            if isinstance(located, Problem):
                yield located
                continue
            item, identity, link = located
            if identity in seen or identity in taken.offered:
                continue
            taken.offered.add(identity)
            stats.new_items += 1
            if link is None:
                taken.mark(FEED_ITEM, feed, identity)
                yield item if item.content else problem(feed, NO_TEXT_NOR_PAGE, item.record_key)
                continue
            # the page's own name for its outlet wins over the feed's title
            given = {k: v for k, v in item.given.items() if k != "outlet"}
            pages.append(_Page(feed, identity, link, {**given, "id": identity}))

    def _page(self, page: _Page, stats: PollStats, taken: _Taken) -> RawDocument | Problem:
        try:
            answer = self.fetcher.fetch(page.link)
        except FetchError as error:
            if error.transient:
                taken.incomplete.add(page.feed)
            else:
                taken.mark(FEED_ITEM, page.feed, page.identity)
            return error.problem()
        stats.pages += 1
        taken.mark(FEED_ITEM, page.feed, page.identity)
        return page_document(answer, page.link, page.given)

    def _folder(
        self, folder: Path, stats: PollStats, taken: _Taken
    ) -> Iterator[RawDocument | Problem]:
        files = list(input_files(folder))
        states = {str(f[0]): f[1] for f in files if not isinstance(f, Problem)}
        seen = self.store.seen(FILE, states)
        limit = self.settings.max_document_mb * 1_000_000
        for found in files:
            if isinstance(found, Problem):
                yield found
                continue
            path, state = found
            if seen.get(str(path)) == state:
                continue
            stats.new_items += 1
            taken.mark(FILE, str(folder), str(path), state)
            yield from read_file(path, limit)


def input_files(folder: Path) -> Iterator[tuple[Path, str] | Problem]:
    """A watched folder's input files, each with its size and mtime as one state, found as
    ``analyze`` finds them: recursively in name order, hidden files and folders and files of no
    input format skipped, links followed only to files inside the folder."""
    yield from _walk(folder, folder.resolve())


def _walk(folder: Path, root: Path) -> Iterator[tuple[Path, str] | Problem]:
    try:
        with os.scandir(folder) as scan:
            entries = sorted(scan, key=lambda entry: entry.name)
    except OSError as error:
        yield problem(display_path(folder), f"cannot read the folder ({error.strerror or error})")
        return
    for entry in entries:
        path = Path(entry.path)
        if entry.name.startswith("."):
            continue
        if entry.is_dir(follow_symlinks=False):
            yield from _walk(path, root)
            continue
        if not _is_input_name(entry.name):
            continue
        if entry.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(root) or not target.is_file():
                shown = display_path(target)
                yield problem(display_path(path), f"link to {shown}, outside {root}: not read")
                continue
        elif not entry.is_file(follow_symlinks=False):
            continue
        try:
            stat = path.stat()
        except OSError as error:
            yield problem(display_path(path), f"cannot read the file ({error.strerror or error})")
            continue
        yield path, f"{stat.st_size}:{stat.st_mtime_ns}"


def _located(
    item: RawDocument | Problem, feed_url: str
) -> tuple[RawDocument, str, str | None] | Problem:
    """A feed item with its identity (guid, else link, else content) and the URL of its page,
    if it links to one over http(s): absolute, or from the feed's host root. feedparser takes an
    RSS guid for the link when there is none, and a guid such as "cw-2025-17" is no page."""
    if isinstance(item, Problem):
        return item
    given = item.given.get("url", "")
    link = urljoin(feed_url, given) if is_http_url(given) or given.startswith("/") else None
    if link is not None and not is_http_url(link):
        link = None
    return item, item.given.get("id") or link or item.id, link


def _is_input_name(name: str) -> bool:
    extension, _compressed = split_extension(name)
    return extension in EXTENSION_FORMATS or extension in SNIFFED_EXTENSIONS


def _hosts_in_turn(pages: list[_Page]) -> Iterator[_Page]:
    """``pages`` one host after another, round after round, each host's in feed order."""
    by_host: dict[str, list[_Page]] = {}
    for page in pages:
        by_host.setdefault(urlsplit(page.link).hostname or "", []).append(page)
    for turn in zip_longest(*by_host.values()):
        yield from (page for page in turn if page is not None)


def watch(
    watcher: Watcher,
    interval: float,
    report: Callable[[PollStats], None],
    polls: int | None = None,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Poll every ``interval`` seconds (from the start of one poll to the next), ``polls``
    times or until interrupted, handing each poll's stats to ``report``."""
    done = 0
    while polls is None or done < polls:
        started = time.monotonic()
        report(watcher.poll())
        done += 1
        if polls is None or done < polls:
            sleep(max(0.0, interval - (time.monotonic() - started)))
