"""A cooperative's units assessed one by one: starting a unit's assessment, the roll-up with and
without exclusions, who sees names, the benchmark, the pages and the API, constant queries."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from passport.accounts.access import NotFound
from passport.assessments import rollup, services
from passport.assessments.models import Assessment, Result
from passport.audit.models import AuditEntry
from passport.producers.models import Producer, Unit
from passport.producers.tests import builders as registry
from passport.producers.units import Recording
from passport.sharing.tests.builders import grant
from tests.world import World, bearer

from .builders import DAY, api_token, authorise, example_answers

# The Nariño example, completed for esperanza's methods: every requirement decided, eligible.
COMPLETE = {"pits_secured": True, "machinery_used": False}
DISENGAGE = {"u18_hazardous_work": True}  # MES-CHILD-01, worst forms of child labour
MITIGATE = {"taxes_paid": "not_paid"}  # MES-TAX-01
READERS = ["alice", "mateo", "maria", "victor", "fran"]


def esperanza(world: World) -> Producer:
    return world.producers["esperanza"]


def assessed(
    world: World, unit: Unit, changes: dict[str, Any] | None = None, as_of: dt.date = DAY, who: str = "alice"
) -> Result:
    """A submitted self-assessment of ``unit``: the Nariño answers, complete, with ``changes``."""
    actor = world.actor(who)
    draft = services.start_assessment(actor=actor, producer_uuid=unit.producer.uuid, kind="self", unit_uuid=unit.uuid)
    answers = example_answers("co-narino-cooperative", unit.producer) | COMPLETE | (changes or {})
    services.save_answers(actor=actor, assessment_uuid=draft.uuid, answers=answers)
    return services.submit_assessment(actor=actor, assessment_uuid=draft.uuid, as_of=as_of)


def crew(world: World, name: str) -> Unit:
    return registry.unit(esperanza(world), name)


# --- Starting a unit's assessment ----------------------------------------------------------


def test_a_unit_is_assessed_on_its_own_by_self_assessment(world: World) -> None:
    unit = crew(world, "Bocamina El Tesoro")
    draft = services.start_assessment(
        actor=world.actor("maria"), producer_uuid=esperanza(world).uuid, kind="self", unit_uuid=unit.uuid
    )
    assert draft.unit == unit
    assert AuditEntry.objects.get(action="assessment.started").detail["unit"] == str(unit.uuid)


def test_a_facilitator_may_start_a_units_self_assessment(world: World) -> None:
    unit = crew(world, "Bocamina El Tesoro")
    draft = services.start_assessment(
        actor=world.actor("fran"), producer_uuid=esperanza(world).uuid, kind="self", unit_uuid=unit.uuid
    )
    assert draft.unit == unit


@pytest.mark.parametrize("unit_of", ["another producer", "nobody"])
def test_an_assessment_for_another_producers_unit_is_refused_as_not_found(world: World, unit_of: str) -> None:
    other = registry.association() if unit_of == "another producer" else None
    unit_uuid = registry.unit(other).uuid if other else "not-a-uuid"
    with pytest.raises(NotFound):
        services.start_assessment(
            actor=world.actor("alice"), producer_uuid=esperanza(world).uuid, kind="self", unit_uuid=unit_uuid
        )
    assert not Assessment.objects.exists()


def test_a_buyer_review_is_never_of_one_unit(world: World) -> None:
    authorise(world, "bob")
    unit = crew(world, "Bocamina El Tesoro")
    with pytest.raises(ValidationError) as refused:
        services.start_assessment(
            actor=world.actor("bob"), producer_uuid=esperanza(world).uuid, kind="buyer_review", unit_uuid=unit.uuid
        )
    assert "unit" in refused.value.message_dict
    assert not Assessment.objects.exists()


def test_the_start_page_offers_the_units_and_starts_one(world: World, client: Client) -> None:
    unit = crew(world, "Bocamina El Tesoro")
    client.force_login(world.users["alice"])
    url = reverse("assessments:start", args=[esperanza(world).uuid])
    page = client.get(f"{url}?unit={unit.uuid}")
    assert f'<option value="{unit.uuid}" selected>Bocamina El Tesoro</option>' in page.text
    response = client.post(url, {"kind": "self", "unit": str(unit.uuid)})
    draft = Assessment.objects.get()
    assert response["Location"] == reverse("assessments:overview", kwargs={"uuid": draft.uuid})
    assert draft.unit == unit
    assert "Unit: Bocamina El Tesoro" in client.get(response["Location"]).text


def test_the_start_page_of_a_producer_without_units_asks_for_none(world: World, client: Client) -> None:
    client.force_login(world.users["oscar"])
    page = client.get(reverse("assessments:start", args=[world.producers["kalimbi"].uuid]))
    assert 'name="unit"' not in page.text


def test_a_units_result_names_the_unit_for_its_people_and_numbers_it_for_a_buyer(world: World, client: Client) -> None:
    crew(world, "Pit 3 crew")
    result = assessed(world, crew(world, "Bocamina El Tesoro"))
    url = reverse("assessments:result", kwargs={"uuid": result.uuid})
    client.force_login(world.users["fran"])
    assert "Unit: Bocamina El Tesoro" in client.get(url).text
    authorise(world, "bob")
    client.force_login(world.users["bob"])
    page = client.get(url).text
    assert "Unit: Unit 2" in page
    assert "Bocamina" not in page


def test_a_result_of_the_whole_producer_names_no_unit(world: World, client: Client) -> None:
    draft = services.start_assessment(actor=world.actor("alice"), producer_uuid=esperanza(world).uuid, kind="self")
    services.save_answers(
        actor=world.actor("alice"),
        assessment_uuid=draft.uuid,
        answers=example_answers("co-narino-cooperative", esperanza(world)),
    )
    result = services.submit_assessment(actor=world.actor("alice"), assessment_uuid=draft.uuid, as_of=DAY)
    client.force_login(world.users["alice"])
    assert "Unit:" not in client.get(reverse("assessments:result", kwargs={"uuid": result.uuid})).text


# --- The roll-up, with and without exclusions -------------------------------------------------


def test_a_disengagement_at_a_counted_unit_makes_the_organisation_not_eligible(world: World) -> None:
    assessed(world, crew(world, "Bocamina El Tesoro"))
    assessed(world, crew(world, "Pit 3 crew"), DISENGAGE)
    found = rollup.rollup_for(actor=world.actor("alice"), producer_uuid=esperanza(world).uuid, as_of=DAY)
    assert found.rollup is not None
    assert found.rollup.outcome == "not_eligible"
    assert found.units.standard_ref == "mes@1.0"
    assert rollup.reasons_in(found.rollup, "en") == [
        "Pit 3 crew does not meet the entry criteria on MES-CHILD-01 (Children and mining work); "
        "while this unit is in the supply, the organisation does not either."
    ]
    assert found.rollup.by_requirement["MES-CHILD-01"].standing.action == "disengage_immediately"
    assert (found.counted, found.excluded, found.without_result) == (2, 0, 0)


def test_the_same_unit_excluded_does_not_count_and_its_reason_is_listed(world: World) -> None:
    assessed(world, crew(world, "Bocamina El Tesoro"))
    pit = crew(world, "Pit 3 crew")
    assessed(world, pit, DISENGAGE)
    registry.exclusion(pit, dt.date(2026, 10, 1), reason="A boy was found working underground")
    found = rollup.rollup_for(actor=world.actor("alice"), producer_uuid=esperanza(world).uuid, as_of=DAY)
    assert found.rollup is not None
    assert found.rollup.outcome == "eligible"
    assert rollup.reasons_in(found.rollup, "es")[-1] == (
        "Pit 3 crew está excluida del suministro y no cuenta. Motivo: A boy was found working underground"
    )
    assert (found.counted, found.excluded) == (1, 1)
    assert found.rollup.excluded == (str(pit.uuid),)


def test_the_as_of_day_decides_which_exclusions_count(world: World) -> None:
    assessed(world, crew(world, "Bocamina El Tesoro"), as_of=dt.date(2026, 9, 1))
    pit = crew(world, "Pit 3 crew")
    assessed(world, pit, DISENGAGE, as_of=dt.date(2026, 9, 1))
    registry.exclusion(pit, dt.date(2026, 10, 1), lifted_on=dt.date(2026, 11, 1))
    outcomes = {
        day: rollup.rollup_for(actor=world.actor("alice"), producer_uuid=esperanza(world).uuid, as_of=day)
        for day in (dt.date(2026, 9, 30), dt.date(2026, 10, 1), dt.date(2026, 10, 31), dt.date(2026, 11, 1))
    }
    assert {day: found.rollup.outcome for day, found in outcomes.items() if found.rollup} == {
        dt.date(2026, 9, 30): "not_eligible",
        dt.date(2026, 10, 1): "eligible",
        dt.date(2026, 10, 31): "eligible",
        dt.date(2026, 11, 1): "not_eligible",
    }


def test_every_unit_excluded_leaves_the_organisation_incomplete(world: World) -> None:
    for name in ("Bocamina El Tesoro", "Pit 3 crew"):
        unit = crew(world, name)
        assessed(world, unit)
        registry.exclusion(unit, dt.date(2026, 10, 1))
    found = rollup.rollup_for(actor=world.actor("alice"), producer_uuid=esperanza(world).uuid, as_of=DAY)
    assert found.rollup is not None
    assert found.rollup.outcome == "incomplete"
    assert rollup.reasons_in(found.rollup, "en")[0].startswith("No unit counts")


def test_a_unit_without_a_result_leaves_the_organisation_incomplete_until_assessed_or_excluded(world: World) -> None:
    assessed(world, crew(world, "Bocamina El Tesoro"), MITIGATE)
    waiting = crew(world, "Pit 3 crew")
    found = rollup.rollup_for(actor=world.actor("alice"), producer_uuid=esperanza(world).uuid, as_of=DAY)
    assert found.rollup is not None
    assert found.rollup.outcome == "incomplete"
    assert found.without_result == 1
    assert rollup.reasons_in(found.rollup, "en") == [
        "Pit 3 crew has no complete result yet, so the organisation's result is incomplete."
    ]
    registry.exclusion(waiting, dt.date(2026, 10, 1), reason="Not mining this season")
    found = rollup.rollup_for(actor=world.actor("alice"), producer_uuid=esperanza(world).uuid, as_of=DAY)
    assert found.rollup is not None
    assert found.rollup.outcome == "eligible_with_mitigation"
    assert rollup.reasons_in(found.rollup, "en")[0] == (
        "Bocamina El Tesoro must mitigate a risk on MES-TAX-01 (Taxes, fees and royalties) within its deadline."
    )


def test_only_each_units_latest_result_for_the_standard_counts(world: World) -> None:
    unit = crew(world, "Bocamina El Tesoro")
    assessed(world, unit, DISENGAGE, as_of=dt.date(2026, 9, 1))
    assessed(world, unit, as_of=dt.date(2026, 10, 1))
    found = rollup.rollup_for(actor=world.actor("alice"), producer_uuid=esperanza(world).uuid, as_of=DAY)
    assert found.rollup is not None
    assert found.rollup.outcome == "eligible"
    back_then = rollup.rollup_for(
        actor=world.actor("alice"), producer_uuid=esperanza(world).uuid, as_of=dt.date(2026, 9, 15)
    )
    assert back_then.rollup is not None
    assert back_then.rollup.outcome == "not_eligible"


def test_an_unknown_standard_version_is_refused_naming_the_field(world: World) -> None:
    assessed(world, crew(world, "Bocamina El Tesoro"))
    with pytest.raises(ValidationError) as refused:
        rollup.rollup_for(
            actor=world.actor("alice"), producer_uuid=esperanza(world).uuid, standard_ref="../../etc/passwd"
        )
    assert "mes@1.0" in refused.value.message_dict["standard"][0]


def test_a_producer_without_units_has_nothing_to_roll_up(world: World) -> None:
    found = rollup.rollup_for(actor=world.actor("alice"), producer_uuid=esperanza(world).uuid)
    assert found.rollup is None
    assert not found.units.has_units


# --- Who reads what ------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["alice", "mateo", "maria", "victor", "oscar", "fran", "bob", "vera", "ana", "stella"])
def test_the_roll_up_is_read_by_whoever_may_open_the_producer(world: World, name: str) -> None:
    try:
        rollup.rollup_for(actor=world.actor(name), producer_uuid=esperanza(world).uuid)
    except NotFound:
        got = "hidden"
    else:
        got = "ok"
    assert got == ("ok" if name in READERS else "hidden")


def test_a_partner_reads_the_roll_up_with_units_numbered_and_no_reasons(world: World) -> None:
    partner = grant(world, "refiner")
    assessed(world, crew(world, "Bocamina El Tesoro"))
    pit = crew(world, "Pit 3 crew")
    assessed(world, pit, DISENGAGE)
    registry.exclusion(pit, dt.date(2026, 10, 1), reason="Rosa's son was found underground")
    found = rollup.rollup_for(actor=world.actor("bob"), producer_uuid=esperanza(world).uuid, as_of=DAY)
    assert found.rollup is not None
    assert found.rollup.outcome == "eligible"
    assert [line.label for line in found.units.lines] == ["Unit 1", "Unit 2"]
    assert [line.unit_uuid for line in found.units.lines] == [None, None]
    assert found.units.lines[1].exclusion_reason is None
    words = " ".join(rollup.reasons_in(found.rollup, "en"))
    assert "Unit 2 is excluded from the supply and does not count." in words
    assert "Rosa" not in words
    assert "Bocamina" not in words
    seen = AuditEntry.objects.get(action="view.confidential", object_type="rollup")
    assert seen.producer == esperanza(world).uuid
    assert seen.detail["what"] == ["assessment.findings"]
    assert seen.detail["grant"] == str(partner.uuid)


def _backdated_exclusion(world: World, unit: Unit) -> None:
    """Excluded from 1 October 2026, recorded by Alice on 1 December (61 days later)."""
    exclusion = registry.exclusion(unit, dt.date(2026, 10, 1), reason="Rosa's son was found underground")
    exclusion.recorded_by = world.users["alice"]
    exclusion.recorded_at = dt.datetime(2026, 12, 1, 15, 0, tzinfo=dt.UTC)
    exclusion.save()


@pytest.mark.parametrize(("name", "by"), [("maria", "Alice"), ("fran", "Alice"), ("bob", None)])
def test_the_roll_up_says_when_each_exclusion_was_recorded_and_by_whom_to_its_people_only(
    world: World, name: str, by: str | None
) -> None:
    grant(world, "refiner")
    assessed(world, crew(world, "Bocamina El Tesoro"))
    pit = crew(world, "Pit 3 crew")
    assessed(world, pit, DISENGAGE)
    _backdated_exclusion(world, pit)
    found = rollup.rollup_for(actor=world.actor(name), producer_uuid=esperanza(world).uuid, as_of=DAY)
    kept, excluded = found.units.lines
    assert kept.exclusion_recorded is None
    assert excluded.exclusion_recorded == Recording(on=dt.date(2026, 12, 1), by=by, later=True)


def test_the_roll_up_is_read_on_the_producers_date_by_default(world: World) -> None:
    pit = crew(world, "Pit 3 crew")
    assessed(world, pit, DISENGAGE, as_of=dt.date(2027, 2, 1))
    registry.exclusion(pit, dt.date(2027, 2, 1), lifted_on=dt.date(2027, 3, 1))
    # 03:00 UTC on 1 March is still 28 February in Bogotá: the unit is still excluded there.
    with mock.patch("django.utils.timezone.now", return_value=dt.datetime(2027, 3, 1, 3, 0, tzinfo=dt.UTC)):
        found = rollup.rollup_for(actor=world.actor("alice"), producer_uuid=esperanza(world).uuid)
    assert found.units.as_of == dt.date(2027, 2, 28)
    assert found.units.lines[0].excluded
    assert found.rollup is not None
    assert found.rollup.outcome == "incomplete"  # no unit counts


@pytest.mark.parametrize("name", ["bob", "vera"])
def test_the_benchmark_shows_an_authorised_buyer_or_verifier_without_a_grant_nothing(world: World, name: str) -> None:
    authorise(world, name)
    assessed(world, crew(world, "Bocamina El Tesoro"))
    assessed(world, crew(world, "Pit 3 crew"), {"children_present": True, "child_access_rule": False})
    found = rollup.benchmark_for(actor=world.actor(name), producer_uuid=esperanza(world).uuid, as_of=DAY)
    assert found.requirements == ()
    assert found.units.lines == []
    assert set(found.units.withheld) == {"assessment.findings", "units.names", "exclusions.reasons"}


def test_the_benchmark_shows_a_partner_who_lags_with_units_numbered(world: World) -> None:
    grant(world, "refiner")
    assessed(world, crew(world, "Bocamina El Tesoro"))
    assessed(world, crew(world, "Pit 3 crew"), {"children_present": True, "child_access_rule": False})
    found = rollup.benchmark_for(actor=world.actor("bob"), producer_uuid=esperanza(world).uuid, as_of=DAY)
    (child,) = found.requirements
    assert [found.units.label(key) for key in child.lagging] == ["Unit 2"]
    (pair,) = child.pairings
    assert "Bocamina" not in pair.why["en"]
    assert "Pit 3" not in pair.why["en"]


def test_the_benchmark_pairs_lagging_units_with_leading_ones(world: World) -> None:
    assessed(world, crew(world, "Bocamina El Tesoro"))
    assessed(world, crew(world, "La Playita"))
    assessed(world, crew(world, "Pit 3 crew"), {"children_present": True, "child_access_rule": False})
    found = rollup.benchmark_for(actor=world.actor("fran"), producer_uuid=esperanza(world).uuid, as_of=DAY)
    by_requirement = {b.requirement_id: b for b in found.requirements}
    assert set(by_requirement) == {"MES-CHILD-01"}
    child = by_requirement["MES-CHILD-01"]
    labels = [found.units.label(key) for key in child.lagging]
    assert labels == ["Pit 3 crew"]
    assert [found.units.label(key) for key in child.leading] == ["Bocamina El Tesoro", "La Playita"]
    (pair,) = child.pairings
    assert found.units.label(pair.leading) == "Bocamina El Tesoro"
    assert pair.why["en"].startswith("On MES-CHILD-01 (Children and mining work), Bocamina El Tesoro stands")


# --- Pages ------------------------------------------------------------------------------------------


def test_the_roll_up_page_shows_the_outcome_the_reasons_and_the_units(world: World, client: Client) -> None:
    assessed(world, crew(world, "Bocamina El Tesoro"))
    pit = crew(world, "Pit 3 crew")
    assessed(world, pit, DISENGAGE)
    client.force_login(world.users["maria"])
    url = reverse("assessments:rollup", args=[esperanza(world).uuid])
    page = client.get(f"{url}?as_of=2026-10-15").text
    assert 'class="outcome not_eligible"' in page
    assert "Pit 3 crew does not meet the entry criteria on MES-CHILD-01" in page
    assert reverse("producers:unit", args=[pit.uuid]) in page
    assert 'data-label="Outcome"' in page


@pytest.mark.parametrize(("name", "by"), [("fran", " by Alice."), ("bob", ".")])
def test_the_roll_up_page_marks_an_exclusion_recorded_later(world: World, client: Client, name: str, by: str) -> None:
    grant(world, "refiner")
    pit = crew(world, "Pit 3 crew")
    assessed(world, pit, DISENGAGE)
    _backdated_exclusion(world, pit)
    client.force_login(world.users[name])
    page = client.get(reverse("assessments:rollup", args=[esperanza(world).uuid]) + "?as_of=2026-12-15").text
    assert f"Excluded from 2026-10-01, recorded on 2026-12-01{by}" in page
    assert '<span class="tag warn">recorded later</span>' in page
    assert ("Alice" in page) == (name == "fran")


def test_the_roll_up_page_names_a_bad_day(world: World, client: Client) -> None:
    client.force_login(world.users["maria"])
    response = client.get(reverse("assessments:rollup", args=[esperanza(world).uuid]) + "?as_of=15/10/2026")
    assert response.status_code == 400
    assert "As of: give a date as YYYY-MM-DD." in response.text


def test_a_partner_reads_the_roll_up_and_benchmark_pages_with_units_numbered(world: World, client: Client) -> None:
    grant(world, "refiner")
    assessed(world, crew(world, "Bocamina El Tesoro"))
    client.force_login(world.users["bob"])
    page = client.get(reverse("assessments:rollup", args=[esperanza(world).uuid]))
    assert page.status_code == 200
    assert "Unit 1" in page.text
    assert "Bocamina" not in page.text
    assert "only the producer and its facilitator see" in page.text  # names: withheld, and why
    benchmark = client.get(reverse("assessments:benchmark", args=[esperanza(world).uuid]))
    assert benchmark.status_code == 200
    assert "Bocamina" not in benchmark.text


def test_the_benchmark_page_suggests_pairs(world: World, client: Client) -> None:
    assessed(world, crew(world, "Bocamina El Tesoro"))
    assessed(world, crew(world, "Pit 3 crew"), {"children_present": True, "child_access_rule": False})
    client.force_login(world.users["alice"])
    page = client.get(reverse("assessments:benchmark", args=[esperanza(world).uuid]) + "?as_of=2026-10-15").text
    assert "Pit 3 crew learns from Bocamina El Tesoro" in page
    assert "can show Pit 3 crew how they do it" in page


# --- API ----------------------------------------------------------------------------------------


def test_the_api_starts_a_units_assessment_and_says_which_unit(world: World) -> None:
    unit = crew(world, "Bocamina El Tesoro")
    body = {"producer": str(esperanza(world).uuid), "kind": "self", "unit": str(unit.uuid)}
    created = Client().post(
        "/api/v1/assessments", json.dumps(body), content_type="application/json", **bearer(api_token(world))
    )
    assert created.status_code == 201, created.content
    assert created.json()["unit"] == str(unit.uuid)


def test_the_api_lists_units_and_rolls_them_up(world: World) -> None:
    assessed(world, crew(world, "Bocamina El Tesoro"))
    pit = crew(world, "Pit 3 crew")
    assessed(world, pit, DISENGAGE)
    registry.exclusion(pit, dt.date(2026, 10, 1))
    auth = bearer(registry.token(world, "esperanza", "producers:read", "assessments:read"))
    listed = Client().get(f"/api/v1/producers/{esperanza(world).uuid}/units", **auth).json()["units"]
    assert [(u["name"], u["excluded"]) for u in listed] == [("Bocamina El Tesoro", False), ("Pit 3 crew", True)]
    rolled = Client().get(f"/api/v1/producers/{esperanza(world).uuid}/rollup?as_of=2026-10-15&lang=fr", **auth)
    assert rolled.status_code == 200, rolled.content
    body = rolled.json()
    assert (body["outcome"], body["counted"], body["excluded"]) == ("eligible", 1, 1)
    assert body["reasons"][0] == "Toutes les unités qui comptent remplissent les critères d'entrée."
    assert body["units"][1]["exclusion_reason"] == "Sold ore outside the cooperative"


def test_the_api_refuses_an_unknown_standard_naming_the_field(world: World) -> None:
    auth = bearer(registry.token(world, "esperanza", "assessments:read"))
    response = Client().get(f"/api/v1/producers/{esperanza(world).uuid}/rollup?standard=mes@9.9", **auth)
    assert response.status_code == 422
    assert response.json()["error"]["fields"][0]["field"] == "standard"


# --- Constant queries -----------------------------------------------------------------------------


def _units_with_results(world: World, n: int, tag: str) -> None:
    for i in range(n):
        unit = crew(world, f"Crew {tag}-{i}")
        if i % 3 != 2:
            assessed(world, unit, DISENGAGE if i % 2 else None)
        if i % 4 == 1:
            exclusion = registry.exclusion(unit, dt.date(2026, 10, 1))
            exclusion.recorded_by = world.users["alice"]  # names shown: read with the exclusions
            exclusion.save()


def _count(client: Client, url: str, **headers: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, **headers).status_code == 200
    return len(captured)


@pytest.mark.parametrize(("route", "name"), [("rollup", "alice"), ("rollup", "fran"), ("benchmark", "fran")])
def test_the_pages_make_the_same_queries_with_ten_times_the_units(
    world: World, client: Client, route: str, name: str
) -> None:
    client.force_login(world.users[name])
    url = reverse(f"assessments:{route}", args=[esperanza(world).uuid]) + "?as_of=2026-10-15"
    _units_with_results(world, 2, "a")
    few = _count(client, url)
    _units_with_results(world, 18, "b")
    assert _count(client, url) == few


@pytest.mark.parametrize("path", ["units", "rollup"])
def test_the_endpoints_make_the_same_queries_with_ten_times_the_units(world: World, path: str) -> None:
    auth = bearer(registry.token(world, "field", "producers:read", "assessments:read"))
    url = f"/api/v1/producers/{esperanza(world).uuid}/{path}"
    _units_with_results(world, 2, "a")
    Client().get(url, **auth)  # the token's first use of the minute records it; measure after
    few = _count(Client(), url, **auth)
    _units_with_results(world, 18, "b")
    assert _count(Client(), url, **auth) == few
