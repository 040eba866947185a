"""Producer lists: which producers each actor finds, searching and paging, and the plain-SQL page
agreeing with the ORM search (public fields a producer tightened: ``test_sharing``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from passport.engine import PLATFORM_FIELDS
from passport.producers import listing
from passport.producers.models import AssessorAuthorisation, Producer
from passport.sharing.models import Grant
from passport.sharing.policy import lens_for
from passport.sharing.tests import builders as sharing
from tests.world import World

from . import builders as b


@pytest.mark.parametrize(
    ("name", "expected_producers"),
    [
        ("alice", ["Cooperativa Minera La Esperanza"]),
        ("victor", ["Cooperativa Minera La Esperanza"]),
        ("oscar", ["Groupe des creuseurs de Kalimbi"]),
        ("fran", ["Cooperativa Minera La Esperanza"]),
        ("bob", []),  # no grant: see test_the_list_adds_producers_that_granted_access
        ("vera", []),
        ("ana", []),
        ("stella", []),
    ],
)
def test_the_list_shows_only_producers_the_actor_may_open(world: World, name: str, expected_producers: list) -> None:
    page = listing.list_producers(actor=world.actor(name))
    assert [p.name for p in page.object_list] == expected_producers


def test_the_list_adds_producers_that_granted_access_until_the_grant_ends_or_is_revoked(world: World) -> None:
    today = dt.date.today()
    grant = sharing.grant(world, "refiner")
    assert [p.name for p in listing.list_producers(actor=world.actor("bob")).object_list] == [
        "Cooperativa Minera La Esperanza"
    ]
    Grant.objects.filter(pk=grant.pk).update(revoked_on=today)
    assert listing.list_producers(actor=world.actor("bob")).object_list == []
    sharing.grant(world, "refiner", granted_on=today - dt.timedelta(days=30), until=today - dt.timedelta(days=5))
    assert listing.list_producers(actor=world.actor("bob")).object_list == []
    sharing.listed(world)  # the directory is another page: a listing adds nothing to this one
    sharing.request(world, "checkers")
    assert listing.list_producers(actor=world.actor("vera")).object_list == []


def test_the_list_searches_by_name_and_filters_by_country(world: World) -> None:
    b.producers_authorising(world, "field", 3)
    fran = world.actor("fran")
    assert len(listing.list_producers(actor=fran).object_list) == 4
    assert [p.name for p in listing.list_producers(actor=fran, query="0002").object_list] == ["Producer 0002"]
    assert len(listing.list_producers(actor=fran, country="co").object_list) == 1
    assert len(listing.list_producers(actor=fran, country="PE").object_list) == 3


def test_the_list_pages_fifty_at_a_time(world: World) -> None:
    b.producers_authorising(world, "field", 60)
    fran = world.actor("fran")
    first, second = listing.list_producers(actor=fran, page=1), listing.list_producers(actor=fran, page=2)
    assert (len(first.object_list), first.has_next, first.has_previous) == (50, True, False)
    assert (len(second.object_list), second.has_next, second.has_previous) == (11, False, True)
    assert listing.list_producers(actor=fran, page="x").number == 1


@pytest.mark.parametrize("who", ["alice", "fran", "bob", "oscar"])
@pytest.mark.parametrize(("query", "country"), [("", ""), ("0001", ""), ("producer 00", "pe"), ("", "CO"), ("%_", "")])
def test_the_list_shows_the_same_producers_as_the_search_in_the_same_order(
    world: World, who: str, query: str, country: str
) -> None:
    """``list_producers`` runs its own SQL; it must agree with the ORM's ``search_producers``."""
    b.producers_authorising(world, "field", 55)
    b.producers_authorising(world, "refiner", 3, start=100)
    AssessorAuthorisation.objects.filter(producer__organisation__name="Producer 0007").update(revoked_at=timezone.now())
    # Grants: one active, one revoked, one ended long ago.
    for name, terms in [
        ("Producer 0003", {}),
        ("Producer 0004", {"revoked_on": dt.date.today()}),
        ("Producer 0005", {"until": dt.date.today() - dt.timedelta(days=10)}),
    ]:
        Grant.objects.create(
            producer=Producer.objects.get(organisation__name=name),
            organisation=world.orgs["refiner"],
            audience="actual_partner",
            purposes=["due_diligence"],
            granted_on=dt.date.today() - dt.timedelta(days=30),
            **terms,
        )
    actor = world.actor(who)
    expected = [p.uuid for p in listing.search_producers(actor=actor, query=query, country=country)]
    listed = [
        row.uuid
        for page in (1, 2, 3)
        for row in listing.list_producers(actor=actor, query=query, country=country, page=page).object_list
    ]
    assert listed == expected


@pytest.mark.parametrize(
    ("who", "setup"),
    [
        ("alice", lambda w: None),
        ("fran", lambda w: None),
        ("bob", lambda w: sharing.grant(w, "refiner")),
        ("bob", lambda w: sharing.grant(w, "refiner", audience="prospective_partner", purposes=["sourcing"])),
        ("bob", lambda w: sharing.grant(w, "refiner", granted_on=dt.date(2025, 1, 1), until=dt.date(2025, 6, 1))),
        ("bob", lambda w: sharing.grant(w, "refiner", granted_on=dt.date(2025, 1, 1), revoked_on=dt.date(2025, 2, 1))),
        ("bob", lambda w: b.authorise(w, "esperanza", "refiner") and sharing.grant(w, "refiner")),
        ("vera", lambda w: sharing.grant(w, "checkers")),
        ("ana", lambda w: sharing.grant(w, "ministry")),
        ("ana", lambda w: sharing.grant(w, "ministry", purposes=["due_diligence"], audience="actual_partner")),
    ],
    ids=[
        "own",
        "facilitator",
        "partner",
        "prospective",
        "expired",
        "revoked",
        "authorised",
        "verifier",
        "authority",
        "authority-as-partner",
    ],
)
def test_the_lists_lenses_decide_as_lens_for_does(world: World, who: str, setup: Any) -> None:
    setup(world)
    sharing.tighten(world, "producer.region", "partners")
    sharing.tighten(world, "titles", "confidential")
    producer = world.producers["esperanza"]
    actor = world.actor(who)
    (built,) = listing._public_lenses(actor, [producer.pk, world.producers["kalimbi"].pk]).values()
    expected = lens_for(actor, producer)
    assert (built.audience, built.purpose, built.grant, built.inside) == (
        expected.audience,
        expected.purpose,
        expected.grant,
        expected.inside,
    )
    assert dict(built.settings) == dict(expected.settings)
    for key in PLATFORM_FIELDS:
        assert built.decision(key) == expected.decision(key), key
