"""A diff lists added, removed and changed entries with the changed field names."""

from __future__ import annotations

from typing import Any

from bankwire.sanctions.diff import diff_entries


def raw(name: str, programs: list[str], record: str = "") -> dict[str, Any]:
    return {
        "names": [{"full": name, "name_type": "primary"}],
        "programs": programs,
        "source_record": record,
    }


def test_added_removed_changed() -> None:
    old = {"1": raw("A", ["X"]), "2": raw("B", ["X"]), "3": raw("C", ["X"], "row 1")}
    new = {"1": raw("A", ["X", "Y"]), "3": raw("C", ["X"], "row 1 reformatted"), "4": raw("D", [])}
    diff = diff_entries(old, new)
    assert diff.added == (("4", "D"),)
    assert diff.removed == (("2", "B"),)
    assert [(c.source_id, c.fields) for c in diff.changed] == [("1", ("programs",))]
    assert not diff.empty


def test_identical_versions_give_an_empty_diff() -> None:
    old = {"1": raw("A", ["X"])}
    assert diff_entries(old, old).empty
