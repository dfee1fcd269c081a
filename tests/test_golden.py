"""Behaviour pinned before the seam refactor (issue #14): claims of every corpus and verdicts of
every verifier table are identical to tests/golden/golden.jsonl.gz.

A failure lists the first differing records. If the change is intended, regenerate with
``python -m tests.golden.build`` and say why in the commit message.
"""

from __future__ import annotations

from typing import Any

import pytest

from marketclaims.verify import MarketData

from .golden import build


@pytest.mark.slow
def test_claims_and_verdicts_match_the_golden_output(market: MarketData, nlp: Any) -> None:
    saved = {r["key"]: r for r in build.load()}
    fresh = {r["key"]: r for r in build.records(market, nlp)}
    missing = sorted(saved.keys() - fresh.keys())
    added = sorted(fresh.keys() - saved.keys())
    changed = sorted(k for k in saved.keys() & fresh.keys() if saved[k] != fresh[k])
    detail = "\n".join([*(f"missing {k}" for k in missing[:5]), *(f"new {k}: {fresh[k]}" for k in added[:5]),
                        *(f"changed {k}:\n  saved {saved[k]}\n  fresh {fresh[k]}" for k in changed[:5])])
    assert not (missing or added or changed), f"{len(missing)} missing, {len(added)} new, {len(changed)} changed\n{detail}"
