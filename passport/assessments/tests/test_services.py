"""Assessment services for every role of the world: start, answer, evidence, submit, read, history."""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import DatabaseError, transaction

from passport.accounts.access import Actor, NotAllowed, NotFound
from passport.assessments import history as assessment_history
from passport.assessments import services
from passport.assessments.models import Answer, Assessment, Evidence, Result, ResultFinding
from passport.audit.models import AuditEntry
from passport.engine import get_standard
from passport.standards.models import StandardVersion
from tests.world import World

from .builders import (
    DAY,
    ROOT,
    answered,
    authorise,
    example_answers,
    jpeg_bytes,
    pdf_bytes,
    png_bytes,
    start,
    submitted,
    upload,
)

SAFETY = "MES-HS-01"
ESPERANZA_READERS = {"alice", "mateo", "maria", "victor", "fran"}
EVERYONE = {"alice", "mateo", "maria", "victor", "oscar", "fran", "bob", "vera", "ana", "stella"}


# --- Starting ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("alice", "ok"),
        ("mateo", "ok"),
        ("maria", "ok"),
        ("victor", NotAllowed),
        ("fran", "ok"),
        ("oscar", NotFound),
        ("bob", NotFound),
        ("vera", NotFound),
        ("ana", NotFound),
        ("stella", NotFound),
    ],
)
def test_a_self_assessment_is_started_by_the_producer_or_its_facilitator(world: World, who: str, expected) -> None:
    if expected == "ok":
        assessment = start(world, who)
        assert assessment.kind == "self"
        assert assessment.conducted_by == world.actor(who).organisation
        assert assessment.standard.ref == "mes@1.0"
    else:
        with pytest.raises(expected):
            start(world, who)


def test_it_pins_the_assessment_to_the_published_standard_digest(world: World) -> None:
    assessment = start(world)
    assert StandardVersion.objects.get(ref="mes@1.0").digest == get_standard("mes@1.0").digest
    assert assessment.standard.digest == get_standard("mes@1.0").digest


@pytest.mark.parametrize(("who", "kind"), [("bob", "buyer_review"), ("vera", "verification")])
def test_an_authorised_buyer_or_verifier_starts_its_own_kind_only(world: World, who: str, kind: str) -> None:
    authorise(world, who)
    assert start(world, who, kind=kind).kind == kind
    with pytest.raises(NotAllowed):
        start(world, who, kind="self")


def test_a_producer_may_not_run_a_buyer_review_of_itself(world: World) -> None:
    with pytest.raises(NotAllowed):
        start(world, "alice", kind="buyer_review")


