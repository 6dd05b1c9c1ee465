"""The OFAC Remarks mini-language, parsed into typed fields.

The legacy CSV (and, for older entries, the XML ``<remarks>``) packs most of what OFAC knows
about a target into one free-text column::

    DOB 23 Nov 1962; POB Caracas, Venezuela; citizen Venezuela; Gender Male;
    Cedula No. 5892464 (Venezuela); President of the Bolivarian Republic of Venezuela.

Behaviours reproduced, with the evidence in the 2024-05 sdn.csv (14,965 entries):

- Segments are separated by ``;``. Quoted aliases may contain apostrophes
  (``a.k.a. 'ABU-'UBAYDA'``), so a segment ends a quoted alias only at a closing quote
  followed by ``;``, ``.`` or the end.
- ``alt.`` in front of a label ("alt. DOB 1963", "alt. Passport ...") repeats that label.
- ``a.k.a. 'X'`` inside remarks is how OFAC publishes *weak* aliases in the legacy CSV:
  alt.csv carries only strong ones (its alt_remarks column is ``-0-`` on all 20,107 rows of
  the 2025-12 file). A quoted alias is therefore weak; an unquoted one is kept strong.
- Dates of birth come as ``12 Nov 1962``, ``Nov 1962``, ``1962``, ``circa 1955``,
  ``1955 to 1958``, ``circa 1979-1982`` and ``01 Jan 1955 to 31 Dec 1958``; several are
  given with ``alt. DOB``.
- Identifiers end with the issuing country in parentheses and may carry a note after it
  (``Passport A123 (Iran) issued 1999 expires 2004``).
- The whole remark ends with a full stop that belongs to no field; it is removed, except
  when the last word is an abbreviation such as ``S.A.`` (``Linked To: PETROLEOS DE
  VENEZUELA, S.A.``).
- A segment with no known label (a position, "all offices worldwide") is kept verbatim as a
  ``Remark`` property, never dropped.

``parse_remarks`` never raises: whatever it cannot understand it keeps as text.
"""

from __future__ import annotations

import re
from typing import Final

from bankwire.sanctions.model import DateRange, Name, NameStrength, NameType, PartialDate
from bankwire.sanctions.sources.ofac_fields import (
    FACT_LABELS,
    IDENTIFIER_LABELS,
    EntryFields,
    FieldCollector,
    Slot,
    label_plan,
)

__all__ = ["collect_remarks", "parse_birth_date", "parse_remarks", "split_remarks"]

_DATED_LABEL: Final = re.compile(
    r"(?:Listing|Effective|Purchase/Sales For Divestment) Date \([^)]*\)", re.IGNORECASE
)
_CRYPTO_LABEL: Final = re.compile(r"Digital Currency Address - [A-Za-z0-9]+", re.IGNORECASE)
_COUNTRY_ID_LABEL: Final = re.compile(r"(?:[A-Z][a-z']+ )+(?:Personal )?ID No\.")
_SEPARATOR: Final = re.compile(r"\s*[:\-]\s*|\s+")
_ALIAS: Final = re.compile(r"(?P<kind>[afn])\.k\.a\.,?\s*(?P<name>.*)", re.IGNORECASE | re.DOTALL)
_ALT_PREFIX: Final = re.compile(r"alt\.\s*", re.IGNORECASE)
_COUNTRY_PAREN: Final = re.compile(r"^(?P<value>.*?)\s*\((?P<country>[^()]*)\)\s*(?P<note>[^()]*)$")
_NOTE_SPLIT: Final = re.compile(r"\s+(?=(?:issued|expires)\b)", re.IGNORECASE)
_ALIAS_KINDS: Final = {"a": NameType.ALIAS, "f": NameType.FORMERLY_KNOWN_AS, "n": NameType.NEW_NAME}
_MONTHS: Final = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_DATE: Final = re.compile(
    r"(?:(?P<day>\d{1,2}) )?(?:(?P<month>[A-Za-z]{3})[a-z]* )?(?P<year>\d{4})",
    re.IGNORECASE | re.ASCII,
)


_YEAR_SPAN: Final = re.compile(r"\d{4}-\d{4}", re.ASCII)


def _labels_by_first_word() -> dict[str, tuple[str, ...]]:
    # Looking labels up by their first word keeps the per-segment cost flat: a regex
    # alternation over ~200 labels would try each of them on every segment.
    labels = [*FACT_LABELS, *IDENTIFIER_LABELS]
    table: dict[str, list[str]] = {}
    for label in labels:
        table.setdefault(label.split(" ", 1)[0].casefold(), []).append(label.casefold())
    return {word: tuple(sorted(set(found), key=len, reverse=True)) for word, found in table.items()}


_LABELS: Final = _labels_by_first_word()


def parse_remarks(text: str) -> EntryFields:
    """Typed fields of one OFAC remarks text; never raises."""
    collector = FieldCollector()
    collect_remarks(text, collector)
    return collector.freeze()


def collect_remarks(text: str, collector: FieldCollector) -> None:
    """Add every field of a remarks text to ``collector`` (used when merging with rows)."""
    segments = split_remarks(text)
    last = len(segments) - 1
    for index, segment in enumerate(segments):
        if index == last:
            segment = _strip_full_stop(segment)
        _collect_segment(segment, collector)


def split_remarks(text: str) -> list[str]:
    """Split on ``;`` without cutting a quoted alias that itself contains a ``;``."""
    segments: list[str] = []
    pending = ""
    for part in text.split(";"):
        piece = f"{pending};{part}" if pending else part
        if _opens_unclosed_alias(piece):
            pending = piece
            continue
        pending = ""
        stripped = piece.strip()
        if stripped:
            segments.append(stripped)
    if pending.strip():
        segments.append(pending.strip())
    return segments


