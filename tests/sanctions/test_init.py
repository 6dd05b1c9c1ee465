"""``bankwire.sanctions`` checks its compiled modules for staleness when imported."""

from __future__ import annotations

import os
import warnings
from importlib.machinery import EXTENSION_SUFFIXES
from pathlib import Path

import pytest


def _touch(path: Path, mtime: int) -> None:
    path.write_bytes(b"")
    os.utime(path, (mtime, mtime))


def test_the_installed_package_is_not_stale() -> None:
    # Whatever got installed (compiled or pure Python, wheel or editable) runs the source it
    # was built from: the import-time check finds nothing to warn about.
    import bankwire.sanctions as installed

    with warnings.catch_warnings():
        warnings.simplefilter("error")
        installed._warn_if_stale()


def test_a_stale_matching_module_of_a_checkout_is_warned_about(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import bankwire.sanctions as installed

    package = tmp_path / "src" / "bankwire" / "sanctions"
    (package / "matching").mkdir(parents=True)
    (tmp_path / "setup.py").write_text("")
    _touch(package / "matching" / "names.py", 2_000)
    _touch(package / "matching" / f"names{EXTENSION_SUFFIXES[0]}", 1_000)
    monkeypatch.setattr(installed, "__file__", str(package / "__init__.py"))
    with pytest.warns(RuntimeWarning, match="older than their source"):
        installed._warn_if_stale()
