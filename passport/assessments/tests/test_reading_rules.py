"""Who opens which assessment of a producer, through the services, the pages and the API.

The producer's own people and its authorised facilitator open every assessment; the
organisation conducting one opens it (drafts included); anyone else who knows the producer (an
authorised buyer or verifier here) opens the submitted ones of any kind, never another
organisation's draft. Hidden ones are "not found" and absent from lists. What an opened
assessment shows is the sharing policy's: see test_sharing.py."""

from __future__ import annotations

import json
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from passport.accounts.access import NotFound
from passport.assessments import history as assessment_history
from passport.assessments import services
from passport.assessments.models import Assessment, Evidence, Result
from tests.world import World

from .builders import DAY, api_token, authorise, pdf_bytes, start, submitted, upload


@dataclass(frozen=True)
class Assessments:
    self_draft: Assessment
    self_result: Result
    buyer_draft: Assessment
    buyer_result: Result
    verifier_draft: Assessment
    self_evidence: Evidence
    buyer_evidence: Evidence


def with_evidence(world: World, who: str, assessment: Assessment) -> Evidence:
    return services.attach_evidence(
        actor=world.actor(who),
        assessment_uuid=assessment.uuid,
        requirement_id="MES-ORG-01",
        uploaded_file=upload(pdf_bytes()),
    )


def build_assessments(world: World) -> Assessments:
    """Esperanza authorises the buyer (bob) and the verifier (vera); each organisation has a
    draft of its own, and the producer and the buyer each submitted one."""
    authorise(world, "bob")
    authorise(world, "vera")
    self_draft = start(world)
    buyer_submitted = start(world, "bob", kind="buyer_review")
    buyer_result = services.submit_assessment(actor=world.actor("bob"), assessment_uuid=buyer_submitted.uuid, as_of=DAY)
    buyer_draft = start(world, "bob", kind="buyer_review")
    return Assessments(
        self_draft=self_draft,
        self_result=submitted(world),
        buyer_draft=buyer_draft,
        buyer_result=buyer_result,
        verifier_draft=start(world, "vera", kind="verification"),
        self_evidence=with_evidence(world, "alice", self_draft),
        buyer_evidence=with_evidence(world, "bob", buyer_draft),
    )


def everything(a: Assessments) -> set[Assessment]:
    return {a.self_draft, a.self_result.assessment, a.buyer_draft, a.buyer_result.assessment, a.verifier_draft}


def readable_by(who: str, a: Assessments) -> set[Assessment]:
    submitted_ones = {a.self_result.assessment, a.buyer_result.assessment}
    return {
        "bob": submitted_ones | {a.buyer_draft},
        "vera": submitted_ones | {a.verifier_draft},
    }.get(who, everything(a))


def can_read(world: World, who: str, assessment: Assessment) -> bool:
    try:
        services.get_assessment(actor=world.actor(who), assessment_uuid=assessment.uuid)
    except NotFound:
        return False
    return True


# --- Services ---------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["alice", "victor", "fran", "bob", "vera"])
def test_each_reader_opens_exactly_the_assessments_the_rule_gives(world: World, who: str) -> None:
    a = build_assessments(world)
    opened = {x for x in everything(a) if can_read(world, who, x)}
    assert opened == readable_by(who, a)


@pytest.mark.parametrize("who", ["bob", "vera"])
def test_a_buyer_or_verifier_never_reads_the_producers_draft_or_another_organisations(world: World, who: str) -> None:
    a = build_assessments(world)
    others = [a.self_draft, a.verifier_draft if who == "bob" else a.buyer_draft]
    for draft in others:
        with pytest.raises(NotFound):
            services.get_assessment(actor=world.actor(who), assessment_uuid=draft.uuid)


@pytest.mark.parametrize("who", ["bob", "vera"])
def test_a_buyer_or_verifier_reads_every_submitted_result_whoever_conducted_it(world: World, who: str) -> None:
    a = build_assessments(world)
    for result in (a.self_result, a.buyer_result):
        assert services.get_result(actor=world.actor(who), result_uuid=result.uuid).result == result
    found = services.list_results(actor=world.actor(who), producer_uuid=world.producers["esperanza"].uuid)
    assert set(found.rows) == {a.self_result, a.buyer_result}


@pytest.mark.parametrize(
    ("who", "readable"),
    [("alice", {"self", "buyer"}), ("fran", {"self", "buyer"}), ("bob", {"buyer"}), ("vera", set())],
)
def test_evidence_follows_its_assessment(world: World, who: str, readable: set[str]) -> None:
    a = build_assessments(world)
    for name, evidence in (("self", a.self_evidence), ("buyer", a.buyer_evidence)):
        if name in readable:
            assert services.get_evidence(actor=world.actor(who), evidence_uuid=evidence.uuid) == evidence
        else:
            with pytest.raises(NotFound):
                services.get_evidence(actor=world.actor(who), evidence_uuid=evidence.uuid)


