"""The extractor's quality gate: pinned floors on the gold split and the sentence table.

Scored like the shared scorer (kind, subject, value) plus the fields the verifier relies
on (date, relation, hedged) over matched claims, per kind. Floors live in
tests/gold/floors.json; they may only go up.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor import extract
from extractor.evaluation import FIELDS, Score, evaluate, load_gold_dir, load_sentence_table
from models import SCORED_KINDS

HERE = Path(__file__).parent
FLOORS = json.loads((HERE / "gold" / "floors.json").read_text("utf-8"))
SPLITS = {
    "dev": lambda: load_gold_dir(HERE / "gold" / "dev"),
    "sentences": lambda: load_sentence_table(HERE / "corpus" / "sentences" / "claims.jsonl"),
}
# Hand-labelled batches of unseen real articles (issue #15). Their first-sight scores are in
# tests/corpus/articles/FIRST_SIGHT.md; from then on they are regression gates like dev, so new
# batches are labelled and scored sealed before they join this table.
BATCHES = ("batch-01", "batch-02")
for _batch in BATCHES:
    SPLITS[_batch] = lambda b=_batch: load_gold_dir(HERE / "corpus" / "articles" / b)
KIND_SPLITS = ("dev", "sentences")  # large enough per kind for per-kind floors
_SCORES: dict[str, Score] = {}


def _score(split: str) -> Score:
    if split not in _SCORES:
        _SCORES[split] = evaluate(SPLITS[split](), lambda text, published: extract(text, published))
    return _SCORES[split]


@pytest.mark.parametrize("split", sorted(SPLITS))
def test_micro_f1_floor(split: str) -> None:
    score = _score(split)
    assert score.micro()[2] >= FLOORS[split]["micro_f1"], score.table()


@pytest.mark.parametrize("split", KIND_SPLITS)
@pytest.mark.parametrize("kind", SCORED_KINDS)
def test_kind_floors(split: str, kind: str) -> None:
    score = _score(split)
    floor = FLOORS[split]["kinds"][kind]
    assert score.kind(kind)[2] >= floor["f1"], f"{kind} F1 {score.kind(kind)[2]:.3f} < {floor['f1']}\n{score.table()}"
    for name in FIELDS:
        assert score.field_accuracy(name, kind) >= floor[name], f"{kind} {name} accuracy fell below {floor[name]}"


@pytest.mark.parametrize("split", BATCHES)
@pytest.mark.parametrize("name", FIELDS)
def test_batch_field_floors(split: str, name: str) -> None:
    """Per-kind counts are too small in a 25-article batch; the fields are pinned over all kinds."""
    score = _score(split)
    floor = FLOORS[split]["fields"][name]
    assert score.field_accuracy(name) >= floor, f"{split} {name} accuracy {score.field_accuracy(name):.3f} < {floor}"


def test_dev_meets_the_product_bar() -> None:
    """Issue bar: micro-F1 >= 0.85 and F1 >= 0.6 for every kind with >= 5 gold claims."""
    score = _score("dev")
    assert score.micro()[2] >= 0.85
    for kind in SCORED_KINDS:
        if score.gold[kind] >= 5:
            assert score.kind(kind)[2] >= 0.6, kind


def test_null_baseline_scores_zero() -> None:
    """The scorer is not vacuous: an extractor that finds nothing scores 0."""
    assert evaluate(SPLITS["dev"](), lambda text, published: []).micro()[2] == 0.0
