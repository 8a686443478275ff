"""The polite, guarded HTTP client of ``watch``: address policy, robots.txt, pauses between
requests (on a fake clock), conditional GET, size caps, redirects, timeouts; all on
:class:`httpx.MockTransport` with a fixed table of host names."""

from __future__ import annotations

import gzip
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any

import httpx
import pytest

from counterpoint.ingest.fetch import (
    USER_AGENT,
    Fetched,
    Fetcher,
    FetchError,
    FetchPolicy,
    address_refusal,
    page_document,
)
from counterpoint.model import RawDocument

NAMES = {
    "news.example": ["93.184.216.34"],
    "wire.example": ["151.101.1.69"],
    "mixed.example": ["93.184.216.35", "10.0.0.5"],
    "intranet.example": ["10.20.30.40"],
    "v6.example": ["2606:4700:4700::1111"],
}
PAGE = b"<html><body><p>The harbour authority said on Monday that repairs would start.</p></body>"


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += seconds


def _resolver(host: str, port: int) -> list[str]:
    if host not in NAMES:
        raise OSError(f"unknown host {host}")
    return NAMES[host]


Handler = Callable[[httpx.Request], httpx.Response]


class Server:
    """Routes by the Host header (the connection itself goes to an address) and records
    every request as ``host path``."""

    def __init__(self, routes: dict[str, Handler | httpx.Response], robots: str = "") -> None:
        self.routes = routes
        self.robots = robots
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        answer = self._route(request)
        if not answer.is_stream_consumed:
            return answer
        # as a server sends it: a stream, which the fetcher reads piece by piece
        return httpx.Response(
            answer.status_code, headers=answer.headers, content=iter([answer.content])
        )

    def _route(self, request: httpx.Request) -> httpx.Response:
        key = f"{request.headers['host']}{request.url.raw_path.decode()}"
        if request.url.path == "/robots.txt" and key not in self.routes:
            return httpx.Response(200, text=self.robots)
        route = self.routes.get(key)
        if route is None:
            return httpx.Response(404)
        return route(request) if callable(route) else route

    @property
    def asked(self) -> list[str]:
        return [f"{r.headers['host']}{r.url.raw_path.decode()}" for r in self.requests]


def _fetcher(server: Server, clock: FakeClock | None = None, **policy: Any) -> Fetcher:
    return Fetcher(
        FetchPolicy(**{"host_interval": 0.0, **policy}),
        transport=httpx.MockTransport(server),
        resolver=_resolver,
        clock=clock or FakeClock(),
    )


def _html(body: bytes = PAGE, **headers: str) -> httpx.Response:
    return httpx.Response(200, content=body, headers={"content-type": "text/html", **headers})


