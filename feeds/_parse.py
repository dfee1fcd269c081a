"""Feed bytes -> Article records. feedparser only ever sees bytes we fetched or read.

Before feedparser runs, the bytes are decoded by us (``_encoding``: BOM, declarations,
invalid bytes), every DOCTYPE and ENTITY declaration is removed (no entity expansion, no
external entity: billion laughs, quadratic blowup and XXE are inert), characters XML
forbids are blanked, and the document is re-encoded as declared UTF-8. Two sanity
limits keep a hostile feed from holding the CPU: the byte size, and the number of
elements (feedparser spends ~25 µs on each, so 5 million tiny tags would take minutes).

What is not a feed is said plainly: an empty body, a sitemap, an HTML page (naming the
feeds it links, if any), or XML with some other root element.
"""

from __future__ import annotations

import calendar
import datetime as dt
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple
from urllib.parse import urlsplit

import feedparser

from models import Article, ConfigError, FeedParseError

from ._encoding import clean_xml_text, decode_document, strip_doctype, strip_doctype_text
from ._html import discover_feed_links, html_to_text
from ._identity import article_id, canonical_url

__all__ = ["MAX_FEED_BYTES", "MAX_FEED_ELEMENTS", "ParsedFeed", "looks_like_feed", "parse_feed", "sniff",
           "strip_doctype"]

MAX_FEED_BYTES = 15 * 1024 * 1024
MAX_FEED_ELEMENTS = 400_000
_FEED_ROOT = re.compile(rb"<(?:[\w.-]+:)?(?:rss|feed|RDF)[\s>/]", re.I)
_ROOT = re.compile(r"<([A-Za-z_][\w.:-]*)")
_PROLOG = re.compile(r"\A(?:\s+|<\?.*?\?>|<!--.*?-->|<!(?!\[)[^>]*>)*", re.S)
_HTML_ROOTS = frozenset({"html", "head", "body", "meta", "title", "link", "script", "div", "p", "style"})
_EPOCH = dt.date(1990, 1, 1)  # RSS is from 1999: an earlier entry date is a bogus value (often epoch 0)


@dataclass
class ParsedFeed:
    title: str | None
    articles: list[Article]
    warnings: list[str] = field(default_factory=list)
    version: str = ""


class _Entry(NamedTuple):
    guid: str | None
    link: str | None
    title: str | None
    text: str
    published: dt.date | None


def looks_like_feed(body: bytes) -> bool:
    """A quick look at the first bytes for an RSS/Atom/RDF root element (any encoding)."""
    head = body[:4096]
    if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head[:4]:
        head = decode_document(head)[0].encode("utf-8", errors="replace")
    return bool(_FEED_ROOT.search(head))


def _root(text: str) -> str:
    m = _ROOT.match(text, _PROLOG.match(text).end())  # type: ignore[union-attr]
    return m.group(1).lower() if m else ""


def _kind(text: str, content_type: str | None) -> str:
    """Classify decoded text whose DOCTYPEs were already removed, by its root element."""
    if not text.strip():
        return "empty"
    root = _root(text).split(":")[-1]
    if root in ("rss", "feed", "rdf"):
        return "feed"
    if root in ("urlset", "sitemapindex"):
        return "sitemap"
    if root in _HTML_ROOTS:
        return "html"
    # a feed behind leading junk (a PHP warning, stray text) is still a feed
    if _FEED_ROOT.search(text[:4096].encode("utf-8", errors="replace")):
        return "feed"
    if "html" in (content_type or "").lower():
        return "html"
    return "xml" if root or text.lstrip().startswith("<") else "text"


def sniff(body: bytes, content_type: str | None = None) -> str:
    """What a body is: "feed", "sitemap", "html", "xml" (another root), "text" or "empty".

    The whole body is decoded and its DOCTYPEs removed first: a 20 kB internal subset
    must not push the root element out of a fixed-size window.
    """
    if not body.strip():
        return "empty"
    text = decode_document(body, content_type)[0].lstrip("\ufeff")
    if text.lstrip().lower().startswith("<!doctype html"):
        return "html"
    return _kind(strip_doctype_text(text)[0], content_type)


def _published(entry: feedparser.FeedParserDict, now: dt.date) -> tuple[dt.date | None, bool]:
    """The entry's date, and whether a date was refused (in the future or before 1990)."""
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        t = entry.get(key)
        if t:
            try:
                day = dt.datetime.fromtimestamp(calendar.timegm(t), dt.timezone.utc).date()
            except (OverflowError, ValueError, OSError, TypeError):
                continue
            if day > now + dt.timedelta(days=1) or day < _EPOCH:
                return None, True  # a publish date in the future (or bogus) is not trusted
            return day, False
    return None, False


def _http_link(link: str | None) -> str | None:
    """The entry link if it is an http(s) URL (``javascript:`` and friends are dropped)."""
    if not link:
        return None
    link = link.strip()
    try:
        ok = urlsplit(link).scheme.lower() in ("http", "https")
    except ValueError:
        return None
    return link if ok else None


