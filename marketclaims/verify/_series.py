"""Price series indexed for verification: load once, answer by date in O(1) or O(log n)."""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from models import PriceBar

__all__ = ["MarketData", "Series"]


@dataclass
class Series:
    """One price series with a date index and running extremes for record checks."""

    id: str
    subject: str
    vendor: str
    calendar: str
    definition: str = ""
    cross_check: bool = False
    is_primary: bool = True
    #: False for proxies whose levels differ from the subject's (a dividend-adjusted ETF
    #: standing in for an index): they may judge moves and streaks, never levels or records
    levels_comparable: bool = True
    notes: str = ""
    bars: Sequence[PriceBar] = ()
    dates: list[dt.date] = field(default_factory=list, init=False)
    _index: dict[dt.date, int] = field(default_factory=dict, init=False)
    run_max_close: list[float] = field(default_factory=list, init=False)
    run_max_high: list[float] = field(default_factory=list, init=False)
    run_min_close: list[float] = field(default_factory=list, init=False)
    run_min_low: list[float] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self.bars = sorted(self.bars, key=lambda b: b.date)
        self.dates = [b.date for b in self.bars]
        self._index = {d: i for i, d in enumerate(self.dates)}
        closes = [b.close for b in self.bars]
        highs = [b.high if b.high is not None else b.close for b in self.bars]
        lows = [b.low if b.low is not None else b.close for b in self.bars]
        self.run_max_close = list(accumulate(closes, max))
        self.run_max_high = list(accumulate(highs, max))
        self.run_min_close = list(accumulate(closes, min))
        self.run_min_low = list(accumulate(lows, min))

    # -- lookups -------------------------------------------------------------------------
    @property
    def start(self) -> dt.date | None:
        return self.dates[0] if self.dates else None

    @property
    def end(self) -> dt.date | None:
        return self.dates[-1] if self.dates else None

    def covers(self, day: dt.date) -> bool:
        return bool(self.dates) and self.dates[0] <= day <= self.dates[-1]

    def index_on(self, day: dt.date) -> int | None:
        return self._index.get(day)

    def index_at_or_before(self, day: dt.date) -> int | None:
        i = bisect.bisect_right(self.dates, day) - 1
        return i if i >= 0 else None

    def index_before(self, day: dt.date) -> int | None:
        i = bisect.bisect_left(self.dates, day) - 1
        return i if i >= 0 else None

    def index_after(self, day: dt.date) -> int | None:
        i = bisect.bisect_right(self.dates, day)
        return i if i < len(self.dates) else None

    def high(self, i: int) -> float:
        b = self.bars[i]
        return b.high if b.high is not None else b.close

    def low(self, i: int) -> float:
        b = self.bars[i]
        return b.low if b.low is not None else b.close

    def has_intraday(self) -> bool:
        return bool(self.bars) and self.bars[-1].high is not None

    def window(self, start: dt.date, end: dt.date) -> range:
        lo = bisect.bisect_left(self.dates, start)
        hi = bisect.bisect_right(self.dates, end)
        return range(lo, hi)

    def row(self, i: int, fld: str) -> dict[str, Any]:
        value = {"close": self.bars[i].close, "high": self.high(i), "low": self.low(i), "open": self.bars[i].open}[fld]
        return {"series": self.id, "date": self.dates[i].isoformat(), "field": fld, "value": value}


@dataclass
class MarketData:
    """Every loaded series by subject, primary first. Built once per verification run."""

    by_subject: dict[str, list[Series]] = field(default_factory=dict)

    def add(self, series: Series) -> None:
        self.by_subject.setdefault(series.subject, []).append(series)
        self.by_subject[series.subject].sort(key=lambda s: not s.is_primary)

    def series_for(self, subject: str | None) -> list[Series]:
        if not subject:
            return []
        return self.by_subject.get(subject) or self.by_subject.get(subject.upper()) or []
