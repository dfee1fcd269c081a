"""Tolerance policy: how a written figure becomes an interval the data must hit.

A journalist who writes "$69,000" for 68,789.63 or "27%" for 26.7% is right: the figure's
written precision is part of the claim. Qualifiers widen or open the interval ("about",
"more than", "less than"). The policy is one frozen dataclass, recorded in every verdict.
"""

from __future__ import annotations

import math
import re
from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["Bounds", "Policy", "claimed_bounds", "written_precision"]


@dataclass(frozen=True)
class Policy:
    """Every number that decides a verdict, in one place.

    Attributes:
        level_rel_floor: a price level always gets at least this relative slack (vendors
            differ by a few basis points; spot vs futures by more).
        percent_abs_floor: a percent figure always gets at least this many points of slack.
        about_rel: "about/around/roughly/nearly/almost" widen a level by this fraction.
        about_abs_percent: ... and a percent figure by this many points.
        ambiguity_margin: a failure closer than this fraction of the tolerance to the
            bounds is "ambiguous", not "contradicted" (a false contradiction is the worst
            error the product can make).
        sources_disagree_rel: two vendors of one definition further apart than this
            make the claim unverifiable ("sources_disagree").
        streak_min_only: a streak of N is supported when the run is N or longer.
        intraday_venue_rel: intraday highs and lows differ between venues (one exchange's
            wick is not another's); a miss smaller than this fraction on an intraday
            definition is ambiguous, not a contradiction.
        intraday_venue_rel_crypto: the same for 24/7 crypto markets, where crash wicks
            differ by several percent between exchanges.
    """

    level_rel_floor: float = 0.005
    percent_abs_floor: float = 0.1
    about_rel: float = 0.03
    about_abs_percent: float = 1.0
    ambiguity_margin: float = 0.5
    sources_disagree_rel: float = 0.01
    streak_min_only: bool = True
    intraday_venue_rel: float = 0.01
    intraday_venue_rel_crypto: float = 0.03

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Bounds:
    """The interval a claimed figure allows; ``lo``/``hi`` may be infinite."""

    lo: float
    hi: float
    claimed: float
    qualifier: str | None
    precision: float

    def contains(self, x: float) -> bool:
        return self.lo <= x <= self.hi

    def miss(self, x: float) -> float:
        """How far outside the interval ``x`` lies (0 inside)."""
        if x < self.lo:
            return self.lo - x
        if x > self.hi:
            return x - self.hi
        return 0.0

    def width(self) -> float:
        finite = [v for v in (self.lo, self.hi) if math.isfinite(v)]
        if len(finite) == 2:
            return (self.hi - self.lo) / 2
        return abs(self.claimed) * 0.01 + self.precision

    def as_list(self) -> list[float | None]:
        return [self.lo if math.isfinite(self.lo) else None, self.hi if math.isfinite(self.hi) else None]


_FIGURE = re.compile(r"[-+]?\d[\d,]*(?:\.\d+)?")


def written_precision(value: float, figure_text: str | None = None) -> float:
    """The rounding unit of the figure as written: "69,000" -> 1000, "26.7" -> 0.1, "27" -> 1.

    Integers ending in zeros are read as rounded to their last non-zero digit ("$69,000"
    is a round thousand), capped at a tenth of the value so "$100" is not "any price".
    """
    text = None
    if figure_text:
        m = _FIGURE.search(figure_text)
        text = m.group().replace(",", "") if m else None
    if text is None:
        text = repr(abs(value)).rstrip("0").rstrip(".") if value == int(value) else repr(abs(value))
        if "e" in text:
            return abs(value) * 1e-3
        if "." not in text:
            text = str(int(abs(value)))
    if "." in text:
        decimals = len(text.split(".")[1])
        return 10.0 ** -decimals
    digits = text.lstrip("-+")
    zeros = len(digits) - len(digits.rstrip("0")) if digits.strip("0") else 0
    unit = 10.0**zeros
    return min(unit, max(abs(value) / 10, 1.0))


def claimed_bounds(value: float, *, kind_of_figure: str, qualifier: str | None, figure_text: str | None,
                   policy: Policy) -> Bounds:
    """The interval a figure allows, from its precision, qualifier and the policy floors.

    Args:
        kind_of_figure: "level" (a price or index level) or "percent" (a move or drawdown).
    """
    precision = written_precision(value, figure_text)
    half = precision / 2
    if kind_of_figure == "level":
        slack = max(half, abs(value) * policy.level_rel_floor)
        about = max(slack, abs(value) * policy.about_rel)
    else:
        slack = max(half, policy.percent_abs_floor)
        about = max(slack, policy.about_abs_percent, abs(value) * 0.1)
    lo, hi = value - slack, value + slack
    if qualifier == "about":
        lo, hi = value - about, value + about
    elif qualifier == "more_than":
        lo, hi = (value - slack, math.inf) if value >= 0 else (-math.inf, value + slack)
    elif qualifier == "less_than":
        lo, hi = (-math.inf, value + slack) if value >= 0 else (value - slack, math.inf)
    return Bounds(lo, hi, value, qualifier, precision)
