"""The registry API with a bearer token and with a browser session."""

from __future__ import annotations

import pytest
from django.test import Client

from passport.audit.models import AuditEntry
from passport.producers.models import Producer, Site
from passport.sharing.tests import builders as sharing
from tests.world import World, bearer

from . import builders as b

API = "/api/v1"


def esperanza(world: World) -> Producer:
    return world.producers["esperanza"]


def test_it_lists_the_producers_a_token_may_open(world: World, client: Client) -> None:
    secret = b.token(world, "field", "producers:read")
    response = client.get(f"{API}/producers", **bearer(secret))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["items"][0]["name"] == "Cooperativa Minera La Esperanza"
    assert body["items"][0]["uuid"] == str(esperanza(world).uuid)
    assert body["items"][0] == {
        "uuid": str(esperanza(world).uuid),
        "name": "Cooperativa Minera La Esperanza",
        "commodities": ["gold"],
        "country": "CO",
        "subdivision": "CO-CAU",
        "municipality": "Suárez",
        "withheld": {},
    }


def test_the_list_pages_with_limit_and_offset(world: World, client: Client) -> None:
    b.producers_authorising(world, "field", 5)
    secret = b.token(world, "field", "producers:read")
    body = client.get(f"{API}/producers", {"limit": 2, "offset": 1}, **bearer(secret)).json()
    assert body["count"] == 6
    assert [item["name"] for item in body["items"]] == ["Producer 0000", "Producer 0001"]
    assert client.get(f"{API}/producers", {"limit": 0}, **bearer(secret)).status_code == 422


def test_it_filters_the_list_by_name_and_country(world: World, client: Client) -> None:
    b.producers_authorising(world, "field", 3)
    secret = b.token(world, "field", "producers:read")
    assert client.get(f"{API}/producers", {"country": "PE"}, **bearer(secret)).json()["count"] == 3
    assert client.get(f"{API}/producers", {"q": "esperanza"}, **bearer(secret)).json()["count"] == 1


def test_it_refuses_a_token_without_the_read_scope(world: World, client: Client) -> None:
    secret = b.token(world, "esperanza", "assessments:read")
    response = client.get(f"{API}/producers/{esperanza(world).uuid}", **bearer(secret))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_it_refuses_callers_without_a_token_or_session(world: World, client: Client) -> None:
    assert client.get(f"{API}/producers").status_code == 401


@pytest.mark.parametrize(
    ("org_key", "status"),
    [("esperanza", 200), ("field", 200), ("kalimbi", 404), ("refiner", 404), ("checkers", 200)],
)
def test_a_producer_is_visible_to_its_own_its_assessors_and_those_that_know_it(
    world: World, client: Client, org_key: str, status: int
) -> None:
    sharing.request(world, "checkers")  # asking for access makes the producer known
    secret = b.token(world, org_key, "producers:read")
    response = client.get(f"{API}/producers/{esperanza(world).uuid}", **bearer(secret))
    assert response.status_code == status


def test_the_detail_gives_a_partner_titles_sites_and_member_counts_but_no_names(world: World, client: Client) -> None:
    grant = sharing.grant(world, "refiner")
    b.title(esperanza(world))
    b.site(esperanza(world))
    b.member(esperanza(world), "Rosa Díaz")
    secret = b.token(world, "refiner", "producers:read")
    body = client.get(f"{API}/producers/{esperanza(world).uuid}", **bearer(secret)).json()
    assert (body["access"], body["audience"], body["purpose"]) == ("known", "actual_partner", "due_diligence")
    assert body["grant"] == str(grant.uuid)
    assert body["titles"][0]["reference"] == "ARE-123"
    assert body["sites"][0]["name"] == "La Quebrada"
    assert body["member_counts"] == {"total": 1, "by_role": {"panner": 1}, "by_gender": {"woman": 1}}
    assert body["legal_status"] == "in_formalisation"
    assert body["withheld"] == {}
    assert "Rosa" not in str(body)


def test_the_detail_gives_an_authorised_buyer_without_a_grant_public_fields_and_reasons(
    world: World, client: Client
) -> None:
    b.authorise(world, "esperanza", "refiner")
    b.title(esperanza(world))
    secret = b.token(world, "refiner", "producers:read")
    body = client.get(f"{API}/producers/{esperanza(world).uuid}", **bearer(secret)).json()
    assert (body["access"], body["audience"], body["grant"]) == ("assessor", "public", None)
    assert (body["titles"], body["sites"], body["member_counts"], body["legal_status"]) == (None, None, None, None)
    assert set(body["withheld"]) == {"assessment.answers", "titles", "sites.coordinates"}
    assert all(reason.startswith("Withheld:") for reason in body["withheld"].values())
    assert (body["name"], body["commodities"], body["country"]) == ("Cooperativa Minera La Esperanza", ["gold"], "CO")


