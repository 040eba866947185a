"""Lists make the same number of queries with 10 rows as with 100."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from passport.accounts.models import Organisation
from passport.producers.models import AssessorAuthorisation, Producer
from passport.sharing.models import FieldSetting, Grant
from passport.sharing.tests import builders as sharing
from tests.world import World

from . import builders as b


def queries(client: Client, url: str, **headers: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(captured)


def esperanza(world: World) -> Producer:
    return world.producers["esperanza"]


def test_the_producer_list_page_makes_constant_queries(world: World, client: Client) -> None:
    client.force_login(world.users["fran"])
    b.producers_authorising(world, "field", 9)  # 10 visible with Esperanza
    few = queries(client, reverse("producers:list"))
    b.producers_authorising(world, "field", 90, start=9)  # 100 visible: two pages of 50
    assert queries(client, reverse("producers:list")) == few
    assert queries(client, reverse("producers:list") + "?page=2") == few


def test_the_producer_list_endpoint_makes_constant_queries(world: World, client: Client) -> None:
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {b.token(world, 'field', 'producers:read')}"}
    b.producers_authorising(world, "field", 9)
    client.get("/api/v1/producers", **bearer)  # the token's first use records when it was used
    few = queries(client, "/api/v1/producers", **bearer)
    b.producers_authorising(world, "field", 90, start=9)
    assert queries(client, "/api/v1/producers", **bearer) == few


def _titles(world: World, n: int) -> None:
    for i in range(n):
        b.title(esperanza(world), f"T-{i}-{n}")


def _sites(world: World, n: int) -> None:
    for i in range(n):
        b.site(esperanza(world), f"Site {i}-{n}")


def _members(world: World, n: int) -> None:
    at = b.site(esperanza(world), f"Home {n}")
    for i in range(n):
        b.member(esperanza(world), f"Member {i}-{n}", site=at if i % 2 else None)


def _shared(add_rows: Callable[[World, int], None]) -> Callable[[World, int], None]:
    """``add_rows`` for a reader outside the producer: Bob's refinery holds a partner grant."""

    def add(world: World, n: int) -> None:
        if not Grant.objects.filter(organisation=world.orgs["refiner"]).exists():
            sharing.grant(world, "refiner")
        add_rows(world, n)

    return add


def _committee(world: World, n: int) -> None:
    committee = esperanza(world).sites.get(name="Committee site").committee
    for i in range(n):
        seat_holder = b.member(esperanza(world), f"Seated {i}-{n}")
        committee.seats.create(member=seat_holder, role="vocal")
        committee.meetings.create(held_on="2025-01-01", attendees=i, minutes="…")
        b.member(esperanza(world), f"Candidate {i}-{n}")


def _authorisations(world: World, n: int) -> None:
    for i in range(n):
        org = Organisation.objects.create(name=f"Buyer {i}-{n}", kind="buyer")
        grant = AssessorAuthorisation.objects.create(producer=esperanza(world), organisation=org)
        if i % 2:
            AssessorAuthorisation.objects.filter(pk=grant.pk).update(revoked_at="2025-01-01T00:00Z")


def _committee_url(world: World) -> str:
    at = b.site(esperanza(world), "Committee site")
    b.committee(at)
    return reverse("producers:committee", args=[at.uuid])


PAGES: dict[str, tuple[Callable[[World], str], Callable[[World, int], None], str]] = {
    "detail": (lambda w: reverse("producers:detail", args=[esperanza(w).uuid]), _titles, "alice"),
    "detail-sites": (lambda w: reverse("producers:detail", args=[esperanza(w).uuid]), _sites, "fran"),
    "titles": (lambda w: reverse("producers:titles", args=[esperanza(w).uuid]), _titles, "alice"),
    "sites": (lambda w: reverse("producers:sites", args=[esperanza(w).uuid]), _sites, "maria"),
    "members": (lambda w: reverse("producers:members", args=[esperanza(w).uuid]), _members, "alice"),
    "members-facilitator": (lambda w: reverse("producers:members", args=[esperanza(w).uuid]), _members, "fran"),
    "committee": (_committee_url, _committee, "maria"),
    "committee-facilitator": (_committee_url, _committee, "fran"),
    "authorisations": (
        lambda w: reverse("producers:authorisations", args=[esperanza(w).uuid]),
        _authorisations,
        "alice",
    ),
    "api-sites": (lambda w: f"/api/v1/producers/{esperanza(w).uuid}/sites", _sites, "victor"),
    "detail-partner": (lambda w: reverse("producers:detail", args=[esperanza(w).uuid]), _shared(_titles), "bob"),
    "sites-partner": (lambda w: reverse("producers:sites", args=[esperanza(w).uuid]), _shared(_sites), "bob"),
    "members-partner": (lambda w: reverse("producers:members", args=[esperanza(w).uuid]), _shared(_members), "bob"),
    "api-detail-partner": (lambda w: f"/api/v1/producers/{esperanza(w).uuid}", _shared(_sites), "bob"),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_registry_lists_make_constant_queries(world: World, client: Client, page: str) -> None:
    make_url, add_rows, name = PAGES[page]
    client.force_login(world.users[name])
    url = make_url(world)
    add_rows(world, 10)
    few = queries(client, url)
    add_rows(world, 90)
    assert queries(client, url) == few


def _tightening(world: World, org_key: str, count: int, start: int) -> None:
    """``count`` more producers that authorised ``org_key``, granted it access and tightened a
    public field (each needs its own lens on the list)."""
    b.producers_authorising(world, org_key, count, start=start)
    for producer in Producer.objects.filter(organisation__name__startswith="Producer ", field_settings=None):
        FieldSetting.objects.create(producer=producer, key="producer.region", sensitivity="partners")
        Grant.objects.create(
            producer=producer,
            organisation=world.orgs[org_key],
            audience="actual_partner",
            purposes=["due_diligence"],
            granted_on=dt.date(2026, 1, 1),
        )


@pytest.mark.parametrize("who", ["fran", "bob"])
def test_the_list_builds_the_lenses_of_producers_that_tightened_a_public_field_in_constant_queries(
    world: World, client: Client, who: str
) -> None:
    org_key = {"fran": "field", "bob": "refiner"}[who]
    client.force_login(world.users[who])
    bearer = {"HTTP_AUTHORIZATION": f"Bearer {b.token(world, org_key, 'producers:read')}"}
    client.get("/api/v1/producers", **bearer)  # the token's first use records when it was used
    _tightening(world, org_key, 2, start=0)
    few = (queries(client, reverse("producers:list")), queries(client, "/api/v1/producers", **bearer))
    _tightening(world, org_key, 8, start=2)  # five times as many
    assert Producer.objects.filter(field_settings__key="producer.region").count() == 10
    assert (queries(client, reverse("producers:list")), queries(client, "/api/v1/producers", **bearer)) == few
