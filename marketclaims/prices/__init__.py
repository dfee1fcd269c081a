"""Price data: the series catalogue and the providers that fetch rows for it.

Providers share one small interface (``PriceProvider``) and are looked up by name in a
registry, so adding a vendor is adding an entry, not an if/elif. Fetching is explicit
(``marketclaims prices ...``); verification only ever reads what the store holds.

Vendor providers (``yahoo``, ``stooq``, ``fred``, ``nyfed``, ``coingecko``) take an
optional ``httpx.Client``, base URL and API key, and raise the ``PriceDataError`` family
(``ThrottledError.retry_after`` says how long the vendor asked us to wait; nothing sleeps).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol, runtime_checkable

from models import PriceBar, UnknownSymbol

from ._catalogue import Catalogue, SeriesSpec, load_catalogue
from ._coingecko import CoinGeckoProvider
from ._files import BundledProvider, CsvProvider, parse_price_csv
from ._fred import FredProvider
from ._http import make_client
from ._nyfed import NyFedProvider, OperationBar, TreasuryOperation
from ._stooq import StooqProvider
from ._yahoo import YahooProvider

__all__ = [
    "PROVIDERS",
    "Catalogue",
    "CoinGeckoProvider",
    "FredProvider",
    "NyFedProvider",
    "OperationBar",
    "PriceProvider",
    "SeriesSpec",
    "StooqProvider",
    "TreasuryOperation",
    "YahooProvider",
    "get_provider",
    "make_client",
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
    YahooProvider.name: YahooProvider,
    StooqProvider.name: StooqProvider,
    FredProvider.name: FredProvider,
    NyFedProvider.name: NyFedProvider,
    CoinGeckoProvider.name: CoinGeckoProvider,
}


def get_provider(name: str, **kwargs: Any) -> PriceProvider:
    """An instance of the provider registered under ``name``.

    ``kwargs`` go to the constructor unchanged (``client=``, ``base_url=``, ``api_key=`` for
    the vendor providers), so the CLI can inject one shared client and the configured keys.
    """
    try:
        cls = PROVIDERS[name]
    except KeyError:
        raise UnknownSymbol(f"no price provider named {name!r} (known: {', '.join(sorted(PROVIDERS))})") from None
    return cls(**kwargs)
