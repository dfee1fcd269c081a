"""The golden output: every claim the extractor gives on every corpus in tests/, and every
verdict of every verifier table, serialised one JSON record per line.

Written before a refactor that must not change behaviour (issue #14): ``tests/test_golden.py``
rebuilds the same records and compares them with the saved file, so any change in a claim or a
verdict — intended or not — shows up as a diff naming the corpus and the item.

Regenerate (only when a behaviour change is intended, and say so in the commit)::

    python -m tests.golden.build
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).parent
TESTS = HERE.parent
GOLDEN = HERE / "golden.jsonl.gz"
#: evidence keys that change from run to run without any change in behaviour
VOLATILE = {"checked_at", "verified_at"}


def _claims(key: str, text: str, published: dt.date | None, nlp: Any) -> Iterator[dict[str, Any]]:
    import extractor

    for i, claim in enumerate(extractor.extract(text, published, nlp=nlp)):
        yield {"key": f"{key}#{i}", "claim": claim.to_dict()}


def extractor_records(nlp: Any = None) -> Iterator[dict[str, Any]]:
    """Claims of the gold split, the sentence table, saved pages and saved feeds; quantities of the quantity table."""
    import extractor
    import feeds
    from extractor.evaluation import load_gold_dir, load_sentence_table

    for ex in load_gold_dir(TESTS / "gold" / "dev"):
        yield from _claims(f"gold/{ex.id}", ex.text, ex.published, nlp)
    for ex in load_sentence_table(TESTS / "corpus" / "sentences" / "claims.jsonl"):
        yield from _claims(f"sentences/{ex.id}", ex.text, ex.published, nlp)
    for n, line in enumerate((TESTS / "corpus" / "quantities" / "quantities.jsonl").read_text("utf-8").splitlines()):
        if line.strip():
            rec = json.loads(line)
            text = rec.get("sentence") or rec.get("text") or ""
            found = [{"text": q.text, "start": q.start, "end": q.end, "value": q.value, "unit": q.unit}
                     for q in extractor.quantities(text)]
            yield {"key": f"quantities/{rec.get('id', n)}", "quantities": found}
    for page in sorted((TESTS / "corpus" / "pages").glob("*.html")):
        art = feeds.extract_article(page.read_bytes(), url=None)
        yield {"key": f"pages/{page.stem}", "page": {"title": art.title, "chars": len(art.text),
                                                      "published": str(art.published)}}
        yield from _claims(f"pages/{page.stem}", art.text, art.published, nlp)
    for path in sorted((TESTS / "corpus" / "feeds").rglob("*.xml")):
        rel = path.relative_to(TESTS / "corpus" / "feeds")
        try:
            parsed = feeds.parse_feed(path.read_bytes(), url=f"file:///{rel}")
        except Exception as exc:  # the golden file records failures too
            yield {"key": f"feeds/{rel}", "error": type(exc).__name__}
            continue
        for article in parsed.articles:
            yield {"key": f"feeds/{rel}/{article.id}", "article": {"title": article.title, "source": article.source,
                                                                  "published": str(article.published)}}
            yield from _claims(f"feeds/{rel}/{article.id}", article.text, article.published, nlp)


def verifier_records(market: Any) -> Iterator[dict[str, Any]]:
    """The verdict of every case of every verifier table under tests/corpus/verify."""
    from marketclaims.verify import verify_claim
    from models import Claim

    for path in sorted((TESTS / "corpus" / "verify").glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            if not line.strip():
                continue
            case = json.loads(line)
            published = dt.date.fromisoformat(case["published"]) if case.get("published") else None
            v = verify_claim(Claim.from_dict(case["claim"]), market, published=published,
                             figure_text=case.get("figure_text"))
            evidence = {k: val for k, val in v.evidence.items() if k not in VOLATILE}
            yield {"key": f"verify/{path.stem}/{case['id']}", "verdict": v.verdict, "reason": v.reason,
                   "evidence": evidence}


def records(market: Any, nlp: Any = None) -> list[dict[str, Any]]:
    """Every golden record, normalised through JSON so saved and fresh records compare equal."""
    out = [*extractor_records(nlp), *verifier_records(market)]
    return [json.loads(json.dumps(r, default=str, sort_keys=True)) for r in out]


def load() -> list[dict[str, Any]]:
    with gzip.open(GOLDEN, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def main() -> None:
    import tempfile

    from marketclaims import pipeline, store

    with tempfile.TemporaryDirectory() as tmp:
        db = store.open_db(Path(tmp) / "golden.db")
        pipeline.ensure_bundled_prices(db)
        market = pipeline.load_market(db)
        db.close()
    recs = records(market)
    with gzip.GzipFile(GOLDEN, "wb", mtime=0) as raw:
        raw.write("".join(json.dumps(r, sort_keys=True) + "\n" for r in recs).encode("utf-8"))
    print(f"wrote {len(recs)} records to {GOLDEN}")


if __name__ == "__main__":
    main()
