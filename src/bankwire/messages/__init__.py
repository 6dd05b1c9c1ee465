"""Payment messages: ISO 20022 (CBPR+) and MT/FIN; parse, validate, render, translate.

The ISO 20022 validation hot path may be installed compiled (see ``setup.py``). Python
imports a compiled module in preference to the ``.py`` beside it, so after a module of an
editable install (the package imported from the project's ``src``) is changed, its compiled
build is stale until the project is installed again: importing this package warns when
that is so, rather than running old code quietly. An installed wheel is not checked: its
files' times say when they were unpacked, not when they were built, and nobody edits them.
"""

from __future__ import annotations

import warnings
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

__all__ = ["stale_compiled_modules"]


def stale_compiled_modules(directory: Path) -> list[Path]:
    """The compiled modules in ``directory`` older than the ``.py`` source beside them."""
    stale = []
    for suffix in EXTENSION_SUFFIXES:
        for compiled in directory.glob(f"*{suffix}"):
            source = compiled.with_name(compiled.name.removesuffix(suffix) + ".py")
            if source.exists() and source.stat().st_mtime > compiled.stat().st_mtime:
                stale.append(compiled)
    return sorted(stale)


def _warn_if_stale() -> None:
    here = Path(__file__).parent
    if not (here.parents[2] / "setup.py").is_file():
        return  # Not src/bankwire/messages of a project checkout: an installed wheel.
    stale = stale_compiled_modules(here) + stale_compiled_modules(here / "iso20022")
    if stale:
        names = ", ".join(str(path.relative_to(here)) for path in stale)
        warnings.warn(
            f"bankwire.messages: compiled modules older than their source ({names}) run the "
            "old code; install the project again (pip install -e .), or delete them to use "
            "the pure-Python modules",
            RuntimeWarning,
            stacklevel=2,
        )


_warn_if_stale()
