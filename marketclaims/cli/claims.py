"""``marketclaims claims``, ``explain`` and ``query``: reading the store."""

from __future__ import annotations

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
    app.command("explain")(explain_command)
    app.command("query")(query_command)


@handles_errors
def claims_command(
    ctx: typer.Context,
    kind: Annotated[str | None, typer.Option(help="Only this claim kind (e.g. record_high).")] = None,
    subject: Annotated[str | None, typer.Option(help="Only this subject (e.g. BTC, SPX, FED).")] = None,
    verdict: Annotated[str | None, typer.Option(help="supported, contradicted, unverifiable, or none (not verified).")] = None,
    search: Annotated[str | None, typer.Option(help="Full-text search in claim sentences.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many rows.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format (auto: table on a terminal, JSON lines when piped).")] = Format.auto,
) -> None:
    """Stored claims with their current verdicts.

    Example: marketclaims claims --subject BTC --verdict contradicted --format json
    """
    db = store.open_db(settings(ctx).db_path)
    where, params = [], []  # type: ignore[var-annotated]
    for column, value in (("kind", kind), ("subject", subject)):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    if verdict:
        if verdict == "none":
            where.append("verdict IS NULL")
        else:
            where.append("verdict = ?")
            params.append(verdict)
    if search:
        where.append("rowid IN (SELECT rowid FROM claims_fts WHERE claims_fts MATCH ?)")
        params.append(search)
    rows = list(store.iter_claims(db, where=" AND ".join(where), params=params, limit=limit))
    for r in rows:
        r["hedged"] = bool(r["hedged"])
    render(rows, fmt, columns=CLAIM_COLUMNS, title="claims")


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
