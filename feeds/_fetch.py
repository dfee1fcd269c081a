"""HTTP fetching with one injected ``httpx.Client``: polite, bounded and address-checked.

Every hop of a redirect chain is checked before it is requested (see ``_net``), and the
client built by ``make_client`` checks again at connect time. An https -> http downgrade
is refused. Each response is bounded three ways:

* **time**: connect/read timeouts, plus an overall deadline per fetch. Every socket
  operation is given at most the time left (so a silent server fails at the deadline, not
  a read timeout later), and the elapsed time is checked between chunks as well (so a
  server dripping one byte every two seconds cannot hold a run even through a transport
  without the guarded backend);
* **size**: the raw bytes and the *decompressed* bytes are both capped; we decompress
  ourselves with ``max_length`` so a gzip bomb stops after ``max_bytes`` of output with
  memory bounded by the cap, instead of httpx inflating a whole network chunk at once;
* **retries**: only connection failures (nothing was sent, so a retry is safe) are
  retried, at most ``retries`` times with exponential backoff; HTTP errors never are.

``fetch`` also speaks conditional GET (ETag / Last-Modified -> 304) and reads the
scheduling hints ``Retry-After`` and ``Cache-Control: max-age`` for the caller.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from urllib.parse import urljoin

import httpcore
import httpx

from models import FetchError, UnsafeURLError

from ._net import GuardedBackend, check_url, fetch_policy

__all__ = ["FetchLimits", "FetchResult", "check_url", "fetch", "make_client", "parse_max_age", "parse_retry_after"]

USER_AGENT = "marketclaims/{version} (+{contact})"
DEFAULT_CONTACT = "https://github.com/marketclaims/marketclaims"
_REDIRECTS = (301, 302, 303, 307, 308)
_PIECE = 1 << 20  # decompressed output is produced in pieces of at most 1 MiB


@dataclass(frozen=True)
class FetchLimits:
    """Bounds of one fetch. Tests shrink them; the defaults suit real feeds and pages."""

    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    #: seconds for the whole fetch: every redirect hop, retry and byte of the body
    deadline: float = 60.0
    #: cap on the raw and on the decompressed body
    max_bytes: int = 15 * 1024 * 1024
    max_redirects: int = 5
    #: retries after a connection failure (never after an HTTP status)
    retries: int = 2
    #: seconds before the first retry, doubled for each further one
    backoff: float = 0.5


@dataclass
class FetchResult:
    """The final response of a fetch. A 304 has ``status == 304`` and an empty body."""

    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    elapsed: float
    redirects: list[str] = field(default_factory=list)
    #: seconds the server asked us to wait (Retry-After, as seconds or an HTTP date)
    retry_after: float | None = None
    #: seconds the response may be cached (Cache-Control max-age; 0 for no-cache/no-store)
    max_age: float | None = None
    attempts: int = 1

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")


def make_client(*, version: str, limits: FetchLimits | None = None,
                transport: httpx.BaseTransport | None = None, contact: str = DEFAULT_CONTACT) -> httpx.Client:
    """The one HTTP client of a run (tests pass a transport or point it at a local server).

    Without a ``transport`` the client connects through ``GuardedBackend`` (connect-time
    address check, deadline on every socket operation). A custom transport keeps the
    per-hop URL check and the between-chunk deadline check, but not those two.
    """
    limits = limits or FetchLimits()
    pool_limits = httpx.Limits(max_connections=16, max_keepalive_connections=8)
    if transport is None:
        http_transport = httpx.HTTPTransport(limits=pool_limits, retries=0)
        pool = getattr(http_transport, "_pool", None)
        if isinstance(pool, httpcore.ConnectionPool) and hasattr(pool, "_network_backend"):
            pool._network_backend = GuardedBackend()  # httpx has no public hook for the backend
        transport = http_transport
    return httpx.Client(
        headers={"User-Agent": USER_AGENT.format(version=version, contact=contact), "Accept-Encoding": "gzip, deflate"},
        timeout=httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout),
        follow_redirects=False,
        transport=transport,
        limits=pool_limits,
    )


# -- scheduling hints ---------------------------------------------------------------------


def parse_retry_after(value: str | None, *, now: dt.datetime | None = None) -> float | None:
    """``Retry-After`` as seconds from now: "120" or "Wed, 21 Oct 2025 07:28:00 GMT"."""
    if not value:
        return None
    value = value.strip()
    if re.fullmatch(r"\d+(?:\.\d+)?", value):
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max(0.0, (when - (now or dt.datetime.now(dt.timezone.utc))).total_seconds())


def parse_max_age(value: str | None) -> float | None:
    """``Cache-Control`` -> seconds the response stays fresh (0 for no-cache / no-store)."""
    if not value:
        return None
    directives = {}
    for part in value.split(","):
        name, _, arg = part.strip().partition("=")
        directives[name.strip().lower()] = arg.strip().strip('"')
    if "max-age" in directives and re.fullmatch(r"\d+", directives["max-age"]):
        return float(directives["max-age"])
    if "no-cache" in directives or "no-store" in directives:
        return 0.0
    return None


# -- bounded decompression ---------------------------------------------------------------


class _Inflater:
    """One Content-Encoding layer (gzip or deflate), producing output in bounded pieces."""

    def __init__(self, encoding: str) -> None:
        self.gzip = encoding in ("gzip", "x-gzip")
        self._obj: zlib._Decompress | None = zlib.decompressobj(16 + zlib.MAX_WBITS) if self.gzip else None
        self._head = b""
        self._done = False
        self._fed = False

    def _choose(self, data: bytes) -> bytes:
        """"deflate" is zlib-wrapped by the spec but raw deflate on many servers: look."""
        self._head += data
        if len(self._head) < 2:
            return b""
        cmf, flg = self._head[0], self._head[1]
        wrapped = cmf & 0x0F == 8 and (cmf * 256 + flg) % 31 == 0
        self._obj = zlib.decompressobj(zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS)
        data, self._head = self._head, b""
        return data

    def feed(self, data: bytes) -> Iterator[bytes]:
        if self._done:
            return  # trailing bytes after the end of the stream are ignored
        self._fed = self._fed or bool(data)
        if self._obj is None:
            data = self._choose(data)
            if self._obj is None:
                return
        obj = self._obj
        while True:
            out = obj.decompress(data, _PIECE)  # never more than one piece in memory
            if out:
                yield out
            data = obj.unconsumed_tail
            if obj.eof:
                rest = obj.unused_data
                if self.gzip and rest[:2] == b"\x1f\x8b":  # another gzip member follows
                    obj = self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS)
                    data = rest
                    continue
                self._done = True
                return
            if not data and len(out) < _PIECE:
                return

    def flush(self) -> Iterator[bytes]:
        if self._fed and not self._done:  # every complete stream ends in feed() with _done set
            raise zlib.error("the compressed body ends early (truncated transfer)")
        return iter(())


def _decoders(header: str) -> list[_Inflater]:
    names = [n.strip().lower() for n in header.split(",") if n.strip() and n.strip().lower() != "identity"]
    if len(names) > 2 or any(n not in ("gzip", "x-gzip", "deflate") for n in names):
        raise ValueError(header)
    return [_Inflater(n) for n in reversed(names)]  # the last applied is undone first


def _decode(stack: list[_Inflater], data: bytes, *, final: bool = False) -> Iterator[bytes]:
    if not stack:
        if data:
            yield data
        return
    first, rest = stack[0], stack[1:]
    pieces = first.feed(data) if data else iter(())
    for piece in pieces:
        yield from _decode(rest, piece)
    if final:
        for piece in first.flush():
            yield from _decode(rest, piece)
        yield from _decode(rest, b"", final=True)


# -- fetch -------------------------------------------------------------------------------


def _timeout(limits: FetchLimits, left: float) -> httpx.Timeout:
    read = min(limits.read_timeout, left)
    return httpx.Timeout(connect=min(limits.connect_timeout, left), read=read, write=read, pool=read)


def _deadline_error(url: str, limits: FetchLimits) -> FetchError:
    return FetchError(f"{url}: no complete response within the {limits.deadline:g}s deadline", url=url)


def _read_body(response: httpx.Response, url: str, limits: FetchLimits, deadline_at: float) -> bytes:
    """Stream the body under the raw cap, the decompressed cap and the deadline."""
    status = response.status_code
    try:
        stack = _decoders(response.headers.get("content-encoding", ""))
    except ValueError:
        raise FetchError(f"{url}: unsupported Content-Encoding {response.headers['content-encoding']!r}",
                         url=url, status=status) from None
    try:  # a mock transport builds the response in memory, already read (and decoded) by httpx
        ready = response.content
    except httpx.ResponseNotRead:
        pass
    else:
        if len(ready) > limits.max_bytes:
            raise FetchError(f"{url}: body larger than {limits.max_bytes} bytes", url=url, status=status)
        return ready
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limits.max_bytes:
        raise FetchError(f"{url}: body of {int(declared)} bytes is larger than {limits.max_bytes} bytes",
                         url=url, status=status)
    body = bytearray()
    raw = 0
    try:
        chunks = response.iter_raw()
        while True:
            chunk = next(chunks, None)
            final = chunk is None
            raw += len(chunk or b"")
            if raw > limits.max_bytes:
                raise FetchError(f"{url}: body larger than {limits.max_bytes} bytes", url=url, status=status)
            for piece in _decode(stack, chunk or b"", final=final):
                body += piece
                if len(body) > limits.max_bytes:
                    raise FetchError(f"{url}: body larger than {limits.max_bytes} bytes after decompression",
                                     url=url, status=status)
            if time.monotonic() > deadline_at:
                raise _deadline_error(url, limits)
            if final:
                return bytes(body)
    except zlib.error as exc:
        raise FetchError(f"{url}: corrupt compressed body ({exc})", url=url, status=status) from exc


def _hop(client: httpx.Client, url: str, current: str, headers: dict[str, str], limits: FetchLimits,
         deadline_at: float) -> FetchResult | str:
    """One request: a FetchResult, or the next URL when the response is a redirect."""
    left = deadline_at - time.monotonic()
    if left <= 0:
        raise _deadline_error(url, limits)
    request = client.build_request("GET", current, headers=headers, timeout=_timeout(limits, left))
    response = client.send(request, stream=True, follow_redirects=False)
    try:
        if response.status_code in _REDIRECTS and response.headers.get("location"):
            return urljoin(current, response.headers["location"].strip())
        body = b"" if response.status_code == 304 else _read_body(response, url, limits, deadline_at)
        return FetchResult(str(response.url), response.status_code, dict(response.headers), body, 0.0,
                           retry_after=parse_retry_after(response.headers.get("retry-after")),
                           max_age=parse_max_age(response.headers.get("cache-control")))
    finally:
        response.close()


def fetch(client: httpx.Client, url: str, *, allow_private: bool = False, limits: FetchLimits | None = None,
          headers: dict[str, str] | None = None, etag: str | None = None, last_modified: str | None = None,
          sleep: Callable[[float], None] = time.sleep) -> FetchResult:
    """GET ``url`` following redirects one hop at a time, each hop address-checked.

    Args:
        etag, last_modified: validators from the previous fetch; sent as If-None-Match /
            If-Modified-Since, so an unchanged feed answers 304 with no body.
        sleep: how to wait between retries (tests pass a recorder instead of sleeping).

    Returns the final response (any status, 304 included). Raises ``UnsafeURLError`` for a
    refused address, ``FetchError`` for transport failures, the size caps, the deadline
    and redirect loops; every message starts with ``url``.
    """
    limits = limits or FetchLimits()
    started = time.monotonic()
    deadline_at = started + limits.deadline
    request_headers = dict(headers or {})
    if etag and etag.isascii():  # a validator we cannot send back is simply not sent
        request_headers["If-None-Match"] = etag
    if last_modified and last_modified.isascii():
        request_headers["If-Modified-Since"] = last_modified
    chain: list[str] = []
    current, previous = url, None
    attempts = 0
    with fetch_policy(allow_private=allow_private, deadline_at=deadline_at):
        while True:
            try:
                check_url(current, allow_private=allow_private, previous=previous)
            except FetchError as exc:
                if current == url:
                    raise
                raise type(exc)(f"{url}: redirect refused: {exc}", url=url) from exc
            retry = 0
            while True:
                attempts += 1
                try:
                    outcome = _hop(client, url, current, request_headers, limits, deadline_at)
                    break
                except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                    delay = limits.backoff * 2 ** retry
                    if retry >= limits.retries:
                        raise FetchError(f"{url}: cannot connect after {retry + 1} attempts ({type(exc).__name__}: "
                                         f"{exc})", url=url) from exc
                    if time.monotonic() + delay >= deadline_at:
                        raise _deadline_error(url, limits) from exc
                    retry += 1
                    sleep(delay)
                except httpx.TimeoutException as exc:
                    if time.monotonic() >= deadline_at - 0.05:
                        raise _deadline_error(url, limits) from exc
                    raise FetchError(f"{url}: timed out ({type(exc).__name__})", url=url) from exc
                except UnsafeURLError as exc:  # from the connect-time check
                    raise UnsafeURLError(f"{url}: {exc}", url=url) from exc
                except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as exc:
                    raise FetchError(f"{url}: {type(exc).__name__}: {exc}", url=url) from exc
            if isinstance(outcome, FetchResult):
                outcome.redirects, outcome.attempts = chain, attempts
                outcome.elapsed = time.monotonic() - started
                return outcome
            chain.append(current)
            if len(chain) > limits.max_redirects or outcome in chain:
                raise FetchError(f"{url}: too many redirects or a redirect loop ({len(chain)} hops)", url=url)
            previous, current = current, outcome
