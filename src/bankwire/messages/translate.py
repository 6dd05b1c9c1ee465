"""MT <-> ISO 20022 translation following the CBPR+ rules, with every loss reported.

Both parsers produce the same model, so most of the CBPR+ field mapping already happened
when the message was parsed (``bankwire.messages.mt`` documents it field by field). What is
left is what belongs to one format only:

- MT -> MX: the MX message type and business service; instructing and instructed agents,
  debtor agent and creditor agent from the FIN sender and receiver when absent; the
  ``NOTPROVIDED`` agent CBPR+ requires for charges and case creators. Fields MT kept in
  ``free_text`` (no ISO 20022 element: 13C, 23B other than CRED, field 72 codes such as
  ``/REJT/``) are losses.
- MX -> MT: the MX model is reduced to what MT carries (``mt.from_mx``), rendered to FIN
  with values cut and transliterated to fit, and parsed back. Every field-by-field
  difference is a loss: a truncated name, a structured address flattened, a second
  intermediary agent, a BizMsgIdr that is not the InstrId.

Both directions check themselves: the result is rendered and parsed again, and any value
the target format's renderer could not carry is reported too. Nothing is dropped silently.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Final

from bankwire.errors import MessageError, TranslationError
from bankwire.messages import mt
from bankwire.messages.api import parse_message, render_mx
from bankwire.messages.model import (
    Agent,
    BusinessHeader,
    CreditTransfer,
    GroupHeader,
    Message,
    MessageFormat,
    PostalAddress,
)
from bankwire.messages.mt.compare import differences
from bankwire.messages.mt.from_mx import NOT_PROVIDED, mt_input, mt_reference

__all__ = ["TranslationResult", "translate"]

_MX_TYPES: Final[dict[str, str]] = {
    "103": "pacs.008.001.08",
    "202": "pacs.009.001.08",
    "205": "pacs.009.001.08",
    "192": "camt.056.001.08",
    "292": "camt.056.001.08",
    "196": "camt.029.001.09",
    "296": "camt.029.001.09",
}
_SERVICE: Final[str] = "swift.cbprplus.03"
_NOT_PROVIDED_AGENT: Final[Agent] = Agent(
    name=NOT_PROVIDED, address=PostalAddress(lines=(NOT_PROVIDED,))
)


@dataclass(frozen=True, slots=True)
class TranslationResult:
    """The translated message and, in words, everything the target format could not carry."""

    message: Message
    losses: tuple[str, ...]


def translate(message: Message, to: MessageFormat) -> TranslationResult:
    """Translate between MT and ISO 20022; raises ``TranslationError`` when impossible."""
    if message.format is to:
        return TranslationResult(message, ())
    try:
        if to is MessageFormat.MX:
            return _to_mx(message)
        return _to_mt(message)
    except TranslationError:
        raise
    except MessageError as exc:
        raise TranslationError(f"{message.message_type} -> {to.value}: {exc}") from exc


def _to_mt(message: Message) -> TranslationResult:
    losses: list[str] = []
    reference = mt_reference(message, losses)
    assert reference.header is not None
    rendered = mt.render(mt_input(reference), fit=True)
    back = mt.parse(rendered, received=reference.header.created)
    losses.extend(differences(reference, back))
    return TranslationResult(back, tuple(losses))


def _to_mx(message: Message) -> TranslationResult:
    kind = message.message_type[2:5]
    mx_type = _MX_TYPES.get(kind)
    if mx_type is None or message.header is None:
        raise TranslationError(
            f"{message.message_type}: no ISO 20022 translation (supported: MT103, MT202, "
            "MT202COV, MT205, MT205COV, MT192, MT292, MT196, MT296)"
        )
    header = _mx_header(message, mx_type)
    losses = [_free_text_loss(item, mx_type) for item in message.free_text]
    if message.header.priority == "S":
        losses.append("block 2 priority S (system): AppHdr has no such priority")
    if message.transfers:
        transfers = tuple(_mx_transfer(transfer, header, kind) for transfer in message.transfers)
        translated = dataclasses.replace(
            message,
            message_type=mx_type,
            format=MessageFormat.MX,
            header=header,
            transfers=transfers,
            free_text=(),
        )
    else:
        translated = _mx_cancellation_message(message, header, mx_type)
    losses.extend(_check_rendering(translated))
    return TranslationResult(translated, tuple(losses))


def _mx_header(message: Message, mx_type: str) -> BusinessHeader:
    assert message.header is not None
    service = _SERVICE
    if message.message_type.endswith("COV"):
        service = "swift.cbprplus.cov.03"
    elif mx_type.startswith("pacs.009") and _has_reimbursement(message.group_header):
        service = "swift.cbprplus.adv.03"
    return dataclasses.replace(
        message.header,
        message_definition_id=mx_type,
        business_service=service,
        priority="HIGH" if message.header.priority == "U" else None,
        related_reference=None,
    )


def _has_reimbursement(group: GroupHeader | None) -> bool:
    return group is not None and any(
        (
            group.instructing_reimbursement_agent,
            group.instructed_reimbursement_agent,
            group.third_reimbursement_agent,
        )
    )


def _free_text_loss(item: str, mx_type: str) -> str:
    sequence = "sequence B " if item.startswith("B:") else ""
    tag, _, value = item.removeprefix("B").removeprefix(":").partition(":")
    return f"MT {sequence}field {tag} {value!r}: no {mx_type} element carries it"


def _mx_transfer(transfer: CreditTransfer, header: BusinessHeader, kind: str) -> CreditTransfer:
    sender, receiver = Agent(bic=header.from_bic), Agent(bic=header.to_bic)
    changes: dict[str, object] = {
        "instructing_agent": transfer.instructing_agent or sender,
        "instructed_agent": transfer.instructed_agent or receiver,
        "charges": tuple(
            (amount, agent or _NOT_PROVIDED_AGENT) for amount, agent in transfer.charges
        ),
    }
    if kind == "103":
        changes["debtor_agent"] = transfer.debtor_agent or sender
        changes["creditor_agent"] = transfer.creditor_agent or receiver
    else:
        changes["debtor_fi"] = transfer.debtor_fi or sender
    return dataclasses.replace(transfer, **changes)  # type: ignore[arg-type]


def _mx_cancellation_message(message: Message, header: BusinessHeader, mx_type: str) -> Message:
    sender, receiver = Agent(bic=header.from_bic), Agent(bic=header.to_bic)
    answer = mx_type.startswith("camt.029")
    cancellations = []
    for cancellation in message.cancellations:
        changes: dict[str, object] = {
            "assigner": cancellation.assigner or sender,
            "assignee": cancellation.assignee or receiver,
            "case_creator": cancellation.case_creator or _NOT_PROVIDED_AGENT,
        }
        if answer:
            changes["original_message_id"] = cancellation.original_message_id or NOT_PROVIDED
        else:
            changes["original_end_to_end_id"] = cancellation.original_end_to_end_id or NOT_PROVIDED
        cancellations.append(dataclasses.replace(cancellation, **changes))  # type: ignore[arg-type]
    group = GroupHeader(header.business_message_id, header.created, 1)
    return Message(mx_type, MessageFormat.MX, header, group, cancellations=tuple(cancellations))


def _check_rendering(translated: Message) -> list[str]:
    """Render the ISO 20022 message and read it back; a difference is a loss too."""
    try:
        back = parse_message(render_mx(translated))
    except MessageError as exc:
        raise TranslationError(
            f"{translated.message_type}: the translation does not render: {exc}"
        ) from exc
    return [f"ISO 20022 rendering: {text}" for text in differences(translated, back)]
