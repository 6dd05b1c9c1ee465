"""``ListEntry`` to plain JSON-able dicts and back, for storage, export and golden files.

The dict form is stable and sorted so that ``entry_hash`` (a sha256 of its canonical JSON)
changes only when the entry's content changes; list diffs rely on that.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date
from typing import Any

from bankwire.sanctions.model import (
    Address,
    DateRange,
    EntryKind,
    Identifier,
    IdentifierScheme,
    Link,
    LinkRelation,
    ListEntry,
    Name,
    NameStrength,
    NameType,
    PartialDate,
)

__all__ = ["entry_from_dict", "entry_hash", "entry_to_dict", "entry_to_json"]

JsonDict = dict[str, Any]


def _date_to(value: PartialDate | DateRange) -> JsonDict:
    if isinstance(value, DateRange):
        return {"start": _date_to(value.start), "end": _date_to(value.end)}
    return {"year": value.year, "month": value.month, "day": value.day}


def _date_from(raw: JsonDict) -> PartialDate | DateRange:
    if "start" in raw:
        start, end = _date_from(raw["start"]), _date_from(raw["end"])
        assert isinstance(start, PartialDate)
        assert isinstance(end, PartialDate)
        return DateRange(start, end)
    return PartialDate(raw["year"], raw.get("month"), raw.get("day"))


def entry_to_dict(entry: ListEntry) -> JsonDict:
    """A plain dict with only str/int/None/list/dict values, keys in a fixed order."""
    return {
        "list_name": entry.list_name,
        "source_id": entry.source_id,
        "kind": entry.kind.value,
        "names": [
            {
                "full": name.full,
                "name_type": name.name_type.value,
                "strength": name.strength.value,
                "parts": [list(part) for part in name.parts],
                "script": name.script,
                "language": name.language,
            }
            for name in entry.names
        ],
        "birth_dates": [_date_to(value) for value in entry.birth_dates],
        "birth_places": list(entry.birth_places),
        "nationalities": list(entry.nationalities),
        "citizenships": list(entry.citizenships),
        "addresses": [
            {
                "lines": list(address.lines),
                "city": address.city,
                "postal_code": address.postal_code,
                "region": address.region,
                "country": address.country,
                "country_name": address.country_name,
            }
            for address in entry.addresses
        ],
        "identifiers": [
            {
                "scheme": identifier.scheme.value,
                "value": identifier.value,
                "country": identifier.country,
                "label": identifier.label,
                "chain": identifier.chain,
                "note": identifier.note,
            }
            for identifier in entry.identifiers
        ],
        "programs": list(entry.programs),
        "listed_on": entry.listed_on.isoformat() if entry.listed_on else None,
        "links": [
            {
                "relation": link.relation.value,
                "target_name": link.target_name,
                "target_source_id": link.target_source_id,
                "share_basis_points": link.share_basis_points,
            }
            for link in entry.links
        ],
        "remarks": entry.remarks,
        "properties": [list(pair) for pair in entry.properties],
        "gender": entry.gender,
        "titles": list(entry.titles),
        "positions": list(entry.positions),
        "source_record": entry.source_record,
    }


def entry_from_dict(raw: JsonDict) -> ListEntry:
    """Inverse of ``entry_to_dict``; ``entry_from_dict(entry_to_dict(e)) == e``."""
    return ListEntry(
        list_name=raw["list_name"],
        source_id=raw["source_id"],
        kind=EntryKind(raw["kind"]),
        names=tuple(
            Name(
                full=name["full"],
                name_type=NameType(name["name_type"]),
                strength=NameStrength(name["strength"]),
                parts=tuple((part[0], part[1]) for part in name["parts"]),
                script=name["script"],
                language=name["language"],
            )
            for name in raw["names"]
        ),
        birth_dates=tuple(_date_from(value) for value in raw["birth_dates"]),
        birth_places=tuple(raw["birth_places"]),
        nationalities=tuple(raw["nationalities"]),
        citizenships=tuple(raw["citizenships"]),
        addresses=tuple(
            Address(
                lines=tuple(address["lines"]),
                city=address["city"],
                postal_code=address["postal_code"],
                region=address["region"],
                country=address["country"],
                country_name=address["country_name"],
            )
            for address in raw["addresses"]
        ),
        identifiers=tuple(
            Identifier(
                scheme=IdentifierScheme(identifier["scheme"]),
                value=identifier["value"],
                country=identifier["country"],
                label=identifier["label"],
                chain=identifier["chain"],
                note=identifier["note"],
            )
            for identifier in raw["identifiers"]
        ),
        programs=tuple(raw["programs"]),
        listed_on=date.fromisoformat(raw["listed_on"]) if raw["listed_on"] else None,
        links=tuple(
            Link(
                relation=LinkRelation(link["relation"]),
                target_name=link["target_name"],
                target_source_id=link["target_source_id"],
                share_basis_points=link["share_basis_points"],
            )
            for link in raw["links"]
        ),
        remarks=raw["remarks"],
        properties=tuple((pair[0], pair[1]) for pair in raw["properties"]),
        gender=raw["gender"],
        titles=tuple(raw["titles"]),
        positions=tuple(raw["positions"]),
        source_record=raw["source_record"],
    )


def entry_to_json(entry: ListEntry) -> str:
    """Canonical JSON: compact, UTF-8 text, fixed key order."""
    return json.dumps(entry_to_dict(entry), ensure_ascii=False, separators=(",", ":"))


def entry_hash(entry: ListEntry) -> str:
    """sha256 of the canonical JSON without ``source_record`` (formatting-only changes in the
    published file must not count as a change of the entry)."""
    data = entry_to_dict(entry)
    data.pop("source_record")
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
