"""What every command shares: settings in ``ctx.obj``, output formats, error translation."""

from __future__ import annotations

import csv
import functools
import io
import json
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from typing import Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from models import MarketClaimsError

from ..config import Config

__all__ = ["Format", "Settings", "catalogue_for", "console", "err_console", "fail", "handles_errors", "nlp_for", "render",
           "settings"]

console = Console(highlight=False)
err_console = Console(stderr=True, highlight=False)
F = TypeVar("F", bound=Callable[..., Any])

VERDICT_STYLE = {"supported": "green", "contradicted": "bold red", "unverifiable": "yellow"}


class Format(str, Enum):
    auto = "auto"
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


@dataclass(frozen=True)
class Settings:
    """Built once in the root callback and handed to every command through ``ctx.obj``."""

    db_path: Path
    verbose: bool = False
    config: Config = Config()


def nlp_for(cfg: Config):  # type: ignore[no-untyped-def]
    """The extraction pipeline with the user's gazetteer files, or None for the default one."""
    if not cfg.gazetteers:
        return None
    import extractor

    return extractor.build_nlp(list(cfg.gazetteers))


def catalogue_for(cfg: Config):  # type: ignore[no-untyped-def]
    """The packaged series catalogue extended by the user's catalogue files."""
    from ..prices import load_catalogue

    return load_catalogue(*cfg.catalogues)


def settings(ctx: typer.Context) -> Settings:
    obj = ctx.find_root().obj
    assert isinstance(obj, Settings)
    return obj


def fail(message: str, code: int = 1) -> None:
    err_console.print(f"[red]error:[/red] {message}", markup=True, soft_wrap=True)
    raise typer.Exit(code)


def handles_errors(fn: F) -> F:
    """Turn a ``MarketClaimsError`` into one line on stderr and exit code 1 (no traceback)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except MarketClaimsError as exc:
            fail(str(exc))

    return wrapper  # type: ignore[return-value]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"
    if isinstance(value, (dict, list)):
        return json.dumps(value, default=str)
    return str(value)


def render(rows: Iterable[dict[str, Any]], fmt: Format, *, columns: Sequence[str] | None = None,
           title: str | None = None) -> None:
    """Write rows as a rich table (terminal default), JSON, JSON lines (piped default) or CSV."""
    rows = list(rows)
    if fmt == Format.auto:
        fmt = Format.table if sys.stdout.isatty() else Format.jsonl
    cols = list(columns) if columns else (list(rows[0].keys()) if rows else [])
    if fmt == Format.json:
        sys.stdout.write(json.dumps([{c: r.get(c) for c in cols} for r in rows], default=str, indent=1) + "\n")
    elif fmt == Format.jsonl:
        for r in rows:
            sys.stdout.write(json.dumps({c: r.get(c) for c in cols}, default=str) + "\n")
    elif fmt == Format.csv:
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=cols, extrasaction="ignore", lineterminator="\n")
        writer.writeheader()
        for r in rows:
            writer.writerow({c: _cell(r.get(c)) for c in cols})
        sys.stdout.write(buf.getvalue())
    else:
        table = Table(title=title, show_lines=False, expand=False)
        for c in cols:
            table.add_column(c, overflow="ellipsis", no_wrap=True, max_width=80 if c in ("text", "note", "definition") else None)
        for r in rows:
            cells = []
            for c in cols:
                text = _cell(r.get(c))
                if c == "id" and len(text) > 10:
                    text = text[:10]
                if c in ("text", "note") and len(text) > 140:
                    text = text[:137] + "..."
                style = VERDICT_STYLE.get(text) if c == "verdict" else None
                cells.append(f"[{style}]{text}[/{style}]" if style else text.replace("[", r"\["))
            table.add_row(*cells)
        (console if console.is_terminal else Console(highlight=False, width=200)).print(table)
