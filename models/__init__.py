"""Shared vocabulary of marketclaims: domain records and the exception tree.

This package imports nothing from the project and no third-party package, so every stage
(feeds, extractor, prices, verify, store) can depend on it and on nothing else.
"""

from .errors import (
    ArticleError,
    ConfigError,
    ExtractionError,
    FeedError,
    FeedParseError,
    FetchError,
    MalformedPriceData,
    MarketClaimsError,
    NoPriceData,
    NotFound,
    PatternError,
    PriceDataError,
    SchemaError,
    StoreError,
    ThrottledError,
    UnknownSymbol,
    UnsafeURLError,
    VerificationError,
)
from .records import (
    CLAIM_KINDS,
    SCORED_KINDS,
    VERDICTS,
    Article,
    Claim,
    PriceBar,
    Quantity,
    Verdict,
    stable_id,
)

__all__ = [
    "CLAIM_KINDS",
    "SCORED_KINDS",
    "VERDICTS",
    "Article",
    "ArticleError",
    "Claim",
    "ConfigError",
    "ExtractionError",
    "FeedError",
    "FeedParseError",
    "FetchError",
    "MalformedPriceData",
    "MarketClaimsError",
    "NoPriceData",
    "NotFound",
    "PatternError",
    "PriceBar",
    "PriceDataError",
    "Quantity",
    "SchemaError",
    "StoreError",
    "ThrottledError",
    "UnknownSymbol",
    "UnsafeURLError",
    "Verdict",
    "VerificationError",
    "stable_id",
]
