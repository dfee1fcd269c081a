"""marketclaims: check the figures in market news against market data.

The app package: the CLI (``marketclaims.cli``), the SQLite store (``marketclaims.store``),
price providers (``marketclaims.prices``), the verifier (``marketclaims.verify``) and the
pipeline that composes them with the ``feeds`` and ``extractor`` stages.
"""

__version__ = "0.1.0"
