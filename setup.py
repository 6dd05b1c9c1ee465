"""Optional compiled build of the validation and screening hot paths; the rest is in pyproject.

The modules in ``ACCELERATED`` are compiled with mypyc when it and a C compiler are
available, one group per package: for messages, element reading, the rule walk, the
business checks and the pacs.008/pacs.009 readers (about a fifth fewer instructions per
validated pacs.008); for sanctions, name normalisation and comparison, the index, the scorer
and the screener (see docs/benchmarks.md, "Messages" and "Screening"). They are plain, fully
typed Python and stay importable as such, so the compiled build is an accelerator, never a
requirement:

- ``BANKWIRE_PURE_PYTHON=1`` at install time skips compiling;
- without mypyc (``ImportError``) or when compiling or linking fails (no C compiler, no
  Python headers), the failure is reported on stderr, whatever was built is removed, and
  the install carries on with the pure-Python modules; a group of ``ACCELERATED`` that
  mypyc cannot type-check (a stub missing from ``[build-system] requires``) stays pure
  Python on its own.

Python imports an extension module in preference to the ``.py`` beside it, so an editable
install (``pip install -e .``) runs the compiled modules from ``src/``: after changing one of
them, install again (or install with ``BANKWIRE_PURE_PYTHON=1``). ``bankwire.messages``
and ``bankwire.sanctions`` warn when a compiled module is older than its source.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

from setuptools import setup
from setuptools.command.build_ext import build_ext

# Group name (the compiled modules' shared runtime, beside them rather than at the top of
# site-packages) -> the modules compiled together in it.
ACCELERATED: dict[str, list[str]] = {
    "bankwire.messages._compiled": [
        "src/bankwire/messages/iso20022/common.py",
        "src/bankwire/messages/iso20022/transaction.py",
        "src/bankwire/messages/iso20022/grouphdr.py",
        "src/bankwire/messages/iso20022/apphdr.py",
        "src/bankwire/messages/scan.py",
        "src/bankwire/messages/cbpr_tree.py",
        "src/bankwire/messages/business.py",
        "src/bankwire/messages/iso20022/transfer_message.py",
        "src/bankwire/messages/iso20022/pacs008.py",
    ],
    "bankwire.sanctions._compiled": [
        "src/bankwire/sanctions/matching/names.py",
        "src/bankwire/sanctions/index.py",
        "src/bankwire/sanctions/scorer.py",
        "src/bankwire/sanctions/screening.py",
        "src/bankwire/sanctions/normalize.py",
        "src/bankwire/sanctions/value.py",
    ],
}


def _note(text: str) -> None:
    print(f"bankwire setup: {text}", file=sys.stderr)


def _extensions() -> list[Any]:
    if os.environ.get("BANKWIRE_PURE_PYTHON", "") not in ("", "0"):
        _note("BANKWIRE_PURE_PYTHON is set: installing the pure-Python modules only")
        return []
    try:
        from mypyc.build import mypycify
    except ImportError as exc:
        _note(f"mypyc is not available ({exc}): installing the pure-Python modules only")
        return []
    root = Path(__file__).parent
    os.chdir(root)  # mypycify takes paths relative to the project.
    extensions: list[Any] = []
    for group, paths in ACCELERATED.items():
        # Each group type-checks and compiles on its own: one failing leaves the others.
        try:
            extensions += mypycify(paths, opt_level="3", group_name=group, target_dir="build/mypyc")
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - any failure: no accelerator.
            _note(f"mypyc could not compile {group} ({exc!r}): its modules stay pure Python")
    return extensions


class OptionalBuildExt(build_ext):  # type: ignore[misc]
    """``build_ext`` that falls back to pure Python instead of failing the install."""

    def run(self) -> None:
        try:
            super().run()
        except (Exception, SystemExit) as exc:  # noqa: BLE001 - compiler missing or failing.
            _note(f"compiling failed ({exc!r}): installing the pure-Python modules only")
            self._remove_built()

    def _remove_built(self) -> None:
        # The modules share one runtime library: half a build would not import. Remove every
        # product, in place (editable installs) and in the build directory.
        built: list[Any] = self.extensions
        for extension in built:
            for inplace in (0, 1):
                self.inplace = inplace
                path = Path(self.get_ext_fullpath(extension.name))
                if path.exists():
                    path.unlink()
        built.clear()  # Nothing compiled to report or install.


setup(ext_modules=_extensions(), cmdclass={"build_ext": OptionalBuildExt})
