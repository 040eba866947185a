"""The plan API: drafting, reading in a language, editing, signing by both sides, revising."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.test import Client
from django.utils import timezone

from passport.assessments.tests.builders import api_token
from passport.plans import services
from passport.plans.models import Comment, Plan, PlanVersion, Signature
from tests.world import World, bearer

from . import builders as b

API = "/api/v1"
WRITE = ("plans:read", "plans:write")


def call(client: Client, method: str, path: str, body: Any = None, **headers: str) -> Any:
    data = json.dumps(body) if body is not None else None
    return getattr(client, method)(API + path, data=data, content_type="application/json", **headers)


def signed_in(world: World, name: str) -> Client:
    client = Client()
    client.force_login(world.users[name])
    return client


def test_a_plan_is_drafted_and_read_with_its_actions_in_order_and_the_why_in_the_language_asked(
    world: World,
) -> None:
    b.authorise(world)
    result = b.submitted(world)
    alice = signed_in(world, "alice")
    body = {"result": str(result.uuid), "partner": str(world.orgs["refiner"].uuid), "strategy": "quick_wins"}
    created = call(alice, "post", "/plans", body)
    assert created.status_code == 201, created.content
    plan = created.json()
    assert (plan["role"], plan["version"]["number"], plan["in_force"]) == ("producer", 1, None)
    actions = plan["version"]["actions"]
    assert [a["position"] for a in actions] == list(range(1, len(actions) + 1))
    assert [a["requirement"] for a in actions[:2]] == list(b.MANDATORY)
    assert all(a["mandatory"] and a["window"] == "P6M" and a["due_on"] is None for a in actions[:2])
    spanish = call(alice, "get", f"/plans/{plan['uuid']}?lang=es").json()
    assert spanish["lang"] == "es"
    assert spanish["version"]["actions"][0]["why"].startswith("Obligatoria")
    assert actions[0]["why"].startswith("Mandatory")


def test_drafting_from_an_incomplete_result_is_refused_on_result(world: World) -> None:
    from passport.assessments.tests.builders import submitted  # noqa: PLC0415

    b.authorise(world)
    result = submitted(world)
    body = {"result": str(result.uuid), "partner": str(world.orgs["refiner"].uuid)}
    refused = call(signed_in(world, "alice"), "post", "/plans", body)
    assert refused.status_code == 422
    assert [f["field"] for f in refused.json()["error"]["fields"]] == ["result"]
    assert not Plan.objects.exists()


def test_a_token_edits_an_action_and_a_buyer_never_sees_who_owns_it(world: World) -> None:
    plan = b.plan(world)
    rosa = b.member(world)
    target = b.optional(plan)
    auth = bearer(api_token(world, scopes=WRITE))
    changed = call(
        Client(),
        "patch",
        f"/plan-actions/{target.uuid}",
        {"owner": str(rosa.uuid), "done_means": "Seen on site."},
        **auth,
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["owner"] == {"uuid": str(rosa.uuid), "name": "Rosa Díaz"}
    seen_by_bob = call(signed_in(world, "bob"), "get", f"/plans/{plan.uuid}").json()
    row = next(a for a in seen_by_bob["version"]["actions"] if a["uuid"] == str(target.uuid))
    assert (row["has_owner"], row["owner"], row["done_means"]) == (True, None, "Seen on site.")
    refused = call(signed_in(world, "bob"), "patch", f"/plan-actions/{target.uuid}", {"owner": None})
    assert refused.status_code == 403


def test_a_mandatory_due_date_is_refused_on_due_on(world: World) -> None:
    plan = b.plan(world)
    mandatory = b.action(plan, "MES-SEC-01")
    refused = call(signed_in(world, "alice"), "patch", f"/plan-actions/{mandatory.uuid}", {"due_on": "2027-12-31"})
    assert refused.status_code == 422
    assert refused.json()["error"]["fields"][0]["field"] == "due_on"


def test_the_partner_marks_a_priority_through_the_same_patch(world: World) -> None:
    plan = b.plan(world)
    target = b.optional(plan)
    marked = call(signed_in(world, "bob"), "patch", f"/plan-actions/{target.uuid}", {"priority": True})
    assert marked.status_code == 200, marked.content
    assert marked.json()["priority"] is True
    refused = call(signed_in(world, "alice"), "patch", f"/plan-actions/{target.uuid}", {"priority": False})
    assert refused.status_code == 403


def test_both_sides_sign_through_the_api_and_the_version_is_adopted(world: World) -> None:
    plan = b.plan(world)
    version = b.latest(plan)
    first = call(signed_in(world, "mateo"), "post", f"/plan-versions/{version.uuid}/signatures", {"revision": 1})
    assert first.status_code == 201, first.content
    assert first.json()["in_force"] is None
    assert [s["side"] for s in first.json()["version"]["signatures"]] == ["producer"]
    second = call(signed_in(world, "bob"), "post", f"/plan-versions/{version.uuid}/signatures", {"revision": 1})
    assert second.status_code == 201, second.content
    today = services.local_day(world.producers["esperanza"], timezone.now())
    body = second.json()
    assert body["in_force"] == {"uuid": str(version.uuid), "number": 1, "adopted_on": today.isoformat()}
    assert body["first_adopted_on"] == today.isoformat()
    dues = {a["requirement"]: a["due_on"] for a in body["version"]["actions"] if a["mandatory"]}
    assert set(dues.values()) == {b.due_in_six_months(today).isoformat()}
    again = call(signed_in(world, "alice"), "post", f"/plan-versions/{version.uuid}/signatures", {"revision": 1})
    assert again.status_code == 403
    assert Signature.objects.count() == 2


def test_a_token_cannot_sign(world: World) -> None:
    plan = b.plan(world)
    auth = bearer(api_token(world, scopes=WRITE))
    refused = call(Client(), "post", f"/plan-versions/{b.latest(plan).uuid}/signatures", {"revision": 1}, **auth)
    assert refused.status_code == 403


def test_revising_opens_version_two_and_comments_are_listed_with_their_version(world: World) -> None:
    plan = b.plan(world)
    b.adopt(world, plan)
    bob = signed_in(world, "bob")
    revised = call(bob, "post", f"/plans/{plan.uuid}/versions", {"summary": "Faster tax receipts"})
    assert revised.status_code == 201, revised.content
    body = revised.json()
    assert (body["version"]["number"], body["version"]["summary"], body["in_force"]["number"]) == (
        2,
        "Faster tax receipts",
        1,
    )
    assert [v["number"] for v in body["versions"]] == [2, 1]
    comment = call(
        bob,
        "post",
        f"/plans/{plan.uuid}/comments",
        {"text": "By March?", "requirement": "MES-TAX-01", "kind": "proposal"},
    )
    assert comment.status_code == 201, comment.content
    assert (comment.json()["version"], comment.json()["organisation"]["name"]) == (2, "Refinería del Sur")
    listed = call(bob, "get", f"/plans/{plan.uuid}").json()["comments"]
    assert [(c["kind"], c["requirement"]) for c in listed] == [("proposal", "MES-TAX-01")]
    assert PlanVersion.objects.filter(plan=plan).count() == 2


def test_the_strategy_changes_through_the_api(world: World) -> None:
    plan = b.plan(world)
    changed = call(signed_in(world, "alice"), "put", f"/plans/{plan.uuid}/strategy", {"strategy": "earliest_deadline"})
    assert changed.status_code == 200, changed.content
    assert changed.json()["version"]["strategy"] == "earliest_deadline"
    unknown = call(signed_in(world, "alice"), "put", f"/plans/{plan.uuid}/strategy", {"strategy": "fastest"})
    assert unknown.status_code == 422


def test_a_producers_plans_are_listed_newest_first(world: World) -> None:
    result = b.submitted(world)
    first = b.plan(world, result=result)
    second = b.plan(world, result=result, partner="field")
    b.adopt(world, first, now=dt.datetime.now(dt.UTC))
    listed = call(signed_in(world, "victor"), "get", f"/producers/{world.producers['esperanza'].uuid}/plans").json()
    assert listed["count"] == 2
    assert [(p["uuid"], p["in_force_version"]) for p in listed["items"]] == [
        (str(second.uuid), None),
        (str(first.uuid), 1),
    ]


def test_a_signature_names_the_revision_read_and_a_stale_one_is_a_conflict(world: World) -> None:
    plan = b.plan(world)
    alice, bob = signed_in(world, "alice"), signed_in(world, "bob")
    read = call(alice, "get", f"/plans/{plan.uuid}").json()["version"]
    assert read["revision"] == 1
    target = read["actions"][-1]["uuid"]
    assert call(bob, "patch", f"/plan-actions/{target}", {"priority": True}).status_code == 200
    stale = call(alice, "post", f"/plan-versions/{read['uuid']}/signatures", {"revision": read["revision"]})
    assert stale.status_code == 409
    message = "The plan changed since you opened it (now revision 2): read it again before signing."
    assert stale.json() == {
        "error": {"code": "conflict", "message": message, "fields": [{"field": "revision", "message": message}]}
    }
    assert not Signature.objects.exists()
    fresh = call(alice, "get", f"/plans/{plan.uuid}").json()["version"]["revision"]
    signed = call(alice, "post", f"/plan-versions/{read['uuid']}/signatures", {"revision": fresh})
    assert signed.status_code == 201, signed.content
    assert signed.json()["version"]["revision"] == 2


def test_a_signature_without_a_revision_is_refused_on_revision(world: World) -> None:
    plan = b.plan(world)
    refused = call(signed_in(world, "alice"), "post", f"/plan-versions/{b.latest(plan).uuid}/signatures", {})
    assert refused.status_code == 422
    assert [f["field"] for f in refused.json()["error"]["fields"]] == ["revision"]
    assert not Signature.objects.exists()


def test_the_plan_lists_its_latest_fifty_comments_and_counts_the_older_ones(world: World) -> None:
    plan = b.plan(world)
    version = b.latest(plan)
    Comment.objects.bulk_create(
        Comment(version=version, text=f"Note {i}", author=world.users["bob"], organisation=world.orgs["refiner"])
        for i in range(53)
    )
    body = call(signed_in(world, "alice"), "get", f"/plans/{plan.uuid}").json()
    assert (len(body["comments"]), body["older_comments"]) == (50, 3)
    assert body["comments"][-1]["text"] == "Note 52"
