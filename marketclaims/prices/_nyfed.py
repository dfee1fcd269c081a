"""New York Fed Markets Data API: the Desk's outright Treasury purchases and sales.

``GET {base}/api/tsy/all/results/details/search.json?startDate=YYYY-MM-DD&endDate=YYYY-MM-DD``
returns ``{"treasury": {"auctions": [...]}}``, one object per operation with
``operationDate``, ``operationDirection`` ("P"/"S"), ``operationType`` ("Outright Bill
Purchase", …) and ``totalParAmtAccepted`` (whole US dollars, a string in the published
schema, sometimes a number). This is operation-level data, the only thing that can decide a
claim like "$8.2 billion of bill purchases on Friday" (balance-sheet totals cannot).

**Storage shape** (what ``marketclaims.verify._operations`` reads; subject ``FED:operations``):
the store keeps one row per series and date, so operations are aggregated per day:

* ``close`` = the accepted par amount, summed over the day's operations in the row's
  direction; ``open`` = +1.0 for purchases, -1.0 for sales;
* ``high`` = the day's purchases total, ``low`` = the day's sales total (0.0 when none);
  ``volume`` = the number of operations that day.

Why the sum: the Desk often runs several operations a day (a bill and a coupon purchase),
and news reports the day's total ("the Fed bought $8.2 billion"). A single operation's
size is still available through ``NyFedProvider.operations()``. On a day with both
purchases and sales (not seen in the Desk's reserve-management purchases, but possible)
``open``/``close`` carry the larger side and ``high``/``low`` keep both totals; the
verifier reads only ``open``/``close`` today, so the smaller side of such a day is not
visible to it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from models import MalformedPriceData, PriceBar

from ._catalogue import SeriesSpec
from ._http import HttpProvider, finish, get, json_body

__all__ = ["NyFedProvider", "OperationBar", "TreasuryOperation"]

#: when no start is given: one year back (the API answers long ranges slowly, and ``prices
#: update`` passes the day after the stored coverage anyway)
_DEFAULT_LOOKBACK = dt.timedelta(days=365)


@dataclass(frozen=True, slots=True)
class TreasuryOperation:
    """One Desk operation as published (amounts in whole US dollars)."""

    operation_id: str
    date: dt.date
    direction: float  # +1.0 purchase, -1.0 sale
    operation_type: str
    accepted: float
    submitted: float | None = None
    settlement_date: dt.date | None = None


@dataclass(frozen=True, slots=True)
class OperationBar(PriceBar):
    """A day's operations as a ``PriceBar`` plus what the store cannot hold: the operation
    types and ids (kept for reports and ``explain``; the store saves the PriceBar fields)."""

    operation_type: str = ""
    operation_ids: tuple[str, ...] = ()


def _amount(value: Any) -> float | None:
    """``"8200000000"``, ``8200000000``, ``"8,200,000,000"`` → 8.2e9; empty → None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    text = str(value).strip().replace(",", "")
    return float(text) if text else None


def _direction(op: dict[str, Any]) -> float:
    """+1 purchase / -1 sale, from ``operationDirection`` or else ``operationType``."""
    code = str(op.get("operationDirection") or "").strip().upper()
    if code in ("P", "S"):
        return 1.0 if code == "P" else -1.0
    kind = str(op.get("operationType") or "").lower()
    if "purchase" in kind:
        return 1.0
    if "sale" in kind:
        return -1.0
    raise ValueError(f"no direction in operation {op.get('operationId')!r}")


def parse_operations(data: Any, symbol: str) -> list[TreasuryOperation]:
    """Operations of a ``search.json`` response; those without an accepted amount (not yet
    concluded, or cancelled) are left out because they moved no money."""
    try:
        auctions = data["treasury"]["auctions"]
        if not isinstance(auctions, list):
            raise TypeError("'treasury.auctions' is not a list")
        out: list[TreasuryOperation] = []
        for op in auctions:
            accepted = _amount(op.get("totalParAmtAccepted"))
            if accepted is None:
                continue
            settle = op.get("settlementDate")
            out.append(TreasuryOperation(
                operation_id=str(op.get("operationId") or ""),
                date=dt.date.fromisoformat(str(op["operationDate"])[:10]),
                direction=_direction(op),
                operation_type=str(op.get("operationType") or ""),
                accepted=accepted,
                submitted=_amount(op.get("totalParAmtSubmitted")),
                settlement_date=dt.date.fromisoformat(str(settle)[:10]) if settle else None,
            ))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise MalformedPriceData(f"nyfed {symbol}: unexpected operations response: {exc!r}", symbol=symbol) from exc
    return out


def daily_bars(operations: list[TreasuryOperation]) -> list[OperationBar]:
    """One bar per day: the summed amount per direction (see the module docstring)."""
    days: dict[dt.date, list[TreasuryOperation]] = defaultdict(list)
    for op in operations:
        days[op.date].append(op)
    bars: list[OperationBar] = []
    for day in sorted(days):
        ops = days[day]
        bought = sum(op.accepted for op in ops if op.direction > 0)
        sold = sum(op.accepted for op in ops if op.direction < 0)
        direction = 1.0 if bought >= sold else -1.0
        types = tuple(dict.fromkeys(op.operation_type for op in ops if op.operation_type))
        bars.append(OperationBar(day, bought if direction > 0 else sold, direction, bought, sold, float(len(ops)),
                                 operation_type="; ".join(types),
                                 operation_ids=tuple(op.operation_id for op in ops)))
    return bars


class NyFedProvider(HttpProvider):
    """Outright Treasury operations from the NY Fed (catalogue key ``nyfed``, default ``tsy``)."""

    name = "nyfed"
    default_base_url = "https://markets.newyorkfed.org"

    def operations(self, spec: SeriesSpec | None = None, *, start: dt.date | None = None,
                   end: dt.date | None = None) -> list[TreasuryOperation]:
        """Every operation with a result between ``start`` and ``end``, unaggregated."""
        symbol = spec.symbols.get("nyfed", "tsy") if spec is not None else "tsy"
        end = end or dt.datetime.now(dt.UTC).date()
        start = start or end - _DEFAULT_LOOKBACK
        resp = get(self.client, f"{self.base_url}/api/{symbol}/all/results/details/search.json",
                   params={"startDate": start.isoformat(), "endDate": end.isoformat()}, symbol=symbol)
        data = json_body(resp)
        if data is None:
            raise MalformedPriceData(f"nyfed {symbol}: response is not JSON: {resp.text[:80]!r}", symbol=symbol)
        return [op for op in parse_operations(data, symbol) if start <= op.date <= end]

    def fetch(self, spec: SeriesSpec, *, start: dt.date | None = None, end: dt.date | None = None) -> list[PriceBar]:
        """Daily operation rows for ``FED:operations`` (no start: the last 365 days)."""
        symbol = spec.symbols.get("nyfed", "tsy")
        ops = self.operations(spec, start=start, end=end)
        return finish(daily_bars(ops), symbol=symbol, start=start, end=end)
