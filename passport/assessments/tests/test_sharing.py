"""What each audience sees of a producer's assessments, results, history, roll-up and benchmark,
on the pages and through the API (issue 5: the sharing lens on every read path).

Esperanza's submitted self-assessment holds planted values: a partners-level free-text answer,
a confidential number, a confidential "yes" to forced labour (a finding that must stop trade),
and an evidence file with a planted name and note. Each audience opens the pages and the API and
gets exactly what the policy gives it: a withheld value is shown as withheld with the reason,
never as unanswered or "no", and its planted text is nowhere in the bytes."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from passport.accounts.access import NotAllowed, NotFound
from passport.assessments import history as assessment_history
from passport.assessments import reading, rollup, services
from passport.assessments.models import Assessment, Evidence, Result
from passport.audit.models import AuditEntry
from passport.engine import get_standard
from passport.producers.clock import local_today
from passport.producers.tests import builders as registry
from passport.sharing.models import Grant
from passport.sharing.tests.builders import grant, listed, tighten
from tests.world import World

from .builders import DAY, answered, api_token, authorise, example_answers, pdf_bytes, start, submitted, upload

PARTNERS_TEXT = "QzSiteNoteForPartners"  # site_description: partners
CONFIDENTIAL_NUMBER = "7.3917"  # hg_kg_per_month: confidential
EVIDENCE_NAME = "QzEvidenceOfRosa.pdf"
EVIDENCE_NOTE = "QzEvidenceNote"
PLANTED = {"site_description": PARTNERS_TEXT, "hg_kg_per_month": float(CONFIDENTIAL_NUMBER), "forced_labour": True}
PUBLIC_ANSWER = 'name="complaints_channel" value="documented" checked'  # public in mes@1.0


@dataclass(frozen=True)
class Planted:
    result: Result
    assessment: Assessment
    evidence: Evidence
    earlier: Result
    """An earlier result, so the history compares the two."""


def plant(world: World) -> Planted:
    alice = world.actor("alice")
    earlier = services.submit_assessment(actor=alice, assessment_uuid=answered(world).uuid, as_of=DAY)
    draft = answered(world)
    services.save_answers(actor=alice, assessment_uuid=draft.uuid, answers=PLANTED)
    evidence = services.attach_evidence(
        actor=alice,
        assessment_uuid=draft.uuid,
        requirement_id="MES-ORG-01",
        uploaded_file=upload(pdf_bytes(), EVIDENCE_NAME, "application/pdf"),
        description=EVIDENCE_NOTE,
    )
    result = services.submit_assessment(actor=alice, assessment_uuid=draft.uuid, as_of=DAY)
    return Planted(result, draft, evidence, earlier)


def _today(world: World) -> dt.date:
    return local_today(world.producers["esperanza"])


def _nothing(world: World) -> Grant | None:
    return None


def _listed(world: World) -> Grant | None:
    listed(world)
    return None


def _authorised(world: World) -> Grant | None:
    authorise(world, "bob")
    return None


@dataclass(frozen=True)
class Audience:
    who: str
    setup: Callable[[World], Grant | None]
    partners: bool
    """Sees partners-level answers."""
    confidential: bool
    """Sees confidential answers and evidence files."""
    findings: bool


AUDIENCES = {
    "own": Audience("victor", _nothing, partners=True, confidential=True, findings=True),
    "facilitator": Audience("fran", _nothing, partners=True, confidential=True, findings=True),
    "actual partner": Audience("bob", lambda w: grant(w, "refiner"), partners=True, confidential=False, findings=True),
    "prospective partner": Audience(
        "bob",
        lambda w: grant(w, "refiner", audience="prospective_partner", purposes=["sourcing"]),
        partners=False,
        confidential=False,
        findings=True,
    ),
    "verifier": Audience("vera", lambda w: grant(w, "checkers"), partners=True, confidential=False, findings=True),
    "authority": Audience("ana", lambda w: grant(w, "ministry"), partners=False, confidential=False, findings=False),
    "listed, no grant": Audience("bob", _listed, partners=False, confidential=False, findings=False),
    "authorised, no grant": Audience("bob", _authorised, partners=False, confidential=False, findings=False),
    "expired grant": Audience(
        "bob",
        lambda w: grant(
            w, "refiner", granted_on=_today(w) - dt.timedelta(days=60), until=_today(w) - dt.timedelta(days=1)
        ),
        partners=False,
        confidential=False,
        findings=False,
    ),
    "revoked grant": Audience(
        "bob",
        lambda w: grant(w, "refiner", granted_on=_today(w) - dt.timedelta(days=60), revoked_on=_today(w)),
        partners=False,
        confidential=False,
        findings=False,
    ),
}
OUTSIDE = [name for name in AUDIENCES if name != "own"]


def client_of(world: World, who: str) -> Client:
    client = Client()
    client.force_login(world.users[who])
    return client


def module_url(assessment: Assessment, module_id: str) -> str:
    return reverse("assessments:module", kwargs={"uuid": assessment.uuid, "module_id": module_id})


def entries() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action="view.confidential").order_by("id"))


# --- Pages, audience by audience ---------------------------------------------------------------


@pytest.mark.parametrize("name", list(AUDIENCES))
def test_the_module_pages_show_each_answer_or_say_why_it_is_withheld(world: World, name: str) -> None:
    audience = AUDIENCES[name]
    planted = plant(world)
    audience.setup(world)
    client = client_of(world, audience.who)
    first = client.get(module_url(planted.assessment, "M1"))
    assert first.status_code == 200
    page = first.content.decode()
    assert PUBLIC_ANSWER in page  # public answers are everyone's
    assert (PARTNERS_TEXT in page) == audience.partners
    if not audience.partners:
        assert 'name="site_description"' not in page
        assert '<p class="withheld">Withheld: ' in page
    assert (EVIDENCE_NAME in page) == audience.confidential
    assert (EVIDENCE_NOTE in page) == audience.confidential
    assert (planted.evidence.sha256 in page) is False  # never on the page, even inside
    if not audience.confidential:
        assert "only the producer and its facilitator see the evidence files" in page
        assert "No evidence attached." not in page  # withheld is not "none"
    harms = client.get(module_url(planted.assessment, "M3")).content.decode()
    assert ('name="forced_labour" value="yes" checked' in harms) == audience.confidential
    if not audience.confidential:
        assert 'name="forced_labour"' not in harms  # neither "yes" nor "no" nor an empty question
        # Partners see M3's partners-level answers beside each withheld one; for the others every
        # answer is withheld: one marker for the module, with the count.
        assert ("answers of this module:" in harms) != audience.partners
        assert "the producer shares this information with no one but its facilitator" in harms
    mercury = client.get(module_url(planted.assessment, "M5")).content
    assert (CONFIDENTIAL_NUMBER.encode() in mercury) == audience.confidential


@pytest.mark.parametrize("name", list(AUDIENCES))
def test_the_overview_counts_withheld_answers_as_withheld_not_as_to_do(world: World, name: str) -> None:
    audience = AUDIENCES[name]
    planted = plant(world)
    audience.setup(world)
    page = client_of(world, audience.who).get(reverse("assessments:overview", args=[planted.assessment.uuid]))
    assert page.status_code == 200
    assert (" withheld</td>" in page.text) != audience.confidential
    assert ('<span class="tag">Withheld</span>' in page.text) != audience.confidential


@pytest.mark.parametrize("name", list(AUDIENCES))
def test_the_result_page_shows_findings_to_those_who_see_them_and_says_why_to_the_others(
    world: World, name: str
) -> None:
    audience = AUDIENCES[name]
    planted = plant(world)
    audience.setup(world)
    page = client_of(world, audience.who).get(reverse("assessments:result", args=[planted.result.uuid]))
    assert page.status_code == 200
    text = page.content.decode()
    assert planted.result.classification["en"]["outcome_label"] in text  # the outcome is public
    assert ("Must stop now" in text) == audience.findings
    if not audience.findings:
        assert "<h2>Findings</h2>" in text
        assert '<p class="withheld">Withheld: ' in text
        finding = next(
            f for f in planted.result.classification["en"]["findings"] if f["requirement"] == "MES-FORCED-01"
        )
        assert finding["reason"] not in text


@pytest.mark.parametrize("name", list(AUDIENCES))
def test_the_history_compares_results_for_those_who_see_findings(world: World, name: str) -> None:
    audience = AUDIENCES[name]
    plant(world)
    audience.setup(world)
    page = client_of(world, audience.who).get(reverse("assessments:history", args=[world.producers["esperanza"].uuid]))
    assert page.status_code == 200
    assert ("improved," in page.text) == audience.findings
    assert ("Each requirement" in page.text) == audience.findings
    assert ('<p class="withheld">' in page.text) != audience.findings


@pytest.mark.parametrize("name", list(AUDIENCES))
def test_evidence_files_are_downloaded_only_inside_the_producer(world: World, name: str) -> None:
    audience = AUDIENCES[name]
    planted = plant(world)
    audience.setup(world)
    status = client_of(world, audience.who).get(reverse("assessments:evidence", args=[planted.evidence.uuid]))
    assert status.status_code == (200 if audience.confidential else 404)


@pytest.mark.parametrize("who", ["bob", "oscar", "ana"])
def test_someone_who_may_not_know_the_producer_gets_not_found_everywhere(world: World, who: str) -> None:
    planted = plant(world)
    client = client_of(world, who)
    producer = world.producers["esperanza"].uuid
    urls = [
        reverse("assessments:overview", args=[planted.assessment.uuid]),
        module_url(planted.assessment, "M1"),
        reverse("assessments:result", args=[planted.result.uuid]),
        reverse("assessments:evidence", args=[planted.evidence.uuid]),
        reverse("assessments:history", args=[producer]),
        reverse("assessments:rollup", args=[producer]),
        reverse("assessments:benchmark", args=[producer]),
        reverse("assessments:start", args=[producer]),
    ]
    assert [client.get(url).status_code for url in urls] == [404] * len(urls)
    assert not entries()


def test_a_producers_draft_stays_hidden_from_a_partner(world: World) -> None:
    draft = start(world)
    grant(world, "refiner")
    client = client_of(world, "bob")
    assert client.get(reverse("assessments:overview", args=[draft.uuid])).status_code == 404
    with pytest.raises(NotFound):
        services.get_assessment(actor=world.actor("bob"), assessment_uuid=draft.uuid)


# --- Tightening ----------------------------------------------------------------------------------


def test_answers_tightened_to_confidential_are_withheld_from_partners(world: World) -> None:
    planted = plant(world)
    grant(world, "refiner")
    tighten(world, "assessment.answers", "confidential")
    page = client_of(world, "bob").get(module_url(planted.assessment, "M1")).content.decode()
    assert PARTNERS_TEXT not in page
    assert "the producer shares this information with no one but its facilitator" in page
    assert PUBLIC_ANSWER not in page  # a public answer is tightened too
    detail = services.get_assessment(actor=world.actor("bob"), assessment_uuid=planted.assessment.uuid)
    assert detail.answers == {}
    assert client_of(world, "fran").get(module_url(planted.assessment, "M1")).content.decode().count(PARTNERS_TEXT) == 1


def test_findings_tightened_to_confidential_are_withheld_from_partners(world: World) -> None:
    planted = plant(world)
    grant(world, "refiner")
    tighten(world, "assessment.findings", "confidential")
    page = client_of(world, "bob").get(reverse("assessments:result", args=[planted.result.uuid])).content.decode()
    assert "Must stop now" not in page
    assert "<h2>Findings</h2>" in page


def test_an_outcome_tightened_to_partners_is_withheld_from_the_public_on_every_page(world: World) -> None:
    planted = plant(world)
    listed(world)
    tighten(world, "producer.outcome", "partners")
    client = client_of(world, "bob")
    label = planted.result.classification["en"]["outcome_label"]
    result = client.get(reverse("assessments:result", args=[planted.result.uuid])).content.decode()
    history = client.get(reverse("assessments:history", args=[world.producers["esperanza"].uuid])).content.decode()
    for page in (result, history):
        assert label not in page
        assert "see the assessment&#x27;s outcome" in page
    secret = api_token(world, org="refiner", who="bob", scopes=("assessments:read",))
    body = api(secret, f"/producers/{world.producers['esperanza'].uuid}/results")
    assert {item["outcome"] for item in body["items"]} == {None}
    assert all("producer.outcome" in item["withheld"] for item in body["items"])


# --- The organisation conducting an assessment ---------------------------------------------------


def test_the_conducting_buyer_reads_its_own_review_in_full_and_the_producers_through_the_lens(world: World) -> None:
    planted = plant(world)
    authorise(world, "bob")
    bob = world.actor("bob")
    review = start(world, "bob", kind="buyer_review")
    answers = example_answers("co-narino-cooperative", world.producers["esperanza"]) | PLANTED
    services.save_answers(actor=bob, assessment_uuid=review.uuid, answers=answers)
    evidence = services.attach_evidence(
        actor=bob,
        assessment_uuid=review.uuid,
        requirement_id="MES-ORG-01",
        uploaded_file=upload(pdf_bytes(), EVIDENCE_NAME, "application/pdf"),
    )
    result = services.submit_assessment(actor=bob, assessment_uuid=review.uuid, as_of=DAY)
    client = client_of(world, "bob")
    own = client.get(module_url(review, "M1")).content.decode()
    assert PARTNERS_TEXT in own
    assert EVIDENCE_NAME in own
    assert 'name="forced_labour" value="yes" checked' in client.get(module_url(review, "M3")).content.decode()
    assert client.get(reverse("assessments:evidence", args=[evidence.uuid])).status_code == 200
    assert "Must stop now" in client.get(reverse("assessments:result", args=[result.uuid])).content.decode()
    theirs = client.get(module_url(planted.assessment, "M1")).content.decode()
    assert PARTNERS_TEXT not in theirs
    assert EVIDENCE_NAME not in theirs
    assert client.get(reverse("assessments:evidence", args=[planted.evidence.uuid])).status_code == 404
    # Bob holds no grant: its reads of its own work are logged all the same, naming none.
    logged = [e for e in entries() if e.object_id in {str(review.uuid), str(result.uuid), str(evidence.uuid)}]
    assert logged
    assert {e.detail["grant"] for e in logged} == {None}
    assert {e.detail["audience"] for e in logged} == {"public"}


# --- Starting needs an authorisation, not a grant ------------------------------------------------


def test_a_known_buyer_may_open_the_producer_but_not_start_an_assessment(world: World) -> None:
    grant(world, "refiner")
    client = client_of(world, "bob")
    assert client.get(reverse("assessments:start", args=[world.producers["esperanza"].uuid])).status_code == 403
    with pytest.raises(NotAllowed):
        start(world, "bob", kind="buyer_review")
    authorise(world, "bob")
    assert start(world, "bob", kind="buyer_review").kind == "buyer_review"


# --- The access log ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("own", None),
        ("facilitator", ["assessment.answers", "evidence.files"]),
        ("actual partner", ["assessment.answers"]),
        ("verifier", ["assessment.answers"]),
        ("prospective partner", None),  # only public answers shown
        ("authority", None),
        ("listed, no grant", None),
        ("expired grant", None),
    ],
)
def test_a_module_page_read_writes_one_access_log_entry_naming_the_grant(
    world: World, name: str, what: list[str] | None
) -> None:
    audience = AUDIENCES[name]
    planted = plant(world)
    given = audience.setup(world)
    before = len(entries())
    client_of(world, audience.who).get(module_url(planted.assessment, "M1"))
    written = entries()[before:]
    if what is None:
        assert written == []
        return
    (entry,) = written
    assert (entry.object_type, entry.object_id) == ("assessment", str(planted.assessment.uuid))
    assert entry.producer == world.producers["esperanza"].uuid
    assert entry.detail["what"] == what
    assert entry.detail["grant"] == (str(given.uuid) if given else None)


@pytest.mark.parametrize(
    ("name", "what"),
    [
        ("own", None),
        ("actual partner", ["assessment.findings"]),
        ("prospective partner", ["assessment.findings"]),
        ("authority", None),
    ],
)
def test_a_result_page_read_logs_the_findings_it_showed(world: World, name: str, what: list[str] | None) -> None:
    audience = AUDIENCES[name]
    planted = plant(world)
    given = audience.setup(world)
    before = len(entries())
    client_of(world, audience.who).get(reverse("assessments:result", args=[planted.result.uuid]))
    written = entries()[before:]
    assert [e.detail["what"] for e in written] == ([what] if what else [])
    if what:
        assert given is not None
        assert written[0].detail["grant"] == str(given.uuid)
        assert written[0].detail["audience"] == name.replace(" ", "_")


# --- The API -------------------------------------------------------------------------------------

ORGS = {"victor": "esperanza", "fran": "field", "bob": "refiner", "vera": "checkers", "ana": "ministry"}


def api(secret: str, path: str, status: int = 200) -> Any:
    response = Client().get(f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert response.status_code == status, response.content[:300]
    return json.loads(response.content)


def token_of(world: World, who: str) -> str:
    creator = who if who != "victor" else "alice"
    return api_token(world, org=ORGS[who], who=creator, scopes=("assessments:read",))


@pytest.mark.parametrize("name", list(AUDIENCES))
def test_the_api_gives_withheld_answers_as_null_with_the_reason(world: World, name: str) -> None:
    audience = AUDIENCES[name]
    planted = plant(world)
    audience.setup(world)
    response = Client().get(
        f"/api/v1/assessments/{planted.assessment.uuid}?lang=es",
        HTTP_AUTHORIZATION=f"Bearer {token_of(world, audience.who)}",
    )
    assert response.status_code == 200
    body = response.json()
    values = {a["question"]: a["value"] for a in body["answers"]}
    assert values["complaints_channel"] == "documented"
    assert (values["site_description"] == PARTNERS_TEXT) == audience.partners
    assert (values["forced_labour"] is True) == audience.confidential
    assert (PARTNERS_TEXT.encode() in response.content) == audience.partners
    assert (CONFIDENTIAL_NUMBER.encode() in response.content) == audience.confidential
    if not audience.confidential:
        assert values["forced_labour"] is None
        assert body["withheld"]["answers.forced_labour"].startswith("No compartido")
        assert "forced_labour" not in body["unanswered_required"]
    if not audience.partners:
        assert values["site_description"] is None
        assert "answers.site_description" in body["withheld"]
    assert "answers.complaints_channel" not in body["withheld"]


@pytest.mark.parametrize("name", list(AUDIENCES))
def test_the_api_gives_withheld_findings_as_null_with_the_reason(world: World, name: str) -> None:
    audience = AUDIENCES[name]
    planted = plant(world)
    audience.setup(world)
    body = api(token_of(world, audience.who), f"/results/{planted.result.uuid}?lang=fr")
    assert body["outcome"] == planted.result.outcome
    findings = body["classification"]["findings"]
    assert (findings is not None) == audience.findings
    if audience.findings:
        assert any(f["requirement"] == "MES-FORCED-01" for f in findings)
        assert "assessment.findings" not in body["withheld"]
    else:
        assert body["classification"]["missing"] is None
        assert body["withheld"]["assessment.findings"].startswith("Non partagé")


def test_the_api_lists_show_a_known_buyer_the_submitted_assessments_and_their_outcomes(world: World) -> None:
    planted = plant(world)
    start(world)  # the producer's draft: not for the buyer
    listed(world)
    secret = token_of(world, "bob")
    producer = world.producers["esperanza"].uuid
    listed_assessments = api(secret, f"/producers/{producer}/assessments")
    assert {i["uuid"] for i in listed_assessments["items"]} == {
        str(planted.assessment.uuid),
        str(planted.earlier.assessment.uuid),
    }
    assert all(i["outcome"] and i["withheld"] == {} for i in listed_assessments["items"])
    results = api(secret, f"/producers/{producer}/results")
    assert {i["uuid"] for i in results["items"]} == {str(planted.result.uuid), str(planted.earlier.uuid)}
    assert not entries()  # only public data shown


# --- Roll-up and benchmark -----------------------------------------------------------------------

UNIT_NAME = "QzCrewOfRosa"
EXCLUSION_WHY = "QzRosasSonUnderground"


def units_assessed(world: World) -> None:
    producer = world.producers["esperanza"]
    alice = world.actor("alice")
    kept, gone = registry.unit(producer, UNIT_NAME), registry.unit(producer, "Pit 3 crew")
    for unit, changes in ((kept, {}), (gone, {"children_present": True, "child_access_rule": False})):
        draft = services.start_assessment(actor=alice, producer_uuid=producer.uuid, kind="self", unit_uuid=unit.uuid)
        answers = example_answers("co-narino-cooperative", producer) | {"pits_secured": True, "machinery_used": False}
        services.save_answers(actor=alice, assessment_uuid=draft.uuid, answers=answers | changes)
        services.submit_assessment(actor=alice, assessment_uuid=draft.uuid, as_of=DAY)
    registry.unit(producer, "Left crew")
    registry.exclusion(registry.unit(producer, "Gone crew"), dt.date(2026, 10, 1), reason=EXCLUSION_WHY)


@pytest.mark.parametrize("name", list(AUDIENCES))
def test_the_roll_up_page_shows_names_reasons_and_findings_by_the_policy(world: World, name: str) -> None:
    audience = AUDIENCES[name]
    units_assessed(world)
    audience.setup(world)
    url = reverse("assessments:rollup", args=[world.producers["esperanza"].uuid]) + "?as_of=2026-10-15"
    response = client_of(world, audience.who).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    inside = audience.confidential
    assert (UNIT_NAME in page) == inside
    assert (EXCLUSION_WHY in page) == inside
    assert ("Unit 1" in page) == (audience.findings and not inside)
    assert ("<h2>Why</h2>" in page) == audience.findings
    assert ("Where the organisation stands on each requirement" in page) == audience.findings
    assert 'class="outcome incomplete"' in page  # the organisation's outcome is public
    assert "3 units count · 1 excluded · 1 without a result" in page
    if not audience.findings:
        assert '<p class="withheld">' in page
        assert "Excluded since" not in page


@pytest.mark.parametrize("name", list(AUDIENCES))
def test_the_benchmark_page_pairs_units_for_those_who_see_findings(world: World, name: str) -> None:
    audience = AUDIENCES[name]
    units_assessed(world)
    audience.setup(world)
    url = reverse("assessments:benchmark", args=[world.producers["esperanza"].uuid]) + "?as_of=2026-10-15"
    response = client_of(world, audience.who).get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert ("Suggested pairs" in page) == audience.findings
    assert (UNIT_NAME in page) == audience.confidential
    if audience.findings and not audience.confidential:
        assert "Unit 2 learns from Unit 1" in page
    if not audience.findings:
        assert '<p class="withheld">' in page


@pytest.mark.parametrize("name", list(AUDIENCES))
def test_the_roll_up_api_gives_withheld_parts_as_null_with_the_reason(world: World, name: str) -> None:
    audience = AUDIENCES[name]
    units_assessed(world)
    audience.setup(world)
    response = Client().get(
        f"/api/v1/producers/{world.producers['esperanza'].uuid}/rollup?as_of=2026-10-15",
        HTTP_AUTHORIZATION=f"Bearer {token_of(world, audience.who)}",
    )
    body = response.json()
    assert body["outcome"] == "incomplete"
    assert (UNIT_NAME.encode() in response.content) == audience.confidential
    assert (EXCLUSION_WHY.encode() in response.content) == audience.confidential
    withheld = set(body["withheld"])
    assert ("units.names" in withheld) != audience.confidential
    assert ("exclusions.reasons" in withheld) != audience.confidential
    assert ("assessment.findings" in withheld) != audience.findings
    if audience.findings:
        labels = [u["label"] for u in body["units"]]
        assert labels == (
            [UNIT_NAME, "Pit 3 crew", "Left crew", "Gone crew"]
            if audience.confidential
            else ["Unit 1", "Unit 2", "Unit 3", "Unit 4"]
        )
        assert [u["excluded"] for u in body["units"]] == [False, False, False, True]
    else:
        assert (body["units"], body["reasons"], body["requirements"]) == (None, None, None)


def test_a_partners_roll_up_read_is_logged_with_its_grant(world: World) -> None:
    units_assessed(world)
    given = grant(world, "refiner")
    rollup.rollup_for(actor=world.actor("bob"), producer_uuid=world.producers["esperanza"].uuid, as_of=DAY)
    (entry,) = entries()
    assert (entry.object_type, entry.detail["what"], entry.detail["grant"]) == (
        "rollup",
        ["assessment.findings"],
        str(given.uuid),
    )


# --- Queries stay flat for a reader outside the producer ----------------------------------------


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_partners_pages_make_the_same_queries_with_ten_times_the_results(world: World) -> None:
    planted = plant(world)
    grant(world, "refiner")
    client = client_of(world, "bob")
    history = reverse("assessments:history", args=[world.producers["esperanza"].uuid])
    module = module_url(planted.assessment, "M1")
    few = (_queries(client, history), _queries(client, module))
    for _ in range(9):
        plant(world)
    assert (_queries(client, history), _queries(client, module)) == few


# --- History: a comparison is findings of both results ---------------------------------------------


def test_a_buyers_own_review_is_not_compared_with_a_self_assessment_whose_findings_it_does_not_see(
    world: World,
) -> None:
    producer = world.producers["esperanza"]
    submitted(world)  # the producer's self-assessment: bob holds no grant
    authorise(world, "bob")
    review = answered(world, "bob", kind="buyer_review")
    services.submit_assessment(actor=world.actor("bob"), assessment_uuid=review.uuid, as_of=DAY)
    found = assessment_history.history(actor=world.actor("bob"), producer_uuid=producer.uuid)
    entry = next(e for e in found.entries if e.assessment.pk == review.pk)
    assert entry.movements == {}
    assert entry.movements_withheld is not None
    assert entry.outcome_withheld is None  # its own result, in full
    page = client_of(world, "bob").get(reverse("assessments:history", args=[producer.uuid])).content.decode()
    assert "improved," not in page
    assert "Each requirement" not in page
    assert "Since the previous result:</p>" in page
    assert '<p class="withheld">' in page
    # With a grant that shows findings, the same comparison is shown.
    grant(world, "refiner")
    found = assessment_history.history(actor=world.actor("bob"), producer_uuid=producer.uuid)
    entry = next(e for e in found.entries if e.assessment.pk == review.pk)
    assert entry.movements
    assert entry.movements_withheld is None


# --- Units' outcomes and assessors are findings ---------------------------------------------------

VERIFIER_NAME = "Independent Checks Ltd"


@dataclass(frozen=True)
class Assessed:
    own: Assessment
    verification: Assessment
    units: list[Assessment]


def assessed_by_many(world: World) -> Assessed:
    """Esperanza's own self-assessment, a verifier's verification and two units' self-assessments,
    all submitted."""
    units_assessed(world)
    own = submitted(world).assessment
    authorise(world, "vera")
    verification = answered(world, "vera", kind="verification")
    services.submit_assessment(actor=world.actor("vera"), assessment_uuid=verification.uuid, as_of=DAY)
    units = list(Assessment.objects.filter(unit__isnull=False).order_by("id"))
    assert len(units) == 2
    return Assessed(own, verification, units)


UNIT_AUDIENCES = ["listed, no grant", "prospective partner", "actual partner", "own"]


@pytest.mark.parametrize("name", UNIT_AUDIENCES)
def test_the_history_page_shows_units_and_assessors_only_to_those_who_see_findings(world: World, name: str) -> None:
    audience = AUDIENCES[name]
    made = assessed_by_many(world)
    audience.setup(world)
    producer = world.producers["esperanza"]
    found = assessment_history.history(actor=world.actor(audience.who), producer_uuid=producer.uuid)
    shown = {e.assessment.pk for e in found.entries}
    assert {made.own.pk, made.verification.pk} <= shown
    assert ({u.pk for u in made.units} <= shown) == audience.findings
    assert not ({u.pk for u in made.units} & shown) or audience.findings  # never some of them
    assert found.units_withheld == (0 if audience.findings else 2)
    page = client_of(world, audience.who).get(reverse("assessments:history", args=[producer.uuid])).content.decode()
    assert world.orgs["esperanza"].name in page  # the producer assessing itself is named
    assert (VERIFIER_NAME in page) == audience.findings
    assert ("2 assessments of units are not listed" in page) != audience.findings
    if not audience.findings:
        assert "Assessed by:</p>" in page
        assert "the findings and their actions" in page  # the reason names the field withheld
        for unit_assessment in made.units:
            assert str(unit_assessment.result.uuid) not in page


@pytest.mark.parametrize("name", UNIT_AUDIENCES)
def test_a_units_result_page_and_a_verifiers_show_outcome_and_assessor_by_the_findings(world: World, name: str) -> None:
    audience = AUDIENCES[name]
    made = assessed_by_many(world)
    audience.setup(world)
    client = client_of(world, audience.who)
    for unit_assessment in made.units:
        page = client.get(reverse("assessments:result", args=[unit_assessment.result.uuid])).content.decode()
        label = unit_assessment.result.classification["en"]["outcome_label"]
        assert (f'class="outcome {unit_assessment.result.outcome}"' in page) == audience.findings
        assert (label in page) == audience.findings
        assert (UNIT_NAME in page) == audience.confidential or unit_assessment.unit.name != UNIT_NAME
        assert world.orgs["esperanza"].name in page
    page = client.get(reverse("assessments:result", args=[made.verification.result.uuid])).content.decode()
    assert (VERIFIER_NAME in page) == audience.findings
    assert ("<h2>Assessed by</h2>" in page) != audience.findings
    overview = client.get(reverse("assessments:overview", args=[made.verification.uuid])).content.decode()
    assert (VERIFIER_NAME in overview) == audience.findings
    assert ("<h2>Conducted by</h2>" in overview) != audience.findings


@pytest.mark.parametrize("name", UNIT_AUDIENCES)
def test_the_api_lists_give_units_outcomes_assessors_and_unit_ids_by_the_policy(world: World, name: str) -> None:
    audience = AUDIENCES[name]
    made = assessed_by_many(world)
    audience.setup(world)
    secret = token_of(world, audience.who)
    producer = world.producers["esperanza"].uuid
    body = api(secret, f"/producers/{producer}/assessments?limit=100&lang=es")
    items = {i["uuid"]: i for i in body["items"]}
    own = items[str(made.own.uuid)]
    assert own["conducted_by"] == str(world.orgs["esperanza"].uuid)
    assert own["outcome"] == made.own.result.outcome
    assert own["withheld"] == {}
    verification = items[str(made.verification.uuid)]
    assert verification["outcome"] == made.verification.result.outcome  # the producer's outcome: public
    if audience.findings:
        assert verification["conducted_by"] == str(world.orgs["checkers"].uuid)
        assert verification["withheld"] == {}
    else:
        assert verification["conducted_by"] is None
        assert verification["withheld"]["assessment.findings"].startswith("No compartido")
    for unit_assessment in made.units:
        item = items[str(unit_assessment.uuid)]
        assert (item["outcome"] == unit_assessment.result.outcome) == audience.findings
        assert ("assessment.findings" in item["withheld"]) != audience.findings
        assert (item["unit"] == str(unit_assessment.unit.uuid)) == audience.confidential
        assert ("units.names" in item["withheld"]) != audience.confidential
        if not audience.findings:
            assert item["outcome"] is None
        if not audience.confidential:
            assert item["unit"] is None
    results = api(secret, f"/producers/{producer}/results?limit=100")
    by_result = {i["uuid"]: i for i in results["items"]}
    for unit_assessment in made.units:
        item = by_result[str(unit_assessment.result.uuid)]
        assert (item["outcome"] == unit_assessment.result.outcome) == audience.findings
        assert ("assessment.findings" in item["withheld"]) != audience.findings
    for unit_assessment in made.units:
        one = api(secret, f"/results/{unit_assessment.result.uuid}")
        assert (one["outcome"] == unit_assessment.result.outcome) == audience.findings
        assert (one["classification"]["outcome_label"] is not None) == audience.findings
    for unit_assessment in made.units:
        detail = api(secret, f"/assessments/{unit_assessment.uuid}")
        assert (detail["unit"] == str(unit_assessment.unit.uuid)) == audience.confidential


def test_a_partners_list_read_naming_an_assessor_is_logged_as_findings(world: World) -> None:
    assessed_by_many(world)
    given = grant(world, "refiner")
    services.list_assessments(actor=world.actor("bob"), producer_uuid=world.producers["esperanza"].uuid)
    (entry,) = entries()
    assert (entry.detail["what"], entry.detail["grant"]) == (["assessment.findings"], str(given.uuid))


def test_a_directory_readers_list_read_shows_nothing_to_log(world: World) -> None:
    assessed_by_many(world)
    listed(world)
    services.list_assessments(actor=world.actor("bob"), producer_uuid=world.producers["esperanza"].uuid)
    assessment_history.history(actor=world.actor("bob"), producer_uuid=world.producers["esperanza"].uuid)
    assert entries() == []


# --- Findings' reasons do not repeat withheld answers ------------------------------------------------

FORCED_ANSWER = "forced labour or debt bondage: yes"  # the rule narrowed to the confidential answer
FORCED_LABEL = "Someone is forced to work or cannot leave."


@pytest.mark.parametrize("name", [n for n, a in AUDIENCES.items() if a.findings])
def test_a_findings_reason_names_answers_only_to_those_who_see_them(world: World, name: str) -> None:
    audience = AUDIENCES[name]
    planted = plant(world)
    audience.setup(world)
    stored = planted.result.classification["en"]["findings"]
    assert any(f["reason"].endswith(FORCED_ANSWER) for f in stored)  # what the engine wrote
    page = client_of(world, audience.who).get(reverse("assessments:result", args=[planted.result.uuid])).text
    assert FORCED_LABEL in page
    assert (FORCED_ANSWER in page) == audience.confidential
    body = api(token_of(world, audience.who), f"/results/{planted.result.uuid}")
    forced = next(f for f in body["classification"]["findings"] if f["requirement"] == "MES-FORCED-01")
    assert forced["reason"] == (f"{FORCED_LABEL} — {FORCED_ANSWER}" if audience.confidential else FORCED_LABEL)
    assert (FORCED_ANSWER in json.dumps(body, ensure_ascii=False)) == audience.confidential
    # A requirement whose answers the reader all sees keeps the reason with its rule.
    standard = get_standard(planted.result.standard_ref)
    for f in body["classification"]["findings"]:
        indicators = standard.requirement(f["requirement"]).indicators
        sees_all = audience.confidential or (
            audience.partners and all(i.visibility.value != "confidential" for i in indicators)
        )
        original = next(s for s in stored if s["requirement"] == f["requirement"])
        assert (f["reason"] == original["reason"]) == (sees_all or " — " not in original["reason"])


def test_the_cached_result_page_of_one_reader_is_not_served_to_another(world: World) -> None:
    planted = plant(world)
    grant(world, "refiner")
    url = reverse("assessments:result", args=[planted.result.uuid])
    assert FORCED_ANSWER in client_of(world, "victor").get(url).text
    assert FORCED_ANSWER not in client_of(world, "bob").get(url).text
    assert FORCED_ANSWER in client_of(world, "victor").get(url).text


def test_the_cruel_treatment_finding_reads_without_the_answer_for_a_partner(world: World) -> None:
    alice = world.actor("alice")
    draft = answered(world)
    services.save_answers(actor=alice, assessment_uuid=draft.uuid, answers={"cruel_treatment": True})
    result = services.submit_assessment(actor=alice, assessment_uuid=draft.uuid, as_of=DAY)
    grant(world, "refiner")
    answer = "torture or cruel treatment: yes"
    assert any(f["reason"].endswith(answer) for f in result.classification["en"]["findings"])
    page = client_of(world, "bob").get(reverse("assessments:result", args=[result.uuid])).text
    assert "Torture or cruel treatment is linked to the site or its trade." in page
    assert answer not in page
    body = api(token_of(world, "bob"), f"/results/{result.uuid}?lang=es")
    assert "tortura o trato cruel: sí" not in json.dumps(body, ensure_ascii=False)
    assert "Hay tortura o tratos crueles ligados al sitio o a su comercio." in json.dumps(body, ensure_ascii=False)


def test_a_reason_without_answers_keeps_the_expiry_and_survives_a_lost_standard() -> None:
    standard = get_standard("mes@1.0")
    stored = {
        "requirement": "MES-FORCED-01",
        "cell": "forced_labour_present",
        "reason": f"Expired. {FORCED_LABEL} — {FORCED_ANSWER}",
        "expired": True,
        "escalation": "disengage_immediately",
        "due": "2026-01-01",
    }
    assert reading.finding_reason(standard, stored, "en") == (
        f"The window to mitigate ended on 2026-01-01 without the finding improving. {FORCED_LABEL}"
    )
    assert reading.finding_reason(standard, stored | {"expired": False}, "en") == FORCED_LABEL
    assert reading.finding_reason(None, stored, "en") == f"Expired. {FORCED_LABEL}"
    undecided = stored | {"cell": None, "reason": "Not decided yet: answer the missing questions."}
    assert reading.finding_reason(standard, undecided, "en") == undecided["reason"]
