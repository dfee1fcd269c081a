"""Which addresses may be fetched, checked twice: per URL before a request, and per socket.

``check_url`` resolves a URL's host and refuses it before anything is sent. That alone
leaves a gap: the HTTP client resolves the name again when it connects, and a hostile DNS
server can answer "public" the first time and "127.0.0.1" the second (DNS rebinding). So
``make_client`` also installs ``GuardedBackend`` as the client's network backend: it
resolves the host itself, applies the same policy to every address and connects to an
address it has checked. The same backend wraps each socket so that *every* read, write,
connect and TLS handshake is bounded by the time left until the fetch's overall deadline;
a server that sends nothing, or one byte every two seconds, cannot outlive it.

The policy of the fetch running in the current thread travels in a ``ContextVar``, so one
client can serve many threads with different settings.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import time
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import httpcore

from models import FetchError, UnsafeURLError

__all__ = ["ALWAYS_BLOCKED", "PRIVATE", "GuardedBackend", "check_url", "fetch_policy", "refusal", "resolve"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

#: never fetched, whatever the caller allows: link-local (169.254.169.254 is the metadata
#: service of AWS, GCP, Azure, ...), the AWS IPv6 metadata address, "this network".
ALWAYS_BLOCKED = (
    ipaddress.ip_network("169.254.0.0/16"),
    ipaddress.ip_network("fe80::/10"),
    ipaddress.ip_network("fd00:ec2::254/128"),
    ipaddress.ip_network("0.0.0.0/8"),
    ipaddress.ip_network("::/128"),
)
#: refused unless the caller allows private hosts (``--allow-private-hosts``)
PRIVATE = (
    ipaddress.ip_network("10.0.0.0/8"),
    ipaddress.ip_network("172.16.0.0/12"),
    ipaddress.ip_network("192.168.0.0/16"),
    ipaddress.ip_network("127.0.0.0/8"),
    ipaddress.ip_network("100.64.0.0/10"),  # CGNAT; also Alibaba's metadata 100.100.100.200
    ipaddress.ip_network("::1/128"),
    ipaddress.ip_network("fc00::/7"),
    ipaddress.ip_network("fec0::/10"),
)
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


def _embedded_ipv4(addr: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 address reaches: mapped, 6to4, Teredo, NAT64, compatible.

    ``ipaddress`` calls ``::7f00:1`` and ``2002:7f00:1::`` global, yet both lead to
    127.0.0.1 on some stacks, so they are judged by the address inside.
    """
    if addr.ipv4_mapped:
        return addr.ipv4_mapped
    if addr.sixtofour:
        return addr.sixtofour
    if addr.teredo:
        return addr.teredo[1]
    value = int(addr)
    if addr in _NAT64 or (value >> 32 == 0 and value > 1):
        return ipaddress.IPv4Address(value & 0xFFFFFFFF)
    return None


def refusal(addr: IPAddress, *, allow_private: bool) -> str | None:
    """Why ``addr`` may not be fetched ("metadata" or "private"), or None when it may."""
    candidates: list[IPAddress] = [addr]
    if isinstance(addr, ipaddress.IPv6Address) and (inner := _embedded_ipv4(addr)) is not None:
        candidates.append(inner)
    for a in candidates:
        if any(a in net for net in ALWAYS_BLOCKED) or a.is_link_local or a.is_multicast or a.is_unspecified:
            return "metadata"
    if allow_private:
        return None
    for a in candidates:
        if any(a in net for net in PRIVATE) or a.is_private or a.is_loopback or a.is_reserved or not a.is_global:
            return "private"
    return None


def _describe(url: str, addr: IPAddress, why: str) -> str:
    if why == "metadata":
        return f"{url}: address {addr} is link-local or cloud metadata, always refused"
    return f"{url}: address {addr} is private; use --allow-private-hosts to allow it"


