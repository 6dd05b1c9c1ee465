"""The official ISO 20022 XSDs shipped in ``bankwire/messages/xsd``, compiled once each.

Compiling a schema takes tens of milliseconds and validating with a compiled one a few
tens of microseconds, so each schema is compiled on first use and kept for the life of the
process (the cache is bounded by the number of files shipped). The schemas are package data,
read through ``importlib.resources`` rather than from a path the caller chooses.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources

from lxml import etree

from bankwire.errors import ConfigError

__all__ = ["amount_elements", "available_schemas", "schema_for"]

_AMOUNT_ELEMENT = re.compile(
    rb'<xs:element\b[^>]*?\bname="([A-Za-z0-9]+)"[^>]*?'
    rb'\btype="Active(?:OrHistoric)?CurrencyAndAmount"'
)
_PACKAGE = "bankwire.messages"
_DIRECTORY = "xsd"


@cache
def available_schemas() -> frozenset[str]:
    """Message identifiers with a shipped XSD, e.g. ``pacs.008.001.08``."""
    folder = resources.files(_PACKAGE).joinpath(_DIRECTORY)
    return frozenset(
        entry.name.removesuffix(".xsd") for entry in folder.iterdir() if entry.name.endswith(".xsd")
    )


@cache
def schema_for(message_id: str) -> etree.XMLSchema | None:
    """The compiled schema of ``message_id``, or None when none is shipped for it."""
    if message_id not in available_schemas():
        return None
    source = resources.files(_PACKAGE).joinpath(_DIRECTORY, f"{message_id}.xsd").read_bytes()
    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
        return etree.XMLSchema(etree.fromstring(source, parser=parser))
    except (etree.XMLSyntaxError, etree.XMLSchemaParseError) as exc:
        raise ConfigError(f"shipped schema {message_id}.xsd cannot be compiled: {exc}") from exc


@cache
def amount_elements(message_id: str) -> frozenset[str] | None:
    """Names of the elements the XSD types as amounts with a currency, None without an XSD.

    Knowing them lets the business checks visit amounts with one C-filtered ``iter`` instead
    of testing every element for a ``Ccy`` attribute.
    """
    if message_id not in available_schemas():
        return None
    source = resources.files(_PACKAGE).joinpath(_DIRECTORY, f"{message_id}.xsd").read_bytes()
    return frozenset(name.decode("ascii") for name in _AMOUNT_ELEMENT.findall(source))
