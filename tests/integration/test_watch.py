"""`counterpoint watch` end to end: an RSS feed, an Atom feed, pages, a robots.txt and a redirect
served on 127.0.0.1 from a thread, polled with private addresses explicitly allowed; the
sample corpus's pages are the articles."""

from __future__ import annotations

import shutil
import signal
import ssl
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest
from click.testing import Result

from counterpoint.ingest.fetch import Fetcher, FetchError, FetchPolicy
from counterpoint.store import Store

from ..unit.test_cli import _invoke

CORPUS = Path(__file__).resolve().parents[2] / "examples" / "corpus"
PAGES = {
    "/news/belmora-treaty-reaction": "belmora-today-treaty-reaction.html",
    "/news/belmora-wire-copy": "belmora-today-treaty-wire-copy.html",
    "/news/riverside-dam": "riverside-observer-dam-vote.html",
    "/news/radio-fire-day1": "radio-dravik-fire-day1.html",
    "/news/radio-fire-day2": "radio-dravik-fire-day2.html",
}
RSS_ITEMS = [
    ("rd-treaty-reaction", "/news/belmora-treaty-reaction", "Thu, 06 Mar 2025 08:45:00 GMT"),
    ("ro-dam", "/old/riverside-dam", "Wed, 05 Mar 2025 09:20:00 GMT"),  # redirected
    ("rd-fire-1", "/news/radio-fire-day1", "Wed, 05 Mar 2025 13:10:00 GMT"),
    ("memo", "/private/memo", "Wed, 05 Mar 2025 15:00:00 GMT"),  # robots.txt keeps it out
]
ADDED_ITEM = ("rd-fire-2", "/news/radio-fire-day2", "Thu, 06 Mar 2025 11:30:00 GMT")
ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Belmora Today</title><id>urn:belmora-today</id><updated>2025-03-05T07:00:00Z</updated>
  <entry>
    <title>Norvenia ratifies the Tarsa treaty</title><id>urn:bt:wire-copy</id>
    <link href="{base}/news/belmora-wire-copy"/><updated>2025-03-05T07:00:00Z</updated>
    <summary>The dam treaty passed.</summary>
  </entry>
