"""``marketclaims feeds``: subscriptions polled by ``marketclaims ingest`` with no arguments."""

from __future__ import annotations

from enum import Enum
from typing import Annotated

import typer

import feeds

from .. import store
from ._common import Format, console, handles_errors, render, settings

__all__ = ["app"]

app = typer.Typer(help="Feed subscriptions: add, list, remove. `marketclaims ingest` polls the due ones.",
                  no_args_is_help=True)


class GuidOverride(str, Enum):
    link = "link"
    hash = "hash"


@app.command("add")
@handles_errors
def add_command(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="The feed URL (http or https).")],
    name: Annotated[str | None, typer.Option(help="A name for the feed.")] = None,
    allow_private_hosts: Annotated[bool, typer.Option("--allow-private-hosts", help="This feed may live on a private network.")] = False,
    guid_override: Annotated[GuidOverride | None, typer.Option(help="Identify entries by link or content hash (feeds with broken GUIDs).")] = None,
) -> None:
    """Subscribe to a feed.

    Example: marketclaims feeds add https://www.federalreserve.gov/feeds/press_all.xml --name "Fed press"
    """
    feeds.check_url(url, allow_private=allow_private_hosts or settings(ctx).config.allow_private_hosts)
    db = store.open_db(settings(ctx).db_path)
    store.save_feed(db, url, name=name, allow_private=allow_private_hosts,
                    guid_override=guid_override.value if guid_override else None)
    console.print(f"subscribed to {url}")


@app.command("list")
@handles_errors
def list_command(
    ctx: typer.Context,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = Format.auto,
) -> None:
    """Subscribed feeds: last fetch, status, article count, next due time.

    Example: marketclaims feeds list
    """
    db = store.open_db(settings(ctx).db_path)
    render(store.list_feeds(db), fmt, columns=("url", "name", "last_fetched_at", "last_status", "articles", "next_due_at"),
           title="feeds")


@app.command("remove")
@handles_errors
def remove_command(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="The feed URL to unsubscribe from (its articles stay).")],
) -> None:
    """Unsubscribe from a feed; its stored articles and claims stay.

    Example: marketclaims feeds remove https://www.federalreserve.gov/feeds/press_all.xml
    """
    db = store.open_db(settings(ctx).db_path)
    store.delete_feed(db, url)
    console.print(f"unsubscribed from {url}")
