"""HTTP fetching with one injected ``httpx.Client``: polite, bounded and address-checked.

Every hop of a redirect chain is checked before it is requested: the host is resolved and
each address refused when it is loopback, private, CGNAT or IPv6 unique-local (unless the
caller allows private hosts) and always when it is link-local or a cloud-metadata
address. An https -> http downgrade is refused. The body is streamed under a size cap
(counted after decompression, so a gzip bomb stops early) and an overall deadline (so a
server dripping one byte every two seconds cannot hold a run).
"""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from models import FetchError, UnsafeURLError

__all__ = ["FetchLimits", "FetchResult", "check_url", "fetch", "make_client"]

USER_AGENT = "marketclaims/{version} (+https://github.com/marketclaims/marketclaims)"
ALWAYS_BLOCKED = (
    ipaddress.ip_network("169.254.0.0/16"),
    ipaddress.ip_network("fe80::/10"),
    ipaddress.ip_network("fd00:ec2::254/128"),
    ipaddress.ip_network("0.0.0.0/8"),
)
PRIVATE = (
    ipaddress.ip_network("10.0.0.0/8"),
    ipaddress.ip_network("172.16.0.0/12"),
    ipaddress.ip_network("192.168.0.0/16"),
    ipaddress.ip_network("127.0.0.0/8"),
    ipaddress.ip_network("100.64.0.0/10"),
    ipaddress.ip_network("::1/128"),
    ipaddress.ip_network("fc00::/7"),
)


@dataclass(frozen=True)
class FetchLimits:
    connect_timeout: float = 10.0
    read_timeout: float = 30.0
    deadline: float = 60.0
    max_bytes: int = 15 * 1024 * 1024
    max_redirects: int = 5


@dataclass
class FetchResult:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    elapsed: float
    redirects: list[str] = field(default_factory=list)


def make_client(*, version: str, limits: FetchLimits | None = None, transport: httpx.BaseTransport | None = None) -> httpx.Client:
    """The one HTTP client of a run (tests pass a transport or point it at a local server)."""
    limits = limits or FetchLimits()
    return httpx.Client(
        headers={"User-Agent": USER_AGENT.format(version=version), "Accept-Encoding": "gzip, deflate"},
        timeout=httpx.Timeout(limits.read_timeout, connect=limits.connect_timeout),
        follow_redirects=False,
        transport=transport,
        limits=httpx.Limits(max_connections=8, max_keepalive_connections=4),
    )


def _addresses(host: str) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        # every spelling (decimal "2130706433", hex, short "127.1") is normalised by the resolver
        infos = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError(f"cannot resolve {host}: {exc}") from exc
    out = []
    for info in infos:
        addr = ipaddress.ip_address(info[4][0].split("%")[0])
        if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped:
            addr = addr.ipv4_mapped
        out.append(addr)
    return out


def check_url(url: str, *, allow_private: bool = False, previous: str | None = None) -> None:
    """Raise ``UnsafeURLError`` unless ``url`` may be fetched."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeURLError(f"{url}: only http(s) URLs with a host can be fetched", url=url)
    if previous and urlsplit(previous).scheme == "https" and parts.scheme == "http":
        raise UnsafeURLError(f"{url}: redirect from https to http refused", url=url)
    for addr in _addresses(parts.hostname):
        if any(addr in net for net in ALWAYS_BLOCKED):
            raise UnsafeURLError(f"{url}: address {addr} is link-local or cloud metadata, always refused", url=url)
        if not allow_private and (any(addr in net for net in PRIVATE) or addr.is_private or addr.is_loopback):
            raise UnsafeURLError(f"{url}: address {addr} is private; use --allow-private-hosts to allow it", url=url)


def fetch(client: httpx.Client, url: str, *, allow_private: bool = False, limits: FetchLimits | None = None,
          headers: dict[str, str] | None = None) -> FetchResult:
    """GET ``url`` following redirects one hop at a time, each hop address-checked.

    Returns the final response (any status); raises ``FetchError`` on transport errors,
    the size cap, the deadline and redirect loops.
    """
    limits = limits or FetchLimits()
    started = time.monotonic()
    chain: list[str] = []
    current, previous = url, None
    while True:
        check_url(current, allow_private=allow_private, previous=previous)
        try:
            with client.stream("GET", current, headers=headers) as response:
                if response.is_redirect and "location" in response.headers:
                    nxt = urljoin(current, response.headers["location"])
                    chain.append(current)
                    if len(chain) > limits.max_redirects or nxt in chain:
                        raise FetchError(f"{url}: too many redirects or a redirect loop", url=url, status=response.status_code)
                    previous, current = current, nxt
                    continue
                body = bytearray()
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > limits.max_bytes:
                        raise FetchError(f"{url}: body larger than {limits.max_bytes} bytes", url=url, status=response.status_code)
                    if time.monotonic() - started > limits.deadline:
                        raise FetchError(f"{url}: no complete response within {limits.deadline:.0f}s", url=url)
                return FetchResult(str(response.url), response.status_code, dict(response.headers), bytes(body),
                                   time.monotonic() - started, chain)
        except httpx.TimeoutException as exc:
            raise FetchError(f"{url}: timed out ({type(exc).__name__})", url=url) from exc
        except httpx.HTTPError as exc:
            raise FetchError(f"{url}: {type(exc).__name__}: {exc}", url=url) from exc
