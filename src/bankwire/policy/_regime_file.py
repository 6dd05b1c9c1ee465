"""The YAML format of a regime file, checked field by field (the followthemoney way).

Pydantic models with ``extra="forbid"`` describe the file; ``parse_regime_file`` turns a valid
file into the frozen values of ``regime_model`` and every invalid one into a ``PolicyError``
that names the file, the field path, what was expected and what was found.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from bankwire.errors import PolicyError
from bankwire.money import CURRENCY_EXPONENTS
from bankwire.policy.decision import REJECT_REASON_CODES, Outcome
from bankwire.policy.regime_model import (
    Embargo,
    ListRule,
    ProgramRule,
    ReferenceRule,
    Regime,
    Thresholds,
)
from bankwire.policy.text import normalise_text

__all__ = ["parse_regime_file"]

Measure = Literal["block", "reject", "hold", "pass"]
Code2 = Annotated[str, Field(pattern=r"^[A-Z]{2}$")]
Region = Annotated[str, Field(pattern=r"^[A-Z]{2}-[A-Z0-9]{1,3}$")]
Name = Annotated[str, Field(min_length=1)]
ReasonCode = Annotated[str, Field(pattern=r"^[A-Z0-9]{4}$")]
_GOT_CHARS_MAX = 120


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    @field_validator("reason_code", check_fields=False)
    @classmethod
    def _known_reason_code(cls, value: str) -> str:
        if value not in REJECT_REASON_CODES:
            known = ", ".join(sorted(REJECT_REASON_CODES))
            raise ValueError(f"must be one of the ISO 20022 codes {known}")
        return value


class _Thresholds(_Model):
    hold_min: Annotated[float, Field(gt=0.0, le=1.0)]
    action_min: Annotated[float, Field(gt=0.0, le=1.0)]

    @field_validator("action_min")
    @classmethod
    def _not_below_hold(cls, value: float, info: Any) -> float:
        hold_min = info.data.get("hold_min")
        if hold_min is not None and value < hold_min:
            raise ValueError(f"must be at least hold_min ({hold_min})")
        return value


class _List(_Model):
    list: Name
    measure: Literal["block", "reject", "hold", "by_program"]
    reason_code: ReasonCode = "RR04"


class _Program(_Model):
    program: Name
    measure: Measure
    only_for_purposes: list[Annotated[str, Field(pattern=r"^[A-Z]{4}$")]] = []
    reason_code: ReasonCode = "RR04"
    note: str = ""


class _Ownership(_Model):
    share_min_basis_points: Annotated[int, Field(ge=1, le=10_000)]


class _Embargo(_Model):
    country: Code2
    regions: list[Region] = []
    measure: Measure
    program: Name
    effective_from: date
    reason_code: ReasonCode = "RR04"

    @field_validator("regions")
    @classmethod
    def _regions_in_country(cls, value: list[str], info: Any) -> list[str]:
        country = info.data.get("country")
        for region in value:
            if country is not None and not region.startswith(f"{country}-"):
                raise ValueError(f"region {region!r} is not in country {country!r}")
        return value


class _Reference(_Model):
    id: Name
    program: Name
    effective_from: date
    effective_until: date | None = None
    terms: Annotated[list[Name], Field(min_length=1)]
    party_measure: Measure
    text_measure: Measure
    reason_code: ReasonCode = "RR04"
    entries: list[Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*/[^/]+$")]] = []

    @field_validator("terms")
    @classmethod
    def _terms_have_words(cls, value: list[str]) -> list[str]:
        for term in value:
            if not normalise_text(term):
                raise ValueError(f"every term needs a letter or digit ({term!r} has none)")
        return value


class _RegimeFile(_Model):
    regime: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$")]
    version: Name
    authority: Name
    applied_by: Annotated[list[Code2], Field(min_length=1)]
    nexus_currencies: list[str] = []
    thresholds: _Thresholds
    lists: Annotated[list[_List], Field(min_length=1)]
    programs: list[_Program] = []
    unknown_program_measure: Measure
    ownership: _Ownership | None = None
    embargoes: list[_Embargo] = []
    reference_rules: list[_Reference] = []

    @field_validator("nexus_currencies")
    @classmethod
    def _known_currencies(cls, value: list[str]) -> list[str]:
        for code in value:
            if code not in CURRENCY_EXPONENTS:
                raise ValueError(f"{code!r} is not an ISO 4217 currency code")
        return value

    @field_validator("lists", "programs", "reference_rules")
    @classmethod
    def _unique(cls, value: list[Any]) -> list[Any]:
        keys = [item.list if isinstance(item, _List) else _key(item) for item in value]
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        if repeated:
            raise ValueError(f"entries must be unique, repeated: {', '.join(repeated)}")
        return value


def _key(item: _Program | _Reference) -> str:
    return item.program if isinstance(item, _Program) else item.id


def parse_regime_file(raw: bytes, source: str, digest: str) -> Regime:
    """Validate the YAML text of one regime file and build its ``Regime``."""
    try:
        document = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        raise PolicyError(f"{source}: not valid YAML ({exc})") from exc
    try:
        parsed = _RegimeFile.model_validate(document)
    except ValidationError as exc:
        problems = "; ".join(_describe(error) for error in exc.errors())
        raise PolicyError(f"{source}: {problems}") from exc
    return _to_domain(parsed, source, digest)


def _describe(error: Any) -> str:
    field = ".".join(str(part) for part in error["loc"]) or "<document>"
    if error["type"] == "missing":
        return f"field '{field}': required but missing"
    if error["type"] == "model_type":
        return f"field '{field}': must be a mapping of fields (got {_short(error['input'])})"
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"field '{field}': {message} (got {_short(error['input'])})"


def _short(value: Any) -> str:
    """The offending value, cut so that a whole list section does not flood the message."""
    text = repr(value)
    return text if len(text) <= _GOT_CHARS_MAX else f"{text[: _GOT_CHARS_MAX - 3]}..."


def _to_domain(parsed: _RegimeFile, source: str, digest: str) -> Regime:
    return Regime(
        name=parsed.regime,
        version=parsed.version,
        authority=parsed.authority,
        applied_by=tuple(parsed.applied_by),
        nexus_currencies=tuple(parsed.nexus_currencies),
        thresholds=Thresholds(parsed.thresholds.hold_min, parsed.thresholds.action_min),
        lists=tuple(
            ListRule(
                item.list,
                None if item.measure == "by_program" else Outcome(item.measure),
                item.reason_code,
            )
            for item in parsed.lists
        ),
        programs=tuple(
            ProgramRule(
                item.program,
                Outcome(item.measure),
                tuple(item.only_for_purposes),
                item.reason_code,
                item.note,
            )
            for item in parsed.programs
        ),
        unknown_program_measure=Outcome(parsed.unknown_program_measure),
        ownership_share_min_basis_points=(
            None if parsed.ownership is None else parsed.ownership.share_min_basis_points
        ),
        embargoes=tuple(
            Embargo(
                item.country,
                tuple(item.regions),
                Outcome(item.measure),
                item.program,
                item.effective_from,
                item.reason_code,
            )
            for item in parsed.embargoes
        ),
        reference_rules=tuple(_reference(item) for item in parsed.reference_rules),
        source=source,
        digest=digest,
    )


def _reference(item: _Reference) -> ReferenceRule:
    return ReferenceRule(
        rule_id=item.id,
        program=item.program,
        effective_from=item.effective_from,
        effective_until=item.effective_until,
        terms=tuple(normalise_text(term) for term in item.terms),
        party_measure=Outcome(item.party_measure),
        text_measure=Outcome(item.text_measure),
        reason_code=item.reason_code,
        entries=tuple(_entry_key(entry) for entry in item.entries),
    )


def _entry_key(text: str) -> tuple[str, str]:
    list_name, _, source_id = text.partition("/")
    return list_name, source_id
