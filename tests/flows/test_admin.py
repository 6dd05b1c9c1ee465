"""Operator changes to the directory: participants, re-keying, RMA, disconnection."""

from __future__ import annotations

from datetime import date

import pytest

from bankwire.errors import DirectoryConflict, DirectoryError
from bankwire.flows.admin import (
    disconnect,
    grant_rma,
    participant_bic,
    register_participant,
    rekey_participant,
)
from bankwire.network.participants import ParticipantStatus, hash_token
from bankwire.network.rma import KNOWN_FAMILIES, message_family
from tests.flows.harness import Network

KEY = bytes(range(32))


def _add(network: Network, bic: str, **changes: object) -> None:
    fields: dict[str, object] = {
        "name": "Banco Ejemplo", "country": "ES", "currencies": ["EUR"],
        "jurisdictions": ["EU"], "public_key": KEY, "token": "token",
    }  # fmt: skip
    fields.update(changes)
    register_participant(network.services, bic, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("given", "stored"),
    [("BSCHESMM", "BSCHESMM"), ("bschesmmxxx", "BSCHESMM"), (" BSCHESMM ", "BSCHESMM")],
)
def test_a_participant_is_its_institution_bic8(given: str, stored: str) -> None:
    assert participant_bic(given) == stored


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("DEUTDEFF500", "names a branch; a participant connects as its institution (BIC8"),
        ("ABNA NL2A", "without spaces"),
        ("XX", "8 or 11 characters"),
        ("", "8 or 11 characters"),
    ],
)
def test_a_bic_a_participant_cannot_have_is_refused(given: str, expected: str) -> None:
    with pytest.raises(DirectoryError, match=r"^BIC: ") as raised:
        participant_bic(given)
    assert expected in str(raised.value)


def test_a_registered_bic_is_not_registered_again(network: Network) -> None:
    services = network.services
    disconnect(services, "PRMSRUMM", date(2022, 3, 12))
    with pytest.raises(DirectoryConflict, match=r"PRMSRUMM is already a participant; .* rekey"):
        _add(network, "PRMSRUMMXXX", name="Hijack", country="RU")
    with services.store.transaction() as tx:
        kept = tx.participant("PRMSRUMM")
    assert kept is not None
    assert (kept.name, kept.status) == ("Promsvyazbank", ParticipantStatus.DISCONNECTED)
    assert kept.public_key == network.credentials["PRMSRUMM"].public_key


def test_rekeying_keeps_the_entry_and_its_disconnection(network: Network) -> None:
    services = network.services
    disconnect(services, "PRMSRUMM", date(2022, 3, 12))
    changed = rekey_participant(services, "prmsrumm", KEY, "new token")
    assert (changed.public_key, changed.token_sha256) == (KEY, hash_token("new token"))
    assert (changed.status, changed.disconnected_from) == (
        ParticipantStatus.DISCONNECTED, date(2022, 3, 12),
    )  # fmt: skip
    assert changed.name == "Promsvyazbank"
    with services.store.transaction() as tx:
        assert tx.participant_by_token(hash_token("new token")) == changed
        assert tx.audit(1)[0].kind == "participant_rekeyed"
    with pytest.raises(DirectoryError, match="BSCHESMM is not a participant"):
        rekey_participant(services, "BSCHESMM", KEY, "token")


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"name": "  "}, "name: must not be empty"),
        ({"country": "ZZ"}, "country: must be an ISO 3166 alpha-2 country code (got 'ZZ')"),
        ({"country": "Z1"}, "country: must be an ISO 3166 alpha-2 country code (got 'Z1')"),
        ({"currencies": ["EURO"]}, "currency: must be ISO 4217 national currency codes"),
        ({"currencies": ["EUR", "XYZ"]}, "(got 'XYZ')"),
        ({"jurisdictions": ["XY"]}, "jurisdiction: must be an ISO 3166 alpha-2"),
    ],
)
def test_directory_fields_are_checked(
    network: Network, changes: dict[str, object], expected: str
) -> None:
    with pytest.raises(DirectoryError) as raised:
        _add(network, "BSCHESMM", **changes)
    assert expected in str(raised.value)
    with network.services.store.transaction() as tx:
        assert tx.participant("BSCHESMM") is None


def test_fields_are_normalised(network: Network) -> None:
    _add(network, "bschesmm", name=" Banco Ejemplo ", country="es",
         currencies=["eur", "usd", "EUR"], jurisdictions=["eu", "uk", "es"])  # fmt: skip
    with network.services.store.transaction() as tx:
        stored = tx.participant("BSCHESMM")
    assert stored is not None
    assert (stored.name, stored.country, stored.currencies, stored.jurisdictions) == (
        "Banco Ejemplo", "ES", ("EUR", "USD"), ("EU", "UK", "ES"),
    )  # fmt: skip


@pytest.mark.parametrize(
    ("sender", "receiver", "types", "expected"),
    [
        ("XX", "DEUTDEFF", ["pacs.008"], "sender: BIC: must be 8 or 11 characters"),
        ("DEUTDEFF", "DEUTDEFF500", ["pacs.008"], "receiver: DEUTDEFF500 names a branch"),
        ("DEUTDEFF", "deutdeffxxx", ["pacs.008"], "DEUTDEFF cannot authorise itself"),
        ("DEUTDEFF", "BOFAUS3N", ["", " "], "types: at least one message type"),
        ("DEUTDEFF", "BOFAUS3N", ["pacs.999", "foo"], "types: foo, pacs.999 not carried"),
        ("BSCHESMM", "BOFAUS3N", ["pacs.008"], "RMA sender: BSCHESMM is not a participant"),
    ],
)
def test_a_grant_that_could_never_apply_is_refused(
    network: Network, sender: str, receiver: str, types: list[str], expected: str
) -> None:
    with network.services.store.transaction() as tx:
        before = tx.rma()
    with pytest.raises(DirectoryError) as raised:
        grant_rma(network.services, sender, receiver, types)
    assert expected in str(raised.value)
    with network.services.store.transaction() as tx:
        assert tx.rma() == before


def test_a_grant_is_stored_and_audited_by_bic8(network: Network) -> None:
    granted = grant_rma(network.services, "deutdeffxxx", "bofaus3n", ["pacs.009.001.08", "MT103"])
    assert (granted.sender, granted.receiver) == ("DEUTDEFF", "BOFAUS3N")
    assert granted.message_types == frozenset({"pacs.009", "MT103"})
    with network.services.store.transaction() as tx:
        event = tx.audit(1)[0]
    assert (event.kind, event.detail) == (
        "rma_granted",
        {"sender": "DEUTDEFF", "receiver": "BOFAUS3N", "types": ["MT103", "pacs.009"]},
    )


def test_every_carried_message_type_has_a_known_family() -> None:
    from bankwire.messages.mt import SUPPORTED_TYPES

    carried_mt = {f"MT{kind}" for kind in SUPPORTED_TYPES}
    assert carried_mt <= KNOWN_FAMILIES
    assert {message_family(t) for t in ("pacs.008.001.08", "camt.056.001.08")} <= KNOWN_FAMILIES


def test_disconnecting_a_stranger_is_a_clear_error(network: Network) -> None:
    with pytest.raises(DirectoryError, match="disconnect: BSCHESMM is not a participant"):
        disconnect(network.services, "BSCHESMM", date(2022, 3, 12))
    with pytest.raises(DirectoryError, match="BIC: must be 8 or 11"):
        disconnect(network.services, "XX", date(2022, 3, 12))
