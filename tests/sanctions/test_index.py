"""The name index: candidates come from token, fuzzy, phonetic, skeleton and acronym keys."""

from __future__ import annotations

import pytest

from bankwire.sanctions.index import NameIndex, fuzzy_keys
from bankwire.sanctions.matching.config import default_config, load_config
from bankwire.sanctions.model import EntryKind
from bankwire.sanctions.normalize import normalize_name
from tests.strategies_screening import entry, fixture_entries

CONFIG = default_config()
ENTRIES = [
    entry(EntryKind.ORGANIZATION, "PROMSVYAZBANK PJSC", source_id="34656"),
    entry(EntryKind.ORGANIZATION, "PETROLEOS DE VENEZUELA, S.A.", source_id="26367"),
    entry(EntryKind.PERSON, "MADURO MOROS, Nicolas", source_id="22790"),
    entry(EntryKind.PERSON, "MUHAMMAD, Abdul Rahman", source_id="7"),
    *(entry(EntryKind.ORGANIZATION, f"BANK NUMBER {n}", source_id=f"b{n}") for n in range(40)),
]
INDEX = NameIndex(ENTRIES, CONFIG)


def candidate_ids(query: str) -> list[str]:
    normalized = normalize_name(query, CONFIG.vocabulary)
    names = [INDEX.names[name_id] for name_id in INDEX.candidates(normalized)]
    return [INDEX.entries[name.entry_position].source_id for name in names]


@pytest.mark.parametrize(
    ("query", "source_id"),
    [
        ("Promsvyazbank", "34656"),
        ("Promsviazbank", "34656"),  # One edit: a shared deletion key.
        ("Promsvyaz Bank", "34656"),  # Split word: the glued query pair.
        ("Maduro Nicolas", "22790"),
        ("Madouro", "22790"),  # Sounds alike.
        ("Mhmd Abdul Rhmn", "7"),  # Vowels dropped: the consonant skeleton.
        ("Abdulrahman Muhammad", "7"),  # Glued word: the indexed adjacent pair.
        ("PDVSA", "26367"),  # Acronym derived at index time.
        ("Arneen Maduro", "22790"),
    ],
)
def test_candidates_found(query: str, source_id: str) -> None:
    assert source_id in candidate_ids(query)


def test_candidates_are_bounded() -> None:
    """A common token never drags the whole list into a query."""
    assert len(candidate_ids("Bank")) <= CONFIG.retrieval.candidates_max


def test_rare_tokens_weigh_more_than_common_ones() -> None:
    assert INDEX.weight("promsvyazbank") > INDEX.weight("bank")
    assert INDEX.weight("neverseen") >= INDEX.weight("promsvyazbank")


def test_legal_form_words_are_capped() -> None:
    assert INDEX.weight("pjsc") < INDEX.weight("maduro")


def test_duplicate_normalised_names_are_indexed_once() -> None:
    index = NameIndex([entry(EntryKind.PERSON, "Ali Hassan", "ALI, Hassan", "Hassan Ali")], CONFIG)
    assert len(index.names) == 1


def test_fuzzy_keys_kinds() -> None:
    keys = set(fuzzy_keys("maduro"))
    assert "dmaduro" in keys
    assert "dmduro" in keys  # One deletion.
    assert any(key.startswith("m") for key in keys)  # Metaphone.
    assert any(key.startswith("s") for key in keys)  # Skeleton.


def test_real_fixture_builds() -> None:
    entries, _ = fixture_entries()
    index = NameIndex(entries, CONFIG)
    assert len(index.names) > len(entries)


def test_candidates_far_behind_the_leader_are_not_compared() -> None:
    """Version 2 drops names sharing less than half the query; version 1 compared them all."""
    unpruned = NameIndex(ENTRIES, load_config("1"))
    normalized = normalize_name("Promsvyazbank Number", CONFIG.vocabulary)
    pruned_ids = INDEX.candidates(normalized)
    unpruned_ids = unpruned.candidates(normalized)
    assert len(pruned_ids) < len(unpruned_ids)
    assert pruned_ids == unpruned_ids[: len(pruned_ids)]


def test_another_lists_shorter_alias_survives_the_leaders_bonus() -> None:
    """The glued pair lifts "promsvyazbank pjsc" far above "promsvyazbank"; both are compared."""
    index = NameIndex(
        [*ENTRIES, entry(EntryKind.ORGANIZATION, "PROMSVYAZBANK", source_id="eu1")], CONFIG
    )
    normalized = normalize_name("Promsvyazbank PJSC", CONFIG.vocabulary)
    found = {
        index.entries[index.names[i].entry_position].source_id for i in index.candidates(normalized)
    }
    assert {"34656", "eu1"} <= found
