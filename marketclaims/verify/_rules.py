"""Per-kind checks. Each returns the outcomes of every definition it could compute.

An outcome says whether one reasonable reading of the claim (close vs intraday, the
stated day vs the adjacent session, primary vs alternate series) holds, nearly holds or
fails, with the rows it used. Deciding between outcomes happens in ``__init__``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from models import Claim

from ._policy import Bounds, Policy
from ._series import Series
from ._windows import Day, month_window, since_start, target_days

__all__ = ["Outcome", "check_drawdown", "check_level", "check_percent_change", "check_rate_decision",
           "check_record", "check_streak"]


@dataclass
class Outcome:
    definition: str
    status: str  # "holds" | "near" | "fails"
    observed: float | None
    series: Series
    rows: list[dict[str, Any]] = field(default_factory=list)
    detail: str = ""


def _judge(bounds: Bounds, observed: float, policy: Policy) -> str:
    miss = bounds.miss(observed)
    if miss == 0:
        return "holds"
    return "near" if miss <= policy.ambiguity_margin * bounds.width() else "fails"


def _venue(status: str, bounds: Bounds, observed: float, s: Series, policy: Policy) -> str:
    """An intraday extreme that misses by less than venue-to-venue noise is ambiguous."""
    if status != "fails" or not bounds.claimed:
        return status
    limit = policy.intraday_venue_rel_crypto if s.calendar == "utc-24x7" else policy.intraday_venue_rel
    return "near" if bounds.miss(observed) / abs(bounds.claimed) <= limit else status


def _judge_range(bounds: Bounds, low: float, high: float, policy: Policy) -> tuple[str, float]:
    """Does any value in [low, high] fall within the bounds? Returns status and the closest value."""
    closest = min(max(bounds.claimed, low), high)
    if bounds.lo <= high and bounds.hi >= low:
        closest = min(max(closest, bounds.lo), bounds.hi)
        return "holds", closest
    return _judge(bounds, closest, policy), closest


# -- price levels -------------------------------------------------------------------------


def check_level(claim: Claim, s: Series, bounds: Bounds, published: dt.date | None, policy: Policy) -> list[Outcome]:
    relation = claim.relation or "at"
    window = month_window(claim.period) if not claim.date or claim.date_basis == "published" else None
    out: list[Outcome] = []
    if window:
        idx = s.window(*window)
        if not idx:
            return out
        label = f"{window[0].isoformat()}..{window[1].isoformat()}"
        return _level_over(relation, s, list(idx), bounds, policy, label)
    days = target_days(claim, s, published)
    if not days:
        return out
    for day in days:
        out += _level_over(relation, s, [day.index], bounds, policy, day.label, now=day.intraday_now)
    return out


def _level_over(relation: str, s: Series, idx: list[int], bounds: Bounds, policy: Policy, label: str,
                *, now: bool = False) -> list[Outcome]:
    out = []
    intraday = s.has_intraday()
    hi_i = max(idx, key=s.high)
    lo_i = min(idx, key=s.low)
    cl_max = max(idx, key=lambda i: s.bars[i].close)
    cl_min = min(idx, key=lambda i: s.bars[i].close)
    if relation == "peak":
        if intraday:
            status = _venue(_judge(bounds, s.high(hi_i), policy), bounds, s.high(hi_i), s, policy)
            out.append(Outcome(f"intraday high over {label}", status, s.high(hi_i), s, [s.row(hi_i, "high")]))
        out.append(Outcome(f"highest close over {label}", _judge(bounds, s.bars[cl_max].close, policy), s.bars[cl_max].close, s, [s.row(cl_max, "close")]))
    elif relation == "trough":
        if intraday:
            status = _venue(_judge(bounds, s.low(lo_i), policy), bounds, s.low(lo_i), s, policy)
            out.append(Outcome(f"intraday low over {label}", status, s.low(lo_i), s, [s.row(lo_i, "low")]))
        out.append(Outcome(f"lowest close over {label}", _judge(bounds, s.bars[cl_min].close, policy), s.bars[cl_min].close, s, [s.row(cl_min, "close")]))
    elif relation == "above":
        slack = bounds.claimed - bounds.lo
        for fld, i, v in (("high", hi_i, s.high(hi_i)), ("close", cl_max, s.bars[cl_max].close)):
            if fld == "high" and not intraday:
                continue
            status = "holds" if v >= bounds.claimed else ("near" if v >= bounds.claimed - slack else "fails")
            if fld == "high":
                status = _venue(status, bounds, v, s, policy)
            out.append(Outcome(f"{'intraday high' if fld == 'high' else 'close'} above the level, {label}", status, v, s, [s.row(i, fld)]))
    elif relation == "below":
        slack = bounds.hi - bounds.claimed
        for fld, i, v in (("low", lo_i, s.low(lo_i)), ("close", cl_min, s.bars[cl_min].close)):
            if fld == "low" and not intraday:
                continue
            status = "holds" if v <= bounds.claimed else ("near" if v <= bounds.claimed + slack else "fails")
            if fld == "low":
                status = _venue(status, bounds, v, s, policy)
            out.append(Outcome(f"{'intraday low' if fld == 'low' else 'close'} below the level, {label}", status, v, s, [s.row(i, fld)]))
    else:  # "at"
        for i in idx:
            c = s.bars[i].close
            out.append(Outcome(f"close, {label}", _judge(bounds, c, policy), c, s, [s.row(i, "close")]))
            if intraday or now:
                status, closest = _judge_range(bounds, s.low(i), s.high(i), policy)
                status = _venue(status, bounds, closest, s, policy)
                out.append(Outcome(f"traded within the day's range, {label}", status, closest, s,
                                   [s.row(i, "low"), s.row(i, "high")]))
    return out


# -- moves ----------------------------------------------------------------------------------


def _base_index(claim: Claim, s: Series, i: int) -> list[tuple[int, str]]:
    """The bar a move is measured from, for the claim's window."""
    period = claim.period or ""
    d = s.dates[i]
    bases: list[tuple[int, str]] = []
    start = since_start(period)
    window = month_window(period)
    if period == "ytd":
        j = s.index_before(dt.date(d.year, 1, 1))
        if j is not None:
            bases.append((j, "year to date (from the last close of the previous year)"))
    elif period == "week":
        j = s.index_at_or_before(d - dt.timedelta(days=7))
        if j is not None:
            bases.append((j, "over the week (7 calendar days)"))
        monday = d - dt.timedelta(days=d.weekday())
        k = s.index_before(monday)
        if k is not None and k != j:
            bases.append((k, "over the calendar week (from the previous week's last close)"))
    elif period in ("month",):
        j = s.index_before(dt.date(d.year, d.month, 1))
        if j is not None:
            bases.append((j, "month to date (from the last close of the previous month)"))
        j = s.index_at_or_before(d - dt.timedelta(days=30))
        if j is not None:
            bases.append((j, "over 30 days"))
    elif start is not None:
        j = s.index_at_or_before(start)
        if j is not None:
            bases.append((j, f"since {start.isoformat()}"))
    elif window is not None and window[0] <= d:
        j = s.index_before(window[0])
        if j is not None:
            bases.append((j, f"over {period}"))
    else:
        if i > 0:
            bases.append((i - 1, "close to close, one session"))
    return bases


