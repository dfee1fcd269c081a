"""spaCy components of the claim pipeline, each a registered factory.

``spacy.blank("en")`` plus five components, in order:

- ``market_sentencizer`` sentence starts from news-aware rules (``_sentences``);
- ``asset_ruler``        gazetteer phrases -> ``doc.spans["assets"]`` (label = subject);
- ``quantity_tagger``    figures -> ``doc._.quantities`` and ``doc.spans["quantities"]``;
- ``time_tagger``        time expressions resolved against ``doc._.published``;
- ``claim_assembler``    everything above -> ``doc._.claims`` (``models.Claim``).

Factories take only JSON-primitive settings so a pipeline saved with ``nlp.to_disk``
loads back with ``spacy.load`` (the asset ruler writes its patterns next to its config).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import numpy
from spacy.attrs import IDX, SENT_START
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from models import Claim

from ._assemble import DocContext, Mention, assemble_sentence
from ._dates import TimeExpr, find_time_expressions
from ._gazetteer import GazetteerEntry, load_gazetteer, parse_gazetteer
from ._lexicon import default_lexicon
from ._quantities import default_parser
from ._sentences import sentence_spans

#: "(ZM)", "(NASDAQ: ROST)": the bracket that declares a ticker
_BRACKETED_TICKER = r"\((?:(?:NYSE|NASDAQ|Nasdaq|NYSEARCA|NYSE Arca|AMEX|TSX|LSE|OTC|CBOE)\s*:\s*)?(?P<ticker>[A-Z]{1,5}(?:\.[A-Z])?)\)"
_DECLARED_TICKER = re.compile(r"(?P<name>(?:[A-Z][\w&.'’-]*,?\s+){1,5}?)" + _BRACKETED_TICKER)
#: the bracket alone: a cheap test before the full pattern, which is slow
_PAREN_TICKER = re.compile(_BRACKETED_TICKER)
_CUE = re.compile(r"record|high|low|peak|ath|straight|consecutive|successive|streak|in a row|first time|weakest|strongest")
_TICKER = re.compile(r"[A-Z]{1,5}(?:\.[A-Z])?")
_MARKS = "•·▪►●◦‣∙*"


def _trim_marks(raw: str) -> str:
    """Drop trailing whitespace and the next line's bullet or dash marker (linear, no regex)."""
    text = raw.rstrip()
    while text and (text[-1] in _MARKS or (text[-1] in "-–—" and len(text) > 1 and text[-2].isspace())):
        text = text[:-1].rstrip()
    return text
_NOT_ALIASES = frozenset({"The", "Shares", "Stock", "Inc", "Inc.", "Corp", "Corp.", "Group", "Holdings", "Company"})

__all__ = ["AssetRuler", "ClaimAssembler", "MarketSentencizer", "QuantityTagger", "TimeTagger"]

