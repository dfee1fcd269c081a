"""Ingest runs against a local server: subscriptions, conditional GET, due times, article
pages, fetch_log; a killed run leaves a consistent database; two runs share one database."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from pytest_httpserver import HTTPServer
from typer.testing import CliRunner

import extractor
from marketclaims.cli import app

from .conftest import CORPUS, GOLD

FEED = CORPUS / "feeds" / "wellformed" / "coindesk-rss2.xml"


def _rss(base: str, n: int) -> bytes:
    """A feed whose items link to pages on the local server; the bodies are real gold articles."""
    docs = sorted((GOLD / "dev" / "docs").glob("*.txt"))
    items = []
    for i in range(n):
        doc = docs[i % len(docs)]
        head, _, body = doc.read_text("utf-8").partition("\n\n")
        meta = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
        date = meta.get("published", "2025-12-12").lstrip("~")
        if date == "unknown":
            date = "2025-12-12"
        items.append(f"<item><title>item {i}</title><link>{base}/page/{i}</link><guid>g-{i}</guid>"
                     f"<pubDate>{date}T12:00:00Z</pubDate><description><![CDATA[{body[:4000]}]]></description></item>")
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>test</title>{"".join(items)}'
            "</channel></rss>").encode()


def _cli(runner: CliRunner, db: Path, *args: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["--db", str(db), *args])


def test_subscription_poll_cycle(runner: CliRunner, db_path: Path, httpserver: HTTPServer) -> None:
    body = FEED.read_bytes()
    httpserver.expect_request("/feed", headers={"If-None-Match": '"v1"'}).respond_with_data("", status=304)
    httpserver.expect_request("/feed").respond_with_data(body, content_type="application/rss+xml",
                                                         headers={"ETag": '"v1"'})
    url = httpserver.url_for("/feed")
    assert _cli(runner, db_path, "feeds", "add", url, "--name", "CoinDesk", "--allow-private-hosts").exit_code == 0
    first = _cli(runner, db_path, "ingest", "--no-pages", "-q")
    assert first.exit_code == 0 and "25 articles" in first.output
    listed = json.loads(_cli(runner, db_path, "feeds", "list", "--format", "json").stdout)[0]
    assert listed["articles"] == 25 and listed["last_status"] == "200" and listed["next_due_at"]
    # not due yet: nothing is fetched
    assert "0 articles" in _cli(runner, db_path, "ingest", "--no-pages", "-q").output
    assert len(httpserver.log) == 1
    # forced: a conditional GET, answered 304, changes nothing
    forced = _cli(runner, db_path, "ingest", "--no-pages", "--force", "-q")
    assert forced.exit_code == 0 and len(httpserver.log) == 2
    assert httpserver.log[1][0].headers["If-None-Match"] == '"v1"'
    log = json.loads(_cli(runner, db_path, "query", "SELECT status FROM fetch_log ORDER BY id", "--format", "json").stdout)
    assert [r["status"] for r in log] == [200, 304]
    assert _cli(runner, db_path, "feeds", "remove", url).exit_code == 0
    assert json.loads(_cli(runner, db_path, "feeds", "list", "--format", "json").stdout) == []


def test_pages_are_fetched_and_failures_keep_the_feed_text(runner: CliRunner, db_path: Path, httpserver: HTTPServer) -> None:
    base = httpserver.url_for("").rstrip("/")
    httpserver.expect_request("/feed").respond_with_data(_rss(base, 4), content_type="application/rss+xml")
    page = (CORPUS / "pages" / "reuters-parasite.html").read_bytes()
    for i in range(3):
        httpserver.expect_request(f"/page/{i}").respond_with_data(page, content_type="text/html")
    httpserver.expect_request("/page/3").respond_with_data("gone", status=404)
    result = _cli(runner, db_path, "ingest", httpserver.url_for("/feed"), "--allow-private-hosts")
    assert result.exit_code == 0, result.output
    assert "page not used" in result.output
    texts = json.loads(_cli(runner, db_path, "query", "SELECT guid, text FROM articles ORDER BY guid", "--format", "json").stdout)
    assert sum("Parasite" in t["text"] for t in texts) == 3
    statuses = json.loads(_cli(runner, db_path, "query", "SELECT status FROM fetch_log", "--format", "json").stdout)
    assert sorted(r["status"] or 0 for r in statuses) == [200, 200, 200, 200, 404]


def _serve(tmp: Path, n: int, delay: float) -> tuple[subprocess.Popen, str]:  # type: ignore[type-arg]
    """A tiny threaded server in its own process serving a big feed, answering slowly."""
    script = tmp / "server.py"
    script.write_text(f"""
