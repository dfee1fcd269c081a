"""``marketclaims ingest`` and ``marketclaims reextract``."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

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
    sources: Annotated[list[str] | None, typer.Argument(help="Feed URLs, article URLs or local files; none: every subscribed feed that is due.")] = None,
    allow_private_hosts: Annotated[bool | None, typer.Option("--allow-private-hosts/--no-allow-private-hosts", help="Allow loopback and private-network addresses (cloud metadata stays refused).")] = None,
    pages: Annotated[bool, typer.Option("--pages/--no-pages", help="Fetch each feed entry's article page for its full text.")] = True,
    force: Annotated[bool, typer.Option("--force", help="Poll subscribed feeds even if they are not due yet.")] = False,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar; print only the summary.")] = False,
) -> None:
    """Read sources, extract their claims and store them.

    Exit 0 when every source succeeded, 1 when any failed (the others are still stored).

    Example: marketclaims ingest https://www.coindesk.com/arc/outboundfeeds/rss/ article.txt
    """
    cfg = settings(ctx).config
    db = store.open_db(settings(ctx).db_path)
    allow = cfg.allow_private_hosts if allow_private_hosts is None else allow_private_hosts
    limits = feeds.FetchLimits(read_timeout=cfg.timeout, max_bytes=cfg.max_bytes)
    todo = list(sources) if sources else None
    total = len(todo) if todo is not None else len(store.list_feeds(db) if force else store.due_feeds(db))
    with feeds.make_client(version=__version__, limits=limits, contact=cfg.user_agent_contact) as client, \
            Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                     console=err_console, disable=quiet or not err_console.is_terminal, transient=True) as bar:
        task = bar.add_task("sources", total=total)

        def progress(o: pipeline.SourceOutcome) -> None:
            bar.update(task, advance=1, description=o.source[-60:])
            if quiet:
                return
            if o.ok:
                bar.console.print(f"[green]ok[/green] {o.source}: {o.articles} articles, {o.claims} claims")
            else:
                bar.console.print(f"[red]failed[/red] {o.error}")
            for w in o.warnings:
                bar.console.print(f"[yellow]warning:[/yellow] {w}", markup=True, highlight=False)

        report = pipeline.ingest(db, todo, client=client, allow_private=allow, limits=limits, progress=progress,
                                 nlp=nlp_for(cfg), pages=pages, force=force, poll_minutes=cfg.poll_interval_minutes)
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
