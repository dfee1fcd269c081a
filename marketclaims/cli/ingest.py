"""``marketclaims ingest`` and ``marketclaims reextract``."""

from __future__ import annotations

from typing import Annotated

import typer

import feeds

from .. import __version__, pipeline, store
from ._common import console, err_console, handles_errors, nlp_for, settings

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    app.command("ingest")(ingest_command)
    app.command("reextract")(reextract_command)


@handles_errors
def ingest_command(
    ctx: typer.Context,
    sources: Annotated[list[str], typer.Argument(help="Feed URLs, article URLs or local files (feed XML, HTML page, text article).")],
    allow_private_hosts: Annotated[bool, typer.Option("--allow-private-hosts", help="Allow loopback and private-network addresses.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only the summary.")] = False,
) -> None:
    """Read sources, extract their claims and store them.

    Exit 0 when every source succeeded, 1 when any failed (the others are still stored).

    Example: marketclaims ingest https://www.coindesk.com/arc/outboundfeeds/rss/ article.txt
    """
    db = store.open_db(settings(ctx).db_path)
    with feeds.make_client(version=__version__) as client:
        def progress(o: pipeline.SourceOutcome) -> None:
            if quiet:
                return
            if o.ok:
                console.print(f"[green]ok[/green] {o.source}: {o.articles} articles, {o.claims} claims")
                for w in o.warnings:
                    err_console.print(f"[yellow]warning:[/yellow] {w}")
            else:
                err_console.print(f"[red]failed[/red] {o.error}")

        report = pipeline.ingest(db, sources, client=client, allow_private=allow_private_hosts, progress=progress,
                                 nlp=nlp_for(settings(ctx).config))
    console.print(f"{len(report.outcomes)} sources, {report.articles} articles, {report.claims} claims, "
                  f"{len(report.failed)} failed")
    if report.failed:
        raise typer.Exit(1)


@handles_errors
def reextract_command(
    ctx: typer.Context,
    everything: Annotated[bool, typer.Option("--all", help="Re-extract every article, not only outdated ones.")] = False,
) -> None:
    """Re-run claim extraction on stored articles after an extractor upgrade.

    Example: marketclaims reextract --all
    """
    db = store.open_db(settings(ctx).db_path)
    articles, claims = pipeline.reextract(db, only_outdated=not everything, nlp=nlp_for(settings(ctx).config))
    console.print(f"re-extracted {articles} articles: {claims} claims")
