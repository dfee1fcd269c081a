"""Price data: the series catalogue and the providers that fetch rows for it.

Providers share one small interface (``PriceProvider``) and are looked up by name in a
registry, so adding a vendor is adding an entry, not an if/elif. Fetching is explicit
(``marketclaims prices ...``); verification only ever reads what the store holds.
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol, runtime_checkable

from models import PriceBar, UnknownSymbol

from ._catalogue import Catalogue, SeriesSpec, load_catalogue
from ._files import BundledProvider, CsvProvider, parse_price_csv

__all__ = [
    "PROVIDERS",
    "Catalogue",
    "PriceProvider",
    "SeriesSpec",
    "get_provider",
    "load_catalogue",
    "parse_price_csv",
]


@runtime_checkable
class PriceProvider(Protocol):
    """Fetches daily rows of one catalogued series."""

    name: str

    def fetch(self, spec: SeriesSpec, *, start: dt.date | None = None, end: dt.date | None = None) -> list[PriceBar]: ...


#: built-in providers by name; the CLI and the pipeline look providers up here
PROVIDERS: dict[str, type[PriceProvider]] = {
    BundledProvider.name: BundledProvider,
    CsvProvider.name: CsvProvider,
}


def get_provider(name: str) -> PriceProvider:
    """An instance of the provider registered under ``name``."""
    try:
        return PROVIDERS[name]()
    except KeyError:
        raise UnknownSymbol(f"no price provider named {name!r} (known: {', '.join(sorted(PROVIDERS))})") from None
