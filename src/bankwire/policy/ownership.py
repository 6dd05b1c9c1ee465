"""The OFAC 50 Percent Rule: property of an entity owned by blocked persons is blocked.

OFAC's guidance (Revised Guidance on Entities Owned by Persons whose Property and Interests in
Property are Blocked, 13 August 2014, and FAQs 398-402) is reproduced as follows:

- An entity owned 50 % or more by one blocked person is blocked, though not listed.
- Shares of several blocked persons add up: 25 % + 25 % is 50 %, blocked (FAQ 399).
- Ownership is followed through blocked entities: if X (blocked) owns 50 % of A, A is blocked,
  and if A owns 50 % of B, B is blocked too, through any number of levels (FAQ 401).
- Ownership through an entity that is *not* blocked does not count: X owning 40 % of A and A
  owning 100 % of B leaves A and B unblocked; shares are not multiplied along a chain.
- Control without ownership, and OFAC's "Linked To" remarks, are not ownership and never
  count (``LinkRelation.LINKED_TO``); only ``OWNED_BY`` links with a known share do.

The EU and UK apply the same idea with "more than 50 %", so the threshold is the regime's.
The computation is a least fixed point over the owners reachable from the entities asked
about, which terminates on cycles (A owns B owns A) and gives the same answer in any order.
Shares are integer basis points (5000 = 50 %) so there is no rounding at the threshold.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from bankwire.errors import PolicyError
from bankwire.ids import bic8
from bankwire.policy.text import normalise_text
from bankwire.sanctions.model import LinkRelation, ListEntry

__all__ = [
    "BASIS_POINTS_WHOLE",
    "OwnershipFinding",
    "OwnershipLink",
    "OwnershipRegister",
    "bic_node",
    "blocked_by_ownership",
    "entry_node",
    "entry_owner_shares",
    "links_from_entries",
    "name_node",
    "owners_index",
]

BASIS_POINTS_WHOLE = 10_000


def entry_node(list_name: str, source_id: str) -> str:
    """The ownership-graph node of a list entry."""
    return f"{list_name}/{source_id}"


def bic_node(bic: str) -> str:
    """The node of a bank or company known by its BIC (institution level)."""
    return f"bic/{bic8(bic.upper())}"


def name_node(name: str) -> str:
    """The node of a company known only by name, as a participant's register gives it."""
    return f"name/{normalise_text(name)}"


@dataclass(frozen=True, slots=True)
class OwnershipLink:
    """``owner`` holds ``share_basis_points`` of ``owned``; both are graph nodes."""

    owned: str
    owner: str
    share_basis_points: int
    source: str
    """Where the link comes from: a list name, or the participant whose register gave it."""

    def __post_init__(self) -> None:
        if not 1 <= self.share_basis_points <= BASIS_POINTS_WHOLE:
            raise PolicyError(
                f"ownership link {self.owner} -> {self.owned} ({self.source}): "
                f"share_basis_points must be 1-10000 (got {self.share_basis_points})"
            )
        if self.owned == self.owner:
            raise PolicyError(
                f"ownership link ({self.source}): an entity cannot own itself (got {self.owned})"
            )


@dataclass(frozen=True, slots=True)
class OwnershipRegister:
    """Ownership a participant declares about its customers (beneficial-ownership register)."""

    links: tuple[OwnershipLink, ...] = ()

    def __post_init__(self) -> None:
        totals: dict[str, int] = {}
        for link in self.links:
            totals[link.owned] = totals.get(link.owned, 0) + link.share_basis_points
        over = sorted(node for node, total in totals.items() if total > BASIS_POINTS_WHOLE)
        if over:
            raise PolicyError(
                f"ownership register: shares of {over[0]} add up to "
                f"{totals[over[0]]} basis points (expected at most 10000)"
            )


@dataclass(frozen=True, slots=True)
class OwnershipFinding:
    """Why a node is blocked by ownership: its blocked owners and their aggregate share."""

    node: str
    share_basis_points: int
    blocked_owners: tuple[str, ...]


def links_from_entries(entries: Iterable[ListEntry]) -> tuple[OwnershipLink, ...]:
    """Ownership links the lists themselves publish; "Linked To" is deliberately dropped."""
    return tuple(
        OwnershipLink(entry_node(entry.list_name, entry.source_id), owner, share, entry.list_name)
        for entry in entries
        for owner, share in entry_owner_shares(entry).items()
    )


def entry_owner_shares(entry: ListEntry) -> dict[str, int]:
    """The owners a list entry's own links name, node -> basis points (OWNED_BY only)."""
    owned = entry_node(entry.list_name, entry.source_id)
    shares: dict[str, int] = {}
    for link in entry.links:
        if link.relation != LinkRelation.OWNED_BY:
            continue  # "Linked To", directorships and family ties are not ownership.
        if link.target_source_id is None or link.share_basis_points is None:
            continue  # An owner we cannot identify, or a share we do not know, proves nothing.
        if not 1 <= link.share_basis_points <= BASIS_POINTS_WHOLE:
            continue  # A share outside 0-100 % is a data error, not evidence.
        owner = entry_node(entry.list_name, link.target_source_id)
        if owner != owned:
            shares[owner] = max(shares.get(owner, 0), link.share_basis_points)
    return shares


def blocked_by_ownership(
    nodes: Iterable[str],
    owners_of: Callable[[str], Mapping[str, int]],
    is_designated: Callable[[str], bool],
    share_min_basis_points: int,
) -> dict[str, OwnershipFinding]:
    """The nodes among ``nodes`` that ownership makes blocked, each with its finding.

    ``owners_of`` gives a node's direct owners and their shares (``owners_index`` over
    register links, list links, or both). ``is_designated`` says whether a node is itself a
    blocked person under the regime in question.
    """
    wanted = set(nodes)
    graph = _reachable(wanted, owners_of)
    blocked = {node for node in graph if is_designated(node)}
    changed = True
    while changed:
        changed = False
        for node in sorted(set(graph) - blocked):
            if _blocked_share(graph[node], blocked) >= share_min_basis_points:
                blocked.add(node)
                changed = True
    # Designated nodes are reported too when owned: dropping them would let a hit that
    # designates a party remove an ownership reason, and so weaken the outcome.
    findings: dict[str, OwnershipFinding] = {}
    for node in sorted(wanted):
        owners = graph[node]
        share = _blocked_share(owners, blocked)
        if share >= share_min_basis_points:
            blocked_owners = tuple(sorted(owner for owner in owners if owner in blocked))
            findings[node] = OwnershipFinding(node, share, blocked_owners)
    return findings


def _blocked_share(owners: Mapping[str, int], blocked: set[str]) -> int:
    return min(
        BASIS_POINTS_WHOLE, sum(share for owner, share in owners.items() if owner in blocked)
    )


def owners_index(links: Iterable[OwnershipLink]) -> dict[str, dict[str, int]]:
    """owned -> owner -> share; the same pair from two sources counts once, the larger."""
    index: dict[str, dict[str, int]] = {}
    for link in links:
        owners = index.setdefault(link.owned, {})
        owners[link.owner] = max(owners.get(link.owner, 0), link.share_basis_points)
    return index


def _reachable(
    start: set[str], owners_of: Callable[[str], Mapping[str, int]]
) -> dict[str, Mapping[str, int]]:
    """Every node from which ownership can reach ``start``, with its direct owners."""
    graph: dict[str, Mapping[str, int]] = {}
    frontier = list(start)
    while frontier:
        node = frontier.pop()
        if node in graph:
            continue
        graph[node] = owners_of(node)
        frontier.extend(owner for owner in graph[node] if owner not in graph)
    return graph
