"""The assessment API: flows with a bearer token and with a browser session, errors, list sizes."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from passport.assessments.models import Answer, Assessment, Result
from passport.audit.models import AuditEntry
from tests.world import World, bearer

from .builders import api_token, example_answers, start, submitted

API = "/api/v1"


def call(client: Client, method: str, path: str, body: Any = None, **headers: str) -> Any:
    data = json.dumps(body) if body is not None else None
    return getattr(client, method)(API + path, data=data, content_type="application/json", **headers)


def test_a_token_runs_a_whole_self_assessment(world: World) -> None:
    auth = bearer(api_token(world))
    client = Client()
    producer = world.producers["esperanza"]
    created = call(client, "post", "/assessments", {"producer": str(producer.uuid), "kind": "self"}, **auth)
    assert created.status_code == 201, created.content
    uuid = created.json()["uuid"]
    answers = example_answers("co-narino-cooperative", producer)
    saved = call(client, "put", f"/assessments/{uuid}/answers", {"answers": answers}, **auth)
    assert saved.status_code == 200, saved.content
    assert {a["question"] for a in saved.json()["answers"]} == set(answers)
    assert Answer.objects.filter(answered_by=world.users["alice"]).count() == len(answers)  # the token's creator
    result = call(client, "post", f"/assessments/{uuid}/submit", {}, **auth)
    assert result.status_code == 201, result.content
    body = result.json()
    spanish = call(client, "get", f"/results/{body['uuid']}?lang=es", **auth).json()
    assert spanish["lang"] == "es"
    assert spanish["classification"]["outcome"] == body["outcome"]
    assert spanish["classification"]["outcome_label"] != body["classification"]["outcome_label"]


def test_a_session_saves_answers_with_the_csrf_token(world: World) -> None:
    assessment = start(world)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["maria"])
    client.get("/")  # sets the CSRF cookie
    csrf = client.cookies.get("csrftoken")
    headers = {"HTTP_X_CSRFTOKEN": csrf.value} if csrf else {}
    response = call(
        client, "put", f"/assessments/{assessment.uuid}/answers", {"answers": {"member_register": True}}, **headers
    )
    assert response.status_code == 200, response.content
    assert Answer.objects.get().answered_by == world.users["maria"]


def test_invalid_answers_give_one_error_per_question_and_change_nothing(world: World) -> None:
    assessment = start(world)
    response = call(
        Client(),
        "put",
        f"/assessments/{assessment.uuid}/answers",
        {"answers": {"member_register": "si", "workers_count": 3}},
        **bearer(api_token(world)),
    )
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "member_register"
    assert not Answer.objects.exists()


def test_unknown_fields_in_the_body_are_refused(world: World) -> None:
    response = call(
        Client(),
        "post",
        "/assessments",
        {"producer": str(world.producers["esperanza"].uuid), "kind": "self", "admin": True},
        **bearer(api_token(world)),
    )
    assert response.status_code == 422
    assert not Assessment.objects.exists()


@pytest.mark.parametrize("standard", ["/etc/passwd", "pyproject.toml", "standards/mes-1.0.yaml", "x@9.9"])
def test_only_a_published_standard_is_accepted_and_the_error_names_no_path(world: World, standard: str) -> None:
    body = {"producer": str(world.producers["esperanza"].uuid), "kind": "self", "standard": standard}
    response = call(Client(), "post", "/assessments", body, **bearer(api_token(world)))
    assert response.status_code == 422
    fields = response.json()["error"]["fields"]
    assert [f["field"] for f in fields] == ["standard"]
    assert "/" not in fields[0]["message"]
    assert not Assessment.objects.exists()


def test_a_result_cannot_be_backdated_through_the_api(world: World) -> None:
    assessment = start(world)
    auth = bearer(api_token(world))
    url = f"/assessments/{assessment.uuid}/submit"
    refused = call(Client(), "post", url, {"as_of": "2020-01-01"}, **auth)
    assert refused.status_code == 422
    assert [f["field"] for f in refused.json()["error"]["fields"]] == ["as_of"]
    assert not Result.objects.exists()
    assert Assessment.objects.get().status == "draft"
    before = dt.datetime.now(dt.UTC).date()
    accepted = call(Client(), "post", url, {}, **auth)
    after = dt.datetime.now(dt.UTC).date()
    assert accepted.status_code == 201, accepted.content
    assert dt.date.fromisoformat(accepted.json()["as_of"]) in {before, after}
    assert Result.objects.get().as_of in {before, after}


def test_a_read_only_token_may_read_but_not_write(world: World) -> None:
    assessment = start(world)
    auth = bearer(api_token(world, scopes=("assessments:read",)))
    assert call(Client(), "get", f"/assessments/{assessment.uuid}", **auth).status_code == 200
    response = call(Client(), "put", f"/assessments/{assessment.uuid}/answers", {"answers": {}}, **auth)
    assert response.status_code == 403


def test_another_organisations_token_gets_not_found_and_no_token_gets_401(world: World) -> None:
    assessment = start(world)
    other = bearer(api_token(world, org="refiner", who="bob"))
    assert call(Client(), "get", f"/assessments/{assessment.uuid}", **other).status_code == 404
    assert call(Client(), "get", f"/assessments/{assessment.uuid}").status_code == 401


def test_an_assessors_read_through_the_api_is_audited(world: World) -> None:
    result = submitted(world)
    call(Client(), "get", f"/results/{result.uuid}", **bearer(api_token(world, org="field", who="fran")))
    entry = AuditEntry.objects.get(action="view.confidential")
    assert (entry.object_type, entry.object_id) == ("result", str(result.uuid))


@pytest.mark.parametrize("path", ["assessments", "results"])
def test_list_endpoints_page_and_make_the_same_queries_with_ten_times_the_rows(world: World, path: str) -> None:
    auth = bearer(api_token(world, org="field", who="fran"))
    url = f"/producers/{world.producers['esperanza'].uuid}/{path}?limit=100"
    submitted(world)
    call(Client(), "get", url, **auth)  # the token's first use of the minute records it; measure after
    with CaptureQueriesContext(connection) as small:
        first = call(Client(), "get", url, **auth)
    for _ in range(9):
        submitted(world)
    with CaptureQueriesContext(connection) as large:
        tenfold = call(Client(), "get", url, **auth)
    assert (first.json()["count"], tenfold.json()["count"]) == (1, 10)
    assert len(tenfold.json()["items"]) == 10
    assert len(large) == len(small)
    paged = call(Client(), "get", url.replace("limit=100", "limit=3&offset=9"), **auth).json()
    assert (paged["count"], len(paged["items"]), paged["offset"]) == (10, 1, 9)


def test_the_openapi_document_tags_and_names_every_assessment_operation() -> None:
    document = Client().get(f"{API}/openapi.json").json()
    operations = {
        op["operationId"]
        for item in document["paths"].values()
        for op in item.values()
        if "assessments" in op.get("tags", [])
    }
    assert operations >= {
        "start_assessment",
        "get_assessment",
        "save_answers",
        "submit_assessment",
        "get_result",
        "list_producer_assessments",
        "list_producer_results",
    }
