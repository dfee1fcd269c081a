"""HTML -> article text: the main text of a page, and plain text from feed summaries.

trafilatura finds the main text and metadata of real pages (it is the best-evaluated
open-source extractor); beautifulsoup4 is the fallback and converts feed HTML snippets.

A page's publish date is trusted in two grades, recorded as ``published_source``:
"page-metadata" when the page states it in structured metadata (``article:published_time``,
``itemprop=datePublished``, JSON-LD ``datePublished``, Dublin Core, ...), "discovered"
when only trafilatura's heuristics (htmldate: URL patterns, visible text) found one. A
date in the future is never trusted. ``discover_feed_links`` reads the
``<link rel="alternate">`` feed autodiscovery tags of a page.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import warnings
from dataclasses import dataclass
from html import unescape
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning

__all__ = ["ExtractedArticle", "discover_feed_links", "extract_article", "html_to_text", "metadata_date"]

log = logging.getLogger(__name__)

_BLOCK_TAGS = ("p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "br", "tr", "blockquote", "section", "article")
_FURNITURE_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form", "button", "svg", "iframe", "figure")
_FURNITURE_LINE = re.compile(
    r"^(?:share|share this|tweet|email|print|subscribe|sign up|sign me up|more for you|read more|related|advertisement|"
    r"story continues below|don't miss another story.*|see all newsletters|more sharing|follow us.*|"
    r"(?:more must-reads|more from|most popular|recommended|you may also like|related (?:stories|articles|coverage)|"
    r"read next|sign up for|subscriber benefits|trending)\b.*)$",
    re.I,
)
#: a paragraph that is a disclaimer or an advertising notice, not reporting
_DISCLAIMER = re.compile(
    r"advertisers do not influence|we may receive compensation|not (?:a )?(?:recommendation|investment advice|financial advice)"
    r"|for (?:general )?informational purposes only|affiliate (?:links?|commission)|^disclaimer\b|sponsored content"
    r"|do your own research|consult (?:with )?a qualified professional",
    re.I,
)


_TAG = re.compile(r"<(meta|link|time|base)\b([^>]{0,2000})>", re.I)
_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_LD_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]{6,40})"')
#: meta name/property/itemprop values that state the publish date, most explicit first
_DATE_KEYS = (
    "article:published_time", "og:article:published_time", "og:published_time", "datepublished",
    "article:published", "article.published", "vr:published-time", "dc.date.issued", "dcterms.issued",
    "citation_publication_date", "parsely-pub-date", "publishdate", "publish-date", "publish_date",
    "publication_date", "pubdate", "dc.date.created", "dcterms.created", "dc.date", "dcterms.date", "pdate",
    "sailthru.date", "date",
)
_DATE_RANK = {key: rank for rank, key in enumerate(_DATE_KEYS)}
_FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/rdf+xml"})
_EPOCH = dt.date(1990, 1, 1)  # no news page or feed entry is older; earlier dates are bogus (often epoch 0)


@dataclass(frozen=True)
class ExtractedArticle:
    title: str | None
    text: str
    published: dt.date | None
    #: "page-metadata" (stated in the page's metadata), "discovered" (heuristics) or None
    published_source: str | None = None


def _attrs(raw: str) -> dict[str, str]:
    return {m.group(1).lower(): (m.group(2) or m.group(3) or m.group(4) or "").strip() for m in _ATTR.finditer(raw)}


def _as_text(html: str | bytes) -> str:
    return html.decode("utf-8", errors="replace") if isinstance(html, bytes) else html


def discover_feed_links(html: str | bytes, base_url: str) -> list[str]:
    """Feed URLs a page announces with ``<link rel="alternate" type="application/rss+xml">``.

    Absolute http(s) URLs, in page order without duplicates, comment feeds last (WordPress
    pages announce the site feed and its comments feed; the first is the one wanted).
    """
    text = _as_text(html)
    base = base_url
    found: list[tuple[bool, str]] = []
    for m in _TAG.finditer(text):
        name, attrs = m.group(1).lower(), _attrs(m.group(2))
        if name == "base" and attrs.get("href"):
            base = urljoin(base_url, attrs["href"])
            continue
        if name != "link" or "alternate" not in attrs.get("rel", "").lower().split():
            continue
        if attrs.get("type", "").lower().split(";")[0].strip() not in _FEED_TYPES or not attrs.get("href"):
            continue
        try:
            url = urljoin(base, attrs["href"])
            scheme = urlsplit(url).scheme
        except ValueError:
            continue
        comments = "comment" in (attrs.get("title", "") + " " + url).lower()
        if scheme in ("http", "https") and url not in (u for _, u in found):
            found.append((comments, url))
    return [u for _, u in sorted(found, key=lambda item: item[0])]


def _parse_day(value: str) -> dt.date | None:
    value = value.strip()
    for pattern, order in ((r"(\d{4})-(\d{2})-(\d{2})", "ymd"), (r"(\d{4})/(\d{2})/(\d{2})", "ymd"),
                           (r"(\d{2})\.(\d{2})\.(\d{4})", "dmy"), (r"(\d{4})(\d{2})(\d{2})$", "ymd")):
        m = re.match(pattern, value)
        if m:
            parts = [int(g) for g in m.groups()]
            y, mo, d = parts if order == "ymd" else parts[::-1]
            try:
                return dt.date(y, mo, d)
            except ValueError:
                return None
    return None


def metadata_date(html: str | bytes) -> dt.date | None:
    """The publish date the page states in its metadata (the most explicit key wins), or None."""
    text = _as_text(html)
    best: tuple[int, dt.date] | None = None
    ld = _LD_PUBLISHED.search(text)
    if ld and (day := _parse_day(ld.group(1))):
        best = (_DATE_RANK["datepublished"], day)
    for m in _TAG.finditer(text):
        if m.group(1).lower() not in ("meta", "time"):
            continue
        attrs = _attrs(m.group(2))
        # <time> tags in the body often date teasers of other stories: a last resort only
        penalty = 0 if m.group(1).lower() == "meta" else len(_DATE_KEYS)
        ranks = [_DATE_RANK[k] + penalty for k in (attrs.get(a, "").lower() for a in ("name", "property", "itemprop"))
                 if k in _DATE_RANK]
        if ranks and (best is None or min(ranks) < best[0]):
            day = _parse_day(attrs.get("content") or attrs.get("datetime") or "")
            if day:
                best = (min(ranks), day)
    return best[1] if best else None


def _soup(html: str | bytes) -> BeautifulSoup:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(html, "html.parser")


def html_to_text(html: str) -> str:
    """Feed content/summary HTML -> plain text, one paragraph per line."""
    if "<" not in html:  # still HTML: "S&amp;P 500" must become "S&P 500"
        return re.sub(r"[ \t]+", " ", unescape(html)).strip()
    soup = _soup(html)
    for tag in soup(list(_FURNITURE_TAGS)):
        tag.decompose()
    for tag in soup.find_all(list(_BLOCK_TAGS)):
        tag.insert_before("\n")
        tag.insert_after("\n")
    lines = [re.sub(r"\s+", " ", line).strip() for line in soup.get_text().splitlines()]
    return "\n\n".join(line for line in lines if line and not _FURNITURE_LINE.match(line))


def _date(value: object, today: dt.date | None = None) -> dt.date | None:
    if not value:
        return None
    day = value if isinstance(value, dt.date) else _parse_day(str(value))
    if day is None or day < _EPOCH:
        return None
    if day > (today or dt.date.today()) + dt.timedelta(days=1):
        return None  # a publish date in the future is not trusted
    return day


def extract_article(html: str | bytes, *, url: str | None) -> ExtractedArticle:
    """The main text, title and publish date of an article page.

    Navigation, teasers, share widgets and disclaimers are dropped; trafilatura does the
    work and beautifulsoup4 takes over when it finds nothing.
    """
    import trafilatura

    text, title, published = "", None, None
    try:
        found = trafilatura.bare_extraction(
            html, url=url, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True,
        )
        doc = found.as_dict() if found is not None and hasattr(found, "as_dict") else found
    except (ValueError, TypeError, AttributeError, LookupError) as exc:  # lxml errors on broken pages
        log.debug("trafilatura failed on %s: %s", url, exc)
        doc = None
    if isinstance(doc, dict):
        text = (doc.get("text") or "").strip()
        title = doc.get("title") or None
        published = _date(doc.get("date"))
    stated = _date(metadata_date(html))
    source = "page-metadata" if stated else "discovered" if published else None
    published = stated or published
    if not text:
        soup = _soup(html)
        if title is None and soup.title and soup.title.string:
            title = soup.title.string.strip()
        body = soup.find("article") or soup.body or soup
        text = html_to_text(str(body))
    text = "\n\n".join(
        line for line in text.splitlines()
        if line.strip() and not _FURNITURE_LINE.match(line.strip()) and not _DISCLAIMER.search(line)
    )
    return ExtractedArticle(title=title, text=text, published=published, published_source=source)
