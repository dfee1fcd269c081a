"""Optional extras: a command whose extra is missing says which one to install, exit 2, no traceback.

The packages are hidden by putting ``None`` in ``sys.modules`` (Python then raises ImportError
on import), which is what a core-only install looks like to the code. The wheel smoke step in
``.ci/run`` checks the same on a real install without extras.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marketclaims.cli import app

from .conftest import SEED


@pytest.mark.parametrize(("hidden", "args", "line"), [
    ("datasette", ["serve"], "marketclaims serve needs: pip install 'marketclaims[serve]'"),
    ("uvicorn", ["serve"], "marketclaims serve needs: pip install 'marketclaims[serve]'"),
    ("distributed", ["backfill", "x/*.jsonl", "--out", "out"], "marketclaims backfill needs: pip install 'marketclaims[scale]'"),
    ("pyarrow", ["import", "results"], "marketclaims import needs: pip install 'marketclaims[scale]'"),
])
def test_missing_extra_is_one_line_and_exit_2(monkeypatch: pytest.MonkeyPatch, runner: CliRunner, db_path: Path,
                                              hidden: str, args: list[str], line: str) -> None:
    monkeypatch.setitem(sys.modules, hidden, None)
    result = runner.invoke(app, ["--db", str(db_path), *args])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = [x for x in result.output.splitlines() if x.strip()]
    assert len(lines) == 1 and lines[0].startswith(line), result.output
    assert f"no module {hidden!r}" in lines[0]


def test_report_needs_no_extra(monkeypatch: pytest.MonkeyPatch, runner: CliRunner, db_path: Path, tmp_path: Path) -> None:
    # the report is core: with every optional package hidden it still writes the page
    for hidden in ("datasette", "uvicorn", "dask", "distributed", "pyarrow"):
        monkeypatch.setitem(sys.modules, hidden, None)
    assert runner.invoke(app, ["--db", str(db_path), "ingest", str(SEED)]).exit_code == 0
    assert runner.invoke(app, ["--db", str(db_path), "verify"]).exit_code == 0
    out = tmp_path / "r.html"
    result = runner.invoke(app, ["--db", str(db_path), "report", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "<svg" in out.read_text("utf-8")