def check_percent_change(claim: Claim, s: Series, bounds: Bounds, published: dt.date | None, policy: Policy) -> list[Outcome]:
    out: list[Outcome] = []
    window = month_window(claim.period)
    if window and (claim.date is None or claim.date_basis == "published" or claim.date > window[1]):
        if published and published <= window[1]:
            days = []
            k = s.index_before(published)
            if k is not None and s.dates[k] >= window[0]:
                days.append(Day(k, f"{claim.period} to the last close before publication"))
            k = s.index_on(published)
            if k is not None:
                days.append(Day(k, f"{claim.period} to the publication day (time of writing within its range)", True))
        else:
            j = s.index_at_or_before(window[1])
            days = [Day(j, f"end of {claim.period}")] if j is not None and s.dates[j] >= window[0] else []
    else:
        days = target_days(claim, s, published) or []
    for day in days:
        i = day.index
        for j, how in _base_index(claim, s, i):
            base = s.bars[j].close
            if not base:
                continue
            move = (s.bars[i].close / base - 1) * 100
            rows = [s.row(j, "close"), s.row(i, "close")]
            out.append(Outcome(f"{how}, to {day.label}", _judge(bounds, move, policy), round(move, 4), s, rows))
            if s.has_intraday() and (day.intraday_now or claim.qualifier in ("more_than", "about") or how.startswith("close to close")):
                lo = (s.low(i) / base - 1) * 100
                hi = (s.high(i) / base - 1) * 100
                status, closest = _judge_range(bounds, lo, hi, policy)
                out.append(Outcome(f"intraday move within the day's range ({how}), {day.label}", status, round(closest, 4), s,
                                   [s.row(j, "close"), s.row(i, "low"), s.row(i, "high")]))
    return out


