"""Stooq daily CSV downloads: ``{base}/q/d/l/?s={symbol}&i=d`` (+ ``d1``/``d2``, ``apikey``).

Stooq says almost everything with HTTP 200, so the body decides: ``No data`` (unknown
symbol or empty range), ``Exceeded the daily hits limit`` (quota, sometimes with a "!"),
an HTML page (since 2026 a proof-of-work/CAPTCHA interstitial for clients without a
key), or the CSV ``Date,Open,High,Low,Close,Volume``. Only the last is data; the CSV goes
through the same parser as bundled files so both paths agree on missing values.

Since 2026 Stooq requires an ``apikey`` (obtained by hand through a CAPTCHA); without
one, expect the HTML page, reported as ``MalformedPriceData`` with a hint.
"""

from __future__ import annotations

import datetime as dt

import httpx

from models import MalformedPriceData, NoPriceData, PriceBar, PriceDataError

from ._catalogue import SeriesSpec
from ._files import parse_price_csv
from ._http import Classifier, HttpProvider, finish, get, throttled, vendor_symbol

__all__ = ["StooqProvider"]

_QUOTA = "exceeded the daily hits limit"


def _is_html(text: str, content_type: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith("<") or "<html" in head or ("html" in content_type and "," not in head.split("\n", 1)[0])


def _classify(symbol: str) -> Classifier:
    def classify(resp: httpx.Response) -> PriceDataError | None:
        if _QUOTA in resp.text[:200].lower():
            return throttled(resp, f"stooq {symbol}: daily hits limit exceeded", symbol=symbol)
        return None

    return classify


def parse_stooq(resp: httpx.Response, symbol: str) -> list[PriceBar]:
    """Bars from a Stooq download body, or the exception the body stands for."""
    text = resp.text
    stripped = text.strip()
    if _QUOTA in stripped[:200].lower():
        raise throttled(resp, f"stooq {symbol}: daily hits limit exceeded (quota resets daily)", symbol=symbol)
    if stripped.lower().startswith("no data"):
        raise NoPriceData(f"stooq {symbol}: no data (unknown symbol or empty range)", symbol=symbol)
    if _is_html(stripped, resp.headers.get("content-type", "").lower()):
        raise MalformedPriceData(
            f"stooq {symbol}: got an HTML page instead of CSV (Stooq's browser verification page; "
            "Stooq now requires an apikey)", symbol=symbol)
    if not stripped.lower().startswith("date,"):
        raise MalformedPriceData(f"stooq {symbol}: not a Stooq CSV: {stripped[:80]!r}", symbol=symbol)
    return parse_price_csv(text, source=f"stooq {symbol}")


class StooqProvider(HttpProvider):
    """Daily bars from Stooq (catalogue key ``stooq``, e.g. ``^spx``, ``btcusd``, ``dx.c``)."""

    name = "stooq"
    default_base_url = "https://stooq.com"

    def fetch(self, spec: SeriesSpec, *, start: dt.date | None = None, end: dt.date | None = None) -> list[PriceBar]:
        """Bars of ``spec`` between ``start`` and ``end`` (inclusive), oldest first."""
        symbol = vendor_symbol(spec, "stooq")
        params: dict[str, str] = {"s": symbol, "i": "d"}
        if start:
            params["d1"] = start.strftime("%Y%m%d")
        if end:
            params["d2"] = end.strftime("%Y%m%d")
        if self.api_key:
            params["apikey"] = self.api_key
        resp = get(self.client, f"{self.base_url}/q/d/l/", params=params, symbol=symbol, classify=_classify(symbol))
        return finish(parse_stooq(resp, symbol), symbol=symbol, start=start, end=end)
