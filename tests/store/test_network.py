"""The network store on SQLite and PostgreSQL: gap-free queues, compare-and-set, replay memory."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine

from bankwire.ids import Bic
from bankwire.money import Amount
from bankwire.network.delivery import Delivery, DeliveryState
from bankwire.network.participants import Participant, ParticipantStatus, hash_token
from bankwire.network.rma import RmaAuthorisation
from bankwire.store.base import (
    Advance,
    Event,
    LicenceRecord,
    MessageHead,
    MessageState,
    StoredMessage,
)
from bankwire.store.network import SqlNetworkStore

NOW = datetime(2022, 3, 1, 12, 0, tzinfo=UTC)


def stored(message_id: str, uetr: str | None = None) -> StoredMessage:
    return StoredMessage(
        id=0, sender="BOFAUS3N", receiver="PRMSRUMM", uetr=uetr, message_id=message_id,
        message_type="pacs.008.001.08", digest="d" * 64, body=b"<x/>",
        state=MessageState.ACCEPTED, received_at=NOW, decision={"k": 1},
    )  # fmt: skip


def test_participants_round_trip(any_engine: Engine) -> None:
    store = SqlNetworkStore(any_engine)
    psb = Participant(
        Bic("PRMSRUMM"), "PSB", "RU", ("RUB", "USD"), ("RU",), b"k" * 32, hash_token("t"),
        ParticipantStatus.DISCONNECTED, NOW.date(),
    )  # fmt: skip
    with store.transaction() as tx:
        tx.save_participant(psb)
        tx.grant_rma(RmaAuthorisation("BOFAUS3N", "PRMSRUMM", frozenset({"pacs.008"})))
        tx.grant_rma(RmaAuthorisation("BOFAUS3N", "PRMSRUMM", frozenset({"pacs.009", "pacs.008"})))
    with store.transaction() as tx:
        assert tx.participant("PRMSRUMM") == psb
        assert tx.participant_by_token(hash_token("t")) == psb
        assert tx.rma() == [
            RmaAuthorisation("BOFAUS3N", "PRMSRUMM", frozenset({"pacs.008", "pacs.009"}))
        ]


def test_an_unchanged_row_gives_back_the_same_participant(any_engine: Engine) -> None:
    store = SqlNetworkStore(any_engine)
    bank = Participant(Bic("BOFAUS3N"), "Bank", "US", ("USD",), ("US",), b"k" * 32, hash_token("a"))
    with store.transaction() as tx:
        tx.save_participant(bank)
    with store.transaction() as tx:
        first = tx.participants()
    with store.transaction() as tx:
        again = tx.participants()
        assert again[0] is first[0]
        assert tx.participant("BOFAUS3N") is first[0]
        tx.save_participant(dataclasses.replace(bank, status=ParticipantStatus.DISCONNECTED,
                                                disconnected_from=NOW.date()))  # fmt: skip
    with store.transaction() as tx:
        [changed] = tx.participants()
    assert changed is not first[0]
    assert changed.status is ParticipantStatus.DISCONNECTED
    assert changed.disconnected_from == NOW.date()


def test_queue_sequences_are_gap_free_and_rollback_returns_numbers(any_engine: Engine) -> None:
    """Output sequence numbers are given at first delivery; a rolled-back step gives it back."""
    store = SqlNetworkStore(any_engine)
    with store.transaction() as tx:
        first = tx.enqueue("PRMSRUMM", tx.insert_message(stored("M1")))
        second = tx.enqueue("PRMSRUMM", tx.insert_message(stored("M2")))
        assert tx.assign_sequence(first, "PRMSRUMM") == 1
    try:
        with store.transaction() as tx:
            assert tx.assign_sequence(second, "PRMSRUMM") == 2
            raise RuntimeError("crash inside the step")
    except RuntimeError:
        pass
    with store.transaction() as tx:
        assert tx.assign_sequence(second, "PRMSRUMM") == 2
        items = tx.queue_items("PRMSRUMM", 10)
        assert [item.sequence for item in items] == [1, 2]
        tx.update_delivery(items[0].id, Delivery(DeliveryState.ACKNOWLEDGED, 1, None), False)
        assert tx.undelivered_count("PRMSRUMM") == 1


def test_advance_is_compare_and_set(any_engine: Engine) -> None:
    store = SqlNetworkStore(any_engine)
    with store.transaction() as tx:
        pk = tx.insert_message(stored("M1", "0f0e4c5a-6f1b-4b5a-9c1d-2e3f4a5b6c7d"))
        assert tx.advance(pk, MessageState.ACCEPTED, MessageState.DECIDED, "pass", {"a": 2})
        assert not tx.advance(pk, MessageState.ACCEPTED, MessageState.DECIDED, "block")
        message = tx.message(pk)
        assert message is not None
        assert (message.state, message.outcome, message.decision) == (
            MessageState.DECIDED, "pass", {"a": 2},
        )  # fmt: skip
        found = tx.find_message("BOFAUS3N", "0f0e4c5a-6f1b-4b5a-9c1d-2e3f4a5b6c7d", "OTHER")
        assert found is not None
        assert found.id == pk


def test_replayed_signature_is_recognised(any_engine: Engine) -> None:
    store = SqlNetworkStore(any_engine)
    with store.transaction() as tx:
        assert tx.remember_signature("BOFAUS3N", "d" * 64, "ab" * 8, NOW)
        assert not tx.remember_signature("BOFAUS3N", "d" * 64, "ab" * 8, NOW)
        tx.append_event(Event(NOW, "received", "u", 1, "BOFAUS3N", {"x": 1}))
        assert tx.events("u") == [Event(NOW, "received", "u", 1, "BOFAUS3N", {"x": 1})]


def test_heads_and_bytes_to_deliver_match_the_whole_message(any_engine: Engine) -> None:
    store = SqlNetworkStore(any_engine)
    with store.transaction() as tx:
        pks = [tx.insert_message(stored(f"H{index}", f"uetr-{index}")) for index in range(3)]
    with store.transaction() as tx:
        whole = tx.messages_by_pk(pks)
        heads = tx.message_heads([*pks, 999_999])
        deliver = tx.messages_to_deliver([pks[2], pks[0]])
        assert tx.message_heads([]) == {} and tx.messages_to_deliver([]) == {}
    assert sorted(heads) == pks
    for pk, head in heads.items():
        message = whole[pk]
        assert head == MessageHead(message.id, message.sender, message.receiver, message.uetr,
                                   message.message_id, message.message_type, message.digest,
                                   message.state, message.origin)  # fmt: skip
    assert sorted(deliver) == sorted([pks[0], pks[2]])
    assert all(deliver[pk] == (heads[pk], whole[pk].body) for pk in deliver)


def test_advance_many_moves_all_or_says_not(any_engine: Engine) -> None:
    store = SqlNetworkStore(any_engine)
    with store.transaction() as tx:
        pks = [tx.insert_message(stored(f"A{index}")) for index in range(3)]
    moves = [Advance(pk, MessageState.ACCEPTED, MessageState.DECIDED, "pass", {"n": pk})
             for pk in pks]  # fmt: skip
    with store.transaction() as tx:
        assert tx.advance_many(moves)
        assert not tx.advance_many(moves[:1])  # Already moved.
        found = tx.messages_by_pk([*pks, 999_999])
    assert sorted(found) == pks
    assert {(m.state, m.outcome, m.decision["n"]) for m in found.values()} == {
        (MessageState.DECIDED, "pass", pk) for pk in pks
    }
    with store.transaction() as tx:
        positions = tx.enqueue_many([("PRMSRUMM", pks[0]), ("BOFAUS3N", pks[1])])
        assert set(positions) == {pks[0], pks[1]}
        assert positions[pks[0]] < positions[pks[1]]
        item = tx.queue_item_for(pks[1])
        assert item is not None and (item.receiver, item.id) == ("BOFAUS3N", positions[pks[1]])
        assert tx.enqueue_many([]) == {}
        assert tx.messages_by_pk([]) == {}


def test_batched_numbering_lookup_and_delivery_updates(any_engine: Engine) -> None:
    store = SqlNetworkStore(any_engine)
    with store.transaction() as tx:
        items = [tx.enqueue("PRMSRUMM", tx.insert_message(stored(f"Q{n}"))) for n in range(3)]
        assert tx.assign_sequences("PRMSRUMM", items[:2]) == [1, 2]
        assert tx.assign_sequences("PRMSRUMM", []) == []
        assert tx.assign_sequences("PRMSRUMM", items[2:]) == [3]
        in_flight = Delivery(DeliveryState.IN_FLIGHT, 1, NOW)
        tx.update_deliveries([(items[0], in_flight, True), (items[1], in_flight, False)])
        found = tx.queue_items_by_sequence("PRMSRUMM", [1, 2, 7])
        assert sorted(found) == [1, 2]
        assert (found[1].delivery.state, found[1].possible_duplicate) == (
            DeliveryState.IN_FLIGHT, True
        )  # fmt: skip
        assert found[2].delivery.deadline == NOW
        assert tx.queue_items_by_sequence("PRMSRUMM", []) == {}
        assert [item.id for item in tx.queue_items("PRMSRUMM", 2)] == items[:2]


def _bank(bic: str, token: str, **changes: object) -> Participant:
    bank = Participant(Bic(bic), "Bank", "DE", ("EUR",), ("EU",), b"k" * 32, hash_token(token))
    return dataclasses.replace(bank, **changes)  # type: ignore[arg-type]


def _directory(store: SqlNetworkStore) -> tuple[object, ...]:
    with store.transaction() as tx:
        return tx.participants(), tx.licences(), tx.licence_usage()


def test_directory_reads_follow_every_write_of_another_store(any_engine: Engine) -> None:
    """Two stores on one database (two server processes, or the CLI beside a server): what
    one writes, the other's next read has, whatever it kept from the version before."""
    writer, reader = SqlNetworkStore(any_engine), SqlNetworkStore(any_engine)
    assert _directory(reader) == ([], [], {})
    with writer.transaction() as tx:
        tx.save_participant(_bank("BOFAUS3N", "a"))
    assert [p.bic for p in _directory(reader)[0]] == ["BOFAUS3N"]
    with writer.transaction() as tx:
        tx.save_participant(_bank("BOFAUS3N", "a", status=ParticipantStatus.DISCONNECTED,
                                   disconnected_from=NOW.date()))  # fmt: skip
    assert _directory(reader)[0][0].status is ParticipantStatus.DISCONNECTED
    licence = LicenceRecord("GL-1", {"cap": "10.00"}, NOW.date(), None)
    with writer.transaction() as tx:
        tx.save_licence(licence)
    assert _directory(reader)[1] == [licence]
    with writer.transaction() as tx:
        pk = tx.insert_message(stored("L1"))
        tx.record_licence_usage("GL-1", pk, Amount.parse("4.00", "USD"))
        tx.record_licence_usage("GL-1", pk, Amount.parse("4.00", "USD"))  # Once a payment.
    assert _directory(reader)[2] == {"GL-1": ("4.00", "USD")}
    assert _directory(reader) == _directory(SqlNetworkStore(any_engine))  # As read afresh.