def test_a_session_registers_a_producer(db: None, client: Client) -> None:
    client.force_login(b.new_producer_organisation("owner"))
    payload = {
        "type": "individual",
        "subtype": "barequero",
        "commodities": ["gold"],
        "methods": ["alluvial"],
        "country": "PE",
        "legal_status": "informal",
    }
    response = client.post(f"{API}/producers", payload, content_type="application/json")
    assert response.status_code == 201
    assert response.json()["subtype"] == "barequero"
    assert response.json()["access"] == "own"
    assert AuditEntry.objects.filter(action="producer.registered").count() == 1


def test_registering_names_the_bad_field(db: None, client: Client) -> None:
    client.force_login(b.new_producer_organisation("owner"))
    payload = {"type": "cooperative", "commodities": ["gold"], "methods": [], "country": "PER", "legal_status": "x"}
    response = client.post(f"{API}/producers", payload, content_type="application/json")
    assert response.status_code == 422
    fields = {f["field"] for f in response.json()["error"]["fields"]}
    assert fields == {"methods", "country", "legal_status"}
    assert not Producer.objects.filter(country="PE").exists()


def test_it_rejects_unknown_fields(world: World, client: Client) -> None:
    client.force_login(world.users["alice"])
    response = client.patch(
        f"{API}/producers/{esperanza(world).uuid}", {"colour": "green"}, content_type="application/json"
    )
    assert response.status_code == 422


def test_a_manager_patches_some_fields_of_the_profile(world: World, client: Client) -> None:
    client.force_login(world.users["mateo"])
    response = client.patch(
        f"{API}/producers/{esperanza(world).uuid}",
        {"municipality": "Buenos Aires", "commodities": ["gold", "gemstones"]},
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert (body["municipality"], body["commodities"], body["subdivision"]) == (
        "Buenos Aires",
        ["gold", "gemstones"],
        "CO-CAU",
    )


@pytest.mark.parametrize(("name", "status"), [("maria", 403), ("fran", 403), ("oscar", 404), ("bob", 404)])
def test_others_may_not_patch_the_profile(world: World, client: Client, name: str, status: int) -> None:
    client.force_login(world.users[name])
    response = client.patch(
        f"{API}/producers/{esperanza(world).uuid}", {"municipality": "X"}, content_type="application/json"
    )
    assert response.status_code == status
    assert Producer.objects.get(pk=esperanza(world).pk).municipality == "Suárez"


def test_a_token_acts_as_a_member_so_it_cannot_change_the_profile(world: World, client: Client) -> None:
    secret = b.token(world, "esperanza", "producers:read", "producers:write")
    response = client.patch(
        f"{API}/producers/{esperanza(world).uuid}",
        {"municipality": "X"},
        content_type="application/json",
        **bearer(secret),
    )
    assert response.status_code == 403


def test_a_token_with_the_write_scope_adds_a_site(world: World, client: Client) -> None:
    secret = b.token(world, "esperanza", "producers:read", "producers:write")
    url = f"{API}/producers/{esperanza(world).uuid}/sites"
    response = client.post(
        url,
        {"name": "El Alto", "latitude": 2.5, "longitude": -76.25},
        content_type="application/json",
        **bearer(secret),
    )
    assert response.status_code == 201
    created = response.json()
    assert (created["latitude"], created["longitude"], created["producer"]) == (2.5, -76.25, str(esperanza(world).uuid))
    listed = client.get(url, **bearer(secret)).json()
    assert [s["name"] for s in listed["items"]] == ["El Alto"]
    assert (listed["count"], listed["withheld"]) == (1, {})
    assert client.get(f"{API}/sites/{created['uuid']}", **bearer(secret)).json()["name"] == "El Alto"


def test_a_token_without_the_write_scope_may_not_add_a_site(world: World, client: Client) -> None:
    secret = b.token(world, "esperanza", "producers:read")
    response = client.post(
        f"{API}/producers/{esperanza(world).uuid}/sites",
        {"name": "El Alto"},
        content_type="application/json",
        **bearer(secret),
    )
    assert response.status_code == 403
    assert not Site.objects.exists()


def test_a_site_out_of_range_names_the_coordinate(world: World, client: Client) -> None:
    client.force_login(world.users["maria"])
    response = client.post(
        f"{API}/producers/{esperanza(world).uuid}/sites",
        {"name": "El Alto", "latitude": 99, "longitude": 1},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert [f["field"] for f in response.json()["error"]["fields"]] == ["latitude"]


def test_a_hidden_site_is_not_found(world: World, client: Client) -> None:
    elsewhere = b.site(world.producers["kalimbi"])
    secret = b.token(world, "esperanza", "producers:read")
    assert client.get(f"{API}/sites/{elsewhere.uuid}", **bearer(secret)).status_code == 404


def test_every_operation_is_tagged_and_named(world: World, client: Client) -> None:
    schema = client.get(f"{API}/openapi.json").json()
    operations = {
        op["operationId"]: op["tags"]
        for methods in schema["paths"].values()
        for op in methods.values()
        if "producers" in op["tags"]
    }
    assert operations == {
        name: ["producers"]
        for name in [
            "list_producers",
            "register_producer",
            "get_producer",
            "update_producer",
            "list_sites",
            "add_site",
            "get_site",
            "list_units",
        ]
    }
