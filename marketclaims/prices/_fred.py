"""FRED (St. Louis Fed) series: the keyless graph CSV, or the JSON API when a key is set.

* ``{base}/graph/fredgraph.csv?id={series}`` (``cosd``/``coed`` bound the range): header
  ``observation_date,ID`` today, ``DATE,ID`` in older downloads; a missing value is an
  empty field today and ``.`` in older files. An unknown id is a 404 HTML page.
* ``{api_base}/fred/series/observations?series_id=&api_key=&file_type=json``: the
  documented API, used when a key is configured because it is the supported interface
  (the graph CSV is a website feature that has changed shape before). Missing values are
  ``"."``; errors are JSON ``{"error_code": 400, "error_message": "Bad Request.  …"}``.

FRED series are single values (yields, rates, balance-sheet totals), so each row is a
``PriceBar`` with only ``close`` set.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import httpx

from models import MalformedPriceData, PriceBar, PriceDataError, UnknownSymbol

from ._catalogue import SeriesSpec
from ._files import parse_price_csv
from ._http import Classifier, HttpProvider, finish, get, json_body, vendor_symbol

__all__ = ["FredProvider"]

#: the API's maximum page size; a daily series since 1962 (~16,000 rows) fits in one page
_PAGE = 100_000
_MAX_PAGES = 20


def _api_error(data: Any, symbol: str) -> PriceDataError | None:
    """FRED's JSON error object → the exception it means (None when ``data`` is not one)."""
    if not isinstance(data, dict) or "error_message" not in data:
        return None
    message = str(data.get("error_message", "")).strip()
    code = data.get("error_code")
    if "does not exist" in message.lower():
        return UnknownSymbol(f"fred {symbol}: {message}", symbol=symbol)
    return PriceDataError(f"fred {symbol}: HTTP {code}: {message}", symbol=symbol)


def _classify(symbol: str) -> Classifier:
    def classify(resp: httpx.Response) -> PriceDataError | None:
        if resp.status_code in (429, 503):
            return None  # the generic mapping reads Retry-After
        return _api_error(json_body(resp), symbol)

    return classify


def parse_observations(data: Any, symbol: str) -> tuple[list[PriceBar], int]:
    """Bars of one API page and the total ``count`` the API reports."""
    err = _api_error(data, symbol)
    if err is not None:
        raise err
    if not isinstance(data, dict) or not isinstance(data.get("observations"), list):
        raise MalformedPriceData(f"fred {symbol}: no 'observations' list in the response", symbol=symbol)
    bars: list[PriceBar] = []
    try:
        for obs in data["observations"]:
            value = str(obs.get("value", "")).strip()
            if value in ("", "."):
                continue
            bars.append(PriceBar(dt.date.fromisoformat(str(obs["date"])[:10]), float(value)))
        count = int(data.get("count", len(data["observations"])))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise MalformedPriceData(f"fred {symbol}: unexpected observation: {exc!r}", symbol=symbol) from exc
    return bars, count


def parse_graph_csv(resp: httpx.Response, symbol: str) -> list[PriceBar]:
    """Bars of a fredgraph CSV; an HTML page or another series' CSV is malformed."""
    text = resp.text.lstrip("\ufeff")
    first = text.split("\n", 1)[0].strip().lower()
    if first.startswith("<") or "," not in first:
        raise MalformedPriceData(f"fred {symbol}: not a fredgraph CSV: {text.strip()[:80]!r}", symbol=symbol)
    column = first.split(",")[1].strip()
    if column != symbol.lower():
        raise MalformedPriceData(f"fred {symbol}: the CSV holds {column!r}, not {symbol!r}", symbol=symbol)
    return parse_price_csv(text, source=f"fred {symbol}")


class FredProvider(HttpProvider):
    """Single-value daily/weekly/monthly series from FRED (catalogue key ``fred``)."""

    name = "fred"
    default_base_url = "https://fred.stlouisfed.org"
    default_api_base_url = "https://api.stlouisfed.org"

    def __init__(self, *, client: httpx.Client | None = None, base_url: str | None = None,
                 api_key: str | None = None, api_base_url: str | None = None) -> None:
        super().__init__(client=client, base_url=base_url, api_key=api_key)
        self.api_base_url = (api_base_url or self.default_api_base_url).rstrip("/")

    def fetch(self, spec: SeriesSpec, *, start: dt.date | None = None, end: dt.date | None = None) -> list[PriceBar]:
        """Rows of ``spec`` between ``start`` and ``end`` (inclusive), oldest first; the API
        when a key is configured, the graph CSV otherwise."""
        symbol = vendor_symbol(spec, "fred")
        bars = self._api(symbol, start, end) if self.api_key else self._graph(symbol, start, end)
        return finish(bars, symbol=symbol, start=start, end=end)

    def _graph(self, symbol: str, start: dt.date | None, end: dt.date | None) -> list[PriceBar]:
        params = {"id": symbol}
        if start:
            params["cosd"] = start.isoformat()
        if end:
            params["coed"] = end.isoformat()
        resp = get(self.client, f"{self.base_url}/graph/fredgraph.csv", params=params, symbol=symbol)
        return parse_graph_csv(resp, symbol)

    def _api(self, symbol: str, start: dt.date | None, end: dt.date | None) -> list[PriceBar]:
        params: dict[str, Any] = {"series_id": symbol, "api_key": self.api_key, "file_type": "json", "limit": _PAGE}
        if start:
            params["observation_start"] = start.isoformat()
        if end:
            params["observation_end"] = end.isoformat()
        bars: list[PriceBar] = []
        for page in range(_MAX_PAGES):
            params["offset"] = page * _PAGE
            resp = get(self.client, f"{self.api_base_url}/fred/series/observations", params=params,
                       symbol=symbol, classify=_classify(symbol))
            data = json_body(resp)
            if data is None:
                raise MalformedPriceData(f"fred {symbol}: API response is not JSON: {resp.text[:80]!r}", symbol=symbol)
            page_bars, count = parse_observations(data, symbol)
            bars += page_bars
            if (page + 1) * _PAGE >= count:
                return bars
        raise MalformedPriceData(f"fred {symbol}: more than {_MAX_PAGES} pages of observations", symbol=symbol)
