"""``marketclaims verify``: label stored claims, or a JSONL file of claim records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from models import VerificationError

from .. import pipeline, store
from ._common import Format, catalogue_for, console, handles_errors, render, settings

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    app.command("verify")(verify_command)


def _read_records(path: Path) -> list[dict]:  # type: ignore[type-arg]
    records = []
    try:
        lines = path.read_text("utf-8").splitlines()
    except OSError as exc:
        raise VerificationError(f"cannot read {path}: {exc.strerror}") from exc
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as exc:
            raise VerificationError(f"{path}:{number}: not JSON ({exc.msg})") from exc
        if not isinstance(rec, dict) or "kind" not in rec:
            raise VerificationError(f"{path}:{number}: expected a claim record with a 'kind'")
        records.append(rec)
    return records


@handles_errors
def verify_command(
    ctx: typer.Context,
    everything: Annotated[bool, typer.Option("--all", help="Re-verify every stored claim (e.g. after new prices).")] = False,
    due: Annotated[bool, typer.Option("--due", help="Re-check forecasts whose date has passed.")] = False,
    claims_file: Annotated[Path | None, typer.Option("--claims", help="Verify claim records from a JSONL file instead of the store.")] = None,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.auto,
) -> None:
    """Verify claims against the price data in the store (bundled data loads on first use).

    Example: marketclaims verify --claims claims.jsonl --format jsonl
    """
    db = store.open_db(settings(ctx).db_path)
    if claims_file is not None:
        records = _read_records(claims_file)
        catalogue = catalogue_for(settings(ctx).config)
        pipeline.ensure_bundled_prices(db, catalogue)
        market = pipeline.load_market(db, catalogue)
        out = pipeline.verify_records(records, market)
        columns = list(dict.fromkeys(k for r in out for k in r))
        render(out, fmt, columns=columns)
        return
    verdicts = pipeline.verify_stored(db, everything=everything, due=due, catalogue=catalogue_for(settings(ctx).config))
    counts: dict[str, int] = {}
    for v in verdicts:
        counts[v.verdict] = counts.get(v.verdict, 0) + 1
    summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "nothing to verify"
    if fmt in (Format.json, Format.jsonl, Format.csv):
        render([v.to_dict() for v in verdicts], fmt)
    else:
        console.print(f"verified {len(verdicts)} claims: {summary}")
