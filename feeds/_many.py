"""Fetch many URLs at once, politely: a few requests per host, a bounded total.

Threads, not asyncio: ``httpx.Client`` is thread-safe and every fetch spends its time
waiting on sockets. A dispatcher hands a URL to a worker only when its host has a free
slot, so a thousand pages on one site never occupy the workers another site could use,
and no worker blocks waiting for a host. Every URL gets its own outcome: a failure is
returned in its place, never raised, so one bad page cannot stop the others.
"""

from __future__ import annotations

import concurrent.futures as cf
from collections import defaultdict, deque
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar
from urllib.parse import urlsplit

import httpx

from ._fetch import FetchLimits, FetchResult, fetch

__all__ = ["iter_polite", "polite_fetch_many"]

T = TypeVar("T")


def _host(url: str) -> str:
    try:
        parts = urlsplit(url)
        return f"{(parts.hostname or '').lower()}:{parts.port or ''}"
    except ValueError:
        return ""


def iter_polite(urls: Sequence[str], work: Callable[[str], T], *, per_host: int = 2,
                total: int = 8) -> Iterator[tuple[int, str, T | Exception]]:
    """Run ``work(url)`` for every URL, at most ``per_host`` at a time per host and
    ``total`` overall; yield ``(index, url, result or exception)`` as each finishes.

    Closing the iterator early cancels the URLs not started yet.
    """
    if per_host < 1 or total < 1:
        raise ValueError("per_host and total must be at least 1")
    queues: dict[str, deque[int]] = defaultdict(deque)
    for i, url in enumerate(urls):
        queues[_host(url)].append(i)
    running: dict[str, int] = defaultdict(int)
    futures: dict[cf.Future[T], int] = {}
    pool = cf.ThreadPoolExecutor(max_workers=min(total, max(1, len(urls))), thread_name_prefix="feeds-fetch")
    try:
        while queues or futures:
            for host in list(queues):  # round-robin over hosts with work and a free slot
                queue = queues[host]
                while queue and running[host] < per_host and len(futures) < total:
                    i = queue.popleft()
                    futures[pool.submit(work, urls[i])] = i
                    running[host] += 1
                if not queue:
                    del queues[host]
            done, _ = cf.wait(futures, return_when=cf.FIRST_COMPLETED)
            for future in done:
                i = futures.pop(future)
                running[_host(urls[i])] -= 1
                exc = future.exception()
                yield i, urls[i], (exc if isinstance(exc, Exception) else future.result())
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def polite_fetch_many(client: httpx.Client, urls: Sequence[str], *, per_host: int = 2, total: int = 8,
                      allow_private: bool = False, limits: FetchLimits | None = None) -> list[FetchResult | Exception]:
    """``fetch`` every URL concurrently (see ``iter_polite``); results in input order.

    Each item is the ``FetchResult`` (any HTTP status) or the exception that URL raised,
    normally a ``FeedError`` naming it.
    """
    out: list[FetchResult | Exception] = [Exception("not fetched")] * len(urls)
    for i, _url, result in iter_polite(urls, lambda u: fetch(client, u, allow_private=allow_private, limits=limits),
                                       per_host=per_host, total=total):
        out[i] = result
    return out
