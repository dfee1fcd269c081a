"""Compile the assembler's cue lists (``patterns/claims.json``) into regexes, once."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

__all__ = ["ClaimLexicon", "default_lexicon"]


def _words(items: list[str]) -> re.Pattern[str]:
    body = "|".join(sorted(items, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w])", re.I)


def _ending(items: list[str]) -> re.Pattern[str]:
    """Matches when a text ENDS with one of the phrases (plus trailing space)."""
    body = "|".join(re.escape(i).replace(r"\ ", r"\s+") for i in sorted(items, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])(?:{body})\s*$", re.I)


@dataclass(frozen=True)
class ClaimLexicon:
    raw: dict[str, Any]
    up: re.Pattern[str]
    down: re.Pattern[str]
    change_after: re.Pattern[str]
    not_price: re.Pattern[str]
    drawdown_after: re.Pattern[str]
    drawdown_before: re.Pattern[str]
    rate_cut: re.Pattern[str]
    rate_hike: re.Pattern[str]
    rate_context: re.Pattern[str]
    yield_words: re.Pattern[str]
    operation: re.Pattern[str]
    sale: re.Pattern[str]
    level_cues: list[tuple[str, re.Pattern[str]]]
    record_high: re.Pattern[str]
    record_low: re.Pattern[str]
    record_block_before: re.Pattern[str]
    record_block_after: re.Pattern[str]
    hedge: re.Pattern[str]
    attribution: list[re.Pattern[str]]
    attribution_stop: frozenset[str]
    streak_up: re.Pattern[str]
    streak_down: re.Pattern[str]
    streak_patterns: list[re.Pattern[str]]
    streak_units: dict[str, str]
    numbers: dict[str, int]
    anaphora: re.Pattern[str]
    anaphora_class: dict[str, str]
    cb_countries: list[tuple[re.Pattern[str], str]]
    cb_currency: dict[str, str]
    name_continuers: frozenset[str]
    statistic: re.Pattern[str]
    rate_blockers: re.Pattern[str]
    fractions: dict[str, float]


def build_lexicon(data: dict[str, Any]) -> ClaimLexicon:
    numbers = {**data["cardinal_words"], **data["ordinal_words"]}
    num_alt = "|".join(sorted(numbers, key=len, reverse=True))
    units = r"(?:trading\s+)?(?P<unit>days?|sessions?|weeks?|months?|quarters?|years?)"
    n = rf"(?P<n>\d{{1,3}}|{num_alt})"
    streak_patterns = [
        re.compile(rf"\b{n}[- ](?:straight[- ]|consecutive[- ]|successive[- ])?(?:trading[- ])?(?P<unit>day|session|week|month|quarter)[- ](?:(?P<dir>winning|losing|win|loss|losing|gaining|rally|decline)[- ])?(?:streak|run|stretch)\b", re.I),
        re.compile(rf"\b(?P<dir>winning|losing)\s+(?:streak|run)\s+(?:of|to|at)\s+{n}\s+(?:straight\s+|consecutive\s+)?{units}", re.I),
        re.compile(rf"\b{n}\s+(?:straight|consecutive|successive)\s+{units}(?:\s+of\s+(?P<dir>[\w-]+(?:\s+[\w-]+)?))?", re.I),
        re.compile(rf"\b{n}\s+(?:straight|consecutive|successive)\s+(?P<dir>up|down|green|red|positive|negative|losing|winning)\s+{units}", re.I),
        re.compile(rf"\b(?:a|the|its|their)\s+{n}\s+(?:straight|consecutive|successive)\s+(?:(?P<dir>weekly|daily|monthly)\s+)?(?:{units}|(?P<noun>gain|loss|decline|drop|advance|rise|fall|increase|decrease)s?)\b", re.I),
        re.compile(rf"\b{n}\s+{units}\s+in\s+a\s+row\b", re.I),
        re.compile(rf"\b{n}\s+(?:straight|consecutive|successive)\s+(?P<dir>declines|gains|losses|advances|drops|falls|rises|increases|decreases|rallies|retreats)\b", re.I),
        re.compile(rf"\b(?:its|their|the)\s+{n}\s+(?:(?P<dir>gain|loss|decline|advance|rise|fall|drop)\s+)?in\s+a\s+row\b", re.I),
        re.compile(rf"\brecord\s+of\s+{n}\s+(?:straight\s+|consecutive\s+)?{units}(?:\s+of\s+(?P<dir>[\w-]+(?:\s+[\w-]+)?))?", re.I),
    ]
    level = [
        (rel, _ending(cues))
        for rel, cues in data["level_cues"].items()
    ]
    return ClaimLexicon(
        raw=data,
        up=_words(data["up_words"]),
        down=_words(data["down_words"]),
        change_after=re.compile(
            rf"^\s*(?:{'|'.join(sorted(data['change_nouns_after'], key=len, reverse=True))})\b", re.I
        ),
        not_price=_words(data["not_price_nouns"]),
        drawdown_after=re.compile(
            rf"^\s*(?:(?:drop|decline|fall|loss|slide|plunge|retreat|pullback|tumble)s?\s+)?(?:{'|'.join(data['drawdown_after'])})",
            re.I,
        ),
        drawdown_before=re.compile(rf"(?:{'|'.join(data['drawdown_before'])})\s*$", re.I),
        rate_cut=_words(data["rate_cut_words"]),
        rate_hike=_words(data["rate_hike_words"]),
        rate_context=_words(data["rate_context"]),
        yield_words=_words(data["yield_words"]),
        operation=_words(data["operation_words"]),
        sale=_words(data["sale_words"]),
        level_cues=level,
        record_high=_words(data["record_high"]),
        record_low=_words(data["record_low"]),
        record_block_before=re.compile(
            rf"(?<![\w-])(?:{'|'.join(re.escape(w) for w in sorted(data['record_blockers_before'], key=len, reverse=True))})\s+(?:(?:its|the|their|a|an|this|that|last|year's|october's|[\w'’]+['’]s)\s+)?(?:[\w'’.-]+\s+){{0,3}}$",
            re.I,
        ),
        record_block_after=re.compile(rf"^\s*(?:{'|'.join(data['record_blockers_after'])})", re.I),
        hedge=_words(data["hedge_words"]),
        attribution=[re.compile(p) for p in data["attribution_patterns"]],
        attribution_stop=frozenset(data["attribution_stopwords"]),
        streak_up=_words(data["streak_up"]),
        streak_down=_words(data["streak_down"]),
        streak_patterns=streak_patterns,
        streak_units={k: v for k, v in data["streak_units"].items()},
        numbers=numbers,
        anaphora=re.compile(
            r"(?<![\w-])(?:" + "|".join(re.escape(a) for a in sorted(data["anaphora"], key=len, reverse=True)) + r")(?![\w-])",
            re.I,
        ),
        anaphora_class={k.lower(): v for k, v in data["anaphora"].items()},
        cb_countries=[(re.compile(rf"(?<![\w-])(?:{k})(?![\w-])", re.I), v) for k, v in data["cb_countries"].items()],
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
