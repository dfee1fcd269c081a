"""Plain-text articles with a small header, as in the eval corpus::

    url: https://...
    title: ...
    published: 2025-12-12      (or ~2025-12-12, or unknown)
    source: site name

    <body>
"""

from __future__ import annotations

import datetime as dt
import re

from models import Article, ArticleError

from ._identity import article_id

__all__ = ["looks_like_text_article", "parse_text_article"]

_HEADER_LINE = re.compile(r"^(url|title|published|source|guid)\s*:\s*(.*)$", re.I)


def looks_like_text_article(text: str) -> bool:
    head = text.lstrip("\ufeff").split("\n\n", 1)[0]
    lines = [line for line in head.splitlines() if line.strip()]
    return bool(lines) and all(_HEADER_LINE.match(line) for line in lines) and "\n\n" in text


def parse_text_article(text: str, *, source_name: str) -> Article:
    """Parse a header-and-body text article; ``source_name`` names it in errors."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    head, sep, body = text.partition("\n\n")
    if not sep or not body.strip():
        raise ArticleError(f"{source_name}: no body after the header (expected a blank line)", url=source_name)
    meta: dict[str, str] = {}
    for line in head.splitlines():
        m = _HEADER_LINE.match(line.strip())
        if m:
            meta[m.group(1).lower()] = m.group(2).strip()
    published = None
    raw = meta.get("published", "").lstrip("~").strip()
    if raw and raw.lower() != "unknown":
        try:
            published = dt.date.fromisoformat(raw[:10])
        except ValueError as exc:
            raise ArticleError(f"{source_name}: bad published date {raw!r}", url=source_name) from exc
    url = meta.get("url") or None
    return Article(
        id=article_id(guid=meta.get("guid"), url=url, text=body),
        url=url,
        title=meta.get("title") or None,
        text=body,
        published=published,
        published_source="header" if published else None,
        source=meta.get("source") or None,
        guid=meta.get("guid"),
    )
