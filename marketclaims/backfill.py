"""Backfill at archive scale on Dask: extract and verify partitions of stored articles in
parallel, write Parquet results, and load them into SQLite.

The same library functions run everywhere: one process (``workers=1`` still goes through a
local cluster), a laptop's local cluster, or a cluster reached by a scheduler address. Each
partition is a task: it loads one spaCy pipeline per worker process (cached), reads the
market data snapshot (``DIR/_market.pickle``, written once by the driver) once per worker
process, and writes its Parquet
files atomically followed by a ``_done`` marker, so a rerun skips finished partitions and a
failed partition is retried alone without duplicating rows.

Layout of ``DIR``::

    articles/part-<key>.parquet   claims/part-<key>.parquet   verdicts/part-<key>.parquet
    _done/<key>.json              (counts; written last)
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from models import Article, ConfigError

from .verify import MarketData

__all__ = ["BackfillReport", "Partition", "export_articles", "import_results", "plan_partitions", "run_backfill"]

ARTICLE_COLUMNS = ("id", "url", "title", "published", "source", "text")


@dataclass(frozen=True)
class Partition:
    """A slice of one input file: rows [start, stop)."""

    path: str
    start: int
    stop: int

    @property
    def key(self) -> str:
        return f"{Path(self.path).stem}-{self.start:09d}"


@dataclass
class BackfillReport:
    partitions: int
    skipped: int
    articles: int
    claims: int
    seconds: float


# -- input ----------------------------------------------------------------------------------


def _input_files(spec: str | Path) -> list[Path]:
    path = Path(spec)
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.suffix in (".jsonl", ".parquet") or p.name.endswith(".jsonl.gz"))
    else:
        files = sorted(Path(p) for p in __import__("glob").glob(str(spec)))
    if not files:
        raise ConfigError(f"no .jsonl or .parquet article files in {spec}")
    return files


def _count_rows(path: Path) -> int:
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        return int(pq.ParquetFile(path).metadata.num_rows)
    with open(path, "rb") as fh:
        return sum(1 for line in fh if line.strip())


def plan_partitions(spec: str | Path, partition_size: int) -> list[Partition]:
    """Split every input file into partitions of at most ``partition_size`` articles."""
    if partition_size < 1:
        raise ConfigError("partition size must be at least 1")
    out = []
    for path in _input_files(spec):
        n = _count_rows(path)
        out += [Partition(str(path), i, min(i + partition_size, n)) for i in range(0, n, partition_size)]
    return out


def _article(row: dict[str, Any]) -> Article:
    published = row.get("published")
    if published and not isinstance(published, dt.date):
        published = dt.date.fromisoformat(str(published)[:10])
    return Article(id=str(row["id"]), url=row.get("url"), title=row.get("title"), text=str(row.get("text") or ""),
                   published=published or None, published_source="archive" if published else None,
                   source=row.get("source"))


def read_partition(part: Partition) -> list[Article]:
    path = Path(part.path)
    if path.suffix == ".parquet":
        import pyarrow.parquet as pq

        table = pq.read_table(path).slice(part.start, part.stop - part.start)
        return [_article(r) for r in table.to_pylist()]
    rows = []
    with open(path, encoding="utf-8") as fh:
        i = 0
        for line in fh:
            if not line.strip():
                continue
            if part.start <= i < part.stop:
                rows.append(_article(json.loads(line)))
            i += 1
            if i >= part.stop:
                break
    return rows


# -- one partition (runs on a worker) ---------------------------------------------------------


def _write_parquet(rows: list[dict[str, Any]], target: Path, columns: Iterable[str]) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    target.parent.mkdir(parents=True, exist_ok=True)
    cols = list(columns)
    table = pa.Table.from_pylist([{c: r.get(c) for c in cols} for r in rows], schema=None) if rows else pa.table({c: [] for c in cols})
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, target)  # atomic: a crash never leaves half a file under the final name


_MARKET_CACHE: dict[tuple[str, float], MarketData] = {}
MARKET_FILE = "_market.pickle"


def _market(source: MarketData | str) -> MarketData:
    """The market data a task verifies against: given directly, or a snapshot file read once
    per worker process (shipping 20 MB through the scheduler to every worker is far slower)."""
    if isinstance(source, MarketData):
        return source
    key = (source, os.path.getmtime(source))
    if key not in _MARKET_CACHE:
        import pickle

        _MARKET_CACHE.clear()
        with open(source, "rb") as fh:
            _MARKET_CACHE[key] = pickle.load(fh)  # noqa: S301 - our own snapshot, written by run_backfill
    return _MARKET_CACHE[key]


def process_partition(part: Partition, out_dir: str, market: MarketData | str) -> dict[str, int]:
    """Extract, verify and write one partition; a finished partition is skipped.

    ``market`` is the market data or the path of its snapshot (see ``run_backfill``).
    """
    from . import pipeline

    out = Path(out_dir)
    done = out / "_done" / f"{part.key}.json"
    if done.exists():
        return dict(json.loads(done.read_text("utf-8")), skipped=1)
    articles = read_partition(part)
    claim_rows, verdict_rows = pipeline.claim_rows(articles, _market(market))
    _write_parquet([{c: (a.published.isoformat() if c == "published" and a.published else getattr(a, c)) for c in ARTICLE_COLUMNS}
                    for a in articles], out / "articles" / f"part-{part.key}.parquet", ARTICLE_COLUMNS)
    _write_parquet(claim_rows, out / "claims" / f"part-{part.key}.parquet", pipeline.CLAIM_ROW_COLUMNS)
    _write_parquet(verdict_rows, out / "verdicts" / f"part-{part.key}.parquet", pipeline.VERDICT_ROW_COLUMNS)
    counts = {"articles": len(articles), "claims": len(claim_rows), "skipped": 0}
    done.parent.mkdir(parents=True, exist_ok=True)
    tmp = done.with_name(f".{done.name}.tmp")
    tmp.write_text(json.dumps(counts), "utf-8")
    os.replace(tmp, done)
    return counts


# -- driver -----------------------------------------------------------------------------------


def run_backfill(
    input_spec: str | Path,
    out_dir: str | Path,
    market: MarketData,
    *,
    scheduler: str | None = None,
    workers: int = 2,
    partition_size: int = 500,
    retries: int = 2,
    progress: Callable[[int, int], None] | None = None,
) -> BackfillReport:
    """Run every partition on Dask and return the counts.

    Args:
        scheduler: a ``tcp://host:8786`` address; None starts a local cluster of ``workers``
            processes (one thread each: spaCy and the verifier are CPU-bound Python).
        progress: called with (finished, total) as partitions complete.
    """
    import time

    from distributed import Client, LocalCluster, as_completed

    started = time.perf_counter()
    all_parts = plan_partitions(input_spec, partition_size)
    Path(out_dir).mkdir(parents=True, exist_ok=True)
    done_dir = Path(out_dir) / "_done"
    parts = [p for p in all_parts if not (done_dir / f"{p.key}.json").exists()]
    skipped = len(all_parts) - len(parts)
    if not parts:  # nothing left to do: no cluster, no data shipped
        return BackfillReport(len(all_parts), skipped, 0, 0, time.perf_counter() - started)
    cluster = None
    if scheduler:
        client = Client(scheduler)
    else:
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0",
                               silence_logs=40)
        client = Client(cluster)
    try:
        snapshot = _write_snapshot(market, Path(out_dir))
        futures = [client.submit(process_partition, p, str(out_dir), str(snapshot), key=f"backfill-{p.key}",
                                 retries=retries, pure=False) for p in parts]
        totals = {"articles": 0, "claims": 0, "skipped": skipped}
        for i, fut in enumerate(as_completed(futures), 1):
            for k, v in fut.result().items():
                totals[k] = totals.get(k, 0) + v
            if progress:
                progress(i + skipped, len(all_parts))
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
    return BackfillReport(len(all_parts), totals["skipped"], totals["articles"], totals["claims"],
                          time.perf_counter() - started)


def _write_snapshot(market: MarketData, out_dir: Path) -> Path:
    """Write the market data once next to the results; every worker reads it once."""
    import pickle

    target = out_dir / MARKET_FILE
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    with open(tmp, "wb") as fh:
        pickle.dump(market, fh, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, target)
    return target


# -- moving results between a cluster and a laptop --------------------------------------------


def _read_parts(folder: Path) -> Iterator[list[dict[str, Any]]]:
    import pyarrow.parquet as pq

    for path in sorted(folder.glob("part-*.parquet")):
        yield pq.read_table(path).to_pylist()


def import_results(db: Any, results_dir: str | Path) -> dict[str, int]:
    """Load backfill Parquet results into the SQLite store, one transaction per partition."""
    from . import store

    root = Path(results_dir)
    if not (root / "claims").is_dir():
        raise ConfigError(f"{root} has no backfill results (claims/ is missing)")
    counts = {"articles": 0, "claims": 0, "verdicts": 0}
    for table in ("articles", "claims", "verdicts"):
        for rows in _read_parts(root / table):
            if not rows:
                continue
            with store.write_transaction(db):
                if table == "verdicts":
                    db["verdicts"].insert_all(rows, batch_size=2000)
                else:
                    db[table].upsert_all(rows, pk="id", batch_size=2000)
            counts[table] += len(rows)
    return counts


def export_articles(db: Any, out_dir: str | Path, *, part_rows: int = 10_000) -> int:
    """Write stored articles as JSON-lines files in the backfill input format."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    n = 0
    rows = db.query(f"SELECT {', '.join(ARTICLE_COLUMNS)} FROM articles ORDER BY id")
    batch: list[dict[str, Any]] = []
    part = 0

    def flush() -> None:
        nonlocal part, batch
        if batch:
            with open(out / f"articles-{part:05d}.jsonl", "w", encoding="utf-8") as fh:
                fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in batch)
            part += 1
            batch = []

    for row in rows:
        batch.append(row)
        n += 1
        if len(batch) >= part_rows:
            flush()
    flush()
    return n
