"""Settings, read once from ``BANKWIRE_*`` environment variables and passed down.

This module is the only reader of the environment. Every default is visible here. An invalid
value raises ``ConfigError`` naming the variable and what was expected; nothing falls back
quietly (starlette's ``Config``, not watchman's env multipliers).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from bankwire.errors import ConfigError

__all__ = ["Settings", "default_database_url"]


def default_database_url() -> str:
    """A SQLite file in the user data directory: the embedded default."""
    directory = Path(platformdirs.user_data_dir("bankwire", appauthor=False))
    return f"sqlite:///{directory / 'bankwire.db'}"


def _int(env: Mapping[str, str], name: str, default: int, minimum: int, maximum: int) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"Config {name!r} has value {raw!r}. Not a valid int.") from None
    if not minimum <= value <= maximum:
        raise ConfigError(
            f"Config {name!r} has value {value}. Must be between {minimum} and {maximum}."
        )
    return value


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"Config {name!r} has value {raw!r}. Not a valid number.") from None
    if not 0.0 <= value <= 1.0:
        raise ConfigError(f"Config {name!r} has value {value}. Must be between 0 and 1.")
    return value


_KNOWN = {
    "BANKWIRE_DATABASE_URL",
    "BANKWIRE_LIST_FILE_BYTES_MAX",
    "BANKWIRE_MESSAGE_BYTES_MAX",
    "BANKWIRE_QUEUE_LENGTH_MAX",
    "BANKWIRE_REDELIVERY_TIMEOUT_S",
    "BANKWIRE_SCREENING_SCORE_MIN",
    "BANKWIRE_TEST_POSTGRES_URL",
    "BANKWIRE_NATS_URL",
    # Read by the build (setup.py) and by the tests, not at run time: left exported, they
    # must not stop every command.
    "BANKWIRE_PURE_PYTHON",
    "BANKWIRE_LEDGER_SEED",
}


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    list_file_bytes_max: int = 256 * 1024 * 1024
    """Bound on one sanctions list file; official full files are under 100 MB."""
    message_bytes_max: int = 10 * 1024 * 1024
    """Bound on one payment message (FIN is 10,000 characters; CBPR+ messages far less)."""
    queue_length_max: int = 100_000
    """Bound on one receiver's undelivered queue; beyond it submissions are refused."""
    redelivery_timeout_s: int = 30
    screening_score_min: float | None = None
    """Overrides the regime's alert threshold for ad-hoc screening; None keeps the regime's."""
    nats_url: str | None = None

    @classmethod
    def from_env(cls, env: Mapping[str, str] | None = None) -> Settings:
        source = os.environ if env is None else env
        unknown = sorted(key for key in source if key.startswith("BANKWIRE_") and key not in _KNOWN)
        if unknown:
            raise ConfigError(
                f"Unknown setting(s) {', '.join(unknown)}; known: {', '.join(sorted(_KNOWN))}."
            )
        score_raw = source.get("BANKWIRE_SCREENING_SCORE_MIN")
        return cls(
            database_url=source.get("BANKWIRE_DATABASE_URL") or default_database_url(),
            list_file_bytes_max=_int(
                source, "BANKWIRE_LIST_FILE_BYTES_MAX", 256 * 1024 * 1024, 1024, 2**34
            ),
            message_bytes_max=_int(
                source, "BANKWIRE_MESSAGE_BYTES_MAX", 10 * 1024 * 1024, 1024, 2**30
            ),
            queue_length_max=_int(source, "BANKWIRE_QUEUE_LENGTH_MAX", 100_000, 1, 10**9),
            redelivery_timeout_s=_int(source, "BANKWIRE_REDELIVERY_TIMEOUT_S", 30, 1, 86_400),
            screening_score_min=(
                None if not score_raw else _float(source, "BANKWIRE_SCREENING_SCORE_MIN", 0.0)
            ),
            nats_url=source.get("BANKWIRE_NATS_URL") or None,
        )
