"""The one place that composes the stages: read -> extract -> save, and store -> verify -> save.

The CLI calls these functions; so do tests and the backfill. Each article is saved with
its claims in one transaction, and one failing source never stops a batch.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import replace
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
from spacy.language import Language
from sqlite_utils import Database

import extractor
import feeds
from models import Article, Claim, MarketClaimsError, PriceBar, Verdict, stable_id

from . import store
from .prices import Catalogue, SeriesSpec, get_provider, load_catalogue
from .verify import MarketData, Policy, Series, verify_claim

__all__ = [
    "IngestReport",
    "SourceOutcome",
    "ensure_bundled_prices",
    "fetch_prices",
    "update_prices",
    "ingest",
    "load_market",
    "reextract",
    "claim_rows",
    "save_articles",
    "store_demonstration_records",
    "verify_records",
    "verify_stored",
]

log = logging.getLogger(__name__)


@dataclass
class SourceOutcome:
    source: str
    ok: bool
    articles: int = 0
    claims: int = 0
    error: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class IngestReport:
    outcomes: list[SourceOutcome] = field(default_factory=list)

    @property
    def failed(self) -> list[SourceOutcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def articles(self) -> int:
        return sum(o.articles for o in self.outcomes)

    @property
    def claims(self) -> int:
        return sum(o.claims for o in self.outcomes)


# -- ingest ---------------------------------------------------------------------------------


def save_articles(db: Database, articles: Sequence[Article], *, nlp: Language | None = None) -> int:
    """Extract claims for ``articles`` (batched through the pipeline) and store each article
    with its claims in one transaction; returns the number of claims stored."""
    total = 0
    texts = ((a.text, a.published) for a in articles)
    for article, claims in zip(articles, extractor.extract_many(texts, nlp=nlp)):
        total += store.save_article(db, article, claims, extractor_version=extractor.EXTRACTOR_VERSION)
    return total


def _due_after(seconds: float | None, retry_after: float | None, poll_minutes: int) -> str:
    wait = max(poll_minutes * 60.0, seconds or 0.0, retry_after or 0.0)
    return (dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=wait)).isoformat(timespec="seconds")


def _with_pages(db: Database, result: feeds.SourceResult, *, client: httpx.Client, allow_private: bool,
                limits: feeds.FetchLimits | None, workers: int) -> list[str]:
    """Fetch each entry's article page (at most 2 per host at once) and merge its main text;
    an entry whose page fails keeps the feed's own text, with a warning and a fetch_log row."""
    warnings: list[str] = []
    urls = [a.url or "" for a in result.articles]
    todo = [i for i, u in enumerate(urls) if u.startswith(("http://", "https://"))]

    def work(url: str) -> tuple[feeds.ExtractedArticle, float]:
        started = time.monotonic()
        return feeds.fetch_article_page(client, url, allow_private=allow_private, limits=limits), time.monotonic() - started

    for index, url, outcome in feeds.iter_polite([urls[i] for i in todo], work, per_host=2, total=workers):
        i = todo[index]
        if isinstance(outcome, BaseException):
            if not isinstance(outcome, MarketClaimsError):
                raise outcome
            warnings.append(f"{url}: page not used ({outcome}); kept the feed's text")
            store.log_fetch(db, url=url, status=getattr(outcome, "status", None), error_class=type(outcome).__name__,
                            message=str(outcome), nbytes=None, elapsed=None)
            continue
        page, elapsed = outcome
        result.articles[i] = feeds.with_page(result.articles[i], page)
        store.log_fetch(db, url=url, status=200, error_class=None, message=None, nbytes=len(page.text),
                        elapsed=round(elapsed, 3))
    return warnings


