"""``manage.py demo --load``: the demo world it prints is the one it creates, and loading is safe."""

from __future__ import annotations

import datetime as dt
import functools
import io
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from passport.accounts.models import Membership, Organisation, User
from passport.assessments.models import Answer, Assessment, Result
from passport.audit.models import AuditEntry
from passport.engine import classify, get_standard, questionnaire
from passport.plans.models import Plan
from passport.producers.access import engine_profile
from passport.producers.models import AssessorAuthorisation, Meeting, Member, Producer, Site, Unit
from passport.sharing.models import AccessRequest, DirectoryListing, Grant
from passport.site.demo import (
    DEMO_PASSWORD,
    DRAFT_MODULES,
    PRODUCERS,
    demo_logins,
    draft_answers,
    example_plans,
    read_example,
)
from passport.standards.models import StandardVersion

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]


def load_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("demo", "--load", *args, stdout=out)
    return out.getvalue()


def counts() -> tuple[int, ...]:
    models = (Organisation, User, Membership, Producer, Site, Member, Meeting, Assessment, Answer, Result, AuditEntry)
    return tuple(model.objects.count() for model in models)


def test_it_creates_every_organisation_and_login_it_prints() -> None:
    printed = load_demo()
    logins = demo_logins()
    assert Organisation.objects.count() == len(logins) == 8
    for login in logins:
        assert login.email in printed
        assert login.organisation in printed
        membership = Membership.objects.select_related("organisation").get(user__email=login.email)
        assert (membership.organisation.name, membership.organisation.kind, membership.role) == (
            login.organisation,
            login.kind,
            "owner",
        )
    assert f"password:     {DEMO_PASSWORD}" in printed


def test_every_printed_login_signs_in_with_the_printed_password() -> None:
    load_demo()
    for login in demo_logins():
        assert Client().login(username=login.email, password=login.password), login.email


def test_it_creates_the_pilot_producers_and_the_south_kivu_group() -> None:
    load_demo()
    producers = {p.organisation.name: p for p in Producer.objects.select_related("organisation")}
    assert set(producers) == {spec.organisation for spec in PRODUCERS}
    places = {(p.country, p.subdivision, p.municipality) for p in producers.values()}
    assert places == {
        ("CO", "CO-CAU", "Suárez"),
        ("CO", "CO-ANT", "Tarazá"),
        ("CO", "CO-NAR", "La Llanada"),
        ("CD", "CD-SK", "Kalehe"),
    }
    assert producers["Groupe des creuseurs de Mungwe"].commodities == ["tin"]


def test_every_producer_has_located_sites_members_and_a_committee_that_met() -> None:
    load_demo()
    for producer in Producer.objects.all():
        sites = list(producer.sites.all())
        assert sites
        assert all(s.latitude is not None and s.longitude is not None for s in sites)
        members = producer.members.all()
        assert members.count() >= 8
        assert {m.gender for m in members} >= {"woman"}
        assert all(m.age_band for m in members)
        assert Meeting.objects.filter(committee__site__producer=producer).exists()
        assert producer.sites.filter(committee__seats__isnull=False).exists()


def test_the_cauca_selectors_are_women_and_taraza_has_excavators_and_panners() -> None:
    load_demo()
    cauca = Producer.objects.get(municipality="Suárez")
    assert set(cauca.members.filter(role="selector").values_list("gender", flat=True)) == {"woman"}
    taraza = Producer.objects.get(municipality="Tarazá")
    assert {"excavator", "panner"} <= set(taraza.members.values_list("role", flat=True))


def test_facilitators_and_the_buyer_are_authorised_by_the_producers_they_serve() -> None:
    load_demo()
    authorised = {
        (a.organisation.name, a.producer.municipality)
        for a in AssessorAuthorisation.objects.select_related("organisation", "producer")
    }
    assert ("Fundación Territorios Mineros", "Suárez") in authorised
    assert ("Appui aux Creuseurs du Kivu", "Kalehe") in authorised
    assert ("Metales Andinos Trading S.A.S.", "La Llanada") in authorised
    assert not any(name == "Secretaría de Minas del Departamento" for name, _ in authorised)


