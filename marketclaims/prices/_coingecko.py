"""CoinGecko API v3: daily USD closes for crypto assets from ``market_chart/range``.

``GET {base}/api/v3/coins/{id}/market_chart/range?vs_currency=usd&from=<unix s>&to=<unix s>``
returns ``{"prices": [[ms, price], ...], "market_caps": ..., "total_volumes": ...}``. The
spacing depends on the range (5-minute points under a day, hourly up to 90 days, daily
beyond), so the provider reduces any spacing to one close per UTC day: **the last point
of the day**, where a point stamped exactly 00:00:00.000 UTC is the last point of the day
that just ended. That matters: daily data consists only of midnight points, and the
2024-01-01T00:00Z bitcoin point (42,208.2) is the 2023-12-31 close (Yahoo: 42,265.19),
not the 2024-01-01 close (44,167.33), a 4.4 % difference that would wrongly contradict.

The current UTC day is never returned: its last point is "now", not a close. Only
``close`` is set (CoinGecko has no open/high/low in this endpoint).

Errors: HTTP 429 with ``{"status": {"error_code": 429, ...}}`` and ``Retry-After`` (the
free tier sometimes sends the same body with HTTP 200), ``{"error": "coin not found"}``
with 404 for an unknown id. The optional demo key goes in the ``x-cg-demo-api-key`` header
(never in the URL, so it cannot leak into logs).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import httpx

from models import MalformedPriceData, PriceBar, PriceDataError, UnknownSymbol

from ._catalogue import SeriesSpec
from ._http import Classifier, HttpProvider, finish, get, json_body, throttled, vendor_symbol

__all__ = ["CoinGeckoProvider"]

_DAY_MS = 86_400_000
#: without a start: the last 365 days, all the public and demo plans serve
_DEFAULT_LOOKBACK = dt.timedelta(days=365)


def _unix(day: dt.date) -> int:
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def _body_error(data: Any, resp: httpx.Response, coin: str) -> PriceDataError | None:
    """CoinGecko's error bodies (whatever the HTTP status) → the exception they mean."""
    if not isinstance(data, dict):
        return None
    if isinstance(data.get("error"), str):
        message = data["error"]
        if "not found" in message.lower():
            return UnknownSymbol(f"coingecko {coin}: {message}", symbol=coin)
        return PriceDataError(f"coingecko {coin}: {message}", symbol=coin)
    status = data.get("status")
    if isinstance(status, dict) and status.get("error_code") is not None:
        message = str(status.get("error_message", ""))
        if status.get("error_code") == 429 or "rate limit" in message.lower():
            return throttled(resp, f"coingecko {coin}: rate limit exceeded", symbol=coin)
        return PriceDataError(f"coingecko {coin}: error {status.get('error_code')}: {message[:120]}", symbol=coin)
    return None


def _classify(coin: str) -> Classifier:
    def classify(resp: httpx.Response) -> PriceDataError | None:
        return _body_error(json_body(resp), resp, coin)

    return classify


def daily_closes(points: Any, coin: str, *, today: dt.date | None = None) -> list[PriceBar]:
    """One close per completed UTC day from ``[[ms, price], ...]`` (see the module docstring)."""
    if not isinstance(points, list):
        raise MalformedPriceData(f"coingecko {coin}: 'prices' is not a list", symbol=coin)
    last: dict[dt.date, tuple[int, float]] = {}
    try:
        for ms_raw, price in points:
            if price is None:
                continue
            ms = int(ms_raw)
            # a point at exactly midnight closes the previous day
            day = dt.date(1970, 1, 1) + dt.timedelta(days=(ms - 1) // _DAY_MS)
            if day not in last or ms >= last[day][0]:
                last[day] = (ms, float(price))
    except (TypeError, ValueError, OverflowError) as exc:
        raise MalformedPriceData(f"coingecko {coin}: bad price point: {exc!r}", symbol=coin) from exc
    return [PriceBar(day, value) for day, (_, value) in sorted(last.items()) if today is None or day < today]


class CoinGeckoProvider(HttpProvider):
    """Daily USD closes from CoinGecko (catalogue key ``coingecko``, e.g. ``bitcoin``)."""

    name = "coingecko"
    default_base_url = "https://api.coingecko.com"

    def __init__(self, *, client: httpx.Client | None = None, base_url: str | None = None,
                 api_key: str | None = None, now: Callable[[], dt.datetime] | None = None) -> None:
        super().__init__(client=client, base_url=base_url, api_key=api_key)
        self._now = now or (lambda: dt.datetime.now(dt.UTC))

    def fetch(self, spec: SeriesSpec, *, start: dt.date | None = None, end: dt.date | None = None) -> list[PriceBar]:
        """Closes of ``spec`` between ``start`` and ``end`` (inclusive), oldest first.

        ``to`` is the midnight after ``end`` so the point that closes ``end`` is included.
        """
        coin = vendor_symbol(spec, "coingecko")
        today = self._now().astimezone(dt.UTC).date()
        last_day = min(end, today) if end else today
        first_day = start or last_day - _DEFAULT_LOOKBACK
        params = {"vs_currency": "usd", "from": _unix(first_day), "to": _unix(last_day + dt.timedelta(days=1))}
        headers = {"x-cg-demo-api-key": self.api_key} if self.api_key else None
        url = f"{self.base_url}/api/v3/coins/{quote(coin, safe='')}/market_chart/range"
        resp = get(self.client, url, params=params, headers=headers, symbol=coin, classify=_classify(coin))
        data = json_body(resp)
        if data is None:
            raise MalformedPriceData(f"coingecko {coin}: response is not JSON: {resp.text[:80]!r}", symbol=coin)
        err = _body_error(data, resp, coin)
        if err is not None:
            raise err
        if not isinstance(data, dict) or "prices" not in data:
            raise MalformedPriceData(f"coingecko {coin}: no 'prices' in the response", symbol=coin)
        return finish(daily_closes(data["prices"], coin, today=today), symbol=coin, start=start, end=end)