def test_a_rolled_back_directory_write_leaves_nothing_behind(any_engine: Engine) -> None:
    store = SqlNetworkStore(any_engine)
    with store.transaction() as tx:
        tx.save_participant(_bank("BOFAUS3N", "a"))
    with pytest.raises(RuntimeError, match="rolled back"), store.transaction() as tx:
        tx.save_participant(_bank("DEUTDEFF", "b"))
        assert len(tx.participants()) == 2  # Its own write, read past the cache.
        raise RuntimeError("rolled back")
    with store.transaction() as tx:  # The next write takes the same version number.
        tx.save_participant(_bank("PRMSRUMM", "c"))
    assert [p.bic for p in _directory(store)[0]] == ["BOFAUS3N", "PRMSRUMM"]


def test_each_directory_read_is_its_readers_own(any_engine: Engine) -> None:
    store = SqlNetworkStore(any_engine)
    with store.transaction() as tx:
        tx.save_participant(_bank("BOFAUS3N", "a"))
        tx.save_licence(LicenceRecord("GL-1", {"cap": "10.00"}, None, None))
        tx.record_licence_usage("GL-1", tx.insert_message(stored("L1")), Amount.parse("1", "USD"))
    participants, licences, usage = _directory(store)
    participants.clear()
    licences[0].data["cap"] = "0"
    usage.clear()
    assert _directory(store) == (
        [_bank("BOFAUS3N", "a")],
        [LicenceRecord("GL-1", {"cap": "10.00"}, None, None)],
        {"GL-1": ("1.00", "USD")},
    )