def _prepare(body: bytes, url: str, content_type: str | None, max_bytes: int,
             max_elements: int) -> tuple[bytes, list[str]]:
    """Checks and cleaning before feedparser: returns UTF-8 bytes and warnings."""
    if not body.strip():
        raise FeedParseError(f"{url}: empty body, not a feed", url=url)
    if len(body) > max_bytes:
        raise FeedParseError(f"{url}: {len(body)} bytes is larger than the {max_bytes}-byte limit for a feed", url=url)
    text, encoding, notes = decode_document(body, content_type)
    warnings = [f"{url}: {note}" for note in notes]
    text, removed = strip_doctype_text(text.lstrip("\ufeff"))
    if removed:
        warnings.append(f"{url}: removed {removed} DOCTYPE/ENTITY declaration(s); no entity was expanded")
    kind = _kind(text, None)
    if kind == "sitemap":
        raise FeedParseError(f"{url}: a sitemap (<urlset>/<sitemapindex>), not a feed", url=url)
    if kind == "html":
        links = discover_feed_links(text, url)
        hint = f"; it links the feed(s) {', '.join(links[:3])}" if links else " and it links no feed"
        raise FeedParseError(f"{url}: an HTML page, not a feed{hint}", url=url)
    if kind in ("empty", "text"):
        raise FeedParseError(f"{url}: not XML, not a feed", url=url)
    elements = text.count("<") + text.count("&lt;")
    if elements > max_elements:
        raise FeedParseError(f"{url}: {elements} elements is more than the {max_elements} a feed may have", url=url)
    text, illegal = clean_xml_text(text)
    if illegal:
        warnings.append(f"{url}: {illegal} control character(s) XML forbids were blanked")
    text = re.sub(r"\A\s*<\?xml[^>]*\?>", "", text)
    return ('<?xml version="1.0" encoding="utf-8"?>\n' + text.lstrip()).encode("utf-8", errors="replace"), warnings


def parse_feed(body: bytes, *, url: str, headers: dict[str, str] | None = None, guid_override: str | None = None,
               source: str | None = None, max_bytes: int = MAX_FEED_BYTES,
               max_elements: int = MAX_FEED_ELEMENTS) -> ParsedFeed:
    """Parse feed bytes into articles (the entries' own text: summary or content).

    Args:
        body: the raw response or file bytes.
        url: where the bytes came from (for relative links and error messages).
        headers: response headers (Content-Type for the charset, Content-Location).
        guid_override: "link" or "hash" for feeds whose GUIDs are broken: identity from
            the canonical link (else the text), or from the text alone.

    Entries linking to private or metadata addresses are kept with the feed's own text:
    nothing is fetched here. An ill-formed feed keeps what feedparser recovered, with a
    warning; a body that is not a feed raises ``FeedParseError`` naming ``url``.
    """
    if guid_override not in (None, "", "guid", "link", "hash"):
        raise ConfigError(f"{url}: guid_override must be 'link' or 'hash', not {guid_override!r}")
    lowered = {k.lower(): v for k, v in (headers or {}).items()}
    data, warnings = _prepare(body, url, lowered.get("content-type"), max_bytes, max_elements)
    response_headers = {"content-type": "application/xml; charset=utf-8",
                        "content-location": lowered.get("content-location", url)}
    if "content-language" in lowered:
        response_headers["content-language"] = lowered["content-language"]
    parsed = feedparser.parse(io.BytesIO(data), response_headers=response_headers, sanitize_html=True,
                              resolve_relative_uris=True)
    if parsed.bozo:
        exc = parsed.bozo_exception
        warnings.append(f"{url}: ill-formed feed, kept what was recovered ({type(exc).__name__}: {str(exc)[:200]})")
    if not parsed.version and not parsed.entries:
        raise FeedParseError(f"{url}: not a feed (no RSS/Atom/RDF root element)", url=url)
    now = dt.date.today()
    title = parsed.feed.get("title")
    fetched_at = dt.datetime.now(dt.timezone.utc)
    refused_dates = 0
    entries: list[_Entry] = []
    for entry in parsed.entries:
        link = _http_link(entry.get("link"))
        guid = ((entry.get("id") or "").strip() or None) if guid_override in (None, "", "guid") else None
        content = ""
        if entry.get("content"):
            content = max((c.get("value", "") for c in entry.content), key=len)
        text = html_to_text(content or entry.get("summary", "") or "")
        entry_title = entry.get("title")
        if not text and not entry_title:
            continue
        published, refused = _published(entry, now)
        refused_dates += refused
        entries.append(_Entry(guid, link, entry_title, text, published))
    if refused_dates:
        warnings.append(f"{url}: {refused_dates} entry date(s) in the future or before 1990 were not trusted")
    shared = {g for g, n in Counter(e.guid for e in entries if e.guid).items() if n > 1}
    if shared:
        warnings.append(f"{url}: {len(shared)} GUID(s) shared by several entries; those entries are identified "
                        "by link instead (consider guid_override='link')")
    articles = [
        Article(
            id=article_id(guid=None if e.guid in shared else e.guid, url=e.link if guid_override != "hash" else None,
                          text=f"{e.title or ''}\n{e.text}"),
            url=canonical_url(e.link) if e.link else None,
            title=e.title,
            text=e.text or (e.title or ""),
            published=e.published,
            published_source="feed" if e.published else None,
            source=source or (entry.get("source") or {}).get("title") or title,
            feed_url=url,
            guid=e.guid,
            fetched_at=fetched_at,
        )
        for e in entries
    ]
    return ParsedFeed(title=title, articles=articles, warnings=warnings, version=parsed.version or "")
