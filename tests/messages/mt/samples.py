"""Paths of the MT sample corpus (tests/fixtures/messages/mt) and golden files.

Use `fin_bytes(name)` for one sample (``"ballerina/MT103__...fin"``), `user_samples()` /
`system_samples()` for table-driven tests over the corpus. Golden files live under
tests/golden/<MT type>/; regenerate them with UPDATE_GOLDEN=1 and review the diff.
"""

from __future__ import annotations

from pathlib import Path

FIXTURES_MT = Path(__file__).resolve().parents[2] / "fixtures" / "messages" / "mt"
GOLDEN = Path(__file__).resolve().parents[2] / "golden"


def fin_bytes(name: str) -> bytes:
    return (FIXTURES_MT / name).read_bytes()


def user_samples() -> list[Path]:
    files = sorted((FIXTURES_MT / "ballerina").glob("*.fin"))
    return files + sorted((FIXTURES_MT / "prowide" / "user").glob("*.fin"))


def system_samples() -> list[Path]:
    return sorted((FIXTURES_MT / "prowide" / "system").glob("*.fin"))
