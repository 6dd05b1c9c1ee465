"""``bankwire.compiled``: a compiled module older than its source is found and warned about."""

from __future__ import annotations

import importlib
import os
import warnings
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest

from bankwire.compiled import stale_compiled_modules, warn_if_stale


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


def _checkout(tmp_path: Path) -> Path:
    package = tmp_path / "src" / "bankwire" / "sanctions"
    (package / "matching").mkdir(parents=True)
    (tmp_path / "setup.py").write_text("")
    return package


def test_a_stale_module_of_a_subpackage_is_warned_about(tmp_path: Path) -> None:
    package = _checkout(tmp_path)
    _touch(package / "matching" / "names.py", 2_000)
    _touch(package / "matching" / f"names{EXTENSION_SUFFIXES[0]}", 1_000)
    init = str(package / "__init__.py")
    with pytest.warns(RuntimeWarning, match=r"bankwire\.sanctions: .*matching/names"):
        warn_if_stale(init, "bankwire.sanctions", ("matching",))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warn_if_stale(init, "bankwire.sanctions")  # The subpackage not asked for.


def test_outside_a_checkout_nothing_is_checked(tmp_path: Path) -> None:
    package = _checkout(tmp_path)
    _touch(package / "index.py", 2_000)
    _touch(package / f"index{EXTENSION_SUFFIXES[0]}", 1_000)
    (tmp_path / "setup.py").unlink()  # The same files outside a checkout: a wheel.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warn_if_stale(str(package / "__init__.py"), "bankwire.sanctions")


@pytest.mark.parametrize(
    ("package_name", "stale_source"),
    [("messages", ("iso20022", "common.py")), ("sanctions", ("matching", "names.py"))],
)
def test_each_compiled_package_checks_itself_on_import(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    package_name: str,
    stale_source: tuple[str, str],
) -> None:
    installed = importlib.import_module(f"bankwire.{package_name}")
    # Whatever got installed (compiled or pure Python, wheel or editable) runs the source it
    # was built from: the import-time check finds nothing to warn about.
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        installed._warn_if_stale()
    # Pointed at a checkout with a stale module in its compiled subpackage, it warns.
    package = tmp_path / "src" / "bankwire" / package_name
    subpackage, source = stale_source
    (package / subpackage).mkdir(parents=True)
    (tmp_path / "setup.py").write_text("")
    _touch(package / subpackage / source, 2_000)
    _touch(package / subpackage / source.replace(".py", EXTENSION_SUFFIXES[0]), 1_000)
    monkeypatch.setattr(installed, "__file__", str(package / "__init__.py"))
    with pytest.warns(RuntimeWarning, match=f"bankwire\\.{package_name}: .*{subpackage}/"):
        installed._warn_if_stale()
