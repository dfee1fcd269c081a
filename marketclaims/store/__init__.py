"""The SQLite store: the only package that imports sqlite-utils.

``open_db(path)`` applies migrations (WAL, foreign keys, FTS on article title/text and
claim sentences); ``save_*`` functions take domain records and write each logical unit
in one ``BEGIN IMMEDIATE`` transaction; readers return plain rows or records.
"""

from ._db import BUSY_TIMEOUT_S, open_db, read_only_query, write_transaction
from ._records import (
    claim_id,
    delete_feed,
    due_feeds,
    get_feed,
    get_claim,
    iter_claims,
    list_feeds,
    load_bars,
    log_fetch,
    save_article,
    save_feed,
    save_series,
    save_verdicts,
    series_rows,
    update_feed,
)
from ._queries import SORTS, ClaimFilter, claim_stats, find_claims, get_article, list_articles
from ._schema import FTS_CONFIG, MIGRATIONS

__all__ = [
    "BUSY_TIMEOUT_S",
    "SORTS",
    "ClaimFilter",
    "claim_stats",
    "find_claims",
    "get_article",
    "list_articles",
    "FTS_CONFIG",
    "MIGRATIONS",
    "claim_id",
    "delete_feed",
    "due_feeds",
    "get_feed",
    "get_claim",
    "iter_claims",
    "list_feeds",
    "load_bars",
    "log_fetch",
    "open_db",
    "read_only_query",
    "save_article",
    "save_feed",
    "save_series",
    "save_verdicts",
    "series_rows",
    "update_feed",
    "write_transaction",
]
