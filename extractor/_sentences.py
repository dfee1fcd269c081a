"""Rule-based sentence boundaries for news text (no trained parser exists here).

News bodies break sentences at line ends (paragraphs, bullets, headlines) and at a full
stop followed by a capitalised word — except after the abbreviations financial copy is
full of ("U.S.", "a.m.", "Inc.", "No. 1", "Dec. 12"). Decimal points never split because
a split needs whitespace after the stop.
"""

from __future__ import annotations

import re

__all__ = ["sentence_spans"]

#: abbreviations after which a capitalised word does not start a new sentence
NEVER_SPLIT = frozenset(
    """inc corp co ltd plc llc no nos mr mrs ms dr st sr jr gov sen rep prof gen lt col capt
    vs v e.g i.e etc approx est dept univ ave jan feb mar apr jun jul aug sep sept oct nov dec
    mon tue tues wed thu thur thurs fri sat sun u.s u.k u.n e.u fig vol op ed ft pct
    """.split()
)
#: abbreviations that may also end a sentence: split only before a typical sentence opener
MAY_END = frozenset("u.s u.k a.m p.m etc co inc corp ltd plc".split())
OPENERS = frozenset(
    """the a an this that these those it its he she they we i in on at as but and however
    meanwhile still yet so while since after before when if for by with from to his her their
    our there here some many most analysts investors traders shares stocks markets prices
    bitcoin ether gold oil""".split()
)

_CANDIDATE = re.compile(
    r"([.!?…]+)([\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]?[A-Z0-9$€£¥•\-–—])"
    # a stop with the space lost in copy-editing: "advanced 1%.The small-cap ..."
    # (the look-behind comes after the stop so the engine can skip to stops quickly)
    r"|(\.)(?<=[a-z%\d)]\.)()()(?=(?:The|It|Its|A|An|In|On|But|This|That|These|Those|He|She|They|We|Meanwhile|However)\s)"
)
_LINE = re.compile(r"[^\n]+")
_BULLET = re.compile(r"^\s*(?:[•·▪►●◦‣∙*]|-(?=\s)|–(?=\s)|—(?=\s)|\d{1,2}[.)](?=\s))\s*")
_WORD_BEFORE = re.compile(r"(\S+)$")


def _is_abbreviation_stop(line: str, dot_pos: int, next_word: str) -> bool:
    # only the last word matters, and none of the listed ones is long: search a short tail
    m = _WORD_BEFORE.search(line, max(0, dot_pos - 40), dot_pos)
    if not m:
        return False
    word = m.group(1).lower().rstrip(".").lstrip("(\"'“‘")
    if len(word) == 1 and word.isalpha():
        return True  # an initial: "J. Powell"
    if word in MAY_END:
        return next_word.lower() not in OPENERS
    return word in NEVER_SPLIT


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the sentences of ``text`` (bullets and surrounding space trimmed)."""
    spans: list[tuple[int, int]] = []
    for line_match in _LINE.finditer(text):
        line = line_match.group()
        base = line_match.start()
        bullet = _BULLET.match(line)
        start = bullet.end() if bullet else 0
        for m in _CANDIDATE.finditer(line, start):
            if m.group(1) is None:  # the glued-stop alternative: its groups are 4-6
                _add(spans, line, base, start, m.end(4))
                start = m.end()
                continue
            dot_pos = m.start(1)
            if m.group(1) == "." and not m.group(2):
                rest = line[m.end() :]
                nxt = re.match(r"[\"'“‘(\[]?([A-Za-z]+)", rest)
                if _is_abbreviation_stop(line, dot_pos, nxt.group(1) if nxt else ""):
                    continue
            end = m.end(2)
            _add(spans, line, base, start, end)
            start = m.end()
        _add(spans, line, base, start, len(line))
    return spans


def _add(spans: list[tuple[int, int]], line: str, base: int, start: int, end: int) -> None:
    seg = line[start:end]
    stripped = seg.strip()
    if not stripped:
        return
    lead = len(seg) - len(seg.lstrip())
    spans.append((base + start + lead, base + start + lead + len(stripped)))
