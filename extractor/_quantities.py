"""Pure quantity parser: every number, money amount, percent and basis-point figure in text.

``parse_quantities("starting with $8.2 billion")`` -> ``[Quantity("$8.2 billion", ..., 8.2e9, "USD")]``.

One compiled regex finds candidates (sign, currency prefix, digits or number words,
magnitude, unit word); a few cheap checks then drop what only looks like a figure: years,
dates, clock times, ordinals, names that contain numbers ("S&P 500", "Covid-19") and
price widgets glued to a ticker ("BTC$92,441.66"). The lexicon lives in
``patterns/quantities.json`` so a currency or a name is added as data.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from importlib import resources
from typing import Any

from models import Quantity

from ._lexicon import grouped_alternation

__all__ = ["QuantityParser", "parse_quantities"]

MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_DATE_BEFORE = re.compile(rf"(?:\b(?:{MONTHS})\.?\s*|\b(?:{MONTHS})\.?\s+\d{{1,2}},\s*)$", re.I)
_DATE_AFTER = re.compile(rf"^(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})\b", re.I)
_TIME_AFTER = re.compile(r"^(?::\d\d|\s?(?:a\.m\.|p\.m\.|am\b|pm\b|a\.m\b|p\.m\b|[ap]\.?m\b)|\s?(?:GMT|UTC|ET|EST|EDT|BST|CET|HKT|JST)\b)", re.I)
_ORDINAL_AFTER = re.compile(r"^(?:st|nd|rd|th)\b", re.I)
_ISO_DATE = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b|\b\d{1,2}[/-]\d{1,2}[/-]\d{2,4}\b|\b\d{1,2}:\d{2}(?::\d{2})?\b|\b(?:19|20)\d\d[-–/]\d\d\b"
    r"|\b\d{3,4}\s?(?:ET|GMT|UTC|IST|hours|hrs|BST|CET)\b|\b\d{1,2}\.\s(?:January|February|March|April|May|June|July|August|September|October|November|December)\b"
)
_PRONOUN_ONE = re.compile(r"\b(?:no|any|some|every|each|this|that|the|which|other|big|little|new|old|right|wrong)\s+one\b|\bone\s+(?:of|another)\b", re.I)
_GLUED_WORD_BEFORE = re.compile(r"[A-Za-z_/]\Z")  # \Z, not $: "Markets\n3% rise" is not glued
_TICKER_BEFORE = re.compile(r"(?:^|[^A-Za-z])([A-Z]{2,6})\Z")
_SPACES = re.compile(r"\s+")
_LETTER_FIRST = re.compile(r"[A-Za-z]")
_ORDINAL_OR_JOIN = re.compile(r"(?:st|nd|rd|th)\b|(?:and|or|to)\b", re.I)
_YEAR_LIKE = re.compile(r"1[89]\d\d|2[01]\d\d")
_TWO_DIGITS = re.compile(r"\d{2}")
_APOSTROPHE_END = re.compile(r"['’]\Z")
_CLOCK_BEFORE = re.compile(r"\d[:]\Z")
_MERIDIEM_AFTER = re.compile(r"\s?(?:a\.m\.|p\.m\.|am\b|pm\b)", re.I)
_A_FRACTION_POINT = re.compile(r"a\s(?:quarter|half)[- ]point", re.I)
_SCALE_WORD = re.compile(r"(trillion|billion|million|bn|tn|mn|m)\b", re.I)
_TENOR_AFTER = re.compile(r"^[-‑–](?:year|yr|month|week|day|session|hour|minute|decade)s?\b(?!\s+(?:winning|losing))", re.I)
_WIDGET_BEFORE = re.compile(r"[A-Z]{2,6}[$€£¥]\Z")
_NO_BEFORE = re.compile(r"\b(?:No|no|Nos|number|Number|#)\.?\s*$")

_DIGITS = r"(?:\d{1,2}(?:,\d\d)+,\d{3}(?:\.\d+)?(?!\d)|[1-9]/[2-8](?=\s?(?:percentage|percent|%|point|basis))|\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+)"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_TEENS = "ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen"
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_WORDS = rf"(?:(?:(?:{_ONES})\shundred(?:\s(?:and\s)?(?:(?:{_TENS})(?:[- ](?:{_ONES}))?|{_TEENS}|{_ONES}))?)|(?:{_TENS})(?:[- ](?:{_ONES}))?|{_TEENS}|{_ONES}|a\shundred|hundred)"
_FRACTIONS = (
    r"(?:a\sfull|one\sfull|three[- ]quarters(?:\sof\sa)?|two[- ]thirds(?:\sof\sa)?|a\squarter(?:\sof\sa)?|"
    r"one\squarter(?:\sof\sa)?|half\s(?:of\s)?a|a\shalf|one\shalf|a\sthird|one\sthird|quarter|half)"
)


_ANCHOR = re.compile(
    r"\d+|\b(?:"
    + grouped_alternation(f"{_ONES}|{_TEENS}|{_TENS}|hundred|half|quarter|third|three[- ]quarters|two[- ]thirds|a full|one full".split("|"))
    + r")\b"
)


def _alt(words: list[str]) -> str:
    """Regex alternation of literal words, longest first so "basis points" beats "basis"."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s") for w in sorted(words, key=len, reverse=True))


