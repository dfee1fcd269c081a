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
_RANKING = re.compile(r"\bby (?:market (?:cap(?:italization|italisation)?|value)|value|assets|size)\b", re.I)
_LEVEL_NOUN_AFTER = re.compile(r"^\s*(?:(?:record|all-time|intraday|closing|session|cycle|multi-year|\d+-(?:year|month|week))\s+)?(?P<kind>high|peak|top|low|bottom|trough)s?\b", re.I)
_MOVE_FILLERS = re.compile(r"\b(?:close to|up to|as much as)\b", re.I)
_RUN_GAP = re.compile(r"\s*(?:,\s*(?:and|or)?|and|or)\s*(?:a\s+|an\s+)?", re.I)
_APPOSITION = re.compile(r"\s*(?:points?|pts|cents?)?\s*,?\s*(?:or|and)\s+(?:about\s+|around\s+|roughly\s+|nearly\s+|some\s+)?", re.I)
_PARALLEL = re.compile(r"[^;%]{0,70}?,?\s+and\s+(?:the\s+)?(?:of\s+|by\s+)?(?:about\s+|nearly\s+|roughly\s+|almost\s+)?", re.I)
_FRACTION_OF_VALUE = re.compile(
    r"\b(?P<verb>lost|shed|erased|wiped out|given up|gave up|surrendered|gained|added)\s+(?:nearly\s+|almost\s+|about\s+|roughly\s+|more\s+than\s+|over\s+|around\s+)?"
    r"(?P<frac>a quarter|one quarter|a third|one third|half|a half|two-thirds|two thirds|three-quarters|three quarters)"
    r"\s+of\s+(?:its|their)\s+(?:value|market value|market cap(?:italization)?)",
    re.I,
)
_OF_ITS = re.compile(r"of\s+(?:its|their)")
_PEAK_WORDS = re.compile(r"\b(?:peak(?:ed|s)?|record|all-time high|high(?:s)?|top(?:ped)?)\b", re.I)
_FIRST_TIME = re.compile(r"\bfor the first time\b(?P<since>\s+(?:in|since)\b)?(?:\s+ever)?|\bfirst[- ]ever\b", re.I)
_RELATIVE_TO = re.compile(r"^\s*(?:[\w-]+\s+){0,3}?(?:relative to|against|versus|vs\.?|in terms of)\s+", re.I)
_CONVERSION_BEFORE = re.compile(r"\(\s*(?:or\s+|about\s+|around\s+|roughly\s+|approximately\s+|~)?$")
_TRAILING_QUALIFIER = re.compile(
    r"(?:\s+(?:about|around|roughly|approximately|nearly|almost|just|some|close to|more than|less than|at least|as much as|"
    r"only|briefly|well|an?|the|psychologically|significant|important|key|crucial|critical|major|symbolic|"
    r"round-number|whole-number|closely watched|coveted|elusive|long-awaited|fresh|new|intraday|intra-day))+\s*$",
    re.I,
)
_MAGNITUDE_WORD = re.compile(r"(?:trillion|billion|million|bn|tn|mn|mln|bln|\d[mMbBkK]\b|MM)", re.I)
_BALANCE_SHEET = re.compile(r"balance sheet|total assets|portfolio", re.I)
_AS_MUCH = re.compile(r"\bas (?:much|high|low) as\b|\bintraday\b|\bintra-day\b", re.I)
_HIGH_OF_DAY = re.compile(r"\b(?:high of the day|intraday high|session high|day's high|its high)\b", re.I)
_BY_BEFORE = re.compile(r"(?:\bby|(?:cut|hike|reduction|increase|rise|move)s?\s+of)\s+(?:about\s+|around\s+|another\s+|a\s+further\s+|an\s+additional\s+|nearly\s+|roughly\s+|some\s+|over\s+|more\s+than\s+)?$", re.I)
_RATE_AFTER = re.compile(r"^[\s-]*(?:[\w.-]+[\s-]+){0,2}?(?:(?:interest[\s-])?rates?[\s-]+)?(?:cuts?|hikes?|reductions?|increases?|rise|move|easing|tightening|trims?|raises?|lowering)\b", re.I)
_FROM_LEVEL = re.compile(r"^\s*,?\s*from\s+(?:a\s+|an\s+|its\s+|the\s+)?(?:[\w-]+\s+){0,3}?(?:of\s+)?([-−]?\d{1,2}(?:\.\d+)?)\s?(?:%|percent|per cent)", re.I)
_POINT_WORD = re.compile(r"^[\s-]*(?:points?|pts)\b", re.I)
_TO_LEVEL = re.compile(r"\bto\s*$", re.I)
_PRICE_NOUN_FIRST = re.compile(r"^\s*(?:price|value|share|stock)\s+", re.I)
_PUNCT_BREAK = re.compile(r"[;:(),]")
_GAP_WORD = re.compile(r"[\w'’-]+")
_LEAD_WORD = re.compile(r"[\w'’&-]+")
_CURRENCY_SIGN_END = re.compile(r"\s*[$€£¥]$")


