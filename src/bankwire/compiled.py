"""Staleness of the optionally compiled modules (see ``setup.py``), checked in one place.

Python imports a compiled module in preference to the ``.py`` beside it, so after a module of
an editable install (the package imported from the project's ``src``) is changed, its compiled
build is stale until the project is installed again. The packages with compiled modules
(``bankwire.messages``, ``bankwire.sanctions``) call ``warn_if_stale`` when imported, rather
than run old code quietly. An installed wheel is not checked: its files' times say when they
were unpacked, not when they were built, and nobody edits them.
"""

from __future__ import annotations

import warnings
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

__all__ = ["stale_compiled_modules", "warn_if_stale"]


def stale_compiled_modules(directory: Path) -> list[Path]:
    """The compiled modules in ``directory`` older than the ``.py`` source beside them."""
    stale = []
    for suffix in EXTENSION_SUFFIXES:
        for compiled in directory.glob(f"*{suffix}"):
            source = compiled.with_name(compiled.name.removesuffix(suffix) + ".py")
            if source.exists() and source.stat().st_mtime > compiled.stat().st_mtime:
                stale.append(compiled)
    return sorted(stale)


def warn_if_stale(package_file: str, package: str, subpackages: tuple[str, ...] = ()) -> None:
    """Warn when a compiled module of ``package`` (whose ``__init__`` is ``package_file``) or
    of its ``subpackages`` is older than its source, in a project checkout only."""
    here = Path(package_file).parent
    if not (here.parents[2] / "setup.py").is_file():
        return  # Not src/bankwire/<package> of a project checkout: an installed wheel.
    stale = stale_compiled_modules(here)
    for subpackage in subpackages:
        stale += stale_compiled_modules(here / subpackage)
    if stale:
        names = ", ".join(str(path.relative_to(here)) for path in stale)
        warnings.warn(
            f"{package}: compiled modules older than their source ({names}) run the "
            "old code; install the project again (pip install -e .), or delete them to use "
            "the pure-Python modules",
            RuntimeWarning,
            stacklevel=3,
        )
