"""The series catalogue (TOML): canonical subject -> primary and alternate price series."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from models import ConfigError, UnknownSymbol

__all__ = ["Catalogue", "SeriesSpec", "load_catalogue"]


@dataclass(frozen=True)
class SeriesSpec:
    """One price series: what it measures and where it comes from."""

    id: str
    subject: str
    vendor: str
    provider: str
    fields: tuple[str, ...] = ("close",)
    unit: str | None = None
    calendar: str = "daily"
    definition: str = ""
    notes: str = ""
    file: str | None = None
    cross_check: bool = False
    symbols: dict[str, str] = field(default_factory=dict)

    def row(self) -> dict[str, Any]:
        """The ``series`` table row for this spec."""
        return {
            "id": self.id,
            "subject": self.subject,
            "vendor": self.vendor,
            "provider": self.provider,
            "fields": ",".join(self.fields),
            "unit": self.unit,
            "calendar": self.calendar,
            "definition": self.definition,
        }


_SPEC_KEYS = {"subject", "vendor", "provider", "fields", "unit", "calendar", "definition", "notes", "file", "cross_check"}


@dataclass
class Catalogue:
    series: dict[str, SeriesSpec]
    subjects: dict[str, tuple[str, list[str]]]

    def specs_for(self, subject: str) -> list[SeriesSpec]:
        """Primary first, then alternates; empty when the subject is not catalogued."""
        entry = self.subjects.get(subject)
        if entry is None:
            return []
        primary, alternates = entry
        return [self.series[s] for s in [primary, *alternates] if s in self.series]

    def get(self, series_id: str) -> SeriesSpec:
        try:
            return self.series[series_id]
        except KeyError:
            raise UnknownSymbol(f"series {series_id!r} is not in the catalogue", symbol=series_id) from None

    def merge(self, other: Catalogue) -> Catalogue:
        series = dict(self.series, **other.series)
        subjects = dict(self.subjects, **other.subjects)
        return Catalogue(series, subjects)


def _parse(data: dict[str, Any], source: str) -> Catalogue:
    series: dict[str, SeriesSpec] = {}
    for sid, raw in data.get("series", {}).items():
        if "subject" not in raw:
            raise ConfigError(f"{source}: series {sid!r} has no subject")
        symbols = {k: str(v) for k, v in raw.items() if k not in _SPEC_KEYS}
        series[sid] = SeriesSpec(
            id=sid,
            subject=raw["subject"],
            vendor=raw.get("vendor", "unknown"),
            provider=raw.get("provider", "bundled"),
            fields=tuple(raw.get("fields", ["close"])),
            unit=raw.get("unit"),
            calendar=raw.get("calendar", "daily"),
            definition=raw.get("definition", ""),
            notes=raw.get("notes", ""),
            file=raw.get("file"),
            cross_check=bool(raw.get("cross_check", False)),
            symbols=symbols,
        )
    subjects: dict[str, tuple[str, list[str]]] = {}
    for subject, raw in data.get("subjects", {}).items():
        if "primary" not in raw:
            raise ConfigError(f"{source}: subject {subject!r} has no primary series")
        subjects[subject] = (raw["primary"], list(raw.get("alternates", [])))
    return Catalogue(series, subjects)


def load_catalogue(*extra: str | Path) -> Catalogue:
    """The packaged catalogue, extended (and overridden) by user TOML files."""
    text = resources.files("marketclaims").joinpath("data/catalogue.toml").read_text("utf-8")
    cat = _parse(tomllib.loads(text), "catalogue.toml")
    for path in extra:
        try:
            data = tomllib.loads(Path(path).read_text("utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read catalogue file {path}: {exc}") from exc
        cat = cat.merge(_parse(data, str(path)))
    return cat
