"""Price rows from files: the bundled dataset and user CSV files in the same shape."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

from models import MalformedPriceData, NoPriceData, PriceBar, UnknownSymbol

from ._catalogue import SeriesSpec

__all__ = ["BundledProvider", "CsvProvider", "parse_price_csv"]


def _num(value: str | None) -> float | None:
    if value is None:
        return None
    value = value.strip()
    if value in ("", ".", "null", "NaN", "nan"):
        return None
    return float(value)


def parse_price_csv(text: str, *, source: str) -> list[PriceBar]:
    """Rows of ``date,open,high,low,close,volume``, ``date,value`` or the target-range
    shape ``date_effective,lower,upper``. Missing values ("." or empty) are skipped."""
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if not header:
        raise MalformedPriceData(f"{source}: empty file")
    reader.fieldnames = header
    date_key = next((k for k in ("date", "date_effective", "observation_date") if k in header), None)
    if date_key is None:
        raise MalformedPriceData(f"{source}: no date column in header {header}")
    bars: list[PriceBar] = []
    for line, row in enumerate(reader, 2):
        try:
            day = dt.date.fromisoformat(row[date_key].strip()[:10])
            if "close" in header:
                close = _num(row["close"])
                bar = PriceBar(day, close, _num(row.get("open")), _num(row.get("high")), _num(row.get("low")),
                               _num(row.get("volume"))) if close is not None else None
            elif "upper" in header:
                upper = _num(row["upper"])
                bar = PriceBar(day, upper, None, upper, _num(row.get("lower"))) if upper is not None else None
            else:
                value_key = next((h for h in header if h != date_key), None)
                value = _num(row.get(value_key)) if value_key else None
                bar = PriceBar(day, value) if value is not None else None
        except (ValueError, TypeError, KeyError) as exc:
            raise MalformedPriceData(f"{source}:{line}: {exc}") from exc
        if bar is not None:
            bars.append(bar)
    bars.sort(key=lambda b: b.date)
    return bars


def _between(bars: Iterable[PriceBar], start: dt.date | None, end: dt.date | None) -> list[PriceBar]:
    return [b for b in bars if (start is None or b.date >= start) and (end is None or b.date <= end)]


class BundledProvider:
    """The dataset shipped inside the package (``marketclaims/data/marketdata``)."""

    name = "bundled"

    def fetch(self, spec: SeriesSpec, *, start: dt.date | None = None, end: dt.date | None = None) -> list[PriceBar]:
        if not spec.file:
            raise UnknownSymbol(f"series {spec.id} has no bundled file", symbol=spec.id)
        res = resources.files("marketclaims").joinpath(f"data/marketdata/{spec.file}")
        try:
            raw = res.read_bytes()
        except FileNotFoundError:
            raise UnknownSymbol(f"bundled file {spec.file} is missing", symbol=spec.id) from None
        text = gzip.decompress(raw).decode("utf-8") if spec.file.endswith(".gz") else raw.decode("utf-8")
        bars = _between(parse_price_csv(text, source=spec.file), start, end)
        if not bars:
            raise NoPriceData(f"{spec.id}: no bundled rows in range", symbol=spec.id)
        return bars


class CsvProvider:
    """User CSV files in the bundled shape; the spec's ``file`` (or ``csv`` symbol) is a path."""

    name = "csv"

    def fetch(self, spec: SeriesSpec, *, start: dt.date | None = None, end: dt.date | None = None) -> list[PriceBar]:
        path = Path(spec.symbols.get("csv") or spec.file or "")
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise UnknownSymbol(f"cannot read {path}: {exc.strerror}", symbol=spec.id) from exc
        text = gzip.decompress(raw).decode("utf-8") if path.suffix == ".gz" else raw.decode("utf-8-sig")
        bars = _between(parse_price_csv(text, source=str(path)), start, end)
        if not bars:
            raise NoPriceData(f"{path}: no rows in range", symbol=spec.id)
        return bars
