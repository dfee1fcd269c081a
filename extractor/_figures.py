"""Claims anchored on a figure: moves, levels, drawdowns, rate decisions, operations.

Each quantity in a sentence is read from the words right around it: "down 1.8%" is a
move, "27% below its peak" a drawdown, "peaked at $69,000" a level, "25 basis-point
reduction" a rate decision, "$8.2 billion" of Treasury bill purchases an operation.
Figures joined by "and" form a run that pairs with a list of subjects ("the S&P 500 and
Nasdaq are up 11.2% and 10.1%, respectively").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from models import Quantity

from ._context import (
    PRICEABLE,
    Mention,
    Sentence,
    clause_start,
    emit,
    qualifier_of,
    subjects_for,
)

__all__ = ["find_figure_claims"]

CURRENCY_UNITS = frozenset({"USD", "EUR", "GBP", "JPY", "CNY", "INR", "HKD", "CAD", "AUD", "CHF", "NZD", "SGD", "BRL", "KRW"})
NON_BANK = PRICEABLE
_RUN_GAP = re.compile(r"\s*(?:,\s*(?:and|or)?|and|or)\s*(?:a\s+|an\s+)?", re.I)
_APPOSITION = re.compile(r"\s*,?\s*(?:or|and)\s+(?:about\s+|around\s+|roughly\s+|nearly\s+|some\s+)?", re.I)
_CONVERSION_BEFORE = re.compile(r"\(\s*(?:or\s+|about\s+|around\s+|roughly\s+|approximately\s+|~)?$")
_TRAILING_QUALIFIER = re.compile(
    r"(?:\s+(?:about|around|roughly|approximately|nearly|almost|just|some|close to|more than|less than|at least|as much as|only|briefly|well|an?|the))+\s*$",
    re.I,
)
_MAGNITUDE_WORD = re.compile(r"(?:trillion|billion|million|bn|tn|mn|mln|bln|\d[mMbBkK]\b|MM)", re.I)
_BALANCE_SHEET = re.compile(r"balance sheet|total assets|portfolio", re.I)
_AS_MUCH = re.compile(r"\bas (?:much|high|low) as\b|\bintraday\b|\bintra-day\b", re.I)
_HIGH_OF_DAY = re.compile(r"\b(?:high of the day|intraday high|session high|day's high|its high)\b", re.I)
_BY_BEFORE = re.compile(r"(?:\bby|\bof|\bat)\s+(?:about\s+|around\s+|another\s+|a\s+further\s+|an\s+additional\s+|nearly\s+|roughly\s+|some\s+|over\s+|more\s+than\s+)?$", re.I)
_RATE_AFTER = re.compile(r"^[\s-]*(?:[\w-]+[\s-]+){0,2}?(?:rate\s+)?(?:cuts?|hikes?|reductions?|increases?|rise|move|easing|tightening)\b", re.I)
_POINT_WORD = re.compile(r"^[\s-]*(?:points?|pts)\b", re.I)
_TO_LEVEL = re.compile(r"\bto\s*$", re.I)


@dataclass
class _Read:
    """What the words around one figure say about it."""

    q: Quantity
    direction: str | None = None


def find_figure_claims(s: Sentence) -> None:
    figures = [q for q in s.quantities if not _is_conversion(s, q)]
    reads = [_Read(q, _direction(s, q, figures)) for q in figures]
    # a figure in apposition ("fell $2.68, or 3.5%") or in a run ("3.3% and 3.4%") shares the move
    for prev, cur in zip(reads, reads[1:]):
        gap = s.text[prev.q.end : cur.q.start]
        if cur.direction is None and prev.direction and (_APPOSITION.fullmatch(gap) or _RUN_GAP.fullmatch(gap)):
            cur.direction = prev.direction
    done: set[int] = set()
    for run in _runs(s, figures):
        if _paired_run(s, [reads[i] for i in run]):
            done.update(run)
    for i, r in enumerate(reads):
        if i in done:
            continue
        (
            _rate_decision(s, r)
            or _operation(s, r, figures)
            or _percent(s, r)
            or _level(s, r)
        )


# -- reading one figure -------------------------------------------------------------------


def _is_conversion(s: Sentence, q: Quantity) -> bool:
    """"$60 billion (47.4 billion pounds)": the bracketed figure restates the one before."""
    return bool(_CONVERSION_BEFORE.search(s.text[max(0, q.start - 16) : q.start])) and q.unit in CURRENCY_UNITS


def _left_window(s: Sentence, q: Quantity, figures: list[Quantity], chars: int = 70) -> int:
    lo = max(0, q.start - chars)
    for other in figures:
        if other.end <= q.start:
            lo = max(lo, other.end)
    return lo


def _direction(s: Sentence, q: Quantity, figures: list[Quantity]) -> str | None:
    lo = _left_window(s, q, figures)
    left = s.text[lo : q.start]
    best: tuple[int, str] | None = None
    for name, pat in (("up", s.lex.up), ("down", s.lex.down)):
        for m in pat.finditer(left):
            between = left[m.end() :]
            if _filler_only(between) and (best is None or m.start() > best[0]):
                best = (m.start(), name)
    if best:
        return best[1]
    after = s.text[q.end : q.end + 30]
    m = s.lex.change_after.match(after)
    if m:
        word = m.group().strip().lower()
        return "up" if s.lex.up.fullmatch(word) or word in ("gain", "gains", "rise", "rally", "jump", "surge", "increase", "advance", "climb", "rebound", "appreciation", "higher", "up", "upside") or "gain" in word else "down"
    return None


_FILLER_WORDS = frozenset(
    """by as much more than over nearly almost about around roughly some approximately a an slight slightly
    marginally modest modestly just only another further up to at least close additional whopping staggering
    impressive sharp steep sharply steeply outstanding overall total of its their the in value price prices
    shares stock respectively or nearly well cumulative combined intraday intra-day daily weekly monthly annual
    quarterly year-to-date ytd percent so far this year week session on day today yesterday more than
    lesser smaller bigger larger greater massive huge hefty solid strong mild""".split()
)


def _filler_only(text: str) -> bool:
    words = re.findall(r"[\w'’-]+", text.lower())
    if len(words) > 7:
        return False
    if re.search(r"[;:()]", text):
        return False
    return all(w in _FILLER_WORDS or re.fullmatch(r"\w+['’]s", w) is None and w in _FILLER_WORDS for w in words)


def _subject_between_ok(s: Sentence, subj: list[Mention], q: Quantity) -> bool:
    """False when something that is not a price sits between subject and figure ("market cap")."""
    if not subj:
        return False
    start = max(m.end for m in subj) if subj[-1].start >= 0 else clause_start(s, q.start)
    between = s.text[max(0, start) : q.start]
    return not s.lex.not_price.search(between)


# -- kinds ----------------------------------------------------------------------------------


def _central_bank(s: Sentence, q: Quantity) -> str | None:
    banks = [m for m in s.mentions if m.cls == "central_bank"]
    if banks:
        left = [m for m in banks if m.end <= q.start]
        return (left[-1] if left else banks[0]).subject
    for pat, bank in s.lex.cb_countries:
        if pat.search(s.text):
            return bank
    last = s.ctx.last("central_bank")
    return last[0] if last else None


def _rate_decision(s: Sentence, r: _Read) -> bool:
    q = r.q
    if q.unit not in ("bps", "percent"):
        return False
    lex = s.lex
    left = s.text[max(0, q.start - 70) : q.start]
    right = s.text[q.end : q.end + 45]
    cuts = [m.end() for m in lex.rate_cut.finditer(left)]
    hikes = [m.end() for m in lex.rate_hike.finditer(left)]
    after = _RATE_AFTER.match(right)
    sign: int | None = None
    if after:
        word = after.group().lower()
        sign = -1 if lex.rate_cut.search(word) else 1 if lex.rate_hike.search(word) else None
    if sign is None and (cuts or hikes):
        sign = -1 if max(cuts, default=-1) > max(hikes, default=-1) else 1
        nearest = max(cuts + hikes)
        if len(left) - nearest > 45:
            sign = None
    if sign is None:
        return False
    if not (lex.rate_context.search(s.text) or after):
        return False
    if q.unit == "percent" and not (_BY_BEFORE.search(left) or after or "point" in q.text.lower()):
        return False  # "cut rates to 0.25%" names a level, not a move
    near_left = [m for m in s.mentions if m.end <= q.start]
    if near_left and near_left[-1].cls == "rate" and not any(m.cls == "central_bank" for m in s.mentions):
        return False  # a yield moving by N basis points
    if lex.yield_words.search(s.text[max(0, q.start - 30) : q.start]) and not any(
        m.cls == "central_bank" for m in s.mentions
    ):
        return False
    bank = _central_bank(s, q)
    if bank is None:
        return False
    bps = q.value if q.unit == "bps" else round(q.value * 100, 6)
    emit(s, q.start, q.end, "rate_decision", bank, value=sign * abs(bps), unit="bps", qualifier=qualifier_of(s, q))
    return True


def _operation(s: Sentence, r: _Read, figures: list[Quantity]) -> bool:
    q = r.q
    lex = s.lex
    money = q.unit in CURRENCY_UNITS or (q.unit is None and q.value >= 1e8 and _MAGNITUDE_WORD.search(q.text))
    if not money or q.value < 1e8 or not lex.operation.search(s.text):
        return False
    if any(m.cls != "central_bank" and m.end <= q.start and m.cls in NON_BANK for m in s.mentions) and not any(
        m.cls == "central_bank" for m in s.mentions
    ):
        return False
    before = s.text[max(0, q.start - 60) : q.start]
    if _BALANCE_SHEET.search(before) and not lex.operation.search(before[_BALANCE_SHEET.search(before).end() :]):  # type: ignore[union-attr]
        return False
    if lex.not_price.search(s.text[max(0, q.start - 30) : q.start]) and not lex.operation.search(s.text[max(0, q.start - 30) : q.end + 40]):
        return False
    bank = next((m.subject for m in s.mentions if m.cls == "central_bank"), None)
    if bank is None:
        last = s.ctx.last("central_bank")
        bank = last[0] if last else None
    if bank is None:
        return False
    relation = "sale" if lex.sale.search(s.text) else "purchase"
    unit = q.unit if q.unit in CURRENCY_UNITS else lex.cb_currency.get(bank, "USD")
    emit(s, q.start, q.end, "central_bank_operation", bank, value=q.value, unit=unit, relation=relation,
         qualifier=qualifier_of(s, q))
    return True


def _percent(s: Sentence, r: _Read) -> bool:
    q = r.q
    if q.unit != "percent":
        return False
    lex = s.lex
    after = s.text[q.end :]
    subjects = _right_subject(s, q) or subjects_for(s, q.start, q.end, NON_BANK)
    if not subjects or not _subject_between_ok(s, subjects, q):
        return False
    if lex.drawdown_after.match(after) or lex.drawdown_before.search(s.text[: q.start]):
        for m in subjects:
            emit(s, q.start, q.end, "drawdown", m.subject, value=abs(q.value), unit="percent",
                 qualifier=qualifier_of(s, q))
        return True
    if r.direction:
        sign = 1 if r.direction == "up" else -1
        for m in subjects:
            emit(s, q.start, q.end, "percent_change", m.subject, value=sign * abs(q.value), unit="percent",
                 relation=r.direction, qualifier=qualifier_of(s, q))
        return True
    if all(m.cls == "rate" for m in subjects):
        return _emit_level(s, q, subjects, unit="percent")
    return False


def _right_subject(s: Sentence, q: Quantity) -> list[Mention]:
    """"a 7.3% decline in the CD10": the asset named right after the move."""
    m = re.match(r"\s*(?:[\w-]+\s+){0,1}(?:decline|drop|gain|rise|fall|increase|decrease|jump|slide|rally|move)s?\s+(?:in|for)\s+(?:the\s+)?", s.text[q.end :], re.I)
    if not m:
        return []
    pos = q.end + m.end()
    return [x for x in s.mentions if x.start == pos and x.cls in NON_BANK][:1]


def _level(s: Sentence, r: _Read) -> bool:
    q = r.q
    if q.unit not in CURRENCY_UNITS and q.unit is not None:
        return False
    if q.unit in CURRENCY_UNITS and q.value >= 1e6 and _MAGNITUDE_WORD.search(q.text):
        return False  # amounts in millions or more are flows and values, not prices
    subjects = subjects_for(s, q.start, q.end, NON_BANK)
    if not subjects or not _subject_between_ok(s, subjects, q):
        return False
    if q.unit is None:
        if _POINT_WORD.match(s.text[q.end :]) and not re.search(r"\b(?:at|to)\s*$", s.text[: q.start]):
            return False  # "advanced 512 points": a move in points
        if not all(m.cls in ("index", "ratio", "other") for m in subjects):
            return False
    unit = q.unit or ("points" if all(m.cls == "index" for m in subjects) else None)
    return _emit_level(s, q, subjects, unit=unit)


def _emit_level(s: Sentence, q: Quantity, subjects: list[Mention], *, unit: str | None) -> bool:
    relation = _level_relation(s, q)
    if relation is None:
        return False
    for m in subjects:
        emit(s, q.start, q.end, "price_level", m.subject, value=q.value, unit=unit, relation=relation,
             qualifier=qualifier_of(s, q))
    return True


def _level_relation(s: Sentence, q: Quantity) -> str | None:
    before = s.text[max(0, q.start - 50) : q.start]
    trimmed = _TRAILING_QUALIFIER.sub("", before.rstrip())
    trimmed = re.sub(r"\s*[$€£¥]$", "", trimmed) + " "
    for relation in ("peak", "trough", "below", "above", "at"):
        pat = dict(s.lex.level_cues)[relation]
        if pat.search(trimmed.rstrip() + " ") or pat.search(trimmed):
            if relation == "at" and _TO_LEVEL.search(trimmed.rstrip()):
                prior = s.text[max(0, q.start - 60) : q.start]
                if _AS_MUCH.search(prior):
                    up = s.lex.up.search(prior)
                    down = s.lex.down.search(prior)
                    return "trough" if down and (not up or down.start() > up.start()) else "peak"
            if relation == "at" and _HIGH_OF_DAY.search(s.text):
                return "peak"
            return relation
    return None


# -- runs -----------------------------------------------------------------------------------


def _runs(s: Sentence, figures: list[Quantity]) -> list[list[int]]:
    runs: list[list[int]] = []
    current = [0] if figures else []
    for i in range(1, len(figures)):
        a, b = figures[i - 1], figures[i]
        if a.unit == b.unit and _RUN_GAP.fullmatch(s.text[a.end : b.start]):
            current.append(i)
        else:
            if len(current) > 1:
                runs.append(current)
            current = [i]
    if len(current) > 1:
        runs.append(current)
    return runs


def _paired_run(s: Sentence, reads: list[_Read]) -> bool:
    """"SOL and DOT ... decrease of 3.3% and 3.4% respectively": pair figures with subjects."""
    first = reads[0]
    if first.q.unit != "percent" or first.direction is None:
        return False
    subjects = subjects_for(s, first.q.start, first.q.end, NON_BANK)
    if len(subjects) != len(reads) or len(subjects) < 2:
        return False
    for subject, r in zip(subjects, reads):
        sign = 1 if (r.direction or first.direction) == "up" else -1
        emit(s, r.q.start, r.q.end, "percent_change", subject.subject, value=sign * abs(r.q.value),
             unit="percent", relation=r.direction or first.direction, qualifier=qualifier_of(s, r.q))
    return True
