"""The ``marketclaims`` command line: a thin translation layer over the library.

One Typer app per command group, composed here; every command calls a library function
(``marketclaims.pipeline``, ``marketclaims.store`` ...) and only formats what it returns.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from dataclasses import replace

from models import MarketClaimsError

from .. import __version__
from ..config import load_config
from . import articles, backfill_cmd, claims, config_cmd, demo, evaluate, feeds_cmd, ingest, prices, report_cmd, verify
from ._common import Settings, fail

__all__ = ["app", "main"]

app = typer.Typer(
    name="marketclaims",
    help="Extract the figures in market news and check them against market data.",
    no_args_is_help=True,
    add_completion=True,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"marketclaims {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[Path | None, typer.Option("--db", help="SQLite database file (default: config, $MARKETCLAIMS_DB, marketclaims.db).")] = None,
    config: Annotated[Path | None, typer.Option("--config", help="Config file (default: marketclaims.toml in the platform config directory).")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress details to stderr.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    """Extract the figures in market news and check them against market data."""
    if verbose:
        import logging

        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        cfg = load_config(config)
    except MarketClaimsError as exc:
        fail(str(exc), 2)
    if db is not None:
        cfg = replace(cfg, db=str(db), sources={**cfg.sources, "db": "option --db"})
    ctx.obj = Settings(db_path=Path(cfg.db), verbose=verbose, config=cfg)


for module in (ingest, claims, verify, demo, evaluate, report_cmd, backfill_cmd):
    module.register(app)
app.add_typer(prices.app, name="prices")
app.add_typer(config_cmd.app, name="config")
app.add_typer(articles.app, name="articles")
app.add_typer(feeds_cmd.app, name="feeds")


def main() -> None:
    app()
