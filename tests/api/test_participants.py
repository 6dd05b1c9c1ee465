"""The directory over HTTP: registering, re-keying, RMA and disconnection refusals as JSON."""

from __future__ import annotations

import base64

from tests.api.conftest import Api
from tests.api.harness import payment

KEY = base64.b64encode(bytes(range(32))).decode("ascii")


def _bank(bic: str, **changes: object) -> dict[str, object]:
    return {"bic": bic, "name": "Banco Ejemplo", "country": "ES", "currencies": ["EUR"],
            "jurisdictions": ["EU"], "public_key": KEY, **changes}  # fmt: skip


def test_a_registered_bic_is_a_conflict_not_a_takeover(api: Api) -> None:
    cut = api.http.post("/admin/participants/PRMSRUMM/disconnect", headers=api.operator,
                        json={"from_date": "2022-03-12"})  # fmt: skip
    assert cut.status_code == 200
    again = api.http.post("/participants", headers=api.operator,
                          json=_bank("prmsrummxxx", name="Hijack"))  # fmt: skip
    assert (again.status_code, again.json()["code"]) == (409, "conflict")
    assert "PRMSRUMM is already a participant" in again.json()["message"]
    listed = {p["bic"]: p for p in api.http.get("/participants", headers=api.operator).json()}
    assert (listed["PRMSRUMM"]["name"], listed["PRMSRUMM"]["status"]) == (
        "PJSC Promsvyazbank", "disconnected",
    )  # fmt: skip


def test_rekeying_issues_a_token_that_works_and_retires_the_old_one(api: Api) -> None:
    old = api.client("DEUTDEFF")
    rekeyed = api.http.post("/participants/deutdeff/rekey", headers=api.operator,
                            json={"public_key": KEY})  # fmt: skip
    assert rekeyed.status_code == 200
    body = rekeyed.json()
    assert body["participant"]["bic"] == "DEUTDEFF"
    listed = {p["bic"]: p for p in api.http.get("/participants", headers=api.operator).json()}
    assert listed["DEUTDEFF"]["status"] == "active"
    assert old.submit(payment("DEUTDEFF", "BOFAUS3N"))["code"] == "S07"  # The old token.
    queue = api.http.get("/queue", headers={"Authorization": f"Bearer {body['token']}"})
    assert queue.status_code == 200
    unknown = api.http.post("/participants/BSCHESMM/rekey", headers=api.operator,
                            json={"public_key": KEY})  # fmt: skip
    assert (unknown.status_code, unknown.json()["code"]) == (422, "invalid_directory_entry")


def test_directory_input_is_checked_field_by_field(api: Api) -> None:
    cases = [
        (_bank("DEUTDEFF500"), "BIC: DEUTDEFF500 names a branch"),
        (_bank("ABNA NL2A"), "without spaces"),
        (_bank("BSCHESMM", country="Z1"), "country: must be an ISO 3166 alpha-2"),
        (_bank("BSCHESMM", currencies=["EURO"]), "currency: must be ISO 4217"),
        (_bank("BSCHESMM", name=""), "name: must not be empty"),
    ]
    for body, expected in cases:
        response = api.http.post("/participants", headers=api.operator, json=body)
        assert (response.status_code, response.json()["code"]) == (422, "invalid_directory_entry")
        assert expected in response.json()["message"], body
    for rma, expected in [
        ({"sender": "XX", "receiver": "DEUTDEFF", "message_types": ["pacs.008"]}, "sender: BIC"),
        ({"sender": "BOFAUS3N", "receiver": "DEUTDEFF", "message_types": [""]}, "types: at least"),
        ({"sender": "BOFAUS3N", "receiver": "DEUTDEFF", "message_types": ["bogus"]}, "bogus not"),
    ]:
        response = api.http.post("/rma", headers=api.operator, json=rma)
        assert (response.status_code, response.json()["code"]) == (422, "invalid_directory_entry")
        assert expected in response.json()["message"], rma
    response = api.http.post("/admin/participants/XX/disconnect", headers=api.operator,
                             json={"from_date": "2022-03-12"})  # fmt: skip
    assert (response.status_code, response.json()["code"]) == (422, "invalid_directory_entry")
