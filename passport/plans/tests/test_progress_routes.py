"""Every progress page × every person of the world, from the table in ``progress_routes.py``."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.world import PEOPLE, World

from .progress_routes import ROUTES

CASES = [(route, name) for route in ROUTES for name in sorted(PEOPLE)]


def test_the_table_names_every_progress_page() -> None:
    from passport.plans.progress_urls import urlpatterns  # noqa: PLC0415

    assert {f"plans:{p.name}" for p in urlpatterns} == set(ROUTES)


@pytest.mark.parametrize(("route", "name"), CASES, ids=[f"{r}-{n}" for r, n in CASES])
def test_each_person_gets_what_the_table_says(world: World, client: Client, route: str, name: str) -> None:
    spec = ROUTES[route]
    url = reverse(route, kwargs=spec["kwargs"](world))
    client.force_login(world.users[name])
    status = client.get(url).status_code
    if name in spec["allowed"]:
        assert status == 200
    elif name in spec["forbidden"]:
        assert status == 403
    else:
        assert status == 404


@pytest.mark.parametrize("route", list(ROUTES))
def test_signed_out_visitors_are_sent_to_sign_in(world: World, client: Client, route: str) -> None:
    url = reverse(route, kwargs=ROUTES[route]["kwargs"](world))
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]
