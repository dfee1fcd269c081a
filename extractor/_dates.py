"""Find time expressions in a sentence and resolve them against the publish date.

Two outputs matter to a claim: ``date`` (the day it is about, "on Thursday" in a Friday
article -> the day before) and ``period`` (the window a figure covers: "ytd", "24h",
"week", "2021-11", "since 2020-03", "2019-Q3"). Everything is pure and stdlib-only.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["TimeExpr", "find_time_expressions"]

MONTH_NUM = {
    name: i
    for i in range(1, 13)
    for name in (calendar.month_name[i].lower(), calendar.month_abbr[i].lower())
}
MONTH_NUM["sept"] = 9
WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
ORDINAL_WORDS = {"first": 1, "second": 2, "third": 3, "fourth": 4}

_MONTH = r"(?P<month>january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?"
_MONTH2 = _MONTH.replace("?P<month>", "?P<month2>")
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>\d\d)-(?P<d>\d\d)\b")),
    ("ytd", re.compile(r"\b(?:year[- ]to[- ]date|ytd|so far this year|this year|so far in \d{4}|year so far|since the (?:start|beginning) of the year)\b")),
    ("h24", re.compile(r"\b(?:(?:in|over|during) the (?:past|last) (?:24 hours|day)|(?:in|over) 24 hours|24-hour|in the past day|24h)\b")),
    ("rel_week", re.compile(r"\b(?:this week|for the week|on the week|last week|past week|the week|weekly|week-over-week|on a weekly basis)\b")),
    ("rel_month", re.compile(r"\b(?:this month|for the month|last month|past month|on the month|monthly|month-to-date)\b")),
    ("yesterday", re.compile(r"\byesterday\b")),
    ("today", re.compile(r"\b(?:today|this morning|this afternoon|tonight|earlier today|on the day|at press time|as of press time)\b")),
    ("since", re.compile(rf"\bsince\s+(?:(?:early|mid|late)[- ])?(?:{_MONTH}\s+)?(?:(?P<day>\d{{1,2}}),?\s+)?{_YEAR}\b")),
    ("since_month", re.compile(rf"\bsince\s+(?:(?:early|mid|late)[- ])?{_MONTH}(?:\s+(?P<day>\d{{1,2}}))?\b")),
    ("quarter", re.compile(r"\b(?:(?P<qn>first|second|third|fourth)\s+quarter(?:\s+of)?|q(?P<qd>[1-4]))\s*(?P<year>(?:19|20)\d\d)?\b")),
    ("month_day", re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+{_YEAR})?\b")),
    ("day_month", re.compile(rf"\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}(?:,?\s+{_YEAR})?\b")),
    ("month_year", re.compile(rf"\b(?:(?P<part>early|mid|late)[- ])?{_MONTH}(?:'s)?\s+(?:of\s+)?{_YEAR}\b")),
    ("month", re.compile(rf"\b(?:(?P<part>early|mid|late)[- ])?(?:in|during|since|of|for|on|through|until|from)?\s*{_MONTH}(?P<poss>['’]s)?(?=[\s,.;:)]|$)")),
    ("weekday", re.compile(r"\b(?P<rel>last|next|this|on|since|through|until|by)?\s*(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)(?:['’]s)?\b")),
    ("year", re.compile(rf"\b(?:in|during|of|for|since|through|throughout)\s+{_YEAR}\b(?!-)")),
]
#: words that may precede a bare month name without it being the verb "may"
_MONTH_NEEDS_CONTEXT = {"may", "mar", "jun", "jan", "oct", "dec", "aug", "sep", "apr", "feb", "jul", "nov"}


@dataclass(frozen=True, slots=True)
class TimeExpr:
    """A time expression in text: its span, the day it names and/or the window it names."""

    start: int
    end: int
    kind: str
    date: dt.date | None = None
    period: str | None = None
    #: True when the expression names one specific day ("on Thursday", "Dec. 12")
    is_day: bool = False


def _year_for(month: int, day: int | None, published: dt.date | None, year: str | None) -> int | None:
    if year:
        return int(year)
    if published is None:
        return None
    candidate = published.year
    try:
        when = dt.date(candidate, month, day or 1)
    except ValueError:
        return candidate
    # a month-day later than the publish date (by more than a few days) is last year's
    if when > published + dt.timedelta(days=7 if day else 31):
        return candidate - 1
    return candidate


def _safe_date(y: int | None, m: int, d: int) -> dt.date | None:
    if y is None:
        return None
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


#: a pattern runs only when the sentence holds one of its trigger words: most sentences
#: name no month, weekday or relative day, so most patterns are skipped. Substring tests
#: are far cheaper than even one pass of a combined regex.
_WORD_TRIGGERS: tuple[tuple[str, str], ...] = tuple(
    (word, kind)
    for kind, words in {
        "ytd": ("year", "ytd"),
        "h24": ("24", "day"),
        "rel_week": ("week",),
        "rel_month": ("month",),
        "yesterday": ("yesterday",),
        "today": ("today", "morning", "afternoon", "tonight", "the day", "press time"),
        "since": ("since",),
        "since_month": ("since",),
        "quarter": ("quarter",),
        "weekday": ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    }.items()
    for word in words
)
_PATTERN_TRIGGERS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\d{4}-\d\d-\d\d"), "iso"),
    (re.compile(r"\bq[1-4]"), "quarter"),
    (re.compile(r"(?:19|20)\d\d"), "year"),
)
_TRIGGERED = frozenset(kind for _, kind in _WORD_TRIGGERS) | {kind for _, kind in _PATTERN_TRIGGERS}


def _triggered(low: str) -> set[str]:
    kinds = {kind for word, kind in _WORD_TRIGGERS if word in low}
    kinds.update(kind for pattern, kind in _PATTERN_TRIGGERS if kind not in kinds and pattern.search(low))
    return kinds


#: every month pattern needs a month name that no letter or digit follows ("mar" in
#: "market" is no month): a sentence without one skips them all
_MONTH_ANY = re.compile(
    r"(?:january|february|march|april|may|june|july|august|september|october|november|december"
    r"|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)(?!\w)"
)


def find_time_expressions(text: str, published: dt.date | None) -> list[TimeExpr]:
    """All non-overlapping time expressions in ``text``, earliest pattern wins on overlap."""
    taken: list[tuple[int, int]] = []
    found: list[TimeExpr] = []
    # patterns are case-sensitive on lower-cased text (IGNORECASE makes the month
    # alternations several times slower); capitalisation is read from the original
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    has_month = _MONTH_ANY.search(low) is not None
    needed = _triggered(low)
    for kind, pattern in _PATTERNS:
        if kind in _TRIGGERED:
            if kind not in needed:
                continue
        elif not has_month:
            continue  # month_day, day_month, month_year, month
        for m in pattern.finditer(low):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            expr = _resolve(kind, m, published, text)
            if expr is None:
                continue
            taken.append((s, e))
            found.append(expr)
    found.sort(key=lambda x: x.start)
    return found


def _resolve(kind: str, m: re.Match[str], pub: dt.date | None, text: str) -> TimeExpr | None:
    s, e = m.span()
    g = m.groupdict()
    if kind == "iso":
        d = _safe_date(int(g["y"]), int(g["m"]), int(g["d"]))
        return TimeExpr(s, e, kind, d, d.isoformat() if d else None, True) if d else None
    if kind == "ytd":
        return TimeExpr(s, e, kind, None, "ytd")
    if kind == "h24":
        return TimeExpr(s, e, kind, None, "24h")
    if kind == "rel_week":
        return TimeExpr(s, e, kind, None, "week")
    if kind == "rel_month":
        txt = m.group().lower()
        if pub and "last month" in txt:
            prev = pub.replace(day=1) - dt.timedelta(days=1)
            return TimeExpr(s, e, kind, None, f"{prev.year}-{prev.month:02d}")
        if pub and ("this month" in txt or "month-to-date" in txt):
            return TimeExpr(s, e, kind, None, f"{pub.year}-{pub.month:02d}")
        return TimeExpr(s, e, kind, None, "month")
    if kind == "yesterday":
        d = pub - dt.timedelta(days=1) if pub else None
        return TimeExpr(s, e, kind, d, d.isoformat() if d else None, True)
    if kind == "today":
        return TimeExpr(s, e, kind, pub, pub.isoformat() if pub else None, True)
    if kind in ("since", "since_month"):
        month = MONTH_NUM.get((g.get("month") or "").lower().rstrip("."))
        year = g.get("year")
        if kind == "since_month":
            if month is None:
                return None
            y = _year_for(month, None, pub, None)
            if y is None:
                return TimeExpr(s, e, kind, None, None)
            year = str(y)
        if month and g.get("day"):
            d = _safe_date(int(year), month, int(g["day"])) if year else None
            return TimeExpr(s, e, kind, None, f"since {d.isoformat()}" if d else None)
        if month:
            return TimeExpr(s, e, kind, None, f"since {year}-{month:02d}")
        return TimeExpr(s, e, kind, None, f"since {year}")
    if kind == "quarter":
        q = ORDINAL_WORDS.get((g.get("qn") or "").lower()) or int(g.get("qd") or 0)
        if not q:
            return None
        year = g.get("year")
        y = int(year) if year else (pub.year if pub else None)
        return TimeExpr(s, e, kind, None, f"{y}-Q{q}" if y else f"Q{q}")
    if kind in ("month_day", "day_month"):
        month = MONTH_NUM[g["month"].lower().rstrip(".")]
        if kind == "month_day" and g["month"] == "may" and not text[m.start()].isupper():
            return None
        day = int(g["day"])
        y = _year_for(month, day, pub, g.get("year"))
        d = _safe_date(y, month, day)
        return TimeExpr(s, e, kind, d, d.isoformat() if d else None, d is not None)
    if kind == "month_year":
        month = MONTH_NUM[g["month"].lower().rstrip(".")]
        return TimeExpr(s, e, kind, None, f"{g['year']}-{month:02d}")
    if kind == "month":
        raw = text[m.start("month") : m.end("month")]
        low = raw.lower().rstrip(".")
        if low in _MONTH_NEEDS_CONTEXT and not raw[0].isupper():
            return None
        if low == "may" and not (g.get("poss") or re.match(r"(?i)(in|during|since|of|for|on|through|until|from|early|mid|late)", m.group())):
            return None  # "may" the verb
        month = MONTH_NUM[low]
        y = _year_for(month, None, pub, None)
        return TimeExpr(s, e, kind, None, f"{y}-{month:02d}" if y else None)
    if kind == "weekday":
        rel = (g.get("rel") or "").lower()
        wd = WEEKDAYS[g["wd"].lower()]
        if pub is None:
            return TimeExpr(s, e, kind, None, None, True)
        delta = (pub.weekday() - wd) % 7
        d = pub - dt.timedelta(days=delta)
        if rel == "next":
            d = pub + dt.timedelta(days=(wd - pub.weekday()) % 7 or 7)
        elif rel == "last" and delta == 0:
            d = pub - dt.timedelta(days=7)
        return TimeExpr(s, e, kind, d, d.isoformat(), True)
    if kind == "year":
        return TimeExpr(s, e, kind, None, g["year"])
    return None
