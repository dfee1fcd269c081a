"""Shared state of claim assembly: mentions, document context, and the helpers that place a
claim in its clause — its subject (the nearest asset named before the figure, a coordinated
group of assets, or the topic of earlier sentences for "it" and "the index"), its time,
hedge, qualifier and attribution. The rules that decide a claim's kind live in
``_records`` and ``_figures``.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from models import Claim, Quantity

from ._dates import TimeExpr
from ._lexicon import ClaimLexicon, Lower

__all__ = ["DocContext", "Mention", "Sentence"]

PRICEABLE = frozenset({"crypto", "index", "commodity", "fx", "rate", "stock", "etf", "ratio", "other"})
# case-insensitive patterns run as case-sensitive ones on lower-cased text (see Lower)
_COORD_GAP = Lower(
    r"\s*(?:,\s*(?:and|or|as well as|plus|&)?|and|or|&|as well as|plus|/)\s+(?:the\s+)?(?:[A-Za-z'’-]+\s+){0,4}?"
)
_CLAUSE_BREAK = Lower(r";|\s[—–-]{1,2}\s|,\s+(?:but|while|whereas|although|though|even as|as|with|and again|and then|then)\s|\s(?:but|while|whereas)\s")
_HARD_BREAK = re.compile(r";")
_QUALIFIERS = {
    "about": Lower(r"(?:about|around|roughly|approximately|some|circa|near|nearly|almost|close to|just shy of|~)\s*$"),
    "more_than": Lower(r"(?:more than|over|above|at least|upwards of|north of|in excess of|greater than|just over|well over|well above)\s*$"),
    "less_than": Lower(r"(?:less than|under|below|just under|just below|up to|no more than|fewer than|south of)\s*$"),
}
_PRONOUN_OR_NO_SUBJECT = Lower(r"(?<![\w-])(?:it|its|they|their|prices?|the (?:index|token|coin|metal|yield|stock|shares|pair|ratio|cryptocurrency|asset|contract|benchmark|gauge))(?![\w-])")
_NICKNAME_BEFORE = Lower(r"(?:so-called|dubbed|nicknamed|billed as|touted as)\s+[\"“‘']\s*[\w\s-]{0,15}$")
_APPOSITIVE_GAP = Lower(r"\s*,\s*(?:the|a|an)\s+(?:[\w'’-]+\s+){0,3}")
_FRONTED_CLAUSE = Lower(r"\s*(?:since|after|before|when|while|having|despite|following|from)\b")
_RELATIVE = Lower(r",\s*(?:which|who|whose|that)\b")
_AND_NEW_SUBJECT = Lower(r",?\s+(?:and|while|but)\s+(?:the\s+)?")
_PRICED_IN = Lower(r"\bpric(?:ed|ing) in(?:to)?\b")

_OPEN_BRACKET = re.compile(r"\s*\(\s*")
_CLOSE_BRACKET = re.compile(r"\s*\)")
_NEXT_CAPITAL = re.compile(r"\s+([A-Z][\w&.-]*)")
_SHORT_APPOSITIVE_END = re.compile(r"(?:\s+[\w'’-]+){0,3}\s*,")
_DIGIT = re.compile(r"\d")
_CONDITIONAL_OPENING = re.compile(r"\s*(?:if|should|unless)\b")
_COMMA_OR_SEMICOLON = re.compile(r"[;,]")


@dataclass(frozen=True, slots=True)
class Mention:
    """An asset or institution named in the sentence (offsets relative to the sentence)."""

    start: int
    end: int
    subject: str
    cls: str


@dataclass
class DocContext:
    """What earlier sentences of the article said: for "it", "the index", "the central bank"."""

    published: dt.date | None
    recent: list[tuple[str, str]] = field(default_factory=list)

    def remember(self, mentions: list[Mention]) -> None:
        if mentions:
            # the sentence's first-named asset is its topic; keep it most recent
            for m in reversed(mentions):
                self.recent.append((m.subject, m.cls))
            del self.recent[:-40]

    def last(self, cls: str | None = None, exclude: frozenset[str] = frozenset()) -> tuple[str, str] | None:
        for subject, c in reversed(self.recent):
            if c in exclude:
                continue
            if cls in (None, "any") or c == cls:
                return subject, c
        return None


@dataclass
class Sentence:
    text: str
    lower: str
    mentions: list[Mention]
    quantities: list[Quantity]
    times: list[TimeExpr]
    ctx: DocContext
    lex: ClaimLexicon
    out: list[tuple[int, Claim]] = field(default_factory=list)
    _plain: str | None = None
    _attribution: tuple[str | None] | None = None
    _moves: tuple[str, list[tuple[int, int, str]]] | None = None
    _breaks: list[tuple[int, int]] | None = None
    _has_operation: bool | None = None

    @property
    def attribution(self) -> str | None:
        """Who the sentence credits, computed on first use (most sentences yield no claim)."""
        if self._attribution is None:
            self._attribution = (attribution(self),)
        return self._attribution[0]

    @property
    def has_operation_word(self) -> bool:
        if self._has_operation is None:
            self._has_operation = self.lex.operation.search(self.text) is not None
        return self._has_operation

    @property
    def plain(self) -> str:
        """The sentence with asset names blanked out (same length), so cue words inside
        names ("Dow Jones Industrial Average", "Fed Watch") are not read as cues."""
        if self._plain is None:
            chars = list(self.text)
            for m in self.mentions:
                if m.start >= 0:
                    chars[m.start : m.end] = " " * (m.end - m.start)
            self._plain = "".join(chars)
        return self._plain


# -- mentions -----------------------------------------------------------------------------


def clean_mentions(text: str, mentions: list[Mention], lex: ClaimLexicon) -> list[Mention]:
    """Drop mentions that are aliases in brackets or a word inside a longer proper name."""
    kept: list[Mention] = []
    title_case: bool | None = None  # a headline in Title Case; computed only when a rule asks
    for m in sorted(mentions, key=lambda m: m.start):
        after = text[m.end : m.end + 40]
        before = text[: m.start]
        if kept and _OPEN_BRACKET.fullmatch(text[kept[-1].end : m.start]) and _CLOSE_BRACKET.match(after):
            continue  # "Russell 2000 Index (IWM)", "(DJIA)": the bracket names the same thing
        nxt = _NEXT_CAPITAL.match(after)
        surface = text[m.start : m.end]
        if _APPOSITIVE_GAP.fullmatch(text[kept[-1].end : m.start] if kept else "x") and _SHORT_APPOSITIVE_END.match(after):
            continue  # "Brent crude, the oil benchmark, has fallen": the appositive describes Brent
        if nxt and surface[:1].isupper() and nxt.group(1) not in lex.name_continuers:
            if title_case is None:
                title_case = _is_title_case(text)
        if not title_case and nxt and surface[:1].isupper() and nxt.group(1) not in lex.name_continuers:
            # "S&P Global", "Bitcoin ETFs", "Gold Fields": part of another name
            word = nxt.group(1)
            if not (word.isupper() and len(word) <= 5 and word in {"BTC", "ETH", "USD"}):
                if not re.match(r"[A-Z]{2,}$", surface) or len(surface) > 5:
                    continue
        if before[-1:] == "-" and before[-2:-1].isascii() and before[-2:-1].isalpha():
            continue  # "non-bitcoin", "pro-crypto"
        if _NICKNAME_BEFORE.search(before[-40:]):
            continue  # 'so-called "Ethereum killer"': a nickname, not the asset
        kept.append(m)
    return kept


def _is_title_case(text: str) -> bool:
    words = re.findall(r"[A-Za-z][\w'’-]*", text)
    return len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.6 * len(words)


def add_anaphora(s: Sentence) -> list[Mention]:
    """Resolve class nouns ("the index", "the central bank") to the last subject of that class."""
    extra: list[Mention] = []
    taken = [(m.start, m.end) for m in s.mentions]
    for a in s.lex.anaphora.finditer(s.text):
        phrase = a.group().lower()
        cls = s.lex.anaphora_class.get(phrase, "any")
        if cls == "any" or any(a.start() < e and st < a.end() for st, e in taken):
            continue
        if any(m.cls == cls for m in s.mentions):
            continue  # "The yield on the 2-year Treasury": the sentence names it itself
        if cls == "central_bank":
            prior = s.ctx.last("central_bank")
            if prior is None and not any(m.cls == "central_bank" for m in s.mentions):
                continue
            if prior is None:
                continue
        else:
            prior = s.ctx.last(cls)
            if prior is None:
                continue
        extra.append(Mention(a.start(), a.end(), prior[0], prior[1]))
    return sorted(s.mentions + extra, key=lambda m: m.start)


def fallback_subject(s: Sentence, classes: frozenset[str]) -> list[Mention]:
    last = s.ctx.last(None, exclude=frozenset({"central_bank"}) if "central_bank" not in classes else frozenset())
    if last is None or last[1] not in classes:
        return []
    return [Mention(-1, -1, last[0], last[1])]


def subjects_for(s: Sentence, pos: int, end: int, classes: frozenset[str], *, right_ok: bool = True) -> list[Mention]:
    """The subject group of a figure/trigger at ``pos``: nearest asset named before it.

    Falls back to an asset named right after it ("a record for Bitcoin"), then, when the
    clause refers back ("it", "the index"), to the topic of earlier sentences.
    """
    left = [i for i, m in enumerate(s.mentions) if m.end <= pos and m.cls in classes]
    if left:
        i = _skip_relative_clause(s, left, pos)
        # a hard break (";") between the mention and the figure means a new clause
        if not _HARD_BREAK.search(s.text, s.mentions[i].end, pos):
            return extend_group(s, i, classes)
    if right_ok:
        right = [m for m in s.mentions if m.start >= end and m.cls in classes and m.start - end < 45]
        fronted = not left and (_FRONTED_CLAUSE.match(s.text) or "," not in s.text[:pos])
        if right and (not _COMMA_OR_SEMICOLON.search(s.text, end, right[0].start) or fronted):
            return [right[0]]
        if fronted:
            right = [m for m in s.mentions if m.start >= end and m.cls in classes]
            if right and s.text.count(",", end, right[0].start) == 1:
                return [right[0]]
    if left:
        return extend_group(s, left[-1], classes)
    if not any(m.cls in classes for m in s.mentions) and _PRONOUN_OR_NO_SUBJECT.search(s.text, clause_start(s, pos), pos):
        return fallback_subject(s, classes)
    return []


def _skip_relative_clause(s: Sentence, left: list[int], pos: int) -> int:
    """"The Nasdaq, which groups names such as Apple and Google, rose 0.1%": the Nasdaq."""
    i = left[-1]
    for j in reversed(left[:-1]):
        m = s.mentions[j]
        rel = _RELATIVE.search(s.text, m.end, pos)
        if rel and rel.start() - m.end < 25 and s.mentions[i].start > rel.start():
            return j
    return i


def extend_group(s: Sentence, i: int, classes: frozenset[str]) -> list[Mention]:
    group = [s.mentions[i]]
    j = i
    while j > 0:
        prev = s.mentions[j - 1]
        gap = s.text[prev.end : s.mentions[j].start]
        if prev.cls not in classes or _DIGIT.search(gap) or not _COORD_GAP.fullmatch(gap):
            break
        group.insert(0, prev)
        j -= 1
    # drop repeated subjects, keep order
    seen: set[str] = set()
    return [m for m in group if not (m.subject in seen or seen.add(m.subject))]  # type: ignore[func-returns-value]


# -- shared helpers -----------------------------------------------------------------------


def clause_start(s: Sentence, pos: int) -> int:
    """Where the clause holding ``pos`` starts (after ";", " — ", ", but", ", while", ...)."""
    if s._breaks is None:
        s._breaks = [(m.start(), m.end()) for m in _CLAUSE_BREAK.finditer(s.text)]
    start = 0
    for b_start, b_end in s._breaks:
        if b_end > pos:
            break
        start = b_end
    return start


def is_hedged(s: Sentence, pos: int, end: int) -> bool:
    start = clause_start(s, pos)
    # "on pace for a record, and the Nasdaq advanced 1%": a new subject after "and" starts a new clause
    left = [m for m in s.mentions if start <= m.start < pos]
    if left:
        joint = [j.end() for j in _AND_NEW_SUBJECT.finditer(s.text, start, left[-1].start + 1)]
        if joint:
            start = max(start, joint[-1])
    if s.lex.hedge.search(s.plain, start, pos):
        return True
    if _CONDITIONAL_OPENING.match(s.lower):
        return True
    return bool(_PRICED_IN.search(s.text, end, min(len(s.text), end + 90)))


def time_for(s: Sentence, pos: int, end: int) -> tuple[dt.date | None, str | None]:
    """The day and window a claim at [pos, end) is about, from the nearest time expression."""
    if not s.times:
        return None, None
    clause_lo = clause_start(s, pos)
    nxt = _CLAUSE_BREAK.search(s.text, end)
    clause_hi = nxt.start() if nxt else len(s.text)
    in_clause = [t for t in s.times if t.start >= clause_lo and t.end <= clause_hi]
    # outside its clause a figure only takes a date written before it ("On Monday, ..."):
    # "at 35470, but still below its high reached on August 16" is not dated August 16
    pool = in_clause or [t for t in s.times if t.end <= pos and pos - t.start < 120]
    if not pool:
        return None, None
    best = min(pool, key=lambda t: (t.start - end if t.start >= end else (pos - t.end) * 1.5))
    date = best.date if best.is_day else None
    period = best.period
    if best.is_day and date is not None:
        period = date.isoformat()
    return date, period


def qualifier_of(s: Sentence, q: Quantity) -> str | None:
    before = s.text[max(0, q.start - 25) : q.start]
    for name, pat in _QUALIFIERS.items():
        if pat.search(before):
            return name
    return None


def attribution(s: Sentence) -> str | None:
    for pat in s.lex.attribution:
        m = pat.search(s.text)
        if not m:
            continue
        who = m.group("who").strip(" '\"“”’")
        who = re.sub(r"^(?:the|a|an)\s+", "", who, flags=re.I)
        who = re.sub(r"['’]s$", "", who)
        if not who or who.split()[0] in s.lex.attribution_stop or len(who) > 60:
            continue
        if any(m2.start <= m.start("who") < m2.end for m2 in s.mentions if m2.cls != "central_bank") and "according" not in m.group().lower():
            continue
        return who
    return None


def emit(s: Sentence, anchor: int, end: int, kind: str, subject: str, *, value: float | None,
          unit: str | None, relation: str | None = None, qualifier: str | None = None,
          period: str | None = None, date: dt.date | None = None, hedged: bool | None = None,
          no_time: bool = False) -> None:
    d, p = (None, None) if no_time else time_for(s, anchor, end)
    claim = Claim(
        kind=kind,
        subject=subject,
        value=value,
        unit=unit,
        relation=relation,
        period=period if period is not None else p,
        date=date if date is not None else d,
        hedged=is_hedged(s, anchor, end) if hedged is None else hedged,
        attribution=s.attribution,
        text=s.text,
        start=anchor,
        end=end,
        qualifier=qualifier,
    )
    s.out.append((anchor, claim))


def dedupe(items: list[tuple[int, Claim]]) -> list[tuple[int, Claim]]:
    seen: set[tuple[object, ...]] = set()
    out = []
    for anchor, c in sorted(items, key=lambda x: x[0]):
        key = (c.kind, c.subject, None if c.value is None else round(c.value, 6), c.relation)
        if key in seen:
            continue
        seen.add(key)
        out.append((anchor, c))
    return out