def test_it_rejects_an_unknown_kind_naming_the_field(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        start(world, kind="audit")
    assert "kind" in caught.value.message_dict
    assert not Assessment.objects.exists()


def start_with_standard(world: World, ref: str) -> Assessment:
    return services.start_assessment(
        actor=world.actor("alice"), producer_uuid=world.producers["esperanza"].uuid, kind="self", standard_ref=ref
    )


def refusal_of_standard(world: World, ref: str) -> str:
    """The error on ``standard`` for ``ref``, checking nothing was created or published."""
    published = list(StandardVersion.objects.values_list("ref", flat=True))
    with pytest.raises(ValidationError) as caught:
        start_with_standard(world, ref)
    assert list(caught.value.message_dict) == ["standard"]
    assert not Assessment.objects.exists()
    assert list(StandardVersion.objects.values_list("ref", flat=True)) == published
    return " ".join(caught.value.message_dict["standard"])


def test_it_rejects_an_unknown_standard_naming_the_field(world: World) -> None:
    assert "mes@1.0" in refusal_of_standard(world, "x@9.9")


@pytest.mark.parametrize("path", ["/etc/passwd", "pyproject.toml", str(ROOT / "standards" / "mes-1.0.yaml")])
def test_it_refuses_a_file_path_as_standard_without_naming_server_paths(world: World, path: str) -> None:
    message = refusal_of_standard(world, path)
    assert "/" not in message
    assert str(ROOT) not in message


def test_it_refuses_a_copy_of_the_standard_in_another_folder(world: World, tmp_path: Path) -> None:
    copy = tmp_path / "mes-1.0.yaml"
    copy.write_bytes((ROOT / "standards" / "mes-1.0.yaml").read_bytes())
    message = refusal_of_standard(world, str(copy))
    assert str(tmp_path) not in message


@pytest.mark.parametrize("ref", ["MES@1.0", "mes@1.0\n", "mes@v1", "../mes@1.0", "mes@1.0/../../x", "@1.0", "mes"])
def test_it_refuses_a_ref_that_is_not_id_at_version(world: World, ref: str) -> None:
    start(world)  # mes@1.0 is published: the refusal is about the form of the ref
    Assessment.objects.all().delete()
    assert "/" not in refusal_of_standard(world, ref)


def test_it_refuses_a_standard_file_that_was_never_published(world: World, tmp_path: Path, monkeypatch) -> None:
    # A loadable, "published"-status file in a standards folder is not enough: the platform must
    # have published it (recorded its digest) before an assessment may use it.
    text = (ROOT / "standards" / "mes-1.0.yaml").read_text(encoding="utf-8")
    assert '  version: "1.0"' in text
    (tmp_path / "mes-9.0.yaml").write_text(text.replace('  version: "1.0"', '  version: "9.0"', 1), encoding="utf-8")
    monkeypatch.setenv("PASSPORT_STANDARDS_DIR", str(tmp_path))
    assert "/" not in refusal_of_standard(world, "mes@9.0")


def test_a_published_version_other_than_the_default_may_be_chosen(world: World, settings) -> None:
    start(world)  # publishes mes@1.0
    settings.PASSPORT_DEFAULT_STANDARD = "mes@2.0"
    assert start_with_standard(world, "mes@1.0").standard.ref == "mes@1.0"


def test_a_default_standard_that_cannot_be_loaded_is_refused_and_logged_not_shown(
    world: World, settings, caplog: pytest.LogCaptureFixture
) -> None:
    settings.PASSPORT_DEFAULT_STANDARD = "mes@2.0"  # no such file
    with caplog.at_level(logging.ERROR, logger="passport.assessments.services"):
        message = refusal_of_standard(world, "")
    assert "mes-2.0.yaml" not in message
    assert "mes-2.0.yaml" in caplog.text  # the operators get the details


def test_starting_is_audited(world: World) -> None:
    assessment = start(world)
    entry = AuditEntry.objects.get(action="assessment.started")
    assert entry.object_id == str(assessment.uuid)
    assert entry.producer == world.producers["esperanza"].uuid


# --- Answering --------------------------------------------------------------------------------


@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_only_the_conducting_organisation_with_member_role_saves_answers(world: World, who: str) -> None:
    assessment = start(world, "alice")
    call = {"actor": world.actor(who), "assessment_uuid": assessment.uuid, "answers": {"member_register": True}}
    if who in {"alice", "mateo", "maria"}:
        services.save_answers(**call)
        assert Answer.objects.get(assessment=assessment).value is True
    elif who in {"victor", "fran"}:  # can read, may not write (fran's organisation is not conducting it)
        with pytest.raises(NotAllowed):
            services.save_answers(**call)
    else:
        with pytest.raises(NotFound):
            services.save_answers(**call)


def test_each_answer_records_who_gave_it_and_for_which_organisation(world: World) -> None:
    assessment = start(world, "fran")
    services.save_answers(actor=world.actor("fran"), assessment_uuid=assessment.uuid, answers={"member_register": True})
    answer = Answer.objects.get(assessment=assessment)
    assert (answer.answered_by, answer.answered_for) == (world.users["fran"], world.orgs["field"])


def test_validation_errors_name_each_wrong_question_and_nothing_is_saved(world: World) -> None:
    assessment = start(world)
    bad = {"member_register": "maybe", "supply_chain_sketch": "sometimes", "policy_adopted": True, "nope": 1}
    with pytest.raises(ValidationError) as caught:
        services.save_answers(actor=world.actor("alice"), assessment_uuid=assessment.uuid, answers=bad)
    assert set(caught.value.message_dict) == {"member_register", "supply_chain_sketch", "nope"}
    assert not Answer.objects.exists()
    assert not AuditEntry.objects.filter(action="assessment.answers_saved").exists()


def test_it_refuses_answers_to_questions_that_do_not_apply(world: World) -> None:
    # Kalimbi mines tin: the mercury questions (gold only) do not apply to it.
    assessment = start(world, "oscar", producer="kalimbi")
    with pytest.raises(ValidationError) as caught:
        services.save_answers(
            actor=world.actor("oscar"), assessment_uuid=assessment.uuid, answers={"hg_practice": "mercury_free"}
        )
    assert "hg_practice" in caught.value.message_dict


def test_null_clears_an_answer_and_saving_is_a_partial_update(world: World) -> None:
    assessment = start(world)
    actor = world.actor("alice")
    services.save_answers(
        actor=actor, assessment_uuid=assessment.uuid, answers={"member_register": True, "workers_count": 9}
    )
    services.save_answers(actor=actor, assessment_uuid=assessment.uuid, answers={"member_register": None})
    assert dict(Answer.objects.values_list("indicator_id", "value")) == {"workers_count": 9}
    entry = AuditEntry.objects.filter(action="assessment.answers_saved").last()
    assert entry.detail == {"added": [], "changed": [], "cleared": ["member_register"]}


def test_the_audit_log_names_the_questions_saved_and_never_the_answers(world: World) -> None:
    assessment = start(world)
    actor = world.actor("alice")
    place = "Behind the church of San Pedro, 40 minutes on foot"
    first = {"site_description": place, "workers_count": 417}
    services.save_answers(actor=actor, assessment_uuid=assessment.uuid, answers=first)
    services.save_answers(
        actor=actor,
        assessment_uuid=assessment.uuid,
        answers={"site_description": place + " (river side)", "workers_count": None, "member_register": True},
    )
    entries = list(AuditEntry.objects.filter(action="assessment.answers_saved").order_by("id"))
    assert [e.detail for e in entries] == [
        {"added": ["site_description", "workers_count"], "changed": [], "cleared": []},
        {"added": ["member_register"], "changed": ["site_description"], "cleared": ["workers_count"]},
    ]
    logged = json.dumps([e.detail for e in entries])
    assert "San Pedro" not in logged
    assert "417" not in logged


def test_a_follow_up_question_appears_only_after_its_trigger_answer(world: World) -> None:
    assessment = start(world)
    shown = _shown_ids(world, assessment)
    assert "supply_chain_sketch" in shown
    assert "supply_chain_reviewed_12m" not in shown
    services.save_answers(
        actor=world.actor("alice"), assessment_uuid=assessment.uuid, answers={"supply_chain_sketch": "complete"}
    )
    assert "supply_chain_reviewed_12m" in _shown_ids(world, assessment)


def _shown_ids(world: World, assessment: Assessment) -> set[str]:
    detail = services.get_assessment(actor=world.actor("alice"), assessment_uuid=assessment.uuid)
    return {q.id for m in detail.questionnaire.modules for r in m.requirements for q in r.questions}


def test_a_token_writes_as_its_creator_and_without_a_creator_it_is_refused(world: World) -> None:
    assessment = start(world)
    token = Actor(
        user=None,
        organisation=world.orgs["esperanza"],
        role="member",
        scopes=frozenset({"assessments:write", "assessments:read"}),
    )
    with pytest.raises(NotAllowed, match="creator"):
        services.save_answers(actor=token, assessment_uuid=assessment.uuid, answers={"member_register": True})
    assert not Answer.objects.exists()


def test_a_token_without_the_write_scope_is_refused(world: World) -> None:
    assessment = start(world)
    token = Actor(
        user=None, organisation=world.orgs["esperanza"], role="member", scopes=frozenset({"assessments:read"})
    )
    with pytest.raises(NotAllowed, match="assessments:write"):
        services.save_answers(actor=token, assessment_uuid=assessment.uuid, answers={"member_register": True})


# --- Evidence ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("content", "name", "content_type"),
    [
        (png_bytes(), "a.png", "image/png"),
        (jpeg_bytes(), "b.jpg", "image/jpeg"),
        (pdf_bytes(), "c.pdf", "application/pdf"),
    ],
)
def test_real_images_and_pdfs_are_stored_under_their_sha256(
    world: World, content: bytes, name: str, content_type: str
) -> None:
    assessment = start(world)
    evidence = services.attach_evidence(
        actor=world.actor("alice"),
        assessment_uuid=assessment.uuid,
        requirement_id="MES-ORG-01",
        uploaded_file=upload(content, name, "application/octet-stream"),  # the browser's type is ignored
    )
    digest = hashlib.sha256(content).hexdigest()
    assert (evidence.sha256, evidence.content_type, evidence.size) == (digest, content_type, len(content))
    assert evidence.file.name == f"evidence/{digest[:2]}/{digest}"
    with evidence.file.open("rb") as stored:
        assert stored.read() == content
    assert AuditEntry.objects.get(action="evidence.attached").detail["sha256"] == digest


