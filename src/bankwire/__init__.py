"""bankwire: interbank payment messaging with sanctions compliance built into every hop.

The public API is listed in ``__all__``; modules whose names start with an underscore and
everything not listed here may change without notice.
"""

from __future__ import annotations

from bankwire.clock import Clock, FixedClock, SystemClock
from bankwire.errors import (
    AuthenticationError,
    BankwireError,
    ConfigError,
    LedgerError,
    ListLoadError,
    MessageError,
    ParseError,
    PolicyError,
    QueryError,
    RoutingError,
    SchemaViolation,
    ScreeningError,
    StoreError,
    TranslationError,
    UnsupportedMessage,
)
from bankwire.money import Amount, Currency

__version__ = "0.1.0"

__all__ = [
    "Amount",
    "AuthenticationError",
    "BankwireError",
    "Clock",
    "ConfigError",
    "Currency",
    "FixedClock",
    "LedgerError",
    "ListLoadError",
    "MessageError",
    "ParseError",
    "PolicyError",
    "QueryError",
    "RoutingError",
    "SchemaViolation",
    "ScreeningError",
    "StoreError",
    "SystemClock",
    "TranslationError",
    "UnsupportedMessage",
    "__version__",
]