# --- which addresses may be fetched -----------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "a loopback address"),
        ("::1", "a loopback address"),
        ("::ffff:127.0.0.1", "a loopback address"),  # IPv4-mapped
        ("2002:7f00:1::", "a loopback address"),  # 6to4 of 127.0.0.1
        ("10.1.2.3", "a private address"),
        ("192.168.0.10", "a private address"),
        ("64:ff9b::a01:203", "a private address"),  # NAT64 of 10.1.2.3
        ("fd12:3456::1", "a private address"),
        ("169.254.169.254", "a link-local address"),  # cloud metadata
        ("fe80::1%eth0", "a link-local address"),
        ("0.0.0.0", "an unspecified address"),
        ("224.0.0.251", "a multicast address"),
        ("100.64.0.1", "a non-public address"),  # carrier-grade NAT
        ("93.184.216.34", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_address_policy(address: str, kind: str | None) -> None:
    assert address_refusal(address) == kind


def test_a_host_with_any_private_address_is_refused_before_any_request() -> None:
    server = Server({"mixed.example/a": _html()})
    with _fetcher(server) as fetcher, pytest.raises(FetchError) as refused:
        fetcher.fetch("http://mixed.example/a")
    assert refused.value.message == (
        "refused: mixed.example (10.0.0.5) is a private address; private, loopback and "
        "link-local addresses are fetched only with --allow-private"
    )
    assert not refused.value.transient
    assert server.requests == []


@pytest.mark.parametrize("url", ["http://127.0.0.1:8080/feed", "http://[::1]/feed"])
def test_an_address_literal_is_checked_too(url: str) -> None:
    with _fetcher(Server({})) as fetcher, pytest.raises(FetchError, match="a loopback address"):
        fetcher.fetch(url)


def test_private_addresses_are_fetched_when_allowed() -> None:
    server = Server({"intranet.example/a": _html()})
    with _fetcher(server, allow_private=True) as fetcher:
        assert fetcher.fetch("http://intranet.example/a").content == PAGE


def test_the_connection_goes_to_the_checked_address_with_the_name_in_host() -> None:
    server = Server({"news.example/a": _html(), "v6.example/b": _html()})
    with _fetcher(server) as fetcher:
        fetcher.fetch("https://news.example/a")
        fetcher.fetch("http://v6.example/b")
    page = server.requests[-1]
    assert server.requests[1].url.host == "93.184.216.34"
    assert server.requests[1].extensions["sni_hostname"] == "news.example"
    assert page.url.host == "2606:4700:4700::1111" and page.headers["host"] == "v6.example"
    assert page.headers["user-agent"] == USER_AGENT
    assert USER_AGENT.startswith("counterpoint/")


def test_an_international_host_name_is_asked_for_in_ascii() -> None:
    resolved: list[str] = []

    def resolver(host: str, port: int) -> list[str]:
        resolved.append(host)
        return ["93.184.216.34"]

    server = Server({"xn--bcher-kva.example/a": _html()})
    fetcher = Fetcher(
        FetchPolicy(host_interval=0.0), transport=httpx.MockTransport(server), resolver=resolver
    )
    with fetcher:
        assert fetcher.fetch("http://bücher.example/a").content == PAGE
    assert set(resolved) == {"xn--bcher-kva.example"}


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://news.example/feed", "not an http(s) URL (scheme 'ftp')"),
        ("http:///feed", "no host in the URL"),
        ("http://news.example:99999/", "not a valid URL"),
        ("http://nowhere.example/", "cannot resolve nowhere.example"),
    ],
)
def test_urls_that_cannot_be_fetched_say_why(url: str, message: str) -> None:
    with _fetcher(Server({})) as fetcher, pytest.raises(FetchError) as refused:
        fetcher.fetch(url)
    assert refused.value.url == url
    assert refused.value.message.startswith(message)


# --- redirects --------------------------------------------------------------------------------


def _redirect(location: str, status: int = 301) -> httpx.Response:
    return httpx.Response(status, headers={"location": location})


def test_a_relative_redirect_is_followed_and_the_final_url_reported() -> None:
    server = Server({"news.example/old": _redirect("/new", 308), "news.example/new": _html()})
    with _fetcher(server) as fetcher:
        answer = fetcher.fetch("http://news.example/old")
    assert (answer.url, answer.content) == ("http://news.example/new", PAGE)


def test_a_redirect_to_a_private_host_is_refused_after_the_redirect() -> None:
    server = Server({"news.example/go": _redirect("http://intranet.example/admin", 302)})
    with _fetcher(server) as fetcher, pytest.raises(FetchError) as refused:
        fetcher.fetch("http://news.example/go")
    assert refused.value.url == "http://news.example/go"
    assert "intranet.example (10.20.30.40) is a private address" in refused.value.message
    assert "(redirected to http://intranet.example/admin)" in refused.value.message
    assert "intranet.example/admin" not in server.asked


def test_a_redirect_to_another_scheme_is_refused() -> None:
    server = Server({"news.example/go": _redirect("file:///etc/passwd")})
    with _fetcher(server) as fetcher, pytest.raises(FetchError, match="not an http"):
        fetcher.fetch("http://news.example/go")


def test_redirects_are_bounded() -> None:
    server = Server({"news.example/a": _redirect("/b"), "news.example/b": _redirect("/a")})
    with _fetcher(server, max_redirects=3) as fetcher, pytest.raises(FetchError) as refused:
        fetcher.fetch("http://news.example/a")
    assert refused.value.message.startswith("more than 3 redirects")
    assert server.asked.count("news.example/a") + server.asked.count("news.example/b") == 4


def test_a_redirect_without_location_is_a_problem() -> None:
    server = Server({"news.example/a": httpx.Response(302)})
    with _fetcher(server) as fetcher, pytest.raises(FetchError, match="without a Location"):
        fetcher.fetch("http://news.example/a")


# --- robots.txt -------------------------------------------------------------------------------

ROBOTS = "User-agent: *\nDisallow: /private/\n\nUser-agent: counterpoint\nDisallow: /drafts/\n"


