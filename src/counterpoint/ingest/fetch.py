"""Polite, guarded HTTP for ``watch``: what may be fetched, from where, how often, how much.

Every request goes through :class:`Fetcher`, which

- refuses a URL that is not http(s), and a host any of whose addresses is not public (loopback,
  private, link-local, shared, multicast, reserved; an IPv4 address inside an IPv6 one counts
  as itself) unless ``allow_private``; the addresses are checked before every request, again
  after each redirect, and the connection is made to a checked address (the host name still
  goes in ``Host`` and in TLS), so a name that resolves otherwise a moment later (DNS
  rebinding) cannot lead it elsewhere;
- reads each origin's robots.txt first (:mod:`urllib.robotparser`, cached for a day): a missing
  one (4xx) allows everything, 401 and 403 allow nothing, one that cannot be read (5xx, a
  timeout) allows nothing until it is read again (RFC 9309); its Crawl-delay lengthens the
  pause between requests;
- keeps requests to one host ``host_interval`` seconds apart (or the Crawl-delay), and after a
  429 or 503 leaves the host alone for its Retry-After;
- sends a conditional GET (If-None-Match, If-Modified-Since) when given the validators of an
  earlier answer, and reports a 304 as not modified;
- follows at most ``max_redirects`` redirects itself, checking each hop as the first;
- gives up on a connection or read that stalls (``connect_seconds``, ``read_seconds``) and on an
  answer that takes more than ``total_seconds`` in all;
- streams the body and stops at ``max_bytes`` (a Content-Length over it is not read at all);
  robots.txt is cut at ``max_robots_bytes`` and the rest parsed, as RFC 9309 allows.

No proxy, netrc or cookie is used and no connection is kept for another request: a feed host
learns nothing about another, and each TLS connection is verified for the host it serves.

Every failure is a :class:`FetchError` naming the URL and what went wrong; ``transient`` says
whether asking again later may succeed, so the caller knows whether to try on its next poll.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from importlib.metadata import version
from typing import Protocol
from urllib.parse import urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import httpx

from counterpoint.ingest.common import MediaType, content_hash, megabytes
from counterpoint.ingest.decode import SNIFF_BYTES, NotText, decode_bytes
from counterpoint.ingest.sniff import sniff
from counterpoint.model import Problem, RawDocument

STAGE = "fetch"
ROBOTS_AGENT = "counterpoint"
USER_AGENT = f"{ROBOTS_AGENT}/{version('counterpoint')} (news feed reader; honours robots.txt)"
ALLOW_FLAG = "--allow-private"

_REDIRECTS = frozenset({301, 302, 303, 307, 308})
# Answers that ask the client to come back later (the host is left alone meanwhile).
_BUSY = frozenset({429, 503})
_PAGE_TYPES: dict[str, MediaType] = {
    "text/html": "text/html",
    "application/xhtml+xml": "text/html",
    "text/plain": "text/plain",
}
# The most bytes one step of inflating a compressed body makes.
_INFLATE_BYTES = 1 << 16
# IPv6 prefix whose last 32 bits are an IPv4 address (NAT64, RFC 6052).
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


@dataclass(frozen=True, slots=True)
class FetchPolicy:
    """How politely and how guardedly to fetch; the defaults suit news sites."""

    user_agent: str = USER_AGENT
    robots_agent: str = ROBOTS_AGENT
    allow_private: bool = False
    host_interval: float = 1.0
    # a longer Crawl-delay is read as this, so one host cannot stall a poll for hours
    max_crawl_delay: float = 30.0
    # pause after a 429 or 503 without a (readable) Retry-After, and the longest one heeded
    busy_seconds: float = 60.0
    max_busy_seconds: float = 3600.0
    connect_seconds: float = 10.0
    read_seconds: float = 20.0
    total_seconds: float = 60.0
    max_bytes: int = 10_000_000
    max_robots_bytes: int = 500_000
    max_redirects: int = 5
    robots_seconds: float = 86_400.0
    # an unreadable robots.txt is asked for again after this
    robots_retry_seconds: float = 600.0


@dataclass(frozen=True, slots=True)
class Fetched:
    """An answer: 2xx with its body, or 304 (not modified) without one."""

    url: str  # where it came from, after redirects
    status: int
    content: bytes
    media_type: str  # lower case, without parameters; "" when not stated
    charset: str | None
    etag: str | None
    last_modified: str | None

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class FetchError(Exception):
    """A URL that could not or may not be fetched, and why."""

    def __init__(
        self, url: str, message: str, *, transient: bool = False, status: int | None = None
    ) -> None:
        super().__init__(f"{url}: {message}")
        self.url = url
        self.message = message
        self.transient = transient
        self.status = status  # the HTTP status of an answer refused for it

    def problem(self) -> Problem:
        return Problem(self.url, STAGE, self.message, kind="input")


class Clock(Protocol):
    def monotonic(self) -> float: ...

    def sleep(self, seconds: float) -> None: ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


Resolver = Callable[[str, int], list[str]]


def resolve(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to (those this machine can reach: AI_ADDRCONFIG)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_ADDRCONFIG)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def address_refusal(address: str) -> str | None:
    """What kind of non-public address ``address`` is ("a loopback address"), or None."""
    ip = ipaddress.ip_address(address.partition("%")[0])  # an IPv6 zone says nothing here
    if isinstance(ip, ipaddress.IPv6Address):
        ip = _embedded_ipv4(ip) or ip
    kinds = (
        (ip.is_loopback, "a loopback"),
        (ip.is_link_local, "a link-local"),
        (ip.is_unspecified, "an unspecified"),
        (ip.is_multicast, "a multicast"),
        (ip.is_private, "a private"),
        (ip.is_reserved, "a reserved"),
        (not ip.is_global, "a non-public"),
    )
    return next((f"{kind} address" for refused, kind in kinds if refused), None)


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for (mapped, 6to4, NAT64), which decides."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


class HostPacer:
    """Keeps requests to one host apart, and away from a host that asked for a pause."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._next: dict[str, float] = {}
        self._held: dict[str, float] = {}

    def wait(self, host: str, interval: float) -> None:
        """Return once ``host``'s last request is ``interval`` seconds past; count this one."""
        now = self._clock.monotonic()
        ready = self._next.get(host, now)
        if ready > now:
            self._clock.sleep(ready - now)
            now = ready
        self._next[host] = now + interval

    def hold(self, host: str, seconds: float) -> None:
        self._held[host] = max(self._held.get(host, 0.0), self._clock.monotonic() + seconds)

    def held_for(self, host: str) -> float:
        """Seconds ``host`` is still to be left alone (0 when it is not)."""
        return max(0.0, self._held.get(host, 0.0) - self._clock.monotonic())


