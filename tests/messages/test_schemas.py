"""The shipped XSDs compile once and are reused; unknown versions have no schema."""

from __future__ import annotations

from bankwire.messages.schemas import available_schemas, schema_for


def test_each_schema_is_compiled_once() -> None:
    assert schema_for("pacs.008.001.08") is schema_for("pacs.008.001.08")


def test_the_modelled_messages_and_headers_are_shipped() -> None:
    expected = {
        "head.001.001.02", "head.001.001.04", "pacs.008.001.08", "pacs.009.001.08",
        "pacs.002.001.10", "pacs.004.001.09", "pacs.004.001.10", "camt.056.001.08",
        "camt.029.001.09",
    }  # fmt: skip
    assert expected <= available_schemas()


def test_a_version_without_schema_gives_none() -> None:
    assert schema_for("pacs.008.001.12") is None
