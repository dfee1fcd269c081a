"""Central-bank operations, decidable only with operation-level data (one row per operation).

An operations series stores each operation as a row: ``close`` = accepted amount (USD),
``open`` = +1 for a purchase and -1 for a sale. A claim "$8.2 billion of bill purchases on
2025-12-12" holds when an operation of that direction and size took place that day.
"""

from __future__ import annotations

import datetime as dt

from models import Claim

from ._policy import Bounds, Policy
from ._rules import Outcome, _judge
from ._series import Series

__all__ = ["check_operation"]


def check_operation(claim: Claim, s: Series, bounds: Bounds | None, published: dt.date | None, policy: Policy) -> list[Outcome]:
    if bounds is None or claim.value is None:
        return []
    day = claim.date or published
    if day is None:
        return []
    direction = -1.0 if claim.relation == "sale" else 1.0
    out: list[Outcome] = []
    for k in s.window(day - dt.timedelta(days=1), day + dt.timedelta(days=1)):
        bar = s.bars[k]
        # providers keep a day's purchases in ``high`` and its sales in ``low``; ``close`` is the
        # dominant side (``open`` its direction)
        side = bar.high if direction > 0 else bar.low
        if side is None:
            if (bar.open or 1.0) != direction:
                continue
            side = bar.close
        if not side:
            continue
        amount = side
        out.append(Outcome(f"{'purchase' if direction > 0 else 'sale'} operation on {s.dates[k].isoformat()}",
                           _judge(bounds, amount, policy), amount, s, [s.row(k, "close")]))
    if not out and s.covers(day):
        out.append(Outcome(f"no {'purchase' if direction > 0 else 'sale'} operation around {day.isoformat()}",
                           "fails", 0.0, s, []))
    return out