def test_robots_txt_is_honoured_and_read_once_per_origin() -> None:
    server = Server({"news.example/a": _html(), "news.example/b": _html()}, robots=ROBOTS)
    with _fetcher(server) as fetcher:
        fetcher.fetch("http://news.example/a")
        fetcher.fetch("http://news.example/b")
        with pytest.raises(FetchError) as refused:
            fetcher.fetch("http://news.example/drafts/c")
    assert refused.value.message == (
        "robots.txt of http://news.example disallows it for counterpoint"
    )
    assert not refused.value.transient
    assert server.asked == ["news.example/robots.txt", "news.example/a", "news.example/b"]


def test_robots_txt_is_read_again_after_a_day() -> None:
    clock = FakeClock()
    server = Server({"news.example/a": _html()})
    with _fetcher(server, clock) as fetcher:
        fetcher.fetch("http://news.example/a")
        clock.now += 86_401
        fetcher.fetch("http://news.example/a")
    assert server.asked.count("news.example/robots.txt") == 2


@pytest.mark.parametrize(
    ("robots", "allowed"),
    [
        (httpx.Response(404), True),  # no robots.txt: no rule
        (httpx.Response(410), True),
        (httpx.Response(403), False),  # forbidden: keep out
        (httpx.Response(401), False),
    ],
)
def test_a_missing_or_forbidden_robots_txt(robots: httpx.Response, allowed: bool) -> None:
    server = Server({"news.example/robots.txt": robots, "news.example/a": _html()})
    with _fetcher(server) as fetcher:
        if allowed:
            assert fetcher.fetch("http://news.example/a").content == PAGE
        else:
            with pytest.raises(FetchError, match="disallows it"):
                fetcher.fetch("http://news.example/a")


def test_an_unreadable_robots_txt_allows_nothing_and_is_asked_again_later() -> None:
    clock = FakeClock()
    answers = iter([httpx.Response(500), httpx.Response(200, text="")])
    server = Server(
        {"news.example/robots.txt": lambda _r: next(answers), "news.example/a": _html()}
    )
    with _fetcher(server, clock, robots_retry_seconds=600) as fetcher:
        with pytest.raises(FetchError) as refused:
            fetcher.fetch("http://news.example/a")
        assert refused.value.transient
        assert refused.value.message == (
            "robots.txt of http://news.example could not be read (HTTP 500 Internal Server "
            "Error); nothing there is fetched until it can be"
        )
        with pytest.raises(FetchError):
            fetcher.fetch("http://news.example/a")  # not asked again yet
        clock.now += 601
        assert fetcher.fetch("http://news.example/a").content == PAGE
    assert server.asked == ["news.example/robots.txt", "news.example/robots.txt", "news.example/a"]


def test_robots_txt_is_cut_at_its_limit_and_the_rest_parsed() -> None:
    rules = "User-agent: *\nDisallow: /private/\n" + "# padding\n" * 1000 + "Disallow: /a\n"
    server = Server({"news.example/a": _html(), "news.example/private/b": _html()}, robots=rules)
    with _fetcher(server, max_robots_bytes=2000) as fetcher:
        assert fetcher.fetch("http://news.example/a").content == PAGE
        with pytest.raises(FetchError, match="disallows"):
            fetcher.fetch("http://news.example/private/b")


# --- pauses between requests --------------------------------------------------------------------


def test_requests_to_one_host_are_kept_apart_and_other_hosts_do_not_wait() -> None:
    clock = FakeClock()
    server = Server(
        {"news.example/a": _html(), "news.example/b": _html(), "wire.example/c": _html()}
    )
    times: list[float] = []
    with _fetcher(server, clock, host_interval=2.0) as fetcher:
        for url in ("http://news.example/a", "http://news.example/b", "http://wire.example/c"):
            fetcher.fetch(url)
            times.append(clock.now)
    # news.example: robots.txt at 1000, /a at 1002, /b at 1004; wire.example: at once
    assert clock.slept == [2.0, 2.0, 2.0]
    assert times == [1002.0, 1004.0, 1006.0]


