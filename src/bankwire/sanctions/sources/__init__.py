"""Every list format bankwire reads, told apart by content, behind one ``read_list``.

``FORMATS`` is the table of formats: name, the module that reads it and what its files look
like. Modules are imported only when a format is used, so a reader that is broken or not
installed never stops the others. Detection looks at the bytes, never at the file name: list
files are renamed all the time (``ofac_alt.csv``, ``ConList (3).xlsx``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final, cast

from bankwire.errors import ListLoadError
from bankwire.sanctions.model import ParsedList
from bankwire.sanctions.sources.base import SourceFile
from bankwire.sanctions.sources.sniff import describe

__all__ = ["FORMATS", "ListFormat", "SourceFile", "detect", "read_list"]

Reader = Callable[[Sequence[SourceFile]], ParsedList]
Sniffer = Callable[[SourceFile], bool]


@dataclass(frozen=True, slots=True)
class ListFormat:
    """One readable format and where its reader lives."""

    name: str
    module: str
    """Module under ``bankwire.sanctions.sources`` holding the reader."""
    expected: str
    """What a file of this format looks like, for error messages."""
    reader: str = "read"
    sniffer: str = "looks_like"

    def _attribute(self, attribute: str) -> object:
        try:
            module = importlib.import_module(f"{__name__}.{self.module}")
        except ImportError as exc:
            raise ListLoadError(
                f"list format {self.name}: its reader module {self.module} cannot be "
                f"imported ({exc})"
            ) from exc
        return getattr(module, attribute)

    def read(self, files: Sequence[SourceFile]) -> ParsedList:
        return cast(Reader, self._attribute(self.reader))(files)

    def looks_like(self, file: SourceFile) -> bool:
        return cast(Sniffer, self._attribute(self.sniffer))(file)


FORMATS: Final[dict[str, ListFormat]] = {
    format_.name: format_
    for format_ in (
        ListFormat(
            "ofac_csv",
            "ofac_csv",
            "OFAC legacy CSV (sdn.csv/alt.csv/add.csv/sdn_comments.csv or cons_*.csv): "
            "headerless rows starting with a numeric ent_num, '-0-' for empty",
        ),
        ListFormat("ofac_xml", "ofac_xml", "OFAC XML with root element <sdnList>"),
        ListFormat(
            "ofac_advanced", "ofac_advanced", "OFAC advanced XML with root element <Sanctions>"
        ),
        ListFormat("un_xml", "un", "UN Security Council XML with root element <CONSOLIDATED_LIST>"),
        ListFormat(
            "uk_ofsi_csv",
            "uk_ofsi",
            "UK OFSI ConList CSV with a 'Name 6, Name 1, ... Group ID' header row",
            reader="read_csv",
            sniffer="looks_like_csv",
        ),
        ListFormat(
            "uk_ofsi_xlsx",
            "uk_ofsi",
            "UK OFSI ConList XLSX workbook with a 'Name 6 ... Group ID' header row",
            reader="read_xlsx",
            sniffer="looks_like_xlsx",
        ),
        ListFormat(
            "uk_fcdo_ods",
            "uk_fcdo",
            "UK FCDO sanctions list ODS spreadsheet with 'Unique ID' and 'OFSI Group ID' columns",
        ),
        ListFormat(
            "eu_xml",
            "eu",
            "EU FSF XML with root <export> in namespace http://eu.europa.ec/fpi/fsd/export",
        ),
        ListFormat("eu_csv", "eu_csv", "EU derived CSV whose header starts 'Entity_LogicalId,'"),
        ListFormat("ftm", "ftm", "FollowTheMoney JSON lines: objects with id, schema, properties"),
    )
}


def detect(files: Sequence[SourceFile]) -> str:
    """The name of the one format all ``files`` are in, judged by their content.

    Raises:
        ListLoadError: no files, a file no reader recognises, or files of different formats.
    """
    if not files:
        raise ListLoadError("no list files given: expected at least one file")
    found: dict[str, list[str]] = {}
    for file in files:
        name = _detect_one(file)
        if name is None:
            raise ListLoadError(
                f"{file.name}: not a recognised sanctions list format; the file looks like "
                f"{describe(file)}. Supported formats: {', '.join(FORMATS)}"
            )
        found.setdefault(name, []).append(file.name)
    if len(found) > 1:
        groups = "; ".join(f"{name}: {', '.join(names)}" for name, names in found.items())
        raise ListLoadError(
            f"the files given are of different list formats ({groups}); load one list at a time"
        )
    return next(iter(found))


def _detect_one(file: SourceFile) -> str | None:
    for format_ in FORMATS.values():
        try:
            if format_.looks_like(file):
                return format_.name
        except ListLoadError:
            # A reader that cannot be imported cannot claim files; the others still can.
            continue
    return None


def read_list(files: Sequence[SourceFile], source: str | None = None) -> ParsedList:
    """Read one list's files with the reader for ``source``, or the detected format.

    Raises:
        ListLoadError: an unknown ``source``, a file that is not in that format (naming what
            it looks like), or any error of the reader itself.
    """
    if source is None:
        source = detect(files)
    format_ = FORMATS.get(source)
    if format_ is None:
        raise ListLoadError(f"unknown list source {source!r}: expected one of {', '.join(FORMATS)}")
    for file in files:
        if not format_.looks_like(file):
            detected = _detect_one(file)
            hint = (
                f" (it is {detected}; use --source {detected} or omit --source)" if detected else ""
            )
            raise ListLoadError(
                f"{file.name}: --source {source} expects {format_.expected}, but the file looks "
                f"like {describe(file)}{hint}"
            )
    return format_.read(files)
