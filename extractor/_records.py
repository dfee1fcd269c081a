"""Claims without a figure of their own: records ("printed a record on Thursday") and
streaks ("a fifth straight week", "14-day winning streak")."""

from __future__ import annotations

import re

from ._context import PRICEABLE, Mention, Sentence, emit, subjects_for
from ._lexicon import ClaimLexicon

__all__ = ["find_records", "find_streaks"]

_VALUE_AFTER = re.compile(
    r"\s*,?\s*(?:(?:price|level|levels|mark|print|close|reading|settlement)\s+)?(?:of|at|above|around|near|close to|just above|just over|over|is|was|of about|of around|at around|near to)?\s*",
    re.I,
)
_VALUE_BEFORE = re.compile(r"\s*(?:a\s+\w+|an\s+\w+)?\s*,?\s*(?:its|their|the|a|an)?\s*(?:new\s+)?", re.I)
_APPOSITIVE_BEFORE = re.compile(r"(?:\s+(?:a|an|per)\s+\w+)?[^.;,\d]{0,30},\s*(?:its|their|the|a|an)?\s*(?:new\s+)?", re.I)
def _CADENCE_UNIT(text: str) -> str:  # noqa: N802 - reads like the constant it replaces
    """"On a monthly basis ... five consecutive declines": the unit comes from the cadence word."""
    m = re.search(r"\b(daily|weekly|monthly|quarterly|week|month|quarter|session)", text, re.I)
    return {"daily": "day", "weekly": "week", "monthly": "month", "quarterly": "quarter"}.get(
        m.group(1).lower(), m.group(1).lower()) if m else "day"


_AS_DID = re.compile(r"(?:,\s*)?\b(?:as did|as have|as had|as were|as was|and so did|along with|joined by|alongside)\b", re.I)




_STREAK_CUE = re.compile(r"straight|consecutive|successive|streak|in a row|\brun\b|stretch")
_RECORD_CUE = re.compile(r"record|\b(?:highs?|lows?|highest|lowest|peaks?|aths?|weakest|strongest)\b")


def find_streaks(s: Sentence) -> None:
    if not _STREAK_CUE.search(s.lower):
        return
    lex = s.lex
    taken: list[tuple[int, int]] = []
    for pat in lex.streak_patterns:
        for m in pat.finditer(s.text):
            if any(m.start() < e and st < m.end() for st, e in taken):
                continue
            raw_n = m.group("n").lower()
            n = int(raw_n) if raw_n.isdigit() else lex.numbers.get(raw_n)
            if not n or n < 2:
                continue
            unit_raw = (m.groupdict().get("unit") or _CADENCE_UNIT(s.text)).lower()
            unit = next((v for k, v in lex.streak_units.items() if re.fullmatch(k, unit_raw)), "days")
            around = (m.groupdict().get("dir") or "") + " " + (m.groupdict().get("noun") or "")
            before = s.plain[max(0, m.start() - 60) : m.start()]
            after = s.plain[m.end() : m.end() + 25]
            # the streak's own words first, then the verb before it, then what follows
            relation = (_streak_direction(lex, around) or _last_direction(lex, before)
                        or _streak_direction(lex, after))
            if relation is None:
                continue
            subjects = subjects_for(s, m.start(), m.end(), PRICEABLE)
            taken.append(m.span())
            for subj in subjects:
                emit(s, m.start(), m.end(), "streak", subj.subject, value=float(n), unit=unit, relation=relation)


def _last_direction(lex: ClaimLexicon, text: str) -> str | None:
    """The move word nearest the end of ``text`` ("Prices have dropped ... for three straight sessions")."""
    ups = [m.start() for m in lex.up.finditer(text)]
    downs = [m.start() for m in lex.down.finditer(text)]
    if not ups and not downs:
        return None
    return "up" if max(ups, default=-1) > max(downs, default=-1) else "down"


def _streak_direction(lex: ClaimLexicon, text: str) -> str | None:
    ups = [m.start() for m in lex.streak_up.finditer(text)]
    downs = [m.start() for m in lex.streak_down.finditer(text)]
    if ups and not downs:
        return "up"
    if downs and not ups:
        return "down"
    if ups and downs:
        return "up" if max(ups) > max(downs) else "down"
    return None


def find_records(s: Sentence) -> None:
    if not _RECORD_CUE.search(s.lower):
        return
    for kind, pat in (("record_high", s.lex.record_high), ("record_low", s.lex.record_low)):
        for m in pat.finditer(s.text):
            before = s.text[max(0, m.start() - 45) : m.start()]
            if s.lex.record_block_before.search(before):
                continue
            if s.lex.record_block_after.search(s.text[m.end() : m.end() + 40]) and "since" not in m.group().lower():
                continue
            value, unit, anchor, end = _record_value(s, m.start(), m.end())
            subjects = subjects_for(s, m.start(), m.end(), PRICEABLE)
            subjects += _as_did_subjects(s, m.end())
            period = None
            if "since" in m.group().lower():
                t = next((t for t in s.times if t.start >= m.end() - 6 and t.start - m.end() < 30), None)
                period = t.period if t and t.period else None
                if period and not period.startswith("since"):
                    period = f"since {period}"
            for subj in subjects:
                emit(s, anchor, end, _quote_currency_kind(s, subj, kind), subj.subject, value=value, unit=unit,
                     period=period)


def _quote_currency_kind(s: Sentence, m: Mention, kind: str) -> str:
    """"The yen fell to its weakest since 1986": a USD/xxx pair named by its quote currency
    makes a record in the other direction."""
    surface = s.text[m.start : m.end].lower() if m.start >= 0 else ""
    if m.cls == "fx" and m.subject.startswith("USD") and surface and "dollar" not in surface and "usd" not in surface:
        return "record_high" if kind == "record_low" else "record_low"
    return kind


def _record_value(s: Sentence, start: int, end: int) -> tuple[float | None, str | None, int, int]:
    for q in s.quantities:
        gap_after = s.text[end : q.start]
        if q.start >= end and _VALUE_AFTER.fullmatch(gap_after):
            return q.value, q.unit, q.start, q.end
        gap_before = s.text[q.end : start]
        if q.end <= start and (_VALUE_BEFORE.fullmatch(gap_before) or _APPOSITIVE_BEFORE.fullmatch(gap_before)):
            if q.unit not in ("percent", "bps") or s.lex.yield_words.search(s.text[: q.start]):
                return q.value, q.unit, q.start, q.end
        if q.start >= end and re.fullmatch(r"\s*(?:\$|€|£)", gap_after):
            return q.value, q.unit, q.start, q.end
    # "to a record $5.90": the figure directly after the word "record"
    return None, None, start, end


def _as_did_subjects(s: Sentence, pos: int) -> list[Mention]:
    m = _AS_DID.search(s.text, pos, min(len(s.text), pos + 60))
    if not m:
        return []
    out = [x for x in s.mentions if x.start >= m.end() and x.cls in PRICEABLE]
    stop = re.search(r"[.;]|\b(?:but|while)\b", s.text[m.end() :])
    if stop:
        out = [x for x in out if x.start < m.end() + stop.start()]
    return out
