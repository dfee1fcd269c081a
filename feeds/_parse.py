"""Feed bytes -> Article records. feedparser only ever sees bytes we fetched or read.

Before parsing, a DOCTYPE is stripped: external entities are never resolved and entity
expansion (billion laughs, quadratic blowup) cannot happen, so no file or URL named
inside a feed is read.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import re
from dataclasses import dataclass, field

import feedparser

from models import Article, FeedParseError

from ._html import html_to_text
from ._identity import article_id, canonical_url

__all__ = ["ParsedFeed", "looks_like_feed", "parse_feed", "strip_doctype"]

_DOCTYPE = re.compile(rb"<!DOCTYPE[^\[>]*(\[.*?\]\s*)?>", re.S | re.I)
_ENTITY_DECL = re.compile(rb"<!ENTITY[^>]*>", re.S | re.I)
_FEED_ROOT = re.compile(rb"<(?:rss|feed|rdf:RDF|RDF)[\s>]", re.I)


@dataclass
class ParsedFeed:
    title: str | None
    articles: list[Article]
    warnings: list[str] = field(default_factory=list)
    version: str = ""


def strip_doctype(body: bytes) -> bytes:
    """Remove any DOCTYPE (with its internal subset) and stray ENTITY declarations."""
    body = _DOCTYPE.sub(b"", body, count=1)
    return _ENTITY_DECL.sub(b"", body)


def looks_like_feed(body: bytes) -> bool:
    return bool(_FEED_ROOT.search(body[:4096]))


def _published(entry: feedparser.FeedParserDict, now: dt.date) -> dt.date | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            day = dt.datetime.fromtimestamp(calendar.timegm(t), dt.timezone.utc).date()
            return day if day <= now + dt.timedelta(days=1) else None
    return None


def parse_feed(body: bytes, *, url: str, headers: dict[str, str] | None = None, guid_override: str | None = None,
               source: str | None = None) -> ParsedFeed:
    """Parse feed bytes into articles (the entries' own text: summary or content).

    Args:
        body: the raw response or file bytes.
        url: where the bytes came from (for relative links and error messages).
        headers: response headers (Content-Type for the charset, Content-Location).
        guid_override: "link" or "hash" for feeds whose GUIDs are broken.
    """
    if not body.strip():
        raise FeedParseError(f"{url}: empty body, not a feed", url=url)
    safe = strip_doctype(body)
    response_headers = {k.lower(): v for k, v in (headers or {}).items()
                        if k.lower() in ("content-type", "content-location", "content-language")}
    response_headers.setdefault("content-location", url)
    parsed = feedparser.parse(io.BytesIO(safe), response_headers=response_headers, sanitize_html=True,
                              resolve_relative_uris=True)
    warnings: list[str] = []
    if parsed.bozo:
        warnings.append(f"{url}: ill-formed feed, kept what was recovered ({type(parsed.bozo_exception).__name__}: {parsed.bozo_exception})")
    if not parsed.version and not parsed.entries:
        raise FeedParseError(f"{url}: not a feed (no RSS/Atom/RDF root element)", url=url)
    now = dt.date.today()
    title = parsed.feed.get("title")
    articles = []
    for entry in parsed.entries:
        link = entry.get("link")
        guid = entry.get("id") if guid_override not in ("link", "hash") else None
        content = ""
        if entry.get("content"):
            content = max((c.get("value", "") for c in entry.content), key=len)
        html = content or entry.get("summary", "") or ""
        text = html_to_text(html)
        entry_title = entry.get("title")
        if not text and not entry_title:
            continue
        published = _published(entry, now)
        articles.append(
            Article(
                id=article_id(guid=guid, url=link if guid_override != "hash" else None,
                              text=(entry_title or "") + "\n" + text),
                url=canonical_url(link) if link else None,
                title=entry_title,
                text=text or (entry_title or ""),
                published=published,
                published_source="feed" if published else None,
                source=source or title,
                feed_url=url,
                guid=guid,
                fetched_at=dt.datetime.now(dt.timezone.utc),
            )
        )
    return ParsedFeed(title=title, articles=articles, warnings=warnings, version=parsed.version or "")
