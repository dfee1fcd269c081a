"""Evidence in plain words: one sentence per verdict, plus the rows that decided it."""

from __future__ import annotations

from typing import Any

__all__ = ["explain"]

_WHY = {
    "no_series": "there is no price series for {subject}",
    "no_data_for_date": "the data does not cover the date or window of the claim (coverage ends {coverage_end})",
    "no_operation_data": "the store has no operation-level data for this central bank (balance-sheet totals are not operations)",
    "forward_looking": "it is a forecast or expectation",
    "unsupported_kind": "claims of kind {kind} are not checked against prices",
    "no_date": "the claim names no date and the article has no publish date",
    "no_value": "the claim has no figure to check",
    "aggregate_amount": "it is a programme total, monthly pace or cap, not one operation (needs the published schedule)",
}


def _fmt(value: Any) -> str:
    if value is None:
        return "?"
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) >= 1 else f"{value:.6g}"
    return str(value)


def _tail(verdict: str, reason: str | None, definition: str) -> str:
    if verdict == "supported":
        return f"supported ({definition})"
    if verdict == "contradicted":
        return "contradicted: every definition tried misses"
    return f"unverifiable ({reason})"


def explain(claim: dict[str, Any], verdict: str | None, reason: str | None, evidence: dict[str, Any] | None) -> str:
    """A sentence a reader can check: what the data says, compared with the claim, and the verdict.

    "RUT closed at 2,590.61 on 2025-12-11, above every earlier close (highest before:
    2,559.61 on 2025-12-10) -> supported (record close ...)".
    """
    if not verdict:
        return "Not verified yet: run `marketclaims verify`."
    ev = evidence or {}
    subject = claim.get("subject") or "?"
    kind = claim.get("kind")
    if reason in _WHY:
        why = _WHY[reason].format(subject=subject, kind=kind, coverage_end=ev.get("coverage_end") or "?")
        if reason == "forward_looking" and ev.get("resolves_on"):
            why += f"; `marketclaims verify --due` checks it after {ev['resolves_on']}"
        return f"{kind} {subject}: unverifiable because {why}."
    rows = ev.get("rows") or []
    definition = ev.get("definition", "")
    tail = _tail(verdict, reason, definition)
    caveat = f" Caveat: {ev['caveat']}" if ev.get("caveat") else ""
    if kind in ("record_high", "record_low") and rows:
        first = rows[0]
        word = "above every earlier" if kind == "record_high" else "below every earlier"
        fld = "close" if first["field"] == "close" else ("intraday high" if first["field"] == "high" else "intraday low")
        verb = "closed at" if first["field"] == "close" else f"reached an {fld} of"
        compare = f"{word} {fld}" if verdict == "supported" else f"not {word} {fld}"
        detail = f" ({ev['detail']})" if ev.get("detail") else ""
        return f"{subject} {verb} {_fmt(first['value'])} on {first['date']}, {compare}{detail} -> {tail}.{caveat}"
    bounds = ev.get("bounds")
    span = f" (allowed {_fmt(bounds[0])}..{_fmt(bounds[1])})" if bounds else ""
    claimed = _fmt(claim.get("value"))
    detail = f"; {ev['detail']}" if ev.get("detail") else ""
    return (f"{subject} {kind} claimed {claimed}{span}; {ev.get('series', '?')} shows {_fmt(ev.get('observed'))}"
            f"{detail} -> {tail}.{caveat}")