@dataclass(frozen=True)
class _Lexicon:
    prefixes: dict[str, str]
    suffixes: dict[str, str]
    magnitudes: dict[str, float]
    need_currency: frozenset[str]
    percent_words: frozenset[str]
    bps_words: frozenset[str]
    number_words: dict[str, float]
    fraction_words: dict[str, float]
    names_with_numbers: re.Pattern[str]


def _load_lexicon(data: dict[str, Any]) -> _Lexicon:
    return _Lexicon(
        prefixes=data["currency_prefixes"],
        suffixes=data["currency_suffixes"],
        magnitudes={k.lower(): float(v) for k, v in data["magnitudes"].items()},
        need_currency=frozenset(data["magnitudes_need_currency"]),
        percent_words=frozenset(w.lower() for w in data["percent_words"]),
        bps_words=frozenset(w.lower() for w in data["bps_words"]),
        number_words={k.lower(): float(v) for k, v in data["number_words"].items()},
        fraction_words={k.lower(): float(v) for k, v in data["fraction_words"].items()},
        names_with_numbers=re.compile("|".join(rf"\b{p}\b" for p in data["names_with_numbers"])),
    )


class _Original:
    """A match found on lower-cased text, read back from the original text (same offsets)."""

    __slots__ = ("m", "text")

    def __init__(self, m: re.Match[str], text: str) -> None:
        self.m = m
        self.text = text

    def group(self, name: str | int = 0) -> str | None:
        start, end = self.m.span(name)
        return None if start < 0 else self.text[start:end]

    def start(self, name: str | int = 0) -> int:
        return self.m.start(name)

    def end(self, name: str | int = 0) -> int:
        return self.m.end(name)


#: a figure cannot overlap a name with a number, a date, a clock time, a stock code or
#: "the one". Those blockers are matched only around a candidate figure: most of an article
#: is far from any figure, and scanning the whole text cost a third of the parse.
#: No blocker starts further than this before the digits it covers ("S&P SmallCap 600",
#: "Nifty Financial 50": 16; "Metaplanet (3350)": the word before the bracket + 2).
_BLOCKER_REACH = 24
#: every name and every date pattern starts at a word start ("\bS&P 500\b", "\b2025-11-20")
_WORD_START = re.compile(r"\b\w")
#: "Metaplanet (3350)": a capitalised word, one space, then the bracketed code
_CODE_NAME_BEFORE = re.compile(r"[A-Z][\w.]*\s\Z")


def _is_blocked(names: re.Pattern[str], text: str, start: int, end: int) -> bool:
    """True when the figure at ``text[start:end]`` is part of a name, date, time or code."""
    for word in _WORD_START.finditer(text, max(0, start - _BLOCKER_REACH), end):
        at = word.start()
        m = names.match(text, at)
        if m is not None and m.end() > start:
            return True
        if text[at].isdigit():
            m = _ISO_DATE.match(text, at)
            if m is not None and m.end() > start:
                return True
    if (
        3 <= end - start <= 5
        and text[start - 1 : start] == "("
        and text[end : end + 1] == ")"
        and text[start:end].isdigit()
        and _CODE_NAME_BEFORE.search(text, max(0, start - 1 - _BLOCKER_REACH), start - 1)
    ):
        return True
    if "one" in text[start:end].lower():
        lo, hi = max(0, start - _BLOCKER_REACH), min(len(text), end + _BLOCKER_REACH)
        return any(m.start() < end and start < m.end() for m in _PRONOUN_ONE.finditer(text, lo, hi))
    return False


