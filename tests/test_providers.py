"""Vendor price providers against a local server serving real saved vendor responses.

Every body comes from ``tests/corpus/prices`` (provenance, status and headers in its
SOURCES.md); expected values are copied from those files. Where a test changes a saved
body (a field changed, a second operation added) it says so: such bodies are derived and
test parsing only, not market facts. Nothing here touches the internet or sleeps.
"""

from __future__ import annotations

import datetime as dt
import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from pytest_httpserver import HTTPServer

from marketclaims import pipeline, store
from marketclaims.prices import (
    PROVIDERS,
    CoinGeckoProvider,
    FredProvider,
    OperationBar,
    PriceProvider,
    SeriesSpec,
    StooqProvider,
    YahooProvider,
    get_provider,
    load_catalogue,
)
from marketclaims.prices._http import get, parse_retry_after
from marketclaims.verify import MarketData, verify_claim
from models import Claim, MalformedPriceData, NoPriceData, PriceBar, PriceDataError, ThrottledError, UnknownSymbol

from .conftest import CORPUS

PRICES = CORPUS / "prices"
JSON = "application/json;charset=utf-8"
AJ, CSV, HTML, TEXT = "application/json", "text/csv", "text/html", "text/plain"
D = dt.date
FRED_KEY = "k" * 32
LATER = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)  # a clock long after every saved CoinGecko body
NYFED_PATH = "/api/tsy/all/results/details/search.json"
NYFED_FILE = "nyfed/tsy-operations-2025-12-derived.json"
YAHOO_GSPC = "yahoo/chart-GSPC-2023-01-03_2023-03-01-1d-trimmed.json"
SEED_CLAIM = {"kind": "central_bank_operation", "subject": "FED", "value": 8.2e9, "unit": "USD", "relation": "purchase",
              "period": None, "date": "2025-12-12", "hedged": False, "attribution": None,
              "text": "starting with $8.2 billion"}


@pytest.fixture
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=5.0) as c:
        yield c


def _body(rel: str) -> bytes:
    return (PRICES / rel).read_bytes()


def _serve(server: HTTPServer, path: str, body: bytes | str, *, status: int = 200, content_type: str = JSON,
           headers: dict[str, str] | None = None) -> None:
    server.expect_request(path).respond_with_data(body, status=status, content_type=content_type, headers=headers)


def _base(server: HTTPServer) -> str:
    return server.url_for("/").rstrip("/")


def _spec(**symbols: str) -> SeriesSpec:
    return SeriesSpec(id="TEST", subject="TEST", vendor="test", provider="test", symbols=symbols)


def _provider(vendor: str, server: HTTPServer, client: httpx.Client, now: dt.datetime = LATER) -> PriceProvider:
    """``fred`` reads the graph CSV, ``fred-api`` the JSON API (a key is set); the rest by name."""
    if vendor.startswith("fred"):
        return FredProvider(client=client, base_url=_base(server), api_base_url=_base(server),
                            api_key=FRED_KEY if vendor == "fred-api" else None)
    if vendor == "coingecko":
        return CoinGeckoProvider(client=client, base_url=_base(server), now=lambda: now)
    return get_provider(vendor, client=client, base_url=_base(server))


# -- registry, catalogue, shared HTTP helper --------------------------------------------------


def test_registry_lists_every_vendor_and_passes_arguments_through(client: httpx.Client) -> None:
    assert {"bundled", "csv", "yahoo", "stooq", "fred", "nyfed", "coingecko"} <= set(PROVIDERS)
    for name in PROVIDERS:
        provider = get_provider(name)  # no arguments: defaults only
        assert isinstance(provider, PriceProvider) and provider.name == name
        getattr(provider, "close", lambda: None)()
    yahoo = get_provider("yahoo", client=client, base_url="http://example.invalid/", api_key="SECRETKEY")
    assert isinstance(yahoo, YahooProvider) and yahoo.client is client and yahoo.base_url == "http://example.invalid"
    assert yahoo.api_key == "SECRETKEY" and "SECRETKEY" not in repr(yahoo)
    with pytest.raises(UnknownSymbol):
        get_provider("nosuchvendor")
    with pytest.raises(UnknownSymbol):  # the series has no yahoo symbol in the catalogue
        yahoo.fetch(_spec(stooq="^spx"))
    with StooqProvider() as default:
        assert default.client.headers["User-Agent"].startswith("marketclaims/")
        assert default.client.timeout.connect == 10.0 and default.client.timeout.read == 30.0


