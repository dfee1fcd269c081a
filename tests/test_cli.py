"""The CLI through typer's CliRunner: the acceptance path on the seed article, formats,
exit codes, help text, and that every command is documented in the README."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marketclaims.cli import app

from .conftest import SEED

README = Path(__file__).parent.parent / "README.md"


def _commands() -> list[list[str]]:
    import typer.main

    group = typer.main.get_command(app)
    out: list[list[str]] = []
    for name, cmd in group.commands.items():  # type: ignore[attr-defined]
        if hasattr(cmd, "commands"):
            out += [[name, sub] for sub in cmd.commands]
        else:
            out.append([name])
    return out


def _run(runner: CliRunner, db: Path, *args: str) -> object:
    return runner.invoke(app, ["--db", str(db), *args])


def test_seed_article_acceptance(runner: CliRunner, db_path: Path) -> None:
    assert _run(runner, db_path, "ingest", str(SEED)).exit_code == 0
    assert _run(runner, db_path, "verify").exit_code == 0
    result = _run(runner, db_path, "claims", "--format", "json")
    assert result.exit_code == 0, result.output
    claims = json.loads(result.stdout)
    found = {(c["kind"], c["subject"], c["value"], c["date"], c["verdict"]) for c in claims}
    assert ("drawdown", "BTC", 27.0, None, "supported") in found
    assert ("rate_decision", "FED", -25.0, "2025-12-10", "supported") in found
    assert ("record_high", "RUT", None, "2025-12-11", "supported") in found
    ops = [c for c in claims if c["kind"] == "central_bank_operation" and c["value"] == 8.2e9]
    assert ops and ops[0]["unit"] == "USD" and ops[0]["verdict"] == "unverifiable" and ops[0]["reason"] == "no_operation_data"
    assert not [c for c in claims if c["value"] == 92441.66], "the inline price widget is not a claim"


def test_ingest_twice_changes_no_row_count(runner: CliRunner, db_path: Path) -> None:
    def counts() -> dict[str, int]:
        res = _run(runner, db_path, "query", "SELECT (SELECT COUNT(*) FROM articles) a, (SELECT COUNT(*) FROM claims) c,"
                   " (SELECT COUNT(*) FROM verdicts) v, (SELECT COUNT(*) FROM feeds) f, (SELECT COUNT(*) FROM prices) p",
                   "--format", "json")
        return json.loads(res.stdout)[0]

    _run(runner, db_path, "ingest", str(SEED))
    _run(runner, db_path, "verify")
    first = counts()
    _run(runner, db_path, "ingest", str(SEED))
    _run(runner, db_path, "verify")
    assert counts() == first and first["c"] > 5


def test_partial_failure_exits_1_and_keeps_the_rest(runner: CliRunner, db_path: Path, tmp_path: Path) -> None:
    result = _run(runner, db_path, "ingest", str(tmp_path / "missing.txt"), str(SEED))
    assert result.exit_code == 1
    assert "missing.txt" in result.output and "Traceback" not in result.output
    rows = json.loads(_run(runner, db_path, "query", "SELECT COUNT(*) n FROM articles", "--format", "json").stdout)
    assert rows == [{"n": 1}]


def test_usage_error_exits_2(runner: CliRunner, db_path: Path) -> None:
    assert _run(runner, db_path, "claims", "--format", "yaml").exit_code == 2
    assert runner.invoke(app, ["no-such-command"]).exit_code == 2


def test_query_is_read_only(runner: CliRunner, db_path: Path) -> None:
    result = _run(runner, db_path, "query", "DROP TABLE claims")
    assert result.exit_code == 1 and "readonly" in result.output.replace("-", "").lower()


def test_verify_claims_file_echoes_records(runner: CliRunner, db_path: Path, tmp_path: Path) -> None:
    records = [
        {"case_id": "c1", "published": "2025-12-12", "kind": "record_high", "subject": "RUT", "value": None, "unit": None,
         "relation": None, "period": None, "date": "2025-12-11", "hedged": False, "attribution": None, "text": "RUT record"},
        {"id": "c2", "kind": "price_level", "subject": "SPX", "value": 7100, "unit": "points", "relation": "at",
         "period": None, "date": "2025-12-11", "hedged": False, "attribution": None, "text": "S&P at 7,100"},
        {"id": "c3", "kind": "price_level", "subject": "NOPE", "value": 1, "unit": None, "relation": "at",
         "period": None, "date": "2025-12-11", "hedged": False, "attribution": None, "text": "?"},
    ]
    path = tmp_path / "claims.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records))
    result = _run(runner, db_path, "verify", "--claims", str(path), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    for rec, got in zip(records, out):
        assert {k: got[k] for k in rec} == rec
    assert [(o["verdict"], o["reason"]) for o in out] == [
        ("supported", "within_tolerance"), ("contradicted", "outside_tolerance"), ("unverifiable", "no_series")]
    assert out[1]["evidence"]["rows"][0]["series"] == "^GSPC"


def test_bad_claims_file_names_the_line(runner: CliRunner, db_path: Path, tmp_path: Path) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"kind": "price_level"}\nnot json\n')
    result = _run(runner, db_path, "verify", "--claims", str(path))
    assert result.exit_code == 1 and "bad.jsonl:2" in result.output


def test_explain_prints_the_evidence(runner: CliRunner, db_path: Path) -> None:
    _run(runner, db_path, "ingest", str(SEED))
    _run(runner, db_path, "verify")
    cid = json.loads(_run(runner, db_path, "query", "SELECT id FROM claims WHERE kind='rate_decision' AND value=-25",
                          "--format", "json").stdout)[0]["id"]
    result = _run(runner, db_path, "explain", cid[:8])
    assert result.exit_code == 0
    text = re.sub(r"\s+", " ", result.output)
    assert "FED_TARGET_RANGE" in text and "supported" in text and "4.00% -> 3.75%" in text


@pytest.mark.parametrize("command", _commands(), ids=lambda c: " ".join(c))
def test_every_command_has_help_and_is_in_the_readme(runner: CliRunner, command: list[str]) -> None:
    result = runner.invoke(app, [*command, "--help"])
    assert result.exit_code == 0
    assert len(result.output.strip()) > 40
    assert f"marketclaims {' '.join(command)}" in README.read_text("utf-8")