def ingest(
    db: Database,
    sources: Iterable[str] | None = None,
    *,
    client: httpx.Client | None = None,
    allow_private: bool = False,
    limits: feeds.FetchLimits | None = None,
    progress: Callable[[SourceOutcome], None] | None = None,
    nlp: Language | None = None,
    pages: bool = False,
    force: bool = False,
    poll_minutes: int = 15,
    page_workers: int = 8,
) -> IngestReport:
    """Read every source (default: every subscribed feed that is due), extract and store.

    A subscribed feed is polled with its stored ETag/Last-Modified (a 304 does nothing) and
    not more often than ``poll_minutes`` (or its Cache-Control max-age / Retry-After) unless
    ``force``. A failure is recorded in ``fetch_log`` and the batch goes on; each article is
    stored with its claims in one transaction, so nothing stored is ever lost.
    """
    report = IngestReport()
    now = dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
    if sources is None:
        sources = [row["url"] for row in (store.list_feeds(db) if force else store.due_feeds(db))]
    for source in sources:
        started = time.monotonic()
        feed = store.get_feed(db, source) if source.startswith(("http://", "https://")) else None
        if feed and not force and feed.get("next_due_at") and feed["next_due_at"] > now:
            outcome = SourceOutcome(source, True, warnings=[f"{source}: not due until {feed['next_due_at']} (use --force)"])
            report.outcomes.append(outcome)
            if progress:
                progress(outcome)
            continue
        private = allow_private or bool(feed and feed.get("allow_private"))
        try:
            result = feeds.read_source(
                source, client=client, allow_private=private, limits=limits, expect="feed" if feed else "auto",
                etag=feed.get("etag") if feed else None, last_modified=feed.get("last_modified") if feed else None,
                guid_override=feed.get("guid_override") if feed else None)
            warnings = list(result.warnings)
            if pages and result.kind == "feed" and client is not None:
                warnings += _with_pages(db, result, client=client, allow_private=private, limits=limits, workers=page_workers)
            n_claims = save_articles(db, result.articles, nlp=nlp)
            outcome = SourceOutcome(source, True, len(result.articles), n_claims, warnings=warnings)
            status, nbytes, err = result.status, result.nbytes, None
            if feed:
                store.update_feed(db, source, etag=result.etag or feed.get("etag"),
                                  last_modified=result.last_modified or feed.get("last_modified"),
                                  last_status=str(result.status or ""), last_fetched_at=now,
                                  next_due_at=_due_after(result.max_age, result.retry_after, poll_minutes))
        except MarketClaimsError as exc:
            outcome = SourceOutcome(source, False, error=str(exc))
            status, nbytes, err = getattr(exc, "status", None), None, type(exc).__name__
            if feed:
                store.update_feed(db, source, last_status=f"{err}: {status or ''}".strip(": "), last_fetched_at=now,
                                  next_due_at=_due_after(None, getattr(exc, "retry_after", None), poll_minutes))
        if source.startswith(("http://", "https://")):
            store.log_fetch(db, url=source, status=status, error_class=err, message=outcome.error,
                            nbytes=nbytes, elapsed=round(time.monotonic() - started, 3))
        report.outcomes.append(outcome)
        if progress:
            progress(outcome)
    return report


def reextract(db: Database, *, only_outdated: bool = True, nlp: Language | None = None) -> tuple[int, int]:
    """Re-run extraction over stored articles (after an extractor upgrade).

    Returns (articles, claims). Articles whose claims already carry the current extractor
    version are skipped unless ``only_outdated`` is False.
    """
    version = extractor.EXTRACTOR_VERSION
    sql = "SELECT * FROM articles"
    if only_outdated:
        sql += (" WHERE id NOT IN (SELECT article_id FROM claims WHERE extractor_version = ?)"
                " OR id IN (SELECT article_id FROM claims WHERE extractor_version != ?)")
    rows = list(db.query(sql, [version, version] if only_outdated else []))
    articles = [
        Article(id=r["id"], url=r["url"], title=r["title"], text=r["text"],
                published=dt.date.fromisoformat(r["published"]) if r["published"] else None,
                published_source=r["published_source"], source=r["source"], guid=r["guid"])
        for r in rows
    ]
    return len(articles), save_articles(db, articles, nlp=nlp)


# -- prices -----------------------------------------------------------------------------------


def ensure_bundled_prices(db: Database, catalogue: Catalogue | None = None) -> int:
    """Load every bundled series the store does not hold yet (one bulk insert each)."""
    catalogue = catalogue or load_catalogue()
    have = {r["id"] for r in store.series_rows(db)}
    loaded = 0
    provider = get_provider("bundled")
    for spec in catalogue.series.values():
        if spec.provider != "bundled" or spec.id in have:
            continue
        store.save_series(db, spec.row(), provider.fetch(spec), replace=True)
        loaded += 1
    return loaded


