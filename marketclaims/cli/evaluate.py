"""``marketclaims eval``: score the extractor on a gold split, next to a null baseline."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

import extractor
from extractor.evaluation import evaluate, load_gold_dir, load_sentence_table

from ._common import console, handles_errors

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    app.command("eval")(eval_command)


@handles_errors
def eval_command(
    gold: Annotated[Path, typer.Argument(help="A gold split directory (docs/ + gold/) or a sentence table (.jsonl).")],
    errors: Annotated[bool, typer.Option("--errors", help="List every missed and spurious claim.")] = False,
) -> None:
    """Precision, recall and F1 per claim kind, plus date/relation/hedged accuracy on matches.

    Example: marketclaims eval tests/gold/dev --errors
    """
    examples = load_sentence_table(gold) if gold.suffix == ".jsonl" else load_gold_dir(gold)
    score = evaluate(examples, lambda text, published: extractor.extract(text, published))
    baseline = evaluate(examples, lambda text, published: [])
    console.print(score.table())
    console.print(f"null baseline micro F1 = {baseline.micro()[2]:.3f}")
    if errors:
        for line in score.errors:
            console.print(line, markup=False)
