"""Imports every module that declares tables, so ``create_schema`` sees them all."""

from bankwire.store import (
    ledger,  # noqa: F401
    lists,  # noqa: F401
    network,  # noqa: F401
)
