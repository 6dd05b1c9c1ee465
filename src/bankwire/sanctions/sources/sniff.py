"""A one-phrase description of what a file looks like, for "wrong format" errors.

When a user passes ``--source un_xml`` with an OFAC CSV, the error must say what was found
("text whose first line is '36,"AEROCARIBBEAN AIRLINES",-0- ...' with 12 comma-separated
fields"), so they can tell a wrong option from a damaged download at a glance.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile

from bankwire.sanctions.sources.base import SourceFile

__all__ = ["describe"]

_ROOT = re.compile(rb"<([A-Za-z_][\w:.\-]*)")
_SHOWN_CHARS_MAX = 80


def describe(file: SourceFile) -> str:
    """What the bytes look like, never raising: empty, ZIP/XLSX/ODS, XML, JSON, text, binary."""
    data = file.data
    if not data.strip():
        return "an empty file"
    if data.startswith(b"PK"):
        return _describe_zip(data)
    if data.startswith(b"\x1f\x8b"):
        return "gzip-compressed data (decompress it first)"
    head = data[:65536].removeprefix(b"\xef\xbb\xbf").lstrip()
    if head.startswith(b"<"):
        return _describe_xml(head)
    text = head.decode("utf-8", errors="replace")
    if "\x00" in text or text.count("\ufffd") > len(text) // 10:
        return f"binary data (first bytes {data[:8].hex(' ')})"
    first_line = (text.splitlines() or [""])[0]
    shown = _shorten(first_line)
    if head.startswith(b"{"):
        return f"JSON whose first line is {shown!r}"
    try:
        fields = len(next(csv.reader(io.StringIO(first_line)), []))
    except csv.Error:
        fields = first_line.count(",") + 1  # Quoting is broken; a plain count still informs.
    return f"text whose first line is {shown!r} with {fields} comma-separated fields"


def _shorten(text: str) -> str:
    if len(text) <= _SHOWN_CHARS_MAX:
        return text
    return text[:_SHOWN_CHARS_MAX] + " ..."


def _describe_xml(head: bytes) -> str:
    body = re.sub(rb"<\?.*?\?>|<!--.*?-->", b"", head, flags=re.S).lstrip()
    if body.startswith(b"<!DOCTYPE"):
        return "an XML document with a DOCTYPE declaration"
    match = _ROOT.match(body)
    if match is None:
        return "markup that does not start with an XML element"
    root = match.group(1).decode("ascii", errors="replace")
    namespace = re.search(rb'xmlns="([^"]*)"', body[:2048])
    suffix = f" in namespace {namespace.group(1).decode(errors='replace')}" if namespace else ""
    return f"an XML document with root element <{root}>{suffix}"


def _describe_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            mimetype = (
                archive.read("mimetype").decode(errors="replace") if "mimetype" in names else ""
            )
    except (zipfile.BadZipFile, OSError, KeyError):
        return "a damaged or truncated ZIP archive"
    if "xl/workbook.xml" in names:
        return "an XLSX workbook without the expected header row"
    if "opendocument.spreadsheet" in mimetype:
        return "an ODS spreadsheet without the expected columns"
    shown = ", ".join(names[:5]) + (" ..." if len(names) > 5 else "")
    return f"a ZIP archive holding {shown}"
