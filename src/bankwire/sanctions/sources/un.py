"""UN Security Council Consolidated List (XML, root ``CONSOLIDATED_LIST``).

One ``INDIVIDUAL`` or ``ENTITY`` element per designation. The reference number
(``QDi.001``) is the id the UN itself cites in press releases and other lists quote ("UN Ref
QDe.004"), so it is the source id; ``DATAID`` changes meaning across UN systems and is kept
as a property. Behaviours reproduced from the published file:

- Name parts ``FIRST_NAME`` .. ``FOURTH_NAME`` are not given/family names: the UN fills them
  in the order the name is written, so they are kept under their own labels.
- Alias ``QUALITY`` ``Good``/``a.k.a.`` is a strong alias, ``Low`` a weak one (the UN's
  "low quality alias" is OFAC's weak a.k.a.), ``f.k.a.`` a former name.
- Dates of birth come as ``EXACT`` (full ``DATE`` or only ``YEAR``), ``APPROXIMATELY`` and
  ``BETWEEN`` (``FROM_YEAR``..``TO_YEAR``); approximate ones are flagged in properties.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from lxml import etree

from bankwire.errors import ListLoadError
from bankwire.sanctions.countries import to_country_code
from bankwire.sanctions.model import (
    Address,
    DateRange,
    EntryKind,
    Identifier,
    IdentifierScheme,
    ListEntry,
    ListSource,
    Name,
    NameStrength,
    NameType,
    ParsedList,
    PartialDate,
)
from bankwire.sanctions.sources.base import SourceFile
from bankwire.sanctions.sources.scripts import detect_script
from bankwire.xmlsafe import XmlSecurityError, XmlSyntaxError, parse_xml

__all__ = ["FORMAT_NAME", "looks_like", "read"]

FORMAT_NAME = "un_xml"
_NAME_TAGS = (
    ("FIRST_NAME", "first_name"),
    ("SECOND_NAME", "second_name"),
    ("THIRD_NAME", "third_name"),
    ("FOURTH_NAME", "fourth_name"),
)
_ALIAS_QUALITY = {
    "good": (NameType.ALIAS, NameStrength.STRONG),
    "a.k.a.": (NameType.ALIAS, NameStrength.STRONG),
    "low": (NameType.ALIAS, NameStrength.WEAK),
    "f.k.a.": (NameType.FORMERLY_KNOWN_AS, NameStrength.STRONG),
}
_PASSPORT_TYPES = {"passport", "número de pasaporte", "numéro de passeport"}


def looks_like(file: SourceFile) -> bool:
    """True when the document's root element is ``CONSOLIDATED_LIST``."""
    head = file.data[:4096]
    return b"<CONSOLIDATED_LIST" in head


def read(files: Sequence[SourceFile]) -> ParsedList:
    """Parse one UN consolidated XML file into entries.

    Raises:
        ListLoadError: more than one file, unsafe or malformed XML, or an entry without the
            reference number that identifies it.
    """
    if len(files) != 1:
        names = ", ".join(file.name for file in files)
        raise ListLoadError(f"UN list: expected exactly one XML file (got {len(files)}: {names})")
    file = files[0]
    try:
        root = parse_xml(file.data, what=f"UN list {file.name}")
    except (XmlSecurityError, XmlSyntaxError) as exc:
        raise ListLoadError(str(exc)) from exc
    if root.tag != "CONSOLIDATED_LIST":
        raise ListLoadError(
            f"UN list {file.name} line {root.sourceline}: expected root element "
            f"<CONSOLIDATED_LIST> (got <{root.tag}>)"
        )
    warnings: list[str] = []
    entries: list[ListEntry] = []
    for group, kind in (("INDIVIDUALS", EntryKind.PERSON), ("ENTITIES", EntryKind.ORGANIZATION)):
        for element in root.iterfind(f"{group}/*"):
            entries.append(_entry(file.name, element, kind, warnings))
    return ParsedList(
        list_name=ListSource.UN_SC,
        format_name=FORMAT_NAME,
        entries=tuple(entries),
        published=_published(file.name, root.get("dateGenerated")),
        warnings=tuple(warnings),
    )


