"""Evidence in plain words: one sentence per verdict, plus the rows that decided it."""

from __future__ import annotations

from typing import Any

__all__ = ["explain"]


def _fmt(value: Any) -> str:
    if value is None:
        return "?"
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) >= 1 else f"{value:.6g}"
    return str(value)


def explain(claim: dict[str, Any], verdict: str | None, reason: str | None, evidence: dict[str, Any] | None) -> str:
    """A sentence a reader can check: what was claimed, what the data says, the verdict."""
    if not verdict:
        return "Not verified yet: run `marketclaims verify`."
    ev = evidence or {}
    subject = claim.get("subject") or "?"
    if reason in ("no_series", "no_data_for_date", "no_operation_data", "forward_looking", "unsupported_kind",
                  "no_date", "no_value"):
        why = {
            "no_series": f"there is no price series for {subject}",
            "no_data_for_date": "the data does not cover the date or window of the claim",
            "no_operation_data": "the store has no operation-level data for this central bank (balance-sheet totals are not operations)",
            "forward_looking": "it is a forecast or expectation" + (f"; check again after {ev['resolves_on']}" if ev.get("resolves_on") else ""),
            "unsupported_kind": f"claims of kind {claim.get('kind')} are not checked against prices",
            "no_date": "the claim names no date and the article has no publish date",
            "no_value": "the claim has no figure to check",
        }[reason]
        return f"{claim.get('kind')} {subject}: unverifiable because {why}."
    definition = ev.get("definition", "")
    observed = _fmt(ev.get("observed"))
    claimed = _fmt(claim.get("value")) if claim.get("value") is not None else "a record"
    bounds = ev.get("bounds")
    span = f" (allowed {_fmt(bounds[0])}..{_fmt(bounds[1])})" if bounds else ""
    series = ev.get("series", "?")
    detail = f"; {ev['detail']}" if ev.get("detail") else ""
    caveat = f" Caveat: {ev['caveat']}" if ev.get("caveat") else ""
    tail = {
        "supported": "supported",
        "contradicted": "contradicted: every definition tried misses",
        "unverifiable": f"unverifiable ({reason})",
    }.get(verdict, verdict)
    return (f"{subject} {claim.get('kind')} claimed {claimed}{span}; {series} shows {observed} by "
            f"{definition}{detail} -> {tail}.{caveat}")