def test_catalogue_has_the_unbundled_operations_subject(market: MarketData) -> None:
    spec = load_catalogue().get("NYFED_TSY_OPS")
    assert (spec.subject, spec.provider, spec.calendar, spec.unit, spec.file) == ("FED:operations", "nyfed", "events",
                                                                                   "USD", None)
    assert load_catalogue().specs_for("FED:operations") == [spec]
    verdict = verify_claim(Claim.from_dict(SEED_CLAIM), market, published=D(2025, 12, 12))  # bundled data only
    assert (verdict.verdict, verdict.reason) == ("unverifiable", "no_operation_data")


def test_retry_after_seconds_and_http_date() -> None:
    now = dt.datetime(2026, 11, 25, 12, 0, tzinfo=dt.UTC)
    assert parse_retry_after("53") == 53.0
    assert parse_retry_after("Wed, 25 Nov 2026 12:01:30 GMT", now=now) == 90.0
    assert parse_retry_after("Wed, 25 Nov 2026 11:00:00 GMT", now=now) == 0.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_get_maps_statuses_and_chains_transport_errors(httpserver: HTTPServer, client: httpx.Client) -> None:
    _serve(httpserver, "/busy", "busy", status=503, content_type=TEXT,
           headers={"Retry-After": "Fri, 01 Jan 2100 00:00:00 GMT"})
    _serve(httpserver, "/gone", "not here", status=404, content_type=TEXT)
    _serve(httpserver, "/boom", "oops", status=500, content_type=TEXT)
    with pytest.raises(ThrottledError) as busy:
        get(client, httpserver.url_for("/busy"), symbol="X")
    assert busy.value.retry_after is not None and busy.value.retry_after > 365 * 86400
    with pytest.raises(UnknownSymbol):
        get(client, httpserver.url_for("/gone"), symbol="X")
    with pytest.raises(PriceDataError) as boom:
        get(client, httpserver.url_for("/boom"), params={"api_key": "SECRET123"}, symbol="X")
    assert type(boom.value) is PriceDataError
    assert "SECRET123" not in str(boom.value) and "api_key=***" in str(boom.value)
    with socket.socket() as s:  # a local port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with pytest.raises(PriceDataError) as refused:
        get(client, f"http://127.0.0.1:{port}/x", params={"apikey": "SECRET123"}, symbol="X")
    assert isinstance(refused.value.__cause__, httpx.HTTPError) and "SECRET123" not in str(refused.value)


# -- happy paths: real files, values copied from them -----------------------------------------

