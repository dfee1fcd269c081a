"""Yahoo Finance chart API v8: daily OHLCV bars for indices, stocks, futures and crypto.

``GET {base}/v8/finance/chart/{symbol}?period1=<unix s>&period2=<unix s>&interval=1d``.
Each bar's timestamp is the session open in the exchange's time zone (09:30 New York for
^GSPC, 00:00 UTC for BTC-USD), so the date is taken in ``meta.exchangeTimezoneName``:
converting in UTC would put a Tokyo session on the previous day. Yahoo's ``close`` is
split-adjusted but not dividend-adjusted (``adjclose`` is), which is what news quotes.

Yahoo answers errors in several shapes, all mapped here: a JSON ``chart.error`` with code
"Not Found" (unknown or delisted symbol) or "Data doesn't exist for startDate…" (a range
before the listing), an empty result without ``timestamp`` (nothing in the range), and a
plain-text ``Edge: Too Many Requests`` with HTTP 429 (often caused by a non-browser
User-Agent).
"""

from __future__ import annotations

import datetime as dt
import time
from typing import Any
from urllib.parse import quote
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import httpx

from models import MalformedPriceData, NoPriceData, PriceBar, PriceDataError, UnknownSymbol

from ._catalogue import SeriesSpec
from ._http import Classifier, HttpProvider, finish, get, json_body, throttled, vendor_symbol

__all__ = ["YahooProvider"]

#: 1900-01-01 UTC: "from the start" (yfinance asks for about the same; ^GSPC starts in 1927)
_EPOCH_1900 = -2_208_988_800
_DAY = 86_400


def _unix(day: dt.date) -> int:
    return int(dt.datetime(day.year, day.month, day.day, tzinfo=dt.UTC).timestamp())


def _zone(meta: dict[str, Any]) -> dt.tzinfo:
    """The exchange's zone; the fixed ``gmtoffset`` when the name is unknown to tzdata."""
    name = meta.get("exchangeTimezoneName")
    if isinstance(name, str) and name:
        try:
            return ZoneInfo(name)
        except (ZoneInfoNotFoundError, ValueError):
            pass
    offset = meta.get("gmtoffset")
    return dt.timezone(dt.timedelta(seconds=int(offset))) if isinstance(offset, int) else dt.UTC


def _chart_error(error: Any, symbol: str) -> PriceDataError:
    """Yahoo's ``chart.error`` object → the exception it means."""
    code = str(error.get("code", "")) if isinstance(error, dict) else ""
    description = str(error.get("description", "")) if isinstance(error, dict) else str(error)
    if code == "Not Found":
        return UnknownSymbol(f"yahoo {symbol}: {description or code}", symbol=symbol)
    if description.startswith("Data doesn't exist"):
        return NoPriceData(f"yahoo {symbol}: {description}", symbol=symbol)
    return PriceDataError(f"yahoo {symbol}: {code}: {description}", symbol=symbol)


def _classify(symbol: str) -> Classifier:
    def classify(resp: httpx.Response) -> PriceDataError | None:
        if resp.status_code in (429, 503) or "Too Many Requests" in resp.text[:200]:
            return throttled(resp, f"yahoo {symbol}: HTTP {resp.status_code}: {resp.text.strip()[:80]}", symbol=symbol)
        data = json_body(resp)
        if isinstance(data, dict) and isinstance(data.get("chart"), dict) and data["chart"].get("error"):
            return _chart_error(data["chart"]["error"], symbol)
        return None

    return classify


def _in_progress_day(meta: dict[str, Any], tz: dt.tzinfo) -> dt.date | None:
    """The date of a session still trading at the time of the response, if any.

    Yahoo includes the current session as a bar whose "close" is the last trade; stored as
    a close it would later contradict the real one, so it is dropped (``prices update``
    fetches it again once the session is over). Crypto sessions are the UTC day.
    """
    period = (meta.get("currentTradingPeriod") or {}).get("regular") or {}
    now, start, end = meta.get("regularMarketTime"), period.get("start"), period.get("end")
    if isinstance(now, int | float) and isinstance(start, int | float) and isinstance(end, int | float) \
            and start <= now < end:
        return dt.datetime.fromtimestamp(now, tz).date()
    return None


