"""Backfill throughput with 1 and 2 local Dask workers. Prints numbers; it is not a test.

Usage: python benchmarks/backfill.py [--articles 1200] [--partition-size 100]

Builds an archive from the real gold article bodies repeated under distinct ids, runs the
backfill with one worker and then two (fresh output folders), and prints articles/s for each,
the speed-up, and the peak RSS of each worker process.
"""

from __future__ import annotations

import argparse
import json
import resource
import tempfile
from pathlib import Path

from marketclaims import backfill, pipeline, store

ROOT = Path(__file__).resolve().parent.parent


def _worker_peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _archive(folder: Path, n: int) -> None:
    docs = []
    for path in sorted((ROOT / "tests" / "gold" / "dev" / "docs").glob("*.txt")):
        head, _, body = path.read_text("utf-8").partition("\n\n")
        meta = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
        pub = meta.get("published", "unknown").lstrip("~")
        docs.append({"url": meta.get("url"), "title": meta.get("title"), "published": None if pub == "unknown" else pub,
                     "source": meta.get("source"), "text": body})
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "archive.jsonl", "w", encoding="utf-8") as fh:
        for i in range(n):
            fh.write(json.dumps(dict(docs[i % len(docs)], id=f"a{i:07d}")) + "\n")


def _run(archive: Path, out: Path, market, workers: int, size: int) -> tuple[float, list[float]]:  # type: ignore[no-untyped-def]
    from distributed import Client, LocalCluster

    report = backfill.run_backfill(archive, out, market, workers=workers, partition_size=size)
    # peak memory of fresh workers doing one partition each (the run above closed its cluster)
    with LocalCluster(n_workers=workers, threads_per_worker=1, dashboard_address=None, silence_logs=40) as cluster, \
            Client(cluster) as client:
        parts = backfill.plan_partitions(archive, size)[:workers]
        snapshot = str(out / backfill.MARKET_FILE)
        client.gather([client.submit(backfill.process_partition, p, str(out) + "-mem", snapshot, pure=False) for p in parts])
        peaks = list(client.run(_worker_peak_mb).values())
    return report.articles / report.seconds, peaks


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=1200)
    ap.add_argument("--partition-size", type=int, default=100)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        _archive(tmpdir / "in", args.articles)
        db = store.open_db(tmpdir / "prices.db")
        pipeline.ensure_bundled_prices(db)
        market = pipeline.load_market(db)
        one, peaks1 = _run(tmpdir / "in", tmpdir / "out1", market, 1, args.partition_size)
        two, peaks2 = _run(tmpdir / "in", tmpdir / "out2", market, 2, args.partition_size)
    print(f"articles                       {args.articles:>8,}")
    print(f"articles/s, 1 worker           {one:>8.1f}")
    print(f"articles/s, 2 workers          {two:>8.1f}   speed-up {two / one:.2f}x (target >= 1.5x)")
    print(f"peak RSS per worker            {', '.join(f'{p:,.0f} MB' for p in peaks1 + peaks2)}")


if __name__ == "__main__":
    main()
