"""End-to-end ingest speed with page fetching on. Prints numbers; it is not a test.

Usage: python benchmarks/ingest.py [--items 1000] [--per-host 2] [--total 8] [--batch 32]

A local server (a separate process, so it does not compete for this one's GIL) serves one
RSS feed of ``--items`` entries and one article page per entry: the real saved pages of
tests/corpus/pages repeated under distinct URLs. This process then does what a run with
pages on does:

    fetch feed -> feeds.parse_feed -> fetch each page (feeds.iter_polite: at most
    --per-host in flight for the one host, --total overall; each worker runs
    feeds.fetch_article_page = fetch + feeds.extract_article) -> feeds.with_page ->
    extractor.extract_many (batches of --batch) -> marketclaims.store.save_article
    into a temporary database

and prints articles/s, total seconds (target: 1,000 articles in <= 90 s on 2 cores) and
the peak RSS of this process. Pages are consumed as they complete, so fetching and
trafilatura run in the worker threads while spaCy and SQLite run here.
"""

from __future__ import annotations

import argparse
import http.server
import multiprocessing as mp
import resource
import sys
import tempfile
import time
from email.utils import format_datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PAGES = sorted((ROOT / "tests" / "corpus" / "pages").glob("*.html"))


def _feed(origin: str, items: int) -> bytes:
    import datetime as dt

    day = dt.datetime(2025, 12, 12, 10, 0, tzinfo=dt.timezone.utc)
    entries = "".join(
        f"<item><title>Benchmark story {i}</title><link>{origin}/article/{i}?utm_source=rss</link>"
        f"<guid isPermaLink=\"false\">bench-{i}</guid><pubDate>{format_datetime(day - dt.timedelta(hours=i))}</pubDate>"
        f"<description>Teaser of story {i}.</description></item>"
        for i in range(items)
    )
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Benchmark feed</title>'
            f"<link>{origin}/</link><description>bench</description>{entries}</channel></rss>").encode()


def _serve(items: int, port_queue: mp.Queue) -> None:  # type: ignore[type-arg]
    pages = [p.read_bytes() for p in PAGES]
    cache: dict[str, bytes] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, as real servers

        def do_GET(self) -> None:  # noqa: N802
            path = self.path.split("?")[0]
            if path == "/feed.xml":
                body, ctype = cache["feed"], "application/rss+xml; charset=utf-8"
            elif path.startswith("/article/") and path[9:].isdigit() and int(path[9:]) < items:
                body, ctype = pages[int(path[9:]) % len(pages)], "text/html; charset=utf-8"
            else:
                body, ctype = b"not found", "text/plain"
            self.send_response(200 if ctype != "text/plain" else 404)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: object) -> None:  # noqa: A002
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    cache["feed"] = _feed(f"http://127.0.0.1:{server.server_address[1]}", items)
    port_queue.put(server.server_address[1])
    server.serve_forever()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=1000)
    ap.add_argument("--per-host", type=int, default=2)
    ap.add_argument("--total", type=int, default=8)
    ap.add_argument("--batch", type=int, default=32)
    args = ap.parse_args()

    ctx = mp.get_context("spawn")
    port_queue: mp.Queue = ctx.Queue()  # type: ignore[type-arg]
    server = ctx.Process(target=_serve, args=(args.items, port_queue), daemon=True)
    server.start()
    origin = f"http://127.0.0.1:{port_queue.get(timeout=30)}"

    import extractor
    import feeds
    from marketclaims import store
    from models import Article

    extractor.extract("warm up: bitcoin rose 3% to $90,000.")  # load the pipeline outside the timing
    tmp = tempfile.TemporaryDirectory()
    db = store.open_db(Path(tmp.name) / "bench.db")
    stats = {"claims": 0, "saved": 0, "page_failures": 0}

    def flush(batch: list[Article]) -> None:
        for article, claims in zip(batch, extractor.extract_many(((a.text, a.published) for a in batch))):
            stats["claims"] += store.save_article(db, article, claims, extractor_version=extractor.EXTRACTOR_VERSION)
            stats["saved"] += 1
        batch.clear()

    started = time.perf_counter()
    with feeds.make_client(version="bench") as client:
        result = feeds.fetch(client, f"{origin}/feed.xml", allow_private=True)
        parsed = feeds.parse_feed(result.body, url=result.url, headers=result.headers)
        feed_s = time.perf_counter() - started
        entries = parsed.articles
        urls = [a.url or "" for a in entries]
        batch: list[Article] = []
        work = lambda url: feeds.fetch_article_page(client, url, allow_private=True)  # noqa: E731
        for i, _url, page in feeds.iter_polite(urls, work, per_host=args.per_host, total=args.total):
            if isinstance(page, Exception):
                stats["page_failures"] += 1
                batch.append(entries[i])  # the feed's own text is still stored
            else:
                batch.append(feeds.with_page(entries[i], page))
            if len(batch) >= args.batch:
                flush(batch)
        flush(batch)
    total_s = time.perf_counter() - started
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    rows = db.execute("SELECT COUNT(*), SUM(LENGTH(text)) FROM articles").fetchone()
    db.close()
    tmp.cleanup()
    server.terminate()

    print(f"feed entries               {len(entries):>10,}   (fetch + parse {feed_s:.2f} s)")
    fetched = len(entries) - stats["page_failures"]
    print(f"pages fetched              {fetched:>10,}   failures {stats['page_failures']}")
    print(f"articles stored            {rows[0]:>10,}   text {rows[1] / 1e6:.1f} MB, claims {stats['claims']:,}")
    print(f"total seconds              {total_s:>10.1f}   (target <= 90 s for 1,000 on 2 cores)")
    print(f"articles/s                 {stats['saved'] / total_s:>10.1f}")
    print(f"peak RSS (this process)    {rss_mb:>10,.0f} MB")


if __name__ == "__main__":
    main()
