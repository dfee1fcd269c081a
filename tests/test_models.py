"""Domain records and the exception tree."""

from __future__ import annotations

import datetime as dt

import pytest

import models
from models import Claim, stable_id


def test_claim_round_trips_through_schema_dict() -> None:
    record = {"kind": "drawdown", "subject": "BTC", "value": 27, "unit": "percent", "relation": None,
              "period": "since 2025-10-06", "date": "2025-12-11", "hedged": False, "attribution": None,
              "text": "bitcoin remains 27% below October's record", "case_id": "ignored"}
    claim = Claim.from_dict(record)
    assert claim.date == dt.date(2025, 12, 11) and claim.value == 27.0
    again = claim.to_dict()
    assert {k: again[k] for k in ("kind", "subject", "value", "date", "period")} == {
        "kind": "drawdown", "subject": "BTC", "value": 27.0, "date": "2025-12-11", "period": "since 2025-10-06"}


def test_records_are_frozen() -> None:
    claim = Claim("streak", "BTC", 14, "days", "up", None, None, False, None, "x")
    with pytest.raises(AttributeError):
        claim.value = 3  # type: ignore[misc]


def test_stable_id_is_deterministic_and_distinguishes_inputs() -> None:
    assert stable_id("a", 1) == stable_id("a", 1)
    assert stable_id("a", 1) != stable_id("a", 2)
    assert stable_id("a", None) != stable_id("a", "None ")


@pytest.mark.parametrize(
    "cls, parent",
    [
        (models.FetchError, models.FeedError),
        (models.UnsafeURLError, models.FetchError),
        (models.FeedParseError, models.FeedError),
        (models.PatternError, models.ExtractionError),
        (models.UnknownSymbol, models.PriceDataError),
        (models.NoPriceData, models.PriceDataError),
        (models.ThrottledError, models.PriceDataError),
        (models.SchemaError, models.StoreError),
        (models.NotFound, models.StoreError),
        (models.VerificationError, models.MarketClaimsError),
    ],
)
def test_exception_tree(cls: type, parent: type) -> None:
    assert issubclass(cls, parent) and issubclass(cls, models.MarketClaimsError)


def test_errors_carry_context() -> None:
    err = models.FetchError("boom", url="https://x", status=503)
    assert (err.url, err.status, str(err)) == ("https://x", 503, "boom")
    assert models.ThrottledError("slow", symbol="BTC", retry_after=30).retry_after == 30
