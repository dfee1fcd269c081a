"""``marketclaims config``: the effective settings and where each came from."""

from __future__ import annotations

from typing import Annotated

import typer

from ..config import ENV, default_config_path
from ._common import Format, console, handles_errors, render, settings

__all__ = ["app"]

app = typer.Typer(help="Configuration: file, environment variables, effective values.", no_args_is_help=True)


@app.command("show")
@handles_errors
def show_command(
    ctx: typer.Context,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.auto,
) -> None:
    """Print every setting's effective value and its source (default, file, env or option).

    Example: MARKETCLAIMS_TIMEOUT=10 marketclaims config show
    """
    cfg = settings(ctx).config
    rows = cfg.rows()
    for row in rows:
        row["env"] = ENV.get(row["setting"])
        if isinstance(row["value"], tuple):
            row["value"] = list(row["value"])
    render(rows, fmt, columns=("setting", "value", "source", "env"), title="configuration")
    if fmt in (Format.auto, Format.table):
        console.print(f"config file: {default_config_path()}")
