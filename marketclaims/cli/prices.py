"""``marketclaims prices``: import price files and list the series in the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

import datetime as dt

import httpx

from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from models import PriceDataError

from .. import __version__, pipeline, store
from ..config import Config
from ..prices import SeriesSpec, get_provider
from ..prices import make_client as _make_client
from ._common import Format, catalogue_for, console, err_console, handles_errors, render, settings

__all__ = ["app"]

app = typer.Typer(help="Price series: import files, load the bundled data, list what the store holds.", no_args_is_help=True)


def _client(cfg: Config) -> httpx.Client:
    return _make_client(user_agent=f"marketclaims/{__version__} (+{cfg.user_agent_contact})", timeout=cfg.timeout)


@app.command("import")
@handles_errors
def import_command(
    ctx: typer.Context,
    files: Annotated[list[Path], typer.Argument(help="CSV files: date,open,high,low,close,volume or date,value.")],
    series: Annotated[str | None, typer.Option(help="Series id (default: the file name without extension).")] = None,
    subject: Annotated[str | None, typer.Option(help="Canonical subject the series prices (e.g. BTC).")] = None,
    unit: Annotated[str | None, typer.Option(help="Unit of the values (USD, points, percent).")] = None,
) -> None:
    """Import CSV price files into the store (each file one series, written atomically).

    Example: marketclaims prices import BTC-USD.csv --subject BTC
    """
    db = store.open_db(settings(ctx).db_path)
    for path in files:
        sid = series or path.name.split(".")[0]
        spec = SeriesSpec(id=sid, subject=subject or sid, vendor=f"file {path.name}", provider="csv",
                          unit=unit, file=str(path), definition="imported file")
        bars = get_provider("csv").fetch(spec)
        n = store.save_series(db, spec.row(), bars)
        console.print(f"{sid}: {n} rows ({bars[0].date} .. {bars[-1].date})")


@app.command("fetch")
@handles_errors
def fetch_command(
    ctx: typer.Context,
    subjects: Annotated[list[str], typer.Argument(help="Canonical subjects (BTC, SPX, FED:operations) or tickers (NVDA).")],
    provider: Annotated[str, typer.Option(help="yahoo, stooq, fred, nyfed or coingecko.")] = "yahoo",
    since: Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="First date to fetch.")] = None,
) -> None:
    """Fetch price series from a vendor into the store (each series written atomically).

    Example: marketclaims prices fetch BTC SPX --provider yahoo --since 2025-01-01
    """
    cfg = settings(ctx).config
    db = store.open_db(settings(ctx).db_path)
    pipeline.ensure_bundled_prices(db)
    failed = 0
    with _client(cfg) as client:
        for subject in subjects:
            try:
                sid, n = pipeline.fetch_prices(db, subject, provider=provider, since=since.date() if since else None,
                                               client=client, api_keys=cfg.api_keys(), catalogue=catalogue_for(cfg))
                console.print(f"{subject}: {n} rows into {sid}")
            except PriceDataError as exc:
                failed += 1
                err_console.print(f"[red]failed[/red] {subject}: {exc}")
    if failed:
        raise typer.Exit(1)


@app.command("update")
@handles_errors
def update_command(
    ctx: typer.Context,
    subject: Annotated[list[str] | None, typer.Option("--subject", help="Only these subjects (repeatable).")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.auto,
) -> None:
    """Fetch the missing range of every catalogued series a vendor serves; then `verify --all`.

    Example: marketclaims prices update && marketclaims verify --all
    """
    cfg = settings(ctx).config
    db = store.open_db(settings(ctx).db_path)
    pipeline.ensure_bundled_prices(db)
    with _client(cfg) as client, \
            Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), console=err_console,
                     disable=not err_console.is_terminal) as bar:
        task = bar.add_task("series", total=None)
        results = pipeline.update_prices(db, subjects=subject, client=client, api_keys=cfg.api_keys(), catalogue=catalogue_for(cfg),
                                         progress=lambda r: bar.update(task, advance=1, description=r["series"]))
    render(results, fmt, columns=("series", "provider", "since", "status", "rows", "message"), title="prices update")
    if any(r["status"] == "failed" for r in results):
        raise typer.Exit(1)


@app.command("load-bundled")
@handles_errors
def load_bundled_command(ctx: typer.Context) -> None:
    """Load the bundled dataset into the store (done automatically on first verify).

    Example: marketclaims prices load-bundled
    """
    db = store.open_db(settings(ctx).db_path)
    n = pipeline.ensure_bundled_prices(db)
    console.print(f"loaded {n} bundled series")


@app.command("list")
@handles_errors
def list_command(
    ctx: typer.Context,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.auto,
) -> None:
    """Series in the store: subject, vendor, coverage and last update.

    Example: marketclaims prices list --format csv
    """
    db = store.open_db(settings(ctx).db_path)
    render(store.series_rows(db), fmt, columns=("id", "subject", "vendor", "provider", "unit", "calendar",
                                                  "coverage_start", "coverage_end", "rows", "updated_at"), title="series")
