"""Shared fixtures: one spaCy pipeline, one database with the bundled prices loaded once
(copied per test), the market data indexed once, a CLI runner, and corpus paths."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import extractor
from marketclaims import pipeline, store
from marketclaims.verify import MarketData

HERE = Path(__file__).parent
CORPUS = HERE / "corpus"
GOLD = HERE / "gold"
SEED = GOLD / "dev" / "docs" / "seed-001.txt"


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    return extractor.build_nlp()


@pytest.fixture(scope="session")
def priced_db_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database file holding every bundled series, built once per test session."""
    path = tmp_path_factory.mktemp("shared") / "prices.db"
    db = store.open_db(path)
    pipeline.ensure_bundled_prices(db)
    db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


@pytest.fixture
def db_path(priced_db_file: Path, tmp_path: Path) -> Path:
    """A private copy of the priced database for one test."""
    target = tmp_path / "test.db"
    shutil.copy(priced_db_file, target)
    return target


@pytest.fixture
def db(db_path: Path) -> Iterator[object]:
    database = store.open_db(db_path)
    yield database
    database.close()


@pytest.fixture(scope="session")
def market(priced_db_file: Path) -> MarketData:
    """Every bundled series, indexed for verification (read-only, shared)."""
    database = store.open_db(priced_db_file)
    try:
        return pipeline.load_market(database)
    finally:
        database.close()


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()
