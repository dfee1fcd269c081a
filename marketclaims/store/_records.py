"""Saving and loading domain records. Fetching and extracting happen elsewhere; these
functions only take records and write them, each logical unit in one transaction."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlite_utils import Database

from models import Article, Claim, NotFound, PriceBar, Verdict, stable_id

from ._db import write_transaction

__all__ = [
    "claim_id",
    "delete_feed",
    "due_feeds",
    "get_feed",
    "get_claim",
    "iter_claims",
    "list_feeds",
    "load_bars",
    "log_fetch",
    "save_article",
    "save_feed",
    "save_series",
    "save_verdicts",
    "series_rows",
    "update_feed",
]


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def claim_id(article_id: str, claim: Claim) -> str:
    """Stable id: the same figure of the same article always gets the same id."""
    return stable_id(article_id, claim.kind, claim.subject, claim.value, claim.start, claim.end)


def _article_row(a: Article) -> dict[str, Any]:
    return {
        "id": a.id,
        "url": a.url,
        "title": a.title,
        "published": a.published.isoformat() if a.published else None,
        "published_source": a.published_source,
        "source": a.source,
        "feed_id": a.feed_url and stable_id(a.feed_url),
        "guid": a.guid,
        "text": a.text,
        "fetched_at": (a.fetched_at or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds"),
    }


def _claim_row(article_id: str, c: Claim, version: str) -> dict[str, Any]:
    row = c.to_dict()
    row.update(id=claim_id(article_id, c), article_id=article_id, hedged=int(c.hedged), extractor_version=version)
    return row


def save_article(db: Database, article: Article, claims: Sequence[Claim], *, extractor_version: str) -> int:
    """Upsert an article with its claims, atomically; returns the number of claims stored.

    Claims the article no longer yields (after an extractor upgrade) are removed together
    with their verdicts, so the store never holds a claim its text does not support.
    """
    rows = [_claim_row(article.id, c, extractor_version) for c in claims]
    keep = {r["id"] for r in rows}
    with write_transaction(db):
        if article.feed_url and not db.table("feeds").count_where("id = ?", [stable_id(article.feed_url)]):
            db.table("feeds").insert({"id": stable_id(article.feed_url), "url": article.feed_url, "added_at": _now()})
        db.table("articles").upsert(_article_row(article), pk="id")
        stale = [
            r["id"] for r in db.query("SELECT id FROM claims WHERE article_id = ?", [article.id]) if r["id"] not in keep
        ]
        for cid in stale:
            db.execute("DELETE FROM verdicts WHERE claim_id = ?", [cid])
            db.execute("DELETE FROM claims WHERE id = ?", [cid])
        if rows:
            db.table("claims").upsert_all(rows, pk="id")
    return len(rows)


def iter_claims(
    db: Database,
    *,
    where: str = "",
    params: Sequence[Any] = (),
    order_by: str = "published DESC, article_id, start",
    limit: int | None = None,
) -> Iterator[dict[str, Any]]:
    """Stored claims joined with their article and current verdict (the ``claims_current`` view)."""
    sql = "SELECT * FROM claims_current"
    if where:
        sql += f" WHERE {where}"
    sql += f" ORDER BY {order_by}"
    if limit:
        sql += f" LIMIT {int(limit)}"
    for row in db.query(sql, list(params)):
        if row.get("evidence"):
            row["evidence"] = json.loads(row["evidence"])
        yield row


def get_claim(db: Database, cid: str) -> dict[str, Any]:
    """One claim (by id or unique id prefix) with its article and current verdict."""
    rows = list(iter_claims(db, where="id = ? OR id LIKE ?", params=(cid, cid + "%"), limit=2))
    if not rows:
        raise NotFound(f"no claim with id {cid!r}", key=cid)
    if len(rows) > 1 and rows[0]["id"] != cid:
        raise NotFound(f"claim id prefix {cid!r} is ambiguous", key=cid)
    return rows[0]


def save_verdicts(db: Database, verdicts: Iterable[Verdict]) -> int:
    """Append verdict rows (the history is kept; the newest row per claim is current)."""
    rows = [
        {
            "claim_id": v.claim_id,
            "verdict": v.verdict,
            "reason": v.reason,
            "evidence": json.dumps(v.evidence, default=str, sort_keys=True),
            "verifier_version": v.verifier_version,
            "verified_at": (v.verified_at or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds"),
        }
        for v in verdicts
    ]
    with write_transaction(db):
        db.table("verdicts").insert_all(rows)
    return len(rows)


def save_series(db: Database, meta: dict[str, Any], bars: Sequence[PriceBar], *, replace: bool = False) -> int:
    """Store one price series and its rows in a single transaction (never a partial write).

    Args:
        meta: the ``series`` row (id, subject, vendor, provider, fields, unit, calendar, definition).
        bars: rows to upsert by date.
        replace: drop the series' existing rows first.
    """
    sid = meta["id"]
    rows = [
        {"series_id": sid, "date": b.date.isoformat(), "open": b.open, "high": b.high, "low": b.low,
         "close": b.close, "volume": b.volume}
        for b in bars
    ]
    with write_transaction(db):
        db.table("series").upsert(dict(meta, updated_at=_now()), pk="id")
        if replace:
            db.execute("DELETE FROM prices WHERE series_id = ?", [sid])
        db.table("prices").upsert_all(rows, pk=("series_id", "date"), batch_size=5000)
        span = db.execute("SELECT MIN(date), MAX(date), COUNT(*) FROM prices WHERE series_id = ?", [sid]).fetchone()
        db.table("series").update(sid, {"coverage_start": span[0], "coverage_end": span[1], "rows": span[2]})
    return len(rows)


def series_rows(db: Database) -> list[dict[str, Any]]:
    return list(db.query("SELECT * FROM series ORDER BY subject, id"))


def load_bars(db: Database, series_id: str) -> list[PriceBar]:
    """All rows of a series, oldest first."""
    out = []
    for r in db.execute(
        "SELECT date, open, high, low, close, volume FROM prices WHERE series_id = ? ORDER BY date", [series_id]
    ).fetchall():
        out.append(PriceBar(dt.date.fromisoformat(r[0]), r[4], r[1], r[2], r[3], r[5]))
    return out


def save_feed(db: Database, url: str, *, name: str | None = None, allow_private: bool = False,
              guid_override: str | None = None) -> str:
    """Subscribe to a feed (or update its name and settings); polling state is kept."""
    fid = stable_id(url)
    with write_transaction(db):
        if db.table("feeds").count_where("id = ?", [fid]):
            db.table("feeds").update(fid, {"name": name, "allow_private": int(allow_private), "guid_override": guid_override})
        else:
            db.table("feeds").insert({"id": fid, "url": url, "name": name, "added_at": _now(), "allow_private": int(allow_private),
                                "guid_override": guid_override})
    return fid


def get_feed(db: Database, url: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT * FROM feeds WHERE id = ? OR url = ?", [stable_id(url), url]))
    return rows[0] if rows else None


def due_feeds(db: Database, *, now: dt.datetime | None = None) -> list[dict[str, Any]]:
    """Subscribed feeds whose next poll time has come (never polled ones first)."""
    now_s = (now or dt.datetime.now(dt.timezone.utc)).isoformat(timespec="seconds")
    return list(db.query("SELECT * FROM feeds WHERE next_due_at IS NULL OR next_due_at <= ? "
                         "ORDER BY next_due_at IS NOT NULL, next_due_at", [now_s]))


def update_feed(db: Database, url: str, **fields: Any) -> None:
    fid = stable_id(url)
    with write_transaction(db):
        if not db.table("feeds").count_where("id = ?", [fid]):
            db.table("feeds").insert({"id": fid, "url": url, "added_at": _now()})
        db.table("feeds").update(fid, fields)


def list_feeds(db: Database) -> list[dict[str, Any]]:
    return list(
        db.query(
            """SELECT f.*, (SELECT COUNT(*) FROM articles a WHERE a.feed_id = f.id) AS articles
               FROM feeds f ORDER BY f.added_at"""
        )
    )


def delete_feed(db: Database, url: str) -> None:
    """Forget a subscription; its articles stay (they are unlinked from the feed)."""
    fid = stable_id(url)
    with write_transaction(db):
        if not db.table("feeds").count_where("id = ? OR url = ?", [fid, url]):
            raise NotFound(f"no feed {url!r}", key=url)
        db.execute("UPDATE articles SET feed_id = NULL WHERE feed_id = ?", [fid])
        db.execute("DELETE FROM feeds WHERE id = ?", [fid])


def log_fetch(db: Database, *, url: str, status: int | None, error_class: str | None, message: str | None,
              nbytes: int | None, elapsed: float | None) -> None:
    """One row per fetch attempt, success or failure (the ``fetch_log`` table)."""
    with write_transaction(db):
        db.table("fetch_log").insert(
            {"url": url, "feed_id": stable_id(url), "status": status, "error_class": error_class,
             "message": message, "bytes": nbytes, "elapsed": elapsed, "fetched_at": _now()}
        )
