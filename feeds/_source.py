"""One source -> articles: a feed or page URL, or a local file; and article pages.

``read_source`` decides what a body is (feed, sitemap, HTML page, text article) and says
plainly when it is none of them. An HTML page given where a feed was expected is
followed to the feed it announces (autodiscovery), one step, address-checked like every
fetch. ``fetch_article_page`` fetches the page behind a feed entry, applying the same
address policy: an entry linking to 127.0.0.1 or 169.254.169.254 keeps the feed's own
text, and its page is never requested.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx

from models import Article, ArticleError, FeedError, FeedParseError, FetchError, UnsafeURLError

from ._fetch import FetchLimits, FetchResult, check_url, fetch
from ._html import ExtractedArticle, discover_feed_links, extract_article
from ._identity import article_id, canonical_url
from ._parse import parse_feed, sniff
from ._text import looks_like_text_article, parse_text_article

__all__ = ["SourceResult", "fetch_article_page", "read_source", "with_page"]

_PAGE_TYPES = ("text/html", "application/xhtml+xml", "text/plain", "application/xml", "text/xml")
MAX_DISCOVERED = 3  # feeds announced by a page that are tried, in page order


@dataclass
class SourceResult:
    """What one source yielded: its articles, what kind it was, and non-fatal warnings.

    ``kind`` is "feed", "page", "text", or "unchanged" (a 304 answer to a conditional GET:
    no articles, nothing to do). ``etag``/``last_modified`` are the validators to send next
    time; ``retry_after``/``max_age`` are the server's scheduling hints in seconds.
    """

    source: str
    kind: str
    articles: list[Article]
    warnings: list[str] = field(default_factory=list)
    status: int | None = None
    nbytes: int = 0
    headers: dict[str, str] = field(default_factory=dict)
    etag: str | None = None
    last_modified: str | None = None
    retry_after: float | None = None
    max_age: float | None = None
    #: the feed actually read when autodiscovery was followed
    feed_url: str | None = None


def _is_url(source: str) -> bool:
    return source.startswith(("http://", "https://"))


def _page_article(body: bytes, *, url: str | None) -> Article | None:
    page = extract_article(body, url=url)
    if not page.text.strip():
        return None
    return Article(id=article_id(url=url, text=page.text), url=canonical_url(url) if url else None, title=page.title,
                   text=page.text, published=page.published, published_source=page.published_source,
                   fetched_at=dt.datetime.now(dt.timezone.utc))


def _from_bytes(body: bytes, *, source: str, url: str | None, headers: dict[str, str],
                guid_override: str | None) -> SourceResult:
    """Classify and read a body (no network); HTML is returned as a page or refused."""
    ctype = headers.get("content-type", "").lower()
    kind = sniff(body, ctype)
    if kind in ("feed", "sitemap", "xml"):
        feed_headers = headers or {"content-type": "application/xml"}  # a local file: the bytes declare the rest
        parsed = parse_feed(body, url=url or source, headers=feed_headers, guid_override=guid_override)
        return SourceResult(source, "feed", parsed.articles, parsed.warnings)
    if kind == "empty":
        raise FeedError(f"{source}: empty, not a feed, page or article", url=source)
    text = body.decode("utf-8", errors="replace")
    if kind == "text" and looks_like_text_article(text):
        return SourceResult(source, "text", [parse_text_article(text, source_name=source)])
    if kind == "html":
        article = _page_article(body, url=url)
        if article is None:
            raise ArticleError(f"{source}: no article text found in the page", url=source)
        return SourceResult(source, "page", [article])
    return SourceResult(source, "text", [Article(id=article_id(url=url, text=text), url=url, title=None,
                                                 text=text.strip())])


def _follow_discovery(client: httpx.Client, source: str, page: FetchResult, links: list[str], *,
                      allow_private: bool, limits: FetchLimits | None, guid_override: str | None) -> SourceResult:
    """Read the first announced feed that works; errors name the page and every feed tried."""
    problems = []
    for link in links[:MAX_DISCOVERED]:
        try:
            check_url(link, allow_private=allow_private, previous=page.url)
            result = fetch(client, link, allow_private=allow_private, limits=limits)
            if result.status >= 400:
                raise FetchError(f"{link}: HTTP {result.status}", url=link, status=result.status)
            parsed = parse_feed(result.body, url=result.url, headers=result.headers, guid_override=guid_override)
        except FeedError as exc:
            problems.append(str(exc))
            continue
        out = SourceResult(source, "feed", parsed.articles,
                           [f"{source}: an HTML page; read the feed it announces, {link}", *parsed.warnings],
                           status=result.status, nbytes=len(result.body), headers=result.headers, etag=result.etag,
                           last_modified=result.last_modified, retry_after=result.retry_after,
                           max_age=result.max_age, feed_url=result.url)
        return out
    raise FeedParseError(f"{source}: an HTML page, not a feed; no feed it announces could be read: "
                         + "; ".join(problems), url=source)


def read_source(source: str, *, client: httpx.Client | None = None, allow_private: bool = False,
                limits: FetchLimits | None = None, expect: str = "auto", etag: str | None = None,
                last_modified: str | None = None, guid_override: str | None = None) -> SourceResult:
    """Read one source: a feed/page URL or a local file (feed XML, HTML page, text article).

    Args:
        expect: "feed" for a subscribed feed: an HTML page is followed to the feed it
            announces (autodiscovery) or refused with a ``FeedParseError``. "auto" (the
            default) reads an HTML page as an article, and follows autodiscovery only
            for a site's home page or a page without article text.
        etag, last_modified: validators from the last fetch (conditional GET); a 304
            gives ``kind == "unchanged"`` and no articles.
        guid_override: per-feed identity setting passed to ``parse_feed``.

    Raises a ``FeedError`` subclass naming the source when it cannot be read.
    """
    if expect not in ("auto", "feed"):
        raise ValueError(f"expect must be 'auto' or 'feed', not {expect!r}")
    if re.match(r"^[a-zA-Z][\w+.-]*://", source) and not _is_url(source):
        raise UnsafeURLError(f"{source}: only http(s) URLs and local files can be read", url=source)
    if not _is_url(source):
        try:
            body = Path(source).read_bytes()
        except OSError as exc:
            raise FeedError(f"{source}: cannot read file ({exc.strerror})", url=source) from exc
        out = _from_bytes(body, source=source, url=None, headers={}, guid_override=guid_override)
        out.nbytes = len(body)
        return out
    if client is None:
        raise FetchError(f"{source}: no HTTP client given", url=source)
    result = fetch(client, source, allow_private=allow_private, limits=limits, etag=etag, last_modified=last_modified)
    meta: dict[str, Any] = dict(status=result.status, nbytes=len(result.body), headers=result.headers,
                                etag=result.etag, last_modified=result.last_modified,
                                retry_after=result.retry_after, max_age=result.max_age)
    if result.status == 304:
        return SourceResult(source, "unchanged", [], **meta)
    if result.status >= 300:
        hint = " without a Location" if result.status < 400 else ""
        raise FetchError(f"{source}: HTTP {result.status}{hint}", url=source, status=result.status,
                         retry_after=result.retry_after)
    kind = sniff(result.body, result.headers.get("content-type"))
    if kind == "html":
        links = discover_feed_links(result.body, result.url)
        home = urlsplit(result.url).path in ("", "/")
        if links and (expect == "feed" or home):
            return _follow_discovery(client, source, result, links, allow_private=allow_private, limits=limits,
                                     guid_override=guid_override)
        if expect == "feed":
            raise FeedParseError(f"{source}: an HTML page, not a feed, and it announces no feed", url=source)
        article = _page_article(result.body, url=result.url)
        if article is None and links:
            return _follow_discovery(client, source, result, links, allow_private=allow_private, limits=limits,
                                     guid_override=guid_override)
        if article is None:
            raise ArticleError(f"{source}: no article text found in the page, and it announces no feed", url=source)
        return SourceResult(source, "page", [article], **meta)
    if expect == "feed" and kind not in ("feed", "xml", "sitemap"):
        raise FeedParseError(f"{source}: not a feed ({kind})", url=source)
    out = _from_bytes(result.body, source=source, url=result.url, headers=result.headers, guid_override=guid_override)
    out = dataclasses.replace(out, **meta)
    if out.kind == "feed":
        out.feed_url = result.url
    return out


def fetch_article_page(client: httpx.Client, url: str, *, allow_private: bool = False,
                       limits: FetchLimits | None = None) -> ExtractedArticle:
    """Fetch and extract the page behind a feed entry.

    Raises ``UnsafeURLError`` before any request when the address is refused (private
    without ``allow_private``; link-local/metadata always), ``FetchError`` on HTTP errors
    and transport failures, ``ArticleError`` when the response is not an HTML page or
    has no article text. Every message names ``url``.
    """
    check_url(url, allow_private=allow_private)
    result = fetch(client, url, allow_private=allow_private, limits=limits)
    if result.status >= 300:
        raise FetchError(f"{url}: HTTP {result.status}", url=url, status=result.status)
    ctype = result.headers.get("content-type", "").split(";")[0].strip().lower()
    if ctype and not ctype.startswith(_PAGE_TYPES):
        raise ArticleError(f"{url}: not an HTML page ({ctype})", url=url)
    page = extract_article(result.body, url=result.url)
    if not page.text.strip():
        raise ArticleError(f"{url}: no article text found in the page", url=url)
    return page


def with_page(article: Article, page: ExtractedArticle) -> Article:
    """The feed entry completed by its page: the page's text when it is longer (feeds
    often carry a teaser), its title and date only where the feed had none. The id
    stays the feed's, so re-ingesting with or without pages updates the same row."""
    text = page.text if len(page.text) > len(article.text) else article.text
    published, source = article.published, article.published_source
    if published is None and page.published is not None:
        published, source = page.published, page.published_source
    return dataclasses.replace(article, text=text, title=article.title or page.title, published=published,
                               published_source=source)
