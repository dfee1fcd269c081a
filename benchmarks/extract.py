"""Extraction speed and memory. Prints numbers; it is not a test.

Usage: python benchmarks/extract.py [--words 1000000]

Over >= 1M words (the gold article bodies repeated), in one process: words/s of the full
extractor (batched through nlp.pipe) and of the bare spacy.blank("en") tokenizer on the
same text, their ratio (target >= 0.2), the speed with 2 processes, and the peak RSS of a
process that has loaded the pipeline (target < 300 MB). The two single-process
measurements alternate for a few rounds and the best round of each counts.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import resource
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _corpus(target_words: int) -> list[tuple[str, dt.date | None]]:
    docs = []
    for path in sorted((ROOT / "tests" / "gold" / "dev" / "docs").glob("*.txt")):
        head, _, body = path.read_text("utf-8").partition("\n\n")
        meta = dict(line.split(": ", 1) for line in head.splitlines() if ": " in line)
        try:
            pub = dt.date.fromisoformat(meta.get("published", "").lstrip("~"))
        except ValueError:
            pub = None
        docs.append((body, pub))
    out, words = [], 0
    while words < target_words:
        for body, pub in docs:
            out.append((body, pub))
            words += len(body.split())
    return out


def _extract_chunk(chunk: list[tuple[str, dt.date | None]]) -> int:
    import extractor

    return sum(len(c) for c in extractor.extract_many(chunk, batch_size=64))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--words", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=3, help="interleaved tokenizer/extract rounds; the best of each counts")
    args = ap.parse_args()

    import spacy

    import extractor

    docs = _corpus(args.words)
    words = sum(len(t.split()) for t, _ in docs)
    blank = spacy.blank("en")
    nlp = extractor.build_nlp()
    extractor.extract("warm up: bitcoin rose 3% to $90,000.", None, nlp=nlp)

    # rounds alternate the two measurements so a noisy neighbour on a shared machine slows
    # both alike; the best round of each is the figure (as timeit does)
    tok_times, ext_times, claims = [], [], 0
    for _ in range(args.rounds):
        t0 = time.perf_counter()
        for _doc in blank.tokenizer.pipe((t for t, _ in docs), batch_size=64):
            pass
        tok_times.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        claims = sum(len(c) for c in extractor.extract_many(docs, nlp=nlp, batch_size=64))
        ext_times.append(time.perf_counter() - t0)
    tok_s, ext_s = min(tok_times), min(ext_times)
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    per_round = ", ".join(f"{t / e:.3f}" for t, e in zip(tok_times, ext_times))

    half = len(docs) // 2
    t0 = time.perf_counter()
    with mp.get_context("spawn").Pool(2) as pool:
        claims2 = sum(pool.map(_extract_chunk, [docs[:half], docs[half:]]))
    two_s = time.perf_counter() - t0

    print(f"documents                  {len(docs):>10,}")
    print(f"words                      {words:>10,}")
    print(f"tokenizer words/s          {words / tok_s:>10,.0f}   (best of {args.rounds})")
    print(f"extract words/s (1 proc)   {words / ext_s:>10,.0f}   claims {claims:,} (best of {args.rounds})")
    print(f"ratio extract/tokenizer    {tok_s / ext_s:>10.3f}   (target >= 0.2; per round: {per_round})")
    print(f"extract words/s (2 procs)  {words / two_s:>10,.0f}   claims {claims2:,} (incl. pipeline start-up)")
    print(f"peak RSS, pipeline loaded  {rss_mb:>10,.0f} MB (target < 300 MB)")


if __name__ == "__main__":
    main()
