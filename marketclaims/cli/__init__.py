"""The ``marketclaims`` command line: a thin translation layer over the library.

One Typer app per command group, composed here; every command calls a library function
(``marketclaims.pipeline``, ``marketclaims.store`` ...) and only formats what it returns.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from .. import __version__
from . import claims, demo, evaluate, ingest, prices, verify
from ._common import Settings

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
    db: Annotated[Path, typer.Option("--db", envvar="MARKETCLAIMS_DB", help="SQLite database file.")] = Path("marketclaims.db"),
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log progress details to stderr.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    """Extract the figures in market news and check them against market data."""
    if verbose:
        import logging

        logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    ctx.obj = Settings(db_path=db, verbose=verbose)


for module in (ingest, claims, verify, demo, evaluate):
    module.register(app)
app.add_typer(prices.app, name="prices")


def main() -> None:
    app()
