"""HTML -> article text: the main text of a page, and plain text from feed summaries.

trafilatura finds the main text and metadata of real pages (it is the best-evaluated
open-source extractor); beautifulsoup4 is the fallback and converts feed HTML snippets.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import warnings
from dataclasses import dataclass

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning

__all__ = ["ExtractedArticle", "extract_article", "html_to_text"]

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


@dataclass(frozen=True)
class ExtractedArticle:
    title: str | None
    text: str
    published: dt.date | None


def _soup(html: str | bytes) -> BeautifulSoup:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        return BeautifulSoup(html, "html.parser")


def html_to_text(html: str) -> str:
    """Feed content/summary HTML -> plain text, one paragraph per line."""
    if "<" not in html:
        return re.sub(r"[ \t]+", " ", html).strip()
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
    try:
        day = dt.date.fromisoformat(str(value)[:10])
    except ValueError:
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
    return ExtractedArticle(title=title, text=text, published=published)
