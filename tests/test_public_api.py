"""Each package exposes a small public API, and the import rules between stages hold."""

from __future__ import annotations

import importlib
import subprocess
import sys

import pytest

PACKAGES = ["models", "feeds", "extractor", "marketclaims.store", "marketclaims.prices", "marketclaims.verify"]

#: package -> project packages it may import (besides itself)
ALLOWED = {
    "models": set(),
    "feeds": {"models"},
    "extractor": {"models"},
    "marketclaims.verify": {"models", "marketclaims"},
    "marketclaims.prices": {"models", "marketclaims"},
    "marketclaims.store": {"models", "marketclaims"},
}
PROJECT = ("models", "feeds", "extractor", "marketclaims.store", "marketclaims.prices", "marketclaims.verify",
           "marketclaims.cli", "marketclaims.pipeline")


@pytest.mark.parametrize("name", PACKAGES)
def test_all_names_exist(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__all__, f"{name} has no __all__"
    for attr in module.__all__:
        assert hasattr(module, attr), f"{name}.__all__ lists missing {attr}"


@pytest.mark.parametrize("name", sorted(ALLOWED))
def test_import_rules(name: str) -> None:
    code = f"import sys, {name}; print('\\n'.join(sorted(m for m in sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    loaded = {m for m in out if m.split(".")[0] in ("models", "feeds", "extractor", "marketclaims")}
    own = {m for m in loaded if m == name or m.startswith(name + ".")}
    others = {p for p in PROJECT if any(m == p or m.startswith(p + ".") for m in loaded - own)}
    assert others <= ALLOWED[name] | {name}, f"{name} imports {sorted(others - ALLOWED[name])}"


def test_models_imports_no_third_party_package() -> None:
    code = "import sys; before=set(sys.modules); import models; print('\\n'.join(sorted(set(sys.modules)-before)))"
    new = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    third_party = [m for m in new if m.split(".")[0] not in sys.stdlib_module_names and not m.startswith("models")]
    assert third_party == []


def test_only_store_imports_sqlite_utils() -> None:
    for name in ("models", "feeds", "extractor", "marketclaims.verify", "marketclaims.prices"):
        code = f"import sys, {name}; print('sqlite_utils' in sys.modules)"
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
        assert out == "False", f"{name} pulls in sqlite_utils"
