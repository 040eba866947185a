"""Plans and progress read through the sharing lens: every audience × the list of plans, a plan,
a version, an action, an evidence file, the progress page and the API — what is shown, what is
withheld (the marker and the policy's reason, never the planted value), what a read-only reader
is refused, and the one access-log entry per read.

The plan is esperanza's, agreed with the buyer "refiner" (Bob) and adopted; an action's owner,
a progress note, an evidence file and a comment carry planted values. A second buyer,
"Comercializadora Andina" (Carla), is not a party: what it reads depends on its grant only."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from passport.accounts.models import Membership, Organisation, User
from passport.assessments.tests.builders import pdf_bytes, upload
from passport.audit.models import AuditEntry
from passport.notifications.models import Notification
from passport.plans import progress, services
from passport.plans.models import ActionEvidence, Comment, Plan, PlanAction, ProgressNote, Signature
from passport.producers.clock import local_today
from passport.sharing.models import Grant
from passport.sharing.tests import builders as sharing
from tests.world import PASSWORD, World

from . import builders as b

OWNER = "Rosa Canario-Secreto"
"""An action's owner: members' personal data."""
NOTE = "Canary 7731: met the commander at the checkpoint"
"""A progress note: part of the plan."""
FILE = "canary-receipt-7731.pdf"
"""An evidence file's name: evidence files."""
COMMENT = "Canary 4412: can the receipts be photos?"
"""A comment between the parties: part of the plan."""
WITHHELD = '<p class="withheld">Withheld: '


@dataclass(frozen=True)
class Scene:
    plan: Plan
    evidence: ActionEvidence
    logged_before: int
    """The last audit entry before the test's reads (the log is append-only)."""


def scene(world: World) -> Scene:
    """Esperanza's plan with Bob's refinery, adopted, with the planted values in place."""
    plan = b.plan(world)
    b.adopt(world, plan)
    PlanAction.objects.filter(version=b.latest(plan), requirement_id="MES-SEC-01").update(owner=b.member(world, OWNER))
    services.add_comment(actor=world.actor("bob"), plan_uuid=plan.uuid, text=COMMENT)
    note = progress.record_progress(
        actor=world.actor("alice"),
        plan_uuid=plan.uuid,
        requirement_id="MES-SEC-01",
        status="in_progress",
        note=NOTE,
        files=[upload(pdf_bytes(), FILE, "application/pdf")],
    )
    last = AuditEntry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    return Scene(plan=plan, evidence=note.evidence.get(), logged_before=last)


def andina(world: World) -> None:
    """A second buyer (Carla), with no tie to esperanza until a case gives it one."""
    org = Organisation.objects.create(name="Comercializadora Andina", kind="buyer", country="PE")
    user = User.objects.create_user(email="carla@example.org", password=PASSWORD, name="Carla")
    Membership.objects.create(user=user, organisation=org, role="owner")
    world.orgs["andina"] = org
    world.users["carla"] = user


def _days_ago(world: World, n: int) -> dt.date:
    return local_today(world.producers["esperanza"]) - dt.timedelta(days=n)


@dataclass(frozen=True)
class Audience:
    who: str
    plans: str
    """``all`` of esperanza's plans; ``party``: the plans agreed with it only (the others
    withheld); ``withheld``: none (the list says why, a plan is 404); ``unknown``: 404 everywhere."""
    role: str = ""
    """Its role in the API's plan (``get_plan``)."""
    names: bool = False
    files: bool = False
    findings: bool = False
    reason: str = ""
    """A piece of the policy's reason for withholding the plans."""
    grant: bool = False
    """It reads through a grant (the access log names it)."""


