"""One GET for every price vendor: transport and HTTP errors become ``models`` exceptions.

Vendors disagree on how they say "no such symbol" or "slow down" (a 404, a 400 with a JSON
message, a 200 with a text body), but the caller only needs to know *which* of four things
happened, so this module owns the mapping and each provider adds only its vendor-specific
body checks through ``classify``. Nothing here sleeps or retries: a ``ThrottledError``
carries ``retry_after`` and the caller (CLI, scheduler) decides whether to wait.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any, Self

import httpx

from marketclaims import __version__
from models import NoPriceData, PriceBar, PriceDataError, ThrottledError, UnknownSymbol

from ._catalogue import SeriesSpec

if TYPE_CHECKING:
    from httpx._client import UseClientDefault

__all__ = [
    "USER_AGENT",
    "Classifier",
    "HttpProvider",
    "finish",
    "get",
    "json_body",
    "make_client",
    "parse_retry_after",
    "redact",
    "throttled",
    "vendor_symbol",
]

USER_AGENT = f"marketclaims/{__version__} (+https://github.com/marketclaims/marketclaims)"
#: query parameters whose values must never reach an error message, a log or the fetch_log table
SECRET_PARAMS = ("api_key", "apikey", "x_cg_demo_api_key", "x_cg_pro_api_key", "token", "key")
_SECRET_RE = re.compile(r"(?i)\b(" + "|".join(SECRET_PARAMS) + r")=[^&#\s]*")

#: a hook that turns a vendor-specific error body into the right exception (or None: not recognised)
Classifier = Callable[[httpx.Response], PriceDataError | None]


def make_client(*, transport: httpx.BaseTransport | None = None, user_agent: str | None = None,
                timeout: float = 30.0) -> httpx.Client:
    """The default client of a provider: identifies us, 10 s to connect, 30 s to read.

    Providers accept an injected client so a run shares one connection pool and tests point
    it at a local server; the CLI builds one with the configured contact and timeout.
    """
    return httpx.Client(
        headers={"User-Agent": user_agent or USER_AGENT, "Accept-Encoding": "gzip, deflate"},
        timeout=httpx.Timeout(timeout, connect=10.0),
        follow_redirects=True,
        transport=transport,
    )


def redact(text: str) -> str:
    """``text`` with API keys in query strings masked, so an error message is safe to print."""
    return _SECRET_RE.sub(lambda m: f"{m.group(1)}=***", text)


def parse_retry_after(value: str | None, *, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP-date (RFC 9110).

    A date in the past gives 0; an unreadable value gives None (unknown), never an error,
    because a bad header must not hide the fact that we were throttled.
    """
    if value is None or not value.strip():
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())


def throttled(resp: httpx.Response, message: str, *, symbol: str | None) -> ThrottledError:
    """A ``ThrottledError`` carrying the response's ``Retry-After`` (if any)."""
    return ThrottledError(message, symbol=symbol, retry_after=parse_retry_after(resp.headers.get("retry-after")))


def _snippet(resp: httpx.Response, limit: int = 160) -> str:
    text = resp.text.strip().replace("\n", " ")
    return text[:limit] + ("…" if len(text) > limit else "")


