"""Load the asset and institution gazetteer (``patterns/assets.jsonl``) and user additions.

Each line maps one canonical subject to the phrases news uses for it::

    {"subject": "BTC", "class": "crypto", "names": ["bitcoin", ...], "cased": ["BTC"]}

``names`` match case-insensitively on whole tokens, ``cased`` exactly (tickers and
names that are ordinary words in lower case: "Arm", "Meta"). A user file in the same
format extends or overrides the packaged one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from models import PatternError

__all__ = ["GazetteerEntry", "load_gazetteer", "packaged_gazetteer_lines"]

ALLOWED_KEYS = {"subject", "class", "names", "cased"}


@dataclass(frozen=True, slots=True)
class GazetteerEntry:
    subject: str
    cls: str
    names: tuple[str, ...]
    cased: tuple[str, ...]


def packaged_gazetteer_lines() -> list[str]:
    """The lines of the gazetteer shipped with the package."""
    text = resources.files("extractor").joinpath("patterns/assets.jsonl").read_text("utf-8")
    return text.splitlines()


def parse_gazetteer(lines: Iterable[str], *, source: str = "<gazetteer>") -> list[GazetteerEntry]:
    """Parse gazetteer JSONL lines; raise ``PatternError`` naming the file and line."""
    entries: list[GazetteerEntry] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise PatternError(f"{source}:{number}: not JSON ({exc.msg})", path=source) from exc
        if not isinstance(obj, dict):
            raise PatternError(f"{source}:{number}: expected an object", path=source)
        if "meta" in obj:
            continue
        extra = set(obj) - ALLOWED_KEYS
        if extra or "subject" not in obj:
            raise PatternError(
                f"{source}:{number}: keys must be subject/class/names/cased, got {sorted(obj)}",
                path=source,
            )
        names = tuple(str(n).lower() for n in obj.get("names", []))
        cased = tuple(str(n) for n in obj.get("cased", []))
        if not names and not cased:
            raise PatternError(f"{source}:{number}: {obj['subject']} has no names", path=source)
        entries.append(GazetteerEntry(str(obj["subject"]), str(obj.get("class", "other")), names, cased))
    return entries


def load_gazetteer(extra_files: Iterable[str | Path] = ()) -> list[GazetteerEntry]:
    """The packaged gazetteer plus user files: a later entry extends a subject's phrases and
    replaces its class, and takes over any phrase it names from other subjects."""
    by_subject: dict[str, GazetteerEntry] = {
        e.subject: e for e in parse_gazetteer(packaged_gazetteer_lines(), source="assets.jsonl")
    }
    for path in extra_files:
        p = Path(path)
        try:
            lines = p.read_text("utf-8").splitlines()
        except OSError as exc:
            raise PatternError(f"cannot read gazetteer file {p}: {exc.strerror}", path=str(p)) from exc
        for entry in parse_gazetteer(lines, source=str(p)):
            lowered, exact = set(entry.names), set(entry.cased)
            # a phrase claimed by the user file leaves whichever subject had it before
            for key, old in list(by_subject.items()):
                if key != entry.subject and (lowered & set(old.names) or exact & set(old.cased)):
                    by_subject[key] = GazetteerEntry(
                        old.subject,
                        old.cls,
                        tuple(n for n in old.names if n not in lowered),
                        tuple(c for c in old.cased if c not in exact),
                    )
            prior = by_subject.get(entry.subject)
            if prior is not None:
                entry = GazetteerEntry(
                    entry.subject,
                    entry.cls,
                    tuple(dict.fromkeys(prior.names + entry.names)),
                    tuple(dict.fromkeys(prior.cased + entry.cased)),
                )
            by_subject[entry.subject] = entry
    return list(by_subject.values())
