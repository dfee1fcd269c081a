"""``marketclaims demo``: the whole path on bundled data, offline, in a separate database."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Annotated

import typer

from .. import pipeline, store
from ..report import DEMO_SOURCE
from ._common import Format, console, handles_errors, render

__all__ = ["register", "run_demo"]

DEMO_DB = Path("marketclaims-demo.db")


def register(app: typer.Typer) -> None:
    app.command("demo")(demo_command)


def run_demo(db_path: Path) -> tuple[pipeline.IngestReport, list[dict], list[dict]]:  # type: ignore[type-arg]
    """Build a fresh demo database: bundled prices, the sample feed, verdicts."""
    for suffix in ("", "-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    db = store.open_db(db_path)
    pipeline.ensure_bundled_prices(db)
    data = resources.files("marketclaims").joinpath("data/demo")
    with resources.as_file(data.joinpath("sample-feed.xml")) as feed:
        report = pipeline.ingest(db, [str(feed)])
    pipeline.verify_stored(db)
    claims = list(store.iter_claims(db, order_by="published, article_id, start"))
    records = [json.loads(line) for line in data.joinpath("demo-claims.jsonl").read_text("utf-8").splitlines() if line.strip()]
    checked = pipeline.verify_records(records, pipeline.load_market(db))
    pipeline.store_demonstration_records(db, records, source=DEMO_SOURCE)
    pipeline.verify_stored(db)
    db.close()
    return report, claims, checked


@handles_errors
def demo_command(
    db: Annotated[Path, typer.Option("--db", help="Where to build the demo database (never the default one).")] = DEMO_DB,
) -> None:
    """Ingest a bundled feed of real articles, extract, verify and show the claims (offline).

    Example: marketclaims demo && marketclaims --db marketclaims-demo.db claims --verdict supported
    """
    report, claims, checked = run_demo(db)
    console.print(f"[bold]marketclaims demo[/bold]: {report.articles} articles, {report.claims} claims -> {db}")
    render(claims, Format.table, columns=("kind", "subject", "value", "relation", "date", "verdict", "reason", "text"),
           title="claims in the sample feed")
    render(checked, Format.table, columns=("id", "kind", "subject", "value", "date", "verdict", "reason", "note"),
           title="demonstration records (two deliberately wrong)")
    console.print(f"Next: marketclaims --db {db} claims --verdict contradicted   |   "
                  f"marketclaims --db {db} explain <claim id>   |   marketclaims --db {db} report --out report.html")