def self_assessment_of(spec_organisation: str) -> Assessment:
    return Assessment.objects.select_related("producer__organisation").get(
        producer__organisation__name=spec_organisation, unit__isnull=True
    )


def test_each_submitted_self_assessment_is_answered_as_its_example() -> None:
    load_demo()
    standard = get_standard("mes@1.0")
    assert StandardVersion.objects.filter(ref="mes@1.0", digest=standard.digest).exists()
    for spec in (s for s in PRODUCERS if s.submitted):
        assessment = self_assessment_of(spec.organisation)
        assert (assessment.kind, assessment.status, assessment.standard.ref) == ("self", "submitted", "mes@1.0")
        answers = dict(assessment.answers.values_list("indicator_id", "value"))
        example = read_example(spec.example)
        assert set(answers) == set(example.answers)
        # Stored answers give the example's expected outcome: nothing was lost on the way to JSON.
        result = classify(
            standard,
            engine_profile(assessment.producer),
            answers,
            example_plans(spec.organisation),
            example.assessed_on,
        )
        assert example.expected is not None
        assert result.outcome == example.expected.outcome, spec.example


def test_each_draft_has_its_first_modules_answered_and_the_rest_left_to_answer() -> None:
    load_demo()
    standard = get_standard("mes@1.0")
    drafts = [s for s in PRODUCERS if not s.submitted]
    assert drafts
    for spec in drafts:
        assessment = self_assessment_of(spec.organisation)
        assert (assessment.kind, assessment.status) == ("self", "draft")
        answers = dict(assessment.answers.values_list("indicator_id", "value"))
        example = read_example(spec.example)
        assert answers == draft_answers(example)
        assert 0 < len(answers) < len(example.answers)
        asked = questionnaire(standard, engine_profile(assessment.producer), answers, example.assessed_on)
        answered = {m.module.id for m in asked.modules if m.answered}
        missing = {m.module.id for m in asked.modules if m.unanswered_required}
        assert answered == set(DRAFT_MODULES), spec.organisation
        assert {"M3", "M4", "M5"} <= missing, spec.organisation


def test_two_self_assessments_are_submitted_with_results_in_every_language() -> None:
    printed = load_demo()
    organisations = Result.objects.filter(assessment__unit__isnull=True).select_related("producer")
    results = {r.producer.municipality: r for r in organisations}
    assert {m: r.outcome for m, r in results.items()} == {
        "La Llanada": "eligible",
        "Kalehe": "eligible_with_mitigation",
    }
    for result in results.values():
        assert set(result.classification) == {"en", "es", "fr"}
        assert result.as_of.isoformat() == "2026-10-15"
        assert f"/assessments/results/{result.uuid}/" in printed
    drafts = Assessment.objects.filter(status="draft", unit__isnull=True)
    assert {a.producer.municipality for a in drafts} == {"Suárez", "Tarazá"}


def pages_printed_for_each_login(printed: str) -> dict[str, list[str]]:
    """Login email -> the paths printed on its "open:" lines."""
    pages: dict[str, list[str]] = {}
    email = ""
    for line in printed.splitlines():
        if re.fullmatch(r"  \S+@\S+", line):
            email = line.strip()
            pages[email] = []
        elif line.strip().startswith("open:"):
            pages[email].append(re.search(r"http://127\.0\.0\.1:8000(\S+)", line).group(1))
    return pages


