"""The plan page and the plan endpoint make the same number of queries with few or many actions,
comments and signatures, for the producer and for the partner."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from passport.engine import get_standard
from passport.plans import services
from passport.plans.models import Comment, Plan, PlanAction, ProgressNote
from tests.world import World

from . import builders as b


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content[:300]
    return len(captured)


def grow(world: World, plan: Plan, times: int) -> None:
    """``times`` × more comments, owned actions and progress notes on the plan's latest version."""
    version = b.latest(plan)
    taken = set(PlanAction.objects.filter(version=version).values_list("requirement_id", flat=True))
    spare = [r.id for r in get_standard("mes@1.0").requirements if r.id not in taken]
    owner = b.member(world, f"Owner {times}")
    for i in range(times):
        if spare:
            PlanAction.objects.create(
                version=version,
                requirement_id=spare.pop(),
                cell_id="x",
                mandatory=False,
                position=100 + i,
                why={"en": "Added."},
                owner=owner,
            )
        for who in ("alice", "bob"):
            services.add_comment(
                actor=world.actor(who), plan_uuid=plan.uuid, text=f"Note {i}", requirement_id="MES-TAX-01"
            )
        ProgressNote.objects.create(
            plan=plan,
            requirement_id="MES-SEC-01",
            status="in_progress",
            author=world.users["alice"],
            organisation=world.orgs["esperanza"],
        )


URLS = {
    "page": lambda plan: reverse("plans:detail", args=[plan.uuid]),
    "api": lambda plan: f"/api/v1/plans/{plan.uuid}",
    "version-page": lambda plan: reverse("plans:version", args=[b.latest(plan).uuid]),
}


@pytest.mark.parametrize("who", ["alice", "bob"])
@pytest.mark.parametrize("where", list(URLS))
def test_a_plan_reads_in_constant_queries(world: World, client: Client, where: str, who: str) -> None:
    plan = b.plan(world)
    b.sign(world, plan)
    grow(world, plan, 1)
    client.force_login(world.users[who])
    url = URLS[where](plan)
    few = queries(client, url)
    grow(world, plan, 10)
    assert Comment.objects.count() == 22
    assert queries(client, url) == few


@pytest.mark.parametrize("where", ["page", "api"])
def test_the_list_of_plans_reads_in_constant_queries(world: World, client: Client, where: str) -> None:
    producer = world.producers["esperanza"]
    url = reverse("plans:list", args=[producer.uuid]) if where == "page" else f"/api/v1/producers/{producer.uuid}/plans"
    b.plan(world, result=b.submitted(world))
    client.force_login(world.users["fran"])
    few = queries(client, url)
    for _ in range(3):
        plan = b.plan(world, result=b.submitted(world))
        b.adopt(world, plan)
    assert queries(client, url) == few


def discuss(world: World, plan: Plan, n: int) -> None:
    """``n`` more comments on the plan's latest version."""
    version = b.latest(plan)
    Comment.objects.bulk_create(
        Comment(version=version, text=f"Note {i}", author=world.users["bob"], organisation=world.orgs["refiner"])
        for i in range(n)
    )


@pytest.mark.parametrize("where", ["page", "api"])
def test_a_long_discussion_reads_in_constant_queries(world: World, client: Client, where: str) -> None:
    plan = b.plan(world)
    discuss(world, plan, services.COMMENTS_SHOWN + 5)
    client.force_login(world.users["alice"])
    url = URLS[where](plan)
    few = queries(client, url)
    discuss(world, plan, 10 * (services.COMMENTS_SHOWN + 5))
    assert queries(client, url) == few