def _opens_unclosed_alias(piece: str) -> bool:
    stripped = piece.lstrip()
    if stripped[1:6].casefold() != ".k.a.":
        return False  # Cheap test first: most segments are no alias.
    match = _ALIAS.match(stripped.rstrip())
    if match is None:
        return False
    name = match.group("name").rstrip()
    return name.startswith("'") and not (
        (len(name) > 1 and name.endswith("'")) or name.endswith("'.")
    )


def _collect_segment(segment: str, collector: FieldCollector) -> None:
    if segment.startswith("(") and segment.endswith(")"):
        # The sdnList XML wraps some fields: "(Linked To: PUBLIC JOINT STOCK COMPANY GAZPROM)".
        segment = segment[1:-1].strip()
    body = _ALT_PREFIX.sub("", segment, count=1) if segment[:4].casefold() == "alt." else segment
    if body[1:6].casefold() == ".k.a.":
        alias = _ALIAS.fullmatch(body)
        if alias is not None:
            _collect_alias(alias.group("kind"), alias.group("name"), collector)
            return
    found = _match_label(body)
    if found is None:
        _collect_unlabelled(segment, collector)
        return
    label, value = found
    plan = label_plan(label)
    if plan.key == "dob":
        _collect_birth_date(value, collector)
    elif plan.slot is Slot.IDENTIFIER:
        identifier_value, country, note = _split_country(value)
        collector.add(label, identifier_value, country, note)
    else:
        collector.add(label, value)  # Facts and properties: the parentheses are content.


def _match_label(body: str) -> tuple[str, str] | None:
    """(label as written, value) when the segment starts with a known OFAC label."""
    first_word = body.split(" ", 1)[0].split(":", 1)[0].casefold()
    for label in _LABELS.get(first_word, ()):
        if body[: len(label)].casefold() == label:
            rest = body[len(label) :]
            separator = _SEPARATOR.match(rest)
            if rest and separator is None:
                continue  # "Websites ..." is not "Website".
            return body[: len(label)], rest[separator.end() :] if separator else ""
    for pattern in (_CRYPTO_LABEL, _DATED_LABEL, _COUNTRY_ID_LABEL):
        match = pattern.match(body)
        if match is not None:
            rest = body[match.end() :]
            separator = _SEPARATOR.match(rest)
            if rest and separator is None:
                continue
            return match.group(0), rest[separator.end() :] if separator else ""
    return None


def _collect_alias(kind: str, written: str, collector: FieldCollector) -> None:
    name = written.strip()
    strength = NameStrength.STRONG
    if len(name) >= 2 and name.startswith("'"):
        # OFAC quotes weak aliases in remarks; alt.csv holds the strong ones.
        closing = name.rfind("'")
        if closing > 0:
            name = name[1:closing]
            strength = NameStrength.WEAK
    name = name.strip()
    if name:
        collector.names.append(Name(name, _ALIAS_KINDS[kind.casefold()], strength))


def _collect_birth_date(value: str, collector: FieldCollector) -> None:
    parsed = parse_birth_date(value)
    if parsed is None:
        collector.properties.append(("DOB", value))
    else:
        collector.birth_dates.append(parsed)


def _collect_unlabelled(segment: str, collector: FieldCollector) -> None:
    key, colon, value = segment.partition(":")
    if colon and value.strip() and 0 < len(key) <= 60 and "http" not in key.casefold():
        collector.properties.append((key.strip(), value.strip()))
    else:
        collector.properties.append(("Remark", segment))


def _split_country(value: str) -> tuple[str, str | None, str | None]:
    """(number, country as written, note) of ``NUMBER (Country) issued ...``."""
    match = _COUNTRY_PAREN.match(value)
    if match is not None and match.group("value"):
        note = match.group("note").strip(" .") or None
        return match.group("value"), match.group("country").strip() or None, note
    parts = _NOTE_SPLIT.split(value, maxsplit=1)
    if len(parts) == 2 and parts[0]:
        return parts[0], None, parts[1].strip(" .")
    return value, None, None


def _strip_full_stop(segment: str) -> str:
    """Drop the remark's closing full stop unless it ends an abbreviation (``S.A.``)."""
    if segment.endswith("'."):
        return segment[:-1]  # a.k.a. 'X'.
    if not segment.endswith("."):
        return segment
    last_word = segment.rsplit(" ", 1)[-1]
    if "." in last_word[:-1] or len(last_word) <= 2:
        return segment
    return segment[:-1]


def parse_birth_date(text: str) -> PartialDate | DateRange | None:
    """A date of birth as OFAC writes it, or None when it is not one (never raises)."""
    cleaned = text.strip().rstrip(".").strip()
    if cleaned[:6].casefold() == "circa ":
        # "circa" dates are kept at the precision written; the remark text keeps the word.
        cleaned = cleaned[6:].strip()
    start_text, separator, end_text = cleaned.partition(" to ")
    if not separator and _YEAR_SPAN.fullmatch(cleaned):
        start_text, separator, end_text = cleaned.partition("-")  # "circa 1979-1982".
    start = _parse_date(start_text.strip())
    if start is None:
        return None
    if not separator:
        return start
    end = _parse_date(end_text.strip())
    if end is None:
        return None
    return DateRange(start, end)


def _parse_date(text: str) -> PartialDate | None:
    match = _DATE.fullmatch(text)
    if match is None:
        return None
    month_text, day_text = match.group("month"), match.group("day")
    month = _MONTHS.get(month_text[:3].casefold()) if month_text else None
    if month_text and month is None:
        return None
    if day_text and month is None:
        return None
    try:
        return PartialDate(int(match.group("year")), month, int(day_text) if day_text else None)
    except ValueError:
        return None  # "31 Feb 1970" or year 0000: not a date, kept as text by the caller.
