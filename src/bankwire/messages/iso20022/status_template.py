"""The network's pacs.002 as text: the bytes ``render_mx`` writes for it, built as a string.

Every acknowledged payment gets a pacs.002 back to its sender, and building it through the
message model and lxml (a ``Message``, a tree of some forty elements, serialised and pretty
printed) cost about ten times what filling in this template does. The template holds the
one shape the network issues (``flows/status_report.py``): AppHdr from the network to the
sender, a group header with id and time, one ``TxInfAndSts`` with the original's id, type
and UETR, the status, an optional reason and the two agents. ``render_status_report`` only
fills in values whose text is printable ASCII and returns None for anything else, so that
the caller renders those through the model: what lxml would escape or refuse is never
second-guessed here. ``tests/messages/iso20022/test_status_template.py`` compares the two
renderings byte for byte and validates the result against the pacs.002 XSD.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Final

__all__ = ["MESSAGE_TYPE", "render_status_report"]

MESSAGE_TYPE: Final = "pacs.002.001.10"
"""The version the template writes: the one ``render_mx`` renders pacs.002 in."""

_PLAIN: Final = re.compile(r"[ -~]*")
"""Printable ASCII: written by lxml as is, but for the three characters ``_text`` escapes."""

_HEAD: Final = """<?xml version='1.0' encoding='UTF-8'?>
<Envelope xmlns="urn:swift:xsd:envelope">
  <AppHdr xmlns="urn:iso:std:iso:20022:tech:xsd:head.001.001.02">
    <Fr>
      <FIId>
        <FinInstnId>
          <BICFI>{network_bic}</BICFI>
        </FinInstnId>
      </FIId>
    </Fr>
    <To>
      <FIId>
        <FinInstnId>
          <BICFI>{sender}</BICFI>
        </FinInstnId>
      </FIId>
    </To>
    <BizMsgIdr>{message_id}</BizMsgIdr>
    <MsgDefIdr>pacs.002.001.10</MsgDefIdr>
    <CreDt>{created}</CreDt>
  </AppHdr>
  <Document xmlns="urn:iso:std:iso:20022:tech:xsd:pacs.002.001.10">
    <FIToFIPmtStsRpt>
      <GrpHdr>
        <MsgId>{message_id}</MsgId>
        <CreDtTm>{created}</CreDtTm>
      </GrpHdr>
      <TxInfAndSts>
        <OrgnlGrpInf>
          <OrgnlMsgId>{original_message_id}</OrgnlMsgId>
          <OrgnlMsgNmId>{original_message_type}</OrgnlMsgNmId>
        </OrgnlGrpInf>
"""
_UETR: Final = "        <OrgnlUETR>{}</OrgnlUETR>\n"
_STATUS: Final = "        <TxSts>{}</TxSts>\n"
_REASON_OPEN: Final = "        <StsRsnInf>\n"
_REASON_CODE: Final = "          <Rsn>\n            <{kind}>{code}</{kind}>\n          </Rsn>\n"
_INFORMATION: Final = "          <AddtlInf>{}</AddtlInf>\n"
_REASON_CLOSE: Final = "        </StsRsnInf>\n"
_TAIL: Final = """        <InstgAgt>
          <FinInstnId>
            <BICFI>{network_bic}</BICFI>
          </FinInstnId>
        </InstgAgt>
        <InstdAgt>
          <FinInstnId>
            <BICFI>{sender}</BICFI>
          </FinInstnId>
        </InstdAgt>
      </TxInfAndSts>
    </FIToFIPmtStsRpt>
  </Document>
</Envelope>
"""

_CODE_MAX: Final = 4
"""A reason up to four characters is an ISO code (``Cd``), a longer one proprietary, as
``Writer.choice`` writes it."""


def render_status_report(
    *,
    network_bic: str,
    sender: str,
    message_id: str,
    created: datetime,
    original_message_id: str,
    original_message_type: str,
    original_uetr: str | None,
    status: str,
    reason_code: str | None,
    information: tuple[str, ...],
) -> bytes | None:
    """The pacs.002 ``render_mx`` writes for these values, or None if one is not plain text.

    ``information`` is written as given (the caller bounds it, as it does for the model).
    """
    texts = [network_bic, sender, message_id, original_message_id,
             original_message_type, status, *information]  # fmt: skip
    if original_uetr is not None:
        texts.append(original_uetr)
    if reason_code is not None:
        texts.append(reason_code)
    if not all(_PLAIN.fullmatch(text) for text in texts):
        return None
    moment = created.isoformat()
    head = _HEAD.format(
        network_bic=_text(network_bic),
        sender=_text(sender),
        message_id=_text(message_id),
        created=moment,
        original_message_id=_text(original_message_id),
        original_message_type=_text(original_message_type),
    )
    parts = [head]
    if original_uetr is not None:
        parts.append(_UETR.format(_text(original_uetr)))
    parts.append(_STATUS.format(_text(status)))
    if reason_code is not None or information:
        parts.append(_REASON_OPEN)
        if reason_code is not None:
            kind = "Cd" if len(reason_code) <= _CODE_MAX else "Prtry"
            parts.append(_REASON_CODE.format(kind=kind, code=_text(reason_code)))
        parts.extend(_INFORMATION.format(_text(line)) for line in information)
        parts.append(_REASON_CLOSE)
    parts.append(_TAIL.format(network_bic=_text(network_bic), sender=_text(sender)))
    return "".join(parts).encode("ascii")


def _text(value: str) -> str:
    """Escaped as lxml escapes element text (quotes stay as they are)."""
    if "&" in value or "<" in value or ">" in value:
        return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return value
