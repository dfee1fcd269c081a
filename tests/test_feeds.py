"""Feeds on real saved files (add a test by adding a file with its JSON sidecar) and HTTP
fetching against a local server."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx
import pytest
from pytest_httpserver import HTTPServer

import feeds
from models import FeedError, FeedParseError, FetchError, UnsafeURLError

from .conftest import CORPUS, SEED

WELL = sorted((CORPUS / "feeds" / "wellformed").glob("*.xml"))
ILL = sorted((CORPUS / "feeds" / "illformed").glob("*.xml"))
PAGES = sorted((CORPUS / "pages").glob("*.html"))


def _sidecar(path: Path) -> dict:  # type: ignore[type-arg]
    return json.loads(path.with_suffix(".json").read_text("utf-8"))


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ")).strip()


CONTENT_TYPES = {"rss2": "application/rss+xml", "atom": "application/atom+xml", "rss1": "application/rdf+xml"}


@pytest.mark.parametrize("path", [pytest.param(p, id=p.stem) for p in WELL])
def test_wellformed_feed(path: Path, httpserver: HTTPServer) -> None:
    """Each saved real feed, served by a local HTTP server with its format's content type."""
    expected = _sidecar(path)
    httpserver.expect_request(f"/{path.name}").respond_with_data(
        path.read_bytes(), content_type=CONTENT_TYPES.get(expected["format"], "application/xml"))
    with feeds.make_client(version="test") as client:
        result = feeds.read_source(httpserver.url_for(f"/{path.name}"), client=client, allow_private=True)
    assert result.status == 200 and result.nbytes == path.stat().st_size
    assert result.kind == "feed"
    assert len(result.articles) == expected["entries"]
    first = result.articles[0]
    assert _norm(first.title or "") == _norm(expected["first_entry"]["title"])
    if expected["first_entry"].get("link"):
        assert first.url == feeds.canonical_url(expected["first_entry"]["link"].strip())
    assert len({a.id for a in result.articles}) == len(result.articles), "article ids must be unique"


@pytest.mark.parametrize("path", [pytest.param(p, id=p.stem) for p in ILL])
def test_illformed_feed_is_recovered_or_refused_clearly(path: Path, httpserver: HTTPServer) -> None:
    httpserver.expect_request(f"/{path.name}").respond_with_data(path.read_bytes(), content_type="application/xml")
    try:
        with feeds.make_client(version="test") as client:
            result = feeds.read_source(httpserver.url_for(f"/{path.name}"), client=client, allow_private=True)
    except FeedParseError as exc:
        assert path.name in str(exc)
        return
    assert len(result.articles) == _sidecar(path)["entries"] or result.warnings
    assert all(a.text and a.id for a in result.articles)


@pytest.mark.parametrize("path", [pytest.param(p, id=p.stem) for p in PAGES])
def test_article_page_main_text(path: Path) -> None:
    expected = _sidecar(path)
    page = feeds.extract_article(path.read_bytes(), url=expected.get("url"))
    text = _norm(page.text)
    assert _norm(expected["first_sentence"])[:60] in text
    for furniture in expected.get("furniture", []):
        assert _norm(furniture) not in text, furniture


def test_text_article_header() -> None:
    article = feeds.read_source(str(SEED)).articles[0]
    assert article.published is not None and article.published.isoformat() == "2025-12-12"
    assert article.url and article.url.startswith("https://www.coindesk.com/")
    assert article.text.startswith("The Federal Reserve begins Treasury bill purchases")


def test_identity_strips_tracking_parameters() -> None:
    a = feeds.article_id(url="https://Example.com/story?id=7&utm_source=x&fbclid=y#top")
    assert a == feeds.article_id(url="https://example.com/story?id=7")
    assert feeds.article_id(guid="g-1", url="https://a") == feeds.article_id(guid="g-1", url="https://b")