def load_market(db: Database, catalogue: Catalogue | None = None, subjects: Iterable[str] | None = None) -> MarketData:
    """Series from the store, by subject (primary first), indexed for verification."""
    catalogue = catalogue or load_catalogue()
    wanted = set(subjects) if subjects is not None else None
    market = MarketData()
    rows = {r["id"]: r for r in store.series_rows(db)}
    for subject, (primary, alternates) in catalogue.subjects.items():
        if wanted is not None and subject not in wanted:
            continue
        for sid in [primary, *alternates]:
            if sid not in rows:
                continue
            spec: SeriesSpec | None = catalogue.series.get(sid)
            market.add(_series(rows[sid], spec, store.load_bars(db, sid), is_primary=sid == primary, subject=subject))
    # series the store holds that the catalogue does not list (user imports)
    for sid, row in rows.items():
        subject = row["subject"]
        if subject and (wanted is None or subject in wanted) and not any(s.id == sid for s in market.series_for(subject)):
            market.add(_series(row, None, store.load_bars(db, sid), is_primary=not market.series_for(subject), subject=subject))
    return market


def _series(row: dict[str, Any], spec: SeriesSpec | None, bars: list[PriceBar], *, is_primary: bool, subject: str) -> Series:
    return Series(
        id=row["id"], subject=subject, vendor=row.get("vendor") or "unknown", calendar=row.get("calendar") or "daily",
        definition=row.get("definition") or "", cross_check=bool(spec and spec.cross_check and not is_primary),
        is_primary=is_primary, notes=spec.notes if spec else "", bars=bars,
        levels_comparable=not (spec and "adjusted" in (spec.definition or "").lower() and spec.subject != subject),
    )


# -- verify -----------------------------------------------------------------------------------


def _claim_from_row(row: dict[str, Any]) -> Claim:
    return Claim.from_dict(dict(row, hedged=bool(row["hedged"])))


def _figure_text(row: dict[str, Any], article_text: str | None) -> str | None:
    if article_text and row.get("end") and row["end"] > row["start"]:
        return article_text[row["start"] : row["end"]]
    return None


def verify_stored(db: Database, *, everything: bool = False, policy: Policy | None = None,
                  catalogue: Catalogue | None = None, due: bool = False) -> list[Verdict]:
    """Verify stored claims that have no verdict yet (``everything``: all of them) and save
    the verdicts as new history rows. ``due``: forward-looking claims whose date has passed."""
    ensure_bundled_prices(db, catalogue)
    if everything:
        where, params = "", []
    elif due:
        where, params = "reason = 'forward_looking' AND date IS NOT NULL AND date <= ?", [dt.date.today().isoformat()]
    else:
        where, params = "verdict IS NULL", []
    rows = list(store.iter_claims(db, where=where, params=params, order_by="article_id"))
    if not rows:
        return []
    market = load_market(db, catalogue, {r["subject"] for r in rows if r["subject"]} | {f"{r['subject']}:operations" for r in rows if r["subject"]})
    texts = {r["id"]: r["text"] for r in db.query(
        f"SELECT id, text FROM articles WHERE id IN ({','.join('?' * len({r['article_id'] for r in rows}))})",
        list({r["article_id"] for r in rows}))}
    verdicts = []
    for row in rows:
        published = dt.date.fromisoformat(row["published"]) if row.get("published") else None
        verdicts.append(verify_claim(_claim_from_row(row), market, published=published, policy=policy,
                                     claim_id=row["id"], figure_text=_figure_text(row, texts.get(row["article_id"]))))
    store.save_verdicts(db, verdicts)
    return verdicts


