"""Sanctions regimes as versioned data: which lists apply where, and what each requires.

A regime is one authority's body of sanctions (OFAC, the EU, the UK, the UN Security Council),
written as a YAML file under ``policy/regimes/`` and checked on load the way followthemoney
checks its schema files: a wrong field stops the program with the file and the field named,
never a silent default. Which jurisdictions enforce a regime (``applied_by``) and which
currencies bring a payment under it (``nexus_currencies``: a USD payment clears through US
banks, so it carries a US nexus) are data too, so changing policy is a reviewed data change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources

from bankwire.errors import PolicyError
from bankwire.policy._regime_file import parse_regime_file
from bankwire.policy.regime_model import (
    Embargo,
    ListRule,
    ProgramRule,
    ReferenceRule,
    Regime,
    Thresholds,
)

__all__ = [
    "Embargo",
    "ListRule",
    "ProgramRule",
    "ReferenceRule",
    "Regime",
    "Thresholds",
    "bundled_regimes",
    "load_regime",
    "load_regimes",
    "regimes_for",
]


def load_regime(data: bytes | str, source: str) -> Regime:
    """Parse and validate one regime file.

    Raises ``PolicyError`` naming ``source`` and the field at fault, with what was expected
    and what was found.
    """
    raw = data.encode("utf-8") if isinstance(data, str) else data
    digest = hashlib.sha256(raw).hexdigest()
    return parse_regime_file(raw, source, digest)


@cache
def bundled_regimes() -> tuple[Regime, ...]:
    """The regime files shipped with bankwire, sorted by file name.

    Package data, read with ``importlib.resources``, so it works from a wheel or a zip; read
    once per process, since installed package data does not change under a running program.
    """
    folder = resources.files("bankwire.policy").joinpath("regimes")
    files = sorted(
        (item for item in folder.iterdir() if item.name.endswith(".yaml")),
        key=lambda item: item.name,
    )
    return load_regimes([(f"regimes/{item.name}", item.read_bytes()) for item in files])


def load_regimes(files: Sequence[tuple[str, bytes]]) -> tuple[Regime, ...]:
    """Load several regime files, given as (source, bytes); regime names must be unique."""
    regimes = tuple(load_regime(data, source) for source, data in files)
    _check_unique(regimes)
    return regimes


def regimes_for(regimes: Sequence[Regime], jurisdictions: Iterable[str]) -> tuple[Regime, ...]:
    """The regimes enforced by any of ``jurisdictions``, in the given order."""
    wanted = set(jurisdictions)
    return tuple(regime for regime in regimes if wanted & set(regime.applied_by))


def _check_unique(regimes: Sequence[Regime]) -> None:
    seen: dict[str, str] = {}
    for regime in regimes:
        if regime.name in seen:
            raise PolicyError(
                f"{regime.source}: field 'regime': names must be unique "
                f"(got {regime.name!r}, already in {seen[regime.name]})"
            )
        seen[regime.name] = regime.source