AUDIENCES: dict[str, Audience] = {
    "producer": Audience("alice", "all", "producer", names=True, files=True, findings=True),
    "producer-viewer": Audience("victor", "all", "producer", names=True, files=True, findings=True),
    "facilitator": Audience("fran", "all", "facilitator", names=True, files=True, findings=True),
    "partner": Audience("bob", "party", "partner", reason="Refinería del Sur holds no grant"),
    "partner-with-grant": Audience("bob", "all", "partner", findings=True, grant=True),
    "actual-partner": Audience("carla", "all", "reader", findings=True, grant=True),
    "verifier": Audience("vera", "all", "reader", findings=True, grant=True),
    "prospective-partner": Audience("carla", "withheld", findings=True, reason="holds a prospective-partner grant"),
    "authority": Audience("ana", "withheld", reason="holds an authority grant"),
    "known-no-grant": Audience("carla", "withheld", reason="Comercializadora Andina holds no grant"),
    "expired-grant": Audience("carla", "withheld", reason="the grant to Comercializadora Andina ended on"),
    "revoked-grant": Audience("carla", "withheld", reason="revoked the grant to Comercializadora Andina"),
    "stranger": Audience("oscar", "unknown"),
    "unknown-buyer": Audience("carla", "unknown"),
}

SETUPS: dict[str, Any] = {
    "partner-with-grant": lambda w: sharing.grant(w, "refiner"),
    "actual-partner": lambda w: sharing.grant(w, "andina"),
    "verifier": lambda w: sharing.grant(w, "checkers"),
    "prospective-partner": lambda w: sharing.grant(w, "andina", audience="prospective_partner", purposes=["sourcing"]),
    "authority": lambda w: sharing.grant(w, "ministry"),
    "known-no-grant": sharing.listed,
    "expired-grant": lambda w: sharing.grant(w, "andina", granted_on=_days_ago(w, 30), until=_days_ago(w, 1)),
    "revoked-grant": lambda w: sharing.grant(w, "andina", granted_on=_days_ago(w, 30), revoked_on=_days_ago(w, 0)),
}


def arrange(world: World, case: str) -> tuple[Audience, Scene, Client]:
    andina(world)
    found = scene(world)
    if case in SETUPS:
        SETUPS[case](world)
    audience = AUDIENCES[case]
    client = Client()
    client.force_login(world.users[audience.who])
    return audience, found, client


def reads(audience: Audience) -> bool:
    return audience.plans in ("all", "party")


def entries(found: Scene) -> list[AuditEntry]:
    """The access-log entries the test's reads wrote."""
    return list(AuditEntry.objects.filter(action="view.confidential", id__gt=found.logged_before).order_by("id"))


CASES = list(AUDIENCES)


# --- Pages ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_the_list_of_plans_shows_the_plans_or_says_why_they_are_withheld(world: World, case: str) -> None:
    audience, found, client = arrange(world, case)
    response = client.get(reverse("plans:list", args=[world.producers["esperanza"].uuid]))
    if audience.plans == "unknown":
        assert response.status_code == 404
        return
    html = response.content.decode()
    assert response.status_code == 200
    assert (str(found.plan.uuid) in html) is reads(audience)
    assert (WITHHELD in html) is (audience.plans in ("party", "withheld"))
    assert audience.reason in html
    if audience.plans == "party":
        assert "Only the plans agreed with your organisation are shown." in html


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("page", ["detail", "version"])
def test_a_plan_and_its_versions_show_the_plan_and_withhold_members_names(world: World, case: str, page: str) -> None:
    audience, found, client = arrange(world, case)
    arg = found.plan.uuid if page == "detail" else b.latest(found.plan).uuid
    response = client.get(reverse(f"plans:{page}", args=[arg]))
    if not reads(audience):
        assert response.status_code == 404  # it may not know the plan exists
        assert NOTE not in response.content.decode()
        return
    html = response.content.decode()
    assert response.status_code == 200
    assert COMMENT in html
    assert (OWNER in html) is audience.names
    assert (WITHHELD in html) is (not audience.names)  # the owner, shown as withheld with the reason
    if not audience.names:
        assert "a member of the producer" in html
        assert "only the producer and its facilitator see members" in html