import http.server, socketserver, sys, time
BODY = open({str(tmp / 'feed.xml')!r}, 'rb').read()
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        time.sleep({delay})
        self.send_response(200); self.send_header('Content-Type', 'application/rss+xml')
        self.send_header('Content-Length', str(len(BODY))); self.end_headers(); self.wfile.write(BODY)
    def log_message(self, *a): pass
class S(socketserver.ThreadingMixIn, http.server.HTTPServer): daemon_threads = True
s = S(('127.0.0.1', 0), H); print(s.server_address[1], flush=True)
deadline = time.time() + 120
while time.time() < deadline: s.handle_request()
""")
    (tmp / "feed.xml").write_bytes(_rss("http://127.0.0.1:1", n))
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, text=True)
    port = proc.stdout.readline().strip()  # type: ignore[union-attr]
    return proc, f"http://127.0.0.1:{port}/feed"


def _consistent(db: Path) -> None:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        rows = conn.execute("SELECT id, text, published FROM articles").fetchall()
        stored = dict(conn.execute("SELECT article_id, COUNT(*) FROM claims GROUP BY article_id").fetchall())
    finally:
        conn.close()
    # every stored article carries all of its claims: the write was all or nothing
    for (aid, text, published), claims in zip(rows, extractor.extract_many((r[1], r[2]) for r in rows)):
        assert stored.get(aid, 0) == len({(c.kind, c.subject, c.value, c.start, c.end) for c in claims}), aid


def test_killed_run_leaves_a_consistent_database(tmp_path: Path) -> None:
    proc, url = _serve(tmp_path, 120, 0.0)
    db = tmp_path / "kill.db"
    try:
        env = dict(os.environ, MARKETCLAIMS_DB=str(db))
        cmd = [sys.executable, "-m", "marketclaims", "ingest", url, url + "?b", url + "?c", url + "?d",
               "--allow-private-hosts", "--no-pages", "-q"]
        run = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.time() + 60
        while time.time() < deadline:  # kill once some articles are in
            time.sleep(0.2)
            if db.exists():
                try:
                    with sqlite3.connect(db, timeout=1) as conn:
                        if conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] >= 10:
                            break
                except sqlite3.OperationalError:
                    continue
        run.send_signal(signal.SIGKILL)
        assert run.wait(timeout=10) == -signal.SIGKILL, "the run was still going when it was killed"
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] < 120
        _consistent(db)
        again = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=300)
        assert again.returncode == 0, again.stderr
        _consistent(db)
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 120
    finally:
        proc.kill()


def test_two_runs_on_one_database(tmp_path: Path) -> None:
    proc, url = _serve(tmp_path, 60, 0.0)
    db = tmp_path / "two.db"
    try:
        env = dict(os.environ, MARKETCLAIMS_DB=str(db))
        runs = [subprocess.Popen([sys.executable, "-m", "marketclaims", "ingest", f"{url}?{k}", "--allow-private-hosts",
                                  "--no-pages", "-q"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                for k in ("a", "b")]
        outs = [r.communicate(timeout=300) for r in runs]
        for r, (out, err) in zip(runs, outs):
            assert r.returncode == 0, err
            assert "locked" not in err
        _consistent(db)
    finally:
        proc.kill()
