"""The NLP stage: find the quantitative market claims in article text.

Public API::

    extract(text, published=None) -> list[Claim]     # the contract of the eval scorer
    extract_many(items)            -> Iterator[list[Claim]]   # batched via nlp.pipe
    parse_quantities(text)         -> list[Quantity]
    build_nlp(extra_gazetteers=()) -> spacy.Language  # spacy.blank("en") + our components

No trained English model is needed: sentence boundaries, asset names, figures, dates and
claim assembly are rule components whose patterns live in ``extractor/patterns``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

import spacy
from spacy.language import Language

from models import Claim, Quantity

from . import _components  # noqa: F401  (registers the factories)
from ._quantities import parse_quantities

__all__ = ["EXTRACTOR_VERSION", "PIPE_NAMES", "build_nlp", "extract", "extract_many", "parse_quantities"]

#: stored with every claim; bump when extraction output changes so ``reextract`` can refresh
EXTRACTOR_VERSION = "0.1.0"
PIPE_NAMES = ("market_sentencizer", "asset_ruler", "quantity_tagger", "time_tagger", "claim_assembler")


def build_nlp(extra_gazetteers: Sequence[str] = ()) -> Language:
    """A blank English pipeline with the marketclaims components.

    Args:
        extra_gazetteers: paths of user gazetteer files (same JSONL format as
            ``patterns/assets.jsonl``) that extend or override the packaged one.
    """
    nlp = spacy.blank("en")
    nlp.add_pipe("market_sentencizer")
    nlp.add_pipe("asset_ruler", config={"extra_files": [str(p) for p in extra_gazetteers]})
    nlp.add_pipe("quantity_tagger")
    nlp.add_pipe("time_tagger")
    nlp.add_pipe("claim_assembler")
    return nlp


@lru_cache(maxsize=4)
def _default_nlp(extra: tuple[str, ...] = ()) -> Language:
    return build_nlp(extra)


def _coerce_date(published: dt.date | str | None) -> dt.date | None:
    if published is None or isinstance(published, dt.date):
        return published.date() if isinstance(published, dt.datetime) else published
    try:
        return dt.date.fromisoformat(str(published).strip().lstrip("~")[:10])
    except ValueError:
        return None


def extract_many(
    items: Iterable[tuple[str, dt.date | str | None]],
    *,
    nlp: Language | None = None,
    batch_size: int = 64,
) -> Iterator[list[Claim]]:
    """Claims for many ``(text, published)`` pairs, streamed through the pipeline in batches."""
    nlp = nlp or _default_nlp()

    def docs() -> Iterator[spacy.tokens.Doc]:
        for text, published in items:
            doc = nlp.make_doc(text)
            doc._.published = _coerce_date(published)
            doc._.raw_text = text  # Doc.text re-joins every token: the components reuse this
            yield doc

    stream: Iterable[spacy.tokens.Doc] = docs()
    for _, proc in nlp.pipeline:
        if hasattr(proc, "pipe"):
            stream = proc.pipe(stream, batch_size=batch_size)
        else:
            stream = map(proc, stream)
    for doc in stream:
        yield list(doc._.claims or [])


def extract(text: str, published: dt.date | str | None = None, *, nlp: Language | None = None) -> list[Claim]:
    """The claims in ``text``; relative dates resolve against ``published``.

    Args:
        text: the article body.
        published: publish date (``datetime.date`` or ISO string) or None.

    Returns:
        ``models.Claim`` records in text order; ``start``/``end`` index into ``text``.
    """
    return next(extract_many([(text, published)], nlp=nlp))


def quantities(text: str) -> list[Quantity]:
    """Alias of :func:`parse_quantities` kept for readability in notebooks."""
    return parse_quantities(text)
