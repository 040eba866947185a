"""Every sharing page × every person of the world, from the table in ``routes.py``."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.route_tables import check_get_refused, check_person, check_signed_out
from tests.world import PEOPLE, World

from .routes import ROUTES

CASES = [(route, name) for route in ROUTES for name in sorted(PEOPLE)]


def test_the_table_names_every_sharing_page() -> None:
    from passport.sharing.urls import urlpatterns  # noqa: PLC0415

    assert {f"sharing:{p.name}" for p in urlpatterns} == set(ROUTES)


@pytest.mark.parametrize(("route", "name"), CASES, ids=[f"{r}-{n}" for r, n in CASES])
def test_each_person_gets_what_the_table_says(world: World, client: Client, route: str, name: str) -> None:
    check_person(client, world, route, ROUTES[route], name)


@pytest.mark.parametrize("route", [r for r, spec in ROUTES.items() if spec.get("method") == "post"])
def test_post_only_routes_refuse_get(world: World, client: Client, route: str) -> None:
    check_get_refused(client, world, route, ROUTES[route])


@pytest.mark.parametrize("route", [r for r, spec in ROUTES.items() if not spec.get("public")])
def test_signed_out_visitors_are_sent_to_sign_in(world: World, client: Client, route: str) -> None:
    check_signed_out(client, world, route, ROUTES[route])


@pytest.mark.parametrize("route", [r for r, spec in ROUTES.items() if spec.get("public")])
def test_public_pages_open_to_signed_out_visitors(world: World, client: Client, route: str) -> None:
    spec = ROUTES[route]
    response = client.get(reverse(route, kwargs=spec["kwargs"](world)))
    assert response.status_code == 200
    assert "Cooperativa Minera La Esperanza" in response.content.decode()


def test_malformed_or_unknown_uuids_are_not_found(world: World, client: Client) -> None:
    client.force_login(world.users["alice"])
    unknown = "6f1c1d7e-0000-4000-8000-000000000000"
    assert client.get(f"/sharing/{unknown}/").status_code == 404
    assert client.get(f"/sharing/{unknown}/log/").status_code == 404
    assert client.post(f"/sharing/requests/{unknown}/answer/", {"decision": "accept"}).status_code == 404
    assert client.post(f"/sharing/grants/{unknown}/revoke/").status_code == 404
    assert client.get("/sharing/not-a-uuid/").status_code == 404