@pytest.mark.parametrize("case", CASES)
def test_an_actions_page_shows_the_notes_and_withholds_names_and_files(world: World, case: str) -> None:
    audience, found, client = arrange(world, case)
    response = client.get(reverse("plans:action", args=[found.plan.uuid, "MES-SEC-01"]))
    if not reads(audience):
        assert response.status_code == 404
        return
    html = response.content.decode()
    assert response.status_code == 200
    assert NOTE in html
    assert (OWNER in html) is audience.names
    assert (FILE in html) is audience.files
    assert (str(found.evidence.uuid) in html) is audience.files
    if not audience.files:
        assert "the evidence files" in html  # the reason, where the files would be


@pytest.mark.parametrize("case", CASES)
def test_an_evidence_file_is_for_the_producer_and_its_facilitator_only(world: World, case: str) -> None:
    audience, found, client = arrange(world, case)
    response = client.get(reverse("plans:action_evidence", args=[found.plan.uuid, found.evidence.uuid]))
    assert response.status_code == (200 if audience.files else 404)


@pytest.mark.parametrize("case", CASES)
def test_the_progress_page_shows_what_the_lens_shows_and_the_rest_as_withheld(world: World, case: str) -> None:
    audience, found, client = arrange(world, case)
    response = client.get(reverse("plans:progress", args=[world.producers["esperanza"].uuid]))
    if audience.plans == "unknown":
        assert response.status_code == 404
        return
    html = response.content.decode()
    assert response.status_code == 200
    assert ("Findings of each assessment" in html) is audience.findings
    assert ("<svg" in html) is audience.findings
    assert ('id="findings-withheld"' in html) is (not audience.findings)
    assert ("actions done (" in html) is reads(audience)
    assert (str(found.plan.uuid) in html) is reads(audience)
    assert ('id="plans-withheld"' in html) is (audience.plans != "all")
    assert audience.reason in html
    assert NOTE not in html
    assert OWNER not in html


# --- The API -------------------------------------------------------------------------------------


@pytest.mark.parametrize("case", CASES)
def test_the_api_gives_withheld_values_as_null_and_says_why(world: World, case: str) -> None:
    audience, found, client = arrange(world, case)
    esperanza = world.producers["esperanza"].uuid
    listing = client.get(f"/api/v1/producers/{esperanza}/plans")
    plan = client.get(f"/api/v1/plans/{found.plan.uuid}")
    action = client.get(f"/api/v1/plans/{found.plan.uuid}/actions/MES-SEC-01")
    over_time = client.get(f"/api/v1/producers/{esperanza}/progress")
    if audience.plans == "unknown":
        assert {r.status_code for r in (listing, plan, action, over_time)} == {404}
        return
    assert listing.status_code == over_time.status_code == 200
    body = listing.json()
    assert (body["items"] is None) is (audience.plans == "withheld")
    assert ("plans" in body["withheld"]) is (audience.plans != "all")
    assert audience.reason in body["withheld"].get("plans", "")
    body = over_time.json()
    assert (body["results"] is None) is (not audience.findings)
    assert (body["results_total"] is None) is (not audience.findings)
    assert ("assessment.findings" in body["withheld"]) is (not audience.findings)
    assert (body["plans"] is None) is (not reads(audience))
    assert ("plans" in body["withheld"]) is (audience.plans != "all")
    if not reads(audience):
        assert plan.status_code == action.status_code == 404
        return
    body = plan.json()
    owned = next(a for a in body["version"]["actions"] if a["requirement"] == "MES-SEC-01")
    assert owned["has_owner"] is True
    assert (owned["owner"] is not None) is audience.names
    assert ("members.personal" in body["withheld"]) is (not audience.names)
    assert body["role"] == audience.role
    body = action.json()
    assert body["notes"][0]["note"] == NOTE
    assert (body["notes"][0]["evidence"] is not None) is audience.files
    assert ("evidence.files" in body["withheld"]) is (not audience.files)
    assert (OWNER in action.content.decode()) is audience.names
    assert (FILE in action.content.decode()) is audience.files


