"""Mapping of parsed OFAC CSV rows to ``ListEntry`` values, joined on ent_num.

Kept apart from ``ofac_csv`` (which recognises and decodes files) because this is the hot path
of a full-list load: one pass groups companion rows by ent_num, one pass builds entries, and
a last pass resolves "Linked To" names to ent_nums once every primary name is known.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Final, NamedTuple

from bankwire.errors import ListLoadError
from bankwire.sanctions.model import (
    Address,
    EntryKind,
    Identifier,
    IdentifierScheme,
    ListEntry,
    Name,
    NameStrength,
    NameType,
)
from bankwire.sanctions.sources.ofac_fields import (
    EntryFields,
    FieldCollector,
    country_code,
    resolve_link,
)
from bankwire.sanctions.sources.ofac_remarks import collect_remarks

__all__ = ["NamedRows", "Row", "build_entries", "gc_paused", "person_name_parts", "split_programs"]


class Row(NamedTuple):
    line: int
    """First line of the row in its file, for error messages."""
    raw: str
    """The row exactly as published, kept in ``ListEntry.source_record``."""
    fields: list[str]


NamedRows = tuple[str, list[Row]]
"""A file name and its rows."""

_KINDS: Final = {
    "individual": EntryKind.PERSON,
    "vessel": EntryKind.VESSEL,
    "aircraft": EntryKind.AIRCRAFT,
    "": EntryKind.ORGANIZATION,  # OFAC writes -0- for entities.
}
_ALIAS_TYPES: Final = {
    "aka": NameType.ALIAS,
    "fka": NameType.FORMERLY_KNOWN_AS,
    "nka": NameType.NEW_NAME,
}
_VESSEL_PROPERTIES: Final = (
    (6, "Vessel Type"),
    (7, "Vessel Tonnage"),
    (8, "Vessel Gross Registered Tonnage"),
    (9, "Vessel Flag"),
    (10, "Vessel Owner"),
)
_PROGRAM_SPLIT: Final = re.compile(r"\]\s*\[")


_NULLS: Final = frozenset({"-0- ", "-0-", ""})


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a list is built, then restore it.

    A full SDN set allocates about a million small containers, none of which can form a
    garbage cycle; CPython's generational collector would rescan the growing heap many times
    over and took 40 % of the load time when measured. Reference counting still frees
    everything as usual, and the previous collector state is restored on the way out.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _value(text: str) -> str | None:
    if text in _NULLS:
        return None
    stripped = text.strip()
    return None if not stripped or stripped == "-0-" else stripped


def split_programs(text: str | None) -> tuple[str, ...]:
    """``"[SDGT] [IRGC]"`` -> ("SDGT", "IRGC"); OFAC's CSV drops the outer brackets."""
    if not text:
        return ()
    parts = _PROGRAM_SPLIT.split(text.strip().strip("[]"))
    return tuple(part.strip() for part in parts if part.strip())


def person_name_parts(name: str) -> tuple[tuple[str, str], ...]:
    """OFAC writes people "FAMILY NAME, Given Names"; the comma separates the two parts."""
    family, comma, given = name.partition(", ")
    if not comma or not family or not given:
        return ()
    return (("family", family), ("given", given))


def build_entries(
    list_name: str,
    primary: NamedRows,
    aliases: NamedRows | None,
    addresses: NamedRows | None,
    comments: NamedRows | None,
) -> tuple[tuple[ListEntry, ...], tuple[str, ...]]:
    """Join the rows of one set on ent_num; return the entries and the orphan-row warnings."""
    primary_name, primary_rows = primary
    by_ent: dict[str, Row] = {}
    for row in primary_rows:
        ent = _ent_num(primary_name, row)
        if ent in by_ent:
            raise ListLoadError(
                f"OFAC {primary_name} line {row.line}: ent_num {ent} already given on line "
                f"{by_ent[ent].line} (expected each entry once)"
            )
        by_ent[ent] = row
    grouped = [_group(named) for named in (aliases, addresses, comments)]
    warnings = tuple(
        warning
        for named, groups in zip((aliases, addresses, comments), grouped, strict=True)
        if named is not None and (warning := _orphans(named[0], groups, by_ent, primary_name))
    )
    alias_groups, address_groups, comment_groups = grouped
    # Primary names are known before any entry is built, so "Linked To" targets resolve to
    # ent_nums on the way instead of rebuilding entries afterwards.
    ids_by_name = {
        name.casefold(): ent for ent, row in by_ent.items() if (name := _value(row.fields[1]))
    }
    context = _SetContext(list_name, primary_name, ids_by_name)
    entries = tuple(
        _draft(
            context,
            ent,
            row,
            alias_groups.get(ent, ()),
            address_groups.get(ent, ()),
            comment_groups.get(ent, ()),
        )
        for ent, row in by_ent.items()
    )
    return entries, warnings


class _SetContext(NamedTuple):
    list_name: str
    file_name: str
    ids_by_name: dict[str, str]


def _ent_num(file_name: str, row: Row) -> str:
    ent = row.fields[0].strip()
    if not (ent.isascii() and ent.isdigit()):
        raise ListLoadError(
            f"OFAC {file_name} line {row.line}: ent_num {ent!r} is not a number "
            "(expected the entry number in the first column)"
        )
    return ent