def resolve(host: str) -> list[IPAddress]:
    """Every address ``host`` resolves to.

    The resolver normalises every spelling of a literal ("2130706433", "0x7f000001",
    "127.1", "0177.0.0.1", "[::ffff:127.0.0.1]"), so the policy sees the real address.
    """
    try:
        infos = socket.getaddrinfo(host.strip("[]"), None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise FetchError(f"cannot resolve {host}: {exc}") from exc
    out: list[IPAddress] = []
    for info in infos:
        addr = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if addr not in out:
            out.append(addr)
    return out


def check_url(url: str, *, allow_private: bool = False, previous: str | None = None) -> None:
    """Raise ``UnsafeURLError`` unless ``url`` may be fetched.

    Refused: non-http(s) schemes, URLs without a host, an https -> http step (``previous``
    is the URL that led here), and any host with an address that is link-local or cloud
    metadata (always) or private, loopback, CGNAT or unique-local (unless allowed). One
    refused address refuses the host: a name that resolves to both a public and a private
    address is a rebinding setup.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:
        raise UnsafeURLError(f"{url}: malformed URL ({exc})", url=url) from exc
    if parts.scheme not in ("http", "https") or not host:
        raise UnsafeURLError(f"{url}: only http(s) URLs with a host can be fetched", url=url)
    if previous and urlsplit(previous).scheme == "https" and parts.scheme == "http":
        raise UnsafeURLError(f"{url}: redirect from https to http refused", url=url)
    try:
        addresses = resolve(host)
    except FetchError as exc:
        raise FetchError(f"{url}: {exc}", url=url) from exc
    for addr in addresses:
        why = refusal(addr, allow_private=allow_private)
        if why:
            raise UnsafeURLError(_describe(url, addr, why), url=url)


# -- the per-thread policy and the guarded network backend --------------------------------


@dataclass(frozen=True)
class _Policy:
    allow_private: bool
    deadline_at: float | None  # time.monotonic() value


_POLICY: ContextVar[_Policy | None] = ContextVar("feeds_fetch_policy", default=None)


@contextlib.contextmanager
def fetch_policy(*, allow_private: bool, deadline_at: float | None) -> Iterator[None]:
    """Apply ``allow_private`` and the deadline to every socket this thread opens or reads."""
    token = _POLICY.set(_Policy(allow_private, deadline_at))
    try:
        yield
    finally:
        _POLICY.reset(token)


def _bounded(timeout: float | None, exc: type[Exception]) -> float | None:
    """``timeout`` shortened to the time left before the deadline; ``exc`` once it passed."""
    policy = _POLICY.get()
    if policy is None or policy.deadline_at is None:
        return timeout
    left = policy.deadline_at - time.monotonic()
    if left <= 0:
        raise exc("the overall deadline of the fetch passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every operation ends by the fetch deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _bounded(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _bounded(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, _bounded(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(inner)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore network backend that connects only to addresses the policy allows.

    Outside ``fetch`` (no policy set) only the always-blocked addresses are refused, so a
    client used directly behaves like a plain one apart from never reaching metadata.
    """

    def __init__(self) -> None:
        self._inner = httpcore.SyncBackend()

    def connect_tcp(self, host: str, port: int, timeout: float | None = None, local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        policy = _POLICY.get()
        allow_private = policy.allow_private if policy is not None else True
        try:
            addresses = resolve(host)
        except FetchError as exc:
            raise httpcore.ConnectError(str(exc)) from exc
        for addr in addresses:
            why = refusal(addr, allow_private=allow_private)
            if why:
                raise UnsafeURLError(_describe(f"host {host}", addr, why) + " (checked at connect time)", url=host)
        last: Exception = httpcore.ConnectError(f"no address for {host}")
        for addr in addresses:
            try:
                stream = self._inner.connect_tcp(str(addr), port, _bounded(timeout, httpcore.ConnectTimeout),
                                                 local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                last = exc
                continue
            return _DeadlineStream(stream)
        raise last

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are never used for fetching")

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)