def test_the_reasons_are_in_the_language_asked(world: World) -> None:
    _audience, found, client = arrange(world, "partner")
    body = client.get(f"/api/v1/plans/{found.plan.uuid}?lang=es").json()
    assert body["withheld"]["members.personal"].startswith("No compartido:")


# --- Read-only readers ---------------------------------------------------------------------------


def _writes(found: Scene) -> dict[str, tuple[str, str, dict[str, Any]]]:
    plan, version = found.plan, b.latest(found.plan)
    action = b.optional(plan)
    return {
        "comment": ("post", reverse("plans:comment", args=[plan.uuid]), {"text": "Hello", "kind": "comment"}),
        "sign": ("post", reverse("plans:sign", args=[version.uuid]), {"revision": str(version.revision)}),
        "priority": ("post", reverse("plans:priority", args=[action.uuid]), {"priority": "1"}),
        "strategy": ("post", reverse("plans:strategy", args=[plan.uuid]), {"strategy": "supply_chain"}),
        "revise": ("post", reverse("plans:revise", args=[plan.uuid]), {"summary": "More"}),
        "edit": ("get", reverse("plans:action_edit", args=[action.uuid]), {}),
        "progress": (
            "post",
            reverse("plans:action", args=[plan.uuid, "MES-SEC-01"]),
            {"status": "done", "note": "Done."},
        ),
        "api-comment": ("post", f"/api/v1/plans/{plan.uuid}/comments", {"text": "Hello"}),
        "api-sign": ("post", f"/api/v1/plan-versions/{version.uuid}/signatures", {"revision": version.revision}),
        "api-action": ("patch", f"/api/v1/plan-actions/{action.uuid}", {"priority": True}),
        "api-strategy": ("put", f"/api/v1/plans/{plan.uuid}/strategy", {"strategy": "supply_chain"}),
        "api-revise": ("post", f"/api/v1/plans/{plan.uuid}/versions", {"summary": "More"}),
        "api-progress": (
            "post",
            f"/api/v1/plans/{plan.uuid}/actions/MES-SEC-01/progress",
            {"status": "done", "note": "Done."},
        ),
    }


WRITES = [
    "comment",
    "sign",
    "priority",
    "strategy",
    "revise",
    "edit",
    "progress",
    "api-comment",
    "api-sign",
    "api-action",
    "api-strategy",
    "api-revise",
    "api-progress",
]


def _send(client: Client, method: str, url: str, data: dict[str, Any]) -> int:
    if url.startswith("/api/"):
        response = client.generic(method.upper(), url, json.dumps(data), content_type="application/json")
    else:
        response = client.post(url, data) if method == "post" else client.get(url)
    return response.status_code  # type: ignore[no-any-return]


def _state(plan: Plan) -> tuple[object, ...]:
    """Everything a write could change."""
    return (
        list(plan.versions.order_by("number").values_list("number", "revision", "strategy", "adopted_on")),
        Signature.objects.filter(version__plan=plan).count(),
        Comment.objects.filter(version__plan=plan).count(),
        list(PlanAction.objects.filter(version__plan=plan).order_by("id").values_list("priority", "done_means")),
        ProgressNote.objects.filter(plan=plan).count(),
    )


def _with_a_draft(world: World, found: Scene, write: str) -> None:
    """Every write but starting a new version acts on a version being agreed (version 2), so a
    refusal comes from who acts, not from an adopted version that no longer changes."""
    if write not in ("revise", "api-revise"):
        services.revise(actor=world.actor("alice"), plan_uuid=found.plan.uuid, summary="Next round")


@pytest.mark.parametrize("write", WRITES)
@pytest.mark.parametrize("case", ["actual-partner", "verifier", "prospective-partner", "stranger"])
def test_a_read_only_reader_is_refused_every_change_and_others_do_not_find_the_plan(
    world: World, case: str, write: str
) -> None:
    audience, found, client = arrange(world, case)
    _with_a_draft(world, found, write)
    method, url, data = _writes(found)[write]
    before = _state(found.plan)
    assert _send(client, method, url, data) == (403 if reads(audience) else 404)
    assert _state(found.plan) == before


