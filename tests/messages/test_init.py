"""``stale_compiled_modules``: a compiled module older than its source is found."""

from __future__ import annotations

import os
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

from bankwire.messages import stale_compiled_modules


def _touch(path: Path, mtime: int) -> None:
    path.write_bytes(b"")
    os.utime(path, (mtime, mtime))


def test_a_compiled_module_older_than_its_source_is_stale(tmp_path: Path) -> None:
    suffix = EXTENSION_SUFFIXES[0]
    _touch(tmp_path / "scan.py", 2_000)
    _touch(tmp_path / f"scan{suffix}", 1_000)  # Built before the source changed.
    _touch(tmp_path / "common.py", 1_000)
    _touch(tmp_path / f"common{suffix}", 2_000)  # Built after it.
    _touch(tmp_path / f"_compiled__mypyc{suffix}", 1_000)  # A runtime, no source.
    assert stale_compiled_modules(tmp_path) == [tmp_path / f"scan{suffix}"]


def test_a_pure_python_tree_has_nothing_stale(tmp_path: Path) -> None:
    _touch(tmp_path / "scan.py", 2_000)
    assert stale_compiled_modules(tmp_path) == []


def test_the_installed_package_is_not_stale() -> None:
    # Whatever got installed (compiled or pure Python) runs the source it was built from.
    import bankwire.messages as installed

    here = Path(installed.__file__).parent
    assert (here / "iso20022").is_dir()
    assert stale_compiled_modules(here) == []
    assert stale_compiled_modules(here / "iso20022") == []
