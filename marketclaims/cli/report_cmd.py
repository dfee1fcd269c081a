"""``marketclaims report`` (self-contained HTML) and ``marketclaims serve`` (Datasette)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Annotated

import typer

from .. import store
from ._common import console, handles_errors, settings
from ._extras import require_extra

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    app.command("report")(report_command)
    app.command("serve")(serve_command)


@handles_errors
def report_command(
    ctx: typer.Context,
    since: Annotated[dt.datetime | None, typer.Option(formats=["%Y-%m-%d"], help="Only articles published on or after this date.")] = None,
    out: Annotated[Path, typer.Option("--out", "-o", help="Where to write the HTML file.")] = Path("report.html"),
) -> None:
    """Write one self-contained HTML report: summary, contradicted claims first, a chart per claim.

    Example: marketclaims --db marketclaims-demo.db report --out report.html
    """
    from ..report import build_report

    db = store.open_db(settings(ctx).db_path)
    out.write_text(build_report(db, since=since.date() if since else None), "utf-8")
    console.print(f"wrote {out} ({out.stat().st_size:,} bytes)")


@handles_errors
def serve_command(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8001,
) -> None:
    """Browse the database in Datasette with titles, descriptions and canned queries.

    Example: marketclaims --db marketclaims-demo.db serve --port 8001
    """
    require_extra("serve", "serve")
    import uvicorn

    from ..serve import make_datasette

    path = settings(ctx).db_path
    store.open_db(path).close()
    ds = make_datasette(path)
    console.print(f"serving {path} at http://{host}:{port}/")
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")