PARTNER_WRITES = ["comment", "sign", "priority", "revise", "api-comment", "api-sign", "api-action", "api-revise"]


@pytest.mark.parametrize("write", PARTNER_WRITES)
def test_the_same_writes_succeed_for_the_plans_partner(world: World, write: str) -> None:
    _audience, found, client = arrange(world, "partner-with-grant")
    _with_a_draft(world, found, write)
    method, url, data = _writes(found)[write]
    before = _state(found.plan)
    assert _send(client, method, url, data) < 400
    assert _state(found.plan) != before


def test_a_read_only_reader_is_told_why_it_reads_and_gets_no_form(world: World) -> None:
    _audience, found, client = arrange(world, "verifier")
    html = client.get(reverse("plans:detail", args=[found.plan.uuid])).content.decode()
    assert "You read this plan because the producer shares its plans with your organisation" in html
    assert "Independent Checks Ltd holds a verifier grant" in html
    for form in ('id="comment"', 'id="sign"', 'id="strategy"', 'id="revise"', "Mark as priority", "Edit:"):
        assert form not in html
    # People who signed and commented are named to the parties, not to a reader: it sees organisations.
    assert "signed by Alice" not in html
    assert "signed on " in html
    assert "Bob (Refinería del Sur)" not in html
    assert "Refinería del Sur, " in html


# --- Tightening, and the plan's partner ----------------------------------------------------------


def test_the_partner_reads_its_plan_even_when_the_producer_tightened_plans_but_a_grant_holder_does_not(
    world: World,
) -> None:
    andina(world)
    found = scene(world)
    sharing.grant(world, "refiner")
    sharing.grant(world, "andina")
    sharing.tighten(world, "plans", "confidential")
    partner, reader = Client(), Client()
    partner.force_login(world.users["bob"])
    reader.force_login(world.users["carla"])
    assert partner.get(reverse("plans:detail", args=[found.plan.uuid])).status_code == 200
    assert reader.get(reverse("plans:detail", args=[found.plan.uuid])).status_code == 404
    html = reader.get(reverse("plans:list", args=[world.producers["esperanza"].uuid])).content.decode()
    assert WITHHELD in html
    assert "shares the plans with no one but its facilitator" in html
    assert str(found.plan.uuid) not in html


def test_a_grant_ending_ends_a_readers_access_at_once(world: World) -> None:
    andina(world)
    found = scene(world)
    grant = sharing.grant(world, "andina", granted_on=_days_ago(world, 10))
    client = Client()
    client.force_login(world.users["carla"])
    assert client.get(reverse("plans:detail", args=[found.plan.uuid])).status_code == 200
    Grant.objects.filter(pk=grant.pk).update(revoked_on=_days_ago(world, 0))
    assert client.get(reverse("plans:detail", args=[found.plan.uuid])).status_code == 404


# --- The access log ------------------------------------------------------------------------------


HOLDERS = {"fran": "field", "bob": "refiner", "carla": "andina", "vera": "checkers"}


@pytest.mark.parametrize("case", CASES)
def test_each_read_by_someone_outside_the_producer_writes_one_log_entry_naming_the_grant(
    world: World, case: str
) -> None:
    audience, found, client = arrange(world, case)
    client.get(reverse("plans:detail", args=[found.plan.uuid]))
    logged = entries(found)
    if audience.who in ("alice", "victor") or not reads(audience):
        assert logged == []  # the producer's own people, and nothing shown
        return
    assert len(logged) == 1
    (entry,) = logged
    assert (entry.object_type, entry.object_id) == ("plan", str(found.plan.uuid))
    assert entry.detail["what"] == (["members.personal", "plans"] if audience.names else ["plans"])
    holder = Grant.objects.filter(organisation=world.orgs[HOLDERS[audience.who]]).first()
    assert entry.detail["grant"] == (str(holder.uuid) if audience.grant and holder else None)