class QuantityParser:
    """Finds quantities in text. Build once (the regex is large) and call ``parse`` often."""

    def __init__(self, lexicon: dict[str, Any]) -> None:
        lx = self.lexicon = _load_lexicon(lexicon)
        # the pattern runs case-sensitively on lower-cased text (IGNORECASE makes its long
        # alternations several times slower); groups are then read from the original text
        prefix = _alt(sorted({p.lower() for p in lx.prefixes}))
        unit_words = list(lx.percent_words | lx.bps_words)
        suffix_words = list(lx.suffixes) + ["cents", "cent"]
        mags = _alt(list(lx.magnitudes))
        # the characters a figure can start with: a sign or digit, a currency prefix, a number
        # or fraction word ("a half", "quarter", "hundred"), "minus" or "negative"
        leading_words = f"{_ONES}|{_TEENS}|{_TENS}|a|half|quarter|hundred|minus|negative".split("|")
        self._first_chars = frozenset("-−–+.0123456789") | {p[0].lower() for p in lx.prefixes} | {w[0] for w in leading_words}
        self._pattern = re.compile(
            rf"""
            (?P<sign>(?<![\w.,%])[-−–+](?=[$€£¥\d.])|\bminus\s|\bnegative\s)?
            (?P<prefix>(?<![a-z])(?:{prefix})\s?)?
            (?:
                (?P<num>{_DIGITS})
              | (?P<words>(?:\b{_FRACTIONS}|\b{_WORDS}(?:\sand\s(?:a\s)?half)?)(?![\w]))
            )
            (?P<mag>[\s-]?(?:{mags})\b)?
            (?P<unit>[\s-]?(?:{_alt(unit_words)})(?![a-z])|[\s-](?:{_alt(suffix_words)})\b|¢|[\s-]?(?:{_alt(["points", "point", "pts", "pt"])})(?=[\s\-.,;:)]|$))?
            """,
            re.X,
        )

    # -- public -------------------------------------------------------------------------
    def parse(self, text: str) -> list[Quantity]:
        """All quantities in ``text``, in order of appearance."""
        found: list[Quantity] = []
        low = text.lower()
        if len(low) != len(text):  # keep offsets: only length-preserving lower-casing
            low = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
        anchors = [a.start() for a in _ANCHOR.finditer(low)]
        if not anchors:
            return found
        first_chars = self._first_chars
        pos = 0
        for anchor in anchors:
            if anchor < pos:
                continue
            # a figure starts at most a few characters before its first digit or number
            # word (a sign, "US$ ", "minus "): try those starts instead of every position
            for start in range(max(pos, anchor - 9), anchor + 1):
                c = low[start]
                if c not in first_chars or (c.isalpha() and start and "a" <= low[start - 1] <= "z"):
                    continue  # no figure starts with this character, nor inside a word
                found_match = self._pattern.match(low, start)
                if found_match is None or found_match.end() <= anchor or found_match.end() == found_match.start():
                    continue
                pos = found_match.end()
                q = self._to_quantity(text, _Original(found_match, text))
                if q is not None:
                    found.append(q)
                break
        return _inherit_range_units(text, found)

    # -- internals ----------------------------------------------------------------------
    def _to_quantity(self, text: str, m: _Original) -> Quantity | None:
        lx = self.lexicon
        num, words = m.group("num"), m.group("words")
        prefix = (m.group("prefix") or "").strip()
        mag = (m.group("mag") or "").strip(" -\t\n").lower()
        unit_word = (m.group("unit") or "").strip(" \t\n").lower()
        unit_word = unit_word if unit_word == "-won" else unit_word.lstrip("-")
        unit_word = _SPACES.sub(" ", unit_word)
        sign = (m.group("sign") or "").strip()
        start, end = m.start(), m.end()
        core_start = m.start("num") if num else m.start("words")
        core_end = m.end("num") if num else m.end("words")

        # the context a figure is judged by is local; patterns ending in $ search only the
        # few characters before the figure that they can span
        after = text[core_end : core_end + 60]
        currency = lx.prefixes.get(prefix) if prefix else None
        if prefix and currency is None:
            currency = lx.prefixes.get(prefix.upper())
        if prefix and prefix.isalpha() and prefix.upper() != prefix and currency is None:
            return None
        # A price widget: a ticker glued to a currency sign ("BTC$92,441.66").
        if prefix and not prefix[0].isalpha():
            lead = text[max(0, m.start("prefix") - 8) : m.start("prefix")]
            tick = _TICKER_BEFORE.search(lead)
            if tick and (tick.group(1) + prefix) not in lx.prefixes and tick.end(1) == len(lead):
                return None
        if not prefix and _WIDGET_BEFORE.search(text, max(0, core_start - 8), core_start):
            return None  # the figure of a widget whose sign is glued to a ticker
        if words is None and not prefix and _GLUED_WORD_BEFORE.search(text, max(0, core_start - 2), core_start):
            return None  # "CD20", "G7", "A320", "Q3"
        if words is None and _LETTER_FIRST.match(after) and not mag and not unit_word:
            if not _ORDINAL_OR_JOIN.match(after):
                return None  # "5G", "3D", "10x"
        if _ORDINAL_AFTER.search(after) and words is None:
            return None
        if not unit_word and not mag and not prefix and _TENOR_AFTER.match(after):
            return None  # "10-year", "52-week", "5-Year Low": a tenor, not a figure

        unit: str | None = None
        is_percent = unit_word in lx.percent_words or unit_word.replace("-", " ") in lx.percent_words
        is_bps = unit_word in lx.bps_words or unit_word.replace("-", " ") in lx.bps_words
        is_points = unit_word in ("point", "points", "pts", "pt")
        if is_percent:
            unit = "percent"
        elif is_bps:
            unit = "bps"
        elif unit_word in ("cents", "cent", "¢"):
            unit = "USD"
        elif unit_word in lx.suffixes:
            unit = lx.suffixes[unit_word]
        if currency:
            if unit in ("percent", "bps"):
                currency = None
            else:
                unit = currency
        raw_mag = (m.group("mag") or "").strip(" -")
        if mag and mag in lx.need_currency and not currency and unit not in lx.suffixes.values():
            if not (num and raw_mag in ("M", "B", "T", "K", "MM", "k")):
                mag = ""
                end = core_end + (len(m.group("unit") or "") if unit else 0)
        if words is not None:
            value = self._word_value(words)
            if value is None:
                return None
            fraction = words.lower().split()[0] in ("a", "one", "half", "quarter", "three", "two") and (
                any(f in words.lower() for f in ("quarter", "half", "third"))
            )
            if fraction and is_points:
                unit = "percent"  # "a quarter-point cut", "half a point"
            if fraction and unit is None and not mag:
                return None
            if is_points and unit is None:
                end = m.end("words")
        else:
            assert num is not None
            if "/" in num:
                top, bottom = num.split("/")
                value = int(top) / int(bottom)
            else:
                value = float(Decimal(num.replace(",", "")))
        if is_points and unit is None:
            # "points" stays a plain number; keep it out of the text span
            end = m.end("mag") if m.group("mag") else core_end
        if mag:
            value = float(Decimal(repr(value)) * Decimal(repr(lx.magnitudes[mag])))
        if unit_word in ("cents", "cent", "¢"):
            value /= 100.0
        if sign in ("-", "−", "–", "minus", "negative"):
            value = -value

        plain = unit is None and not mag and words is None
        if plain:
            if _DATE_BEFORE.search(text, max(0, core_start - 30), core_start) or _DATE_AFTER.search(after):
                return None
            if _TIME_AFTER.search(after):
                return None
            if _NO_BEFORE.search(text, max(0, core_start - 20), core_start):
                return None
            raw = num or ""
            if _YEAR_LIKE.fullmatch(raw):
                return None  # a year
            if _TWO_DIGITS.fullmatch(raw) and _APOSTROPHE_END.search(text, max(0, core_start - 2), core_start):
                return None  # '21
        if _CLOCK_BEFORE.search(text, max(0, core_start - 3), core_start):
            return None
        if unit is None and not mag and _MERIDIEM_AFTER.match(after):
            return None
        if sign and not num:
            start = m.start("words")
        if words is not None and _A_FRACTION_POINT.match(text, start, end):
            start += 2  # "a quarter-point cut": the figure is "quarter-point"
        if _is_blocked(lx.names_with_numbers, text, core_start, core_end):
            return None  # checked last: the cheaper checks above reject most non-figures
        span_text = text[start:end].rstrip()
        end = start + len(span_text)
        return Quantity(text=span_text, start=start, end=end, value=value, unit=unit)

    def _word_value(self, words: str) -> float | None:
        lx = self.lexicon
        w = re.sub(r"\s+", " ", words.lower().replace("-", " ")).strip()
        for key in sorted(lx.fraction_words, key=len, reverse=True):
            k = key.replace("-", " ")
            if w == k or w.startswith(k + " "):
                return lx.fraction_words[key]
        if w in ("quarter",):
            return 0.25
        if w in ("half",):
            return 0.5
        extra = 0.0
        if w.endswith(" and a half") or w.endswith(" and half"):
            extra = 0.5
            w = w.rsplit(" and ", 1)[0]
        total = 0.0
        for part in w.split():
            if part == "a":
                continue
            if part not in lx.number_words:
                return None
            if part == "hundred":
                total = (total or 1.0) * 100  # "four hundred" is 400, not 104
            else:
                total += lx.number_words[part]
        return total + extra