def test_webp_is_recognised_from_its_container_header(world: World) -> None:
    content = b"RIFF\x24\x00\x00\x00WEBPVP8L" + b"\x00" * 32
    assessment = start(world)
    evidence = services.attach_evidence(
        actor=world.actor("alice"),
        assessment_uuid=assessment.uuid,
        requirement_id="MES-ORG-01",
        uploaded_file=upload(content),
    )
    assert evidence.content_type == "image/webp"


@pytest.mark.parametrize(
    "content",
    [b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00" + b"\x00" * 64, b"<!doctype html><script>alert(1)</script>"],
    ids=["renamed-exe", "renamed-html"],
)
def test_a_renamed_program_or_web_page_is_refused_and_nothing_is_stored(world: World, content: bytes) -> None:
    assessment = start(world)
    with pytest.raises(ValidationError) as caught:
        services.attach_evidence(
            actor=world.actor("alice"),
            assessment_uuid=assessment.uuid,
            requirement_id="MES-ORG-01",
            uploaded_file=upload(content, "photo.jpg", "image/jpeg"),
        )
    assert "file" in caught.value.message_dict
    digest = hashlib.sha256(content).hexdigest()
    assert not default_storage.exists(f"evidence/{digest[:2]}/{digest}")
    assert not Evidence.objects.exists()


def test_an_oversize_file_is_refused(world: World, settings) -> None:
    settings.PASSPORT_EVIDENCE_MAX_BYTES = 1024
    content = png_bytes(40, 40) + b"\x00" * 2048
    assessment = start(world)
    with pytest.raises(ValidationError) as caught:
        services.attach_evidence(
            actor=world.actor("alice"),
            assessment_uuid=assessment.uuid,
            requirement_id="MES-ORG-01",
            uploaded_file=upload(content),
        )
    assert "file" in caught.value.message_dict
    assert not Evidence.objects.exists()


def test_evidence_for_an_unknown_requirement_names_the_field(world: World) -> None:
    assessment = start(world)
    with pytest.raises(ValidationError) as caught:
        services.attach_evidence(
            actor=world.actor("alice"),
            assessment_uuid=assessment.uuid,
            requirement_id="NOPE",
            uploaded_file=upload(png_bytes()),
        )
    assert "requirement" in caught.value.message_dict


@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_evidence_is_read_by_the_producer_and_its_assessors_only(world: World, who: str) -> None:
    assessment = start(world)
    evidence = services.attach_evidence(
        actor=world.actor("alice"),
        assessment_uuid=assessment.uuid,
        requirement_id="MES-ORG-01",
        uploaded_file=upload(pdf_bytes()),
    )
    if who in ESPERANZA_READERS:
        assert services.get_evidence(actor=world.actor(who), evidence_uuid=evidence.uuid) == evidence
    else:
        with pytest.raises(NotFound):
            services.get_evidence(actor=world.actor(who), evidence_uuid=evidence.uuid)


# --- Submitting -------------------------------------------------------------------------------


def test_submission_stores_the_result_once_in_every_language_pinned_to_the_digest(world: World) -> None:
    result = submitted(world)
    standard = get_standard("mes@1.0")
    assert set(result.classification) == {"en", "es", "fr"}
    assert result.standard_digest == standard.digest
    assert result.classification["es"]["outcome"] == result.outcome
    assert result.classification["es"]["outcome_label"] != result.classification["en"]["outcome_label"]
    findings = ResultFinding.objects.filter(result=result)
    assert findings.count() == len(result.classification["en"]["findings"])
    assessment = Assessment.objects.get(pk=result.assessment_id)
    assert (assessment.status, assessment.submitted_by) == ("submitted", world.users["alice"])
    assert AuditEntry.objects.get(action="assessment.submitted").detail["result"] == str(result.uuid)


def test_the_result_is_immutable_in_the_database(world: World) -> None:
    result = submitted(world)
    with pytest.raises(DatabaseError), transaction.atomic():
        Result.objects.filter(pk=result.pk).update(outcome="eligible")
    with pytest.raises(DatabaseError), transaction.atomic():
        ResultFinding.objects.filter(result=result).update(level="L4")
    assert Result.objects.get(pk=result.pk).outcome == result.outcome


def test_a_submitted_assessment_can_no_longer_be_changed(world: World) -> None:
    result = submitted(world)
    with pytest.raises(NotAllowed):
        services.save_answers(
            actor=world.actor("alice"), assessment_uuid=result.assessment.uuid, answers={"workers_count": 3}
        )
    with pytest.raises(NotAllowed):
        services.submit_assessment(actor=world.actor("alice"), assessment_uuid=result.assessment.uuid)


def test_a_disengagement_risk_gives_not_eligible_with_the_finding(world: World) -> None:
    assessment = answered(world)
    services.save_answers(actor=world.actor("alice"), assessment_uuid=assessment.uuid, answers={"forced_labour": True})
    result = services.submit_assessment(actor=world.actor("alice"), assessment_uuid=assessment.uuid, as_of=DAY)
    assert result.outcome == "not_eligible"
    assert ResultFinding.objects.filter(result=result, action="disengage_immediately").exists()


@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_results_are_read_by_the_producer_and_its_assessors_only(world: World, who: str) -> None:
    result = submitted(world)
    if who in ESPERANZA_READERS:
        assert services.get_result(actor=world.actor(who), result_uuid=result.uuid).result == result
    else:
        with pytest.raises(NotFound):
            services.get_result(actor=world.actor(who), result_uuid=result.uuid)


def test_a_read_by_another_organisation_is_audited_and_the_producers_own_is_not(world: World) -> None:
    result = submitted(world)
    services.get_result(actor=world.actor("victor"), result_uuid=result.uuid)
    assert not AuditEntry.objects.filter(action="view.confidential").exists()
    services.get_result(actor=world.actor("fran"), result_uuid=result.uuid)
    services.get_assessment(actor=world.actor("fran"), assessment_uuid=result.assessment.uuid)
    entries = AuditEntry.objects.filter(action="view.confidential")
    assert [(e.object_type, e.organisation) for e in entries] == [
        ("result", world.orgs["field"].uuid),
        ("assessment", world.orgs["field"].uuid),
    ]


# --- History ----------------------------------------------------------------------------------


def test_history_shows_each_requirement_moving_between_consecutive_results(world: World) -> None:
    first = submitted(world)
    second = answered(world)
    assert example_answers("co-narino-cooperative", second.producer)["ppe_use"] == "some"
    changes = {"hg_practice": "mercury_free", "supply_chain_reviewed_12m": True, "ppe_use": "none"}
    services.save_answers(actor=world.actor("alice"), assessment_uuid=second.uuid, answers=changes)
    services.submit_assessment(actor=world.actor("alice"), assessment_uuid=second.uuid, as_of=DAY)
    found = assessment_history.history(actor=world.actor("victor"), producer_uuid=world.producers["esperanza"].uuid)
    newest, oldest = found.entries
    assert oldest.result == first
    assert oldest.movements == {}
    assert newest.movements["MES-ORG-03"] == assessment_history.IMPROVED
    assert newest.movements["MES-HG-01"] == assessment_history.IMPROVED
    assert newest.movements["MES-ORG-01"] == assessment_history.UNCHANGED
    assert newest.movements[SAFETY] == assessment_history.REGRESSED
    assert newest.count(assessment_history.REGRESSED) == 1


@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_history_is_read_by_the_producer_and_its_assessors_only(world: World, who: str) -> None:
    submitted(world)
    esperanza = world.producers["esperanza"].uuid
    if who in ESPERANZA_READERS:
        assert len(assessment_history.history(actor=world.actor(who), producer_uuid=esperanza).entries) == 1
    else:
        with pytest.raises(NotFound):
            assessment_history.history(actor=world.actor(who), producer_uuid=world.producers["esperanza"].uuid)


@pytest.mark.parametrize("who", sorted(EVERYONE))
def test_the_result_page_summary_follows_the_same_rule_and_audit_as_the_result(world: World, who: str) -> None:
    """``get_result_summary`` runs its own SQL; it must let in, keep out and log exactly as
    ``get_result`` does (an authorised buyer included)."""
    authorise(world, "bob")
    result = submitted(world)
    actor = world.actor(who)

    def outcome(read: Callable[[], object]) -> tuple[bool, int]:
        before = AuditEntry.objects.filter(action="view.confidential").count()
        try:
            read()
        except NotFound:
            return False, AuditEntry.objects.filter(action="view.confidential").count() - before
        return True, AuditEntry.objects.filter(action="view.confidential").count() - before

    full = outcome(lambda: services.get_result(actor=actor, result_uuid=result.uuid))
    summary = outcome(lambda: services.get_result_summary(actor=actor, result_uuid=result.uuid))
    assert summary == full
    if full[0]:
        read = services.get_result_summary(actor=actor, result_uuid=result.uuid)
        assert (read.uuid, read.standard_digest, read.as_of, read.outcome) == (
            result.uuid,
            result.standard_digest,
            result.as_of,
            result.outcome,
        )
        assert (read.producer_uuid, read.producer_name) == (result.producer.uuid, result.producer.organisation.name)
        assert services.result_explanation(summary=read) == result.classification
