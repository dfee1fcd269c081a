"""Ingest: read feeds, article pages and text files into ``models.Article`` records.

Public API::

    read_source(source, *, client=None, ...) -> SourceResult   # a URL or a local file
    parse_feed(body, url=..., headers=...)   -> ParsedFeed     # feedparser on bytes only
    extract_article(html, url=...)           -> ExtractedArticle(.title .text .published)
    parse_text_article(text, source_name=...) -> Article
    fetch(client, url, ...) / make_client(...) / check_url(url, ...)

Nothing here touches the database: callers save what these functions return.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from models import Article, ArticleError, FeedError, FetchError, UnsafeURLError

from ._fetch import FetchLimits, FetchResult, check_url, fetch, make_client
from ._html import ExtractedArticle, extract_article, html_to_text
from ._identity import article_id, canonical_url
from ._parse import ParsedFeed, looks_like_feed, parse_feed, strip_doctype
from ._text import looks_like_text_article, parse_text_article

__all__ = [
    "ExtractedArticle",
    "FetchLimits",
    "FetchResult",
    "ParsedFeed",
    "SourceResult",
    "article_id",
    "canonical_url",
    "check_url",
    "extract_article",
    "fetch",
    "html_to_text",
    "make_client",
    "parse_feed",
    "parse_text_article",
    "read_source",
    "strip_doctype",
]


@dataclass
class SourceResult:
    """What one source yielded: its articles, what kind it was, and non-fatal warnings."""

    source: str
    kind: str  # "feed" | "page" | "text"
    articles: list[Article]
    warnings: list[str] = field(default_factory=list)
    status: int | None = None
    nbytes: int = 0
    headers: dict[str, str] = field(default_factory=dict)


def _is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def _from_bytes(body: bytes, *, source: str, url: str | None, headers: dict[str, str]) -> SourceResult:
    head = body[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    ctype = headers.get("content-type", "").lower()
    if looks_like_feed(body) or "xml" in ctype and not head.lower().startswith(b"<!doctype html"):
        feed_headers = headers or {"content-type": "application/xml"}  # a local file: the bytes declare the rest
        parsed = parse_feed(body, url=url or source, headers=feed_headers)
        return SourceResult(source, "feed", parsed.articles, parsed.warnings)
    text = body.decode("utf-8", errors="replace")
    if not head.startswith(b"<") and looks_like_text_article(text):
        return SourceResult(source, "text", [parse_text_article(text, source_name=source)])
    if head.startswith(b"<") or "html" in ctype:
        page = extract_article(body, url=url)
        if not page.text.strip():
            raise ArticleError(f"{source}: no article text found in the page", url=source)
        return SourceResult(source, "page", [Article(
            id=article_id(url=url, text=page.text), url=canonical_url(url) if url else None, title=page.title,
            text=page.text, published=page.published, published_source="page-metadata" if page.published else None,
            fetched_at=dt.datetime.now(dt.timezone.utc))])
    if text.strip():
        return SourceResult(source, "text", [Article(id=article_id(url=url, text=text), url=url, title=None, text=text.strip())])
    raise FeedError(f"{source}: empty, not a feed, page or article", url=source)


def read_source(source: str, *, client: httpx.Client | None = None, allow_private: bool = False,
                limits: FetchLimits | None = None) -> SourceResult:
    """Read one source: a feed/page URL or a local file (feed XML, HTML page, text article).

    Raises a ``FeedError`` subclass naming the source when it cannot be read.
    """
    if re.match(r"^[a-zA-Z][\w+.-]*://", source) and not _is_url(source):
        raise UnsafeURLError(f"{source}: only http(s) URLs and local files can be read", url=source)
    if _is_url(source):
        if client is None:
            raise FetchError(f"{source}: no HTTP client given", url=source)
        result = fetch(client, source, allow_private=allow_private, limits=limits)
        if result.status >= 400:
            raise FetchError(f"{source}: HTTP {result.status}", url=source, status=result.status)
        out = _from_bytes(result.body, source=source, url=result.url, headers=result.headers)
        out.status, out.nbytes, out.headers = result.status, len(result.body), result.headers
        return out
    path = Path(source)
    try:
        body = path.read_bytes()
    except OSError as exc:
        raise FeedError(f"{source}: cannot read file ({exc.strerror})", url=source) from exc
    out = _from_bytes(body, source=source, url=None, headers={})
    out.nbytes = len(body)
    return out
