"""Every accounts route × every person of the world (and a visitor), from ``routes.py``."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import get_resolver, reverse

from tests.world import World

from .routes import ROUTES, SIGNED_IN

pytestmark = pytest.mark.django_db

CALLERS = [*sorted(SIGNED_IN), "anonymous"]


def test_the_table_names_every_accounts_route() -> None:
    accounts = {key.removeprefix("accounts:") for key in _namespaced("accounts")}
    assert accounts == set(ROUTES)


def _namespaced(namespace: str) -> set[str]:
    _prefix, resolver = get_resolver().namespace_dict[namespace]
    return {f"{namespace}:{name}" for name in resolver.reverse_dict if isinstance(name, str)}


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("route", sorted(ROUTES))
def test_each_route_answers_each_caller_as_the_table_says(
    world: World, client: Client, route: str, caller: str
) -> None:
    spec = ROUTES[route]
    url = reverse(f"accounts:{route}", kwargs=spec["kwargs"](world))
    if caller != "anonymous":
        client.force_login(world.users[caller])
    if spec.get("method", "GET") == "POST":
        response = client.post(url, spec.get("data", lambda w: {})(world))
    else:
        response = client.get(url)
    to_login = response.status_code == 302 and response["Location"].startswith(reverse("accounts:login") + "?")
    succeeded = (response.status_code < 300 or response.status_code == 302) and not to_login
    if caller in spec["allowed"]:
        assert succeeded, (response.status_code, response.get("Location"))
    else:
        assert to_login if caller == "anonymous" else response.status_code in {403, 404}, response.status_code
