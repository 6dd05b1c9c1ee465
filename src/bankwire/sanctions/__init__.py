"""Sanctions lists and screening: list model and sources, normalisation, index, matching.

The screening hot path may be installed compiled (see ``setup.py``): importing this package
warns when a compiled module of a project checkout is older than its source (see
``bankwire.compiled``).
"""

from __future__ import annotations

from bankwire.compiled import warn_if_stale


def _warn_if_stale() -> None:
    warn_if_stale(__file__, "bankwire.sanctions", ("matching",))


_warn_if_stale()