def _num(values: list[Any] | None, i: int) -> float | None:
    if values is None:
        return None
    value = values[i]
    return None if value is None else float(value)


def parse_chart(data: Any, symbol: str) -> list[PriceBar]:
    """Bars from a decoded chart response (unsorted, possibly repeating a date)."""
    if not isinstance(data, dict) or not isinstance(data.get("chart"), dict):
        raise MalformedPriceData(f"yahoo {symbol}: no 'chart' object in the response", symbol=symbol)
    chart = data["chart"]
    if chart.get("error"):
        raise _chart_error(chart["error"], symbol)
    results = chart.get("result")
    if not isinstance(results, list) or not results or not isinstance(results[0], dict):
        raise MalformedPriceData(f"yahoo {symbol}: 'chart.result' is empty and no error was given", symbol=symbol)
    result = results[0]
    meta = result.get("meta") or {}
    stamps = result.get("timestamp")
    if not stamps:
        raise NoPriceData(f"yahoo {symbol}: no bars in the range asked for", symbol=symbol)
    if meta.get("dataGranularity", "1d") != "1d":
        raise MalformedPriceData(f"yahoo {symbol}: got {meta.get('dataGranularity')} bars, not daily", symbol=symbol)
    try:
        quote_ = result["indicators"]["quote"][0]
        columns = {k: quote_.get(k) for k in ("open", "high", "low", "close", "volume")}
        if columns["close"] is None or any(v is not None and len(v) != len(stamps) for v in columns.values()):
            raise MalformedPriceData(f"yahoo {symbol}: quote arrays do not match the timestamps", symbol=symbol)
        tz = _zone(meta)
        skip = _in_progress_day(meta, tz)
        bars: list[PriceBar] = []
        for i, stamp in enumerate(stamps):
            close = _num(columns["close"], i)
            if close is None:  # a holiday or halted day Yahoo still lists: all fields null
                continue
            day = dt.datetime.fromtimestamp(int(stamp), tz).date()
            if day == skip:
                continue
            bars.append(PriceBar(day, close, _num(columns["open"], i), _num(columns["high"], i),
                                 _num(columns["low"], i), _num(columns["volume"], i)))
    except (KeyError, IndexError, TypeError, ValueError, OverflowError, OSError) as exc:
        raise MalformedPriceData(f"yahoo {symbol}: unexpected chart shape: {exc!r}", symbol=symbol) from exc
    return bars


class YahooProvider(HttpProvider):
    """Daily bars from Yahoo's chart API (catalogue key ``yahoo``)."""

    name = "yahoo"
    default_base_url = "https://query1.finance.yahoo.com"

    def fetch(self, spec: SeriesSpec, *, start: dt.date | None = None, end: dt.date | None = None) -> list[PriceBar]:
        """Bars of ``spec`` between ``start`` and ``end`` (inclusive), oldest first.

        The request window is one day wider on each side than asked, because a session
        opening before midnight UTC (Asia) or a late US bar must not fall off the edge;
        rows are then cut to the exact dates in the exchange's calendar.
        """
        symbol = vendor_symbol(spec, "yahoo")
        period1 = _unix(start - dt.timedelta(days=1)) if start else _EPOCH_1900
        period2 = _unix(end + dt.timedelta(days=2)) if end else int(time.time()) + _DAY
        resp = get(self.client, f"{self.base_url}/v8/finance/chart/{quote(symbol, safe='')}",
                   params={"period1": period1, "period2": period2, "interval": "1d"},
                   symbol=symbol, classify=_classify(symbol))
        data = json_body(resp)
        if data is None:
            if "Too Many Requests" in resp.text[:200]:
                raise throttled(resp, f"yahoo {symbol}: {resp.text.strip()[:80]}", symbol=symbol)
            raise MalformedPriceData(f"yahoo {symbol}: response is not JSON: {resp.text[:80]!r}", symbol=symbol)
        return finish(parse_chart(data, symbol), symbol=symbol, start=start, end=end)