def test_doctype_entities_are_never_expanded(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET")
    xxe = (f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">'
           '<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
           '<rss version="2.0"><channel><title>t</title><item><title>&xxe; &b;</title>'
           '<link>https://x.test/1</link><description>body</description></item></channel></rss>')
    result = feeds.parse_feed(xxe.encode(), url="mem://xxe")
    assert "TOPSECRET" not in json.dumps([a.title for a in result.articles] + [a.text for a in result.articles])
    assert "aaaaaaaaaa" not in (result.articles[0].title or "")


# -- HTTP against a local server ---------------------------------------------------------------


LIMITS = feeds.FetchLimits(deadline=10, max_bytes=2_000_000)


@pytest.fixture
def client():  # type: ignore[no-untyped-def]
    with feeds.make_client(version="test", limits=LIMITS) as c:
        yield c


def test_fetch_feed_from_local_server(httpserver: HTTPServer, client: httpx.Client) -> None:
    body = (CORPUS / "feeds" / "wellformed" / "coindesk-rss2.xml").read_bytes()
    httpserver.expect_request("/feed").respond_with_data(body, content_type="application/rss+xml; charset=utf-8")
    result = feeds.read_source(httpserver.url_for("/feed"), client=client, allow_private=True)
    assert result.kind == "feed" and len(result.articles) == 25 and not result.warnings
    request = httpserver.log[0][0]
    assert request.headers["User-Agent"].startswith("marketclaims/test (+")


def test_private_address_refused_without_the_flag(httpserver: HTTPServer, client: httpx.Client) -> None:
    httpserver.expect_request("/feed").respond_with_data("<rss/>")
    with pytest.raises(UnsafeURLError, match="private"):
        feeds.read_source(httpserver.url_for("/feed"), client=client)
    assert httpserver.log == []


@pytest.mark.parametrize("url", ["http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/", "file:///etc/passwd"])
def test_metadata_and_non_http_refused_even_when_private_allowed(url: str, client: httpx.Client) -> None:
    with pytest.raises(UnsafeURLError):
        feeds.read_source(url, client=client, allow_private=True)


@pytest.mark.parametrize("spelling", ["2130706433", "0x7f000001", "127.1", "[::ffff:127.0.0.1]"])
def test_every_spelling_of_loopback_is_refused(spelling: str) -> None:
    with pytest.raises(UnsafeURLError):
        feeds.check_url(f"http://{spelling}/feed")


def test_http_errors_and_redirect_loops(httpserver: HTTPServer, client: httpx.Client) -> None:
    httpserver.expect_request("/gone").respond_with_data("no", status=404)
    httpserver.expect_request("/loop").respond_with_data("", status=302, headers={"Location": "/loop"})
    with pytest.raises(FetchError) as info:
        feeds.read_source(httpserver.url_for("/gone"), client=client, allow_private=True)
    assert info.value.status == 404 and "/gone" in str(info.value)
    with pytest.raises(FetchError, match="redirect"):
        feeds.read_source(httpserver.url_for("/loop"), client=client, allow_private=True)


def test_body_cap(httpserver: HTTPServer, client: httpx.Client) -> None:
    httpserver.expect_request("/big").respond_with_data(b"x" * 3_000_000)
    with pytest.raises(FetchError, match="larger than"):
        feeds.read_source(httpserver.url_for("/big"), client=client, allow_private=True, limits=LIMITS)


def test_html_page_instead_of_a_feed_is_read_as_an_article(httpserver: HTTPServer, client: httpx.Client) -> None:
    page = PAGES[0].read_bytes()
    httpserver.expect_request("/page").respond_with_data(page, content_type="text/html")
    result = feeds.read_source(httpserver.url_for("/page"), client=client, allow_private=True)
    assert result.kind == "page" and result.articles[0].text


def test_empty_body_is_a_clear_error(httpserver: HTTPServer, client: httpx.Client) -> None:
    httpserver.expect_request("/empty").respond_with_data(b"", content_type="application/rss+xml")
    with pytest.raises(FeedError, match="empty"):
        feeds.read_source(httpserver.url_for("/empty"), client=client, allow_private=True)
