"""The spaCy side: registered factories, disk round trip, sentence boundaries, spans."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

import extractor
from extractor import PIPE_NAMES, build_nlp
from extractor._sentences import sentence_spans
from models import PatternError

from .conftest import SEED

SEED_TEXT = SEED.read_text("utf-8").split("\n\n", 1)[1]


def test_pipeline_is_blank_english_plus_our_factories(nlp: Language) -> None:
    assert nlp.lang == "en" and tuple(nlp.pipe_names) == PIPE_NAMES
    for name in PIPE_NAMES:
        assert name in Language.factories


def test_round_trip_through_disk(nlp: Language, tmp_path: Path) -> None:
    nlp.to_disk(tmp_path / "model")
    assert (tmp_path / "model" / "asset_ruler" / "assets.jsonl").exists()
    loaded = spacy.load(tmp_path / "model")
    a = extractor.extract(SEED_TEXT, dt.date(2025, 12, 12), nlp=nlp)
    b = extractor.extract(SEED_TEXT, dt.date(2025, 12, 12), nlp=loaded)
    assert a == b and len(a) > 5


def test_spans_are_set(nlp: Language) -> None:
    doc = nlp("The Russell 2000 printed a record on Thursday, and bitcoin fell 3% to $90,000.")
    assert [(s.text, s.label_) for s in doc.spans["assets"]] == [("Russell 2000", "RUT"), ("bitcoin", "BTC")]
    assert [q.text for q in doc._.quantities] == ["3%", "$90,000"]


@pytest.mark.parametrize(
    "text, n",
    [
        ("U.S. stocks rose. The Fed cut rates by 25 bps at 2 p.m. Wednesday.", 2),
        ("Apple Inc. shares rose 2.5% to $190.10 on Monday.", 1),
        ("The No. 1 cryptocurrency fell. Ether followed.", 2),
        ("What to know:\n  • Bitcoin fell 3%.\n  • Ether rose 2%.", 3),
        ("Gold hit $2,090.50 an ounce. Silver lagged.", 2),
        ("Shares fell 3% at 10 a.m. The index then recovered.", 2),
    ],
)
def test_sentence_boundaries(text: str, n: int) -> None:
    spans = sentence_spans(text)
    assert len(spans) == n, [text[s:e] for s, e in spans]
    assert all(not text[s:e].startswith(("•", " ")) for s, e in spans)


def test_claim_offsets_point_at_the_figure() -> None:
    for claim in extractor.extract(SEED_TEXT, dt.date(2025, 12, 12)):
        assert claim.text in SEED_TEXT
        if claim.value is not None and claim.kind != "rate_decision":
            figure = SEED_TEXT[claim.start : claim.end]
            assert any(ch.isdigit() for ch in figure), figure


def test_extract_many_matches_extract() -> None:
    texts = [(SEED_TEXT, dt.date(2025, 12, 12)), ("Gold hit a record high of $2,090 on Friday.", "2023-12-01")]
    assert list(extractor.extract_many(texts)) == [extractor.extract(t, p) for t, p in texts]


def test_batched_pipe_equals_one_doc_at_a_time(nlp: Language) -> None:
    """Components run batch by batch in nlp.pipe; no state may leak between the documents
    of a batch (the 30 gold articles, in batches of 4)."""
    texts = [p.read_text("utf-8").split("\n\n", 1)[1] for p in sorted((SEED.parent).glob("*.txt"))]
    assert len(texts) >= 30
    one_by_one = [nlp(t)._.claims for t in texts]
    batched = [d._.claims for d in nlp.pipe(texts, batch_size=4)]
    assert batched == one_by_one and sum(map(len, batched)) > 100


def test_grouped_cue_lists_match_like_plain_alternations() -> None:
    """Cue lists are compiled grouped by first letter for speed; on every sentence of the
    gold articles each grouped regex finds exactly what the plain alternation finds."""
    import json
    import re

    from extractor._lexicon import grouped_alternation

    cues = json.loads((Path(extractor.__file__).parent / "patterns" / "claims.json").read_text("utf-8"))
    texts = [p.read_text("utf-8").split("\n\n", 1)[1].lower() for p in sorted(SEED.parent.glob("*.txt"))]
    sentences = [t[s:e] for t in texts for s, e in sentence_spans(t)]
    grouped_lists = 0
    word_lists = re.findall(r'_words\(data\["(\w+)"\]\)', (Path(extractor.__file__).parent / "_lexicon.py").read_text("utf-8"))
    assert len(word_lists) >= 10
    for key in word_lists:
        items = cues[key]
        ordered = sorted(items, key=len, reverse=True)
        plain = re.compile(rf"(?<![\w-])(?:{'|'.join(ordered)})(?![\w])")
        grouped_source = grouped_alternation(ordered)
        grouped_lists += grouped_source != "|".join(ordered)
        grouped = re.compile(rf"(?<![\w-])(?:{grouped_source})(?![\w])")
        for sentence in sentences:
            assert [m.span() for m in grouped.finditer(sentence)] == [m.span() for m in plain.finditer(sentence)], key
    assert grouped_lists >= 10


def test_shifting_a_claim_to_article_offsets_keeps_every_field() -> None:
    """The assembler rebuilds each claim with article offsets field by field (for speed):
    a field added to models.Claim must be carried over too."""
    import dataclasses

    from extractor._components import _shift
    from models import Claim

    fields = [f.name for f in dataclasses.fields(Claim)]
    sample = {name: f"v-{name}" for name in fields} | {"start": 3, "end": 7, "hedged": True, "value": 1.5, "date": None}
    shifted = _shift(Claim(**sample), 100, None)  # type: ignore[arg-type]
    for name in fields:
        if name in ("start", "end"):
            assert getattr(shifted, name) == sample[name] + 100
        elif name not in ("date", "date_basis"):
            assert getattr(shifted, name) == sample[name], name


def test_user_gazetteer_extends_subjects(tmp_path: Path) -> None:
    extra = tmp_path / "mine.jsonl"
    extra.write_text('{"subject": "lyft", "class": "stock", "names": ["lyft"], "cased": ["LYFT"]}\n')
    nlp = build_nlp([str(extra)])
    claims = extractor.extract("Lyft plummeted 36% after weak guidance.", dt.date(2022, 5, 6), nlp=nlp)
    assert [(c.kind, c.subject, c.value) for c in claims] == [("percent_change", "lyft", -36.0)]


def test_bad_gazetteer_names_the_file_and_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"subject": "X", "names": ["x"]}\n{"oops": 1}\n')
    with pytest.raises(PatternError, match="bad.jsonl:2"):
        build_nlp([str(bad)])
