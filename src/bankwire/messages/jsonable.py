"""Plain JSON data of messages, reports and party records, for the CLI and golden files.

Amounts are written three ways at once (minor units, currency, decimal string) so that a
reader never has to know a currency's exponent; dates and times are ISO 8601 strings; empty
and absent fields are left out so golden files show what a message carries.
"""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from enum import Enum
from typing import TypeAlias

from bankwire.money import Amount

__all__ = ["JsonValue", "to_data"]

JsonValue: TypeAlias = str | int | float | bool | list["JsonValue"] | dict[str, "JsonValue"] | None


def to_data(value: object) -> JsonValue:
    """Convert a model value (dataclass, tuple, enum, amount, date ...) to JSON data."""
    if value is None or isinstance(value, bool | int | float):
        return value
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, str):
        return value
    if isinstance(value, Amount):
        return {
            "minor_units": value.minor_units,
            "currency": value.currency.code,
            "decimal": value.to_decimal_string(),
        }
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, tuple | list):
        return [to_data(item) for item in value]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        result: dict[str, JsonValue] = {}
        for field in dataclasses.fields(value):
            item = getattr(value, field.name)
            if item is None or item == () or item is False:
                continue
            result[field.name] = to_data(item)
        return result
    raise TypeError(f"to_data: cannot convert {type(value).__name__} to JSON data")
