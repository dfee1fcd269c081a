"""Verification speed. Prints numbers; it is not a test.

Usage: python benchmarks/verify.py [--claims 100000]

Builds claims mixed across kinds, subjects and dates over the bundled series (each series
loaded once and indexed by date), verifies them in one process and prints claims/s
(target >= 10,000/s).
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

from marketclaims import pipeline, store
from marketclaims.verify import verify_claim
from models import Claim

SUBJECTS = ["BTC", "ETH", "SPX", "RUT", "DJI", "NDX", "IXIC", "XAU", "XAG", "WTI", "US10Y", "DXY", "VIX"]


def _claims(market, n: int, rng: random.Random) -> list[tuple[Claim, dt.date]]:  # type: ignore[no-untyped-def]
    out = []
    for i in range(n):
        subject = rng.choice(SUBJECTS)
        s = market.series_for(subject)[0]
        k = rng.randrange(max(1, len(s.bars) - 2500), len(s.bars) - 1)
        day, bar = s.dates[k], s.bars[k]
        prev = s.bars[k - 1].close
        kind = ["price_level", "percent_change", "record_high", "drawdown", "streak", "rate_decision"][i % 6]
        if kind == "price_level":
            c = Claim(kind, subject, round(bar.close * rng.uniform(0.97, 1.03), 2), None, rng.choice(["at", "above", "below", "peak"]),
                      None, day, False, None, "", date_basis="stated")
        elif kind == "percent_change":
            move = round((bar.close / prev - 1) * 100 + rng.uniform(-0.5, 0.5), 1)
            c = Claim(kind, subject, move, "percent", "up" if move > 0 else "down", None, day, False, None, "", date_basis="stated")
        elif kind == "record_high":
            c = Claim(kind, subject, None, None, None, None, day, False, None, "", date_basis="stated")
        elif kind == "drawdown":
            c = Claim(kind, subject, float(rng.randrange(5, 60)), "percent", None, None, day, False, None, "", date_basis="stated")
        elif kind == "streak":
            c = Claim(kind, subject, float(rng.randrange(2, 6)), "days", rng.choice(["up", "down"]), None, day, False, None, "",
                      date_basis="stated")
        else:
            fed = market.series_for("FED")[0]
            j = rng.randrange(len(fed.bars) - 40, len(fed.bars))
            c = Claim(kind, "FED", rng.choice([-25.0, -50.0, 25.0]), "bps", None, None, fed.dates[j] - dt.timedelta(days=1),
                      False, None, "", date_basis="stated")
        out.append((c, day + dt.timedelta(days=1)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=100_000)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = store.open_db(Path(tmp) / "bench.db")
        t0 = time.perf_counter()
        pipeline.ensure_bundled_prices(db)
        load_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        market = pipeline.load_market(db)
        index_s = time.perf_counter() - t0
        claims = _claims(market, args.claims, random.Random(7))
        t0 = time.perf_counter()
        counts: dict[str, int] = {}
        for claim, published in claims:
            v = verify_claim(claim, market, published=published)
            counts[v.verdict] = counts.get(v.verdict, 0) + 1
        elapsed = time.perf_counter() - t0
    print(f"bundled data into a new store  {load_s:8.2f} s")
    print(f"load + index every series       {index_s:8.2f} s")
    print(f"claims verified                 {len(claims):8,}")
    print(f"claims/s (1 process)            {len(claims) / elapsed:8,.0f}   (target >= 10,000)")
    print("verdicts                        " + ", ".join(f"{k} {v:,}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main()
