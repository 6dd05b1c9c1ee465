"""OFAC ``sdnList`` XML: sdn.xml and consolidated.xml (the non-SDN lists).

Behaviours reproduced, checked on the real 2018 and 2023 consolidated files:

- The default namespace changes between publications (``http://tempuri.org/sdnList.xsd``
  on the Treasury site for years, another URI on the newer Sanctions List Service), so
  elements are found by local name under whatever namespace the root declares.
- ``publshInformation`` (OFAC's spelling) gives ``Publish_Date`` as MM/DD/YYYY and a
  ``Record_Count`` that must match the number of ``sdnEntry`` elements; a mismatch is a
  warning, since it means a truncated or edited file.
- ``idList`` holds identifiers *and* facts that are not identifiers (``Gender``, ``Target
  Type``, ``Additional Sanctions Information -``): each ``idType`` goes through the same OFAC
  label table as the CSV remarks, so both formats give the same fields.
- ``akaList/aka/category`` says ``strong`` or ``weak``; ``type`` says a.k.a., f.k.a., n.k.a.
- Any ``sdnEntry`` child this reader does not know is kept in ``properties``, not dropped.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Final

from lxml import etree

from bankwire.errors import ListLoadError
from bankwire.sanctions.model import ListSource, ParsedList
from bankwire.sanctions.sources.base import SourceFile
from bankwire.sanctions.sources.ofac_csv_mapping import gc_paused
from bankwire.sanctions.sources.ofac_fields import resolve_entry_links
from bankwire.sanctions.sources.ofac_xml_entry import EntryReader
from bankwire.xmlsafe import XmlSecurityError, XmlSyntaxError, parse_xml

__all__ = ["FORMAT_NAME", "looks_like", "read"]

FORMAT_NAME: Final = "ofac_xml"


def looks_like(file: SourceFile) -> bool:
    """True when the document's root element is ``sdnList``."""
    return b"<sdnList" in file.data[:4096]


def read(files: Sequence[SourceFile]) -> ParsedList:
    """Parse one sdn.xml or consolidated.xml.

    Raises:
        ListLoadError: not one file, unsafe or malformed XML, not an ``sdnList`` document, or
            an entry without its ``uid``.
    """
    if len(files) != 1:
        names = ", ".join(file.name for file in files) or "none"
        raise ListLoadError(f"OFAC sdnList XML: expected exactly one file, got {names}")
    file = files[0]
    try:
        root = parse_xml(file.data, what=f"OFAC {file.name}")
    except (XmlSecurityError, XmlSyntaxError) as exc:
        raise ListLoadError(str(exc)) from exc
    namespace, local = _split_tag(root.tag)
    if local != "sdnList":
        raise ListLoadError(
            f"OFAC {file.name} line {root.sourceline}: root element <{local}> is not <sdnList> "
            "(expected an OFAC sdn.xml or consolidated.xml)"
        )
    reader = EntryReader(file.name, namespace, _list_name(file.name))
    with gc_paused():
        entries = tuple(reader.entry(element) for element in root.iterfind(reader.q("sdnEntry")))
        entries = resolve_entry_links(entries)
    published, warnings = _publish_information(file.name, root, reader, len(entries))
    return ParsedList(reader.list_name, FORMAT_NAME, entries, published, warnings)


def _split_tag(tag: object) -> tuple[str, str]:
    text = str(tag)
    if text.startswith("{"):
        namespace, _, local = text[1:].partition("}")
        return namespace, local
    return "", text


def _list_name(file_name: str) -> str:
    base = file_name.replace("\\", "/").rsplit("/", 1)[-1].casefold()
    if "cons" in base or "non_sdn" in base:
        return ListSource.OFAC_CONSOLIDATED.value
    return ListSource.OFAC_SDN.value


def _publish_information(
    file_name: str, root: etree._Element, reader: EntryReader, count: int
) -> tuple[date | None, tuple[str, ...]]:
    info = root.find(reader.q("publshInformation"))
    if info is None:
        return None, (f"{file_name}: no publshInformation; publication date unknown",)
    published = _publish_date(file_name, info, reader)
    stated = (info.findtext(reader.q("Record_Count")) or "").strip()
    if not stated:
        return published, (f"{file_name}: publshInformation has no Record_Count",)
    if not stated.isdigit():
        raise ListLoadError(
            f"OFAC {file_name} line {info.sourceline}: Record_Count {stated!r} is not a number"
        )
    if int(stated) != count:
        return published, (
            f"{file_name}: Record_Count says {int(stated):,} entries but the file holds "
            f"{count:,} sdnEntry elements",
        )
    return published, ()


def _publish_date(file_name: str, info: etree._Element, reader: EntryReader) -> date | None:
    text = (info.findtext(reader.q("Publish_Date")) or "").strip()
    if not text:
        return None
    month, _, rest = text.partition("/")
    day, _, year = rest.partition("/")
    try:
        return date(int(year), int(month), int(day))
    except ValueError as exc:
        raise ListLoadError(
            f"OFAC {file_name} line {info.sourceline}: Publish_Date {text!r} is not a date "
            "(expected MM/DD/YYYY)"
        ) from exc
