"""Field 72 (sender to receiver information) and 23E codes, split the CBPR+ way.

Field 72 is ``/CODE/narrative`` lines with ``//`` continuation lines. The CBPR+ translation
rules map some codes to structured ISO 20022 elements:

- ``/INS/`` -> previous instructing agent (a BIC, or a name when it is not a BIC);
- ``/ACC/`` -> instruction for the creditor agent (free text);
- ``/BNF/`` -> in MT103 an instruction for the creditor agent, in MT202 remittance
  information ``/BNF/text`` (what the Ballerina translator's pacs.009 outputs carry);
- ``/INT/`` and ``/REC/`` -> instruction for the next agent (free text).

Every other code (``/REJT/``, ``/RETN/``, ``/CODTYPTR/``, bilateral codes) and uncoded text has
no ISO 20022 element: it is kept verbatim in ``Message.free_text`` as ``:72:/CODE/text`` so
that it is still screened, rendered back, and reported as a translation loss.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from bankwire.messages.model import Agent

__all__ = ["Narrative", "parse_field72", "render_field72", "split_lines"]

_BIC = re.compile(r"[A-Z]{4}[A-Z]{2}[A-Z0-9]{2}(?:[A-Z0-9]{3})?")
_CODE_LINE = re.compile(r"/([A-Z0-9]{1,8})/(.*)")
_LINE: Final[int] = 35
FREE_TEXT_PREFIX: Final[str] = ":72:"


@dataclass(slots=True)
class Narrative:
    """Field 72 content sorted into the model's slots."""

    previous_instructing_agents: list[Agent] = field(default_factory=list)
    for_creditor_agent: list[str] = field(default_factory=list)
    for_next_agent: list[str] = field(default_factory=list)
    beneficiary: list[str] = field(default_factory=list)
    free_text: list[str] = field(default_factory=list)


def parse_field72(value: str) -> Narrative:
    narrative = Narrative()
    for code, text in _coded_items(value):
        if code == "INS":
            agent = Agent(bic=text) if _BIC.fullmatch(text) else Agent(name=text)
            narrative.previous_instructing_agents.append(agent)
        elif code == "ACC":
            narrative.for_creditor_agent.append(text)
        elif code == "BNF":
            narrative.beneficiary.append(text)
        elif code in {"INT", "REC"}:
            narrative.for_next_agent.append(text)
        elif code is None:
            narrative.free_text.append(FREE_TEXT_PREFIX + text)
        else:
            narrative.free_text.append(f"{FREE_TEXT_PREFIX}/{code}/{text}")
    return narrative


def _coded_items(value: str) -> list[tuple[str | None, str]]:
    """``(code, narrative)`` pairs; ``//`` lines continue the previous coded narrative.

    Uncoded lines stay one item each, so that rendering them again gives the same lines.
    """
    items: list[tuple[str | None, str]] = []
    for line in value.split("\n"):
        if line.startswith("//") and items and items[-1][0] is not None:
            code, text = items[-1]
            items[-1] = (code, text + line[2:])
            continue
        match = _CODE_LINE.fullmatch(line)
        if match is None:
            items.append((None, line))
        else:
            items.append((match.group(1), match.group(2)))
    return items


def render_field72(
    previous_instructing_agents: tuple[Agent, ...],
    for_creditor_agent: tuple[str, ...],
    for_next_agent: tuple[str, ...],
    free_text: tuple[str, ...],
    beneficiary: tuple[str, ...] = (),
) -> str | None:
    """Lines of field 72 (``None`` when empty); the caller checks the 6-line limit."""
    lines: list[str] = []
    for text in beneficiary:
        lines.extend(_coded("BNF", text))
    for agent in previous_instructing_agents:
        lines.extend(_coded("INS", agent.bic or agent.name or ""))
    for text in for_creditor_agent:
        lines.extend(_coded("ACC", text))
    for text in for_next_agent:
        lines.extend(_coded("INT", text))
    for item in free_text:
        if item.startswith(FREE_TEXT_PREFIX):
            text = item[len(FREE_TEXT_PREFIX) :]
            match = _CODE_LINE.fullmatch(text)
            lines.extend(_coded(match.group(1), match.group(2)) if match else split_lines(text))
    return "\n".join(lines) if lines else None


def _coded(code: str, text: str) -> list[str]:
    head = f"/{code}/"
    first = text[: _LINE - len(head)]
    rest = text[len(first) :]
    return [head + first] + ["//" + part for part in _chunks(rest, _LINE - 2)]


def split_lines(text: str, width: int = _LINE) -> list[str]:
    return _chunks(text, width) or [""]


def _chunks(text: str, width: int) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)]
