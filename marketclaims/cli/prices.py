"""``marketclaims prices``: import price files and list the series in the store."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .. import pipeline, store
from ..prices import SeriesSpec, get_provider
from ._common import Format, console, handles_errors, render, settings

__all__ = ["app"]

app = typer.Typer(help="Price series: import files, load the bundled data, list what the store holds.", no_args_is_help=True)


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
