"""Settings from BANKWIRE_* variables: a typo is refused, build and test variables are not."""

from __future__ import annotations

import pytest

from bankwire.errors import ConfigError
from bankwire.settings import Settings


def test_a_misspelt_setting_is_refused_with_the_known_ones() -> None:
    with pytest.raises(ConfigError, match=r"Unknown setting\(s\) BANKWIRE_DATABSE_URL; known: "):
        Settings.from_env({"BANKWIRE_DATABSE_URL": "sqlite://"})


@pytest.mark.parametrize("name", ["BANKWIRE_PURE_PYTHON", "BANKWIRE_LEDGER_SEED"])
def test_build_and_test_variables_left_exported_are_no_settings(name: str) -> None:
    """The README tells users to set BANKWIRE_PURE_PYTHON=1 for the install; left exported,
    it stopped every command."""
    settings = Settings.from_env({name: "1", "BANKWIRE_DATABASE_URL": "sqlite://"})
    assert settings.database_url == "sqlite://"
