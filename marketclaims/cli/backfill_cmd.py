"""``marketclaims backfill``, ``import`` and ``export``: archives on Dask, and moving results."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from .. import pipeline, store
from ._common import console, handles_errors, settings
from ._extras import require_extra

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    app.command("backfill")(backfill_command)
    app.command("import")(import_command)
    app.command("export")(export_command)


@handles_errors
def backfill_command(
    ctx: typer.Context,
    source: Annotated[str, typer.Argument(help="A folder or glob of .jsonl / .parquet article files (id, url, title, published, text, source).")],
    out: Annotated[Path, typer.Option("--out", help="Results folder (Parquet partitions; reruns skip finished ones).")],
    scheduler: Annotated[str | None, typer.Option(help="Dask scheduler address (tcp://host:8786); default: a local cluster.")] = None,
    workers: Annotated[int, typer.Option(help="Worker processes of the local cluster.")] = 2,
    partition_size: Annotated[int, typer.Option(help="Articles per partition (one task each).")] = 500,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """Extract and verify an archive of articles on Dask; write Parquet results.

    Example: marketclaims backfill 'archive/*.jsonl' --out results/ --workers 2
    """
    require_extra("scale", "backfill")
    from ..backfill import run_backfill

    db = store.open_db(settings(ctx).db_path)
    pipeline.ensure_bundled_prices(db)
    market = pipeline.load_market(db)
    db.close()
    with Progress(TextColumn("partitions"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=console, disable=quiet or not console.is_terminal) as bar:
        task = bar.add_task("backfill", total=None)

        def progress(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)

        report = run_backfill(source, out, market, scheduler=scheduler, workers=workers,
                              partition_size=partition_size, progress=progress)
    rate = report.articles / report.seconds if report.seconds else 0.0
    console.print(f"{report.partitions} partitions ({report.skipped} already done): {report.articles} articles, "
                  f"{report.claims} claims in {report.seconds:.1f}s ({rate:.1f} articles/s) -> {out}")


@handles_errors
def import_command(
    ctx: typer.Context,
    results: Annotated[Path, typer.Argument(help="A backfill results folder.")],
) -> None:
    """Load backfill results (articles, claims, verdicts) into the database.

    Example: marketclaims import results/
    """
    require_extra("scale", "import", ("pyarrow",))
    from ..backfill import import_results

    db = store.open_db(settings(ctx).db_path)
    counts = import_results(db, results)
    console.print(", ".join(f"{n} {k}" for k, n in counts.items()) + f" imported into {settings(ctx).db_path}")


@handles_errors
def export_command(
    ctx: typer.Context,
    out: Annotated[Path, typer.Argument(help="Folder for JSON-lines article files (the backfill input format).")],
) -> None:
    """Write stored articles out as backfill input, to move work to a cluster.

    Example: marketclaims export archive/
    """
    from ..backfill import export_articles

    db = store.open_db(settings(ctx).db_path)
    n = export_articles(db, out)
    console.print(f"exported {n} articles to {out}")
