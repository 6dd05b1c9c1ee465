"""Payment messages: ISO 20022 (CBPR+) and MT/FIN; parse, validate, render, translate.

The ISO 20022 validation hot path may be installed compiled (see ``setup.py``). Python
imports a compiled module in preference to the ``.py`` beside it, so after a module of an
editable install (the package imported from the project's ``src``) is changed, its compiled
build is stale until the project is installed again: importing this package warns when
that is so, rather than running old code quietly. An installed wheel is not checked (see
``bankwire.compiled``).
"""

from __future__ import annotations

from bankwire.compiled import stale_compiled_modules, warn_if_stale

__all__ = ["stale_compiled_modules"]


def _warn_if_stale() -> None:
    warn_if_stale(__file__, "bankwire.messages", ("iso20022",))


_warn_if_stale()
