"""The sharing API: the same services as the pages, with explicit shapes, the one error body, and
``withheld`` for what the public may not see in the directory.

Who gets each operation, with exact statuses, is checked from the table in api_ops.py."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from passport.accounts import services as accounts
from passport.producers.clock import local_today
from passport.sharing.models import AccessRequest, FieldSetting, Grant
from passport.sharing.policy import lens_for
from tests.world import World, bearer

from . import builders as b

API = "/api/v1"


def client_for(world: World, who: str) -> Client:
    client = Client()
    client.force_login(world.users[who])
    return client


def call(client: Client, method: str, path: str, body: dict[str, Any] | None = None, **headers: str) -> Any:
    return client.generic(
        method, f"{API}{path}", json.dumps(body) if body is not None else "", content_type="application/json", **headers
    )


def esperanza_path(world: World, rest: str) -> str:
    return f"/producers/{world.producers['esperanza'].uuid}{rest}"


def test_the_producer_reads_what_it_shares(world: World) -> None:
    grant = b.grant(world, "refiner", until=dt.date(2099, 1, 1))
    pending = b.request(world, "checkers")
    b.tighten(world, "titles", "confidential")
    b.listed(world)
    response = call(client_for(world, "victor"), "GET", esperanza_path(world, "/sharing"))
    assert response.status_code == 200
    body = response.json()
    assert body["producer"] == {
        "uuid": str(world.producers["esperanza"].uuid),
        "name": "Cooperativa Minera La Esperanza",
    }
    assert body["can_manage"] is False
    assert body["listed"] is True
    assert body["today"] == local_today(world.producers["esperanza"]).isoformat()
    [given] = body["grants"]
    assert (given["uuid"], given["state"], given["until"], given["audience"]) == (
        str(grant.uuid),
        "active",
        "2099-01-01",
        "actual_partner",
    )
    assert given["organisation"] == {
        "uuid": str(world.orgs["refiner"].uuid),
        "name": "Refinería del Sur",
        "kind": "buyer",
    }
    [asked] = body["requests"]
    assert (asked["uuid"], asked["status"], asked["requested_by"]) == (str(pending.uuid), "pending", "Vera")
    fields = {f["key"]: f for f in body["fields"]}
    assert len(fields) == 15
    assert fields["titles"] == {
        "key": "titles",
        "default": "partners",
        "sensitivity": "confidential",
        "personal": False,
        "choices": ["partners", "confidential"],
    }
    assert fields["members.personal"]["personal"] is True
    assert fields["members.personal"]["choices"] == ["confidential"]
    assert fields["producer.name"]["choices"] == ["public"]  # the name cannot be tightened


def test_a_buyer_asks_through_the_api_and_a_second_request_is_refused(world: World) -> None:
    b.listed(world)
    bob = client_for(world, "bob")
    response = call(bob, "POST", esperanza_path(world, "/access-requests"), {"message": "We buy gold."})
    assert response.status_code == 201
    body = response.json()
    assert (body["status"], body["audience"], body["purposes"], body["until"]) == (
        "pending",
        "actual_partner",
        ["due_diligence"],
        None,
    )
    again = call(
        bob, "POST", esperanza_path(world, "/access-requests"), {"message": "Again.", "audience": "prospective_partner"}
    )
    assert again.status_code == 422
    assert again.json()["error"]["code"] == "invalid"
    assert "already has a request waiting" in again.json()["error"]["fields"][0]["message"]


def test_bad_request_terms_name_the_field(world: World) -> None:
    b.listed(world)
    response = call(
        client_for(world, "ana"),
        "POST",
        esperanza_path(world, "/access-requests"),
        {"message": "Statistics.", "purposes": ["sourcing"]},
    )
    assert response.status_code == 422
    assert [f["field"] for f in response.json()["error"]["fields"]] == ["purposes"]
    unknown = call(
        client_for(world, "bob"), "POST", esperanza_path(world, "/access-requests"), {"message": "x", "colour": "red"}
    )
    assert unknown.status_code == 422


def test_a_token_asks_in_the_name_of_the_person_who_created_it(world: World, client: Client) -> None:
    b.listed(world)
    _token, secret = accounts.create_api_token(actor=world.actor("bob"), name="sourcing", scopes=["sharing:write"])
    response = call(
        client, "POST", esperanza_path(world, "/access-requests"), {"message": "From our system."}, **bearer(secret)
    )
    assert response.status_code == 201
    assert AccessRequest.objects.get().requested_by == world.users["bob"]


def test_the_producer_narrows_a_request_through_the_api(world: World) -> None:
    pending = b.request(world, "refiner", purposes=["due_diligence", "sourcing"])
    response = call(
        client_for(world, "mateo"),
        "POST",
        f"/access-requests/{pending.uuid}/answer",
        {"decision": "narrow", "purposes": ["sourcing"], "answer": "Sourcing first."},
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["request"]["status"], body["request"]["answer"]) == ("narrowed", "Sourcing first.")
    assert (body["grant"]["purposes"], body["grant"]["state"], body["grant"]["request"]) == (
        ["sourcing"],
        "active",
        str(pending.uuid),
    )


def test_narrowing_that_widens_is_refused_naming_the_field(world: World) -> None:
    pending = b.request(world, "refiner", audience="prospective_partner")
    response = call(
        client_for(world, "alice"),
        "POST",
        f"/access-requests/{pending.uuid}/answer",
        {"decision": "narrow", "audience": "actual_partner"},
    )
    assert response.status_code == 422
    assert [f["field"] for f in response.json()["error"]["fields"]] == ["audience"]
    assert not Grant.objects.exists()


def test_declining_and_withdrawing_through_the_api(world: World) -> None:
    declined = b.request(world, "refiner")
    response = call(
        client_for(world, "alice"), "POST", f"/access-requests/{declined.uuid}/answer", {"decision": "decline"}
    )
    assert response.json() == {"request": response.json()["request"], "grant": None}
    assert response.json()["request"]["status"] == "declined"
    withdrawn = b.request(world, "refiner")
    response = call(client_for(world, "bob"), "POST", f"/access-requests/{withdrawn.uuid}/withdraw")
    assert (response.status_code, response.json()["status"]) == (200, "withdrawn")
    again = call(client_for(world, "bob"), "POST", f"/access-requests/{withdrawn.uuid}/withdraw")
    assert again.status_code == 422


def test_the_producer_grants_and_revokes_through_the_api(world: World) -> None:
    alice = client_for(world, "alice")
    response = call(
        alice,
        "POST",
        esperanza_path(world, "/grants"),
        {"organisation": str(world.orgs["checkers"].uuid), "audience": "verifier", "purposes": ["verification"]},
    )
    assert response.status_code == 201
    given = response.json()
    assert (given["state"], given["revoked_on"], given["request"]) == ("active", None, None)
    assert lens_for(world.actor("vera"), world.producers["esperanza"]).shows("titles")
    revoked = call(alice, "POST", f"/grants/{given['uuid']}/revoke")
    assert revoked.status_code == 200
    assert (revoked.json()["state"], revoked.json()["revoked_on"]) == (
        "revoked",
        local_today(world.producers["esperanza"]).isoformat(),
    )
    assert not lens_for(world.actor("vera"), world.producers["esperanza"]).shows("titles")
    assert call(alice, "POST", f"/grants/{given['uuid']}/revoke").status_code == 422


def test_a_grant_to_an_organisation_of_the_wrong_kind_is_refused_naming_the_field(world: World) -> None:
    response = call(
        client_for(world, "alice"),
        "POST",
        esperanza_path(world, "/grants"),
        {"organisation": str(world.orgs["kalimbi"].uuid), "audience": "actual_partner", "purposes": ["sourcing"]},
    )
    assert response.status_code == 422
    assert [f["field"] for f in response.json()["error"]["fields"]] == ["organisation"]


def test_fields_are_tightened_reset_and_never_loosened_through_the_api(world: World) -> None:
    alice = client_for(world, "alice")
    response = call(alice, "PUT", esperanza_path(world, "/fields/producer.region"), {"sensitivity": "partners"})
    assert response.status_code == 200
    assert response.json()["sensitivity"] == "partners"
    reset = call(alice, "PUT", esperanza_path(world, "/fields/producer.region"), {"sensitivity": "public"})
    assert reset.json()["sensitivity"] == "public"
    assert not FieldSetting.objects.exists()
    looser = call(alice, "PUT", esperanza_path(world, "/fields/titles"), {"sensitivity": "public"})
    assert looser.status_code == 422
    assert [f["field"] for f in looser.json()["error"]["fields"]] == ["sensitivity"]
    unknown = call(alice, "PUT", esperanza_path(world, "/fields/secrets"), {"sensitivity": "confidential"})
    assert [f["field"] for f in unknown.json()["error"]["fields"]] == ["key"]


def test_listing_through_the_api(world: World) -> None:
    alice = client_for(world, "alice")
    assert call(alice, "PUT", esperanza_path(world, "/listing"), {"listed": True}).json() == {"listed": True}
    assert call(Client(), "GET", "/directory").json()["count"] == 1
    assert call(alice, "PUT", esperanza_path(world, "/listing"), {"listed": False}).json() == {"listed": False}
    assert call(Client(), "GET", "/directory").json()["count"] == 0


def test_the_access_log_through_the_api_a_page_at_a_time(world: World) -> None:
    grant = b.grant(world, "refiner")
    lens = lens_for(world.actor("bob"), world.producers["esperanza"])
    for key in ("titles", "plans", "production.figures"):
        lens.log(world.actor("bob"), object_type="producer", object_id="x", what=[key])
    alice = client_for(world, "alice")
    first = call(alice, "GET", esperanza_path(world, "/access-log?limit=2")).json()
    assert [e["what"] for e in first["items"]] == [["production.figures"], ["plans"]]
    assert (first["items"][0]["grant"], first["items"][0]["organisation"], first["items"][0]["audience"]) == (
        str(grant.uuid),
        "Refinería del Sur",
        "actual_partner",
    )
    second = call(alice, "GET", esperanza_path(world, f"/access-log?limit=2&before={first['next_before']}")).json()
    assert ([e["what"] for e in second["items"]], second["next_before"]) == ([["titles"]], None)


def test_an_organisation_lists_its_requests_and_grants(world: World) -> None:
    pending = b.request(world, "refiner")
    held = b.grant(world, "refiner", granted_on=dt.date(2026, 1, 1), until=dt.date(2026, 2, 1))
    body = call(client_for(world, "bob"), "GET", "/sharing/mine").json()
    assert [r["uuid"] for r in body["requests"]] == [str(pending.uuid)]
    assert [(g["uuid"], g["state"]) for g in body["grants"]] == [(str(held.uuid), "ended")]
    assert body["grants"][0]["producer"]["name"] == "Cooperativa Minera La Esperanza"
    assert call(client_for(world, "vera"), "GET", "/sharing/mine").json() == {"requests": [], "grants": []}


def test_the_directory_is_public_and_withholds_what_the_producer_tightened(world: World) -> None:
    b.listed(world)
    b.listed(world, "kalimbi")
    b.tighten(world, "producer.region", "confidential", producer_key="kalimbi")
    body = call(Client(), "GET", "/directory").json()
    assert (body["count"], body["limit"], body["offset"]) == (2, 20, 0)
    esperanza, kalimbi = body["items"]
    assert esperanza == {
        "uuid": str(world.producers["esperanza"].uuid),
        "name": "Cooperativa Minera La Esperanza",
        "country": "CO",
        "subdivision": "CO-CAU",
        "municipality": "Suárez",
        "commodities": ["gold"],
        "outcome": None,
        "passport_status": "none",
        "withheld": {},
    }
    assert (kalimbi["country"], kalimbi["subdivision"], kalimbi["municipality"]) == (None, None, None)
    assert kalimbi["commodities"] == ["tin"]
    assert list(kalimbi["withheld"]) == ["producer.region"]
    assert kalimbi["withheld"]["producer.region"].startswith("Withheld:")
    spanish = call(Client(), "GET", "/directory?country=CD", HTTP_ACCEPT_LANGUAGE="es").json()
    assert spanish["count"] == 0  # kalimbi does not show its country: the filter does not find it
    spanish = call(Client(), "GET", "/directory?commodity=tin", HTTP_ACCEPT_LANGUAGE="es").json()
    assert spanish["items"][0]["withheld"]["producer.region"].startswith("No compartido:")


def test_the_directory_pages_with_limit_and_offset(world: World) -> None:
    b.listed(world)
    b.listed(world, "kalimbi")
    body = call(Client(), "GET", "/directory?limit=1&offset=1").json()
    assert (body["count"], [i["name"] for i in body["items"]]) == (2, ["Groupe des creuseurs de Kalimbi"])
    assert call(Client(), "GET", "/directory?limit=0").status_code == 422


def test_reading_sharing_costs_the_same_queries_whatever_the_number_of_grants_and_requests(world: World) -> None:
    alice, bob = client_for(world, "alice"), client_for(world, "bob")

    def queries(client: Client, path: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert call(client, "GET", path).status_code == 200
        return len(captured)

    b.grant(world, "refiner")
    b.request(world, "refiner")
    few = (queries(alice, esperanza_path(world, "/sharing")), queries(bob, "/sharing/mine"))
    b.grant(world, "refiner", audience="prospective_partner", purposes=["sourcing"])
    b.grant(world, "checkers")
    b.request(world, "checkers")
    b.request(world, "refiner", "kalimbi")
    b.grant(world, "refiner", "kalimbi")
    assert (queries(alice, esperanza_path(world, "/sharing")), queries(bob, "/sharing/mine")) == few


def test_tightening_the_name_is_refused_through_the_api_and_nothing_changes(world: World) -> None:
    refused = call(
        client_for(world, "alice"), "PUT", esperanza_path(world, "/fields/producer.name"), {"sensitivity": "partners"}
    )
    assert refused.status_code == 422
    [error] = refused.json()["error"]["fields"]
    assert error["field"] == "sensitivity"
    assert "Your name stays visible to those who may know you" in error["message"]
    assert not FieldSetting.objects.exists()


def test_my_access_names_each_producer_whatever_was_stored_for_its_name(world: World) -> None:
    b.tighten(world, "producer.name", "partners")  # stored before the name became fixed: ignored
    b.request(world, "checkers")
    vera = call(client_for(world, "vera"), "GET", "/sharing/mine").json()["requests"][0]["producer"]
    assert vera == {"uuid": str(world.producers["esperanza"].uuid), "name": "Cooperativa Minera La Esperanza"}