def test_crawl_delay_lengthens_the_pause_up_to_its_cap() -> None:
    clock = FakeClock()
    server = Server(
        {"news.example/a": _html(), "news.example/b": _html()},
        robots="User-agent: *\nCrawl-delay: 5\n",
    )
    with _fetcher(server, clock, host_interval=1.0) as fetcher:
        fetcher.fetch("http://news.example/a")
        fetcher.fetch("http://news.example/b")
    assert clock.slept == [1.0, 5.0]  # robots.txt itself was asked at the plain pace
    server = Server({"news.example/a": _html()}, robots="User-agent: *\nCrawl-delay: 86400\n")
    clock = FakeClock()
    with _fetcher(server, clock, max_crawl_delay=30.0) as fetcher:
        fetcher.fetch("http://news.example/a")
        fetcher.fetch("http://news.example/a")
    assert clock.slept == [30.0]


def test_a_host_that_answers_429_is_left_alone_for_its_retry_after() -> None:
    clock = FakeClock()
    answers = iter([httpx.Response(429, headers={"retry-after": "120"}), _html()])
    server = Server({"news.example/a": lambda _r: next(answers)})
    with _fetcher(server, clock) as fetcher:
        with pytest.raises(FetchError) as busy:
            fetcher.fetch("http://news.example/a")
        assert busy.value.transient and busy.value.message == "HTTP 429 Too Many Requests"
        clock.now += 60
        with pytest.raises(FetchError, match=r"news.example asked for a pause \(60 s more\)"):
            fetcher.fetch("http://news.example/a")
        clock.now += 61
        assert fetcher.fetch("http://news.example/a").content == PAGE
    assert server.asked.count("news.example/a") == 2


# --- conditional GET --------------------------------------------------------------------------


def test_conditional_get_sends_the_validators_and_reports_304() -> None:
    def feed(request: httpx.Request) -> httpx.Response:
        if request.headers.get("if-none-match") == '"v1"':
            return httpx.Response(304, headers={"etag": '"v1"'})
        return httpx.Response(
            200,
            content=b"<rss/>",
            headers={"etag": '"v1"', "last-modified": "Tue, 04 Mar 2025 22:10:00 GMT"},
        )

    server = Server({"news.example/rss": feed})
    with _fetcher(server) as fetcher:
        first = fetcher.fetch("http://news.example/rss")
        again = fetcher.fetch("http://news.example/rss", first.etag, first.last_modified)
    assert (first.status, first.etag, first.last_modified) == (
        200,
        '"v1"',
        "Tue, 04 Mar 2025 22:10:00 GMT",
    )
    assert again.not_modified and again.content == b""
    sent = server.requests[-1].headers
    assert sent["if-none-match"] == '"v1"'
    assert sent["if-modified-since"] == "Tue, 04 Mar 2025 22:10:00 GMT"
    assert "if-none-match" not in server.requests[1].headers


# --- size caps, timeouts, failures ------------------------------------------------------------


def test_a_declared_length_over_the_cap_is_not_read() -> None:
    big = httpx.Response(200, content=b"x" * 5000, headers={"content-type": "text/html"})
    fetcher = _fetcher(Server({"news.example/a": big}), max_bytes=1000)
    with fetcher, pytest.raises(FetchError) as refused:
        fetcher.fetch("http://news.example/a")
    assert (
        refused.value.message
        == "larger than the 0.001 MB limit (Content-Length 0.005 MB); not read"
    )


def test_an_endless_body_is_read_only_up_to_the_cap() -> None:
    pulled = 0

    def endless() -> Iterator[bytes]:
        nonlocal pulled
        while True:
            pulled += 1
            yield b"<p>more words</p>" * 64

    stream = Server({"news.example/a": lambda _r: httpx.Response(200, content=endless())})
    with _fetcher(stream, max_bytes=10_000) as fetcher, pytest.raises(FetchError) as refused:
        fetcher.fetch("http://news.example/a")
    assert refused.value.message == "larger than the 0.01 MB limit; stopped reading at the limit"
    assert not refused.value.transient
    assert pulled <= 10


def _compressed(body: bytes, encoding: str = "gzip") -> httpx.Response:
    headers = {"content-type": "text/html", "content-encoding": encoding}
    return httpx.Response(200, content=iter([body]), headers=headers)


def test_a_compressed_page_is_inflated() -> None:
    server = Server({"news.example/a": _compressed(gzip.compress(PAGE))})
    with _fetcher(server) as fetcher:
        assert fetcher.fetch("http://news.example/a").content == PAGE


