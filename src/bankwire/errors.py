"""The exception tree of bankwire.

Expected outcomes (a blocked payment, an insufficient balance, a NAK) are values, not
exceptions. Exceptions are for input that cannot be processed and for broken setups::

    BankwireError
    ├── ConfigError              a setting or data file is invalid
    ├── MessageError             a payment message cannot be understood
    │   ├── ParseError           not well-formed: bytes -> objects failed
    │   ├── SchemaViolation      well-formed but against the XSD or FIN field formats
    │   ├── UnsupportedMessage   a message type or version bankwire does not handle
    │   └── TranslationError     MT <-> MX translation impossible without loss
    ├── ScreeningError           screening could not run
    │   ├── ListLoadError        a sanctions list file could not be loaded
    │   └── QueryError           a screening query is unusable (e.g. empty name)
    ├── PolicyError              policy data (regimes, licences) is invalid
    ├── LedgerError              a ledger invariant was found broken in stored data
    ├── RoutingError             a message cannot be routed (unknown receiver ...)
    ├── DirectoryError           a participant, RMA or disconnection entry is invalid
    │   └── DirectoryConflict    the entry exists already (a BIC registered twice)
    ├── AuthenticationError      a submission is not from whom it claims to be
    └── StoreError               the database is unusable or holds unexpected data

Each message says what happened, where, what was expected and what was found, in a full
sentence, e.g. ``pacs.008 GrpHdr/MsgId: must be 1-35 chars (got 41 chars)``.
"""

from __future__ import annotations

__all__ = [
    "AuthenticationError",
    "BankwireError",
    "ConfigError",
    "DirectoryConflict",
    "DirectoryError",
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
    "TranslationError",
    "UnsupportedMessage",
]


class BankwireError(Exception):
    """Root of every error bankwire raises on purpose."""


class ConfigError(BankwireError):
    """A setting, environment variable or data file holds an invalid value."""


class MessageError(BankwireError):
    """A payment message cannot be processed."""


class ParseError(MessageError):
    """The bytes are not a well-formed message of the claimed format."""


class SchemaViolation(MessageError):
    """The message is well-formed but breaks its schema or field formats."""


class UnsupportedMessage(MessageError):
    """The message type or version is recognised but not handled."""


class TranslationError(MessageError):
    """A message cannot be translated between MT and ISO 20022."""


class ScreeningError(BankwireError):
    """Screening could not be carried out."""


class ListLoadError(ScreeningError):
    """A sanctions list file could not be read; the previous version stays active."""


class QueryError(ScreeningError):
    """A screening query cannot be screened (for instance an empty name)."""


class PolicyError(BankwireError):
    """Policy data (regimes, licences, ownership) is invalid."""


class LedgerError(BankwireError):
    """Stored ledger data breaks an invariant; this is never an expected outcome."""


class RoutingError(BankwireError):
    """A message cannot be routed to a receiver."""


class DirectoryError(BankwireError):
    """An operator's change to the directory (participant, RMA, disconnection) is invalid."""


class DirectoryConflict(DirectoryError):
    """The directory already holds the entry (a participant's BIC registered again)."""


class AuthenticationError(BankwireError):
    """A submission could not be authenticated as coming from its claimed sender."""


class StoreError(BankwireError):
    """The store is unreachable, unmigrated, or holds data that cannot be read back."""
