"""Progress pages and endpoints: an action's deadline and notes, recording progress with files,
the progress chart (valid SVG, one bar per result), and constant queries at 1× and 10× data."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from passport.accounts.services import create_api_token
from passport.assessments.tests.builders import jpeg_bytes, pdf_bytes, upload
from passport.plans import deadlines, progress
from passport.plans.chart import progress_chart
from passport.plans.models import Plan, ProgressNote
from tests.world import World, bearer

from . import progress_builders as pb

SVG = "{http://www.w3.org/2000/svg}"


def signed_in(world: World, who: str) -> Client:
    client = Client()
    client.force_login(world.users[who])
    return client


def action_url(plan: Plan, requirement_id: str = "MES-SEC-01") -> str:
    return reverse("plans:action", kwargs={"plan_uuid": plan.uuid, "requirement_id": requirement_id})


def progress_url(world: World) -> str:
    return reverse("plans:progress", kwargs={"producer_uuid": world.producers["esperanza"].uuid})


# --- The action page -----------------------------------------------------------------------


def test_the_action_page_shows_its_deadline_and_why(world: World) -> None:
    plan = pb.adopted_plan(world, adopted_on=dt.date.today() - dt.timedelta(days=170))
    page = signed_in(world, "alice").get(action_url(plan)).content.decode()
    assert "due soon" in page
    assert "the deadline is close" in page
    assert "Rosa Díaz" in page
    assert 'name="status"' in page  # alice may record


def test_a_buyer_partner_reads_the_action_without_the_owners_name_or_the_form(world: World) -> None:
    plan = pb.adopted_plan(world, partner="refiner")
    page = signed_in(world, "bob").get(action_url(plan)).content.decode()
    assert "Rosa Díaz" not in page
    assert "a member of the producer" in page
    assert 'name="status"' not in page


def test_recording_progress_from_the_page_keeps_the_note_and_files(world: World) -> None:
    plan = pb.adopted_plan(world)
    client = signed_in(world, "maria")
    response = client.post(
        action_url(plan),
        {"status": "in_progress", "note": "Talked to the commander", "files": [upload(jpeg_bytes(), "meeting.jpg")]},
    )
    assert (response.status_code, response["Location"]) == (302, action_url(plan))
    note = ProgressNote.objects.get()
    assert (note.status, note.note, note.author) == ("in_progress", "Talked to the commander", world.users["maria"])
    evidence = note.evidence.get()
    page = client.get(action_url(plan)).content.decode()
    assert "Talked to the commander" in page
    link = reverse("plans:action_evidence", kwargs={"plan_uuid": plan.uuid, "evidence_uuid": evidence.uuid})
    assert link in page
    download = client.get(link)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == jpeg_bytes()
    assert download["Cache-Control"] == "private, no-store"


def test_a_refused_file_re_shows_the_form_with_the_error_and_saves_nothing(world: World) -> None:
    plan = pb.adopted_plan(world)
    response = signed_in(world, "alice").post(
        action_url(plan), {"status": "done", "note": "kept", "files": [upload(b"MZ\x90\x00 program", "photo.jpg")]}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "only photos (JPEG, PNG, WebP) and PDF documents are accepted" in page
    assert ">kept</textarea>" in page
    assert "Progress was not recorded. photo.jpg: only photos" in page.split("<main>")[0]  # at the top too
    assert not ProgressNote.objects.exists()


def test_the_action_page_says_first_when_the_producer_no_longer_meets_the_entry_criteria(world: World) -> None:
    plan = pb.adopted_plan(world, partner="refiner")
    client = signed_in(world, "bob")
    assert 'id="standing"' not in client.get(action_url(plan)).content.decode()
    deadlines.check_all_deadlines(as_of=dt.date(2028, 3, 1))
    page = client.get(action_url(plan)).content.decode()
    assert 'id="standing"' in page
    assert page.index('id="standing"') < page.index("<dl")
    assert "Does not meet the entry criteria since 2028-03-01." in page


def test_the_action_page_shows_the_partners_priority(world: World) -> None:
    plan = pb.adopted_plan(world)
    optional = plan.versions.get().actions.filter(mandatory=False).first()
    assert optional is not None
    client = signed_in(world, "alice")
    assert "partner priority" not in client.get(action_url(plan, optional.requirement_id)).content.decode()
    plan.versions.get().actions.filter(pk=optional.pk).update(priority=True)
    assert "★ partner priority" in client.get(action_url(plan, optional.requirement_id)).content.decode()


def test_a_viewer_may_not_record_progress(world: World) -> None:
    plan = pb.adopted_plan(world)
    response = signed_in(world, "victor").post(action_url(plan), {"status": "done"})
    assert response.status_code == 403
    assert not ProgressNote.objects.exists()


def test_an_action_of_a_version_being_agreed_is_shown_without_the_form(world: World) -> None:
    plan = pb.draft_plan(world)
    response = signed_in(world, "alice").get(action_url(plan))
    assert response.status_code == 200
    assert "still being agreed" in response.content.decode()
    assert 'name="status"' not in response.content.decode()


def test_evidence_of_another_plan_is_not_found_under_this_plan(world: World) -> None:
    plan = pb.adopted_plan(world)
    other = pb.adopted_plan(world, source=plan.source_result, partner="refiner")
    note = progress.record_progress(
        actor=world.actor("alice"),
        plan_uuid=plan.uuid,
        requirement_id="MES-SEC-01",
        status="done",
        files=[upload(pdf_bytes(), "a.pdf", "application/pdf")],
    )
    url = reverse("plans:action_evidence", kwargs={"plan_uuid": other.uuid, "evidence_uuid": note.evidence.get().uuid})
    assert signed_in(world, "alice").get(url).status_code == 404


def _queries(client: Client, url: str, **headers: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, **headers).status_code == 200
    return len(captured)


def test_the_action_page_makes_the_same_queries_with_1_or_10_notes(world: World) -> None:
    plan = pb.adopted_plan(world)
    client = signed_in(world, "alice")
    progress.record_progress(
        actor=world.actor("alice"),
        plan_uuid=plan.uuid,
        requirement_id="MES-SEC-01",
        status="in_progress",
        files=[upload(jpeg_bytes())],
    )
    one = _queries(client, action_url(plan))
    for i in range(9):
        progress.record_progress(
            actor=world.actor("alice"),
            plan_uuid=plan.uuid,
            requirement_id="MES-SEC-01",
            status="in_progress",
            note=f"step {i}",
            files=[upload(pdf_bytes() + str(i).encode(), f"{i}.pdf", "application/pdf")],
        )
    assert _queries(client, action_url(plan)) == one


# --- The progress page and its chart -------------------------------------------------------


def _results(world: World, count: int) -> None:
    for i in range(count):
        answers = pb.RESOLVED if i % 2 else pb.MITIGATE
        pb.result(world, "esperanza", answers, as_of=dt.date(2026, 1, 1) + dt.timedelta(days=30 * i))


def _bars(svg: str) -> list[ET.Element]:
    root = ET.fromstring(svg)  # noqa: S314 - our own markup
    assert root.tag == f"{SVG}svg"
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == "bar"]


def test_the_chart_is_valid_svg_with_one_labelled_bar_per_result(world: World) -> None:
    _results(world, 3)
    found = progress.producer_progress(actor=world.actor("alice"), producer_uuid=world.producers["esperanza"].uuid)
    svg = str(progress_chart(found.results))
    bars = _bars(svg)
    assert [b.get("data-result") for b in bars] == [str(p.uuid) for p in found.results]
    for bar, point in zip(bars, found.results, strict=True):
        title = bar.find(f"{SVG}title")
        assert title is not None
        assert title.text is not None
        assert title.text.startswith(point.as_of.isoformat())
        assert f"{point.counts['mitigate']} to mitigate" in title.text or point.counts["mitigate"] == 0
        texts = [t.text for t in bar.iter(f"{SVG}text")]
        assert point.as_of.isoformat() in texts
    assert 'width="100%"' in svg
    assert "style=" not in svg  # the CSP forbids inline styles: presentation attributes only


def test_the_chart_of_a_producer_without_results_says_so() -> None:
    svg = str(progress_chart([]))
    assert _bars(svg) == []
    assert "No result yet." in svg


def test_the_progress_page_shows_the_chart_the_table_and_the_plans(world: World) -> None:
    plan = pb.adopted_plan(world)
    pb.resolved_result(world)
    pb.note(world, plan, "MES-SEC-01", "done")
    response = signed_in(world, "fran").get(progress_url(world))
    page = response.content.decode()
    assert len(_bars(page[page.index("<svg") : page.index("</svg>") + 6])) == 2
    assert "improved" in page
    assert reverse("plans:detail", kwargs={"plan_uuid": plan.uuid}) in page
    assert "Mandatory: 1 of 2 done." in page
    assert 'id="standing"' not in page


def test_the_progress_page_shows_the_standing_banner_after_a_re_classification(world: World) -> None:
    pb.adopted_plan(world)
    deadlines.check_all_deadlines(as_of=dt.date(2028, 3, 1))
    page = signed_in(world, "alice").get(progress_url(world)).content.decode()
    assert 'id="standing"' in page
    assert "Does not meet the entry criteria since 2028-03-01" in page
    assert "no longer meets the entry criteria" in page


def test_the_progress_page_makes_the_same_queries_with_1_or_30_results_and_shows_the_latest_24(world: World) -> None:
    client = signed_in(world, "alice")
    source = pb.mitigating_result(world)
    pb.adopted_plan(world, source=source)
    one = _queries(client, progress_url(world))
    _results(world, 29)
    pb.adopted_plan(world, source=source, partner="refiner")
    thirty = _queries(client, progress_url(world))
    assert thirty == one
    page = client.get(progress_url(world)).content.decode()
    newest = progress.producer_progress(actor=world.actor("alice"), producer_uuid=world.producers["esperanza"].uuid)
    bars = _bars(page[page.index("<svg") : page.index("</svg>") + 6])
    assert [b.get("data-result") for b in bars] == [str(p.uuid) for p in newest.results]
    assert len(bars) == 24
    assert "Showing the latest 24 of 30 assessments." in page
    assert page.count("improved, ") == 24  # the oldest shown is compared with the one before it


def test_the_progress_page_of_a_few_results_says_nothing_is_left_out(world: World) -> None:
    _results(world, 3)
    page = signed_in(world, "alice").get(progress_url(world)).content.decode()
    assert 'id="capped"' not in page
    assert page.count("improved, ") == 2  # the first has nothing before it


# --- The API -------------------------------------------------------------------------------


def test_the_api_records_progress_with_a_note(world: World) -> None:
    plan = pb.adopted_plan(world)
    _token, secret = create_api_token(actor=world.actor("alice"), name="t", scopes=["plans:write"])
    response = Client().post(
        f"/api/v1/plans/{plan.uuid}/actions/MES-SEC-01/progress",
        json.dumps({"status": "done", "note": "Levy stopped"}),
        content_type="application/json",
        **bearer(secret),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["status"], body["note"], body["author"]) == ("done", "Levy stopped", "Alice")
    assert ProgressNote.objects.get().author == world.users["alice"]  # a token's note is its creator's


@pytest.mark.parametrize(
    ("body", "field"),
    [({"status": "finished"}, "status"), ({"status": "done", "extra": 1}, "extra")],
)
def test_the_api_names_a_bad_field(world: World, body: dict[str, object], field: str) -> None:
    plan = pb.adopted_plan(world)
    client = signed_in(world, "alice")
    response = client.post(
        f"/api/v1/plans/{plan.uuid}/actions/MES-SEC-01/progress", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 422
    assert field in {f["field"] for f in response.json()["error"]["fields"]}


def test_the_api_refuses_a_requirement_not_in_the_plan(world: World) -> None:
    plan = pb.adopted_plan(world)
    response = signed_in(world, "alice").post(
        f"/api/v1/plans/{plan.uuid}/actions/MES-NOPE-01/progress",
        json.dumps({"status": "done"}),
        content_type="application/json",
    )
    assert response.status_code == 404


def test_the_api_gives_a_producers_progress_and_standing(world: World) -> None:
    plan = pb.adopted_plan(world)
    deadlines.check_all_deadlines(as_of=dt.date(2028, 3, 1))
    body = signed_in(world, "mateo").get(f"/api/v1/producers/{plan.producer.uuid}/progress").json()
    assert body["standing"]["outcome"] == "not_eligible"
    assert len(body["standing"]["reasons"]) == 1
    assert [r["result"] for r in body["results"]] == [str(plan.source_result.uuid)]
    assert body["results_total"] == 1
    assert body["results"][0]["findings"]["mitigate"] == 2
    assert body["plans"][0]["completion"]["mandatory_total"] == 2


def _action_api(plan: Plan, requirement_id: str = "MES-SEC-01") -> str:
    return f"/api/v1/plans/{plan.uuid}/actions/{requirement_id}"


def test_the_api_gives_an_action_with_its_deadline_notes_and_evidence(world: World) -> None:
    plan = pb.adopted_plan(world, adopted_on=dt.date.today() - dt.timedelta(days=170))
    note = progress.record_progress(
        actor=world.actor("maria"),
        plan_uuid=plan.uuid,
        requirement_id="MES-SEC-01",
        status="in_progress",
        note="Met the commander",
        files=[upload(pdf_bytes(), "minutes.pdf", "application/pdf")],
    )
    client = signed_in(world, "fran")
    response = client.get(_action_api(plan) + "?lang=es")
    assert response.status_code == 200, response.content
    body = response.json()
    action = plan.versions.get().actions.get(requirement_id="MES-SEC-01")
    assert (body["plan"], body["requirement"], body["mandatory"], body["in_force"]) == (
        str(plan.uuid),
        "MES-SEC-01",
        True,
        True,
    )
    assert body["title"] == progress.requirement_title(plan.standard_ref, "MES-SEC-01", "es")
    assert body["title"] != "MES-SEC-01"
    assert (body["due_on"], body["has_owner"], body["owner"]["name"]) == (action.due_on.isoformat(), True, "Rosa Díaz")
    assert body["status"] == "in_progress"
    deadline = body["deadline"]
    assert (deadline["status"], deadline["due_on"]) == ("due_soon", action.due_on.isoformat())
    assert 0 <= deadline["days_left"] <= 30
    assert deadline["reason"]
    (got,) = body["notes"]
    assert (got["uuid"], got["status"], got["note"], got["author"]) == (
        str(note.uuid),
        "in_progress",
        "Met the commander",
        "Maria",
    )
    assert got["organisation"] == str(world.orgs["esperanza"].uuid)
    (evidence,) = got["evidence"]
    stored = note.evidence.get()
    assert evidence == {
        "uuid": str(stored.uuid),
        "name": "minutes.pdf",
        "content_type": "application/pdf",
        "size": len(pdf_bytes()),
        "sha256": stored.sha256,
        "download": reverse("plans:action_evidence", kwargs={"plan_uuid": plan.uuid, "evidence_uuid": stored.uuid}),
    }
    assert b"".join(client.get(evidence["download"]).streaming_content) == pdf_bytes()


def test_the_api_gives_a_buyer_partner_the_action_without_the_owner_or_the_authors(world: World) -> None:
    plan = pb.adopted_plan(world, partner="refiner")
    pb.note(world, plan, "MES-SEC-01", "done", who="mateo")
    body = signed_in(world, "bob").get(_action_api(plan)).json()
    assert (body["has_owner"], body["owner"]) == (True, None)
    assert [(n["status"], n["author"]) for n in body["notes"]] == [("done", None)]
    assert body["notes"][0]["organisation"] == str(world.orgs["esperanza"].uuid)
    assert body["status"] == "done"
    assert body["deadline"]["status"] != "done"  # done never stops a mandatory clock


def test_a_buyer_partner_reads_the_notes_without_their_authors_names(world: World) -> None:
    plan = pb.adopted_plan(world, partner="refiner")
    pb.note(world, plan, "MES-SEC-01", "done", who="mateo")
    assert "Mateo" not in signed_in(world, "bob").get(action_url(plan)).content.decode()
    assert "Mateo" in signed_in(world, "alice").get(action_url(plan)).content.decode()


def test_the_api_gives_an_action_still_being_agreed_without_a_deadline(world: World) -> None:
    plan = pb.draft_plan(world)
    body = signed_in(world, "alice").get(_action_api(plan)).json()
    assert (body["in_force"], body["deadline"], body["status"], body["notes"]) == (False, None, "not_started", [])


def test_the_api_refuses_an_action_not_in_the_plan_and_a_plan_it_may_not_see(world: World) -> None:
    plan = pb.adopted_plan(world)
    assert signed_in(world, "alice").get(_action_api(plan, "MES-NOPE-01")).status_code == 404
    assert signed_in(world, "oscar").get(_action_api(plan)).status_code == 404


def test_the_action_endpoint_makes_the_same_queries_with_1_or_10_notes(world: World) -> None:
    _token, secret = create_api_token(actor=world.actor("alice"), name="t", scopes=["plans:read"])
    plan = pb.adopted_plan(world)
    client = Client()
    client.get(_action_api(plan), **bearer(secret))  # the token's first use records when it was used

    def record(i: int) -> None:
        progress.record_progress(
            actor=world.actor("alice"),
            plan_uuid=plan.uuid,
            requirement_id="MES-SEC-01",
            status="in_progress",
            files=[upload(pdf_bytes() + str(i).encode(), f"{i}.pdf", "application/pdf")],
        )

    record(0)
    one = _queries(client, _action_api(plan), **bearer(secret))
    for i in range(1, 10):
        record(i)
    assert _queries(client, _action_api(plan), **bearer(secret)) == one
    assert len(client.get(_action_api(plan), **bearer(secret)).json()["notes"]) == 10


def test_the_progress_endpoint_makes_the_same_queries_with_1_or_10_results(world: World) -> None:
    _token, secret = create_api_token(actor=world.actor("alice"), name="t", scopes=["plans:read"])
    url = f"/api/v1/producers/{world.producers['esperanza'].uuid}/progress"
    client = Client()
    pb.adopted_plan(world)
    client.get(url, **bearer(secret))  # the token's first use records when it was used
    one = _queries(client, url, **bearer(secret))
    _results(world, 9)
    assert _queries(client, url, **bearer(secret)) == one
