"""Opening the store: WAL, busy timeout, foreign keys, migrations, and write transactions."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from models import SchemaError, StoreError

from ._schema import MIGRATIONS

__all__ = ["BUSY_TIMEOUT_S", "open_db", "read_only_query", "write_transaction"]

#: how long a writer waits for another process's write lock before failing
BUSY_TIMEOUT_S = 60.0


def open_db(path: str | Path) -> Database:
    """Open (creating if needed) a marketclaims database and bring its schema up to date.

    Args:
        path: a file path, or ":memory:" for a throwaway store.
    """
    path = str(path)
    try:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_S, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open database {path}: {exc}") from exc
    db = Database(conn)
    try:
        conn.execute("PRAGMA foreign_keys = ON")
        if path != ":memory:":
            db.enable_wal()
        conn.execute("PRAGMA synchronous = NORMAL")
        with write_transaction(db):
            # under BEGIN IMMEDIATE, so two processes opening a new file do not both migrate
            MIGRATIONS.apply(db)
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise SchemaError(f"{path} is not a usable marketclaims database: {exc}") from exc
    return db


@contextlib.contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """One atomic write: ``BEGIN IMMEDIATE`` takes the write lock up front (so concurrent
    writers queue on the busy timeout instead of failing with "database is locked" on
    upgrade), commits on success and rolls back on any error."""
    conn = db.conn
    if conn.in_transaction:
        with db.atomic():
            yield db
        return
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    else:
        conn.execute("COMMIT")


def read_only_query(path: str | Path, sql: str, params: tuple[Any, ...] = ()) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Run ``sql`` on a read-only connection: the column names and the rows.

    The connection is opened with ``mode=ro`` and ``PRAGMA query_only``, so a user query
    cannot change the store whatever it says.
    """
    uri = f"file:{Path(path).resolve()}?mode=ro"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_S)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot open {path} read-only: {exc}") from exc
    try:
        conn.execute("PRAGMA query_only = ON")
        cur = conn.execute(sql, params)
        columns = [d[0] for d in cur.description or []]
        return columns, cur.fetchall()
    except sqlite3.Error as exc:
        raise StoreError(f"query failed: {exc}") from exc
    finally:
        conn.close()