def test_a_compression_bomb_costs_no_more_than_the_cap() -> None:
    bomb = gzip.compress(b"\0" * 50_000_000, compresslevel=9)  # 50 MB in about 50 KB
    fetcher = _fetcher(Server({"news.example/a": _compressed(bomb)}), max_bytes=1_000_000)
    tracemalloc.start()
    with fetcher, pytest.raises(FetchError) as refused:
        fetcher.fetch("http://news.example/a")
    _size, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert refused.value.message == "larger than the 1 MB limit; stopped reading at the limit"
    assert peak < 3_000_000


@pytest.mark.parametrize(
    ("body", "encoding", "message"),
    [
        (b"\x1f\x8b\x08\x00 not gzip at all", "gzip", "damaged compressed answer"),
        (b"\x0b\x02\x80", "br", "unsupported content encoding 'br'"),
    ],
)
def test_a_body_that_cannot_be_inflated_is_a_problem(
    body: bytes, encoding: str, message: str
) -> None:
    fetcher = _fetcher(Server({"news.example/a": _compressed(body, encoding)}))
    with fetcher, pytest.raises(FetchError) as refused:
        fetcher.fetch("http://news.example/a")
    assert refused.value.message.startswith(message)
    assert not refused.value.transient


def test_an_answer_slower_than_the_total_time_is_given_up() -> None:
    clock = FakeClock()

    def slow() -> Iterator[bytes]:
        for _ in range(100):
            clock.now += 10  # each piece takes ten seconds to arrive
            yield b"<p>a trickle</p>"

    server = Server({"news.example/a": lambda _r: httpx.Response(200, content=slow())})
    with (
        _fetcher(server, clock, total_seconds=60.0) as fetcher,
        pytest.raises(FetchError) as slow_error,
    ):
        fetcher.fetch("http://news.example/a")
    assert slow_error.value.transient
    assert slow_error.value.message == "took longer than 60 s in all"


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (httpx.ReadTimeout("read timed out"), "timed out (no connection within 10 s or no data"),
        (httpx.ConnectError("connection refused"), "cannot connect (connection refused)"),
        (httpx.RemoteProtocolError("peer closed"), "the connection failed (RemoteProtocolError"),
    ],
)
def test_network_failures_are_transient(error: Exception, message: str) -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/robots.txt":
            return httpx.Response(404)
        raise error

    fetcher = _fetcher(Server({"news.example/a": fail, "news.example/robots.txt": fail}))
    with fetcher, pytest.raises(FetchError) as failed:
        fetcher.fetch("http://news.example/a")
    assert failed.value.transient
    assert failed.value.message.startswith(message)


@pytest.mark.parametrize(
    ("status", "transient"), [(404, False), (410, False), (500, True), (503, True)]
)
def test_error_statuses_say_whether_to_try_again(status: int, transient: bool) -> None:
    fetcher = _fetcher(Server({"news.example/a": httpx.Response(status)}))
    with fetcher, pytest.raises(FetchError) as failed:
        fetcher.fetch("http://news.example/a")
    assert failed.value.message.startswith(f"HTTP {status}")
    assert failed.value.transient is transient
    assert failed.value.problem().source == "http://news.example/a"
    assert failed.value.problem().stage == "fetch"


# --- fetched pages as documents ---------------------------------------------------------------


def _page(content: bytes, media_type: str, charset: str | None = None) -> Fetched:
    return Fetched("https://news.example/a", 200, content, media_type, charset, None, None)


def test_a_page_is_a_document_with_the_feed_fields_and_its_url() -> None:
    text = "<html><body><p>Le maire a déclaré que les travaux commenceraient.</p></body></html>"
    page = _page(text.encode("windows-1252"), "text/html", "windows-1252")
    document = page_document(page, "https://news.example/go/a", {"id": "g-1", "title": "Travaux"})
    assert isinstance(document, RawDocument)
    assert document.content == text
    assert document.media_type == "text/html"
    assert document.given == {"id": "g-1", "title": "Travaux", "url": "https://news.example/a"}
    assert document.source == "https://news.example/go/a"


@pytest.mark.parametrize(
    ("content", "media_type", "message"),
    [
        (b"%PDF-1.7 ...", "application/pdf", "not a web page (content type application/pdf)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "", "not a web page (content type unstated)"),
        (b"  \n", "text/html", "empty page"),
    ],
)
def test_what_is_not_a_page_is_a_problem(content: bytes, media_type: str, message: str) -> None:
    problem = page_document(_page(content, media_type), "https://news.example/a", {})
    assert getattr(problem, "message", None) == message
