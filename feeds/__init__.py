"""Ingest: read feeds, article pages and text files into ``models.Article`` records.

Public API::

    read_source(source, *, client=None, expect="auto"|"feed", etag=..., ...) -> SourceResult
    parse_feed(body, url=..., headers=..., guid_override=None) -> ParsedFeed  # feedparser on bytes only
    discover_feed_links(html, base_url)      -> list[str]         # <link rel="alternate"> feeds
    extract_article(html, url=...)           -> ExtractedArticle(.title .text .published .published_source)
    fetch_article_page(client, url, *, allow_private, limits) -> ExtractedArticle   # address-checked
    with_page(article, page)                 -> Article           # feed entry + its page
    parse_text_article(text, source_name=...) -> Article
    fetch(client, url, *, etag=..., last_modified=...) -> FetchResult(.status .body .retry_after .max_age)
    polite_fetch_many(client, urls, *, per_host=2, total=8) -> list[FetchResult | Exception]
    iter_polite(urls, work, *, per_host=2, total=8) -> yields (index, url, result | exception)
    make_client(...) / check_url(url, ...)

Nothing here touches the database: callers save what these functions return. Hostile
input (XXE, entity bombs, gzip bombs, endless or dripping servers, private and metadata
addresses) ends in a ``models.FeedError`` subclass whose message names the source.
"""

from __future__ import annotations

from ._fetch import FetchLimits, FetchResult, check_url, fetch, make_client, parse_max_age, parse_retry_after
from ._html import ExtractedArticle, discover_feed_links, extract_article, html_to_text
from ._identity import article_id, canonical_url
from ._many import iter_polite, polite_fetch_many
from ._parse import ParsedFeed, looks_like_feed, parse_feed, sniff, strip_doctype
from ._source import SourceResult, fetch_article_page, read_source, with_page
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
    "discover_feed_links",
    "extract_article",
    "fetch",
    "fetch_article_page",
    "html_to_text",
    "iter_polite",
    "looks_like_feed",
    "looks_like_text_article",
    "make_client",
    "parse_feed",
    "parse_max_age",
    "parse_retry_after",
    "parse_text_article",
    "polite_fetch_many",
    "read_source",
    "sniff",
    "strip_doctype",
    "with_page",
]