#: vendor, path, file, content type, symbol, start, end, rows, {date: bar or close}, absent dates, query subset
HAPPY: list[tuple[str, str, str, str, str, D | None, D | None, int, dict[D, Any], list[D], dict[str, str]]] = [
    ("yahoo", "/v8/finance/chart/^GSPC", YAHOO_GSPC, JSON, "^GSPC", D(2023, 1, 3), D(2023, 3, 1), 40,
     {D(2023, 1, 3): PriceBar(D(2023, 1, 3), 3824.139892578125, 3853.2900390625, 3878.4599609375, 3794.330078125,
                              3959140000),
      D(2023, 3, 1): 3951.389892578125}, [],
     {"interval": "1d", "period1": "1672617600", "period2": "1677801600"}),  # one day of margin each side
    ("yahoo", "/v8/finance/chart/BTC-USD", "yahoo/chart-BTC-USD-2020-01-01_2021-01-04-1d.json", JSON, "BTC-USD", None,
     None, 366,  # 370 bars, 4 all-null
     {D(2020, 1, 1): 7200.17431640625, D(2020, 3, 12): PriceBar(D(2020, 3, 12), 4970.7880859375, 7913.6162109375,
                                                                 7929.1162109375, 4860.35400390625, 53980357243),
      D(2021, 1, 4): 31971.9140625}, [D(2020, 4, 17), D(2020, 10, 9), D(2020, 10, 12), D(2020, 10, 13)], {}),
    ("yahoo", "/v8/finance/chart/BTC-USD", "yahoo/chart-BTC-USD-2020-01-01_2021-01-04-1d.json", JSON, "BTC-USD",
     D(2020, 3, 11), D(2020, 3, 13), 3, {D(2020, 3, 11): 7911.43017578125, D(2020, 3, 13): 5563.70703125}, [],
     {"period1": "1583798400", "period2": "1584230400"}),
    ("yahoo", "/v8/finance/chart/AAPL", "yahoo/chart-AAPL-2020-08-31_2020-11-07-1d-split.json", JSON, "AAPL", None,
     None, 49, {D(2020, 8, 31): 129.0399932861328, D(2020, 11, 6): 118.69000244140625}, [], {}),  # post-split
    ("yahoo", "/v8/finance/chart/WSU.DE", "yahoo/chart-WSU.DE-2023-08-04_2023-08-09-1d-null-row.json", JSON, "WSU.DE",
     None, None, 2, {D(2023, 8, 4): 34.45000076293945, D(2023, 8, 8): 33.20000076293945}, [D(2023, 8, 7)], {}),
    ("stooq", "/q/d/l/", "stooq/spx-d-tail300.csv", CSV, "^spx", None, None, 300,  # CRLF
     {D(2024, 1, 26): PriceBar(D(2024, 1, 26), 4890.97, 4888.91, 4906.69, 4881.47, 2391994169),
      D(2025, 4, 7): 5062.25}, [], {"s": "^spx", "i": "d"}),
    ("stooq", "/q/d/l/", "stooq/spx-d-tail300.csv", CSV, "^spx", D(2025, 1, 6), D(2025, 1, 6), 1,
     {D(2025, 1, 6): PriceBar(D(2025, 1, 6), 5975.38, 5982.81, 6021.04, 5960.01, 2825734456)}, [],
     {"d1": "20250106", "d2": "20250106"}),
    ("stooq", "/q/d/l/", "stooq/spy.us-d-head118.csv", CSV, "spy.us", None, None, 118,  # LF
     {D(2018, 2, 26): PriceBar(D(2018, 2, 26), 247.373, 245.63, 247.46, 245.018, 96911825),
      D(2018, 8, 13): 253.248}, [], {"s": "spy.us"}),
    ("fred", "/graph/fredgraph.csv", "fred/fredgraph-DFEDTARU-2024-06-01_2025-06-29.csv", CSV, "DFEDTARU", None, None,
     394, {D(2024, 9, 18): 5.50, D(2024, 9, 19): 5.00, D(2024, 11, 7): 5.00, D(2024, 11, 8): 4.75,
           D(2024, 12, 19): PriceBar(D(2024, 12, 19), 4.50)}, [], {"id": "DFEDTARU"}),
    ("fred", "/graph/fredgraph.csv", "fred/fredgraph-DGS10-2024-10-01_2026-04-13-blank-missing.csv", CSV, "DGS10",
     D(2024, 10, 1), D(2026, 4, 13), 381, {D(2024, 10, 15): 4.03, D(2026, 4, 13): 4.30}, [D(2024, 10, 14)],
     {"id": "DGS10", "cosd": "2024-10-01", "coed": "2026-04-13"}),  # 400 rows, 19 empty
    ("fred", "/graph/fredgraph.csv", "fred/fredgraph-DGS10-legacy-DATE-header-dot-missing.csv", CSV, "DGS10", None,
     None, 383, {D(2023, 1, 3): 3.79, D(2023, 1, 4): 3.69, D(2024, 2, 8): 4.15}, [D(2022, 9, 5)], {}),  # 17 "."
    ("fred-api", "/fred/series/observations", "fred/api-series-observations-DFEDTARU-2024-12-derived.json", AJ,
     "DFEDTARU", D(2024, 12, 1), D(2024, 12, 31), 31, {D(2024, 12, 18): 4.75, D(2024, 12, 19): 4.50}, [],
     {"series_id": "DFEDTARU", "file_type": "json", "api_key": FRED_KEY, "observation_start": "2024-12-01",
      "observation_end": "2024-12-31"}),
    ("fred-api", "/fred/series/observations", "fred/api-series-observations-DGS10-2025-12-derived.json", AJ, "DGS10",
     None, None, 22, {D(2025, 12, 12): 4.19, D(2025, 12, 31): 4.18}, [D(2025, 12, 25)], {}),  # "." on 12-25
    # 2024-01-01T00:00Z (42,208.2) is the 2023-12-31 close; 16:07Z is the last point of 2024-01-01
    ("coingecko", "/api/v3/coins/bitcoin/market_chart/range",
     "coingecko/market_chart_range-bitcoin-2024-01-01-captured.json",
     AJ, "bitcoin", D(2023, 12, 31), D(2024, 1, 1), 2, {D(2023, 12, 31): PriceBar(D(2023, 12, 31), 42208.2),
                                                        D(2024, 1, 1): 42773.36}, [],
     {"vs_currency": "usd", "from": "1703980800", "to": "1704153600"}),
    ("coingecko", "/api/v3/coins/bitcoin/market_chart/range", "coingecko/market_chart_range-bitcoin-docs-example.json",
     AJ, "bitcoin", D(2026, 5, 17), D(2026, 5, 17), 1, {D(2026, 5, 17): 78052.87543398788}, [], {}),  # later point
]