def get(
    client: httpx.Client,
    url: str,
    *,
    params: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
    symbol: str | None,
    timeout: float | httpx.Timeout | UseClientDefault = httpx.USE_CLIENT_DEFAULT,
    classify: Classifier | None = None,
) -> httpx.Response:
    """GET ``url`` and return the response when it is 2xx; raise a ``PriceDataError`` otherwise.

    Order of decisions on an error status: the vendor ``classify`` hook first (it knows that
    Yahoo's 400 "Data doesn't exist" means no rows), then 429/503 → ``ThrottledError``,
    404 → ``UnknownSymbol``, any other 4xx/5xx → ``PriceDataError``. Transport failures
    (DNS, refused, timeouts, broken TLS) → ``PriceDataError`` chained to the httpx error.
    A 2xx response is returned as is: bodies that say "error" with a 200 are the
    provider's business, since only it knows the vendor's shape.
    """
    try:
        resp = client.get(url, params=params, headers=headers, timeout=timeout)
    except httpx.HTTPError as exc:
        where = redact(str(exc.request.url)) if _has_request(exc) else redact(url)
        raise PriceDataError(f"{where}: {type(exc).__name__}: {redact(str(exc)) or 'transport error'}",
                             symbol=symbol) from exc
    if resp.is_success:
        return resp
    where = redact(str(resp.request.url))
    if classify is not None:
        err = classify(resp)
        if err is not None:
            raise err
    status = resp.status_code
    if status in (429, 503):
        raise throttled(resp, f"{where}: HTTP {status} (rate-limited): {_snippet(resp)}", symbol=symbol)
    if status == 404:
        raise UnknownSymbol(f"{where}: HTTP 404, the vendor has no series {symbol!r}", symbol=symbol)
    raise PriceDataError(f"{where}: HTTP {status}: {_snippet(resp)}", symbol=symbol)


def _has_request(exc: httpx.HTTPError) -> bool:
    try:
        exc.request  # noqa: B018 - raises RuntimeError when the error was built without a request
    except RuntimeError:
        return False
    return True


def json_body(resp: httpx.Response) -> Any:
    """The decoded JSON body, or None when it is not JSON (the caller decides what that means)."""
    try:
        return resp.json()
    except ValueError:
        return None


# -- shared by every vendor provider ------------------------------------------------------------


def vendor_symbol(spec: SeriesSpec, key: str, default: str | None = None) -> str:
    """The vendor's name for ``spec`` (catalogue key ``yahoo = "^GSPC"`` and so on).

    A series without a symbol for this vendor is an ``UnknownSymbol``, not a KeyError: the
    catalogue, not the code, says which vendors can answer for a series.
    """
    symbol = spec.symbols.get(key, default)
    if not symbol:
        raise UnknownSymbol(f"series {spec.id} has no {key!r} symbol in the catalogue", symbol=spec.id)
    return symbol


def finish(bars: Iterable[PriceBar], *, symbol: str, start: dt.date | None, end: dt.date | None) -> list[PriceBar]:
    """Bars in ``[start, end]``, sorted, one per date (the last one a vendor sent wins).

    Vendors repeat a date (Yahoo's live bar next to the session bar) and ignore range
    parameters at the edges, so every provider ends here; an empty result is
    ``NoPriceData`` rather than ``[]`` so "nothing new" is never mistaken for success.
    """
    by_date: dict[dt.date, PriceBar] = {}
    for bar in bars:
        if (start is None or bar.date >= start) and (end is None or bar.date <= end):
            by_date[bar.date] = bar
    if not by_date:
        span = f"{start or '…'} .. {end or '…'}"
        raise NoPriceData(f"{symbol}: no rows for {span}", symbol=symbol)
    return [by_date[d] for d in sorted(by_date)]


class HttpProvider:
    """What every vendor provider shares: an injected (or default) client, a base URL, a key.

    The base URL is overridable so tests (and mirrors/proxies) can point a provider at
    another host; a client made here is closed by ``close()``, an injected one is the
    caller's to close.
    """

    name: str = ""
    default_base_url: str = ""

    def __init__(self, *, client: httpx.Client | None = None, base_url: str | None = None,
                 api_key: str | None = None) -> None:
        self._owns_client = client is None
        self.client = client if client is not None else make_client()
        self.base_url = (base_url or self.default_base_url).rstrip("/")
        self.api_key = api_key or None

    def close(self) -> None:
        """Close the client if this provider created it."""
        if self._owns_client:
            self.client.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:  # never shows the key
        return f"{type(self).__name__}(base_url={self.base_url!r}, api_key={'***' if self.api_key else None})"
