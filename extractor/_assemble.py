"""Turn one sentence's spans (assets, quantities, time expressions) into claims.

The assembler reads financial copy the way an analyst skims it: a figure belongs to the
nearest asset named before it in the same clause ("dragging the S&P 500 down 1.8% and
slashing the Nasdaq by 3.4%"); a list of assets shares one figure ("Arm and Broadcom as
well as Oracle ... fell at least 12%") or pairs with a list of figures ("up 11.2% and
10.1%, respectively"); the words right before a figure say what it is (a move, a level,
a drawdown, a rate decision, a central-bank operation). Cue words are data
(``patterns/claims.json``); the grammar lives in ``_context``, ``_records`` and ``_figures``.
"""

from __future__ import annotations

from dataclasses import replace

from models import Claim, Quantity

from ._context import DocContext, Mention, Sentence, add_anaphora, clean_mentions, dedupe
from ._dates import TimeExpr
from ._figures import find_figure_claims
from ._lexicon import ClaimLexicon
from ._records import find_records, find_streaks

__all__ = ["DocContext", "Mention", "assemble_sentence"]

#: hedged claims of these kinds are forecasts, stored as the unscored ``estimate`` kind
FORECAST_KINDS = frozenset({"price_level", "percent_change", "drawdown"})


def assemble_sentence(
    text: str,
    mentions: list[Mention],
    quantities: list[Quantity],
    times: list[TimeExpr],
    ctx: DocContext,
    lex: ClaimLexicon,
) -> list[tuple[int, Claim]]:
    """Claims of one sentence as ``(anchor_offset, claim)``; offsets relative to ``text``."""
    s = Sentence(text, text.lower(), clean_mentions(text, mentions, lex), quantities, times, ctx, lex)
    s.mentions = add_anaphora(s)
    find_streaks(s)
    find_records(s)
    find_figure_claims(s)
    ctx.remember(s.mentions)
    return [(anchor, _forecast_as_estimate(c)) for anchor, c in dedupe(s.out)]


def _forecast_as_estimate(c: Claim) -> Claim:
    """A hedged price, move or drawdown is a forecast ("sees bitcoin reaching $150,000"):
    the schema's unscored ``estimate`` kind, never checked against data as a fact."""
    if c.hedged and c.kind in FORECAST_KINDS:
        return replace(c, kind="estimate")
    return c