@pytest.mark.parametrize(("vendor", "path", "rel", "ctype", "symbol", "start", "end", "rows", "expected", "absent",
                          "query"), [pytest.param(*case, id=f"{case[0]}-{Path(case[2]).stem[:40]}") for case in HAPPY])
def test_happy_path(httpserver: HTTPServer, client: httpx.Client, vendor: str, path: str, rel: str, ctype: str,
                    symbol: str, start: D | None, end: D | None, rows: int, expected: dict[D, Any], absent: list[D],
                    query: dict[str, str]) -> None:
    _serve(httpserver, path, _body(rel), content_type=ctype)
    bars = _provider(vendor, httpserver, client).fetch(_spec(**{vendor.split("-")[0]: symbol}), start=start, end=end)
    dates = [b.date for b in bars]
    assert len(bars) == rows and dates == sorted(set(dates))
    by_date = dict(zip(dates, bars, strict=True))
    for day, want in expected.items():
        assert by_date[day] == want if isinstance(want, PriceBar) else by_date[day].close == want, day
    assert not set(absent) & set(dates)
    assert query.items() <= dict(httpserver.log[-1][0].args).items()


def test_yahoo_dates_follow_the_exchange_time_zone(httpserver: HTTPServer, client: httpx.Client) -> None:
    # derived from the real BTC body: only meta.exchangeTimezoneName changed. Bars stamped
    # 00:00 UTC belong to the previous day in New York, to the same day in Tokyo.
    data = json.loads(_body("yahoo/chart-BTC-USD-2020-01-01_2021-01-04-1d.json"))
    for zone, first in (("America/New_York", D(2019, 12, 31)), ("Asia/Tokyo", D(2020, 1, 1))):
        data["chart"]["result"][0]["meta"]["exchangeTimezoneName"] = zone
        httpserver.clear()
        _serve(httpserver, "/v8/finance/chart/X", json.dumps(data))
        assert _provider("yahoo", httpserver, client).fetch(_spec(yahoo="X"))[0].date == first