def verify_records(records: Iterable[dict[str, Any]], market: MarketData, *, policy: Policy | None = None) -> list[dict[str, Any]]:
    """Verify SCHEMA.md records without storing them: each input record echoed back unchanged,
    plus ``verdict``, ``reason`` and ``evidence``. A record with no ``date`` uses ``published``."""
    out = []
    for rec in records:
        published = None
        raw_pub = rec.get("published")
        if raw_pub:
            try:
                published = dt.date.fromisoformat(str(raw_pub).lstrip("~")[:10])
            except ValueError:
                published = None
        claim = Claim.from_dict(rec)
        if claim.date is None and published is not None and claim.kind in ("price_level", "percent_change", "record_high", "record_low", "streak") and not claim.period:
            claim = replace(claim, date=published, date_basis="published")
        v = verify_claim(claim, market, published=published, policy=policy, claim_id=rec.get("id"))
        out.append(dict(rec, verdict=v.verdict, reason=v.reason, evidence=v.evidence))
    return out


CLAIM_ROW_COLUMNS = ("id", "article_id", "kind", "subject", "value", "unit", "relation", "period", "date", "hedged",
                     "attribution", "text", "start", "end", "qualifier", "date_basis", "extractor_version")
VERDICT_ROW_COLUMNS = ("claim_id", "verdict", "reason", "evidence", "verifier_version", "verified_at")


