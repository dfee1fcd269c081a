"""The database schema as ordered migrations, applied every time a store is opened.

Each step is a plain function over a ``sqlite_utils.Database``; a new column or table is a
new step appended at the end, never an edit of an old one, so every existing database can
be brought forward.
"""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

__all__ = ["FTS_CONFIG", "MIGRATIONS"]

MIGRATIONS = Migrations("marketclaims")

#: full-text search, declared once: table -> indexed columns
FTS_CONFIG: dict[str, list[str]] = {"articles": ["title", "text"], "claims": ["text"]}


@MIGRATIONS()
def m001_core_tables(db: Database) -> None:
    db.table("feeds").create(
        {
            "id": str,
            "url": str,
            "name": str,
            "added_at": str,
            "etag": str,
            "last_modified": str,
            "last_fetched_at": str,
            "last_status": str,
            "next_due_at": str,
            "guid_override": str,
            "allow_private": int,
        },
        pk="id",
        not_null={"url"},
    )
    db.table("feeds").create_index(["url"], unique=True)
    db.table("articles").create(
        {
            "id": str,
            "url": str,
            "title": str,
            "published": str,
            "published_source": str,
            "source": str,
            "feed_id": str,
            "guid": str,
            "text": str,
            "fetched_at": str,
        },
        pk="id",
        not_null={"text"},
        foreign_keys=[("feed_id", "feeds", "id")],
    )
    db.table("articles").create_index(["published"])
    db.table("articles").create_index(["source"])
    db.table("articles").create_index(["feed_id"])
    db.table("claims").create(
        {
            "id": str,
            "article_id": str,
            "kind": str,
            "subject": str,
            "value": float,
            "unit": str,
            "relation": str,
            "period": str,
            "date": str,
            "hedged": int,
            "attribution": str,
            "text": str,
            "start": int,
            "end": int,
            "qualifier": str,
            "date_basis": str,
            "extractor_version": str,
        },
        pk="id",
        not_null={"article_id", "kind", "text"},
        foreign_keys=[("article_id", "articles", "id")],
    )
    for cols in (["article_id"], ["kind"], ["subject"], ["date"]):
        db.table("claims").create_index(cols)
    db.table("verdicts").create(
        {
            "id": int,
            "claim_id": str,
            "verdict": str,
            "reason": str,
            "evidence": str,
            "verifier_version": str,
            "verified_at": str,
        },
        pk="id",
        not_null={"claim_id", "verdict", "reason"},
        foreign_keys=[("claim_id", "claims", "id")],
    )
    db.table("verdicts").create_index(["claim_id", "id"])
    db.table("verdicts").create_index(["verdict"])
    db.table("series").create(
        {
            "id": str,
            "subject": str,
            "vendor": str,
            "provider": str,
            "fields": str,
            "unit": str,
            "calendar": str,
            "definition": str,
            "coverage_start": str,
            "coverage_end": str,
            "rows": int,
            "updated_at": str,
        },
        pk="id",
    )
    db.table("series").create_index(["subject"])
    db.table("prices").create(
        {
            "series_id": str,
            "date": str,
            "open": float,
            "high": float,
            "low": float,
            "close": float,
            "volume": float,
        },
        pk=("series_id", "date"),
        not_null={"series_id", "date", "close"},
        foreign_keys=[("series_id", "series", "id")],
    )
    db.table("fetch_log").create(
        {
            "id": int,
            "url": str,
            "feed_id": str,
            "status": int,
            "error_class": str,
            "message": str,
            "bytes": int,
            "elapsed": float,
            "fetched_at": str,
        },
        pk="id",
    )
    db.table("fetch_log").create_index(["url"])


@MIGRATIONS()
def m002_full_text_search(db: Database) -> None:
    for table, columns in FTS_CONFIG.items():
        db.table(table).enable_fts(columns, create_triggers=True, tokenize="porter")


@MIGRATIONS()
def m003_current_verdicts_view(db: Database) -> None:
    # the newest verdict row per claim is the current one; older rows are the history
    db.create_view(
        "claims_current",
        """
        SELECT c.*, a.url AS article_url, a.title AS article_title, a.source AS source,
               a.published AS published, v.verdict, v.reason, v.evidence, v.verified_at
        FROM claims c
        JOIN articles a ON a.id = c.article_id
        LEFT JOIN verdicts v ON v.id = (
            SELECT MAX(id) FROM verdicts WHERE claim_id = c.id
        )
        """,
    )
