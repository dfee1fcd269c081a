"""Verification: pure functions that label a claim supported / contradicted / unverifiable.

The deciding rule: each kind lists the reasonable definitions a journalist may have meant
(close vs intraday, the stated day vs the adjacent session, the primary vs an alternate
series). A claim is **supported** if one definition holds within tolerance,
**contradicted** only if every definition fails by more than the tolerance, and otherwise
**unverifiable** with a reason. No I/O happens here: the caller passes ``MarketData``
built from the store.

Reason codes:
    within_tolerance      a definition holds (supported)
    outside_tolerance     every definition fails (contradicted)
    ambiguous_definition  some fail, some only nearly hold, none holds
    sources_disagree      two vendors of the same definition disagree on the answer
    no_series             no price series for the subject
    no_data_for_date      the series does not cover the claim's date or window
    no_date               the claim names no date and there is no publish date
    no_value              the claim needs a figure and has none
    forward_looking       a forecast, expectation or conditional
    no_operation_data     a central-bank operation with no operation-level data
    aggregate_amount      a programme total, monthly pace or cap: not one operation
    unsupported_kind      a kind the verifier does not check (estimate, market_cap, ...)
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from models import Claim, Verdict

from ._explain import explain
from ._policy import Bounds, Policy, claimed_bounds, written_precision
from ._rules import (
    Outcome,
    check_drawdown,
    check_level,
    check_percent_change,
    check_rate_decision,
    check_record,
    check_streak,
)
from ._series import MarketData, Series

__all__ = ["REASONS", "VERIFIER_VERSION", "MarketData", "Policy", "Series", "explain", "verify_claim", "written_precision"]

VERIFIER_VERSION = "0.1.0"
REASONS = (
    "within_tolerance",
    "outside_tolerance",
    "ambiguous_definition",
    "sources_disagree",
    "no_series",
    "no_data_for_date",
    "no_date",
    "no_value",
    "forward_looking",
    "no_operation_data",
    "aggregate_amount",
    "unsupported_kind",
)
CHECKED_KINDS = ("record_high", "record_low", "price_level", "percent_change", "drawdown", "streak",
                 "rate_decision", "central_bank_operation")


_DEFAULT_POLICY = Policy()
_POLICY_DICTS: dict[Policy, dict[str, Any]] = {}
RULES = {
    "record_high": "close or intraday high beyond every earlier one (since the series starts or the named period)",
    "record_low": "close or intraday low below every earlier one (since the series starts or the named period)",
    "price_level": "close/high/low against the level on the day or over the named window",
    "percent_change": "close-to-close move over the stated window (intraday range for the time of writing)",
    "drawdown": "distance below the intraday or closing peak, measured at the claim's date",
    "streak": "consecutive up/down sessions, weeks or months ending on the date",
    "rate_decision": "change of the target range's upper bound effective on the meeting day or the next",
    "central_bank_operation": "operation of that direction and size on the day (operation-level data only)",
}


def _policy_dict(policy: Policy) -> dict[str, Any]:
    if policy not in _POLICY_DICTS:
        _POLICY_DICTS[policy] = policy.to_dict()
    return dict(_POLICY_DICTS[policy])


def _verdict(claim: Claim, verdict: str, reason: str, evidence: dict[str, Any], claim_id: str | None) -> Verdict:
    evidence.setdefault("kind", claim.kind)
    evidence.setdefault("subject", claim.subject)
    return Verdict(verdict, reason, evidence, claim_id, VERIFIER_VERSION, dt.datetime.now(dt.timezone.utc))


def verify_claim(
    claim: Claim,
    market: MarketData,
    *,
    published: dt.date | None = None,
    policy: Policy | None = None,
    claim_id: str | None = None,
    figure_text: str | None = None,
) -> Verdict:
    """Label one claim against the loaded market data.

    Args:
        claim: the claim record (SCHEMA.md fields plus qualifier/date_basis).
        market: series by subject, primary first.
        published: the article's publish date ("now" for present-tense claims).
        figure_text: the figure as written ("$69,000"), for its precision.
    """
    policy = policy or _DEFAULT_POLICY
    base: dict[str, Any] = {"policy": _policy_dict(policy), "published": published.isoformat() if published else None,
                            "verifier_version": VERIFIER_VERSION, "rule": RULES.get(claim.kind)}
    if claim.kind not in CHECKED_KINDS:
        return _verdict(claim, "unverifiable", "unsupported_kind", base, claim_id)
    if claim.hedged:
        resolves = claim.date.isoformat() if claim.date and (published is None or claim.date > published) else None
        return _verdict(claim, "unverifiable", "forward_looking", dict(base, resolves_on=resolves), claim_id)
    if claim.kind == "central_bank_operation" and _is_aggregate(claim, figure_text):
        return _verdict(claim, "unverifiable", "aggregate_amount",
                        dict(base, note="a programme, monthly pace or cap, not one operation: needs the published schedule"),
                        claim_id)
    if claim.kind == "central_bank_operation":
        ops = market.series_for(f"{claim.subject}:operations")
        if not ops:
            return _verdict(claim, "unverifiable", "no_operation_data",
                            dict(base, note="balance-sheet totals are not operation data"), claim_id)
    series = market.series_for(claim.subject) if claim.kind != "central_bank_operation" else market.series_for(f"{claim.subject}:operations")
    if not series:
        return _verdict(claim, "unverifiable", "no_series", base, claim_id)
    if claim.date is None and published is None and claim.kind not in ("price_level", "record_high", "record_low") and not claim.period:
        return _verdict(claim, "unverifiable", "no_date", base, claim_id)
    needs_value = claim.kind in ("price_level", "percent_change", "drawdown", "streak", "rate_decision", "central_bank_operation")
    if needs_value and claim.value is None:
        return _verdict(claim, "unverifiable", "no_value", base, claim_id)

    bounds = _bounds(claim, figure_text, policy)
    if claim.kind not in ("percent_change", "streak"):
        series = [s for s in series if s.levels_comparable] or []
        if not series:
            return _verdict(claim, "unverifiable", "no_series", dict(base, note="only proxies whose levels are not comparable"), claim_id)
    outcomes: list[Outcome] = []
    for s in series:
        outcomes += _check(claim, s, bounds, published, policy)
    return _decide(claim, outcomes, bounds, base, claim_id, series, policy)


_AGGREGATE_AFTER = re.compile(
    r"^\W{0,3}(?:[\w-]+\s+){0,3}?(?:program(?:me)?|plan|envelope|schedule)\b|^\s*(?:per|a|each)\s+month\b", re.I)
_AGGREGATE_BEFORE = re.compile(r"(?:pace|cap|total|envelope|up to|monthly|maximum)\b[^.;]{0,25}$", re.I)
_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _is_aggregate(claim: Claim, figure_text: str | None) -> bool:
    """"a $40 billion reserve management program", "$60 billion per month", "a cap of $35
    billion": an amount describing a programme, not one operation ("starting with $8.2
    billion as part of its program" is one operation)."""
    if claim.period and not _DAY.match(claim.period):
        return True
    at = claim.text.find(figure_text) if figure_text else -1
    if at < 0:
        return False  # the figure cannot be located in its sentence: judge by the period alone
    after = claim.text[at + len(figure_text or "") : at + len(figure_text or "") + 50]
    before = claim.text[max(0, at - 40) : at]
    return bool(_AGGREGATE_AFTER.search(after) or _AGGREGATE_BEFORE.search(before))


