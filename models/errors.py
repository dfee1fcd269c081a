"""The exception tree of marketclaims.

Every error the library raises on purpose derives from one root, so the CLI can catch
``MarketClaimsError`` alone, print one line and exit non-zero, while programmer errors
still surface as tracebacks::

    MarketClaimsError
    ├── ConfigError                  bad settings, missing or malformed config file
    ├── InputError                   a file or record the user handed us is unusable (.path, .line)
    ├── FeedError                    anything about reading a source        (.url)
    │   ├── FetchError               transport failure, HTTP error status   (.status)
    │   │   └── UnsafeURLError       address refused (private, metadata, downgrade)
    │   ├── FeedParseError           not a feed, unreadable XML, empty body
    │   └── ArticleError             an article page or text file is unusable
    ├── ExtractionError              the NLP stage cannot run
    │   └── PatternError             a pattern / gazetteer file is malformed (.path)
    ├── PriceDataError               price series problems                  (.symbol)
    │   ├── UnknownSymbol            the vendor or catalogue has no such series
    │   ├── NoPriceData              the series has no rows in the range asked for
    │   ├── ThrottledError           the vendor asked us to slow down       (.retry_after)
    │   └── MalformedPriceData       a response or file not in the expected shape
    ├── StoreError                   the SQLite store cannot do what was asked
    │   ├── SchemaError              migrations failed or the file is not our database
    │   ├── StorageUnavailable       the file cannot be written at all: disk full, read-only, size limit
    │   └── NotFound                 an id that is not in the store         (.key)
    └── VerificationError            a claim record cannot be verified at all (.claim_id)

Errors carry the offending input as attributes so a caller can report or log it without
parsing the message.
"""

from __future__ import annotations

__all__ = [
    "ArticleError",
    "ConfigError",
    "ExtractionError",
    "FeedError",
    "FeedParseError",
    "FetchError",
    "InputError",
    "MalformedPriceData",
    "MarketClaimsError",
    "NoPriceData",
    "NotFound",
    "PatternError",
    "PriceDataError",
    "SchemaError",
    "StorageUnavailable",
    "StoreError",
    "ThrottledError",
    "UnknownSymbol",
    "UnsafeURLError",
    "VerificationError",
]


class MarketClaimsError(Exception):
    """Root of every error marketclaims raises deliberately."""


class ConfigError(MarketClaimsError):
    """Settings or a config file are invalid."""


class InputError(MarketClaimsError):
    """A file, stream or record handed to a command is unusable (bad encoding, bad value, too large).

    ``path`` and ``line`` name the offending input so the CLI can say where, in one line.
    """

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.path = path
        self.line = line


class FeedError(MarketClaimsError):
    """A feed, page or article source could not be read."""

    def __init__(self, message: str, *, url: str | None = None) -> None:
        super().__init__(message)
        self.url = url


class FetchError(FeedError):
    """The transport failed or the server answered with an error status."""

    def __init__(self, message: str, *, url: str | None = None, status: int | None = None,
                 retry_after: float | None = None) -> None:
        super().__init__(message, url=url)
        self.status = status
        #: seconds the server asked us to wait (429/503 Retry-After), when it said so
        self.retry_after = retry_after


class UnsafeURLError(FetchError):
    """The address is refused: private or metadata host, bad scheme, or https→http."""


class FeedParseError(FeedError):
    """The body is not a feed we can read (HTML page, empty body, broken XML)."""


class ArticleError(FeedError):
    """An article page or text file has no usable text or header."""


class ExtractionError(MarketClaimsError):
    """The NLP pipeline cannot be built or run."""


class PatternError(ExtractionError):
    """A pattern or gazetteer file is malformed."""

    def __init__(self, message: str, *, path: str | None = None) -> None:
        super().__init__(message)
        self.path = path


class PriceDataError(MarketClaimsError):
    """Price data is missing, unknown or malformed."""

    def __init__(self, message: str, *, symbol: str | None = None) -> None:
        super().__init__(message)
        self.symbol = symbol


class UnknownSymbol(PriceDataError):
    """No series by that name at the vendor or in the catalogue."""


class NoPriceData(PriceDataError):
    """The series exists but holds no rows for the range asked for."""


class ThrottledError(PriceDataError):
    """The vendor rate-limited us (HTTP 429/503 or a vendor message)."""

    def __init__(
        self, message: str, *, symbol: str | None = None, retry_after: float | None = None
    ) -> None:
        super().__init__(message, symbol=symbol)
        self.retry_after = retry_after


class MalformedPriceData(PriceDataError):
    """A response or file is not in the shape the provider expects."""


class StoreError(MarketClaimsError):
    """The SQLite store failed."""


class SchemaError(StoreError):
    """The database schema cannot be created or migrated."""


class StorageUnavailable(StoreError):
    """The database file cannot be written at all (disk full, read-only, file-size limit, I/O error).

    Unlike other store errors this one is not about one record: every later write in the same
    run would fail the same way, so a batch stops writing and reports what it skipped.
    """


class NotFound(StoreError):
    """A requested id is not in the store."""

    def __init__(self, message: str, *, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


class VerificationError(MarketClaimsError):
    """A claim record cannot be verified at all (malformed input)."""

    def __init__(self, message: str, *, claim_id: str | None = None) -> None:
        super().__init__(message)
        self.claim_id = claim_id