def test_each_login_is_pointed_at_its_own_draft_or_result_and_every_one_opens() -> None:
    pages = pages_printed_for_each_login(load_demo())
    assert set(pages) == {login.email for login in demo_logins()}
    opened = {}
    for email, paths in pages.items():
        client = Client()
        assert client.login(username=email, password=DEMO_PASSWORD)
        opened[email] = [client.get(path).status_code for path in paths]
    assert all(status == 200 for statuses in opened.values() for status in statuses), opened
    kinds = {email: ["result" if "/results/" in path else "draft" for path in paths] for email, paths in pages.items()}
    assert kinds["rosalba.mina@piedraviva.example"] == ["draft"]
    assert kinds["aura.benavides@nuevohorizonte.example"] == ["result"]
    assert kinds["camila.restrepo@territoriosmineros.example"] == ["draft", "draft", "result"]
    assert kinds["esther.mwamini@appuikivu.example"] == ["result"]
    assert kinds["daniel.herrera@metalesandinos.example"] == ["result"]  # the buyer: never a draft
    assert kinds["patricia.gomez@secretariaminas.example"] == []


def test_no_demo_draft_is_offered_to_a_login_that_cannot_open_it() -> None:
    pages = pages_printed_for_each_login(load_demo())
    drafts = {path for paths in pages.values() for path in paths if "/results/" not in path}
    assert drafts
    for login in demo_logins():
        client = Client()
        client.login(username=login.email, password=DEMO_PASSWORD)
        for path in drafts - set(pages[login.email]):
            assert client.get(path).status_code == 404, (login.email, path)


def test_the_south_kivu_description_promises_no_plan_the_pages_do_not_show() -> None:
    kivu = next(spec for spec in PRODUCERS if spec.key == "kivu")
    assert "plan" not in kivu.description.lower()
    assert "2026" not in kivu.description


def test_loading_twice_changes_nothing_and_prints_the_same_logins_and_pages() -> None:
    first = load_demo()
    before = counts()
    printed = load_demo()
    assert counts() == before
    assert "already loaded; nothing changed" in printed
    assert all(login.email in printed for login in demo_logins())
    assert pages_printed_for_each_login(printed) == pages_printed_for_each_login(first)


def test_it_refuses_a_database_that_holds_other_organisations(world: object) -> None:
    before = counts()
    with pytest.raises(CommandError, match="already holds 7 organisation"):
        load_demo()
    assert counts() == before


def test_it_asks_for_load_rather_than_doing_anything_by_default() -> None:
    with pytest.raises(CommandError, match="use --load"):
        call_command("demo", stdout=io.StringIO())
    assert Organisation.objects.count() == 0


def test_it_writes_one_audit_entry_for_the_load_besides_the_accounts_own() -> None:
    load_demo()
    assert AuditEntry.objects.filter(action="demo.loaded").count() == 1
    assert AuditEntry.objects.filter(action="organisation.created").count() == 8


def test_mungwe_has_a_plan_in_force_with_the_levy_due_six_months_after_adoption() -> None:
    load_demo()
    plan = Plan.objects.get(producer__municipality="Kalehe")
    version = plan.versions.get()
    assert plan.first_adopted_on == version.adopted_on == dt.date(2026, 10, 29)
    assert version.signatures.count() == 2
    levy = version.actions.get(requirement_id="MES-SEC-01")
    assert (levy.mandatory, levy.position, levy.due_on) == (True, 1, dt.date(2027, 4, 29))


def test_nuevo_horizonte_is_agreeing_a_plan_its_buyer_has_yet_to_sign() -> None:
    load_demo()
    plan = Plan.objects.get(producer__municipality="La Llanada")
    version = plan.versions.get()
    assert version.adopted_on is None
    assert [s.organisation.kind for s in version.signatures.all()] == ["producer"]
    first = list(version.actions.order_by("position")[:2])
    assert all(a.priority for a in first)  # supply-chain priority: the buyer's marks come first
    assert version.comments.filter(organisation__kind="buyer").count() == 1


