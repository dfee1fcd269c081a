"""Policy edges of the verifier on real rows: vendors that disagree, tolerance from the
written precision and qualifiers, and configuration files that extend the catalogue."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from marketclaims.prices import load_catalogue
from marketclaims.verify import MarketData, Policy, verify_claim
from marketclaims.verify._policy import claimed_bounds, written_precision
from models import Claim, ConfigError


def _level(subject: str, value: float, day: str, relation: str = "at") -> Claim:
    return Claim("price_level", subject, value, "points", relation, None, dt.date.fromisoformat(day), False, None,
                 f"{subject} at {value}", date_basis="stated")


def test_vendors_that_disagree_make_a_claim_unverifiable(market: MarketData) -> None:
    """2025-03-05: Yahoo's DX-Y.NYB close (105.739998) repeats the day before, Stooq's fell to
    104.271. "A third straight down session" holds on Stooq (107.614 > 106.747 > 105.743 >
    104.271) and fails on Yahoo: the vendors give different answers, so no verdict."""
    claim = Claim("streak", "DXY", 3.0, "sessions", "down", None, dt.date(2025, 3, 5), False, None,
                  "The dollar index fell for a third straight session", date_basis="stated")
    v = verify_claim(claim, market, published=dt.date(2025, 3, 6))
    assert (v.verdict, v.reason) == ("unverifiable", "sources_disagree")
    assert {c["series"] for c in v.evidence["cross_check"]} == {"DXY_STOOQ"}


def test_vendors_that_agree_decide(market: MarketData) -> None:
    # 2025-03-04: Yahoo 105.739998 vs Stooq 105.62 -- within the 1% cross-check tolerance
    v = verify_claim(_level("DXY", 105.7, "2025-03-04"), market, published=dt.date(2025, 3, 5), figure_text="105.7")
    assert v.verdict == "supported"


@pytest.mark.parametrize(
    "value, text, unit",
    [(69000, "$69,000", 1000.0), (26.7, "26.7%", 0.1), (27, "27%", 1.0), (100, "$100", 10.0), (0.00001717, "$0.00001717", 1e-8)],
)
def test_written_precision(value: float, text: str, unit: float) -> None:
    assert written_precision(value, text) == pytest.approx(unit)


def test_qualifiers_become_bounds() -> None:
    policy = Policy()
    more = claimed_bounds(10, kind_of_figure="percent", qualifier="more_than", figure_text="10%", policy=policy)
    assert more.lo == 9.5 and more.hi == float("inf")
    about = claimed_bounds(82000, kind_of_figure="level", qualifier="about", figure_text="$82,000", policy=policy)
    assert about.contains(80000) and not about.contains(78000)
    less = claimed_bounds(10000, kind_of_figure="level", qualifier="less_than", figure_text="$10,000", policy=policy)
    assert less.contains(9000) and not less.contains(11000)


def test_user_catalogue_extends_the_packaged_one(tmp_path: Path) -> None:
    extra = tmp_path / "mine.toml"
    extra.write_text('[subjects.NVDA]\nprimary = "NVDA@yahoo"\n[series."NVDA@yahoo"]\nsubject = "NVDA"\n'
                     'vendor = "Yahoo Finance"\nprovider = "yahoo"\nyahoo = "NVDA"\ncalendar = "nyse"\n')
    cat = load_catalogue(extra)
    assert cat.specs_for("NVDA")[0].symbols["yahoo"] == "NVDA" and cat.specs_for("BTC")[0].id == "BTC-USD"
    extra.write_text("[series.X]\nvendor = 'no subject'\n")
    with pytest.raises(ConfigError, match="mine.toml"):
        load_catalogue(extra)
