"""Commands that need an optional extra say so in one line instead of failing on an import.

Only two features are optional: Datasette (``serve``) and Dask with Parquet (``backfill``,
``import``, ``export``). Everything else — the HTML report included — is in the core install.
The check imports the modules the feature needs, so a broken install (a package present but
not importable) is reported the same way as a missing one.
"""

from __future__ import annotations

import importlib

import typer

from ._common import err_console

__all__ = ["EXTRAS", "require_extra"]

#: extra -> the top-level modules its commands import
EXTRAS: dict[str, tuple[str, ...]] = {
    "serve": ("datasette", "uvicorn"),
    "scale": ("dask", "distributed", "pyarrow"),
}


def require_extra(extra: str, command: str, modules: tuple[str, ...] | None = None) -> None:
    """Exit 2 with ``marketclaims COMMAND needs: pip install 'marketclaims[EXTRA]'`` when the extra is missing.

    ``modules`` narrows the check to the part of the extra a command uses (``import`` reads
    Parquet but starts no cluster).
    """
    for module in modules or EXTRAS[extra]:
        try:
            importlib.import_module(module)
        except ImportError:
            err_console.print(f"marketclaims {command} needs: pip install 'marketclaims[{extra}]' (no module {module!r})",
                              markup=False, highlight=False, soft_wrap=True)
            raise typer.Exit(2) from None
