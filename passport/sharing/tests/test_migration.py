"""Migration sharing/0002: each active buyer or verifier authorisation becomes a grant with no end
date, from the day it was given, so nobody loses access when assessing and seeing part ways."""

from __future__ import annotations

import datetime as dt
import importlib

from django.apps import apps

from passport.producers.models import AssessorAuthorisation
from passport.sharing.models import Grant
from passport.sharing.policy import lens_for
from tests.world import World

migration = importlib.import_module("passport.sharing.migrations.0002_grants_for_existing_assessors")

GIVEN = dt.datetime(2026, 3, 14, 16, 0, tzinfo=dt.UTC)


def authorise(world: World, org: str, producer: str = "esperanza", **more: object) -> AssessorAuthorisation:
    return AssessorAuthorisation.objects.create(
        producer=world.producers[producer],
        organisation=world.orgs[org],
        granted_by=world.users["alice"],
        granted_at=GIVEN,
        **more,
    )


def test_active_buyer_and_verifier_authorisations_become_open_ended_grants(world: World) -> None:
    authorise(world, "refiner")
    authorise(world, "checkers")
    migration.forwards(apps, None)
    grants = {g.organisation.name: g for g in Grant.objects.select_related("organisation")}
    assert set(grants) == {"Refinería del Sur", "Independent Checks Ltd"}
    buyer, verifier = grants["Refinería del Sur"], grants["Independent Checks Ltd"]
    assert (buyer.audience, buyer.purposes) == ("actual_partner", ["due_diligence"])
    assert (verifier.audience, verifier.purposes) == ("verifier", ["verification"])
    for grant in (buyer, verifier):
        assert (grant.granted_on, grant.until, grant.revoked_on) == (GIVEN.date(), None, None)
        assert (grant.granted_at, grant.granted_by) == (GIVEN, world.users["alice"])
        assert grant.producer == world.producers["esperanza"]
    assert lens_for(world.actor("bob"), world.producers["esperanza"]).shows("titles")


def test_revoked_authorisations_facilitators_and_authorities_get_no_grant(world: World) -> None:
    authorise(world, "checkers", revoked_at=GIVEN + dt.timedelta(days=1))
    authorise(world, "ministry")
    # The world already holds the facilitator's authorisation: it sees what the producer sees
    # without a grant.
    migration.forwards(apps, None)
    assert not Grant.objects.exists()
