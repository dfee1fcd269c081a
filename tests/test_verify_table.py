"""Table-driven verifier tests: one case per line of tests/corpus/verify/*.jsonl.

Each case carries the literal market-data rows (copied from the CSV files) that justify its
expected verdict. The test first checks those rows against the loaded market data, so a
table entry cannot drift from the data, then runs the verifier and compares the verdict
(and the reason, when the case names one). Format: tests/corpus/verify/README.md.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

from marketclaims.verify import MarketData, verify_claim
from models import Claim

TABLE = Path(__file__).parent / "corpus" / "verify"
VERDICTS = ("supported", "contradicted", "unverifiable")
# CSV column name -> PriceBar field: single-value files use `value`, FED_TARGET_RANGE uses
# `upper` (stored as close) and `lower` (stored as low).
FIELD = {"value": "close", "upper": "close", "lower": "low"}


def _load() -> list[Any]:
    params, seen = [], set()
    for path in sorted(TABLE.glob("*.jsonl")):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            case = json.loads(line)
            assert case["id"] not in seen, f"{path.name}:{n}: duplicate id {case['id']}"
            assert case["expect"]["verdict"] in VERDICTS, f"{path.name}:{n}: bad verdict"
            seen.add(case["id"])
            marks = [pytest.mark.xfail(strict=True, reason=case["xfail"])] if case.get("xfail") else []
            params.append(pytest.param(case, id=case["id"], marks=marks))
    return params


CASES = _load()


def check_rows(case: dict[str, Any], market: MarketData) -> None:
    """Every listed row must be a real row of the subject's series, value within 1e-6 relative."""
    series = {s.id: s for s in market.series_for(case["claim"]["subject"])}
    for row in case["rows"]:
        s = series.get(row["series"])
        assert s is not None, f"{row['series']} is not a series of {case['claim']['subject']}"
        i = s.index_on(dt.date.fromisoformat(row["date"]))
        assert i is not None, f"{row['series']} has no row on {row['date']}"
        got = s.row(i, FIELD.get(row["field"], row["field"]))["value"]
        assert got is not None and got == pytest.approx(row["value"], rel=1e-6, abs=1e-12), (
            f"{row['series']} {row['date']} {row['field']}: table says {row['value']}, data says {got}")


def test_table_is_populated() -> None:
    assert len(CASES) >= 150


@pytest.mark.parametrize("case", CASES)
def test_verify_case(case: dict[str, Any], market: MarketData) -> None:
    check_rows(case, market)
    published = dt.date.fromisoformat(case["published"]) if case.get("published") else None
    verdict = verify_claim(Claim.from_dict(case["claim"]), market, published=published,
                           figure_text=case.get("figure_text"))
    expect = case["expect"]
    got = (verdict.verdict, verdict.reason)
    ev = verdict.evidence
    detail = f"{case['why']}: got {got}, deciding definition {ev.get('definition')} -> {ev.get('observed')}"
    assert verdict.verdict == expect["verdict"], detail
    if expect.get("reason"):
        assert verdict.reason == expect["reason"], detail
