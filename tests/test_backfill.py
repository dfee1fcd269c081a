"""Backfill on a local Dask cluster (2 workers) equals single-process extract + verify."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest.importorskip("distributed")
pytest.importorskip("pyarrow")

from marketclaims import backfill, pipeline, store  # noqa: E402
from marketclaims.verify import MarketData  # noqa: E402

from .conftest import GOLD  # noqa: E402


def _archive(tmp_path: Path) -> tuple[Path, list[dict]]:  # type: ignore[type-arg]
    """Real article bodies (the gold documents), repeated under distinct ids, as JSON lines."""
    rows = []
    for rep in range(2):
        for doc in sorted((GOLD / "dev" / "docs").glob("*.txt")):
            head, _, body = doc.read_text("utf-8").partition("\n\n")
            meta = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
            published = meta.get("published", "unknown").lstrip("~")
            rows.append({"id": f"{doc.stem}-{rep}", "url": meta.get("url"), "title": meta.get("title"),
                         "published": None if published == "unknown" else published, "source": meta.get("source"),
                         "text": body})
    folder = tmp_path / "archive"
    folder.mkdir()
    (folder / "part-a.jsonl").write_text("\n".join(json.dumps(r) for r in rows[:35]) + "\n", "utf-8")
    (folder / "part-b.jsonl").write_text("\n".join(json.dumps(r) for r in rows[35:]) + "\n", "utf-8")
    return folder, rows


def _rows(folder: Path) -> list[dict]:  # type: ignore[type-arg]
    import pyarrow.parquet as pq

    return [r for p in sorted(folder.glob("part-*.parquet")) for r in pq.read_table(p).to_pylist()]


def test_backfill_equals_single_process(tmp_path: Path, market: MarketData) -> None:
    archive, rows = _archive(tmp_path)
    out = tmp_path / "results"
    report = backfill.run_backfill(archive, out, market, workers=2, partition_size=10)
    assert (report.partitions, report.skipped, report.articles) == (7, 0, len(rows))

    articles = [backfill._article(r) for r in rows]
    expected_claims, expected_verdicts = pipeline.claim_rows(articles, market)
    got_claims = _rows(out / "claims")
    key = lambda r: r["id"]  # noqa: E731
    assert sorted(got_claims, key=key) == sorted(expected_claims, key=key)
    strip = lambda r: {k: v for k, v in r.items() if k != "verified_at"}  # noqa: E731
    got_verdicts = sorted((strip(r) for r in _rows(out / "verdicts")), key=lambda r: r["claim_id"])
    assert got_verdicts == sorted((strip(r) for r in expected_verdicts), key=lambda r: r["claim_id"])
    assert len(got_claims) > 300

    again = backfill.run_backfill(archive, out, market, workers=2, partition_size=10)
    assert again.skipped == 7 and again.articles == 0, "finished partitions are skipped"

    db = store.open_db(tmp_path / "imported.db")
    counts = backfill.import_results(db, out)
    assert counts["claims"] == len(got_claims) and db["claims"].count == len(got_claims)
    backfill.import_results(db, out)
    assert db["claims"].count == len(got_claims), "re-import upserts, never duplicates"
    assert backfill.export_articles(db, tmp_path / "exported") == len(rows)


def test_a_crashed_partition_leaves_no_half_result(tmp_path: Path, market: MarketData) -> None:
    archive, rows = _archive(tmp_path)
    part = backfill.plan_partitions(archive, 10)[0]
    out = tmp_path / "results"
    (out / "claims").mkdir(parents=True)
    (out / "claims" / f".part-{part.key}.parquet.123.tmp").write_bytes(b"half a file")
    counts = backfill.process_partition(part, str(out), market)
    assert counts["articles"] == 10
    assert (out / "_done" / f"{part.key}.json").exists()
    assert not list((out / "claims").glob("part-*.tmp"))
