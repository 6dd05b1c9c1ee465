"""Two banks exchange a payment through the API; every refusal is a NAK code and an audit line."""

from __future__ import annotations

import dataclasses
import secrets
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner

from bankwire.cli.main import cli
from bankwire.network.auth import sign
from bankwire.transports.http import SIGNATURE_HEADER, TransportError, signature_header
from bankwire.transports.memory import memory_client
from tests.api.conftest import Api
from tests.api.harness import payment


def test_two_banks_exchange_a_payment(api: Api) -> None:
    sender, receiver = api.client("DEUTDEFF"), api.client("BOFAUS3N")
    answer = sender.submit(payment("DEUTDEFF", "BOFAUS3N"))
    assert (answer["status"], answer["code"], answer["decision"]) == ("ack", None, "pass")
    [delivered] = receiver.fetch()
    assert (delivered["sequence"], delivered["uetr"]) == (1, answer["uetr"])
    assert delivered["message_type"] == "pacs.008.001.08"
    assert receiver.ack(1)["result"] == "acknowledged"
    assert receiver.ack(1)["result"] == "already_acknowledged"
    [status] = sender.fetch()
    assert "ACCC" in status["message"]
    tracked = sender.track(answer["uetr"])
    assert tracked["state"] == "acknowledged"
    assert [e["kind"] for e in tracked["events"]][-4:] == [
        "delivered", "acknowledged", "status_sent", "delivered",
    ]  # fmt: skip


def test_payment_to_a_listed_bank_is_blocked_and_never_delivered(api: Api) -> None:
    answer = api.client("BOFAUS3N").submit(payment("BOFAUS3N", "PRMSRUMM"))
    assert (answer["status"], answer["decision"]) == ("ack", "block")
    assert api.client("PRMSRUMM").fetch() == []
    tracked = api.client("BOFAUS3N").track(answer["uetr"])
    assert tracked["state"] == "blocked"
    assert any("PRMSRUMM" in reason or "PROMSVYAZ" in reason for reason in tracked["reasons"])
    public = api.http.get(f"/payments/{answer['uetr']}").json()
    assert (public["state"], public["outcome"], public["reasons"]) == ("blocked", None, [])
    hidden = api.client("DEUTDEFF").track(answer["uetr"])
    assert hidden["code"] == "not_found"


def _post(api: Api, body: bytes, headers: dict[str, str]) -> dict[str, object]:
    response = api.http.post("/payments", content=body, headers=headers)
    assert response.status_code == 422
    answer: dict[str, object] = response.json()
    return answer