def _inherit_range_units(text: str, found: list[Quantity]) -> list[Quantity]:
    """"3.50-3.75%" and "$753–$760 million": the first figure takes the second's unit and scale."""
    out = list(found)
    for i in range(len(out) - 1):
        a, b = out[i], out[i + 1]
        gap = text[a.end : b.start]
        if not re.fullmatch(r"\s?(?:[-–]|to|or|and)\s?", gap):
            continue
        if gap.strip() == "and" and not re.search(r"\bbetween\s+$", text[max(0, a.start - 12) : a.start]):
            continue
        if a.unit == b.unit and a.unit is not None and not _SCALE_WORD.search(a.text) and _SCALE_WORD.search(b.text):
            scale = {"trillion": 1e12, "tn": 1e12, "billion": 1e9, "bn": 1e9, "million": 1e6, "mn": 1e6, "m": 1e6}[
                _SCALE_WORD.search(b.text).group(1).lower()  # type: ignore[union-attr]
            ]
            out[i] = Quantity(a.text, a.start, a.end, a.value * scale, a.unit)
            continue
        if a.unit is None and b.unit is not None:
            scale = 1.0
            m = re.search(r"(trillion|billion|million|bn|tn|mn|m)\b", b.text, re.I)
            if m and not re.search(r"(trillion|billion|million|bn|tn|mn)\b", a.text, re.I):
                scale = {"trillion": 1e12, "tn": 1e12, "billion": 1e9, "bn": 1e9, "million": 1e6, "mn": 1e6, "m": 1e6}[m.group(1).lower()]
            out[i] = Quantity(a.text, a.start, a.end, a.value * scale, b.unit)
    return out


@lru_cache(maxsize=1)
def default_parser() -> QuantityParser:
    """The parser built from the packaged lexicon (cached: building it compiles a large regex)."""
    data = json.loads(resources.files("extractor").joinpath("patterns/quantities.json").read_text("utf-8"))
    return QuantityParser(data)


def parse_quantities(text: str) -> list[Quantity]:
    """Every number, money amount, percent and basis-point figure in ``text``.

    Args:
        text: any text; offsets in the result index into it.

    Returns:
        ``Quantity`` records in order; ``unit`` is an ISO currency code, "percent", "bps"
        or None for a plain number.
    """
    return default_parser().parse(text)
