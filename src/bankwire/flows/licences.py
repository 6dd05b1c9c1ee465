"""Licences as stored JSON: the policy ``Licence`` value to and from a plain dict.

The store keeps licences as JSON so the API, the CLI and the demo register them the same way;
the conversion is strict (an unknown or missing field raises) so a bad record never turns
into a broader licence than was issued.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bankwire.errors import PolicyError
from bankwire.money import Amount
from bankwire.policy.licences import Licence, LicenceKind

__all__ = ["licence_from_json", "licence_to_json"]

_FIELDS = frozenset(
    {
        "number", "issuer", "jurisdiction", "kind", "valid_from", "valid_until", "programs",
        "covered_entries", "covered_bics", "purposes", "message_types", "amount_cap",
        "releases_blocked_funds", "grants_network_access", "description",
    }
)  # fmt: skip


def licence_to_json(licence: Licence) -> dict[str, Any]:
    cap = licence.amount_cap
    return {
        "number": licence.number,
        "issuer": licence.issuer,
        "jurisdiction": licence.jurisdiction,
        "kind": licence.kind.value,
        "valid_from": licence.valid_from.isoformat(),
        "valid_until": None if licence.valid_until is None else licence.valid_until.isoformat(),
        "programs": list(licence.programs),
        "covered_entries": [list(pair) for pair in licence.covered_entries],
        "covered_bics": list(licence.covered_bics),
        "purposes": list(licence.purposes),
        "message_types": list(licence.message_types),
        "amount_cap": None if cap is None else [cap.to_decimal_string(), cap.currency.code],
        "releases_blocked_funds": licence.releases_blocked_funds,
        "grants_network_access": licence.grants_network_access,
        "description": licence.description,
    }


def licence_from_json(data: dict[str, Any]) -> Licence:
    """Raises ``PolicyError`` naming the field when the record is not a licence."""
    unknown = sorted(set(data) - _FIELDS)
    if unknown:
        raise PolicyError(f"licence record: unknown field(s) {unknown}")
    try:
        cap = data.get("amount_cap")
        until = data.get("valid_until")
        return Licence(
            number=data["number"],
            issuer=data["issuer"],
            jurisdiction=data["jurisdiction"],
            kind=LicenceKind(data["kind"]),
            valid_from=datetime.fromisoformat(data["valid_from"]),
            valid_until=None if until is None else datetime.fromisoformat(until),
            programs=tuple(data.get("programs", ())),
            covered_entries=tuple((str(a), str(b)) for a, b in data.get("covered_entries", ())),
            covered_bics=tuple(data.get("covered_bics", ())),
            purposes=tuple(data.get("purposes", ())),
            message_types=tuple(data.get("message_types", ())),
            amount_cap=None if cap is None else Amount.parse(cap[0], cap[1]),
            releases_blocked_funds=bool(data.get("releases_blocked_funds", False)),
            grants_network_access=bool(data.get("grants_network_access", False)),
            description=str(data.get("description", "")),
        )
    except (KeyError, ValueError, TypeError) as exc:
        raise PolicyError(f"licence record {data.get('number')!r}: {exc!r}") from exc
