"""FollowTheMoney (FtM) entities as JSON lines: import into ``ListEntry``, and export.

FtM is the data model of OpenSanctions, yente and nomenklatura: one JSON object per line with
``id``, ``schema`` and ``properties`` (every value a list of strings; references to other
entities are their ids). The mapping is implemented here directly so bankwire does not need
the ``followthemoney`` package at run time. Import behaviours:

- ``Person``, ``Organization``, ``Company``, ``LegalEntity``, ``PublicBody``, ``Vessel`` and
  ``Airplane`` entities become entries (source id = FtM id), also those OpenSanctions marks
  ``"target": false``: a company owned by a listed person is what the ownership rule
  (``policy/ownership.py``) blocks, and it needs the company's entry and its owners.
- ``Sanction`` entities give their ``entity`` programs and the earliest listing date.
- ``Ownership`` becomes an ``OWNED_BY`` link on the asset, ``percentage`` in basis points;
  ``Directorship`` a ``DIRECTOR_OF`` link on the director; ``Family`` a ``FAMILY`` link on
  both people; ``Associate``/``UnknownLink`` an ``ASSOCIATE``/``LINKED_TO`` link.
- ``Passport``/``Identification`` and ``CryptoWallet`` entities become identifiers of their
  holder, ``Address`` entities addresses of the things that point to them.
- Entities of any other schema are counted in the warnings, never silently dropped.

The export lives in ``ftm_export``; ``export_ftm`` is re-exported here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import date

from bankwire.errors import ListLoadError
from bankwire.sanctions.model import ListEntry, ListSource, ParsedList
from bankwire.sanctions.sources.base import SourceFile
from bankwire.sanctions.sources.ftm_entity import ENTRY_SCHEMAS, Entity, EntityGraph
from bankwire.sanctions.sources.ftm_export import export_ftm

__all__ = ["FORMAT_NAME", "export_ftm", "looks_like", "read"]

FORMAT_NAME = "ftm"
_LINES_MAX = 5_000_000


def looks_like(file: SourceFile) -> bool:
    """True when the first line is a JSON object with ``id``, ``schema`` and ``properties``."""
    first = file.data[:65536].lstrip().split(b"\n", 1)[0]
    if not first.startswith(b"{"):
        return False
    try:
        value = json.loads(first)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False
    return isinstance(value, dict) and {"id", "schema", "properties"} <= value.keys()


def read(files: Sequence[SourceFile]) -> ParsedList:
    """Read one or more FtM JSON-lines files as one list (entities may refer across files).

    Raises:
        ListLoadError: invalid UTF-8 or JSON, or an entity without id, schema or properties.
    """
    entities: dict[str, Entity] = {}
    for file in files:
        for entity in _parse(file):
            entities[entity.id] = entity
    warnings: list[str] = []
    graph = EntityGraph(entities, warnings)
    entries: list[ListEntry] = [
        graph.entry(entity) for entity in entities.values() if entity.schema in ENTRY_SCHEMAS
    ]
    return ParsedList(
        list_name=ListSource.FTM,
        format_name=FORMAT_NAME,
        entries=tuple(entries),
        published=_published(entities.values(), warnings),
        warnings=tuple(warnings),
    )


def _parse(file: SourceFile) -> list[Entity]:
    entities: list[Entity] = []
    for number, raw in enumerate(file.data.split(b"\n"), start=1):
        if number > _LINES_MAX:
            raise ListLoadError(f"FtM file {file.name}: more than {_LINES_MAX} lines; refused")
        if not raw.strip():
            continue
        where = f"FtM file {file.name} line {number}"
        try:
            value = json.loads(raw)
        except UnicodeDecodeError as exc:
            raise ListLoadError(f"{where}: expected UTF-8 JSON ({exc.reason})") from exc
        except json.JSONDecodeError as exc:
            raise ListLoadError(
                f"{where} column {exc.colno}: expected one JSON object per line ({exc.msg})"
            ) from exc
        entities.append(Entity.from_json(where, value, raw.decode("utf-8")))
    return entities


def _published(entities: Iterable[Entity], warnings: list[str]) -> date | None:
    """The latest ``last_change`` of any entity: FtM exports carry no file-level date."""
    latest: date | None = None
    for entity in entities:
        if entity.last_change is None:
            continue
        try:
            changed = date.fromisoformat(entity.last_change[:10])
        except ValueError:
            warnings.append(f"FtM entity {entity.id}: last_change {entity.last_change!r} ignored")
            continue
        latest = changed if latest is None or changed > latest else latest
    return latest
