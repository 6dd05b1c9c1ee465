"""OFAC advanced XML (SDN_ADVANCED.XML, cons_advanced.xml), streamed.

A full SDN_ADVANCED file is about 100 MB; a whole lxml tree of it takes several times that.
The file is read with ``iterparse`` instead, each top-level record handled when its end tag
arrives and then freed, so memory holds the reference tables, the locations and compact
drafts, not the document. The file's sections come in a fixed order (ReferenceValueSets,
Locations, IDRegDocuments, DistinctParties, ProfileRelationships, SanctionsEntries), so
documents, links and programs are attached to the parties once the stream ends.

Hardening matches ``bankwire.xmlsafe``: no DTD, no entity resolution, no network, a size
bound, and a document declaring a DOCTYPE or ENTITY is refused before parsing.

The namespace differs between publications (``http://www.un.org/sanctions/1.0`` in the
Treasury files, another URI on the newer Sanctions List Service), so elements are matched
by local name.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from typing import Final

from lxml import etree

from bankwire.errors import ListLoadError
from bankwire.sanctions.model import ListSource, ParsedList
from bankwire.sanctions.sources.base import SourceFile
from bankwire.sanctions.sources.ofac_advanced_stream import AdvancedStream
from bankwire.sanctions.sources.ofac_csv_mapping import gc_paused
from bankwire.xmlsafe import XML_BYTES_MAX, syntax_text

__all__ = ["FORMAT_NAME", "looks_like", "read"]

FORMAT_NAME: Final = "ofac_advanced"
_ROOT: Final = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?Sanctions[\s>]")
_RECORD_TAGS: Final = tuple(
    f"{{*}}{name}"
    for name in (
        "DateOfIssue",
        "ReferenceValueSets",
        "Location",
        "IDRegDocument",
        "DistinctParty",
        "ProfileRelationship",
        "SanctionsEntry",
    )
)


def looks_like(file: SourceFile) -> bool:
    """True when the root element is ``Sanctions`` (the SDN_ADVANCED schema)."""
    return _ROOT.search(file.data[:4096]) is not None


def read(files: Sequence[SourceFile]) -> ParsedList:
    """Parse one OFAC advanced XML file.

    Raises:
        ListLoadError: not one file, oversized, DTD/entity declarations, malformed XML, not
            an advanced file, or a reference the file does not define.
    """
    if len(files) != 1:
        names = ", ".join(file.name for file in files) or "none"
        raise ListLoadError(f"OFAC advanced XML: expected exactly one file, got {names}")
    file = files[0]
    _check_safe(file)
    if not looks_like(file):
        raise ListLoadError(
            f"OFAC {file.name}: the root element is not <Sanctions> (expected an OFAC "
            "SDN_ADVANCED.XML or cons_advanced.xml)"
        )
    stream = AdvancedStream(file.name)
    with gc_paused():
        _stream(file, stream)
        list_name = _list_name(file.name)
        entries, warnings = stream.finish(list_name)
    return ParsedList(list_name, FORMAT_NAME, entries, stream.published, warnings)


def _check_safe(file: SourceFile) -> None:
    if len(file.data) > XML_BYTES_MAX:
        raise ListLoadError(
            f"OFAC {file.name}: {len(file.data)} bytes exceeds the limit of {XML_BYTES_MAX} bytes"
        )
    if b"<!DOCTYPE" in file.data[:65536] or b"<!ENTITY" in file.data[:65536]:
        raise ListLoadError(
            f"OFAC {file.name}: a DOCTYPE/ENTITY declaration is not allowed (DTDs and "
            "entities are refused to prevent external-entity and entity-expansion attacks)"
        )


def _stream(file: SourceFile, stream: AdvancedStream) -> None:
    events = etree.iterparse(
        io.BytesIO(file.data),
        events=("end",),
        tag=_RECORD_TAGS,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        for _, element in events:
            stream.handle(element)
            # Free what has been read: the record itself and the siblings before it.
            element.clear(keep_tail=False)
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]
    except etree.XMLSyntaxError as exc:
        line, column = exc.position if exc.position else (exc.lineno, 0)
        raise ListLoadError(
            f"OFAC {file.name}: not well-formed XML at line {line}, column {column}: "
            f"{syntax_text(exc)}"
        ) from exc
    if not stream.has_references:
        raise ListLoadError(
            f"OFAC {file.name}: no ReferenceValueSets (expected an OFAC advanced XML file)"
        )


def _list_name(file_name: str) -> str:
    base = file_name.replace("\\", "/").rsplit("/", 1)[-1].casefold()
    if "cons" in base or "non_sdn" in base:
        return ListSource.OFAC_CONSOLIDATED.value
    return ListSource.OFAC_SDN.value