def claim_rows(articles: Sequence[Article], market: MarketData, *, policy: Policy | None = None
               ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Extract and verify articles without a store: claim rows and verdict rows, as the
    ``claims`` and ``verdicts`` tables hold them (the backfill writes these to Parquet)."""
    import json

    claims_out: list[dict[str, Any]] = []
    verdicts_out: list[dict[str, Any]] = []
    texts = ((a.text, a.published) for a in articles)
    for article, claims in zip(articles, extractor.extract_many(texts)):
        for c in claims:
            cid = store.claim_id(article.id, c)
            row = c.to_dict()
            row.update(id=cid, article_id=article.id, hedged=int(c.hedged), extractor_version=extractor.EXTRACTOR_VERSION)
            claims_out.append(row)
            v = verify_claim(c, market, published=article.published, policy=policy, claim_id=cid,
                             figure_text=article.text[c.start : c.end] if c.end > c.start else None)
            verdicts_out.append({"claim_id": cid, "verdict": v.verdict, "reason": v.reason,
                                 "evidence": json.dumps(v.evidence, default=str, sort_keys=True),
                                 "verifier_version": v.verifier_version,
                                 "verified_at": v.verified_at.isoformat(timespec="seconds") if v.verified_at else None})
    # one claim id per figure: the store upserts, so keep the first of any repeat
    seen: set[str] = set()
    keep = [i for i, r in enumerate(claims_out) if not (r["id"] in seen or seen.add(r["id"]))]  # type: ignore[func-returns-value]
    return [claims_out[i] for i in keep], [verdicts_out[i] for i in keep]


def store_demonstration_records(db: Database, records: Sequence[dict[str, Any]], *, source: str) -> int:
    """Store hand-written claim records as one clearly labelled pseudo-article, so reports can
    show them next to real claims (the demo uses this for its deliberately wrong figures)."""
    text_parts, claims, pos = [], [], 0
    for rec in records:
        sentence = rec.get("text") or ""
        claim = Claim.from_dict(rec)
        claims.append(replace(claim, text=sentence, start=pos, end=pos + len(sentence), date_basis="stated"))
        text_parts.append(sentence)
        pos += len(sentence) + 1
    article = Article(id=stable_id("demonstration", source), url=None, title="Demonstration records (not from an article)",
                      text="\n".join(text_parts), published=max((c.date for c in claims if c.date), default=None),
                      published_source="demonstration", source=source)
    return store.save_article(db, article, claims, extractor_version="demonstration")


# -- fetching prices from vendors --------------------------------------------------------------

#: vendor name in the catalogue's ``vendor`` text -> provider that speaks for it
VENDOR_PROVIDER = {"yahoo": "yahoo", "stooq": "stooq", "fred": "fred", "coingecko": "coingecko", "new york fed": "nyfed"}


def _same_vendor(spec: SeriesSpec, provider: str) -> bool:
    vendor = (spec.vendor or "").lower()
    return spec.provider == provider or any(v in vendor and p == provider for v, p in VENDOR_PROVIDER.items())


def _spec_for(catalogue: Catalogue, subject: str, provider: str) -> SeriesSpec:
    """The catalogued series ``provider`` can fetch for ``subject``; an ad-hoc one for tickers
    the catalogue does not list ("NVDA" from Yahoo)."""
    from dataclasses import replace as _replace

    wanted = f"{subject}:operations" if provider == "nyfed" and ":" not in subject else subject
    for spec in catalogue.specs_for(wanted):
        if provider in spec.symbols or spec.provider == provider:
            if _same_vendor(spec, provider):
                return _replace(spec, provider=provider)
            return _replace(spec, id=f"{spec.id}@{provider}", vendor=provider, provider=provider,
                            definition=f"{spec.definition} ({provider})", cross_check=False)
    if provider in ("yahoo", "stooq"):
        return SeriesSpec(id=f"{subject}@{provider}", subject=subject, vendor=provider, provider=provider,
                          fields=("open", "high", "low", "close", "volume"), calendar="nyse",
                          definition=f"{provider} daily bars for {subject}", symbols={provider: subject})
    from models import UnknownSymbol

    raise UnknownSymbol(f"the catalogue has no {provider} series for {subject}", symbol=subject)


def fetch_prices(db: Database, subject: str, *, provider: str, since: dt.date | None = None,
                 until: dt.date | None = None, catalogue: Catalogue | None = None,
                 client: httpx.Client | None = None, api_keys: dict[str, str] | None = None,
                 base_urls: dict[str, str] | None = None) -> tuple[str, int]:
    """Fetch one subject's series from a vendor into the store (one transaction).

    Returns the series id and the number of rows written. Raises the ``PriceDataError``
    family (``ThrottledError.retry_after`` says when to come back).
    """
    catalogue = catalogue or load_catalogue()
    spec = _spec_for(catalogue, subject, provider)
    kwargs: dict[str, Any] = {"client": client}
    if api_keys and api_keys.get(provider):
        kwargs["api_key"] = api_keys[provider]
    if base_urls and base_urls.get(provider):
        kwargs["base_url"] = base_urls[provider]
    bars = get_provider(provider, **kwargs).fetch(spec, start=since, end=until)
    return spec.id, store.save_series(db, spec.row(), bars)


def update_prices(db: Database, *, subjects: Iterable[str] | None = None, catalogue: Catalogue | None = None,
                  client: httpx.Client | None = None, api_keys: dict[str, str] | None = None,
                  base_urls: dict[str, str] | None = None, overlap_days: int = 5,
                  progress: Callable[[dict[str, Any]], None] | None = None) -> list[dict[str, Any]]:
    """Bring every catalogued series a vendor can serve up to date: only the missing range
    (from a few days before the last stored row, to pick up revisions). A throttled vendor
    is skipped for the rest of the run; one failure never stops the others."""
    from models import NoPriceData, PriceDataError, ThrottledError

    catalogue = catalogue or load_catalogue()
    rows = {r["id"]: r for r in store.series_rows(db)}
    wanted = set(subjects) if subjects else None
    throttled: dict[str, float | None] = {}
    results = []
    for spec in catalogue.series.values():
        if wanted is not None and spec.subject not in wanted:
            continue
        provider = next((p for p in VENDOR_PROVIDER.values() if _same_vendor(spec, p) and (p in spec.symbols or spec.provider == p)), None)
        if provider is None:
            continue
        end = rows.get(spec.id, {}).get("coverage_end")
        since = dt.date.fromisoformat(end) - dt.timedelta(days=overlap_days) if end else None
        result: dict[str, Any] = {"series": spec.id, "provider": provider, "since": since.isoformat() if since else None}
        if provider in throttled:
            result.update(status="skipped", message=f"{provider} throttled this run (retry after {throttled[provider]})")
        else:
            try:
                _, n = fetch_prices(db, spec.subject, provider=provider, since=since, catalogue=catalogue, client=client,
                                    api_keys=api_keys, base_urls=base_urls)
                result.update(status="updated", rows=n)
            except NoPriceData:
                result.update(status="up to date", rows=0)
            except ThrottledError as exc:
                throttled[provider] = exc.retry_after
                result.update(status="throttled", message=str(exc))
            except PriceDataError as exc:
                result.update(status="failed", message=str(exc))
        results.append(result)
        if progress:
            progress(result)
    return results