def test_yahoo_drops_the_session_still_trading(httpserver: HTTPServer, client: httpx.Client) -> None:
    # derived from the real WSU.DE body: regularMarketTime moved inside 2023-08-08's session
    data = json.loads(_body("yahoo/chart-WSU.DE-2023-08-04_2023-08-09-1d-null-row.json"))
    meta = data["chart"]["result"][0]["meta"]
    meta["currentTradingPeriod"]["regular"].update(start=1691478000, end=1691508600)
    meta["regularMarketTime"] = 1691490000
    _serve(httpserver, "/v8/finance/chart/WSU.DE", json.dumps(data))
    assert [b.date for b in _provider("yahoo", httpserver, client).fetch(_spec(yahoo="WSU.DE"))] == [D(2023, 8, 4)]


def test_coingecko_current_day_is_not_a_close_and_key_header(httpserver: HTTPServer, client: httpx.Client) -> None:
    _serve(httpserver, "/api/v3/coins/bitcoin/market_chart/range",
           _body("coingecko/market_chart_range-bitcoin-2024-01-01-captured.json"), content_type=AJ)
    captured_at = dt.datetime(2024, 1, 1, 16, 7, 12, tzinfo=dt.UTC)  # when the body was captured
    provider = CoinGeckoProvider(client=client, base_url=_base(httpserver), api_key="CG-demo", now=lambda: captured_at)
    assert provider.fetch(_spec(coingecko="bitcoin"), start=D(2023, 12, 31)) == [PriceBar(D(2023, 12, 31), 42208.2)]
    request = httpserver.log[-1][0]
    assert request.headers["x-cg-demo-api-key"] == "CG-demo" and "CG-demo" not in request.url
    # the /market_chart body served at the range path: hourly points with ms jitter, scientific notation
    _serve(httpserver, "/api/v3/coins/maga-hat/market_chart/range",
           _body("coingecko/market_chart-maga-hat-eur-2d-captured-trimmed.json"), content_type=AJ)
    captured = dt.datetime(2024, 5, 24, 13, 5, tzinfo=dt.UTC)
    bars = _provider("coingecko", httpserver, client, now=captured).fetch(_spec(coingecko="maga-hat"),
                                                                         start=D(2024, 5, 23))
    assert bars == [PriceBar(D(2024, 5, 23), 5.6874268060607936e-05)]  # the 23:02:57Z point


# -- NY Fed operations ------------------------------------------------------------------------


def test_nyfed_one_operation(httpserver: HTTPServer, client: httpx.Client) -> None:
    _serve(httpserver, NYFED_PATH, _body(NYFED_FILE), content_type=AJ)
    provider = _provider("nyfed", httpserver, client)
    (bar,) = provider.fetch(_spec(), start=D(2025, 12, 12), end=D(2025, 12, 12))
    assert isinstance(bar, OperationBar)
    assert (bar.date, bar.close, bar.open, bar.high, bar.low, bar.volume) == (D(2025, 12, 12), 8.2e9, 1.0, 8.2e9, 0.0,
                                                                             1.0)
    assert bar.operation_type == "Outright Bill Purchase" and bar.operation_ids == ("OR 121225 25",)
    assert dict(httpserver.log[-1][0].args) == {"startDate": "2025-12-12", "endDate": "2025-12-12"}
    (op,) = provider.operations(start=D(2025, 12, 12), end=D(2025, 12, 12))  # type: ignore[attr-defined]
    assert (op.accepted, op.submitted, op.settlement_date) == (8.2e9, 2.5e10, D(2025, 12, 15))


