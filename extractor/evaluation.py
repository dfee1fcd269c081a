"""Score an extractor against gold claims: P/R/F1 per kind plus field accuracy.

Matching follows the shared eval's rule (kind, subject, value within 0.5% or 0.011, greedy
one-to-one per document, a claim repeated in a document counts once), so our numbers are
comparable with ``../shared/eval/score.py``. On top of it we score the fields the verifier
depends on — ``date``, ``relation`` and ``hedged`` — over the matched pairs, so a release
can pin them too (the gate in ``tests/test_extractor_gold.py``).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from models import SCORED_KINDS, Claim

__all__ = ["Example", "Score", "evaluate", "load_gold_dir", "load_sentence_table"]

FIELDS = ("date", "relation", "hedged")


@dataclass(frozen=True)
class Example:
    """One scored unit: a document (or a sentence) with its gold claims."""

    id: str
    text: str
    published: dt.date | None
    gold: tuple[dict[str, Any], ...]


@dataclass
class Score:
    tp: Counter[str] = field(default_factory=Counter)
    gold: Counter[str] = field(default_factory=Counter)
    pred: Counter[str] = field(default_factory=Counter)
    field_hits: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)

    @staticmethod
    def _prf(tp: int, g: int, p: int) -> tuple[float, float, float]:
        pr = tp / p if p else 0.0
        rc = tp / g if g else 0.0
        return pr, rc, (2 * pr * rc / (pr + rc) if pr + rc else 0.0)

    def kind(self, kind: str) -> tuple[float, float, float]:
        return self._prf(self.tp[kind], self.gold[kind], self.pred[kind])

    def micro(self) -> tuple[float, float, float]:
        return self._prf(sum(self.tp.values()), sum(self.gold.values()), sum(self.pred.values()))

    def field_accuracy(self, name: str, kind: str | None = None) -> float:
        kinds = [kind] if kind else list(SCORED_KINDS)
        hits = sum(self.field_hits[(k, name)] for k in kinds)
        total = sum(self.tp[k] for k in kinds)
        return hits / total if total else 1.0

    def table(self) -> str:
        lines = [f"{'kind':24s} {'P':>5s} {'R':>5s} {'F1':>5s} {'gold':>5s} {'pred':>5s}  date  rel   hedged"]
        for k in SCORED_KINDS:
            p, r, f = self.kind(k)
            lines.append(
                f"{k:24s} {p:5.2f} {r:5.2f} {f:5.2f} {self.gold[k]:5d} {self.pred[k]:5d}  "
                + "  ".join(f"{self.field_accuracy(n, k):4.2f}" for n in FIELDS)
            )
        p, r, f = self.micro()
        lines.append(f"{'micro':24s} {p:5.3f} {r:5.3f} {f:5.3f} {sum(self.gold.values()):5d} {sum(self.pred.values()):5d}  "
                     + "  ".join(f"{self.field_accuracy(n):4.2f}" for n in FIELDS))
        return "\n".join(lines)


def _norm_subject(value: object) -> str:
    return re.sub(r"^[\^$]", "", str(value or "")).strip().upper()


def _value_ok(gold: float | None, pred: object) -> bool:
    if gold is None:
        return True
    if pred is None:
        return False
    return abs(float(pred) - gold) <= max(0.005 * abs(gold), 0.011)  # type: ignore[arg-type]


def _field_equal(name: str, gold: object, pred: object) -> bool:
    if name == "hedged":
        return bool(gold) == bool(pred)
    return (str(gold) if gold is not None else None) == (str(pred) if pred is not None else None)


def evaluate(examples: Iterable[Example], extract: Callable[[str, dt.date | None], Iterable[Claim]]) -> Score:
    """Run ``extract`` on every example and score it against the gold claims."""
    score = Score()
    for ex in examples:
        gold = [g for g in ex.gold if g["kind"] in SCORED_KINDS]
        preds: list[dict[str, Any]] = []
        seen: set[tuple[object, ...]] = set()
        for c in extract(ex.text, ex.published):
            d = c.to_dict()
            if d["kind"] not in SCORED_KINDS:
                continue
            key = (d["kind"], _norm_subject(d["subject"]), None if d["value"] is None else round(float(d["value"]), 3))
            if key not in seen:
                seen.add(key)
                preds.append(d)
        used: set[int] = set()
        matched: set[int] = set()
        for gi, g in enumerate(gold):
            score.gold[g["kind"]] += 1
            for pi, p in enumerate(preds):
                if pi in used:
                    continue
                if p["kind"] == g["kind"] and _norm_subject(p["subject"]) == _norm_subject(g["subject"]) and _value_ok(g["value"], p["value"]):
                    used.add(pi)
                    matched.add(gi)
                    score.tp[g["kind"]] += 1
                    for name in FIELDS:
                        if _field_equal(name, g.get(name), p.get(name)):
                            score.field_hits[(g["kind"], name)] += 1
                    break
        for p in preds:
            score.pred[p["kind"]] += 1
        for gi, g in enumerate(gold):
            if gi not in matched:
                score.errors.append(f"{ex.id}: MISSED {g['kind']} {g['subject']} {g['value']} | {ex.text[:0]}{g.get('text', '')[:110]}")
        for pi, p in enumerate(preds):
            if pi not in used:
                score.errors.append(f"{ex.id}: SPURIOUS {p['kind']} {p['subject']} {p['value']} | {p['text'][:110]}")
    return score


def _parse_published(raw: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat((raw or "").strip().lstrip("~")[:10])
    except ValueError:
        return None


def load_gold_dir(split: Path) -> list[Example]:
    """A split in the shared layout: ``docs/<id>.txt`` (header, blank line, body) + ``gold/<id>.jsonl``."""
    out = []
    for doc in sorted((split / "docs").glob("*.txt")):
        head, _, body = doc.read_text("utf-8").partition("\n\n")
        meta = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
        gold_file = split / "gold" / f"{doc.stem}.jsonl"
        gold = [json.loads(line) for line in gold_file.read_text("utf-8").splitlines() if line.strip()]
        out.append(Example(doc.stem, body, _parse_published(meta.get("published")), tuple(gold)))
    return out


def load_sentence_table(path: Path) -> list[Example]:
    """The sentence table: one JSON record per line with ``sentence``, ``published``, ``claims``."""
    out = []
    for line in path.read_text("utf-8").splitlines():
        if not line.strip():
            continue
        rec = json.loads(line)
        gold = tuple(dict(c, text=rec["sentence"]) for c in rec["claims"])
        out.append(Example(rec["id"], rec["sentence"], _parse_published(rec.get("published")), gold))
    return out
