"""EU Financial Sanctions Files (FSF), the official consolidated XML (``export`` root).

Written from the EU's published format (namespace ``http://eu.europa.ec/fpi/fsd/export``,
the "1.1" XML the FSF platform serves). Behaviours reproduced:

- ``logicalId`` of ``sanctionEntity`` is the stable id the EU reuses across files; the
  ``euReferenceNumber`` (``EU.7395.36``) is kept as a property.
- The first ``nameAlias`` is the name the regulation lists first; it is the primary name
  unless it is in a non-Latin script, in which case the first Latin alias is. ``strong="false"``
  marks a weak alias.
- ``subjectType/@code`` is ``person`` or ``enterprise``; ``regulation/@programme`` (``RUS``,
  ``VEN``) gives the programs and the earliest ``publicationDate`` the listing date.
- Birth dates come as a full ``birthdate`` or as ``year``/``monthOfYear``/``dayOfMonth``;
  ``circa="true"`` is flagged in properties.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Final

from lxml import etree

from bankwire.errors import ListLoadError
from bankwire.sanctions.model import (
    Address,
    EntryKind,
    Identifier,
    IdentifierScheme,
    ListEntry,
    ListSource,
    ParsedList,
    PartialDate,
)
from bankwire.sanctions.sources.base import SourceFile
from bankwire.sanctions.sources.eu_names import ordered_names
from bankwire.xmlsafe import XmlSecurityError, XmlSyntaxError, parse_xml

__all__ = ["FORMAT_NAME", "IDENTIFIER_SCHEMES", "NAMESPACE", "looks_like", "read"]

FORMAT_NAME = "eu_xml"
NAMESPACE: Final = "http://eu.europa.ec/fpi/fsd/export"
_NS: Final = f"{{{NAMESPACE}}}"
_KINDS: Final = {"person": EntryKind.PERSON, "enterprise": EntryKind.ORGANIZATION}
IDENTIFIER_SCHEMES: Final = {
    "passport": IdentifierScheme.PASSPORT,
    "id": IdentifierScheme.NATIONAL_ID,
    "ssn": IdentifierScheme.NATIONAL_ID,
    "fiscalcode": IdentifierScheme.TAX_ID,
    "taxid": IdentifierScheme.TAX_ID,
    "euvat": IdentifierScheme.TAX_ID,
    "regnumber": IdentifierScheme.REGISTRATION_NUMBER,
    "swiftbic": IdentifierScheme.BIC,
    "imo": IdentifierScheme.IMO,
}
"""FSF identificationTypeCode -> our scheme; codes not listed map to ``OTHER``."""


def looks_like(file: SourceFile) -> bool:
    """True when the document is an FSF ``export`` in the EU namespace."""
    head = file.data[:4096]
    return b"<export" in head and NAMESPACE.encode() in head


def read(files: Sequence[SourceFile]) -> ParsedList:
    """Parse one FSF XML file into entries.

    Raises:
        ListLoadError: more than one file, unsafe or malformed XML, a foreign root element, or
            a ``sanctionEntity`` without ``logicalId`` or names.
    """
    if len(files) != 1:
        names = ", ".join(file.name for file in files)
        raise ListLoadError(f"EU list: expected exactly one XML file (got {len(files)}: {names})")
    file = files[0]
    try:
        root = parse_xml(file.data, what=f"EU list {file.name}")
    except (XmlSecurityError, XmlSyntaxError) as exc:
        raise ListLoadError(str(exc)) from exc
    if root.tag != f"{_NS}export":
        raise ListLoadError(
            f"EU list {file.name} line {root.sourceline}: expected root element <export> in "
            f"namespace {NAMESPACE} (got {root.tag})"
        )
    warnings: list[str] = []
    entries = tuple(
        _entry(file.name, element, warnings) for element in root.iterfind(f"{_NS}sanctionEntity")
    )
    return ParsedList(
        list_name=ListSource.EU_FSF,
        format_name=FORMAT_NAME,
        entries=entries,
        published=_date(f"EU list {file.name}: generationDate", root.get("generationDate")),
        warnings=tuple(warnings),
    )


def _date(where: str, text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError as exc:
        raise ListLoadError(f"{where}: expected YYYY-MM-DD (got {text!r})") from exc


def _attribute(element: etree._Element, name: str) -> str | None:
    value = element.get(name)
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def _children(element: etree._Element, tag: str) -> list[etree._Element]:
    return list(element.iterfind(f"{_NS}{tag}"))


def _entry(file_name: str, element: etree._Element, warnings: list[str]) -> ListEntry:
    where = f"EU list {file_name} line {element.sourceline} <sanctionEntity>"
    logical_id = _attribute(element, "logicalId")
    if logical_id is None:
        raise ListLoadError(f"{where}: attribute logicalId is required (got none)")
    kind = EntryKind.UNKNOWN
    for subject in _children(element, "subjectType"):
        code = _attribute(subject, "code") or ""
        kind = _KINDS.get(code, EntryKind.UNKNOWN)
        if kind == EntryKind.UNKNOWN:
            warnings.append(f"{where} {logical_id}: unknown subjectType code {code!r}")
    aliases = _children(element, "nameAlias")
    names = ordered_names(
        [
            (
                whole,
                _attribute(alias, "strong") != "false",
                _attribute(alias, "nameLanguage"),
                _parts(alias),
            )
            for alias in aliases
            if (whole := _whole_name(alias)) is not None
        ]
    )
    if not names:
        raise ListLoadError(f"{where} {logical_id}: a nameAlias with a wholeName is required")
    properties = _properties(element)
    regulations = _children(element, "regulation")
    publication_dates = [
        parsed
        for regulation in regulations
        if (parsed := _date(where, _attribute(regulation, "publicationDate"))) is not None
    ]
    return ListEntry(
        list_name=ListSource.EU_FSF,
        source_id=logical_id,
        kind=kind,
        names=names,
        birth_dates=_birth_dates(element, properties),
        birth_places=_birth_places(element),
        citizenships=_distinct(
            _attribute(node, "countryIso2Code") for node in _children(element, "citizenship")
        ),
        addresses=_addresses(element),
        identifiers=_identifiers(element),
        programs=_distinct(_attribute(regulation, "programme") for regulation in regulations),
        listed_on=min(publication_dates) if publication_dates else None,
        remarks="\n".join(_distinct(node.text for node in _children(element, "remark"))) or None,
        properties=tuple(properties),
        gender=next((value for alias in aliases if (value := _attribute(alias, "gender"))), None),
        titles=_distinct(_attribute(alias, "title") for alias in aliases),
        positions=_distinct(_attribute(alias, "function") for alias in aliases),
        source_record=etree.tostring(element, encoding="unicode", with_tail=False),
    )


def _whole_name(alias: etree._Element) -> str | None:
    whole = _attribute(alias, "wholeName")
    if whole is not None:
        return whole
    parts = [_attribute(alias, key) for key in ("firstName", "middleName", "lastName")]
    joined = " ".join(part for part in parts if part)
    return joined or None


def _parts(alias: etree._Element) -> tuple[tuple[str, str], ...]:
    keys = (("firstName", "given"), ("middleName", "middle"), ("lastName", "family"))
    parts = tuple((label, value) for key, label in keys if (value := _attribute(alias, key)))
    return parts if len(parts) > 1 else ()


def _distinct(values: Iterable[str | None]) -> tuple[str, ...]:
    cleaned = (" ".join(value.split()) for value in values if value)
    return tuple(dict.fromkeys(value for value in cleaned if value))


def _properties(element: etree._Element) -> list[tuple[str, str]]:
    properties: list[tuple[str, str]] = []
    for attribute, key in (
        ("euReferenceNumber", "eu_reference_number"),
        ("unitedNationId", "un_id"),
        ("designationDetails", "designation_details"),
        ("designationDate", "designation_date"),
    ):
        if (value := _attribute(element, attribute)) is not None:
            properties.append((key, value))
    for address in _children(element, "address"):
        if (contact := _attribute(address, "contactInfo")) is not None:
            properties.append(("contact_info", contact))
    for regulation in _children(element, "regulation"):
        if (number := _attribute(regulation, "numberTitle")) is not None:
            properties.append(("regulation", number))
    return properties


def _birth_dates(
    element: etree._Element, properties: list[tuple[str, str]]
) -> tuple[PartialDate, ...]:
    found: list[PartialDate] = []
    for node in _children(element, "birthdate"):
        value = _birth_date(node)
        if value is None:
            continue
        found.append(value)
        if _attribute(node, "circa") == "true":
            properties.append(("birth_date_circa", value.iso()))
    return tuple(dict.fromkeys(found))


def _birth_date(node: etree._Element) -> PartialDate | None:
    if (full := _attribute(node, "birthdate")) is not None:
        try:
            parsed = date.fromisoformat(full)
        except ValueError as exc:
            raise ListLoadError(
                f"EU list line {node.sourceline} <birthdate>: birthdate must be YYYY-MM-DD "
                f"(got {full!r})"
            ) from exc
        return PartialDate(parsed.year, parsed.month, parsed.day)
    year = _attribute(node, "year")
    if year is None:
        return None
    month, day = _attribute(node, "monthOfYear"), _attribute(node, "dayOfMonth")
    try:
        return PartialDate(
            int(year), int(month) if month else None, int(day) if day and month else None
        )
    except ValueError as exc:
        raise ListLoadError(
            f"EU list line {node.sourceline} <birthdate>: invalid year/month/day "
            f"({year!r}/{month!r}/{day!r}): {exc}"
        ) from exc


def _birth_places(element: etree._Element) -> tuple[str, ...]:
    places: list[str] = []
    for node in _children(element, "birthdate"):
        keys = ("place", "city", "region", "countryDescription")
        parts = [value for key in keys if (value := _attribute(node, key)) and value != "UNKNOWN"]
        if parts:
            places.append(", ".join(parts))
    return tuple(dict.fromkeys(places))


def _addresses(element: etree._Element) -> tuple[Address, ...]:
    addresses: list[Address] = []
    for node in _children(element, "address"):
        lines = tuple(
            value for key in ("street", "poBox", "place") if (value := _attribute(node, key))
        )
        address = Address(
            lines=lines,
            city=_attribute(node, "city"),
            postal_code=_attribute(node, "zipCode"),
            region=_attribute(node, "region"),
            country=_country(node),
            country_name=_attribute(node, "countryDescription"),
        )
        if address != Address():
            addresses.append(address)
    return tuple(dict.fromkeys(addresses))


def _country(node: etree._Element) -> str | None:
    code = _attribute(node, "countryIso2Code")
    # The FSF writes "00" for an unknown country.
    return code.upper() if code and code != "00" else None


def _identifiers(element: etree._Element) -> tuple[Identifier, ...]:
    identifiers: list[Identifier] = []
    for node in _children(element, "identification"):
        number = _attribute(node, "number") or _attribute(node, "latinNumber")
        if number is None:
            continue
        code = (_attribute(node, "identificationTypeCode") or "").lower()
        flags = [key for key in ("knownFalse", "knownExpired", "reportedLost", "revokedByIssuer")
                 if _attribute(node, key) == "true"]  # fmt: skip
        remarks = [" ".join((remark.text or "").split()) for remark in _children(node, "remark")]
        notes = [*remarks, _attribute(node, "issuedBy"), *flags]
        identifiers.append(
            Identifier(
                scheme=IDENTIFIER_SCHEMES.get(code, IdentifierScheme.OTHER),
                value=number,
                country=_country(node),
                label=_attribute(node, "identificationTypeDescription") or code or None,
                note="; ".join(note for note in notes if note) or None,
            )
        )
    return tuple(dict.fromkeys(identifiers))