for _name, _default in (("published", None), ("quantities", None), ("times", None), ("claims", None), ("sentences", None), ("raw_text", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)


def _text(doc: Doc) -> str:
    cached = doc._.raw_text
    return cached if cached is not None else doc.text


class _BatchPipe:
    """``pipe`` for a rule component: each batch runs through this component before the next.

    Running one component over 64 documents, then the next component, keeps each
    component's patterns and code hot in the CPU caches; document by document through all
    five components is about 15% slower on the benchmark. ``nlp.pipe`` and
    ``extract_many`` use this method; ``nlp(text)`` calls ``__call__``.
    """

    def __call__(self, doc: Doc) -> Doc:  # pragma: no cover - every component defines it
        raise NotImplementedError

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        docs = iter(stream)
        while batch := list(islice(docs, batch_size)):
            yield from [self(doc) for doc in batch]


class MarketSentencizer(_BatchPipe):
    """Sets sentence starts with news-aware rules (no parser is available)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        text = _text(doc)
        doc._.raw_text = text  # Doc.text joins every token on each access: later components reuse this
        spans = sentence_spans(text)
        doc._.sentences = spans
        if len(doc):
            # set SENT_START through an array: touching Token objects one by one is slow
            idx = doc.to_array(IDX)
            firsts = numpy.fromiter((s for s, _ in spans), dtype=idx.dtype, count=len(spans))
            at = numpy.searchsorted(idx, firsts)  # the token each sentence starts at, if one does
            at = at[at < len(idx)]
            flags = numpy.full(len(idx), -1, dtype="int64")
            flags[at[idx[at] == firsts[: len(at)]]] = 1
            flags[0] = 1
            doc.from_array([SENT_START], flags.astype("uint64").reshape(-1, 1))  # type: ignore[arg-type]
        return doc


class AssetRuler(_BatchPipe):
    """Marks assets and institutions named in the text, using the gazetteer as data."""

    def __init__(self, nlp: Language, name: str, extra_files: list[str]) -> None:
        self.nlp = nlp
        self.name = name
        self.extra_files = list(extra_files)
        self.entries: list[GazetteerEntry] = load_gazetteer(self.extra_files)
        self._compile()

    def _compile(self) -> None:
        self.lower = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self.exact = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.classes: dict[str, str] = {}
        for e in self.entries:
            self.classes[e.subject] = e.cls
            variants = {v for n in e.names for v in (n, n.title(), n.upper(), _cap_first(n))}
            if variants:
                self.lower.add(e.subject, list(self._tokenize(sorted(variants))))
            if e.cased:
                self.exact.add(e.subject, list(self._tokenize(e.cased)))

    def _tokenize(self, phrases: list[str] | tuple[str, ...]) -> list[Doc]:
        return [self.nlp.make_doc(p) for p in phrases]

    def __call__(self, doc: Doc) -> Doc:
        spans = [Span(doc, s, e, label=mid) for mid, s, e in self.lower(doc)]
        spans += [Span(doc, s, e, label=mid) for mid, s, e in self.exact(doc)]
        spans += self._declared_tickers(doc, spans)
        doc.spans["assets"] = filter_spans(spans)
        return doc

    def _declared_tickers(self, doc: Doc, known: list[Span]) -> list[Span]:
        """"Zoom Video Communications (ZM)", "Ross Stores (NASDAQ: ROST)": a company the
        gazetteer lacks, named with its ticker, and its later mentions by first name."""
        found: list[Span] = []
        aliases: dict[str, str] = {}
        text = _text(doc)
        if not _PAREN_TICKER.search(text):
            return found  # the full pattern is slow and most articles declare no ticker
        for m in _DECLARED_TICKER.finditer(text):
            ticker = m.group("ticker")
            if ticker in self.classes or any(k.start_char <= m.start("name") < k.end_char for k in known):  # gazetteer knows it
                continue
            initials = "".join(w[0] for w in re.findall(r"[A-Z][\w&'’-]*", m.group("name")) if w not in ("U.S", "US"))
            if ticker in initials.replace("U", "") or ticker == initials:
                continue  # "Securities and Exchange Commission (SEC)": an acronym, not a ticker
            span = doc.char_span(m.start("name"), m.end(), label=ticker, alignment_mode="expand")
            if span is None:
                continue
            found.append(span)
            first = m.group("name").split()[0]
            if len(first) > 2 and first not in _NOT_ALIASES:
                aliases[first] = ticker
        for word, ticker in aliases.items():
            for m in re.finditer(rf"\b{re.escape(word)}\b", text):
                span = doc.char_span(m.start(), m.end(), label=ticker, alignment_mode="expand")
                if span is not None and not any(f.start <= span.start < f.end for f in found):
                    found.append(span)
        return found

    def subject_class(self, subject: str) -> str:
        return self.classes.get(subject, "other")

    def to_disk(self, path: str | Path, *, exclude: Any = tuple()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        with open(path / "assets.jsonl", "w", encoding="utf-8") as fh:
            for e in self.entries:
                fh.write(json.dumps({"subject": e.subject, "class": e.cls, "names": list(e.names), "cased": list(e.cased)}) + "\n")

    def from_disk(self, path: str | Path, *, exclude: Any = tuple()) -> AssetRuler:
        lines = (Path(path) / "assets.jsonl").read_text("utf-8").splitlines()
        self.entries = parse_gazetteer(lines, source=str(Path(path) / "assets.jsonl"))
        self._compile()
        return self


def _cap_first(text: str) -> str:
    return text[:1].upper() + text[1:]


class QuantityTagger(_BatchPipe):
    """Finds every figure with the pure quantity parser and keeps it on the doc."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.parser = default_parser()

    def __call__(self, doc: Doc) -> Doc:
        text = _text(doc)
        quantities = self.parser.parse(text)
        named = [(a.start_char, a.end_char) for a in doc.spans.get("assets", []) if any(ch.isdigit() for ch in text[a.start_char : a.end_char])]
        if named:
            # "Russell 2000", "Nikkei 225": digits inside an asset's name are not figures
            quantities = [q for q in quantities if not any(s <= q.start and q.end <= e for s, e in named)]
        doc._.quantities = quantities
        spans = [doc.char_span(q.start, q.end, label=q.unit or "number", alignment_mode="expand") for q in quantities]
        doc.spans["quantities"] = [s for s in spans if s is not None]
        return doc


class TimeTagger(_BatchPipe):
    """Resolves time expressions against ``doc._.published`` (None leaves days unresolved)."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc) -> Doc:
        published = doc._.published
        if isinstance(published, str):
            published = dt.date.fromisoformat(published)
        text = _text(doc)
        sentences = doc._.sentences
        if sentences is None:
            doc._.times = find_time_expressions(text, published)
            return doc
        # only sentences that can hold a claim need their time expressions resolved
        quantities = doc._.quantities or []
        times: list[TimeExpr] = []
        qi = 0
        for s0, s1 in sentences:
            while qi < len(quantities) and quantities[qi].start < s0:
                qi += 1
            has_figure = qi < len(quantities) and quantities[qi].start < s1
            if not has_figure and not _CUE.search(text[s0:s1].lower()):
                continue
            for t in find_time_expressions(text[s0:s1], published):
                times.append(TimeExpr(t.start + s0, t.end + s0, t.kind, t.date, t.period, t.is_day))
        doc._.times = times
        return doc


class ClaimAssembler(_BatchPipe):
    """Builds ``models.Claim`` records sentence by sentence, carrying context across them."""

    def __init__(self, nlp: Language, name: str, dedupe: bool) -> None:
        self.nlp = nlp
        self.name = name
        self.dedupe = dedupe
        self.lex = default_lexicon()

    def _classes(self) -> dict[str, str]:
        for _, proc in self.nlp.pipeline:
            if isinstance(proc, AssetRuler):
                return proc.classes
        return {}

    def __call__(self, doc: Doc) -> Doc:
        classes = self._classes()
        published = doc._.published
        if isinstance(published, str):
            published = dt.date.fromisoformat(published)
        ctx = DocContext(published)
        quantities = doc._.quantities if doc._.quantities is not None else []
        times: list[TimeExpr] = doc._.times if doc._.times is not None else []
        assets = list(doc.spans["assets"]) if "assets" in doc.spans else []
        claims: list[Claim] = []
        qi = ti = ai = 0
        text = _text(doc)
        bounds = doc._.sentences if doc._.sentences is not None else [(s.start_char, s.end_char) for s in doc.sents]
        for start_char, end_char in bounds:
            raw = text[start_char:end_char]
            s0 = start_char + (len(raw) - len(raw.lstrip()))
            # the next line's bullet marker belongs to the next sentence
            s1 = start_char + len(_trim_marks(raw))
            sent_text = text[s0:s1]
            while qi < len(quantities) and quantities[qi].start < s0:
                qi += 1
            while ti < len(times) and times[ti].start < s0:
                ti += 1
            while ai < len(assets) and assets[ai].start_char < s0:
                ai += 1
            sq = []
            j = qi
            while j < len(quantities) and quantities[j].end <= s1:
                q = quantities[j]
                sq.append(type(q)(q.text, q.start - s0, q.end - s0, q.value, q.unit))
                j += 1
            st = []
            j = ti
            while j < len(times) and times[j].end <= s1:
                t = times[j]
                st.append(TimeExpr(t.start - s0, t.end - s0, t.kind, t.date, t.period, t.is_day))
                j += 1
            sm = []
            j = ai
            while j < len(assets) and assets[j].end_char <= s1:
                a = assets[j]
                cls = classes.get(a.label_) or ("stock" if _TICKER.fullmatch(a.label_) else "other")
                sm.append(Mention(a.start_char - s0, a.end_char - s0, a.label_, cls))
                j += 1
            if not sq and not _CUE.search(sent_text.lower()):
                ctx.remember(sm)  # no figure and no record/streak word: no claim, but context for "it"
                continue
            for _, c in assemble_sentence(sent_text, sm, sq, st, ctx, self.lex):
                claims.append(_shift(c, s0, published))
        doc._.claims = _dedupe_doc(claims) if self.dedupe else claims
        return doc


#: kinds whose undated statements are about the publish day ("bitcoin is up 3%")
DATED_BY_PUBLICATION = frozenset({"price_level", "percent_change", "record_high", "record_low", "streak"})


def _shift(c: Claim, offset: int, published: dt.date | None) -> Claim:
    date, basis = c.date, ("stated" if c.date else None)
    if date is None and published is not None and c.kind in DATED_BY_PUBLICATION and c.period in (None, "24h"):
        date, basis = published, "published"
    # built directly: dataclasses.replace is several times slower, and this runs per claim
    return Claim(kind=c.kind, subject=c.subject, value=c.value, unit=c.unit, relation=c.relation, period=c.period,
                 date=date, hedged=c.hedged, attribution=c.attribution, text=c.text, start=c.start + offset,
                 end=c.end + offset, qualifier=c.qualifier, date_basis=basis)


def _dedupe_doc(claims: list[Claim]) -> list[Claim]:
    """One claim per fact: a figure repeated in a summary bullet and in the body, "52.44%"
    and a later "52.4%", or a record stated once with and once without its level."""
    out: list[Claim] = []
    for c in claims:
        if any(_same_fact(c, o) for o in out):
            continue
        if c.value is not None and c.kind in ("record_high", "record_low"):
            out = [o for o in out if not (o.value is None and _same_fact(c, o, ignore_value=True))]
        elif c.value is None and any(_same_fact(c, o, ignore_value=True) for o in out):
            continue
        out.append(c)
    return out


def _same_fact(a: Claim, b: Claim, *, ignore_value: bool = False) -> bool:
    if (a.kind, a.subject, a.relation, a.hedged) != (b.kind, b.subject, b.relation, b.hedged):
        return False
    if a.date and b.date and a.date != b.date:
        return False
    if ignore_value:
        return True
    if a.value is None or b.value is None:
        return a.value is None and b.value is None and a.date == b.date
    return a.value == b.value or _rounds_to(a.value, b.value) or _rounds_to(b.value, a.value)


def _rounds_to(precise: float, rounded: float) -> bool:
    """True when ``rounded`` is ``precise`` written with fewer decimals (52.44 -> 52.4)."""
    text = repr(rounded)
    decimals = len(text.split(".")[1]) if "." in text and not text.endswith(".0") else 0
    return precise != rounded and round(precise, decimals) == rounded and decimals < 6


@Language.factory("market_sentencizer")
def make_market_sentencizer(nlp: Language, name: str) -> MarketSentencizer:
    return MarketSentencizer(nlp, name)


@Language.factory("asset_ruler", default_config={"extra_files": []})
def make_asset_ruler(nlp: Language, name: str, extra_files: list[str]) -> AssetRuler:
    return AssetRuler(nlp, name, extra_files)


@Language.factory("quantity_tagger")
def make_quantity_tagger(nlp: Language, name: str) -> QuantityTagger:
    return QuantityTagger(nlp, name)


@Language.factory("time_tagger")
def make_time_tagger(nlp: Language, name: str) -> TimeTagger:
    return TimeTagger(nlp, name)


@Language.factory("claim_assembler", default_config={"dedupe": True})
def make_claim_assembler(nlp: Language, name: str, dedupe: bool) -> ClaimAssembler:
    return ClaimAssembler(nlp, name, dedupe)
