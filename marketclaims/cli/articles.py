"""``marketclaims articles`` (list) and ``marketclaims articles show ID`` (text with claims marked)."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

import typer
from rich.text import Text

from .. import store
from ._common import VERDICT_STYLE, Format, console, handles_errors, render, settings

__all__ = ["app"]

app = typer.Typer(help="Stored articles: list them, or show one with its claims marked inline.", invoke_without_command=True)
MARK = {"supported": "✓", "contradicted": "✗", "unverifiable": "?", None: "·"}


@app.callback()
@handles_errors
def list_command(
    ctx: typer.Context,
    since: Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Published on or after this date.")] = None,
    source: Annotated[str | None, typer.Option(help="Only this source.")] = None,
    limit: Annotated[int | None, typer.Option(help="At most this many rows.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.auto,
) -> None:
    """List stored articles with their claim counts by verdict.

    Example: marketclaims articles --since 2025-12-01
    """
    if ctx.invoked_subcommand is not None:
        return
    db = store.open_db(settings(ctx).db_path)
    rows = store.list_articles(db, since=since.date() if since else None, source=source, limit=limit)
    render(rows, fmt, columns=("id", "published", "source", "claims", "supported", "contradicted", "unverifiable", "title"),
           title="articles")


@app.command("show")
@handles_errors
def show_command(
    ctx: typer.Context,
    article_id: Annotated[str, typer.Argument(help="Article id (or a unique prefix of it).")],
) -> None:
    """Print an article's text with each claim highlighted and its verdict marked inline.

    Example: marketclaims articles show 5c1e0f
    """
    db = store.open_db(settings(ctx).db_path)
    article, claims = store.get_article(db, article_id)
    console.print(f"[bold]{article['title'] or article['url'] or article['id']}[/bold]")
    console.print(f"[dim]{article['source'] or ''} {article['published'] or ''} {article['url'] or ''}[/dim]\n")
    body = article["text"]
    text = Text()
    pos = 0
    for c in sorted(claims, key=lambda c: (c["start"], c["end"])):
        if c["start"] < pos or c["end"] <= c["start"]:
            continue
        text.append(body[pos : c["start"]])
        style = VERDICT_STYLE.get(c.get("verdict") or "", "bold")
        text.append(body[c["start"] : c["end"]], style=f"{style} underline")
        text.append(f" [{MARK.get(c.get('verdict'), '·')} {c['kind']} {c['subject']}]", style=f"{style} dim")
        pos = c["end"]
    text.append(body[pos:])
    console.print(text)
    console.print(f"\n{len(claims)} claims: ✓ supported, ✗ contradicted, ? unverifiable, · not verified")
