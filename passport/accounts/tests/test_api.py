"""GET /me, /organisations and /organisations/{uuid}: for people (session) and tokens (bearer)."""

from __future__ import annotations

import uuid

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from passport.accounts.models import Membership, Organisation
from tests.world import World, bearer

from .builders import ALL_USERS, api_token

pytestmark = pytest.mark.django_db


def test_me_without_credentials_is_401(client: Client) -> None:
    response = client.get("/api/v1/me")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "unauthenticated"


@pytest.mark.parametrize("name", ALL_USERS)
def test_me_describes_the_signed_in_person(world: World, signed_in, name: str) -> None:  # type: ignore[no-untyped-def]
    body = signed_in(name).get("/api/v1/me").json()
    actor = world.actor(name)
    assert body["user"]["email"] == f"{name}@example.org"
    assert body["organisation"]["uuid"] == str(actor.organisation.uuid)
    assert body["role"] == actor.role
    assert body["scopes"] is None
    assert body["token"] is None


def test_me_describes_a_token(world: World, client: Client) -> None:
    token, secret = api_token(world, scopes=("producers:write", "producers:read"))
    body = client.get("/api/v1/me", **bearer(secret)).json()
    assert body["user"] is None
    assert body["organisation"]["name"] == "Cooperativa Minera La Esperanza"
    assert body["role"] == "member"
    assert body["scopes"] == ["producers:read", "producers:write"]
    assert body["token"] == {"uuid": str(token.uuid), "prefix": token.prefix}


@pytest.mark.parametrize("name", ALL_USERS)
def test_organisations_lists_a_persons_own_with_their_role(world: World, signed_in, name: str) -> None:  # type: ignore[no-untyped-def]
    if name != "stella":
        Membership.objects.create(user=world.users[name], organisation=world.orgs["steward"], role="viewer")
    body = signed_in(name).get("/api/v1/organisations").json()
    got = {item["name"]: item["role"] for item in body["items"]}
    expected = {world.actor(name).organisation.name: world.actor(name).role, "Standard Steward": "owner"}
    if name != "stella":
        expected["Standard Steward"] = "viewer"
    assert got == expected
    assert body["count"] == len(expected)


def test_organisations_for_a_token_is_its_own(world: World, client: Client) -> None:
    _token, secret = api_token(world, by="oscar")
    body = client.get("/api/v1/organisations", **bearer(secret)).json()
    assert [(i["name"], i["role"]) for i in body["items"]] == [("Groupe des creuseurs de Kalimbi", "member")]


def test_organisations_is_paginated(world: World, signed_in) -> None:  # type: ignore[no-untyped-def]
    for i in range(5):
        org = Organisation.objects.create(name=f"Org {i}", kind="buyer")
        Membership.objects.create(user=world.users["bob"], organisation=org, role="member")
    body = signed_in("bob").get("/api/v1/organisations?limit=2&offset=2").json()
    assert body["count"] == 6
    assert [i["name"] for i in body["items"]] == ["Org 2", "Org 3"]  # by name: Org 0…4, then Refinería


def test_organisations_makes_the_same_queries_for_ten_times_the_rows(world: World, signed_in) -> None:  # type: ignore[no-untyped-def]
    client = signed_in("bob")

    def add(count: int) -> None:
        for _ in range(count):
            org = Organisation.objects.create(name=f"Org {uuid.uuid4()}", kind="buyer")
            Membership.objects.create(user=world.users["bob"], organisation=org, role="viewer")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            response = client.get("/api/v1/organisations?limit=100")
        assert response.status_code == 200
        return len(captured)

    add(2)
    few = queries()
    add(27)
    assert queries() == few
    assert client.get("/api/v1/organisations?limit=100").json()["count"] == 30


@pytest.mark.parametrize("name", ALL_USERS)
def test_an_organisation_is_found_only_by_its_members(world: World, signed_in, name: str) -> None:  # type: ignore[no-untyped-def]
    client = signed_in(name)
    esperanza = world.orgs["esperanza"]
    response = client.get(f"/api/v1/organisations/{esperanza.uuid}")
    if world.actor(name).organisation == esperanza:
        assert response.status_code == 200
        assert response.json() == {
            "uuid": str(esperanza.uuid),
            "name": esperanza.name,
            "kind": "producer",
            "country": "CO",
            "role": world.actor(name).role,
        }
    else:
        assert response.status_code == 404
        assert response.json()["error"]["code"] == "not_found"


def test_a_token_finds_only_its_own_organisation(world: World, client: Client) -> None:
    _token, secret = api_token(world, by="alice")
    assert client.get(f"/api/v1/organisations/{world.orgs['esperanza'].uuid}", **bearer(secret)).status_code == 200
    assert client.get(f"/api/v1/organisations/{world.orgs['kalimbi'].uuid}", **bearer(secret)).status_code == 404


def test_an_organisation_id_that_is_not_a_uuid_is_invalid(world: World, signed_in) -> None:  # type: ignore[no-untyped-def]
    response = signed_in("alice").get("/api/v1/organisations/42")
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"].endswith("organisation_uuid")


def test_the_endpoints_are_documented_under_organisations(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    operations = {
        op["operationId"]: op["tags"]
        for path in schema["paths"].values()
        for op in path.values()
        if "operationId" in op
    }
    for name in ("get_me", "list_organisations", "get_organisation"):
        assert operations[name] == ["organisations"]