@dataclass
class _Read:
    """What the words around one figure say about it."""

    q: Quantity
    direction: str | None = None


def find_figure_claims(s: Sentence) -> None:
    figures = [q for q in s.quantities if not _is_conversion(s, q)]
    # only percentages are read as moves; a figure before one may lend it its direction
    # ("fell $2.68, or 3.5%"), so only those figures need their move words looked up
    wanted = [q.unit == "percent" for q in figures]
    for i in range(len(wanted) - 2, -1, -1):
        wanted[i] = wanted[i] or wanted[i + 1]
    reads = [_Read(q, _direction(s, q, figures) if want else None) for q, want in zip(figures, wanted)]
    # a figure in apposition ("fell $2.68, or 3.5%") or in a run ("3.3% and 3.4%") shares the move
    for prev, cur in zip(reads, reads[1:]):
        gap = s.plain[prev.q.end : cur.q.start]
        if cur.direction is None and prev.direction and (
            _APPOSITION.fullmatch(gap) or _RUN_GAP.fullmatch(gap) or _PARALLEL.fullmatch(gap)
        ):
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
    _fraction_of_value(s)


def _fraction_of_value(s: Sentence) -> None:
    """"It has lost nearly a quarter of its value since then" -> 25%, a drawdown after a peak."""
    if not _OF_ITS.search(s.lower):
        return  # the phrase needs "of its" / "of their": a cheap test first
    for m in _FRACTION_OF_VALUE.finditer(s.text):
        value = s.lex.fractions[m.group("frac").lower().replace(" ", "-") if "-" in m.group("frac") else m.group("frac").lower()] if m.group("frac").lower() in s.lex.fractions or m.group("frac").lower().replace(" ", "-") in s.lex.fractions else None
        if value is None:
            continue
        subjects = subjects_for(s, m.start(), m.end(), NON_BANK)
        up = m.group("verb").lower() in ("gained", "added")
        kind = "drawdown" if not up and _PEAK_WORDS.search(s.text, 0, m.start()) else "percent_change"
        for subj in subjects:
            if kind == "drawdown":
                emit(s, m.start("frac"), m.end(), kind, subj.subject, value=value, unit="percent", qualifier="about")
            else:
                emit(s, m.start("frac"), m.end(), kind, subj.subject, value=value if up else -value, unit="percent",
                     relation="up" if up else "down", qualifier="about")


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
    text, words = _move_words(s)
    # the nearest move word before the figure with only filler in between
    for start, end, name in reversed(words):
        if start < lo or end > q.start:
            continue
        if _filler_only(text[end : q.start]):
            return name
    return _direction_after(s, q)


def _move_words(s: Sentence) -> tuple[str, list[tuple[int, int, str]]]:
    """Direction words of the sentence, found once: (start, end, "up"|"down"), in order.

    Asset names are blanked ("slashing the tech-heavy Nasdaq by 3.4%": the name is not in the
    way) and so are "close to", "up to", "as much as" (fillers that contain a move word).
    """
    cached = s._moves
    if cached is not None:
        return cached
    text = _MOVE_FILLERS.sub(lambda m: " " * len(m.group()), s.plain)
    words = [(m.start(), m.end(), name) for name, pat in (("up", s.lex.up), ("down", s.lex.down)) for m in pat.finditer(text)]
    words.sort()
    s._moves = (text, words)
    return text, words


