"""Imports every module that declares tables, so ``create_schema`` sees them all."""

from bankwire.store import ledger  # noqa: F401
from bankwire.store import lists  # noqa: F401
from bankwire.store import network  # noqa: F401