def test_the_log_names_what_each_page_showed(world: World) -> None:
    andina(world)
    found = scene(world)
    grant = sharing.grant(world, "andina")
    client = Client()
    client.force_login(world.users["carla"])
    esperanza = world.producers["esperanza"].uuid
    for url in (
        reverse("plans:list", args=[esperanza]),
        reverse("plans:version", args=[b.latest(found.plan).uuid]),
        reverse("plans:action", args=[found.plan.uuid, "MES-SEC-01"]),
        reverse("plans:progress", args=[esperanza]),
        f"/api/v1/plans/{found.plan.uuid}",
    ):
        assert client.get(url).status_code == 200
    logged = [(e.object_type, e.detail["what"], e.detail["grant"], e.detail["audience"]) for e in entries(found)]
    assert logged == [
        ("plans", ["plans"], str(grant.uuid), "actual_partner"),
        ("plan_version", ["plans"], str(grant.uuid), "actual_partner"),
        ("plan_action", ["plans"], str(grant.uuid), "actual_partner"),
        ("progress", ["assessment.findings", "plans"], str(grant.uuid), "actual_partner"),
        ("plan", ["plans"], str(grant.uuid), "actual_partner"),
    ]


def test_the_facilitators_reads_of_names_and_files_are_logged_and_a_withheld_page_logs_nothing(
    world: World,
) -> None:
    andina(world)
    found = scene(world)
    fran, ana = Client(), Client()
    fran.force_login(world.users["fran"])
    fran.get(reverse("plans:action", args=[found.plan.uuid, "MES-SEC-01"]))
    fran.get(reverse("plans:action_evidence", args=[found.plan.uuid, found.evidence.uuid]))
    assert [e.detail["what"] for e in entries(found)] == [
        ["evidence.files", "members.personal", "plans"],
        ["evidence.files"],
    ]
    sharing.grant(world, "ministry")
    ana.force_login(world.users["ana"])
    before = len(entries(found))
    assert ana.get(reverse("plans:list", args=[world.producers["esperanza"].uuid])).status_code == 200
    assert ana.get(reverse("plans:progress", args=[world.producers["esperanza"].uuid])).status_code == 200
    assert len(entries(found)) == before  # only public fields were shown


# --- Who is told ---------------------------------------------------------------------------------


def test_a_reader_is_not_told_of_the_parties_activity_and_a_partner_never_reads_names_in_a_notice(
    world: World,
) -> None:
    andina(world)
    found = scene(world)
    sharing.grant(world, "refiner")  # a grant shows the plans, never members' names
    sharing.grant(world, "andina")
    progress.record_progress(
        actor=world.actor("alice"), plan_uuid=found.plan.uuid, requirement_id="MES-SEC-01", status="done"
    )
    services.add_comment(actor=world.actor("alice"), plan_uuid=found.plan.uuid, text="Done, see the receipt.")
    assert not Notification.objects.filter(recipient=world.users["carla"]).exists()
    told = Notification.objects.filter(recipient=world.users["bob"], key__startswith="progress:")
    assert told.exists()
    assert all(OWNER not in n.body for n in told)


def test_the_plan_list_is_logged_as_the_partners_when_it_lists_and_not_at_all_when_empty(world: World) -> None:
    """Bob's organisation is the plan's partner without a grant: its list read is in the log with
    the basis; Vera's (a listed producer, no grant) lists nothing and leaves no entry."""
    b.authorise(world)
    b.plan(world)
    sharing.listed(world)
    producer = world.producers["esperanza"]
    for who in ("bob", "vera"):
        services.list_plans(actor=world.actor(who), producer_uuid=producer.uuid)
    entries = AuditEntry.objects.filter(action="view.confidential", object_type="plans")
    assert [(e.actor_label, e.detail.get("basis")) for e in entries] == [
        ("bob@example.org for Refinería del Sur", "plan_partner")
    ]