def _direction_after(s: Sentence, q: Quantity) -> str | None:
    if q.text.startswith("+") or (q.value < 0 and q.unit == "percent"):
        return "up" if q.text.startswith("+") else "down"  # "-5.5%", "+2.1%" in price lists
    after = _PRICE_NOUN_FIRST.sub(" ", s.text[q.end : q.end + 40])
    m = s.lex.change_after.match(after)
    if m:
        word = m.group().strip().lower()
        return "up" if s.lex.up.fullmatch(word) or word in ("gain", "gains", "rise", "rally", "jump", "surge", "increase", "advance", "climb", "rebound", "appreciation", "higher", "up", "upside") or "gain" in word else "down"
    return None


_FILLER_WORDS = frozenset(
    """by as much more than over nearly almost about around roughly some approximately a an slight slightly
    marginally modest modestly just only another further at least close additional whopping staggering
    impressive sharp steep sharply steeply outstanding overall total of its their the in value price prices
    shares stock respectively or nearly well cumulative combined intraday intra-day daily weekly monthly annual
    quarterly year-to-date ytd percent so far this year week session on day today yesterday
    lesser smaller bigger larger greater massive huge hefty solid strong mild respective""".split()
)


_NOT_BETWEEN = frozenset({"to", "from", "at", "than", "after", "before", "since", "when", "if", "while", "and", "but"})


def _filler_only(text: str) -> bool:
    """True when the words between a direction verb and its figure can belong to the move:
    "fell by as much as 3%", "fell in spot transactions by 3.1%" — but not "rose to 4.3%"
    (a level) or "fell after the report, and 3%"."""
    if _PUNCT_BREAK.search(text):
        return False
    words = _GAP_WORD.findall(text.lower())
    if all(w in _FILLER_WORDS for w in words) and len(words) <= 7:
        return True
    return len(words) <= 4 and not any(w in _NOT_BETWEEN for w in words)


def _subject_between_ok(s: Sentence, subj: list[Mention], q: Quantity) -> bool:
    """False when the figure measures something other than the asset's price.

    "slashing its market cap by 16%" (the noun right before the figure), "open interest in
    bitcoin is down 8.8%" (the noun the asset name modifies), "XRP's market cap fell".
    """
    if not subj:
        return False
    lead_in = s.plain[clause_start(s, q.start) : q.start].rsplit(",", 1)[-1]
    lead_in = _RANKING.sub(" ", lead_in)  # "the largest cryptocurrency by market value slid below"
    words_before = _LEAD_WORD.findall(lead_in)[-5:]
    if s.lex.not_price.search(" ".join(words_before)):
        return False
    first = subj[0]
    if first.start >= 0:
        lead = s.plain[max(0, first.start - 40) : first.start]
        if s.lex.not_price_of.search(lead):
            return False
        tail = s.plain[subj[-1].end : q.start]
        if s.lex.possessive_not_price.match(tail):
            return False
    return True


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
    if q.unit is None and q.value < 5 and _POINT_WORD.match(s.text[q.end :]):
        # "raised rates by 0.25 points": percentage points
        q = Quantity(q.text + " points", q.start, q.end, q.value, "percent")
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
        if len(left) - nearest > 60:
            sign = None
    if sign is None:
        return False
    if lex.rate_blockers.search(s.text, max(0, q.start - 60), q.start):
        return False  # "dissented, favoring a 25 basis point cut": a vote, not the decision
    if not (lex.rate_context.search(s.text) or after):
        return False
    level_change = None
    if q.unit == "percent" and not (_BY_BEFORE.search(left) or after or "point" in q.text.lower()):
        # "cut interest rates to 5% from 5.25%": the move is the difference of the levels
        prior = _FROM_LEVEL.match(s.text[q.end :])
        if not (re.search(r"\bto\b[^%\d;]{0,24}$", left) and prior):
            return False  # "cut rates to 0.25%" names a level, not a move
        level_change = round((q.value - float(prior.group(1).replace("−", "-"))) * 100, 6)
        if level_change == 0 or (level_change > 0) != (sign > 0):
            return False
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
    if level_change is not None:
        bps = level_change
    emit(s, q.start, q.end, "rate_decision", bank, value=sign * abs(bps), unit="bps", qualifier=qualifier_of(s, q))
    return True


