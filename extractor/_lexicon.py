"""Compile the assembler's cue lists (``patterns/claims.json``) into regexes, once."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["ClaimLexicon", "Lower", "default_lexicon", "grouped_alternation"]


class Lower:
    """A case-insensitive pattern that runs as a case-sensitive one on lower-cased text.

    Python's ``re.IGNORECASE`` makes large word alternations about five times slower; the
    cue lists are lower-case, so the text is lower-cased instead (same length, so offsets
    stay valid; the rare text whose length changes falls back to ``re.I``).
    """

    __slots__ = ("fast", "pattern", "slow")

    #: the two texts last lower-cased, shared by every pattern: the assembler asks many
    #: patterns in a row about the same sentence (and its copy with asset names blanked)
    _last: tuple[str, str] = ("", "")
    _prev: tuple[str, str] = ("", "")

    def __init__(self, source: str) -> None:
        self.pattern = source
        self.fast = re.compile(source)
        self.slow = re.compile(source, re.I)

    def _pick(self, text: str) -> tuple[re.Pattern[str], str]:
        # each cache entry is read once into a local: entries are immutable pairs, so a
        # thread that replaces them meanwhile cannot pair one text with another's lower case
        last, prev = Lower._last, Lower._prev
        if last[0] is text:
            low = last[1]
        elif prev[0] is text:
            low = prev[1]
            Lower._prev, Lower._last = last, prev
        else:
            low = text.lower()
            Lower._prev, Lower._last = last, (text, low)
        return (self.fast, low) if len(low) == len(text) else (self.slow, text)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        pat, t = self._pick(text)
        return pat.search(t, pos, len(t) if endpos is None else endpos)

    def match(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        pat, t = self._pick(text)
        return pat.match(t, pos, len(t) if endpos is None else endpos)

    def fullmatch(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        pat, t = self._pick(text)
        return pat.fullmatch(t, pos, len(t) if endpos is None else endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match[str]]:
        pat, t = self._pick(text)
        return pat.finditer(t, pos, len(t) if endpos is None else endpos)


_PLAIN_HEAD = re.compile(r"[a-z0-9][^?*+{|]")


def _has_top_level_bar(fragment: str) -> bool:
    """True when ``fragment`` is itself an alternation ("a|b"), not just one that holds a
    group with alternatives ("seen (?:rising|falling)")."""
    depth, i, n = 0, 0, len(fragment)
    while i < n:
        ch = fragment[i]
        if ch == "\\":
            i += 2
            continue
        if ch == "[":  # a character class: skip to its closing bracket
            i += 2 if fragment[i + 1 : i + 2] == "^" else 1
            i += 1 if fragment[i : i + 1] == "]" else 0
            while i < n and fragment[i] != "]":
                i += 2 if fragment[i] == "\\" else 1
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            return True
        i += 1
    return False


def grouped_alternation(ordered: list[str]) -> str:
    """``a|b|c`` in the given order, with alternatives that share a first letter grouped behind it.

    ``r(?:ose|ises|ise)|f(?:ell|alls)`` matches exactly what ``rose|rises|...`` matches (the
    order within a letter is kept, and alternatives with different first letters cannot
    match at the same place), but Python's engine tests one letter per position instead of
    every alternative: cue lists of ~100 words search 30-40% faster. Lists holding an
    alternative that does not start with a plain letter are left as they are.
    """
    if not all(_PLAIN_HEAD.match(a) and not _has_top_level_bar(a) for a in ordered):
        return "|".join(ordered)
    groups: dict[str, list[str]] = {}
    for a in ordered:
        groups.setdefault(a[0], []).append(a[1:])
    return "|".join(f"{head}(?:{'|'.join(tails)})" for head, tails in groups.items())


def _words(items: list[str]) -> Lower:
    return Lower(rf"(?<![\w-])(?:{grouped_alternation(sorted(items, key=len, reverse=True))})(?![\w])")


def _ending(items: list[str]) -> Lower:
    """Matches when a text ENDS with one of the phrases (plus trailing space)."""
    escaped = [re.escape(i).replace(r"\ ", r"\s+") for i in sorted(items, key=len, reverse=True)]
    return Lower(rf"(?<![\w-])(?:{grouped_alternation(escaped)})\s*$")


@dataclass(frozen=True)
class ClaimLexicon:
    raw: dict[str, Any]
    up: Lower
    down: Lower
    change_after: Lower
    not_price: Lower
    not_price_of: Lower  # "market cap of the", ending the text: the figure measures that noun
    possessive_not_price: Lower  # "'s market cap", starting the text
    drawdown_after: Lower
    drawdown_before: Lower
    rate_cut: Lower
    rate_hike: Lower
    rate_context: Lower
    yield_words: Lower
    operation: Lower
    sale: Lower
    level_cues: list[tuple[str, Lower]]
    record_high: Lower
    record_low: Lower
    record_block_before: Lower
    record_block_after: Lower
    hedge: Lower
    attribution: list[re.Pattern[str]]
    attribution_stop: frozenset[str]
    streak_up: Lower
    streak_down: Lower
    streak_patterns: list[Lower]
    streak_units: dict[str, str]
    numbers: dict[str, int]
    anaphora: Lower
    anaphora_class: dict[str, str]
    cb_countries: list[tuple[Lower, str]]
    cb_currency: dict[str, str]
    name_continuers: frozenset[str]
    statistic: Lower
    rate_blockers: Lower
    fractions: dict[str, float]


def build_lexicon(data: dict[str, Any]) -> ClaimLexicon:
    numbers = {**data["cardinal_words"], **data["ordinal_words"]}
    num_alt = "|".join(sorted(numbers, key=len, reverse=True))
    units = r"(?:trading\s+)?(?P<unit>days?|sessions?|weeks?|months?|quarters?|years?)"
    n = rf"(?P<n>\d{{1,3}}|{num_alt})"
    streak_patterns = [
        Lower(rf"\b{n}[- ](?:straight[- ]|consecutive[- ]|successive[- ])?(?:trading[- ])?(?P<unit>day|session|week|month|quarter)[- ](?:(?P<dir>winning|losing|win|loss|losing|gaining|rally|decline)[- ])?(?:streak|run|stretch)\b"),
        Lower(rf"\b(?P<dir>winning|losing)\s+(?:streak|run)\s+(?:of|to|at)\s+{n}\s+(?:straight\s+|consecutive\s+)?{units}"),
        Lower(rf"\b{n}\s+(?:straight|consecutive|successive)\s+{units}(?:\s+of\s+(?P<dir>[\w-]+(?:\s+[\w-]+)?))?"),
        Lower(rf"\b{n}\s+(?:straight|consecutive|successive)\s+(?P<dir>up|down|green|red|positive|negative|losing|winning)\s+{units}"),
        Lower(rf"\b(?:a|the|its|their)\s+{n}\s+(?:straight|consecutive|successive)\s+(?:(?P<dir>weekly|daily|monthly)\s+)?(?:{units}|(?P<noun>gain|loss|decline|drop|advance|rise|fall|increase|decrease)s?)\b"),
        Lower(rf"\b{n}\s+{units}\s+in\s+a\s+row\b"),
        Lower(rf"\b{n}\s+(?:straight|consecutive|successive)\s+(?P<dir>declines|gains|losses|advances|drops|falls|rises|increases|decreases|rallies|retreats)\b"),
        Lower(rf"\b(?:its|their|the)\s+{n}\s+(?:(?P<dir>gain|loss|decline|advance|rise|fall|drop)\s+)?in\s+a\s+row\b"),
        Lower(rf"\brecord\s+of\s+{n}\s+(?:straight\s+|consecutive\s+)?{units}(?:\s+of\s+(?P<dir>[\w-]+(?:\s+[\w-]+)?))?"),
    ]
    not_price = _words(data["not_price_nouns"])
    level = [
        (rel, _ending(cues))
        for rel, cues in data["level_cues"].items()
    ]
    return ClaimLexicon(
        raw=data,
        up=_words(data["up_words"]),
        down=_words(data["down_words"]),
        change_after=Lower(
            rf"^\s*(?:{'|'.join(sorted(data['change_nouns_after'], key=len, reverse=True))})\b"),
        not_price=not_price,
        not_price_of=Lower(rf"(?:{not_price.pattern})\s+(?:in|of|for|on|into|from)\s+(?:the\s+)?$"),
        possessive_not_price=Lower(rf"\s*['’]s?\s+(?:[\w-]+\s+){{0,2}}?(?:{not_price.pattern})"),
        drawdown_after=Lower(
            rf"^\s*(?:(?:drop|decline|fall|loss|slide|plunge|retreat|pullback|tumble)s?\s+)?(?:{'|'.join(data['drawdown_after'])})"),
        drawdown_before=Lower(rf"(?:{'|'.join(data['drawdown_before'])})\s*$"),
        rate_cut=_words(data["rate_cut_words"]),
        rate_hike=_words(data["rate_hike_words"]),
        rate_context=_words(data["rate_context"]),
        yield_words=_words(data["yield_words"]),
        operation=_words(data["operation_words"]),
        sale=_words(data["sale_words"]),
        level_cues=level,
        record_high=_words(data["record_high"]),
        record_low=_words(data["record_low"]),
        record_block_before=Lower(
            rf"(?<![\w-])(?:{'|'.join(re.escape(w) for w in sorted(data['record_blockers_before'], key=len, reverse=True))})\s+(?:(?:its|the|their|a|an|this|that|last|year's|october's|[\w'’]+['’]s)\s+)?(?:[\w'’.-]+\s+){{0,3}}$"),
        record_block_after=Lower(rf"^\s*(?:{'|'.join(data['record_blockers_after'])})"),
        hedge=_words(data["hedge_words"]),
        attribution=[re.compile(p) for p in data["attribution_patterns"]],
        attribution_stop=frozenset(data["attribution_stopwords"]),
        streak_up=_words(data["streak_up"]),
        streak_down=_words(data["streak_down"]),
        streak_patterns=streak_patterns,
        streak_units={k: v for k, v in data["streak_units"].items()},
        numbers=numbers,
        anaphora=Lower(
            r"(?<![\w-])(?:"
            + grouped_alternation([re.escape(a.lower()) for a in sorted(data["anaphora"], key=len, reverse=True)])
            + r")(?![\w-])"
        ),
        anaphora_class={k.lower(): v for k, v in data["anaphora"].items()},
        cb_countries=[(Lower(rf"(?<![\w-])(?:{k})(?![\w-])"), v) for k, v in data["cb_countries"].items()],
        cb_currency=data["cb_currency"],
        name_continuers=frozenset(data["name_continuers"]),
        statistic=_words(data["statistic_words"]),
        rate_blockers=_words(data["rate_decision_blockers"]),
        fractions={k: float(v) for k, v in data["fraction_values"].items()},
    )


@lru_cache(maxsize=1)
def default_lexicon() -> ClaimLexicon:
    data = json.loads(resources.files("extractor").joinpath("patterns/claims.json").read_text("utf-8"))
    return build_lexicon(data)
