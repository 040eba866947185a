"""Guessing another producer's uuids reveals nothing (issue 5, "object-reference tests").

Every page and API operation whose path holds a uuid is enumerated from the URL patterns and the
OpenAPI document (``sharing_world.pages``/``operations``), so a new one is covered as soon as it
exists — or fails here, naming the object to add to ``sharing_world.OBJECT_FOR``.

- a uuid nobody holds answers 404 for everyone signed in, the producer's own people included;
- kalimbi's objects, opened by esperanza's people, esperanza's facilitator and the organisations
  esperanza granted access (Bob, Vera), answer 404 — never 403, which would say the object
  exists — and the answer holds none of kalimbi's planted values.

Pages and operations about an organisation's own affairs rather than a producer's data (its
members, invitations, API tokens, a person's notifications, ``get_organisation``) may check the
actor's role before looking the object up (a member asking to remove someone gets 403 whatever
the uuid): for them the rule is the same in substance — another organisation's object answers
exactly as a uuid nobody holds, and never with success.

Each request runs in a savepoint that is rolled back, so a write that wrongly succeeded changes
nothing for the next one; the mismatches of every route are reported together.
"""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.db import transaction
from django.test import Client

from tests.web import sharing_world as sw
from tests.world import World

# Who opens kalimbi's objects: esperanza's people, its facilitator, and holders of esperanza's grants.
STRANGERS_TO_KALIMBI = ("alice", "mateo", "maria", "victor", "fran", "bob", "vera")
SIGNED_IN = [seat.user for seat in sw.AUDIENCES.values() if seat.user is not None]


@pytest.fixture
def esperanza(db: None) -> tuple[World, dict[str, Any]]:
    """The sharing world, esperanza listed (every organisation may know it), its data planted."""
    world = sw.build_sharing_world(listed=True)
    objects = sw.plant(world, "esperanza", partner="field")
    objects.update(sw.sharing_rows(world, "esperanza", "steward"))
    return world, objects


@pytest.fixture
def kalimbi(db: None) -> tuple[World, dict[str, Any]]:
    """The sharing world with kalimbi's data planted; its plan is with the steward, whom nobody
    opening it here belongs to."""
    world = sw.build_sharing_world()
    objects = sw.plant(world, "kalimbi", partner="steward")
    objects.update(sw.sharing_rows(world, "kalimbi", "steward"))
    return world, objects


def uuid_routes() -> list[sw.Route]:
    routes = [*sw.pages().values(), *sw.operations().values()]
    return sorted((r for r in routes if r.uuid_params), key=lambda r: (r.api, r.name))


def _request(client: Client, world: World, route: sw.Route, url: str, objects: dict[str, Any]) -> tuple[str, Any]:
    """The method used (a POST-only page is posted its table's data) and the response."""
    method = route.method
    with transaction.atomic():
        if route.api:
            body = sw.api_body(route, world, objects) if route.method != "GET" else ""
            response = client.generic(route.method, url, body, content_type="application/json")
        else:
            response = client.get(url)
            if response.status_code == 405:
                method = "POST"
                response = client.post(url, sw.post_data(route, world, objects))
        transaction.set_rollback(True)
    return method, response


def _about_a_producer(route: sw.Route) -> bool:
    return sw.about_a_producer(route) and route.name != "get_organisation"


def _with(route: sw.Route, objects: dict[str, Any], **replaced: str) -> str:
    values = {
        p: str(getattr(objects[route.objects_for(p)[0]], "uuid", objects[route.objects_for(p)[0]]))
        for p in route.params
    }
    values.update(replaced)
    return route.template.format(**values)


# --- The tests ----------------------------------------------------------------------------------


def test_every_route_with_a_uuid_names_an_object_these_tests_build() -> None:
    missing = []
    for route in uuid_routes():
        for param in route.params:
            try:
                route.objects_for(param)
            except LookupError as error:
                missing.append(str(error))
    assert missing == [], "\n".join(missing)


@pytest.mark.parametrize("route", uuid_routes(), ids=lambda r: r.name)
def test_a_uuid_nobody_holds_is_not_found_for_everyone_signed_in(
    esperanza: tuple[World, dict[str, Any]], client: Client, route: sw.Route
) -> None:
    """Each uuid of the path in turn is replaced by a random one; the others name esperanza's
    objects, which every viewer here may know (esperanza is listed)."""
    world, objects = esperanza
    wrong = []
    for param in route.uuid_params:
        url = _with(route, objects, **{param: str(uuid.uuid4())})
        for who in SIGNED_IN:
            client.force_login(world.users[who])
            method, response = _request(client, world, route, url, objects)
            status = response.status_code
            if status != 404 and (_about_a_producer(route) or status < 400):
                wrong.append(f"{who}: {method} {url} ({param} random) answered {status}, not 404")
    assert wrong == [], "\n".join(wrong)


@pytest.mark.parametrize("route", uuid_routes(), ids=lambda r: r.name)
def test_another_producers_objects_are_not_found_and_show_nothing(
    kalimbi: tuple[World, dict[str, Any]], client: Client, route: sw.Route
) -> None:
    world, objects = kalimbi
    values = sw.canaries("kalimbi").values()
    wrong = []
    for url in route.urls(objects):
        for who in STRANGERS_TO_KALIMBI:
            client.force_login(world.users[who])
            method, response = _request(client, world, route, url, objects)
            status = response.status_code
            if _about_a_producer(route):
                expected = 404
            else:  # answers as a uuid nobody holds
                random = _with(route, objects, **{p: str(uuid.uuid4()) for p in route.uuid_params})
                expected = _request(client, world, route, random, objects)[1].status_code
            if status != expected or status < 400:
                wrong.append(f"{who}: {method} {url} answered {status}, not {expected}")
            content = sw.body(response)
            shown = [c.what for c in values if c.found_in(content)]
            if shown:
                wrong.append(f"{who}: {method} {url} shows kalimbi's {', '.join(shown)}")
    assert wrong == [], "\n".join(wrong)