</feed>
"""
ROBOTS = "User-agent: *\nDisallow: /private/\n"
ATOM_MODIFIED = "Wed, 05 Mar 2025 07:00:00 GMT"


def _rss(items: list[tuple[str, str, str]], bare: frozenset[str] = frozenset()) -> str:
    """An RSS feed of ``items``; those whose guid is in ``bare`` carry a link and nothing else."""
    body = "".join(
        f'<item><guid isPermaLink="false">{guid}</guid><link>{path}</link>'
        f"<pubDate>{date}</pubDate>"
        f"{'' if guid in bare else '<description>Read more.</description>'}</item>"
        for guid, path, date in items
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Norvenia news</title>'
        f"<link>/</link>{body}</channel></rss>"
    )


@dataclass
class Site:
    """What the server serves, and a log of (path, status) it answered."""

    rss: str = ""
    rss_version: int = 1
    base: str = ""
    log: list[tuple[str, int]] = field(default_factory=list)

    def answer(self, path: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        if path == "/robots.txt":
            return 200, {"Content-Type": "text/plain"}, ROBOTS.encode()
        if path == "/rss.xml":
            etag = f'"rss-{self.rss_version}"'
            if headers.get("if-none-match") == etag:
                return 304, {"ETag": etag}, b""
            rss = self.rss.replace("<link>/", f"<link>{self.base}/")
            return 200, {"ETag": etag, "Content-Type": "application/rss+xml"}, rss.encode()
        if path == "/atom.xml":
            if headers.get("if-modified-since") == ATOM_MODIFIED:
                return 304, {}, b""
            atom = ATOM.format(base=self.base).encode()
            return (
                200,
                {"Last-Modified": ATOM_MODIFIED, "Content-Type": "application/atom+xml"},
                atom,
            )
        if path == "/old/riverside-dam":
            return 301, {"Location": "/news/riverside-dam"}, b""
        if path in PAGES:
            page = (CORPUS / PAGES[path]).read_bytes()
            return 200, {"Content-Type": "text/html; charset=utf-8"}, page
        return 404, {"Content-Type": "text/plain"}, b"not here"


@pytest.fixture
def site() -> Iterator[Site]:
    served = Site(rss=_rss(RSS_ITEMS))

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            headers = {name.lower(): value for name, value in self.headers.items()}
            status, answer_headers, body = served.answer(self.path, headers)
            served.log.append((self.path, status))
            self.send_response(status)
            for name, value in {**answer_headers, "Content-Length": str(len(body))}.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    served.base = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield served
    server.shutdown()
    server.server_close()


def _watch(site: Site, db: Path, *more: str) -> Result:
    feeds = [f"{site.base}/rss.xml", f"{site.base}/atom.xml"]
    return _invoke("watch", *feeds, "--db", str(db), "--once", "--host-interval", "0", *more)


def _stories(db: Path) -> dict[str, set[str]]:
    store = Store(str(db))
    try:
        return {story.id: set(story.article_ids) for story in store.stories()}
    finally:
        store.close()


def test_watch_takes_in_new_items_once_and_keeps_story_ids(site: Site, tmp_path: Path) -> None:
    db = tmp_path / "watch.db"
    first = _watch(site, db, "--allow-private")
    output = first.output.replace("\n", "")
    assert first.exit_code == 1, first.output  # the robots.txt refusal is a problem
    assert f"{site.base}/private/memo: fetch: robots.txt of {site.base} disallows it" in output
    assert ("/old/riverside-dam", 301) in site.log and ("/news/riverside-dam", 200) in site.log
    assert ("/private/memo", 200) not in site.log
    store = Store(str(db))
    articles = store.articles()
    store.close()
    urls = {article.url for article in articles}
    assert urls == {
        f"{site.base}{path}"
        for path in (
            "/news/belmora-treaty-reaction",
            "/news/riverside-dam",  # where the redirect led
            "/news/radio-fire-day1",
            "/news/belmora-wire-copy",
        )
    }
    stories = _stories(db)
    assert stories

    site.log.clear()
    again = _watch(site, db, "--allow-private")
    assert again.exit_code == 0, again.output
    assert sorted(site.log) == [("/atom.xml", 304), ("/robots.txt", 200), ("/rss.xml", 304)]
    assert _stories(db) == stories

    site.log.clear()
    # The new item is a bare link: its page is fetched all the same.
    site.rss = _rss([*RSS_ITEMS, ADDED_ITEM], bare=frozenset({ADDED_ITEM[0]}))
    site.rss_version += 1
    third = _watch(site, db, "--allow-private")
    assert third.exit_code == 0, third.output
    fetched = [path for path, _status in site.log if path.startswith(("/news", "/old"))]
    assert fetched == ["/news/radio-fire-day2"]
    after = _stories(db)
    assert all(members <= after[story_id] for story_id, members in stories.items()), after
    store = Store(str(db))
    by_url = {article.url: article.id for article in store.articles()}
    store.close()
    day1, day2 = (
        by_url[f"{site.base}/news/radio-fire-day1"],
        by_url[f"{site.base}/news/radio-fire-day2"],
    )
    # day 2 joins day 1's story, or a storyline over it when the texts date them apart
    fire = [story_id for story_id, members in after.items() if day1 in members]
    assert any(day2 in after[story_id] for story_id in fire)
    assert any(story_id in stories for story_id in fire)


def test_without_allow_private_a_loopback_feed_is_refused(site: Site, tmp_path: Path) -> None:
    result = _watch(site, tmp_path / "watch.db")
    output = " ".join(result.output.split())
    assert result.exit_code == 1, result.output
    assert (
        f"{site.base}/rss.xml: fetch: refused: 127.0.0.1 is a loopback address; private, "
        "loopback and link-local addresses are fetched only with --allow-private"
    ) in output
    assert site.log == []


def _tls_server(folder: Path) -> tuple[ThreadingHTTPServer, Path]:
    """An HTTPS server on 127.0.0.1 whose certificate names only ``news.test``."""
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(
        [
            *("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-keyout", str(key), "-out", str(cert), "-subj", "/CN=news.test"),
            *("-addext", "subjectAltName=DNS:news.test"),
        ],
        check=True,
        capture_output=True,
    )

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body = f"host {self.headers['Host']}".encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *_args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, cert


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs the openssl command")
def test_tls_goes_to_the_checked_address_and_is_verified_for_the_host_name(
    tmp_path: Path,
) -> None:
    server, cert = _tls_server(tmp_path)
    port = server.server_address[1]
    fetcher = Fetcher(
        FetchPolicy(allow_private=True, host_interval=0.0),
        transport=httpx.HTTPTransport(verify=ssl.create_default_context(cafile=str(cert))),
        resolver=lambda _host, _port: ["127.0.0.1"],
    )
    try:
        answer = fetcher.fetch(f"https://news.test:{port}/a")
        assert answer.content == f"host news.test:{port}".encode()
        # the same address under a name its certificate does not carry
        with pytest.raises(FetchError, match="Hostname mismatch"):
            fetcher.fetch(f"https://other.test:{port}/b")
    finally:
        fetcher.close()
        server.shutdown()
        server.server_close()


def test_sigterm_stops_the_watcher_cleanly(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "note.txt").write_text(
        "Dravik council votes to repair the dam\n\n"
        "The Dravik town council voted 9 to 2 on Tuesday to repair the Riverside dam before "
        "the spring floods, Mayor Henrik Olm said after the meeting.\n\n"
        "Work is due to start in April and will cost 4.2 million kroner, the council said.\n"
    )
    db = tmp_path / "watch.db"
    command = [sys.executable, "-m", "counterpoint", "watch", str(inbox), "--db", str(db)]
    watcher = subprocess.Popen(
        [*command, "--interval", "3600"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert watcher.stdout is not None
    # The first poll's line says the folder was read; then the watcher sleeps.
    first = watcher.stdout.readline()
    assert "UTC:" in first, first
    watcher.send_signal(signal.SIGTERM)
    output = watcher.communicate(timeout=60)[0]
    assert watcher.returncode == 0, output
    assert "Stopped." in output
    assert len(Store(str(db)).articles()) == 1, (first, output)
