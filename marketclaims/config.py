"""Settings from defaults, a config file and environment variables, with where each came from.

Precedence: command-line option > environment variable > config file > default. The config
file is ``marketclaims.toml`` in the platform config directory (``typer.get_app_dir``), or
the file given with ``--config``::

    db = "~/news/marketclaims.db"
    user_agent_contact = "newsroom@example.com"
    timeout = 30
    max_bytes = 15728640
    poll_interval_minutes = 15
    allow_private_hosts = false
    gazetteers = ["~/marketclaims/my-assets.jsonl"]
    catalogues = ["~/marketclaims/my-series.toml"]
    fred_api_key = "..."        # optional: FRED's JSON API instead of the graph CSV
    stooq_api_key = "..."       # Stooq requires a key since 2026
    coingecko_api_key = "..."   # optional demo key
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from models import ConfigError

__all__ = ["ENV", "Config", "default_config_path", "load_config"]

#: setting -> environment variable
ENV = {
    "db": "MARKETCLAIMS_DB",
    "user_agent_contact": "MARKETCLAIMS_USER_AGENT_CONTACT",
    "timeout": "MARKETCLAIMS_TIMEOUT",
    "max_bytes": "MARKETCLAIMS_MAX_BYTES",
    "poll_interval_minutes": "MARKETCLAIMS_POLL_INTERVAL",
    "allow_private_hosts": "MARKETCLAIMS_ALLOW_PRIVATE_HOSTS",
    "gazetteers": "MARKETCLAIMS_GAZETTEERS",
    "catalogues": "MARKETCLAIMS_CATALOGUES",
    "fred_api_key": "FRED_API_KEY",
    "stooq_api_key": "STOOQ_API_KEY",
    "coingecko_api_key": "COINGECKO_API_KEY",
}


@dataclass(frozen=True)
class Config:
    db: str = "marketclaims.db"
    user_agent_contact: str = "https://github.com/marketclaims/marketclaims"
    timeout: float = 30.0
    max_bytes: int = 15 * 1024 * 1024
    poll_interval_minutes: int = 15
    allow_private_hosts: bool = False
    gazetteers: tuple[str, ...] = ()
    catalogues: tuple[str, ...] = ()
    fred_api_key: str = ""
    stooq_api_key: str = ""
    coingecko_api_key: str = ""
    #: setting -> "default" | "file <path>" | "env <VAR>" | "option"
    sources: dict[str, str] = field(default_factory=dict, compare=False)

    def rows(self) -> list[dict[str, Any]]:
        return [{"setting": f.name, "value": "***" if f.name.endswith("_key") and getattr(self, f.name) else getattr(self, f.name),
                 "source": self.sources.get(f.name, "default")} for f in fields(self) if f.name != "sources"]

    def api_keys(self) -> dict[str, str]:
        """Vendor API keys by provider name (empty ones left out)."""
        keys = {"fred": self.fred_api_key, "stooq": self.stooq_api_key, "coingecko": self.coingecko_api_key}
        return {k: v for k, v in keys.items() if v}


def default_config_path() -> Path:
    import typer

    return Path(typer.get_app_dir("marketclaims")) / "marketclaims.toml"


def _coerce(name: str, raw: Any, origin: str) -> Any:
    kind = {f.name: f.type for f in fields(Config)}[name]
    try:
        if kind in ("float",):
            return float(raw)
        if kind in ("int",):
            return int(raw)
        if kind in ("bool",):
            if isinstance(raw, bool):
                return raw
            if str(raw).lower() in ("1", "true", "yes", "on"):
                return True
            if str(raw).lower() in ("0", "false", "no", "off", ""):
                return False
            raise ValueError(raw)
        if kind.startswith("tuple"):
            items = raw if isinstance(raw, list) else [p for p in str(raw).split(os.pathsep) if p]
            return tuple(str(Path(p).expanduser()) for p in items)
        if name == "db":
            return str(Path(str(raw)).expanduser())
        return str(raw)
    except ValueError as exc:
        raise ConfigError(f"{origin}: bad value {raw!r} for {name}") from exc


def load_config(path: Path | None = None, *, environ: dict[str, str] | None = None) -> Config:
    """Defaults, then the config file (``path`` or the platform default if it exists), then env."""
    environ = dict(os.environ if environ is None else environ)
    values: dict[str, Any] = {}
    sources: dict[str, str] = {}
    file = path or default_config_path()
    if path is not None and not file.exists():
        raise ConfigError(f"config file {file} does not exist")
    if file.exists():
        try:
            data = tomllib.loads(file.read_text("utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{file}: not valid TOML ({exc})") from exc
        unknown = set(data) - set(ENV)
        if unknown:
            raise ConfigError(f"{file}: unknown settings {sorted(unknown)}")
        for name, raw in data.items():
            values[name] = _coerce(name, raw, str(file))
            sources[name] = f"file {file}"
    for name, var in ENV.items():
        if var in environ:
            values[name] = _coerce(name, environ[var], f"${var}")
            sources[name] = f"env {var}"
    return Config(**values, sources=sources)
