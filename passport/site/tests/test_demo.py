"""``manage.py demo --load``: the demo world it prints is the one it creates, and loading is safe."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from passport.accounts.models import Membership, Organisation, User
from passport.assessments.models import Answer, Assessment, Result
from passport.audit.models import AuditEntry
from passport.engine import classify, get_standard
from passport.producers.access import engine_profile
from passport.producers.models import AssessorAuthorisation, Meeting, Member, Producer, Site
from passport.site.demo import DEMO_PASSWORD, PRODUCERS, demo_logins, example_plans, read_example
from passport.standards.models import StandardVersion

pytestmark = pytest.mark.django_db


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


def test_each_producer_has_a_self_assessment_answered_as_its_example() -> None:
    load_demo()
    standard = get_standard("mes@1.0")
    assert StandardVersion.objects.filter(ref="mes@1.0", digest=standard.digest).exists()
    for spec in PRODUCERS:
        assessment = Assessment.objects.select_related("producer__organisation").get(
            producer__organisation__name=spec.organisation
        )
        status = "submitted" if spec.submitted else "draft"
        assert (assessment.kind, assessment.status, assessment.standard.ref) == ("self", status, "mes@1.0")
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


def test_two_self_assessments_are_submitted_with_results_in_every_language() -> None:
    printed = load_demo()
    results = {r.producer.municipality: r for r in Result.objects.select_related("producer")}
    assert {m: r.outcome for m, r in results.items()} == {
        "La Llanada": "eligible",
        "Kalehe": "eligible_with_mitigation",
    }
    for result in results.values():
        assert set(result.classification) == {"en", "es", "fr"}
        assert result.as_of.isoformat() == "2026-10-15"
        assert str(result.uuid) in printed
    drafts = Assessment.objects.filter(status="draft")
    assert {a.producer.municipality for a in drafts} == {"Suárez", "Tarazá"}


def test_loading_twice_changes_nothing_and_prints_the_logins_again() -> None:
    load_demo()
    before = counts()
    printed = load_demo()
    assert counts() == before
    assert "already loaded; nothing changed" in printed
    assert all(login.email in printed for login in demo_logins())


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
