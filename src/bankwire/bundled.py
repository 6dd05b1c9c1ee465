"""The sanctions lists shipped inside the package, described by data/lists/manifest.json."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from importlib import resources

from bankwire.errors import ListLoadError
from bankwire.sanctions.sources.base import SourceFile

__all__ = ["BundledSet", "bundled_sets", "read_bundled_files"]

_ROOT = "data/lists"


@dataclass(frozen=True, slots=True)
class BundledSet:
    name: str
    source: str
    authority: str
    list_date: str
    files: tuple[str, ...]
    note: str | None


def bundled_sets() -> list[BundledSet]:
    """The sets listed in the manifest, in load order."""
    manifest = resources.files("bankwire").joinpath(f"{_ROOT}/manifest.json")
    raw = json.loads(manifest.read_text(encoding="utf-8"))
    return [
        BundledSet(
            name=item["name"],
            source=item["source"],
            authority=item["authority"],
            list_date=item["list_date"],
            files=tuple(item["files"]),
            note=item.get("note"),
        )
        for item in raw["sets"]
    ]


def read_bundled_files(bundled: BundledSet) -> list[SourceFile]:
    """The set's files as the publisher wrote them (gzip layers removed)."""
    folder = resources.files("bankwire").joinpath(f"{_ROOT}/{bundled.name}")
    files: list[SourceFile] = []
    for name in bundled.files:
        resource = folder.joinpath(name)
        if not resource.is_file():
            raise ListLoadError(f"bundled list {bundled.name}: file {name} is missing")
        data = resource.read_bytes()
        if name.endswith(".gz"):
            data = gzip.decompress(data)
            name = name.removesuffix(".gz")
        files.append(SourceFile(name=name, data=data))
    return files