def check_drawdown(claim: Claim, s: Series, bounds: Bounds, published: dt.date | None, policy: Policy) -> list[Outcome]:
    out: list[Outcome] = []
    days = target_days(claim, s, published) or []
    start = since_start(claim.period)
    for day in days:
        i = day.index
        if i == 0:
            continue
        if start is not None:
            idx = list(s.window(start, s.dates[i]))
            peaks = [("intraday", max(idx, key=s.high)), ("close", max(idx, key=lambda k: s.bars[k].close))]
        else:
            peaks = [("intraday", _argmax_upto(s, i, high=True)), ("close", _argmax_upto(s, i, high=False))]
        for how, p in peaks:
            if how == "intraday" and not s.has_intraday():
                continue
            peak = s.high(p) if how == "intraday" else s.bars[p].close
            fld = "high" if how == "intraday" else "close"
            dd = (peak - s.bars[i].close) / peak * 100
            rows = [s.row(p, fld), s.row(i, "close")]
            out.append(Outcome(f"close {day.label} vs the {how} peak of {s.dates[p].isoformat()}",
                               _judge(bounds, dd, policy), round(dd, 4), s, rows))
            if day.intraday_now:
                lo = (peak - s.high(i)) / peak * 100
                hi = (peak - s.low(i)) / peak * 100
                status, closest = _judge_range(bounds, lo, hi, policy)
                out.append(Outcome(f"within the publication day's range vs the {how} peak of {s.dates[p].isoformat()}",
                                   status, round(closest, 4), s, rows + [s.row(i, "low"), s.row(i, "high")]))
    return out


def _first_reaching(run: list[float], i: int, *, highest: bool) -> int:
    """The first bar at which a running extreme reached its value at ``i`` (binary search:
    a running max never falls, a running min never rises)."""
    target = run[i]
    lo, hi = 0, i
    while lo < hi:
        mid = (lo + hi) // 2
        if (run[mid] >= target) if highest else (run[mid] <= target):
            hi = mid
        else:
            lo = mid + 1
    return lo


def _argmax_upto(s: Series, i: int, *, high: bool) -> int:
    return _first_reaching(s.run_max_high if high else s.run_max_close, i, highest=True)


def _argmin_upto(s: Series, i: int, *, low: bool) -> int:
    return _first_reaching(s.run_min_low if low else s.run_min_close, i, highest=False)


# -- records and streaks --------------------------------------------------------------------


def check_record(claim: Claim, s: Series, bounds: Bounds | None, published: dt.date | None, policy: Policy) -> list[Outcome]:
    high = claim.kind == "record_high"
    start = since_start(claim.period, after=True)
    window = month_window(claim.period) if claim.date is None or claim.date_basis == "published" else None
    if window:
        idx = list(s.window(*window))
        days = [Day(i, f"in {claim.period}") for i in idx]
    else:
        days = target_days(claim, s, published) or []
    out: list[Outcome] = []
    since = f"since {start.isoformat()}" if start else f"since the series starts ({s.start.isoformat() if s.start else '?'})"
    for day in days:
        i = day.index
        if i == 0:
            continue
        for fld in ("close", "high" if high else "low"):
            if fld != "close" and not s.has_intraday():
                continue
            value = s.bars[i].close if fld == "close" else (s.high(i) if high else s.low(i))
            if start is not None:
                prior_idx = list(s.window(start, s.dates[i - 1]))
                if not prior_idx:
                    continue
                pick = (max if high else min)(prior_idx, key=(lambda k: s.bars[k].close) if fld == "close" else (s.high if high else s.low))
            else:
                pick = _argmax_upto(s, i - 1, high=fld == "high") if high else _argmin_upto(s, i - 1, low=fld == "low")
            prior = s.bars[pick].close if fld == "close" else (s.high(pick) if high else s.low(pick))
            beyond = value > prior if high else value < prior
            gap = abs(value - prior) / prior if prior else 0.0
            status = "holds" if beyond else ("near" if gap < 0.001 else "fails")
            name = "record close" if fld == "close" else ("intraday record high" if high else "intraday record low")
            detail = f"{'highest' if high else 'lowest'} before: {prior:,.2f} on {s.dates[pick].isoformat()}"
            if status == "holds" and bounds is not None and _judge(bounds, value, policy) != "holds":
                # the record is the claim; its level is checked by the price-level claim
                detail += f"; the level that day was {value:,.2f}, not the {bounds.claimed:,.2f} quoted"
            out.append(Outcome(f"{name} {since}, {day.label}", status, value, s, [s.row(i, fld), s.row(pick, fld)], detail))
        if window and any(o.status == "holds" for o in out):
            break
    return out