@dataclass(frozen=True, slots=True)
class _Target:
    url: str
    scheme: str
    host: str  # lower case, IPv6 without brackets
    port: int
    addresses: list[str]

    @property
    def origin(self) -> str:
        """``scheme://host[:port]``: what one robots.txt speaks for."""
        return f"{self.scheme}://{self.host_header}"

    @property
    def host_header(self) -> str:
        shown = f"[{self.host}]" if ":" in self.host else self.host
        default = 443 if self.scheme == "https" else 80
        return shown if self.port == default else f"{shown}:{self.port}"


@dataclass(slots=True)
class _Robots:
    parser: RobotFileParser | None  # None: unreadable, nothing there may be fetched
    reason: str
    expires: float


class Fetcher:
    """Fetches URLs under a :class:`FetchPolicy`; one per process, so robots.txt and the
    hosts' pauses are remembered across polls. ``transport``, ``resolver`` and ``clock`` are
    for tests (an :class:`httpx.MockTransport`, a fixed name table, a fake clock)."""

    def __init__(
        self,
        policy: FetchPolicy | None = None,
        *,
        transport: httpx.BaseTransport | None = None,
        resolver: Resolver = resolve,
        clock: Clock | None = None,
    ) -> None:
        self.policy = policy or FetchPolicy()
        self._resolver = resolver
        self._clock = clock or SystemClock()
        self.pacer = HostPacer(self._clock)
        self._robots: dict[str, _Robots] = {}
        self._client = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(self.policy.read_seconds, connect=self.policy.connect_seconds),
            follow_redirects=False,
            trust_env=False,
            # a connection is to an address, verified for one host name: never lent to another
            limits=httpx.Limits(max_keepalive_connections=0),
            headers={
                "User-Agent": self.policy.user_agent,
                "Accept-Encoding": "gzip, deflate",
            },
        )

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """``url``'s answer, conditional on the validators of an earlier one when given;
        raises :class:`FetchError`."""
        headers = {}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        return self._get(url, headers, self.policy.max_bytes, obey_robots=True)

    def _get(self, url: str, headers: dict[str, str], limit: int, *, obey_robots: bool) -> Fetched:
        deadline = self._clock.monotonic() + self.policy.total_seconds
        current = url
        for _hop in range(self.policy.max_redirects + 1):
            try:
                answer = self._hop(current, headers, limit, deadline, obey_robots)
            except FetchError as error:
                if current == url:
                    raise
                # named by the URL asked for, the hop that failed in the message
                raise FetchError(
                    url,
                    f"{error.message} (redirected to {current})",
                    transient=error.transient,
                    status=error.status,
                ) from None
            if isinstance(answer, Fetched):
                return answer
            current = answer
        raise FetchError(
            url, f"more than {self.policy.max_redirects} redirects (the last to {current})"
        )

    def _hop(
        self, url: str, headers: dict[str, str], limit: int, deadline: float, obey_robots: bool
    ) -> Fetched | str:
        """One request of a chain of redirects: the answer, or where it redirects to."""
        target = self._target(url)
        interval = self.policy.host_interval
        if obey_robots:
            self._check_robots(target)
            interval = max(interval, self._crawl_delay(target))
        held = self.pacer.held_for(target.host)
        if held:
            raise FetchError(
                url, f"{target.host} asked for a pause ({held:.0f} s more)", transient=True
            )
        self.pacer.wait(target.host, interval)
        return self._send(target, headers, limit, deadline, truncate=not obey_robots)

    def _target(self, url: str) -> _Target:
        """``url`` parsed and its host resolved and checked; raises :class:`FetchError`."""
        try:
            split = urlsplit(url)
            port = split.port
        except ValueError as error:
            raise FetchError(url, f"not a valid URL ({error})") from None
        scheme = split.scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(url, f"not an http(s) URL (scheme {scheme or 'missing'!r})")
        if not split.hostname:
            raise FetchError(url, "no host in the URL")
        try:
            # ASCII (IDNA) as resolvers and Host headers take it; IPv6 without brackets
            host = httpx.URL(url).raw_host.decode("ascii").lower()
        except httpx.InvalidURL as error:
            raise FetchError(url, f"not a valid URL ({error})") from None
        port = port or (443 if scheme == "https" else 80)
        try:
            addresses = [str(ipaddress.ip_address(host))]
        except ValueError:
            try:
                addresses = self._resolver(host, port)
            except (OSError, UnicodeError) as error:
                raise FetchError(url, f"cannot resolve {host} ({error})", transient=True) from None
        if not addresses:
            raise FetchError(url, f"{host} resolves to no address", transient=True)
        if not self.policy.allow_private:
            for address in addresses:
                kind = address_refusal(address)
                if kind is not None:
                    named = host if host == address else f"{host} ({address})"
                    raise FetchError(
                        url,
                        f"refused: {named} is {kind}; private, loopback and link-local "
                        f"addresses are fetched only with {ALLOW_FLAG}",
                    )
        return _Target(url, scheme, host, port, addresses)

    def _send(
        self,
        target: _Target,
        headers: dict[str, str],
        limit: int,
        deadline: float,
        truncate: bool,
    ) -> Fetched | str:
        """One request, to the first of the target's addresses that answers: the answer, or
        the URL a redirect points to."""
        url = httpx.URL(target.url)
        last_error: httpx.TransportError | None = None
        for address in target.addresses:
            request = self._client.build_request(
                "GET",
                url.copy_with(host=address.partition("%")[0]),
                headers={**headers, "Host": target.host_header},
                extensions={"sni_hostname": target.host},
            )
            try:
                response = self._client.send(request, stream=True)
            except httpx.ConnectError as error:
                last_error = error
                continue
            except httpx.TimeoutException:
                raise FetchError(target.url, self._timed_out(), transient=True) from None
            except httpx.HTTPError as error:
                raise FetchError(target.url, _failed(error), transient=True) from None
            try:
                return self._answer(target, response, limit, deadline, truncate)
            except httpx.TimeoutException:
                raise FetchError(target.url, self._timed_out(), transient=True) from None
            except zlib.error as error:
                raise FetchError(target.url, f"damaged compressed answer ({error})") from None
            except httpx.HTTPError as error:
                raise FetchError(target.url, _failed(error), transient=True) from None
            finally:
                response.close()
                self._client.cookies.clear()
        assert last_error is not None
        raise FetchError(target.url, f"cannot connect ({last_error})", transient=True)

    def _answer(
        self,
        target: _Target,
        response: httpx.Response,
        limit: int,
        deadline: float,
        truncate: bool,
    ) -> Fetched | str:
        status = response.status_code
        if status in _REDIRECTS:
            location = response.headers.get("location")
            if not location:
                raise FetchError(target.url, f"HTTP {status} redirect without a Location")
            return urljoin(target.url, location)
        if status in _BUSY:
            self.pacer.hold(target.host, self._busy_seconds(response))
        if status != 304 and not 200 <= status < 300:
            transient = status in _BUSY or status == 408 or status >= 500
            raise FetchError(
                target.url,
                f"HTTP {status} {response.reason_phrase}".strip(),
                transient=transient,
                status=status,
            )
        content = b"" if status == 304 else self._body(target, response, limit, deadline, truncate)
        media_type = response.headers.get("content-type", "").partition(";")[0].strip().lower()
        return Fetched(
            url=target.url,
            status=status,
            content=content,
            media_type=media_type,
            charset=response.charset_encoding,
            etag=response.headers.get("etag"),
            last_modified=response.headers.get("last-modified"),
        )

    def _body(
        self,
        target: _Target,
        response: httpx.Response,
        limit: int,
        deadline: float,
        truncate: bool,
    ) -> bytes:
        """The body, streamed: stopped at ``limit`` (cut there when ``truncate``, else a
        :class:`FetchError`), and at the deadline."""
        too_large = f"larger than the {megabytes(limit)} limit"
        declared = response.headers.get("content-length", "")
        if not truncate and declared.isdigit() and int(declared) > limit:
            raise FetchError(
                target.url, f"{too_large} (Content-Length {megabytes(int(declared))}); not read"
            )
        pieces: list[bytes] = []
        size = 0
        for piece in self._decoded(target, response):
            pieces.append(piece)
            size += len(piece)
            if size > limit:
                if truncate:
                    break
                raise FetchError(target.url, f"{too_large}; stopped reading at the limit")
            if self._clock.monotonic() > deadline:
                raise FetchError(
                    target.url,
                    f"took longer than {self.policy.total_seconds:g} s in all",
                    transient=True,
                )
        return b"".join(pieces)[:limit]

    @staticmethod
    def _decoded(target: _Target, response: httpx.Response) -> Iterator[bytes]:
        """The body inflated piece by piece, each piece at most :data:`_INFLATE_BYTES`, so
        a compression bomb costs no more than the size limit (httpx would inflate each read
        whole: up to a thousand times its size)."""
        encoding = response.headers.get("content-encoding", "").strip().lower()
        if encoding in ("", "identity"):
            yield from response.iter_raw()
            return
        if encoding not in ("gzip", "x-gzip", "deflate"):
            raise FetchError(target.url, f"unsupported content encoding {encoding!r}")
        # 32 + 15: a zlib or gzip header, read from the data (some servers send gzip as deflate)
        inflater = zlib.decompressobj(wbits=32 + 15)
        for data in response.iter_raw():
            while True:
                piece = inflater.decompress(data, _INFLATE_BYTES)
                if piece:
                    yield piece
                data = inflater.unconsumed_tail
                if not data and len(piece) < _INFLATE_BYTES:
                    break

    def _busy_seconds(self, response: httpx.Response) -> float:
        """The pause a 429 or 503 asks for: Retry-After in seconds or as a date, bounded."""
        stated = response.headers.get("retry-after", "").strip()
        seconds = self.policy.busy_seconds
        if stated.isdigit():
            seconds = float(stated)
        elif stated:
            with contextlib.suppress(TypeError, ValueError):  # neither seconds nor a date
                seconds = parsedate_to_datetime(stated).timestamp() - time.time()
        return min(max(seconds, self.policy.host_interval), self.policy.max_busy_seconds)

    def _timed_out(self) -> str:
        return (
            f"timed out (no connection within {self.policy.connect_seconds:g} s "
            f"or no data for {self.policy.read_seconds:g} s)"
        )

    # --- robots.txt -------------------------------------------------------------------------

    def _check_robots(self, target: _Target) -> None:
        robots = self._robots_of(target)
        if robots.parser is None:
            raise FetchError(
                target.url,
                f"robots.txt of {target.origin} could not be read ({robots.reason}); "
                "nothing there is fetched until it can be",
                transient=True,
            )
        if not robots.parser.can_fetch(self.policy.robots_agent, target.url):
            raise FetchError(
                target.url,
                f"robots.txt of {target.origin} disallows it for {self.policy.robots_agent}",
            )

    def _crawl_delay(self, target: _Target) -> float:
        parser = self._robots_of(target).parser
        if parser is None:
            return 0.0
        delay = parser.crawl_delay(self.policy.robots_agent)
        rate = parser.request_rate(self.policy.robots_agent)
        seconds = max(
            float(delay or 0), rate.seconds / rate.requests if rate and rate.requests else 0.0
        )
        return min(seconds, self.policy.max_crawl_delay)

    def _robots_of(self, target: _Target) -> _Robots:
        now = self._clock.monotonic()
        cached = self._robots.get(target.origin)
        if cached is not None and cached.expires > now:
            return cached
        robots = self._read_robots(target.origin + "/robots.txt", now)
        self._robots[target.origin] = robots
        return robots

    def _read_robots(self, url: str, now: float) -> _Robots:
        parser = RobotFileParser(url)
        fresh = now + self.policy.robots_seconds
        try:
            answer = self._get(url, {}, self.policy.max_robots_bytes, obey_robots=False)
        except FetchError as error:
            if error.status is None or error.transient:
                return _Robots(None, error.message, now + self.policy.robots_retry_seconds)
            # a 4xx: no robots.txt, so no rule; 401 and 403 are read as "keep out"
            keep_out = error.status in (401, 403)
            parser.parse(["User-agent: *", "Disallow: /"] if keep_out else [])
            return _Robots(parser, error.message, fresh)
        parser.parse(answer.content.decode("utf-8", errors="replace").splitlines())
        return _Robots(parser, "", fresh)


def _failed(error: httpx.HTTPError) -> str:
    return f"the connection failed ({type(error).__name__}: {error})"


def page_document(page: Fetched, source: str, given: dict[str, str]) -> RawDocument | Problem:
    """A fetched web page as a document from ``source`` (the link that led to it), with the
    fields its feed stated (``given``) and the URL it came from."""
    media_type = _PAGE_TYPES.get(page.media_type)
    if media_type is None and not page.media_type and sniff(page.content[:SNIFF_BYTES]) == "html":
        media_type = "text/html"
    if media_type is None:
        shown = page.media_type or "unstated"
        return Problem(source, STAGE, f"not a web page (content type {shown})", kind="input")
    if not page.content.strip():
        return Problem(source, STAGE, "empty page", kind="input")
    try:
        text, encoding = decode_bytes(page.content, page.charset)
    except NotText as error:
        return Problem(source, STAGE, str(error), kind="input")
    return RawDocument(
        source=source,
        record_key="",
        content=text,
        media_type=media_type,
        content_hash=content_hash(page.content),
        given={**given, "url": page.url},
        encoding=encoding,
    )