def _scaled_like_previous(s: Sentence, q: Quantity, figures: list[Quantity]) -> Quantity:
    """"105 billion per month, compared to the current 120": the bare 120 is 120 billion too."""
    if q.unit is not None or _MAGNITUDE_WORD.search(q.text) or q.value >= 1000 or q.value != int(q.value):
        return q
    prior = [f for f in figures if f.end <= q.start and _MAGNITUDE_WORD.search(f.text)]
    if not prior:
        return q
    ref = prior[-1]
    digits = re.search(r"\d[\d,]*(?:\.\d+)?", ref.text)
    if not digits:
        return q
    scale = ref.value / float(digits.group().replace(",", ""))
    return Quantity(q.text, q.start, q.end, q.value * scale, ref.unit)


def _operation(s: Sentence, r: _Read, figures: list[Quantity]) -> bool:
    lex = s.lex
    if not s.has_operation_word:
        return False
    q = _scaled_like_previous(s, r.q, figures)
    money = q.unit in CURRENCY_UNITS or (q.unit is None and q.value >= 1e8 and _MAGNITUDE_WORD.search(q.text))
    if not money or q.value < 1e8:
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
    relation = _operation_direction(s, q)
    unit = q.unit if q.unit in CURRENCY_UNITS else lex.cb_currency.get(bank, "USD")
    emit(s, q.start, q.end, "central_bank_operation", bank, value=q.value, unit=unit, relation=relation,
         qualifier=qualifier_of(s, q))
    return True


def _operation_direction(s: Sentence, q: Quantity) -> str:
    """Purchase or sale, from the operation word nearest the figure ("a $40 billion bill
    purchase plan ... alongside reinvestment of maturing securities" is a purchase)."""
    best: tuple[int, str] | None = None
    for m in s.lex.operation.finditer(s.text):
        distance = min(abs(m.start() - q.end), abs(q.start - m.end()))
        kind = "sale" if s.lex.sale.fullmatch(m.group()) or s.lex.sale.search(m.group()) else "purchase"
        if best is None or distance < best[0]:
            best = (distance, kind)
    return best[1] if best else "purchase"


def _percent(s: Sentence, r: _Read) -> bool:
    q = r.q
    if q.unit != "percent":
        return False
    lex = s.lex
    after = s.text[q.end :]
    subjects = _right_subject(s, q) or subjects_for(s, q.start, q.end, NON_BANK)
    if not subjects or not _subject_between_ok(s, subjects, q):
        return False
    if lex.statistic.search(s.plain, clause_start(s, q.start), q.start):
        return False  # "has averaged a 1.7% decline": a statistic, not a move
    subjects = _pair_subject(s, q, subjects)
    drawdown_phrase = lex.drawdown_after.match(after)
    if r.direction != "up" and (drawdown_phrase or lex.drawdown_before.search(s.text[: q.start])):
        # "10% from its February 19 peak": that date is the peak's, the window starts there
        peak_time = None
        if drawdown_phrase:
            peak_time = next((t for t in s.times if q.end <= t.start < q.end + drawdown_phrase.end()), None)
        for m in subjects:
            if peak_time is not None:
                since = peak_time.period if peak_time.period and peak_time.period.startswith("since") else f"since {peak_time.period}"
                emit(s, q.start, q.end, "drawdown", m.subject, value=abs(q.value), unit="percent",
                     qualifier=qualifier_of(s, q), period=since, date=None, no_time=True)
            else:
                # a date after the figure names some peak ("... from its February 19 peak"), not the day measured
                before = [t for t in s.times if t.end <= q.start and t.start >= clause_start(s, q.start)]
                t = before[-1] if before else None
                emit(s, q.start, q.end, "drawdown", m.subject, value=abs(q.value), unit="percent",
                     qualifier=qualifier_of(s, q), no_time=True, date=t.date if t and t.is_day else None,
                     period=t.period if t and not t.is_day else None)
        return True
    if r.direction and "point" not in q.text.lower() and not all(m.cls == "rate" for m in subjects):
        for m in subjects:
            direction = _quote_currency_direction(s, m, r.direction)
            sign = 1 if direction == "up" else -1
            emit(s, q.start, q.end, "percent_change", m.subject, value=sign * abs(q.value), unit="percent",
                 relation=direction, qualifier=qualifier_of(s, q))
        return True
    if all(m.cls == "rate" for m in subjects):
        return _emit_level(s, q, subjects, unit="percent")
    return False


