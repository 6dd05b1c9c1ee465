"""The list of subcommands; each area adds its own module here."""

from __future__ import annotations

import click

__all__ = ["all_commands"]


def all_commands() -> list[click.Command]:
    from bankwire.cli.ledger import ledger
    from bankwire.cli.lists import lists
    from bankwire.cli.messages import messages
    from bankwire.cli.screen import screen

    commands: list[click.Command] = [lists, messages, screen, ledger]
    from bankwire.cli.network import network_commands

    commands.extend(network_commands())
    return commands
