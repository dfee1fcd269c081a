"""Which days and windows a claim is about, as candidate "definitions" to try.

A claim "on Thursday" is checked on Thursday's bar and, where day boundaries differ (a UTC
crypto day against a US session, an Asian-hours article), on the adjacent day too; a
present-tense claim ("bitcoin remains 27% below") is checked against the last bar before
publication and against the publication day's range (the moment of writing lies in it).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from models import Claim

from ._series import Series

__all__ = ["Day", "month_window", "since_start", "target_days"]

_SINCE = re.compile(r"since\s+(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_YEAR = re.compile(r"^(\d{4})$")
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


@dataclass(frozen=True)
class Day:
    """A bar index to judge a claim on, and why that bar."""

    index: int
    label: str
    intraday_now: bool = False  # the publication day's range stands for "at the time of writing"


def _adjacent_allowed(series: Series) -> bool:
    return series.calendar in ("utc-24x7", "weekdays", "cme")


def target_days(claim: Claim, series: Series, published: dt.date | None) -> list[Day] | None:
    """Candidate bars for a claim about one day; None when the claim names no usable day.

    An empty list means the day is named but the series does not cover it.
    """
    if claim.date is not None and claim.date_basis != "published":
        d = claim.date
        if not series.covers(d) and not (series.start and series.start <= d):
            return []
        days: list[Day] = []
        i = series.index_on(d)
        if i is not None:
            days.append(Day(i, f"the stated day {d.isoformat()}"))
        else:
            j = series.index_before(d)
            if j is not None and series.end and d <= series.end:
                days.append(Day(j, f"the last session before {d.isoformat()} (no bar that day)"))
        if _adjacent_allowed(series) or i is None:
            for delta, why in ((-1, "the day before (day-boundary difference)"), (1, "the day after (day-boundary difference)")):
                k = series.index_on(d + dt.timedelta(days=delta))
                if k is not None and (published is None or series.dates[k] <= published):
                    days.append(Day(k, why))
        return days
    now = claim.date if claim.date is not None else published
    if now is None:
        return None
    days = []
    j = series.index_before(now)
    if j is not None and series.end and now <= series.end + dt.timedelta(days=7):
        days.append(Day(j, f"the last close before publication ({series.dates[j].isoformat()})"))
    k = series.index_on(now)
    if k is not None:
        days.append(Day(k, f"the publication day {now.isoformat()} (time of writing within its range)", True))
    return days


def month_window(period: str | None) -> tuple[dt.date, dt.date] | None:
    """"2021-11" -> November 2021; "2019" -> the year; "2019-Q3" -> the quarter."""
    if not period:
        return None
    m = _MONTH.match(period)
    if m:
        y, mo = int(m.group(1)), int(m.group(2))
        return dt.date(y, mo, 1), dt.date(y, mo, calendar.monthrange(y, mo)[1])
    m = _YEAR.match(period)
    if m:
        y = int(m.group(1))
        return dt.date(y, 1, 1), dt.date(y, 12, 31)
    m = _QUARTER.match(period)
    if m:
        y, q = int(m.group(1)), int(m.group(2))
        first = 3 * (q - 1) + 1
        return dt.date(y, first, 1), dt.date(y, first + 2, calendar.monthrange(y, first + 2)[1])
    return None


def since_start(period: str | None, *, after: bool = False) -> dt.date | None:
    """"since 2020-03" -> 2020-03-01; "since 2010" -> 2010-01-01.

    With ``after``, the first day after the named period: "the highest since April 2010"
    says April 2010 was as high, so the comparison window starts in May 2010.
    """
    if not period:
        return None
    m = _SINCE.search(period)
    if not m:
        return None
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    if not after:
        return dt.date(y, int(mo or 1), int(d or 1))
    if d:
        return dt.date(y, int(mo), int(d)) + dt.timedelta(days=1)
    if mo:
        return dt.date(y + (int(mo) == 12), int(mo) % 12 + 1, 1)
    return dt.date(y + 1, 1, 1)
