"""Every plan page × every person of the world, from the table in ``routes.py``."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.world import World

from . import builders as b
from .progress_routes import ROUTES as PROGRESS
from .routes import ROUTES

CASES = [(route, name) for route in ROUTES for name in b.EVERYONE]


def test_the_table_names_every_plan_page_outside_the_progress_table() -> None:
    from passport.plans.urls import urlpatterns  # noqa: PLC0415

    assert {f"plans:{p.name}" for p in urlpatterns} - set(PROGRESS) == set(ROUTES)


@pytest.mark.parametrize(("route", "name"), CASES, ids=[f"{r}-{n}" for r, n in CASES])
def test_each_person_gets_what_the_table_says(world: World, client: Client, route: str, name: str) -> None:
    spec = ROUTES[route]
    url = reverse(route, kwargs=spec["kwargs"](world))
    client.force_login(world.users[name])
    response = client.post(url, spec["data"](world)) if spec.get("method") == "post" else client.get(url)
    if name in spec["allowed"]:
        assert response.status_code < 400
    elif name in spec["forbidden"]:
        assert response.status_code == 403
    else:
        assert response.status_code == 404


@pytest.mark.parametrize("route", [r for r, spec in ROUTES.items() if spec.get("method") == "post"])
def test_post_only_routes_refuse_get(world: World, client: Client, route: str) -> None:
    client.force_login(world.users["alice"])
    assert client.get(reverse(route, kwargs=ROUTES[route]["kwargs"](world))).status_code == 405


@pytest.mark.parametrize("route", list(ROUTES))
def test_signed_out_visitors_are_sent_to_sign_in(world: World, client: Client, route: str) -> None:
    spec = ROUTES[route]
    url = reverse(route, kwargs=spec["kwargs"](world))
    response = client.post(url, spec["data"](world)) if spec.get("method") == "post" else client.get(url)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