def test_nyfed_sums_per_day_and_direction(httpserver: HTTPServer, client: httpx.Client) -> None:
    # derived from the saved record: amounts as numbers, a second purchase the same day, a sale
    # on the next business day and an operation without a result yet
    data: dict[str, Any] = json.loads(_body(NYFED_FILE))
    first = data["treasury"]["auctions"][0]
    second = dict(first, operationId="OR 121225 26", operationType="Outright Coupon Purchase",
                  totalParAmtAccepted=1_000_000_000)
    sale = dict(first, operationId="OS 121525 01", operationDate="2025-12-15", operationDirection="S",
                operationType="Outright Bill Sale", totalParAmtAccepted="500000000")
    pending = dict(first, operationId="OR 121625 01", operationDate="2025-12-16", totalParAmtAccepted="")
    data["treasury"]["auctions"] = [sale, first, second, pending]
    _serve(httpserver, NYFED_PATH, json.dumps(data), content_type=AJ)
    bars = _provider("nyfed", httpserver, client).fetch(_spec(nyfed="tsy"), start=D(2025, 12, 1), end=D(2025, 12, 31))
    assert [(b.date, b.close, b.open, b.high, b.low, b.volume) for b in bars] == [
        (D(2025, 12, 12), 9.2e9, 1.0, 9.2e9, 0.0, 2.0), (D(2025, 12, 15), 5e8, -1.0, 0.0, 5e8, 1.0)]
    assert bars[0].operation_type == "Outright Bill Purchase; Outright Coupon Purchase"  # type: ignore[attr-defined]


def test_nyfed_operation_verifies_the_seed_claim(httpserver: HTTPServer, client: httpx.Client, tmp_path: Path) -> None:
    _serve(httpserver, NYFED_PATH, _body(NYFED_FILE), content_type=AJ)
    spec = load_catalogue().get("NYFED_TSY_OPS")
    bars = _provider("nyfed", httpserver, client).fetch(spec, start=D(2025, 12, 12), end=D(2025, 12, 12))
    db = store.open_db(tmp_path / "x.db")
    try:
        assert spec.row()["subject"] == "FED:operations"
        store.save_series(db, spec.row(), bars)
        market = pipeline.load_market(db)
    finally:
        db.close()
    claim = Claim.from_dict(SEED_CLAIM)
    verdict = verify_claim(claim, market, published=D(2025, 12, 12))
    assert (verdict.verdict, verdict.reason) == ("supported", "within_tolerance")
    assert verdict.evidence["coverage"] == {"NYFED_TSY_OPS": ["2025-12-12", "2025-12-12"]}
    sale = Claim.from_dict(dict(claim.to_dict(), relation="sale"))
    assert verify_claim(sale, market, published=D(2025, 12, 12)).verdict != "supported"


# -- every error shape, every vendor ----------------------------------------------------------