def _auth(api: Api, bic: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {api.prepared.credentials[bic].token}"}


def test_bad_submissions_get_nak_codes_and_audit_lines(api: Api) -> None:
    deut = api.prepared.credentials["DEUTDEFF"]
    body = payment("DEUTDEFF", "BOFAUS3N")
    signed = {**_auth(api, "DEUTDEFF"), SIGNATURE_HEADER: signature_header(deut, body)}
    cases = {
        "S01": (body, _auth(api, "DEUTDEFF")),
        "S02": (body + b" ", signed),
        "S07": (body, {**_auth(api, "BOFAUS3N"), SIGNATURE_HEADER: signed[SIGNATURE_HEADER]}),
        "T01": (b"<Envelope>", {**_auth(api, "DEUTDEFF"),
                SIGNATURE_HEADER: signature_header(deut, b"<Envelope>")}),
    }  # fmt: skip
    for code, (content, headers) in cases.items():
        assert _post(api, content, headers)["code"] == code
    other = payment("BOFAUS3N", "DEUTDEFF")
    claimed = {**_auth(api, "DEUTDEFF"), SIGNATURE_HEADER: signature_header(deut, other)}
    assert _post(api, other, claimed)["code"] == "S04"
    audit = api.http.get("/admin/audit", headers=api.operator, params={"limit": 50}).json()
    naks = [
        (line["detail"]["code"], line["participant"]) for line in audit if line["kind"] == "nak"
    ]
    # Each audit line names the participant the token identified (a token of BOFAUS3N with
    # DEUTDEFF's signature: the token's holder).
    assert naks == [
        ("S01", "DEUTDEFF"), ("S02", "DEUTDEFF"), ("S07", "BOFAUS3N"), ("T01", "DEUTDEFF"),
        ("S04", "DEUTDEFF"),
    ]  # fmt: skip


def test_replay_and_duplicates(api: Api) -> None:
    deut = api.prepared.credentials["DEUTDEFF"]
    body = payment("DEUTDEFF", "BOFAUS3N")
    headers = {**_auth(api, "DEUTDEFF"), SIGNATURE_HEADER: signature_header(deut, body)}
    first = api.http.post("/payments", content=body, headers=headers).json()
    assert first["status"] == "ack"
    assert _post(api, body, headers)["code"] == "S05"
    again = api.client("DEUTDEFF").submit(body)
    assert (again["status"], again["code"], again["uetr"]) == ("ack", "DUPLICATE", first["uetr"])
    changed = body.replace(b"1000.00", b"2000.00")
    assert api.client("DEUTDEFF").submit(changed)["code"] == "D01"
    assert len(api.client("BOFAUS3N").fetch()) == 1


def test_routing_refusals(api: Api) -> None:
    psb = api.client("PRMSRUMM")
    assert psb.submit(payment("PRMSRUMM", "DEUTDEFF"))["code"] == "H03"
    assert psb.submit(payment("PRMSRUMM", "COBADEFF"))["code"] == "H02"
    grant = api.http.post(
        "/rma", headers=_auth(api, "BOFAUS3N"),
        json={"sender": "PRMSRUMM", "receiver": "DEUTDEFF", "message_types": ["pacs.008"]},
    )  # fmt: skip
    assert (grant.status_code, grant.json()["code"]) == (403, "forbidden")
    grant = api.http.post(
        "/rma", headers=_auth(api, "DEUTDEFF"),
        json={"sender": "PRMSRUMM", "receiver": "DEUTDEFF", "message_types": ["pacs.008"]},
    )  # fmt: skip
    assert grant.status_code == 201
    assert psb.submit(payment("PRMSRUMM", "DEUTDEFF"))["status"] == "ack"


def test_unknown_token_and_operator_routes(api: Api) -> None:
    response = api.http.get("/participants", headers={"Authorization": "Bearer nope"})
    assert (response.status_code, response.json()["code"]) == (401, "unauthenticated")
    response = api.http.get("/participants", headers=_auth(api, "DEUTDEFF"))
    assert response.status_code == 403
    listed = api.http.get("/participants", headers=api.operator).json()
    assert [p["bic"] for p in listed] == ["BOFAUS3N", "DEUTDEFF", "PRMSRUMM"]
    assert api.http.get("/openapi.json").json()["info"]["title"] == "bankwire"


def test_fetch_and_ack_with_a_token_nobody_holds_say_so(api: Api) -> None:
    """The client raises the server's refusal (status, code, message), not a KeyError."""
    known = api.prepared.credentials["BOFAUS3N"]
    stranger = memory_client(api.transport, dataclasses.replace(known, token="nope"))
    with pytest.raises(TransportError) as fetched:
        stranger.fetch()
    assert str(fetched.value).startswith("GET /queue: HTTP 401 unauthenticated: no participant")
    with pytest.raises(TransportError) as acked:
        stranger.ack_many([1])
    assert str(acked.value).startswith("POST /queue/ack: HTTP 401 unauthenticated: ")
    with pytest.raises(TransportError, match=r"^POST /queue/1/ack: HTTP 401 unauthenticated"):
        stranger.ack(1)


def test_signature_of_stale_time_is_refused(api: Api) -> None:
    deut = api.prepared.credentials["DEUTDEFF"]
    body = payment("DEUTDEFF", "BOFAUS3N")
    old = sign(deut.signing_key, "DEUTDEFF", body, datetime.now(UTC) - timedelta(hours=1),
               secrets.token_hex(8))  # fmt: skip
    headers = {**_auth(api, "DEUTDEFF"), SIGNATURE_HEADER: old.render()}
    assert _post(api, body, headers)["code"] == "S06"


def test_tracking_something_that_is_not_a_uetr_says_so(api: Api) -> None:
    """A typo is not a missing payment: 422 with its own code, not 404 not_found."""
    response = api.http.get("/payments/not-a-uetr")
    assert (response.status_code, response.json()["code"]) == (422, "invalid_uetr")
    assert "UUIDv4" in response.json()["message"]
    answer = api.client("DEUTDEFF").submit(payment("DEUTDEFF", "BOFAUS3N"))
    upper = api.http.get(f"/payments/{answer['uetr'].upper()}")
    assert (upper.status_code, upper.json()["uetr"]) == (200, answer["uetr"])


def test_nak_after_routing_carries_the_uetr(api: Api) -> None:
    answer = api.client("PRMSRUMM").submit(payment("PRMSRUMM", "DEUTDEFF"))
    assert (answer["status"], answer["code"]) == ("nak", "H03")
    assert answer["uetr"] is not None


def test_track_command_prints_why_a_uetr_is_refused(
    api: Api, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The CLI's unauthenticated ``track`` goes through module-level httpx; point it here."""
    monkeypatch.setattr(
        "bankwire.cli.network_client.httpx.request",
        lambda method, url, **kwargs: api.http.request(method, url, **kwargs),
    )
    server = str(api.http.base_url)
    result = CliRunner().invoke(cli, ["track", "--server", server, "not-a-uetr"])
    assert result.exit_code == 1
    assert result.output.startswith("Error: invalid_uetr: UETR: must be a UUIDv4")