def _published(file_name: str, generated: str | None) -> date | None:
    if not generated:
        return None
    try:
        return date.fromisoformat(generated[:10])
    except ValueError as exc:
        raise ListLoadError(
            f"UN list {file_name}: dateGenerated must start with YYYY-MM-DD (got {generated!r})"
        ) from exc


def _text(element: etree._Element, path: str) -> str | None:
    value = element.findtext(path)
    if value is None:
        return None
    value = " ".join(value.split())
    return value or None


def _values(element: etree._Element, path: str) -> tuple[str, ...]:
    found = (" ".join((value.text or "").split()) for value in element.iterfind(path))
    return tuple(value for value in found if value)


def _entry(
    file_name: str, element: etree._Element, kind: EntryKind, warnings: list[str]
) -> ListEntry:
    where = f"UN list {file_name} line {element.sourceline} <{element.tag}>"
    reference = _text(element, "REFERENCE_NUMBER")
    if reference is None:
        raise ListLoadError(f"{where}: REFERENCE_NUMBER is required (got none)")
    names = _names(element, where, warnings)
    if not names:
        raise ListLoadError(f"{where} {reference}: FIRST_NAME is required (got none)")
    prefix = "INDIVIDUAL" if kind == EntryKind.PERSON else "ENTITY"
    properties: list[tuple[str, str]] = []
    for tag, key in (("DATAID", "dataid"), ("VERSIONNUM", "version"), ("SUBMITTED_BY", "by")):
        if (value := _text(element, tag)) is not None:
            properties.append((key, value))
    properties.extend(("list_type", value) for value in _values(element, "LIST_TYPE/VALUE"))
    properties.extend(
        ("last_updated", value) for value in _values(element, "LAST_DAY_UPDATED/VALUE")
    )
    birth_dates = _birth_dates(element, where, properties, warnings)
    return ListEntry(
        list_name=ListSource.UN_SC,
        source_id=reference,
        kind=kind,
        names=names,
        birth_dates=birth_dates,
        birth_places=_birth_places(element),
        nationalities=tuple(_country(value) for value in _values(element, "NATIONALITY/VALUE")),
        addresses=_addresses(element, f"{prefix}_ADDRESS"),
        identifiers=_documents(element, properties),
        programs=(program,) if (program := _text(element, "UN_LIST_TYPE")) else (),
        listed_on=_listed_on(element, where, warnings),
        remarks=_text(element, "COMMENTS1"),
        properties=tuple(properties),
        gender=_text(element, "GENDER"),
        titles=_values(element, "TITLE/VALUE"),
        positions=_values(element, "DESIGNATION/VALUE"),
        source_record=etree.tostring(element, encoding="unicode", with_tail=False),
    )


def _country(name: str) -> str:
    return to_country_code(name) or name


def _names(element: etree._Element, where: str, warnings: list[str]) -> tuple[Name, ...]:
    parts = tuple(
        (label, value) for tag, label in _NAME_TAGS if (value := _text(element, tag)) is not None
    )
    names: list[Name] = []
    if parts:
        full = " ".join(value for _, value in parts)
        names.append(Name(full=full, parts=parts if len(parts) > 1 else ()))
    if (original := _text(element, "NAME_ORIGINAL_SCRIPT")) is not None:
        script = detect_script(original)
        # A Latin "original script" (accented spelling) is an alias, not a non-Latin form.
        latin = script in (None, "Latin")
        name_type = NameType.ALIAS if latin else NameType.NON_LATIN
        names.append(Name(full=original, name_type=name_type, script=None if latin else script))
    for alias in element.iterfind("*"):
        if not alias.tag.endswith("_ALIAS"):
            continue
        alias_name = _text(alias, "ALIAS_NAME")
        if alias_name is None:
            continue
        quality = (_text(alias, "QUALITY") or "good").lower()
        if quality not in _ALIAS_QUALITY:
            warnings.append(f"{where}: alias quality {quality!r} unknown; read as a strong alias")
        name_type, strength = _ALIAS_QUALITY.get(quality, (NameType.ALIAS, NameStrength.STRONG))
        script = detect_script(alias_name)
        names.append(
            Name(
                full=alias_name,
                name_type=name_type,
                strength=strength,
                script=None if script in (None, "Latin") else script,
            )
        )
    return tuple(names)