def _quote_currency_direction(s: Sentence, m: Mention, direction: str) -> str:
    """"The yen weakened 0.25%": a USD/xxx pair named by its quote currency moves the other way."""
    surface = s.text[m.start : m.end].lower() if m.start >= 0 else ""
    if m.cls == "fx" and m.subject.startswith("USD") and surface and "dollar" not in surface and "usd" not in surface:
        return "down" if direction == "up" else "up"
    return direction


def _pair_subject(s: Sentence, q: Quantity, subjects: list[Mention]) -> list[Mention]:
    """"Ether has dropped 39% relative to bitcoin": the move is the ETH/BTC ratio's."""
    m = _RELATIVE_TO.match(s.text[q.end :])
    if not m or len(subjects) != 1 or subjects[0].cls != "crypto":
        return subjects
    pos = q.end + m.end()
    quote = next((x for x in s.mentions if x.start == pos and x.cls == "crypto"), None)
    if quote is None or quote.subject == subjects[0].subject:
        return subjects
    pair = Mention(subjects[0].start, subjects[0].end, subjects[0].subject + quote.subject, "ratio")
    s.ctx.recent.append((pair.subject, pair.cls))
    return [pair]


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
        if _MAGNITUDE_WORD.search(q.text):
            return False  # "1.6 million traders"
        if _POINT_WORD.match(s.text[q.end :]) and not re.search(r"\b(?:at|to)\s*$", s.text[: q.start]):
            return False  # "advanced 512 points": a move in points
        if not all(m.cls in ("index", "ratio", "fx", "other") for m in subjects):
            return False
    unit = q.unit or ("points" if all(m.cls == "index" for m in subjects) else None)
    return _emit_level(s, q, subjects, unit=unit)


def _emit_level(s: Sentence, q: Quantity, subjects: list[Mention], *, unit: str | None) -> bool:
    relation = _level_relation(s, q)
    if relation is None:
        return False
    first = _FIRST_TIME.search(s.text, q.end, min(len(s.text), q.end + 60))
    record_kind = None
    if first and relation in ("above", "peak", "at"):
        record_kind = "record_high"
    elif first and relation in ("below", "trough") and first.group("since"):
        record_kind = "record_low"
    period = None
    if first and first.group("since"):
        t = next((t for t in s.times if t.start >= first.start() and t.start - first.end() < 30), None)
        period = t.period if t and t.period and t.period.startswith("since") else None
    for m in subjects:
        emit(s, q.start, q.end, "price_level", m.subject, value=q.value, unit=unit, relation=relation,
             qualifier=qualifier_of(s, q))
        if record_kind:
            # "crossed $13,000 a tonne for the first time": a level never reached before;
            # "fell below $4,000 for the first time since October": a low since then
            emit(s, q.start, q.end, record_kind, m.subject, value=q.value, unit=unit, period=period)
    return True


def _level_relation(s: Sentence, q: Quantity) -> str | None:
    named = _LEVEL_NOUN_AFTER.match(s.text[q.end : q.end + 40])
    if named:  # "below its 35631.19 high", "the $69,000 peak": the figure names the extreme
        return "peak" if named.group("kind").lower() in ("high", "peak", "top") else "trough"
    before = s.text[max(0, q.start - 50) : q.start]
    trimmed = _TRAILING_QUALIFIER.sub("", before.rstrip())
    trimmed = _CURRENCY_SIGN_END.sub("", trimmed) + " "
    cues = dict(s.lex.level_cues)
    for relation in ("peak", "trough", "below", "above", "at"):
        pat = cues[relation]
        if pat.search(trimmed):  # the cue patterns end in \s*$: trailing space is immaterial
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
