"""Article identity: GUID, else canonical link (tracking parameters stripped), else content hash."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from models import stable_id

__all__ = ["article_id", "canonical_url"]

TRACKING_PREFIXES = ("utm_", "mc_", "_hs", "hsa_", "pk_", "vero_")
TRACKING_KEYS = frozenset({"fbclid", "gclid", "dclid", "msclkid", "igshid", "cmpid", "ncid", "ref", "src", "soc_src",
                           "soc_trk", "mbid", "rss", "feed", "yptr", "guccounter", "guce_referrer", "guce_referrer_sig"})


def canonical_url(url: str) -> str:
    """Lower-case scheme and host, no fragment, no tracking parameters, no trailing '?'.

    A URL ``urlsplit`` cannot read (e.g. "http://[::1" from a hostile feed) is returned
    stripped but otherwise unchanged: identity must never crash a feed.
    """
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return url.strip()
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
             if not k.lower().startswith(TRACKING_PREFIXES) and k.lower() not in TRACKING_KEYS]
    netloc = parts.netloc.lower()
    if netloc.endswith(":80") and parts.scheme == "http":
        netloc = netloc[:-3]
    if netloc.endswith(":443") and parts.scheme == "https":
        netloc = netloc[:-4]
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", urlencode(query), ""))


def article_id(*, guid: str | None = None, url: str | None = None, text: str | None = None) -> str:
    """Stable article id; the same article always maps to the same id, so re-ingest upserts."""
    if guid and guid.strip():
        return stable_id("guid", guid.strip())
    if url:
        return stable_id("url", canonical_url(url))
    return stable_id("text", (text or "").strip())