def test_nuevo_horizontes_crews_roll_up_and_pair_the_laggard_with_the_leader() -> None:
    load_demo()
    crews = Unit.objects.filter(producer__municipality="La Llanada").order_by("name")
    assert [c.name for c in crews] == ["Cuadrilla Bocamina El Diviso", "Cuadrilla Bocamina San Isidro"]
    assert all(Result.objects.filter(assessment__unit=c).count() == 1 for c in crews)
    owner = Client()
    assert owner.login(username="aura.benavides@nuevohorizonte.example", password=DEMO_PASSWORD)
    producer = Producer.objects.get(municipality="La Llanada")
    assert owner.get(f"/assessments/{producer.uuid}/rollup/").status_code == 200
    benchmark = owner.get(f"/assessments/{producer.uuid}/benchmark/").content.decode()
    assert "Cuadrilla Bocamina El Diviso" in benchmark
    assert "Cuadrilla Bocamina San Isidro" in benchmark


@pytest.mark.parametrize(
    ("email", "municipality"),
    [
        ("daniel.herrera@metalesandinos.example", "La Llanada"),
        ("esther.mwamini@appuikivu.example", "Kalehe"),
        ("jeanpierre.bisimwa@mungwe.example", "Kalehe"),
    ],
)
def test_each_partner_and_producer_opens_its_plan(email: str, municipality: str) -> None:
    load_demo()
    plan = Plan.objects.get(producer__municipality=municipality)
    client = Client()
    assert client.login(username=email, password=DEMO_PASSWORD)
    assert client.get(f"/plans/{plan.uuid}/").status_code == 200


def test_loading_for_real_prints_no_e_mail_and_leaves_the_plans_news_in_the_inboxes() -> None:
    """In its own process, as ``make demo`` runs it (console e-mail backend, real commits): the
    news of the demo's plans is in the inboxes, marked sent, and no e-mail is printed."""
    data = tempfile.mkdtemp(prefix="passport-demo-")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PASSPORT_", "DATABASE_URL", "DJANGO_"))}
    env.update(PASSPORT_DEBUG="1", PASSPORT_DATA_DIR=data)
    run = functools.partial(subprocess.run, cwd=ROOT, env=env, capture_output=True, text=True, check=True)
    run([sys.executable, "manage.py", "migrate", "-v", "0"])
    printed = run([sys.executable, "manage.py", "demo", "--load"]).stdout
    assert "Demo world" in printed
    assert "Subject:" not in printed
    with sqlite3.connect(Path(data) / "passport.sqlite3") as db:
        sent, unsent = db.execute(
            "SELECT COUNT(*) FILTER (WHERE emailed_at IS NOT NULL), COUNT(*) FILTER (WHERE emailed_at IS NULL) "
            "FROM notifications_notification"
        ).fetchone()
    assert (sent > 0, unsent) == (True, 0)


def test_nuevo_horizonte_shares_with_its_buyer_and_mungwe_has_a_request_to_answer(
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        load_demo()
    buyer = Organisation.objects.get(kind="buyer")
    grant = Grant.objects.get(organisation=buyer)
    assert (grant.producer.municipality, grant.audience, grant.purposes) == (
        "La Llanada",
        "actual_partner",
        ["due_diligence"],
    )
    assert grant.until is not None
    assert grant.revoked_on is None
    pending = AccessRequest.objects.get(organisation=buyer)
    assert (pending.producer.municipality, pending.status, pending.audience) == (
        "Kalehe",
        "pending",
        "prospective_partner",
    )
    mungwe_owner = User.objects.get(email="jeanpierre.bisimwa@mungwe.example")
    assert mungwe_owner.notifications.filter(key=f"sharing.request.{pending.uuid}").exists()


def test_three_producers_are_in_the_directory_and_piedra_viva_is_not() -> None:
    load_demo()
    listed = set(DirectoryListing.objects.values_list("producer__organisation__name", flat=True))
    assert listed == {
        "Cooperativa Minera Nuevo Horizonte de La Llanada",
        "Groupe des creuseurs de Mungwe",
        "Asociación de Mineros Aluviales Quebrada Honda",
    }
    page = Client().get("/directory/").content.decode()
    assert "Groupe des creuseurs de Mungwe" in page
    assert "Asociación de Seleccionadoras Piedra Viva" not in page
