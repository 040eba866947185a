"""Running an app's route table: each app keeps ``ROUTES`` in ``passport/<app>/tests/routes.py``
(route name → ``kwargs(world)``, ``allowed``, ``forbidden``, and for POST-only routes
``method="post"`` with ``data(world)``); its ``test_routes.py`` runs them through these helpers,
so every table is read the same way.

- a person in ``allowed`` gets the page or is sent on (below 400: a POST redirects, and so does
  a registration page for someone already registered);
- a person in ``forbidden`` gets 403 (may know the object exists, may not do this);
- everyone else gets 404 (may not know it exists);
- a signed-out visitor is sent to sign in.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from tests.world import World

Spec = dict[str, Any]


def open_route(client: Client, world: World, route: str, spec: Spec) -> HttpResponse:
    url = reverse(route, kwargs=spec["kwargs"](world))
    if spec.get("method") == "post":
        return client.post(url, spec["data"](world))  # type: ignore[no-any-return]
    return client.get(url)  # type: ignore[no-any-return]


def check_person(client: Client, world: World, route: str, spec: Spec, name: str) -> None:
    client.force_login(world.users[name])
    status = open_route(client, world, route, spec).status_code
    if name in spec["allowed"]:
        assert status < 400, (route, name, status)
    elif name in spec.get("forbidden", ()):
        assert status == 403, (route, name, status)
    else:
        assert status == 404, (route, name, status)


def check_signed_out(client: Client, world: World, route: str, spec: Spec) -> None:
    response = open_route(client, world, route, spec)
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def check_get_refused(client: Client, world: World, route: str, spec: Spec) -> None:
    """A POST-only route answers a GET with 405."""
    client.force_login(world.users["alice"])
    assert client.get(reverse(route, kwargs=spec["kwargs"](world))).status_code == 405