def _period_ends_backwards(s: Series, unit: str, upto: int) -> list[int]:
    """Bar indexes closing each period (session, week or month), newest first, walking back
    from ``upto`` only as far as a streak could reach."""
    if unit in ("days", "sessions"):
        return list(range(upto, max(-1, upto - 400), -1))
    keyf = (lambda d: d.isocalendar()[:2]) if unit == "weeks" else (lambda d: (d.year, d.month))
    out = [upto]
    current = keyf(s.dates[upto])
    k = upto - 1
    while k >= 0 and len(out) < 400:
        key = keyf(s.dates[k])
        if key != current:
            out.append(k)
            current = key
        k -= 1
    return out


def check_streak(claim: Claim, s: Series, published: dt.date | None, policy: Policy) -> list[Outcome]:
    if claim.value is None or claim.relation not in ("up", "down"):
        return []
    n = int(claim.value)
    unit = claim.unit if claim.unit in ("days", "sessions", "weeks", "months") else "days"
    out: list[Outcome] = []
    for day in target_days(claim, s, published) or []:
        ends = _period_ends_backwards(s, unit, day.index)
        run = 0
        for cur, prev in zip(ends, ends[1:]):
            a, b = s.bars[cur].close, s.bars[prev].close
            if (a > b) if claim.relation == "up" else (a < b):
                run += 1
            else:
                break
        holds = run >= n if policy.streak_min_only else run == n
        rows = [s.row(k, "close") for k in reversed(ends[: run + 2])]
        out.append(Outcome(f"consecutive {claim.relation} {unit} ending {day.label}", "holds" if holds else "fails",
                           float(run), s, rows, f"run of {run} {unit}"))
    return out


# -- central banks ----------------------------------------------------------------------------


def check_rate_decision(claim: Claim, s: Series, published: dt.date | None, policy: Policy) -> list[Outcome]:
    """Change of the target (upper bound) in bps at the meeting on the claim's date.

    A new range effective on the stated day or the next one is that meeting's decision.
    """
    if claim.value is None:
        return []
    if claim.date is not None and claim.date_basis != "published":
        lo_day, hi_day, label = claim.date, claim.date + dt.timedelta(days=1), f"meeting of {claim.date.isoformat()}"
    elif published is not None:
        span = 14 if claim.period in ("week", None) else 45
        lo_day, hi_day, label = published - dt.timedelta(days=span), published, f"the {span} days before publication"
    else:
        return []
    if s.start is None or s.end is None or lo_day < s.start or (lo_day > s.end + dt.timedelta(days=1)):
        return []  # the meeting lies outside the data: no_data_for_date, never a guess
    changes = [k for k in s.window(lo_day, hi_day) if k > 0]
    if not changes:
        if hi_day > s.end + dt.timedelta(days=1):
            return []  # a change effective after the data ends would be invisible
        before = s.index_at_or_before(hi_day)
        rows = [s.row(before, "close")] if before is not None else []
        status = "holds" if abs(claim.value) < 0.5 else "fails"
        return [Outcome(f"target range unchanged over {label}", status, 0.0, s, rows, "no change in the target range")]
    out = []
    for k in changes:
        prev, cur = s.bars[k - 1], s.bars[k]
        readings = [("upper bound", prev.close, cur.close)]
        if prev.low is not None and cur.low is not None:
            readings.append(("lower bound", prev.low, cur.low))
            readings.append(("midpoint", (prev.low + prev.close) / 2, (cur.low + cur.close) / 2))
        for name, before_v, after_v in readings:
            bps = round((after_v - before_v) * 100, 2)
            status = "holds" if abs(bps - claim.value) < 0.5 else "fails"
            out.append(Outcome(f"{name} change effective {s.dates[k].isoformat()} ({label})", status, bps, s,
                               [s.row(k - 1, "close"), s.row(k, "close"), s.row(k - 1, "low"), s.row(k, "low")],
                               f"{name} {before_v:.2f}% -> {after_v:.2f}%"))
    return out