CG_PATH = "/api/v3/coins/SYM/market_chart/range"
#: (vendor, path served, body, status, content type, headers, exception, retry_after)
ERRORS: list[tuple[str, str, bytes | str, int, str, dict[str, str] | None, type[Exception], float | None]] = [
    ("yahoo", "/v8/finance/chart/SYM", _body("yahoo/error-404-no-data-found-SIX.json"), 404, JSON,
     {"cache-control": "max-age=0, private"}, UnknownSymbol, None),
    ("yahoo", "/v8/finance/chart/SYM", _body("yahoo/error-400-data-doesnt-exist-BFLY.json"), 400, JSON, None,
     NoPriceData, None),
    ("yahoo", "/v8/finance/chart/SYM", _body("yahoo/empty-range-VXAPL-index-1d.json"), 200, JSON, None, NoPriceData,
     None),
    ("yahoo", "/v8/finance/chart/SYM", _body("yahoo/empty-range-AAPL-weekend-1m.json"), 200, JSON, None, NoPriceData,
     None),
    ("yahoo", "/v8/finance/chart/SYM", _body("yahoo/error-429-too-many-requests.txt"), 429, TEXT, None,
     ThrottledError, None),  # Yahoo sends no Retry-After
    ("yahoo", "/v8/finance/chart/SYM", _body(YAHOO_GSPC)[:500], 200, JSON, None, MalformedPriceData, None),  # cut short
    # Stooq answers all of these with HTTP 200
    ("stooq", "/q/d/l/", _body("stooq/no-data.txt"), 200, TEXT, None, NoPriceData, None),
    ("stooq", "/q/d/l/", _body("stooq/daily-hits-limit.txt"), 200, HTML, None, ThrottledError, None),
    ("stooq", "/q/d/l/", "Exceeded the daily hits limit!\n", 200, HTML, None, ThrottledError, None),
    # derived: no saved interstitial exists; any HTML page instead of CSV must be refused
    ("stooq", "/q/d/l/", "<!DOCTYPE html><html><head><title>Verifying your browser</title></head></html>", 200, HTML,
     None, MalformedPriceData, None),
    # derived: SOURCES.md records a 404 HTML page titled "Error - St. Louis Fed" for an unknown id
    ("fred", "/graph/fredgraph.csv", "<html><head><title>Error - St. Louis Fed</title></head></html>", 404, HTML, None,
     UnknownSymbol, None),
    ("fred", "/graph/fredgraph.csv", "<html><body>maintenance</body></html>", 200, HTML, None, MalformedPriceData,
     None),
    ("fred", "/graph/fredgraph.csv", _body("fred/fredgraph-DFEDTARU-2024-06-01_2025-06-29.csv"), 200, CSV, None,
     MalformedPriceData, None),  # another series' CSV
    ("fred-api", "/fred/series/observations", _body("fred/api-error-400-series-does-not-exist-derived.json"), 400, AJ,
     None, UnknownSymbol, None),
    # another real FRED 400 text (SOURCES.md): a key problem is not an unknown series
    ("fred-api", "/fred/series/observations",
     '{"error_code":400,"error_message":"Bad Request.  The value for variable api_key is not registered."}', 400, AJ,
     None, PriceDataError, None),
    ("fred-api", "/fred/series/observations", "<html>Service Unavailable</html>", 503, HTML, {"Retry-After": "120"},
     ThrottledError, 120.0),
    ("nyfed", NYFED_PATH, '{"treasury": {"auctions": []}}', 200, AJ, None, NoPriceData, None),
    ("nyfed", NYFED_PATH, '{"repo": {"operations": []}}', 200, AJ, None, MalformedPriceData, None),
    ("coingecko", CG_PATH, _body("coingecko/error-429-rate-limit.json"), 429, AJ,
     {"retry-after": "53", "server": "cloudflare"}, ThrottledError, 53.0),
    # the free tier sometimes sends the same body with HTTP 200
    ("coingecko", CG_PATH, _body("coingecko/error-429-rate-limit.json"), 200, AJ, {"retry-after": "53"},
     ThrottledError, 53.0),
    ("coingecko", CG_PATH, _body("coingecko/error-404-coin-not-found.json"), 404, AJ, None, UnknownSymbol, None),
]


@pytest.mark.parametrize(("vendor", "path", "body", "status", "ctype", "headers", "error", "retry_after"),
                         [pytest.param(*case, id=f"{case[0]}-{i}-{case[6].__name__}") for i, case in enumerate(ERRORS)])
def test_error_shapes(httpserver: HTTPServer, client: httpx.Client, vendor: str, path: str, body: bytes | str,
                      status: int, ctype: str, headers: dict[str, str] | None, error: type[Exception],
                      retry_after: float | None) -> None:
    _serve(httpserver, path, body, status=status, content_type=ctype, headers=headers)
    spec = _spec(yahoo="SYM", stooq="sym", fred="DGS10", coingecko="SYM")
    with pytest.raises(error) as exc:
        _provider(vendor, httpserver, client).fetch(spec, start=D(2025, 12, 1), end=D(2025, 12, 31))
    assert type(exc.value) is error  # the exact class, not just the PriceDataError root
    if isinstance(exc.value, ThrottledError):
        assert exc.value.retry_after == retry_after
    assert FRED_KEY not in str(exc.value)
