"""What every command receives: settings read once, and the chosen database URL."""

from __future__ import annotations

from dataclasses import dataclass

import click

from bankwire.settings import Settings

__all__ = ["CliContext", "pass_context"]


@dataclass(slots=True)
class CliContext:
    settings: Settings

    @property
    def database_url(self) -> str:
        return self.settings.database_url


pass_context = click.make_pass_decorator(CliContext)
