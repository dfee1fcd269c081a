"""Using the results: the demo database, the HTML report (parsed and screenshotted in
headless Chromium), Datasette with its canned queries, articles, stats and config."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from marketclaims import store
from marketclaims.cli import app
from marketclaims.cli.demo import run_demo
from marketclaims.config import load_config
from models import ConfigError

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    run_demo(path)
    return path


class _Cards(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.badges: list[str] = []
        self.svgs = 0
        self.external: list[str] = []
        self._in_badge = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "span" and a.get("class") == "badge":
            self._in_badge = True
        if tag == "svg":
            self.svgs += 1
        if tag in ("script", "link", "img") and (a.get("src") or a.get("href") or "").startswith("http"):
            self.external.append(tag)

    def handle_data(self, data: str) -> None:
        if self._in_badge:
            self.badges.append(data.strip())
            self._in_badge = False


def test_demo_shows_the_seed_claims_and_a_contradiction(demo_db: Path) -> None:
    db = store.open_db(demo_db)
    seed = store.find_claims(db, store.ClaimFilter(search="Russell"))
    assert any(c["kind"] == "record_high" and c["subject"] == "RUT" and c["verdict"] == "supported" for c in seed)
    contradicted = store.find_claims(db, store.ClaimFilter(verdict="contradicted"))
    assert contradicted and all(c["source"] == "marketclaims demonstration records" for c in contradicted)


def test_report_html(demo_db: Path, runner: CliRunner, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = runner.invoke(app, ["--db", str(demo_db), "report", "--out", str(out)])
    assert result.exit_code == 0, result.output
    parser = _Cards()
    parser.feed(out.read_text("utf-8"))
    assert parser.badges[0] == "contradicted", "contradicted claims come first"
    assert parser.badges.index("supported") > max(i for i, b in enumerate(parser.badges) if b == "contradicted")
    assert parser.svgs >= 20, "a chart per checked claim with rows"
    assert parser.external == [], "the report must open offline"
    assert "demonstration record, not from an article" in out.read_text("utf-8")


def test_report_screenshot_in_headless_chromium(demo_db: Path, tmp_path: Path) -> None:
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("chromium must be installed in CI (.ci/run installs it)")
        pytest.skip("chromium is not installed on this machine")
    from marketclaims.report import build_report

    html = tmp_path / "r.html"
    html.write_text(build_report(store.open_db(demo_db)), "utf-8")
    png = tmp_path / "r.png"
    subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1100,1400", f"--screenshot={png}", html.as_uri()],
        check=True, timeout=90, capture_output=True,
    )
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000, "a real rendering, not a blank page"


def test_datasette_metadata_and_canned_queries(demo_db: Path) -> None:
    pytest.importorskip("datasette")
    from marketclaims.serve import CANNED_QUERIES, make_datasette

    ds = make_datasette(demo_db)

    async def fetch(path: str) -> dict:  # type: ignore[type-arg]
        response = await ds.client.get(path)
        assert response.status_code == 200, path
        return response.json()

    async def run() -> None:
        for name in CANNED_QUERIES:
            data = await fetch(f"/{demo_db.stem}/{name}.json?_shape=array")
            assert isinstance(data, list)
        contradicted = await fetch(f"/{demo_db.stem}/contradicted_claims.json?_shape=array")
        assert {row["subject"] for row in contradicted} == {"SPX", "RUT"}
        meta = await fetch("/-/metadata.json")
        assert "Yahoo Finance" in meta["license"]

    asyncio.run(run())


def test_articles_list_show_and_stats(demo_db: Path, runner: CliRunner) -> None:
    listed = runner.invoke(app, ["--db", str(demo_db), "articles", "--format", "json"])
    rows = json.loads(listed.stdout)
    seed = next(r for r in rows if "Lockstep" in (r["title"] or ""))
    shown = runner.invoke(app, ["--db", str(demo_db), "articles", "show", seed["id"][:8]])
    assert shown.exit_code == 0 and "[✓ record_high RUT]" in shown.output.replace("\n", " ")
    stats = json.loads(runner.invoke(app, ["--db", str(demo_db), "stats", "--format", "json"]).stdout)
    by_verdict = {r["verdict"]: r["claims"] for r in stats if r["by"] == "verdict"}
    assert by_verdict["contradicted"] == 2 and by_verdict["supported"] > 20


def test_claims_filters(demo_db: Path, runner: CliRunner) -> None:
    def ids(*args: str) -> set[str]:
        out = runner.invoke(app, ["--db", str(demo_db), "claims", "--format", "jsonl", *args]).stdout
        return {json.loads(line)["id"] for line in out.splitlines()}

    everything = ids()
    assert ids("--hedged") and ids("--hedged").isdisjoint(ids("--no-hedged"))
    assert ids("--since", "2025-01-01") < everything
    assert ids("--search", "bitcoin") < everything
    assert ids("--kind", "rate_decision", "--subject", "FED")


def test_config_file_env_and_errors(tmp_path: Path, runner: CliRunner) -> None:
    cfg = tmp_path / "marketclaims.toml"
    cfg.write_text('timeout = 12\ngazetteers = ["~/mine.jsonl"]\n')
    conf = load_config(cfg, environ={"MARKETCLAIMS_TIMEOUT": "7", "MARKETCLAIMS_DB": str(tmp_path / "e.db")})
    assert conf.timeout == 7.0 and conf.sources["timeout"] == "env MARKETCLAIMS_TIMEOUT"
    assert conf.gazetteers[0].endswith("mine.jsonl") and conf.sources["gazetteers"].startswith("file ")
    cfg.write_text("nonsense = 1\n")
    with pytest.raises(ConfigError, match="unknown settings"):
        load_config(cfg, environ={})
    shown = runner.invoke(app, ["--config", str(tmp_path / "missing.toml"), "config", "show"])
    assert shown.exit_code == 2 and "missing.toml" in shown.output
