"""Every registry route × every person of the world, from the table in ``routes.py``."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.route_tables import check_get_refused, check_person, check_signed_out
from tests.world import World

from . import builders as b
from .routes import ROUTES, after_sharing, share

CASES = [(route, name) for route in ROUTES for name in b.EVERYONE]


def test_the_table_names_every_route_of_the_app() -> None:
    from passport.producers.urls import urlpatterns  # noqa: PLC0415

    assert {f"producers:{p.name}" for p in urlpatterns} == set(ROUTES)


@pytest.mark.parametrize(("route", "name"), CASES, ids=[f"{r}-{n}" for r, n in CASES])
def test_each_person_gets_what_the_table_says(world: World, client: Client, route: str, name: str) -> None:
    check_person(client, world, route, ROUTES[route], name)


@pytest.mark.parametrize(("route", "name"), CASES, ids=[f"{r}-{n}" for r, n in CASES])
def test_each_person_gets_what_the_table_says_once_the_producer_has_shared(
    world: World, client: Client, route: str, name: str
) -> None:
    share(world)
    check_person(client, world, route, after_sharing(ROUTES[route]), name)


@pytest.mark.parametrize("route", [r for r, spec in ROUTES.items() if spec.get("method") == "post"])
def test_post_only_routes_refuse_get(world: World, client: Client, route: str) -> None:
    check_get_refused(client, world, route, ROUTES[route])


@pytest.mark.parametrize("route", list(ROUTES))
def test_signed_out_visitors_are_sent_to_sign_in(world: World, client: Client, route: str) -> None:
    check_signed_out(client, world, route, ROUTES[route])