def _group(named: NamedRows | None) -> dict[str, list[Row]]:
    groups: dict[str, list[Row]] = {}
    if named is None:
        return groups
    name, rows = named
    for row in rows:
        groups.setdefault(_ent_num(name, row), []).append(row)
    return groups


def _orphans(
    name: str, groups: dict[str, list[Row]], known: dict[str, Row], primary_name: str
) -> str | None:
    orphan_ents = [ent for ent in groups if ent not in known]
    if not orphan_ents:
        return None
    rows = sum(len(groups[ent]) for ent in orphan_ents)
    return f"{name}: {rows:,} rows for {len(orphan_ents):,} ent_nums not in {primary_name}"


def _draft(
    context: _SetContext,
    ent: str,
    row: Row,
    alias_rows: Iterable[Row],
    address_rows: Iterable[Row],
    comment_rows: Iterable[Row],
) -> ListEntry:
    fields = row.fields
    file_name = context.file_name
    kind = _kind(file_name, row)
    name = _value(fields[1])
    if name is None:
        raise ListLoadError(f"OFAC {file_name} line {row.line}: ent_num {ent} has no name")
    collector = FieldCollector()
    collector.names.append(_name(name, NameType.PRIMARY, NameStrength.STRONG, kind))
    records = [row.raw]
    for alias in alias_rows:
        collector.names.append(_alias(file_name, alias, kind))
        records.append(alias.raw)
    remarks = _remarks(fields[11], comment_rows, records)
    if remarks is not None:
        collect_remarks(remarks, collector)
    _collect_vessel(fields, collector)
    addresses = []
    for address_row in address_rows:
        addresses.append(_address(address_row, collector))
        records.append(address_row.raw)
    if collector.links:
        collector.links = [resolve_link(link, context.ids_by_name) for link in collector.links]
    found = collector.freeze()
    return _entry(context.list_name, ent, kind, fields, found, addresses, remarks, records)


def _entry(
    list_name: str,
    ent: str,
    kind: EntryKind,
    fields: list[str],
    found: EntryFields,
    addresses: list[Address],
    remarks: str | None,
    records: list[str],
) -> ListEntry:
    title = _value(fields[4])
    return ListEntry(
        list_name=list_name,
        source_id=ent,
        kind=kind,
        names=found.names,
        birth_dates=found.birth_dates,
        birth_places=found.birth_places,
        nationalities=found.nationalities,
        citizenships=found.citizenships,
        addresses=tuple(addresses),
        identifiers=found.identifiers,
        programs=split_programs(_value(fields[3])),
        links=found.links,
        remarks=remarks,
        properties=found.properties,
        gender=found.gender,
        titles=(title,) if title else (),
        source_record="\n".join(records),
    )


def _kind(file_name: str, row: Row) -> EntryKind:
    written = _value(row.fields[2]) or ""
    kind = _KINDS.get(written.casefold())
    if kind is None:
        raise ListLoadError(
            f"OFAC {file_name} line {row.line}: SDN_Type {written!r} is unknown (expected "
            "individual, vessel, aircraft or -0- for an entity)"
        )
    return kind


def _name(full: str, name_type: NameType, strength: NameStrength, kind: EntryKind) -> Name:
    parts = person_name_parts(full) if kind is EntryKind.PERSON else ()
    return Name(full, name_type, strength, parts)


def _alias(file_name: str, row: Row, kind: EntryKind) -> Name:
    _, _, alt_type, alt_name, alt_remarks = row.fields
    name_type = _ALIAS_TYPES.get((_value(alt_type) or "").casefold())
    full = _value(alt_name)
    if name_type is None or full is None:
        raise ListLoadError(
            f"OFAC {file_name} line {row.line}: alias type {alt_type.strip()!r} / name "
            f"{alt_name.strip()!r} (expected aka, fka or nka and a name)"
        )
    remark = _value(alt_remarks) or ""
    strength = NameStrength.WEAK if "weak" in remark.casefold() else NameStrength.STRONG
    return _name(full, name_type, strength, kind)


def _remarks(text: str, comment_rows: Iterable[Row], records: list[str]) -> str | None:
    remarks = _value(text) or ""
    for comment in comment_rows:
        # sdn.csv cuts remarks at 1,000 characters and the comment row carries on mid-word.
        remarks += comment.fields[1]
        records.append(comment.raw)
    return remarks or None


def _collect_vessel(fields: list[str], collector: FieldCollector) -> None:
    call_sign = _value(fields[5])
    if call_sign is not None:
        collector.identifiers.append(
            Identifier(IdentifierScheme.OTHER, call_sign, label="Vessel Call Sign")
        )
    for index, label in _VESSEL_PROPERTIES:
        value = _value(fields[index])
        if value is not None:
            collector.properties.append((label, value))


def _address(row: Row, collector: FieldCollector) -> Address:
    _, _, street, city, country, remarks = row.fields
    street_text, country_text = _value(street), _value(country)
    note = _value(remarks)
    if note is not None:
        collector.properties.append(("Address Remarks", note))
    code = country_code(country_text) if country_text else None
    return Address(
        lines=(street_text,) if street_text else (),
        # OFAC merges city, state/province and postal code in one column ("Moscow 109052").
        city=_value(city),
        country=code,
        country_name=country_text,
    )
