"""Fetching prices into the store through the pipeline (vendors served by a local server)."""

from __future__ import annotations

import datetime as dt

import httpx
from pytest_httpserver import HTTPServer

from marketclaims import pipeline
from marketclaims.prices import load_catalogue

from .conftest import CORPUS

YAHOO = CORPUS / "prices" / "yahoo"


def test_fetch_same_vendor_extends_the_catalogued_series(db, httpserver: HTTPServer) -> None:  # type: ignore[no-untyped-def]
    body = (YAHOO / "chart-BTC-USD-2020-01-01_2021-01-04-1d.json").read_bytes()
    httpserver.expect_request("/v8/finance/chart/BTC-USD").respond_with_data(body, content_type="application/json")
    before = db["prices"].count_where("series_id = 'BTC-USD'")
    with httpx.Client() as client:
        sid, n = pipeline.fetch_prices(db, "BTC", provider="yahoo", since=dt.date(2020, 1, 1), until=dt.date(2021, 1, 3),
                                       client=client, base_urls={"yahoo": httpserver.url_for("")})
    assert sid == "BTC-USD" and n > 300
    assert db["prices"].count_where("series_id = 'BTC-USD'") == before, "same vendor, same days: an upsert"
    assert db["series"].get("BTC-USD")["provider"] == "yahoo"


def test_fetch_a_ticker_the_catalogue_does_not_list(db, httpserver: HTTPServer) -> None:  # type: ignore[no-untyped-def]
    body = (YAHOO / "chart-AAPL-2020-08-31_2020-11-07-1d-split.json").read_bytes()
    httpserver.expect_request("/v8/finance/chart/AAPL").respond_with_data(body, content_type="application/json")
    with httpx.Client() as client:
        sid, n = pipeline.fetch_prices(db, "AAPL", provider="yahoo", client=client,
                                       base_urls={"yahoo": httpserver.url_for("")})
    assert sid == "AAPL@yahoo" and n > 40
    market = pipeline.load_market(db, subjects=["AAPL"])
    assert market.series_for("AAPL")[0].id == "AAPL@yahoo"


def test_update_reports_each_series_and_goes_on_after_failures(db, httpserver: HTTPServer) -> None:  # type: ignore[no-untyped-def]
    httpserver.expect_request("/v8/finance/chart/^GSPC").respond_with_data(
        (YAHOO / "error-429-too-many-requests.txt").read_bytes(), status=429, headers={"Retry-After": "30"})
    with httpx.Client() as client:
        results = pipeline.update_prices(db, subjects=["SPX", "RUT"], client=client,
                                         base_urls={"yahoo": httpserver.url_for("")})
    by_series = {r["series"]: r for r in results}
    assert by_series["^GSPC"]["status"] == "throttled"
    assert by_series["^RUT"]["status"] == "skipped", "a throttled vendor is not asked again in the same run"


def test_unknown_subject_for_a_provider(db) -> None:  # type: ignore[no-untyped-def]
    import pytest

    from models import UnknownSymbol

    with pytest.raises(UnknownSymbol):
        pipeline.fetch_prices(db, "NOPE", provider="fred", catalogue=load_catalogue())
