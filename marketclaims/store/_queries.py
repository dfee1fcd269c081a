"""Read-side queries for the CLI, the report and Datasette: filters, articles, statistics."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlite_utils import Database

from models import NotFound

from ._records import iter_claims

__all__ = ["ClaimFilter", "SORTS", "claim_stats", "find_claims", "get_article", "list_articles"]

#: sort key name -> ORDER BY clause on the claims_current view
SORTS = {
    "published": "published DESC, article_id, start",
    "date": "date DESC, published DESC",
    "kind": "kind, subject, date DESC",
    "subject": "subject, date DESC",
    "verdict": "CASE verdict WHEN 'contradicted' THEN 0 WHEN 'unverifiable' THEN 1 WHEN 'supported' THEN 2 ELSE 3 END, published DESC",
}


@dataclass(frozen=True)
class ClaimFilter:
    """What ``marketclaims claims`` can filter on; every field optional."""

    kind: str | None = None
    subject: str | None = None
    verdict: str | None = None  # supported | contradicted | unverifiable | none
    since: dt.date | None = None  # article published on or after
    until: dt.date | None = None
    article: str | None = None  # article id or prefix
    source: str | None = None
    hedged: bool | None = None
    search: str | None = None  # full-text over claim sentences

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        for column, value in (("kind", self.kind), ("subject", self.subject), ("source", self.source)):
            if value:
                clauses.append(f"{column} = ?")
                params.append(value)
        if self.verdict == "none":
            clauses.append("verdict IS NULL")
        elif self.verdict:
            clauses.append("verdict = ?")
            params.append(self.verdict)
        if self.since:
            clauses.append("published >= ?")
            params.append(self.since.isoformat())
        if self.until:
            clauses.append("published <= ?")
            params.append(self.until.isoformat())
        if self.article:
            clauses.append("article_id LIKE ?")
            params.append(self.article + "%")
        if self.hedged is not None:
            clauses.append("hedged = ?")
            params.append(int(self.hedged))
        if self.search:
            clauses.append("id IN (SELECT claims.id FROM claims JOIN claims_fts ON claims_fts.rowid = claims.rowid"
                           " WHERE claims_fts MATCH ?)")
            params.append(self.search)
        return " AND ".join(clauses), params


def find_claims(db: Database, flt: ClaimFilter, *, sort: str = "published", limit: int | None = None) -> list[dict[str, Any]]:
    where, params = flt.where()
    return list(iter_claims(db, where=where, params=params, order_by=SORTS.get(sort, SORTS["published"]), limit=limit))


def list_articles(db: Database, *, since: dt.date | None = None, source: str | None = None,
                  limit: int | None = None) -> list[dict[str, Any]]:
    sql = """SELECT a.id, a.published, a.source, a.title, a.url,
                    COUNT(c.id) AS claims,
                    SUM(c.verdict = 'supported') AS supported,
                    SUM(c.verdict = 'contradicted') AS contradicted,
                    SUM(c.verdict = 'unverifiable') AS unverifiable
             FROM articles a LEFT JOIN claims_current c ON c.article_id = a.id"""
    clauses, params = [], []
    if since:
        clauses.append("a.published >= ?")
        params.append(since.isoformat())
    if source:
        clauses.append("a.source = ?")
        params.append(source)
    if clauses:
        sql += " WHERE " + " AND ".join(clauses)
    sql += " GROUP BY a.id ORDER BY a.published DESC, a.id"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return list(db.query(sql, params))


def get_article(db: Database, article_id: str) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """An article (by id or unique prefix) and its claims in text order."""
    rows = list(db.query("SELECT * FROM articles WHERE id = ? OR id LIKE ? LIMIT 2", [article_id, article_id + "%"]))
    if not rows:
        raise NotFound(f"no article with id {article_id!r}", key=article_id)
    if len(rows) > 1 and rows[0]["id"] != article_id:
        raise NotFound(f"article id prefix {article_id!r} is ambiguous", key=article_id)
    article = rows[0]
    claims = list(iter_claims(db, where="article_id = ?", params=[article["id"]], order_by="start"))
    return article, claims


def claim_stats(db: Database, *, since: dt.date | None = None, until: dt.date | None = None) -> dict[str, list[dict[str, Any]]]:
    """Counts of current verdicts by verdict, kind, subject and source over a period."""
    flt = ClaimFilter(since=since, until=until)
    where, params = flt.where()
    where_sql = f"WHERE {where}" if where else ""
    out = {}
    for name, column in (("verdict", "COALESCE(verdict, 'not verified')"), ("kind", "kind"),
                         ("subject", "COALESCE(subject, '?')"), ("source", "COALESCE(source, '?')")):
        out[name] = list(db.query(
            f"""SELECT {column} AS {name}, COUNT(*) AS claims,
                       SUM(verdict = 'supported') AS supported, SUM(verdict = 'contradicted') AS contradicted,
                       SUM(verdict = 'unverifiable') AS unverifiable
                FROM claims_current {where_sql} GROUP BY 1 ORDER BY claims DESC""", params))
    return out
