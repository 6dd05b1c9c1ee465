"""The 50 % rule on small graphs, one behaviour of OFAC's guidance per test."""

from __future__ import annotations

import pytest

from bankwire.errors import PolicyError
from bankwire.policy.ownership import (
    OwnershipLink,
    OwnershipRegister,
    bic_node,
    blocked_by_ownership,
    entry_owner_shares,
    links_from_entries,
    name_node,
    owners_index,
)
from bankwire.sanctions.model import EntryKind, Link, LinkRelation, ListEntry, Name
from tests.policy.factory import story_entries

OFAC = 5000
EU = 5001


def blocked(
    links: list[tuple[str, str, int]], designated: set[str], nodes: list[str], share_min: int
) -> dict[str, int]:
    index = owners_index(
        OwnershipLink(owned, owner, share, "test") for owned, owner, share in links
    )
    found = blocked_by_ownership(
        nodes, lambda node: index.get(node, {}), designated.__contains__, share_min
    )
    return {node: finding.share_basis_points for node, finding in found.items()}


def test_direct_fifty_percent_blocks_under_ofac_not_under_eu() -> None:
    links = [("A", "X", 5000)]
    assert blocked(links, {"X"}, ["A"], OFAC) == {"A": 5000}
    assert blocked(links, {"X"}, ["A"], EU) == {}


def test_aggregate_of_blocked_owners() -> None:
    """25 % + 25 % by two blocked persons is 50 %: blocked (OFAC FAQ 399)."""
    assert blocked([("A", "X", 2500), ("A", "Y", 2500)], {"X", "Y"}, ["A"], OFAC) == {"A": 5000}


def test_aggregate_below_threshold() -> None:
    """25 % + 24.99 % is below 50 %; the unblocked 50.01 % owner adds nothing."""
    links = [("A", "X", 2500), ("A", "Y", 2499), ("A", "Z", 5001)]
    assert blocked(links, {"X", "Y"}, ["A"], OFAC) == {}


def test_indirect_through_blocked_entity() -> None:
    """X owns 50 % of A (blocked), A owns 50 % of B: B is blocked (OFAC FAQ 401)."""
    links = [("A", "X", 5000), ("B", "A", 5000), ("C", "B", 10000)]
    assert blocked(links, {"X"}, ["C"], OFAC) == {"C": 10000}


def test_indirect_through_unblocked_entity_is_not_multiplied() -> None:
    """X owns 40 % of A, A owns 100 % of B: neither is blocked."""
    assert blocked([("A", "X", 4000), ("B", "A", 10000)], {"X"}, ["A", "B"], OFAC) == {}


def test_aggregate_direct_and_indirect() -> None:
    """X holds 30 % of B directly; blocked A (X's 60 %) holds 20 % of B: 50 %, blocked."""
    links = [("A", "X", 6000), ("B", "X", 3000), ("B", "A", 2000)]
    assert blocked(links, {"X"}, ["B"], OFAC) == {"B": 5000}


def test_cycle_without_blocked_owner_terminates_unblocked() -> None:
    assert blocked([("A", "B", 6000), ("B", "A", 6000)], {"X"}, ["A"], OFAC) == {}


def test_cycle_with_blocked_owner() -> None:
    """A and B own each other; X's 50 % of A blocks A, which blocks B through the cycle, and
    B's 40 % of A then counts towards A's blocked share (90 %)."""
    links = [("A", "X", 5000), ("A", "B", 4000), ("B", "A", 6000)]
    assert blocked(links, {"X"}, ["A", "B"], OFAC) == {"A": 9000, "B": 6000}


def test_designated_nodes_are_reported_when_owned() -> None:
    """A listed subsidiary of a listed parent is blocked twice over; both reasons show."""
    assert blocked([("A", "X", 10000)], {"X", "A"}, ["A", "X"], OFAC) == {"A": 10000}


def test_linked_to_is_never_ownership() -> None:
    """OFAC "Linked To" (Evrofinance -> PDVSA) carries no share and never counts."""
    assert links_from_entries(story_entries().values()) == ()
    entry = ListEntry(
        "us_ofac_sdn",
        "1",
        EntryKind.ORGANIZATION,
        (Name("A CO"),),
        links=(
            Link(LinkRelation.LINKED_TO, "X", "2", 10000),
            Link(LinkRelation.DIRECTOR_OF, "X", "2", 10000),
            Link(LinkRelation.OWNED_BY, "X", None, 10000),
            Link(LinkRelation.OWNED_BY, "Y", "3", None),
            Link(LinkRelation.OWNED_BY, "Z", "4", 20000),
            Link(LinkRelation.OWNED_BY, "self", "1", 5000),
            Link(LinkRelation.OWNED_BY, "W", "5", 3000),
            Link(LinkRelation.OWNED_BY, "W", "5", 6000),
        ),
    )
    assert entry_owner_shares(entry) == {"us_ofac_sdn/5": 6000}
    assert links_from_entries([entry]) == (
        OwnershipLink("us_ofac_sdn/1", "us_ofac_sdn/5", 6000, "us_ofac_sdn"),
    )


def test_owners_index_keeps_the_larger_share_of_a_repeated_pair() -> None:
    index = owners_index(
        [OwnershipLink("A", "X", 4800, "list"), OwnershipLink("A", "X", 5100, "register")]
    )
    assert index == {"A": {"X": 5100}}


def test_nodes() -> None:
    assert bic_node("prmsrummxxx") == "bic/PRMSRUMM"
    assert name_node("  Acme Trading, GmbH ") == "name/acme trading gmbh"


@pytest.mark.parametrize(
    ("links", "message"),
    [
        ([OwnershipLink("A", "X", 6000, "r"), OwnershipLink("A", "Y", 5000, "r")], "add up"),
    ],
)
def test_register_refuses_over_100_percent(links: list[OwnershipLink], message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        OwnershipRegister(tuple(links))


@pytest.mark.parametrize(
    ("owned", "owner", "share", "message"),
    [
        ("A", "X", 0, r"share_basis_points must be 1-10000 \(got 0\)"),
        ("A", "X", 10001, r"share_basis_points must be 1-10000 \(got 10001\)"),
        ("A", "A", 5000, "an entity cannot own itself"),
    ],
)
def test_link_is_checked(owned: str, owner: str, share: int, message: str) -> None:
    with pytest.raises(PolicyError, match=message):
        OwnershipLink(owned, owner, share, "register of ALPHDEFF")
