"""The SQLite store on temporary databases: schema, rows, idempotent upserts, FTS, history."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from marketclaims import store
from models import Article, Claim, NotFound, PriceBar, StoreError, Verdict

ARTICLE = Article(id="a1", url="https://example.com/a", title="Bitcoin slides", text="Bitcoin fell 5% to $90,000 on Monday.",
                  published=dt.date(2025, 12, 1), published_source="feed", source="Example", feed_url="https://example.com/feed")
CLAIMS = [
    Claim("percent_change", "BTC", -5.0, "percent", "down", None, dt.date(2025, 12, 1), False, None, ARTICLE.text, 13, 15),
    Claim("price_level", "BTC", 90000.0, "USD", "at", None, dt.date(2025, 12, 1), False, None, ARTICLE.text, 19, 26),
]


@pytest.fixture
def fresh(tmp_path: Path):  # type: ignore[no-untyped-def]
    db = store.open_db(tmp_path / "fresh.db")
    yield db
    db.close()


def test_schema_tables_keys_and_wal(fresh) -> None:  # type: ignore[no-untyped-def]
    names = set(fresh.table_names())
    assert {"feeds", "articles", "claims", "verdicts", "series", "prices", "fetch_log", "articles_fts", "claims_fts"} <= names
    assert "claims_current" in fresh.view_names()
    fks = {(fk.table, fk.column, fk.other_table) for t in ("articles", "claims", "verdicts", "prices") for fk in fresh[t].foreign_keys}
    assert {("claims", "article_id", "articles"), ("verdicts", "claim_id", "claims"), ("prices", "series_id", "series"),
            ("articles", "feed_id", "feeds")} <= fks
    assert fresh["prices"].pks == ["series_id", "date"]
    assert fresh.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert fresh.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_save_article_writes_rows_and_is_idempotent(fresh) -> None:  # type: ignore[no-untyped-def]
    assert store.save_article(fresh, ARTICLE, CLAIMS, extractor_version="t") == 2
    row = fresh["articles"].get("a1")
    assert (row["title"], row["published"], row["feed_id"] is not None) == ("Bitcoin slides", "2025-12-01", True)
    claims = list(fresh.query("SELECT kind, subject, value, date, hedged, extractor_version FROM claims ORDER BY start"))
    assert claims == [
        {"kind": "percent_change", "subject": "BTC", "value": -5.0, "date": "2025-12-01", "hedged": 0, "extractor_version": "t"},
        {"kind": "price_level", "subject": "BTC", "value": 90000.0, "date": "2025-12-01", "hedged": 0, "extractor_version": "t"},
    ]
    counts = {t: fresh[t].count for t in ("feeds", "articles", "claims")}
    store.save_article(fresh, ARTICLE, CLAIMS, extractor_version="t")
    assert {t: fresh[t].count for t in ("feeds", "articles", "claims")} == counts


def test_dropped_claims_and_their_verdicts_go(fresh) -> None:  # type: ignore[no-untyped-def]
    store.save_article(fresh, ARTICLE, CLAIMS, extractor_version="t")
    cid = store.claim_id("a1", CLAIMS[0])
    store.save_verdicts(fresh, [Verdict("supported", "within_tolerance", {"x": 1}, claim_id=cid)])
    store.save_article(fresh, ARTICLE, CLAIMS[1:], extractor_version="t2")
    assert fresh["claims"].count == 1 and fresh["verdicts"].count == 0


def test_verdict_history_newest_is_current(fresh) -> None:  # type: ignore[no-untyped-def]
    store.save_article(fresh, ARTICLE, CLAIMS, extractor_version="t")
    cid = store.claim_id("a1", CLAIMS[1])
    store.save_verdicts(fresh, [Verdict("unverifiable", "no_series", {}, claim_id=cid)])
    store.save_verdicts(fresh, [Verdict("supported", "within_tolerance", {"rows": [1]}, claim_id=cid)])
    row = store.get_claim(fresh, cid[:8])
    assert (row["verdict"], row["reason"], row["evidence"]) == ("supported", "within_tolerance", {"rows": [1]})
    assert fresh["verdicts"].count == 2
    with pytest.raises(NotFound):
        store.get_claim(fresh, "nope")


def test_full_text_search_on_articles_and_claims(fresh) -> None:  # type: ignore[no-untyped-def]
    store.save_article(fresh, ARTICLE, CLAIMS, extractor_version="t")
    assert [r["id"] for r in fresh["articles"].search("slides")] == ["a1"]
    hits = list(fresh.query("SELECT rowid FROM claims_fts WHERE claims_fts MATCH 'monday'"))
    assert len(hits) == 2


def test_series_saved_atomically_with_coverage(fresh) -> None:  # type: ignore[no-untyped-def]
    bars = [PriceBar(dt.date(2025, 1, d), 100.0 + d, 99.0, 102.0 + d, 98.0) for d in (2, 3, 6)]
    meta = {"id": "TEST", "subject": "TST", "vendor": "unit test", "provider": "csv", "fields": "close", "unit": "USD",
            "calendar": "nyse", "definition": "test"}
    assert store.save_series(fresh, meta, bars) == 3
    row = fresh["series"].get("TEST")
    assert (row["coverage_start"], row["coverage_end"], row["rows"]) == ("2025-01-02", "2025-01-06", 3)
    assert store.load_bars(fresh, "TEST") == bars
    bad = bars + [PriceBar(dt.date(2025, 1, 7), None)]  # type: ignore[arg-type]
    with pytest.raises(sqlite3.IntegrityError):
        store.save_series(fresh, meta, bad)
    assert fresh["prices"].count == 3  # the failed write left nothing behind


def test_read_only_query_cannot_write(tmp_path: Path) -> None:
    path = tmp_path / "ro.db"
    store.open_db(path).close()
    cols, rows = store.read_only_query(path, "SELECT COUNT(*) AS n FROM claims")
    assert (cols, rows) == (["n"], [(0,)])
    with pytest.raises(StoreError):
        store.read_only_query(path, "DELETE FROM claims")


def test_not_a_database_is_a_clear_error(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError, match="junk.db"):
        store.open_db(junk)
