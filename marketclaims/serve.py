"""Publishing the store with Datasette: metadata (titles, descriptions, data terms) and
canned queries for the questions users ask most. Needs the ``serve`` extra."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from datasette.app import Datasette

__all__ = ["CANNED_QUERIES", "make_datasette", "metadata"]

CANNED_QUERIES: dict[str, dict[str, str]] = {
    "contradicted_claims": {
        "title": "Contradicted claims",
        "description": "Figures the market data contradicts under every reasonable reading, newest first.",
        "sql": """SELECT published, source, kind, subject, value, unit, relation, date, text, reason, article_url, id
                  FROM claims_current WHERE verdict = 'contradicted' ORDER BY published DESC""",
    },
    "claims_by_subject": {
        "title": "Claims by subject",
        "description": "How many claims each asset or institution gets, by verdict.",
        "sql": """SELECT subject, COUNT(*) AS claims, SUM(verdict = 'supported') AS supported,
                         SUM(verdict = 'contradicted') AS contradicted, SUM(verdict = 'unverifiable') AS unverifiable
                  FROM claims_current GROUP BY subject ORDER BY claims DESC""",
    },
    "records_this_week": {
        "title": "Records claimed this week",
        "description": "Record highs and lows claimed in articles of the last 7 days.",
        "sql": """SELECT published, subject, kind, date, verdict, text, article_url FROM claims_current
                  WHERE kind IN ('record_high', 'record_low') AND published >= date('now', '-7 days')
                  ORDER BY published DESC""",
    },
    "unverifiable_by_reason": {
        "title": "Unverifiable claims by reason",
        "description": "Why claims could not be checked (no series, no data for the date, forecasts, ...).",
        "sql": """SELECT reason, COUNT(*) AS claims FROM claims_current WHERE verdict = 'unverifiable'
                  GROUP BY reason ORDER BY claims DESC""",
    },
}

TABLES = {
    "articles": "News articles read from feeds, pages and files.",
    "claims": "Quantitative market claims extracted from the articles (one row per figure).",
    "verdicts": "Verification history: one row per check; the newest row per claim is current.",
    "series": "Price series in the store, with vendor, calendar and coverage.",
    "prices": "Daily rows of every series (single-value series use close).",
    "feeds": "Feed subscriptions with their polling state.",
    "fetch_log": "Every fetch attempt: status, error class, bytes and time.",
    "claims_current": "Claims joined with their article and current verdict.",
}


def metadata(db_name: str) -> dict[str, Any]:
    """Datasette metadata for one marketclaims database named ``db_name``."""
    return {
        "title": "marketclaims",
        "description": "Quantitative claims in market news, checked against market data.",
        "source": "Bundled market data: public GitHub copies of Yahoo Finance, Stooq, FRED, EIA and Cboe downloads (see PROVENANCE.md)",
        "license": "Yahoo Finance data is for personal use; FRED and EIA data are public; article excerpts belong to their publishers.",
        "databases": {
            db_name: {
                "tables": {name: {"description": text} for name, text in TABLES.items()},
                "queries": CANNED_QUERIES,
            }
        },
    }


def make_datasette(path: str | Path) -> Datasette:
    """A Datasette instance over the database (read-only), with metadata and canned queries."""
    path = Path(path)
    return Datasette(files=[str(path)], immutables=[], metadata=metadata(path.stem), settings={"sql_time_limit_ms": 5000})
