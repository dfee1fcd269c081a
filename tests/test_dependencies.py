"""Every third-party package the code imports is declared in pyproject.toml, in the right place.

A fresh machine installs what pyproject.toml declares and nothing else, so an import that only
works because some other package happened to pull its dependency in (lxml_html_clean through
an lxml extra that lxml 6.2 dropped, numpy through matplotlib) breaks a newcomer's install.
The check reads imports with ``ast`` — lazy imports inside functions included — and maps them
to distributions with ``importlib.metadata.packages_distributions``.
"""

from __future__ import annotations

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("models", "feeds", "extractor", "marketclaims")
#: modules whose imports may come from an optional extra (everything else needs the core set)
EXTRA_OF = {
    "marketclaims/serve.py": "serve",
    "marketclaims/backfill.py": "scale",
}
#: a command module may import an extra's packages lazily, after require_extra() checked them
EXTRA_USERS = {
    "marketclaims/cli/report_cmd.py": "serve",
    "marketclaims/cli/_extras.py": "*",
}
PROJECT = set(PACKAGES)


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared() -> dict[str, set[str]]:
    """``{"core": {...}, extra: {...}}`` of normalised distribution names from pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    def names(reqs: list[str]) -> set[str]:
        return {_norm(re.split(r"[\s\[<>=!~;]", r, maxsplit=1)[0]) for r in reqs}
    out = {"core": names(project["dependencies"])}
    out.update({extra: names(reqs) for extra, reqs in project["optional-dependencies"].items()})
    return out


def imported_modules(source: str) -> set[str]:
    """Top-level names of every absolute import in ``source`` (module level or inside functions)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def undeclared(source: str, allowed_extras: set[str]) -> dict[str, set[str]]:
    """Imported third-party modules whose distribution is in neither the core set nor ``allowed_extras``."""
    dists = importlib.metadata.packages_distributions()
    deps = declared()
    ok = set(deps["core"]).union(*(deps[e] for e in allowed_extras))
    missing: dict[str, set[str]] = {}
    for module in sorted(imported_modules(source)):
        if module in sys.stdlib_module_names or module in PROJECT or module == "__future__":
            continue
        names = {_norm(d) for d in dists.get(module, [])}
        if not names:
            missing[module] = {"<not installed>"}
        elif not names & ok:
            missing[module] = names
    return missing


def _sources() -> list[Path]:
    return sorted(p for pkg in PACKAGES for p in (ROOT / pkg).rglob("*.py"))


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_every_import_is_declared(path: Path) -> None:
    rel = str(path.relative_to(ROOT))
    extra = EXTRA_OF.get(rel) or EXTRA_USERS.get(rel)
    allowed = set(declared()) - {"core"} if extra == "*" else ({extra} if extra else set())
    assert undeclared(path.read_text("utf-8"), allowed) == {}, f"{rel} imports packages pyproject.toml does not declare"


def test_the_check_catches_an_undeclared_import() -> None:
    # pygments is installed (rich needs it) but not declared: importing it directly must be flagged
    assert "pygments" in undeclared("def f():\n    import pygments.lexers\n", set())
    # an extra's package is flagged in core code and accepted where that extra is allowed
    assert "datasette" in undeclared("from datasette.app import Datasette\n", set())
    assert undeclared("from datasette.app import Datasette\n", {"serve"}) == {}


def test_tests_import_only_declared_packages() -> None:
    sources = "\n".join(p.read_text("utf-8") for p in sorted((ROOT / "tests").rglob("*.py")))
    extras = set(declared()) - {"core"}
    missing = {m: d for m, d in undeclared(sources, extras).items() if m not in ("tests", "conftest")}
    assert missing == {}