@pytest.mark.parametrize("who", ["alice", "fran", "bob", "vera"])
def test_lists_and_history_hold_only_what_the_reader_may_open(world: World, who: str) -> None:
    a = build_assessments(world)
    producer_uuid = world.producers["esperanza"].uuid
    found = services.list_assessments(actor=world.actor(who), producer_uuid=producer_uuid)
    assert set(found.rows) == readable_by(who, a)
    entries = assessment_history.history(actor=world.actor(who), producer_uuid=producer_uuid).entries
    assert {e.assessment for e in entries} == readable_by(who, a)
    assert {e.result for e in entries if e.result} == {a.self_result, a.buyer_result}


def test_a_revoked_buyer_reads_nothing_any_more(world: World) -> None:
    a = build_assessments(world)
    world.producers["esperanza"].authorisations.filter(organisation=world.orgs["refiner"]).update(
        revoked_at=timezone.now()
    )
    assert not any(can_read(world, "bob", x) for x in everything(a))


# --- Pages ------------------------------------------------------------------------------------


def page_status(world: World, who: str, name: str, uuid: object) -> int:
    client = Client()
    client.force_login(world.users[who])
    return client.get(reverse(name, kwargs={"uuid": uuid})).status_code


@pytest.mark.parametrize("who", ["bob", "vera"])
def test_a_buyer_or_verifier_gets_not_found_for_hidden_drafts_on_the_pages(world: World, who: str) -> None:
    a = build_assessments(world)
    own = a.buyer_draft if who == "bob" else a.verifier_draft
    assert page_status(world, who, "assessments:overview", own.uuid) == 200
    assert page_status(world, who, "assessments:overview", a.self_draft.uuid) == 404
    assert page_status(world, who, "assessments:overview", a.self_result.assessment.uuid) == 200
    assert page_status(world, who, "assessments:result", a.self_result.uuid) == 200
    assert page_status(world, who, "assessments:evidence", a.self_evidence.uuid) == 404
    module = reverse("assessments:module", kwargs={"uuid": a.self_draft.uuid, "module_id": "M1"})
    client = Client()
    client.force_login(world.users[who])
    assert client.get(module).status_code == 404


def test_the_history_page_leaves_out_the_drafts_a_buyer_may_not_open(world: World) -> None:
    a = build_assessments(world)
    client = Client()
    client.force_login(world.users["bob"])
    page = client.get(reverse("assessments:history", kwargs={"producer_uuid": world.producers["esperanza"].uuid}))
    html = page.content.decode()
    assert page.status_code == 200
    assert str(a.buyer_draft.uuid) in html
    assert str(a.self_result.uuid) in html
    assert str(a.self_draft.uuid) not in html
    assert str(a.verifier_draft.uuid) not in html


# --- API --------------------------------------------------------------------------------------


def api_get(secret: str, path: str) -> tuple[int, dict]:
    response = Client().get(f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {secret}")
    return response.status_code, json.loads(response.content)


@pytest.mark.parametrize(("who", "org"), [("bob", "refiner"), ("vera", "checkers")])
def test_the_api_shows_a_buyer_or_verifier_only_what_it_may_open(world: World, who: str, org: str) -> None:
    a = build_assessments(world)
    secret = api_token(world, org=org, who=who)
    producer = world.producers["esperanza"].uuid
    status, listed = api_get(secret, f"/producers/{producer}/assessments?limit=100")
    assert status == 200
    assert {item["uuid"] for item in listed["items"]} == {str(x.uuid) for x in readable_by(who, a)}
    assert listed["count"] == len(readable_by(who, a))
    status, results = api_get(secret, f"/producers/{producer}/results")
    assert {item["uuid"] for item in results["items"]} == {str(a.self_result.uuid), str(a.buyer_result.uuid)}
    assert api_get(secret, f"/assessments/{a.self_draft.uuid}")[0] == 404
    assert api_get(secret, f"/assessments/{a.self_result.assessment.uuid}")[0] == 200
    assert api_get(secret, f"/results/{a.self_result.uuid}")[0] == 200


def test_a_buyers_list_makes_the_same_queries_with_ten_times_the_rows(world: World) -> None:
    authorise(world, "bob")
    secret = api_token(world, org="refiner", who="bob")
    url = f"/producers/{world.producers['esperanza'].uuid}/assessments?limit=100"

    def some_of_each() -> None:
        submitted(world)
        start(world)  # a draft of the producer's, hidden from the buyer
        start(world, "bob", kind="buyer_review")

    some_of_each()
    api_get(secret, url)  # the token's first use of the minute records it; measure after
    with CaptureQueriesContext(connection) as small:
        assert api_get(secret, url)[1]["count"] == 2
    for _ in range(9):
        some_of_each()
    with CaptureQueriesContext(connection) as large:
        assert api_get(secret, url)[1]["count"] == 20
    assert len(large) == len(small)
