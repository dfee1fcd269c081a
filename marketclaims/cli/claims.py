"""``marketclaims claims``, ``explain`` and ``query``: reading the store."""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import Annotated, Any

import typer

from .. import store
from ..verify import explain
from ._common import Format, console, fail, handles_errors, render, settings

__all__ = ["register"]

CLAIM_COLUMNS = ("id", "kind", "subject", "value", "unit", "relation", "period", "date", "hedged", "attribution",
                 "verdict", "reason", "text")


def register(app: typer.Typer) -> None:
    app.command("claims")(claims_command)
    app.command("stats")(stats_command)
    app.command("explain")(explain_command)
    app.command("query")(query_command)


class Sort(str, Enum):
    published = "published"
    date = "date"
    kind = "kind"
    subject = "subject"
    verdict = "verdict"


@handles_errors
def claims_command(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option(help="Only this claim kind (e.g. record_high).")] = None,
    subject: Annotated[str | None, typer.Option(help="Only this subject (e.g. BTC, SPX, FED).")] = None,
    verdict: Annotated[str | None, typer.Option(help="supported, contradicted, unverifiable, or none (not verified).")] = None,
    since: Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Articles published on or after this date.")] = None,
    until: Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Articles published on or before this date.")] = None,
    article: Annotated[str | None, typer.Option(help="Only claims of this article (id or prefix).")] = None,
    source: Annotated[str | None, typer.Option(help="Only articles from this source.")] = None,
    hedged: Annotated[bool | None, typer.Option("--hedged/--no-hedged", help="Only forecasts / only statements of fact.")] = None,
    search: Annotated[str | None, typer.Option(help="Full-text search in claim sentences (SQLite FTS syntax).")] = None,
    sort: Annotated[Sort, typer.Option(help="Sort order.")] = Sort.published,
    limit: Annotated[int | None, typer.Option(help="At most this many rows.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format (auto: table on a terminal, JSON lines when piped).")] = Format.auto,
) -> None:
    """Stored claims with their current verdicts.

    Example: marketclaims claims --subject BTC --verdict contradicted --since 2025-01-01 --format json
    """
    db = store.open_db(settings(ctx).db_path)
    flt = store.ClaimFilter(kind=kind, subject=subject, verdict=verdict, since=since.date() if since else None,
                            until=until.date() if until else None, article=article, source=source, hedged=hedged,
                            search=search)
    rows = store.find_claims(db, flt, sort=sort.value, limit=limit)
    for r in rows:
        r["hedged"] = bool(r["hedged"])
    render(rows, fmt, columns=CLAIM_COLUMNS, title="claims")


@handles_errors
def stats_command(
    ctx: typer.Context,
    since: Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Articles published on or after this date.")] = None,
    until: Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Articles published on or before this date.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.auto,
) -> None:
    """Counts of claims by verdict, kind, subject and source over a period.

    Example: marketclaims stats --since 2025-12-01
    """
    db = store.open_db(settings(ctx).db_path)
    stats = store.claim_stats(db, since=since.date() if since else None, until=until.date() if until else None)
    if fmt in (Format.json, Format.jsonl):
        render([{"by": k, **row} for k, rows in stats.items() for row in rows], fmt)
        return
    for name, rows in stats.items():
        render(rows, fmt if fmt != Format.auto else Format.table, title=f"by {name}")


@handles_errors
def explain_command(
    ctx: typer.Context,
    claim_id: Annotated[str, typer.Argument(help="Claim id (or a unique prefix of it).")],
) -> None:
    """The evidence behind a claim's verdict, in plain words, and the rows used.

    Example: marketclaims explain 3f2a9c
    """
    db = store.open_db(settings(ctx).db_path)
    row = store.get_claim(db, claim_id)
    console.print(f"[bold]{row['id']}[/bold]  {row['kind']} {row['subject']} {row['value'] if row['value'] is not None else ''}")
    console.print(f"[dim]{row['text']}[/dim]")
    console.print(explain(row, row.get("verdict"), row.get("reason"), row.get("evidence")))
    evidence: dict[str, Any] = row.get("evidence") or {}
    if evidence.get("rows"):
        render(evidence["rows"], Format.table, columns=("series", "date", "field", "value"), title="rows used")
    if evidence.get("tried"):
        render(evidence["tried"], Format.table, columns=("definition", "series", "status", "observed"), title="definitions tried")


@handles_errors
def query_command(
    ctx: typer.Context,
    sql: Annotated[str, typer.Argument(help="A read-only SQL query.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.auto,
) -> None:
    """Run read-only SQL against the database (tables: articles, claims, verdicts, series, prices; view claims_current).

    Example: marketclaims query "SELECT subject, COUNT(*) n FROM claims GROUP BY subject"
    """
    path = settings(ctx).db_path
    if not path.exists():
        fail(f"database {path} does not exist")
    store.open_db(path).close()
    columns, rows = store.read_only_query(path, sql)
    render([dict(zip(columns, r)) for r in rows], fmt, columns=columns)
