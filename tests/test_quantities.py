"""The quantity parser against 659 hand-labelled real sentences (tests/corpus/quantities).

Add a case by adding a line to quantities.jsonl; a known miss goes to known_failures.json
with the reason, and is an xfail(strict=True) so a fix cannot go unnoticed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractor import parse_quantities

HERE = Path(__file__).parent / "corpus" / "quantities"
CASES = [json.loads(line) for line in (HERE / "quantities.jsonl").read_text("utf-8").splitlines() if line.strip()]
KNOWN = {k: v for k, v in json.loads((HERE / "known_failures.json").read_text("utf-8")).items() if not k.startswith("_")}


def _param(case: dict) -> object:  # type: ignore[type-arg]
    marks = [pytest.mark.xfail(strict=True, reason=KNOWN[case["id"]])] if case["id"] in KNOWN else []
    return pytest.param(case, id=case["id"], marks=marks)


def test_table_is_large_and_varied() -> None:
    assert len(CASES) >= 200
    assert sum(1 for c in CASES if not c["quantities"]) >= 25
    units = {q["unit"] for c in CASES for q in c["quantities"]}
    assert {"USD", "EUR", "GBP", "JPY", "CNY", "percent", "bps", None} <= units


@pytest.mark.parametrize("case", [_param(c) for c in CASES])
def test_quantities(case: dict) -> None:  # type: ignore[type-arg]
    got = [(q.text, round(q.value, 6), q.unit) for q in parse_quantities(case["text"])]
    expected = [(q["text"], round(q["value"], 6), q["unit"]) for q in case["quantities"]]
    assert got == expected
    for q in parse_quantities(case["text"]):
        assert case["text"][q.start : q.end] == q.text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("bitcoin BTC$92,441.66, which usually tops", []),
        ("the Fed's 25 basis-point reduction", [("25 basis-point", 25.0, "bps")]),
        ("starting with $8.2 billion as part", [("$8.2 billion", 8.2e9, "USD")]),
        ("$1.2 million to $23.5 million", [("$1.2 million", 1.2e6, "USD"), ("$23.5 million", 23.5e6, "USD")]),
        ("half a percentage point", [("half a percentage point", 0.5, "percent")]),
        ("the S&P 500, Russell 2000, Nasdaq 100, FTSE 100, Nikkei 225 and Euro Stoxx 50", []),
        ("Dec. 12, 2025, 10:50 a.m.", []),
        ("minus 0.1%", [("minus 0.1%", -0.1, "percent")]),
        ("C$5 billion and HK$3.2bn and A$2bn", [("C$5 billion", 5e9, "CAD"), ("HK$3.2bn", 3.2e9, "HKD"), ("A$2bn", 2e9, "AUD")]),
        ("¥150 trillion and 2.1 trillion yuan", [("¥150 trillion", 1.5e14, "JPY"), ("2.1 trillion yuan", 2.1e12, "CNY")]),
        # blockers are matched only just before a figure: the longest reach is a name's
        ("the S&P SmallCap 600 and the Nifty Financial 50 gained", []),
        ("Metaplanet (3350) rose 5%", [("5%", 5.0, "percent")]),
        ("No one expects one of the banks to cut", []),
        ("Boeing 737 MAX deliveries rose 12%", [("12%", 12.0, "percent")]),
        ("on 2025-11-20 at 14:30 GMT, 3 firms", [("3", 3.0, None)]),
        # a figure opening a line is not glued to the word that ended the line before
        ("What to know\n3% of holders sold", [("3%", 3.0, "percent")]),
    ],
)
def test_contract_examples(text: str, expected: list[tuple[str, float, str | None]]) -> None:
    got = [(q.text, q.value, q.unit) for q in parse_quantities(text)]
    assert [(t, pytest.approx(v), u) for t, v, u in expected] == got


def test_names_with_numbers_start_at_a_word() -> None:
    """The parser tries these names only at word starts near a figure (patterns/README.md)."""
    lexicon = json.loads((Path(__file__).parent.parent / "extractor" / "patterns" / "quantities.json").read_text("utf-8"))
    for name in lexicon["names_with_numbers"]:
        head = name[4:] if name.startswith("(?i:") else name
        assert head[:1].isalnum() or head.startswith("[A-Z]"), name