def _bounds(claim: Claim, figure_text: str | None, policy: Policy) -> Bounds | None:
    if claim.value is None:
        return None
    figure = "percent" if claim.kind in ("percent_change", "drawdown") or claim.unit == "percent" else "level"
    return claimed_bounds(claim.value, kind_of_figure=figure, qualifier=claim.qualifier, figure_text=figure_text, policy=policy)


def _check(claim: Claim, s: Series, bounds: Bounds | None, published: dt.date | None, policy: Policy) -> list[Outcome]:
    kind = claim.kind
    if kind == "price_level" and bounds:
        return check_level(claim, s, bounds, published, policy)
    if kind == "percent_change" and bounds:
        return check_percent_change(claim, s, bounds, published, policy)
    if kind == "drawdown" and bounds:
        return check_drawdown(claim, s, bounds, published, policy)
    if kind in ("record_high", "record_low"):
        return check_record(claim, s, bounds, published, policy)
    if kind == "streak":
        return check_streak(claim, s, published, policy)
    if kind == "rate_decision":
        return check_rate_decision(claim, s, published, policy)
    if kind == "central_bank_operation":
        from ._operations import check_operation

        return check_operation(claim, s, bounds, published, policy)
    return []


def _decide(claim: Claim, outcomes: list[Outcome], bounds: Bounds | None, base: dict[str, Any],
            claim_id: str | None, series: list[Series], policy: Policy) -> Verdict:
    coverage = {s.id: [s.start.isoformat() if s.start else None, s.end.isoformat() if s.end else None] for s in series}
    evidence = dict(base, claimed=claim.value, bounds=bounds.as_list() if bounds else None,
                    qualifier=claim.qualifier, coverage=coverage,
                    coverage_end=series[0].end.isoformat() if series and series[0].end else None)
    if not outcomes:
        return _verdict(claim, "unverifiable", "no_data_for_date", evidence, claim_id)
    tried = [{"definition": o.definition, "series": o.series.id, "status": o.status, "observed": o.observed} for o in outcomes]
    evidence["tried"] = tried
    # a cross-check series measures the same definition: a disagreement blocks a verdict
    primary = [o for o in outcomes if not o.series.cross_check]
    checks = [o for o in outcomes if o.series.cross_check]
    holding = [o for o in primary if o.status == "holds"]
    decided = holding[0] if holding else None
    if checks:
        check_holds = any(o.status == "holds" for o in checks)
        gap = _disagreement(primary, checks)
        if (decided is not None) != check_holds and gap is not None and gap > policy.sources_disagree_rel:
            return _verdict(claim, "unverifiable", "sources_disagree",
                            dict(evidence, note=f"the cross-check vendor gives the other answer ({gap:.1%} apart)",
                                 cross_check=[{"series": o.series.id, "definition": o.definition, "observed": o.observed,
                                               "status": o.status} for o in checks]), claim_id)
    if decided is not None:
        return _verdict(claim, "supported", "within_tolerance", _deciding(evidence, decided), claim_id)
    if primary and all(o.status == "fails" for o in primary):
        # show the subject's primary series (the closest miss on it), not an alternate's
        main = [o for o in primary if o.series.is_primary] or primary
        worst = min(main, key=lambda o: abs((o.observed or 0) - (claim.value or 0)))
        return _verdict(claim, "contradicted", "outside_tolerance", _deciding(evidence, worst), claim_id)
    near = next((o for o in primary if o.status == "near"), primary[0] if primary else outcomes[0])
    return _verdict(claim, "unverifiable", "ambiguous_definition", _deciding(evidence, near), claim_id)


def _disagreement(primary: list[Outcome], checks: list[Outcome]) -> float | None:
    """Largest relative gap between the two vendors on the same reading of the claim."""
    gaps = []
    for p in primary:
        for c in checks:
            if p.definition.split(",")[0] == c.definition.split(",")[0] and p.observed and c.observed is not None:
                gaps.append(abs(p.observed - c.observed) / abs(p.observed))
    return max(gaps) if gaps else None


def _deciding(evidence: dict[str, Any], o: Outcome) -> dict[str, Any]:
    return dict(
        evidence,
        definition=o.definition,
        observed=o.observed,
        series=o.series.id,
        vendor=o.series.vendor,
        series_definition=o.series.definition,
        rows=o.rows,
        detail=o.detail or None,
        caveat=o.series.notes or None,
    )
