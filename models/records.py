"""Domain records shared by every stage: articles, quantities, claims, price bars, verdicts.

Records are frozen, slotted dataclasses so they can be hashed, compared in tests and passed
between processes without surprises. They use only the standard library, so any stage can
depend on them without pulling in spaCy, httpx or SQLite.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any

__all__ = [
    "CLAIM_KINDS",
    "SCORED_KINDS",
    "VERDICTS",
    "Article",
    "Claim",
    "PriceBar",
    "Quantity",
    "Verdict",
    "stable_id",
]

#: The kinds an extractor is scored on (SCHEMA.md) and the verifier can check.
SCORED_KINDS: tuple[str, ...] = (
    "record_high",
    "record_low",
    "price_level",
    "percent_change",
    "drawdown",
    "streak",
    "rate_decision",
    "central_bank_operation",
)
#: Every kind of the gold schema; the unscored ones are stored but not verified.
CLAIM_KINDS: tuple[str, ...] = SCORED_KINDS + ("estimate", "fund_flow", "market_cap", "volume", "other")
VERDICTS: tuple[str, ...] = ("supported", "contradicted", "unverifiable")


def stable_id(*parts: object, length: int = 16) -> str:
    """Return a short hex digest of ``parts``; the same inputs always give the same id.

    Ids derived from content make re-ingest an idempotent upsert instead of a duplicate.
    """
    h = hashlib.sha256("\x1f".join("" if p is None else str(p) for p in parts).encode("utf-8"))
    return h.hexdigest()[:length]


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _parse_date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value).strip().lstrip("~")[:10])


@dataclass(frozen=True, slots=True)
class Article:
    """One news article, from a feed entry, a page or a text file."""

    id: str
    url: str | None
    title: str | None
    text: str
    published: dt.date | None = None
    #: where ``published`` came from: "feed", "page-metadata", "header", "discovered" or None
    published_source: str | None = None
    source: str | None = None
    feed_url: str | None = None
    guid: str | None = None
    fetched_at: dt.datetime | None = None


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number found in text, normalised: ``$8.2 billion`` -> 8.2e9 USD."""

    text: str
    start: int
    end: int
    value: float
    #: ISO currency code, "percent", "bps", or None for a plain number
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """A market claim in the record form of the gold schema (SCHEMA.md), plus offsets.

    ``start``/``end`` are the character offsets of the figure in the article text (or of
    the trigger for claims without a number); ``qualifier`` keeps the hedge on the figure
    ("about", "more than", ...), which the verifier turns into tolerance bounds.
    """

    kind: str
    subject: str | None
    value: float | None
    unit: str | None
    relation: str | None
    period: str | None
    date: dt.date | None
    hedged: bool
    attribution: str | None
    text: str
    start: int = 0
    end: int = 0
    qualifier: str | None = None
    #: how ``date`` was found: "stated" in the text, "published" (a present-tense claim
    #: dated by the article), or None when there is no date
    date_basis: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The claim as a JSON-ready dict (dates as ISO strings)."""
        out = asdict(self)
        out["date"] = _iso(self.date)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Claim:
        """Build a claim from a SCHEMA.md record; unknown keys are ignored."""
        names = {f.name for f in fields(cls)}
        kwargs = {k: v for k, v in data.items() if k in names}
        kwargs["date"] = _parse_date(kwargs.get("date"))
        if kwargs.get("value") is not None:
            kwargs["value"] = float(kwargs["value"])
        kwargs.setdefault("hedged", False)
        kwargs["hedged"] = bool(kwargs["hedged"])
        for name in ("subject", "unit", "relation", "period", "attribution"):
            kwargs.setdefault(name, None)
        kwargs.setdefault("value", None)
        kwargs.setdefault("text", "")
        return cls(**kwargs)


@dataclass(frozen=True, slots=True)
class PriceBar:
    """One daily row of a series. Single-value series (yields, rates) use ``close``."""

    date: dt.date
    close: float
    open: float | None = None
    high: float | None = None
    low: float | None = None
    volume: float | None = None


@dataclass(frozen=True, slots=True)
class Verdict:
    """The verifier's answer for one claim, with the evidence that decided it."""

    verdict: str
    reason: str
    evidence: dict[str, Any] = field(default_factory=dict)
    claim_id: str | None = None
    verifier_version: str | None = None
    verified_at: dt.datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "claim_id": self.claim_id,
            "verdict": self.verdict,
            "reason": self.reason,
            "evidence": self.evidence,
            "verifier_version": self.verifier_version,
            "verified_at": self.verified_at.isoformat() if self.verified_at else None,
        }
