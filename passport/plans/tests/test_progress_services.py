"""Progress on adopted plans: latest statuses, recording notes with evidence, completion, and a
producer's results over time."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import connection
from django.test.utils import CaptureQueriesContext

from passport.accounts.access import NotAllowed, NotFound
from passport.assessments.tests.builders import jpeg_bytes, pdf_bytes, png_bytes, upload
from passport.audit.models import AuditEntry
from passport.plans import progress
from passport.plans.models import ActionEvidence, ProgressNote
from passport.producers.models import AssessorAuthorisation
from passport.producers.tests.builders import authorise
from passport.sharing.tests import builders as sharing
from tests.world import World

from . import progress_builders as pb


def test_latest_statuses_gives_each_actions_newest_status_in_one_query(world: World) -> None:
    plan = pb.adopted_plan(world)
    pb.note(world, plan, "MES-SEC-01", "in_progress")
    pb.note(world, plan, "MES-SEC-01", "done")
    pb.note(world, plan, "MES-CHILD-01", "in_progress")
    with CaptureQueriesContext(connection) as captured:
        statuses = progress.latest_statuses(plan)
    assert statuses == {"MES-SEC-01": "done", "MES-CHILD-01": "in_progress"}
    assert len(captured) == 1


def test_latest_statuses_of_a_plan_without_notes_is_empty(world: World) -> None:
    assert progress.latest_statuses(pb.adopted_plan(world)) == {}


def test_completion_counts_done_actions_of_the_adopted_version(world: World) -> None:
    plan = pb.adopted_plan(world)
    actions = progress.adopted_actions_of([plan.pk])[plan.pk]
    optional = next(a for a in actions if not a.mandatory)
    pb.note(world, plan, "MES-SEC-01", "done")
    pb.note(world, plan, optional.requirement_id, "done")
    pb.note(world, plan, "MES-CHILD-01", "in_progress")
    pb.note(world, plan, "MES-NOT-IN-PLAN", "done")
    found = progress.completion(plan)
    assert (found.done, found.total, found.mandatory_done, found.mandatory_total) == (2, len(actions), 1, 2)
    assert found.share == pytest.approx(2 / len(actions))


# --- Recording progress --------------------------------------------------------------------


@pytest.mark.parametrize("who", ["alice", "mateo", "maria", "fran"])
def test_the_producers_people_and_its_facilitator_record_progress(world: World, who: str) -> None:
    plan = pb.adopted_plan(world, partner="refiner")
    note = progress.record_progress(
        actor=world.actor(who), plan_uuid=plan.uuid, requirement_id="MES-SEC-01", status="in_progress", note="Met FARDC"
    )
    assert (note.status, note.note, note.author) == ("in_progress", "Met FARDC", world.users[who])
    entry = AuditEntry.objects.get(action="plan.progress_recorded")
    assert entry.detail["requirement"] == "MES-SEC-01"
    assert entry.producer == plan.producer.uuid


@pytest.mark.parametrize(("who", "error"), [("victor", NotAllowed), ("bob", NotAllowed), ("vera", NotFound)])
def test_viewers_and_a_buyer_partner_may_not_record_and_strangers_do_not_see_the_plan(
    world: World, who: str, error: type[Exception]
) -> None:
    plan = pb.adopted_plan(world, partner="refiner")
    with pytest.raises(error):
        progress.record_progress(
            actor=world.actor(who), plan_uuid=plan.uuid, requirement_id="MES-SEC-01", status="done"
        )
    assert not ProgressNote.objects.exists()


def test_a_partner_whose_authorisation_was_revoked_no_longer_sees_the_plan(world: World) -> None:
    plan = pb.adopted_plan(world, partner="refiner")
    AssessorAuthorisation.objects.filter(organisation=world.orgs["refiner"]).update(revoked_at="2027-01-01T00:00Z")
    with pytest.raises(NotFound):
        progress.get_action(actor=world.actor("bob"), plan_uuid=plan.uuid, requirement_id="MES-SEC-01")


def test_it_refuses_progress_on_a_plan_not_adopted(world: World) -> None:
    plan = pb.draft_plan(world)
    with pytest.raises(NotAllowed):
        progress.record_progress(
            actor=world.actor("alice"), plan_uuid=plan.uuid, requirement_id="MES-SEC-01", status="done"
        )


def test_it_refuses_a_requirement_that_is_not_in_the_adopted_plan(world: World) -> None:
    plan = pb.adopted_plan(world, requirements=["MES-SEC-01"])
    with pytest.raises(NotFound):
        progress.record_progress(
            actor=world.actor("alice"), plan_uuid=plan.uuid, requirement_id="MES-CHILD-01", status="done"
        )


def test_it_names_a_bad_status_and_a_long_note_and_saves_nothing(world: World) -> None:
    plan = pb.adopted_plan(world)
    with pytest.raises(ValidationError) as caught:
        progress.record_progress(
            actor=world.actor("alice"),
            plan_uuid=plan.uuid,
            requirement_id="MES-SEC-01",
            status="finished",
            note="x" * (progress.NOTE_MAX + 1),
        )
    assert set(caught.value.message_dict) == {"status", "note"}
    assert not ProgressNote.objects.exists()
    assert not AuditEntry.objects.filter(action="plan.progress_recorded").exists()


def test_evidence_is_typed_from_its_bytes_and_stored_under_its_hash(world: World) -> None:
    plan = pb.adopted_plan(world)
    files = [upload(jpeg_bytes(), "a.jpg"), upload(pdf_bytes(), "letter.pdf", "application/pdf")]
    note = progress.record_progress(
        actor=world.actor("maria"), plan_uuid=plan.uuid, requirement_id="MES-SEC-01", status="done", files=files
    )
    stored = list(note.evidence.order_by("id"))
    assert [(e.original_name, e.content_type) for e in stored] == [
        ("a.jpg", "image/jpeg"),
        ("letter.pdf", "application/pdf"),
    ]
    assert stored[0].file.name.endswith(stored[0].sha256)
    assert default_storage.exists(stored[1].file.name)
    detail = AuditEntry.objects.get(action="plan.progress_recorded").detail
    assert detail["files"] == [e.sha256 for e in stored]


def test_a_file_that_is_not_a_photo_or_pdf_refuses_the_whole_note(world: World) -> None:
    plan = pb.adopted_plan(world)
    files = [upload(png_bytes(), "ok.png", "image/png"), upload(b"<html>hello</html>", "photo.jpg")]
    with pytest.raises(ValidationError) as caught:
        progress.record_progress(
            actor=world.actor("alice"), plan_uuid=plan.uuid, requirement_id="MES-SEC-01", status="done", files=files
        )
    assert "photo.jpg" in caught.value.message_dict["files"][0]
    assert not ProgressNote.objects.exists()
    assert not ActionEvidence.objects.exists()


def test_a_file_over_the_limit_is_refused(world: World, settings: object) -> None:
    settings.PASSPORT_EVIDENCE_MAX_BYTES = 1024  # type: ignore[attr-defined]
    plan = pb.adopted_plan(world)
    with pytest.raises(ValidationError) as caught:
        progress.record_progress(
            actor=world.actor("alice"),
            plan_uuid=plan.uuid,
            requirement_id="MES-SEC-01",
            status="done",
            files=[upload(png_bytes() + bytes(2000), "big.png", "image/png")],
        )
    assert "too large" in caught.value.message_dict["files"][0]


def test_evidence_is_read_by_the_producer_and_its_facilitator_only_and_outsiders_reads_are_logged(
    world: World,
) -> None:
    plan = pb.adopted_plan(world, partner="refiner")
    note = progress.record_progress(
        actor=world.actor("alice"),
        plan_uuid=plan.uuid,
        requirement_id="MES-SEC-01",
        status="done",
        files=[upload(jpeg_bytes())],
    )
    evidence = note.evidence.get()
    assert progress.get_action_evidence(actor=world.actor("victor"), evidence_uuid=evidence.uuid) == evidence
    assert not AuditEntry.objects.filter(action="view.confidential").exists()
    assert progress.get_action_evidence(actor=world.actor("fran"), evidence_uuid=evidence.uuid) == evidence
    logged = AuditEntry.objects.get(action="view.confidential", object_id=str(evidence.uuid))
    assert logged.detail["what"] == ["evidence.files"]
    assert logged.detail["audience"] == "facilitator"
    # Files may show people: the buyer partner reads the plan, never the files, whatever it holds.
    sharing.grant(world, "refiner")
    for who in ("bob", "oscar"):
        with pytest.raises(NotFound):
            progress.get_action_evidence(actor=world.actor(who), evidence_uuid=evidence.uuid)


# --- A producer's progress over time --------------------------------------------------------


def test_producer_progress_compares_each_result_with_the_one_before(world: World) -> None:
    first = pb.mitigating_result(world)
    second = pb.resolved_result(world)
    found = progress.producer_progress(actor=world.actor("mateo"), producer_uuid=world.producers["esperanza"].uuid)
    assert [p.uuid for p in found.results] == [first.uuid, second.uuid]
    assert found.results[0].movements == {}
    assert (found.results[0].compared, found.results[1].compared) == (False, True)
    assert (found.total_results, found.capped) == (2, False)
    assert found.results[0].counts["mitigate"] == 2
    assert found.results[1].counts["mitigate"] == 0
    assert found.results[1].movements["MES-SEC-01"] == "improved"
    assert found.results[1].movements["MES-CHILD-01"] == "improved"
    assert found.results[1].improved >= 2
    assert found.results[1].regressed == 0


def test_producer_progress_shows_the_latest_results_and_compares_the_oldest_shown_with_the_one_before(
    world: World,
) -> None:
    pb.mitigating_result(world)
    second = pb.resolved_result(world)
    third = pb.mitigating_result(world)
    with CaptureQueriesContext(connection) as captured:
        found = progress.producer_progress(
            actor=world.actor("mateo"), producer_uuid=world.producers["esperanza"].uuid, shown=1
        )
    assert [p.uuid for p in found.results] == [third.uuid]
    assert (found.total_results, found.capped) == (3, True)
    assert found.results[0].compared
    assert found.results[0].movements["MES-SEC-01"] == "regressed"
    # Only the findings of the shown result and of the one before it are read.
    (findings,) = [q["sql"] for q in captured if "assessments_resultfinding" in q["sql"]]
    assert "JOIN" not in findings
    listed = re.search(r'"result_id" IN \(([^)]*)\)', findings)
    assert listed is not None
    assert {int(i) for i in listed.group(1).split(",")} == {second.pk, third.pk}


def test_producer_progress_shows_each_adopted_plans_completion(world: World) -> None:
    plan = pb.adopted_plan(world)
    pb.draft_plan(world)
    pb.note(world, plan, "MES-SEC-01", "done")
    found = progress.producer_progress(actor=world.actor("fran"), producer_uuid=world.producers["esperanza"].uuid)
    assert [p.plan for p in found.plans] == [plan]
    assert found.plans[0].completion.mandatory_done == 1


@pytest.mark.parametrize("who", ["vera", "oscar"])
def test_producer_progress_is_hidden_from_those_who_may_not_know_the_producer(world: World, who: str) -> None:
    with pytest.raises(NotFound):
        progress.producer_progress(actor=world.actor(who), producer_uuid=world.producers["esperanza"].uuid)


def test_an_authorised_buyer_without_a_grant_reads_the_progress_page_with_everything_withheld(world: World) -> None:
    authorise(world, "esperanza", "refiner")
    pb.mitigating_result(world)
    found = progress.producer_progress(actor=world.actor("bob"), producer_uuid=world.producers["esperanza"].uuid)
    assert (found.results, found.total_results, found.shows_findings) == (None, None, False)
    assert (found.plans, found.all_plans) == ([], False)  # the partner of no plan yet


@pytest.mark.parametrize(
    ("who", "expected"), [("victor", True), ("fran", True), ("bob", True), ("vera", False), ("oscar", False)]
)
def test_may_read_progress_says_who_gets_the_progress_page(world: World, who: str, expected: bool) -> None:
    authorise(world, "esperanza", "refiner")
    assert progress.may_read_progress(world.actor(who), world.producers["esperanza"]) is expected