def _birth_dates(
    element: etree._Element, where: str, properties: list[tuple[str, str]], warnings: list[str]
) -> tuple[PartialDate | DateRange, ...]:
    found: list[PartialDate | DateRange] = []
    for birth in element.iterfind("INDIVIDUAL_DATE_OF_BIRTH"):
        kind = (_text(birth, "TYPE_OF_DATE") or "").upper()
        note = _text(birth, "NOTE")
        try:
            value = _birth_date(birth, kind)
        except ValueError as exc:
            warnings.append(f"{where}: date of birth kept as a note only: {exc}")
            value = None
        if value is None:
            if note is not None:
                properties.append(("birth_date_note", note))
            continue
        found.append(value)
        if kind == "APPROXIMATELY":
            properties.append(("birth_date_approximate", _date_text(value)))
        if note is not None:
            properties.append(("birth_date_note", f"{_date_text(value)}: {note}"))
    return tuple(found)


def _birth_date(birth: etree._Element, kind: str) -> PartialDate | DateRange | None:
    if kind == "BETWEEN":
        start, end = _text(birth, "FROM_YEAR"), _text(birth, "TO_YEAR")
        if start is None or end is None:
            raise ValueError(f"BETWEEN needs FROM_YEAR and TO_YEAR (got {start!r}, {end!r})")
        return DateRange(PartialDate(int(start)), PartialDate(int(end)))
    if (full := _text(birth, "DATE")) is not None:
        parsed = date.fromisoformat(full[:10])
        return PartialDate(parsed.year, parsed.month, parsed.day)
    if (year := _text(birth, "YEAR")) is not None:
        return PartialDate(int(year))
    return None


def _date_text(value: PartialDate | DateRange) -> str:
    if isinstance(value, DateRange):
        return f"{value.start.iso()}/{value.end.iso()}"
    return value.iso()


def _birth_places(element: etree._Element) -> tuple[str, ...]:
    places: list[str] = []
    for place in element.iterfind("INDIVIDUAL_PLACE_OF_BIRTH"):
        parts = [_text(place, tag) for tag in ("STREET", "CITY", "STATE_PROVINCE", "COUNTRY")]
        text = ", ".join(part for part in parts if part)
        if text:
            places.append(text)
    return tuple(places)


def _addresses(element: etree._Element, tag: str) -> tuple[Address, ...]:
    addresses: list[Address] = []
    for node in element.iterfind(tag):
        street = _text(node, "STREET")
        country = _text(node, "COUNTRY")
        address = Address(
            lines=(street,) if street else (),
            city=_text(node, "CITY"),
            postal_code=_text(node, "ZIP_CODE"),
            region=_text(node, "STATE_PROVINCE"),
            country=to_country_code(country),
            country_name=country,
        )
        if address != Address():
            addresses.append(address)
    return tuple(addresses)


def _documents(
    element: etree._Element, properties: list[tuple[str, str]]
) -> tuple[Identifier, ...]:
    identifiers: list[Identifier] = []
    for document in element.iterfind("INDIVIDUAL_DOCUMENT"):
        kind = _text(document, "TYPE_OF_DOCUMENT")
        number = _text(document, "NUMBER")
        note = _text(document, "NOTE")
        if number is None:
            # A document without a number cannot be matched on; its text is still evidence.
            if kind is not None or note is not None:
                properties.append(("document", " ".join(part for part in (kind, note) if part)))
            continue
        if kind is not None and kind.lower() in _PASSPORT_TYPES:
            scheme = IdentifierScheme.PASSPORT
        elif kind is not None and kind.lower().startswith("national identification"):
            scheme = IdentifierScheme.NATIONAL_ID
        else:
            scheme = IdentifierScheme.OTHER
        country = _text(document, "ISSUING_COUNTRY") or _text(document, "COUNTRY_OF_ISSUE")
        identifiers.append(
            Identifier(
                scheme=scheme,
                value=number,
                country=to_country_code(country),
                label=_text(document, "TYPE_OF_DOCUMENT2") or kind,
                note=note,
            )
        )
    return tuple(identifiers)


def _listed_on(element: etree._Element, where: str, warnings: list[str]) -> date | None:
    listed = _text(element, "LISTED_ON")
    if listed is None:
        return None
    try:
        return date.fromisoformat(listed[:10])
    except ValueError:
        warnings.append(f"{where}: LISTED_ON is not YYYY-MM-DD (got {listed!r}); left empty")
        return None
