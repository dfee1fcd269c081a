"""The seed article end to end: extraction, then each claim's verdict and its evidence."""

from __future__ import annotations

import datetime as dt

import extractor
from feeds import read_source
from marketclaims.verify import MarketData, verify_claim

from .conftest import SEED


def _verdicts(market: MarketData) -> dict[tuple[str, str, float | None, str | None], tuple[str, str, dict]]:  # type: ignore[type-arg]
    article = read_source(str(SEED)).articles[0]
    out = {}
    for claim in extractor.extract(article.text, article.published):
        figure = article.text[claim.start : claim.end]
        v = verify_claim(claim, market, published=article.published, figure_text=figure)
        key = (claim.kind, claim.subject or "", claim.value, claim.date.isoformat() if claim.date else None)
        out[key] = (v.verdict, v.reason, v.evidence)
    return out


def test_seed_verdicts(market: MarketData) -> None:
    got = _verdicts(market)
    rut = got[("record_high", "RUT", None, "2025-12-11")]
    assert rut[0] == "supported" and rut[2]["definition"].startswith("record close")
    assert rut[2]["observed"] == 2590.610107
    assert got[("record_high", "DJI", None, "2025-12-11")][0] == "supported"
    spx = got[("record_high", "SPX", None, "2025-12-11")]
    assert spx[0] == "supported" and "record close" in spx[2]["definition"]
    assert any(t["status"] == "fails" and "intraday" in t["definition"] for t in spx[2]["tried"])
    btc = got[("drawdown", "BTC", 27.0, None)]
    assert btc[0] == "supported" and abs(btc[2]["observed"] - 26.69) < 0.01
    assert btc[2]["rows"][0] == {"series": "BTC-USD", "date": "2025-10-06", "field": "high", "value": 126198.070312}
    peak = got[("price_level", "BTC", 69000.0, None)]
    assert peak[0] == "supported" and peak[2]["observed"] == 68789.625
    fed = got[("rate_decision", "FED", -25.0, "2025-12-10")]
    assert fed[:2] == ("supported", "within_tolerance")
    op = got[("central_bank_operation", "FED", 8.2e9, "2025-12-12")]
    assert op[:2] == ("unverifiable", "no_operation_data")
    priced_in = got[("rate_decision", "FED", -50.0, None)]
    assert priced_in[:2] == ("unverifiable", "forward_looking")


def test_point_in_time_now_uses_bars_before_publication(market: MarketData) -> None:
    claim = extractor.extract("Bitcoin remains 27% below its October record.", dt.date(2025, 12, 12))[0]
    v = verify_claim(claim, market, published=dt.date(2025, 12, 12))
    assert all(r["date"] <= "2025-12-12" for r in v.evidence["rows"])


def test_operations_data_decides_the_seed_purchase_not_the_programme(tmp_path, db) -> None:  # type: ignore[no-untyped-def]
    """With NY Fed operation data (the derived 2025-12-12 response, see tests/corpus/prices),
    the $8.2 billion purchase is supported; the $40 billion programme stays unverifiable."""
    import httpx

    from marketclaims import pipeline
    from marketclaims.prices import NyFedProvider, load_catalogue

    from .conftest import CORPUS

    body = (CORPUS / "prices" / "nyfed" / "tsy-operations-2025-12-derived.json").read_bytes()
    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body,
                                                                   headers={"content-type": "application/json"}))
    with httpx.Client(transport=transport) as client:
        spec = load_catalogue().get("NYFED_TSY_OPS")
        bars = NyFedProvider(client=client, base_url="https://markets.newyorkfed.org").fetch(
            spec, start=dt.date(2025, 12, 1), end=dt.date(2025, 12, 31))
    from marketclaims import store

    store.save_series(db, spec.row(), bars)
    market = pipeline.load_market(db)
    got = _verdicts(market)
    assert got[("central_bank_operation", "FED", 8.2e9, "2025-12-12")][:2] == ("supported", "within_tolerance")
    programme = [v for k, v in got.items() if k[0] == "central_bank_operation" and k[2] == 4e10]
    assert programme and all(v[:2] == ("unverifiable", "aggregate_amount") for v in programme)
