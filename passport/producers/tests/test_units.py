"""Units of a cooperative or association: who reads and changes them, the exclusion history and
the as-of rule, audit entries without personal data, and the pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from passport.accounts.access import NotAllowed, NotFound
from passport.audit.models import AuditEntry
from passport.producers import units as services
from passport.producers.clock import local_today
from passport.producers.models import Producer, Unit, UnitExclusion
from passport.sharing.tests import builders as sharing
from tests.world import World

from . import builders as b

TODAY = dt.date(2026, 10, 15)


def outcome(call: Callable[[], object]) -> str:
    try:
        call()
    except NotFound:
        return "hidden"
    except NotAllowed:
        return "forbidden"
    return "ok"


def esperanza(world: World) -> Producer:
    return world.producers["esperanza"]


def crew(name: str = "Pit 3 crew") -> services.UnitDetails:
    return services.UnitDetails(name=name, kind="crew")


# --- Who may read and change units ------------------------------------------------------------


@pytest.mark.parametrize("name", b.EVERYONE)
def test_units_are_read_by_the_producers_people_and_its_facilitator(world: World, name: str) -> None:
    unit = b.unit(esperanza(world))
    call = lambda: services.list_units(actor=world.actor(name), producer_uuid=esperanza(world).uuid)  # noqa: E731
    assert outcome(call) == b.expected(name, b.VISIBLE)
    assert outcome(lambda: services.get_unit(actor=world.actor(name), unit_uuid=unit.uuid)) == b.expected(
        name, b.VISIBLE
    )
    if name in b.VISIBLE:
        rows = services.list_units(actor=world.actor(name), producer_uuid=esperanza(world).uuid).rows
        assert rows is not None
        assert [(row.name, row.number) for row in rows] == [("Pit 3 crew", 1)]


@pytest.mark.parametrize("name", ["bob", "vera"])
def test_an_authorised_buyer_or_verifier_without_a_grant_sees_no_unit(world: World, name: str) -> None:
    b.authorise(world, "esperanza", "refiner" if name == "bob" else "checkers")
    unit = b.unit(esperanza(world), "Rosa Díaz", kind="member")
    actor = world.actor(name)
    listing = services.list_units(actor=actor, producer_uuid=esperanza(world).uuid)
    assert listing.rows is None
    assert not listing.names_shown
    assert outcome(lambda: services.get_unit(actor=actor, unit_uuid=unit.uuid)) == "hidden"
    assert not AuditEntry.objects.filter(action="view.confidential").exists()


@pytest.mark.parametrize("name", ["bob", "vera"])
def test_a_partner_or_verifier_with_a_grant_sees_units_numbered_without_names(world: World, name: str) -> None:
    grant = sharing.grant(world, "refiner" if name == "bob" else "checkers")
    b.unit(esperanza(world), "Rosa Díaz", kind="member")
    b.exclusion(b.unit(esperanza(world), "Pit 3 crew"), dt.date(2026, 3, 1))
    listing = services.list_units(actor=world.actor(name), producer_uuid=esperanza(world).uuid, as_of=TODAY)
    assert listing.rows is not None
    assert [(row.number, row.name, row.unit.kind, row.excluded) for row in listing.rows] == [
        (1, None, "member", False),
        (2, None, "crew", True),
    ]
    entry = AuditEntry.objects.get(action="view.confidential")
    assert entry.detail["what"] == ["assessment.findings"]
    assert entry.detail["grant"] == str(grant.uuid)


@pytest.mark.parametrize("name", b.EVERYONE)
def test_only_owners_and_managers_add_units(world: World, name: str) -> None:
    call = lambda: services.add_unit(  # noqa: E731
        actor=world.actor(name), producer_uuid=esperanza(world).uuid, details=crew()
    )
    assert outcome(call) == b.expected(name, b.MANAGERS)
    assert Unit.objects.filter(producer=esperanza(world)).exists() == (name in b.MANAGERS)


@pytest.mark.parametrize("name", b.EVERYONE)
def test_only_owners_and_managers_exclude_and_readmit_units(world: World, name: str) -> None:
    unit = b.unit(esperanza(world))
    actor = world.actor(name)
    excluding = lambda: services.exclude_unit(  # noqa: E731
        actor=actor, unit_uuid=unit.uuid, excluded_on=TODAY, reason="Sold outside", today=TODAY
    )
    assert outcome(excluding) == b.expected(name, b.MANAGERS)
    if name not in b.MANAGERS:  # the exclusion they could not make, so there is one to try to lift
        b.exclusion(b.unit(esperanza(world), "Other crew"))
    open_one = UnitExclusion.objects.filter(unit__producer=esperanza(world), lifted_on__isnull=True).get()
    readmitting = lambda: services.readmit_unit(  # noqa: E731
        actor=actor, unit_uuid=open_one.unit.uuid, lifted_on=TODAY, reason="Back", today=TODAY
    )
    assert outcome(readmitting) == b.expected(name, b.MANAGERS)
    assert UnitExclusion.objects.get(pk=open_one.pk).lifted_on == (TODAY if name in b.MANAGERS else None)


# --- Only cooperatives and associations -------------------------------------------------------


def test_a_producer_that_is_neither_a_cooperative_nor_an_association_may_not_have_units(world: World) -> None:
    with pytest.raises(NotAllowed, match="Only cooperatives and associations have units"):
        services.add_unit(actor=world.actor("oscar"), producer_uuid=world.producers["kalimbi"].uuid, details=crew())
    assert not Unit.objects.exists()
    listing = services.list_units(actor=world.actor("oscar"), producer_uuid=world.producers["kalimbi"].uuid)
    assert listing.may_have_units is False
    assert listing.members == []


def test_an_association_may_have_units(world: World) -> None:
    association = b.association()
    assert services.may_have_units(association)
    assert services.may_have_units(esperanza(world))
    assert not services.may_have_units(world.producers["kalimbi"])


# --- Adding: errors name the field and change nothing -----------------------------------------


def test_a_unit_of_kind_member_may_be_linked_to_a_member_of_the_register(world: World) -> None:
    rosa = b.member(esperanza(world))
    unit = services.add_unit(
        actor=world.actor("alice"),
        producer_uuid=esperanza(world).uuid,
        details=services.UnitDetails(name="Rosa Díaz", kind="member", member=str(rosa.uuid)),
    )
    assert unit.member == rosa
    assert unit.kind == "member"


@pytest.mark.parametrize(
    ("details", "field"),
    [
        (services.UnitDetails(name="", kind="crew"), "name"),
        (services.UnitDetails(name="Pit 3 crew", kind="crew"), "name"),  # taken
        (services.UnitDetails(name="New", kind="family"), "kind"),
        (services.UnitDetails(name="New", kind="member", member="not-a-uuid"), "member"),
        (services.UnitDetails(name="New", kind="crew", member="OWN"), "member"),  # a crew is not a person
        (services.UnitDetails(name="New", kind="member", member="KALIMBI"), "member"),  # another producer's
    ],
)
def test_a_bad_unit_is_refused_naming_the_field(world: World, details: services.UnitDetails, field: str) -> None:
    b.unit(esperanza(world), "Pit 3 crew")
    own, theirs = b.member(esperanza(world)), b.member(world.producers["kalimbi"], "Amani")
    member = {"OWN": str(own.uuid), "KALIMBI": str(theirs.uuid)}.get(str(details.member), details.member)
    details = services.UnitDetails(name=details.name, kind=details.kind, member=member)
    with pytest.raises(ValidationError) as refused:
        services.add_unit(actor=world.actor("alice"), producer_uuid=esperanza(world).uuid, details=details)
    assert field in refused.value.message_dict
    assert Unit.objects.count() == 1


# --- Exclusions: history and the as-of rule ---------------------------------------------------


@pytest.mark.parametrize(
    ("day", "excluded"),
    [
        (dt.date(2026, 2, 28), False),  # before the exclusion
        (dt.date(2026, 3, 1), True),  # from the day it was excluded
        (dt.date(2026, 5, 31), True),
        (dt.date(2026, 6, 1), False),  # from the day it was readmitted
        (dt.date(2026, 8, 31), False),
        (dt.date(2026, 9, 1), True),  # excluded again, never readmitted
        (dt.date(2027, 1, 1), True),
    ],
)
def test_a_unit_is_excluded_on_a_day_when_an_exclusion_covers_it(world: World, day: dt.date, excluded: bool) -> None:
    unit = b.unit(esperanza(world))
    b.exclusion(unit, dt.date(2026, 3, 1), lifted_on=dt.date(2026, 6, 1))
    b.exclusion(unit, dt.date(2026, 9, 1))
    in_force = services.exclusions_on(esperanza(world), day)
    assert (unit.pk in in_force) == excluded
    assert any(services.in_force(e, day) for e in unit.exclusions.all()) == excluded
    listing = services.list_units(actor=world.actor("maria"), producer_uuid=esperanza(world).uuid, as_of=day)
    assert listing.rows[0].excluded == excluded


def test_excluding_then_readmitting_keeps_the_whole_history(world: World) -> None:
    unit = b.unit(esperanza(world))
    alice = world.actor("alice")
    services.exclude_unit(
        actor=alice, unit_uuid=unit.uuid, excluded_on=dt.date(2026, 3, 1), reason="Mercury in the river", today=TODAY
    )
    services.readmit_unit(
        actor=alice, unit_uuid=unit.uuid, lifted_on=dt.date(2026, 6, 1), reason="Retort in use", today=TODAY
    )
    services.exclude_unit(
        actor=alice, unit_uuid=unit.uuid, excluded_on=dt.date(2026, 9, 1), reason="Sold outside", today=TODAY
    )
    overview = services.get_unit(actor=alice, unit_uuid=unit.uuid, as_of=TODAY)
    assert [(e.excluded_on, e.lifted_on, e.reason, e.lift_reason) for e in overview.history] == [
        (dt.date(2026, 9, 1), None, "Sold outside", ""),
        (dt.date(2026, 3, 1), dt.date(2026, 6, 1), "Mercury in the river", "Retort in use"),
    ]
    assert overview.exclusion == overview.history[0]
    assert overview.history[1].recorded_by == world.users["alice"]
    assert overview.history[1].lifted_by == world.users["alice"]


@pytest.mark.parametrize(
    ("excluded_on", "reason", "field"),
    [
        (None, "Sold outside", "excluded_on"),
        (TODAY + dt.timedelta(days=1), "Sold outside", "excluded_on"),  # not in the future
        (TODAY, "   ", "reason"),
        (TODAY, "x" * 2001, "reason"),
    ],
)
def test_an_exclusion_needs_a_day_not_in_the_future_and_a_reason(
    world: World, excluded_on: dt.date | None, reason: str, field: str
) -> None:
    unit = b.unit(esperanza(world))
    with pytest.raises(ValidationError) as refused:
        services.exclude_unit(
            actor=world.actor("alice"), unit_uuid=unit.uuid, excluded_on=excluded_on, reason=reason, today=TODAY
        )
    assert field in refused.value.message_dict
    assert not UnitExclusion.objects.exists()


def test_a_unit_already_excluded_is_not_excluded_twice(world: World) -> None:
    unit = b.unit(esperanza(world))
    b.exclusion(unit)
    with pytest.raises(ValidationError) as refused:
        services.exclude_unit(
            actor=world.actor("alice"), unit_uuid=unit.uuid, excluded_on=TODAY, reason="Again", today=TODAY
        )
    assert "unit" in refused.value.message_dict
    assert UnitExclusion.objects.count() == 1


def test_a_new_exclusion_may_not_start_before_the_last_readmission(world: World) -> None:
    unit = b.unit(esperanza(world))
    b.exclusion(unit, dt.date(2026, 3, 1), lifted_on=dt.date(2026, 6, 1))
    with pytest.raises(ValidationError) as refused:
        services.exclude_unit(
            actor=world.actor("alice"), unit_uuid=unit.uuid, excluded_on=dt.date(2026, 5, 1), reason="x", today=TODAY
        )
    assert "2026-06-01" in refused.value.message_dict["excluded_on"][0]


@pytest.mark.parametrize(
    ("lifted_on", "reason", "field"),
    [
        (dt.date(2026, 2, 1), "Back", "lifted_on"),  # before it was excluded
        (TODAY + dt.timedelta(days=1), "Back", "lifted_on"),
        (TODAY, "", "reason"),
    ],
)
def test_a_readmission_needs_a_day_after_the_exclusion_and_a_reason(
    world: World, lifted_on: dt.date, reason: str, field: str
) -> None:
    unit = b.unit(esperanza(world))
    b.exclusion(unit, dt.date(2026, 3, 1))
    with pytest.raises(ValidationError) as refused:
        services.readmit_unit(
            actor=world.actor("alice"), unit_uuid=unit.uuid, lifted_on=lifted_on, reason=reason, today=TODAY
        )
    assert field in refused.value.message_dict
    assert UnitExclusion.objects.get().lifted_on is None


def test_a_unit_that_is_not_excluded_cannot_be_readmitted(world: World) -> None:
    unit = b.unit(esperanza(world))
    with pytest.raises(ValidationError) as refused:
        services.readmit_unit(actor=world.actor("alice"), unit_uuid=unit.uuid, lifted_on=TODAY, reason="x")
    assert "unit" in refused.value.message_dict


# --- The producer's clock, and exclusions recorded later ----------------------------------------

# 03:00 UTC on 1 March 2027 is still 28 February in Bogotá (UTC-5), where esperanza works.
EARLY_UTC = dt.datetime(2027, 3, 1, 3, 0, tzinfo=dt.UTC)


def test_an_exclusion_from_a_day_not_yet_begun_where_the_producer_works_is_refused(world: World) -> None:
    unit = b.unit(esperanza(world))
    alice = world.actor("alice")
    with mock.patch("django.utils.timezone.now", return_value=EARLY_UTC):
        with pytest.raises(ValidationError) as refused:
            services.exclude_unit(
                actor=alice, unit_uuid=unit.uuid, excluded_on=dt.date(2027, 3, 1), reason="Sold outside"
            )
        assert refused.value.message_dict == {"excluded_on": ["Must not be in the future."]}
        assert not UnitExclusion.objects.exists()
        services.exclude_unit(actor=alice, unit_uuid=unit.uuid, excluded_on=dt.date(2027, 2, 28), reason="Sold outside")
        with pytest.raises(ValidationError) as refused:
            services.readmit_unit(actor=alice, unit_uuid=unit.uuid, lifted_on=dt.date(2027, 3, 1), reason="Back")
        assert "lifted_on" in refused.value.message_dict


def test_units_are_read_on_the_producers_date_by_default(world: World) -> None:
    unit = b.unit(esperanza(world))
    b.exclusion(unit, dt.date(2027, 2, 1), lifted_on=dt.date(2027, 3, 1))
    alice = world.actor("alice")
    with mock.patch("django.utils.timezone.now", return_value=EARLY_UTC):
        listing = services.list_units(actor=alice, producer_uuid=esperanza(world).uuid)
        overview = services.get_unit(actor=alice, unit_uuid=unit.uuid)
    assert (listing.as_of, overview.as_of) == (dt.date(2027, 2, 28), dt.date(2027, 2, 28))
    assert listing.rows[0].excluded  # readmitted from 1 March, which has not begun in Bogotá
    assert overview.exclusion is not None


@pytest.mark.parametrize(("days_before", "later"), [(0, False), (30, False), (31, True), (400, True)])
def test_an_exclusion_recorded_more_than_30_days_after_its_day_is_marked_recorded_later(
    world: World, days_before: int, later: bool
) -> None:
    unit = b.unit(esperanza(world))
    alice = world.actor("alice")
    today = local_today(esperanza(world))
    excluded_on = today - dt.timedelta(days=days_before)
    services.exclude_unit(actor=alice, unit_uuid=unit.uuid, excluded_on=excluded_on, reason="Sold outside")
    ((exclusion, recorded),) = services.get_unit(actor=alice, unit_uuid=unit.uuid).recorded
    assert exclusion.excluded_on == excluded_on
    assert recorded == services.Recording(on=today, by="Alice", later=later)


def test_the_day_an_exclusion_was_recorded_is_the_producers_date(world: World) -> None:
    unit = b.unit(esperanza(world))
    exclusion = b.exclusion(unit, dt.date(2027, 1, 28))
    exclusion.recorded_at = EARLY_UTC
    recorded = services.recording_of(exclusion, esperanza(world), names=False)
    assert recorded == services.Recording(on=dt.date(2027, 2, 28), by=None, later=True)  # 31 days in Bogotá
    exclusion.excluded_on = dt.date(2027, 1, 29)
    assert not services.recording_of(exclusion, esperanza(world), names=False).later  # 30 days


# --- Audit: what changed, never names or reasons -----------------------------------------------


def test_changes_are_audited_without_names_or_reasons(world: World) -> None:
    alice = world.actor("alice")
    unit = services.add_unit(
        actor=alice, producer_uuid=esperanza(world).uuid, details=services.UnitDetails("Rosa Díaz", "member")
    )
    services.exclude_unit(actor=alice, unit_uuid=unit.uuid, excluded_on=TODAY, reason="Rosa hid a minor", today=TODAY)
    services.readmit_unit(actor=alice, unit_uuid=unit.uuid, lifted_on=TODAY, reason="Rosa's son is at school")
    entries = list(AuditEntry.objects.filter(object_type="unit").order_by("id"))
    assert [e.action for e in entries] == ["unit.added", "unit.excluded", "unit.readmitted"]
    assert entries[0].detail == {"kind": "member", "fields": ["kind", "name"]}
    assert entries[1].detail["excluded_on"] == TODAY.isoformat()
    assert entries[2].detail["lifted_on"] == TODAY.isoformat()
    assert all(e.producer == esperanza(world).uuid for e in entries)
    assert not any("Rosa" in str(e.detail) for e in entries)


def test_a_facilitator_reading_units_is_audited_for_the_producer_and_its_own_people_are_not(world: World) -> None:
    b.unit(esperanza(world))
    services.list_units(actor=world.actor("alice"), producer_uuid=esperanza(world).uuid)
    assert not AuditEntry.objects.filter(action="view.confidential").exists()
    services.list_units(actor=world.actor("fran"), producer_uuid=esperanza(world).uuid)
    seen = AuditEntry.objects.get(action="view.confidential")
    assert seen.detail == {"audience": "facilitator", "purpose": "support", "grant": None, "what": ["units.names"]}
    assert seen.producer == esperanza(world).uuid


def test_a_facilitator_reading_a_unit_with_exclusions_is_audited_once(world: World) -> None:
    unit = b.unit(esperanza(world))
    b.exclusion(unit)
    UnitExclusion.objects.update(recorded_by=world.users["mateo"])
    overview = services.get_unit(actor=world.actor("fran"), unit_uuid=unit.uuid)
    assert overview.reasons_shown
    assert overview.recorded[0][1].by == "Mateo"  # who recorded it goes with the reasons
    seen = AuditEntry.objects.get(action="view.confidential")
    assert (seen.object_type, seen.object_id) == ("unit", str(unit.uuid))
    assert seen.detail["what"] == ["exclusions.reasons", "units.names"]


# --- Pages --------------------------------------------------------------------------------------


def signed_in(client: Client, world: World, name: str) -> Client:
    client.force_login(world.users[name])
    return client


def test_a_manager_adds_a_unit_on_the_units_page(world: World, client: Client) -> None:
    signed_in(client, world, "mateo")
    url = reverse("producers:units", args=[esperanza(world).uuid])
    page = client.get(url)
    assert 'name="kind"' in page.text
    assert reverse("assessments:rollup", args=[esperanza(world).uuid]) in page.text
    response = client.post(url, {"name": "Bocamina El Tesoro", "kind": "crew", "member": ""})
    unit = Unit.objects.get(name="Bocamina El Tesoro")
    assert response.status_code == 302
    assert response["Location"] == reverse("producers:unit", args=[unit.uuid])
    assert "Bocamina El Tesoro" in client.get(url).text


def test_a_bad_unit_on_the_page_names_the_field_and_adds_nothing(world: World, client: Client) -> None:
    b.unit(esperanza(world), "Bocamina El Tesoro")
    signed_in(client, world, "alice")
    url = reverse("producers:units", args=[esperanza(world).uuid])
    response = client.post(url, {"name": "Bocamina El Tesoro", "kind": "crew"})
    assert response.status_code == 400
    assert "Another unit already has this name." in response.text
    assert Unit.objects.count() == 1


def test_a_member_sees_units_without_the_form(world: World, client: Client) -> None:
    b.unit(esperanza(world), "Bocamina El Tesoro")
    page = signed_in(client, world, "maria").get(reverse("producers:units", args=[esperanza(world).uuid]))
    assert "Bocamina El Tesoro" in page.text
    assert 'name="kind"' not in page.text


def test_the_units_page_of_an_informal_group_explains_why_it_has_none(world: World, client: Client) -> None:
    page = signed_in(client, world, "oscar").get(reverse("producers:units", args=[world.producers["kalimbi"].uuid]))
    assert page.status_code == 200
    assert "Only cooperatives and associations have units" in page.text
    assert 'name="kind"' not in page.text


def test_the_producer_menu_offers_units_to_cooperatives_only(world: World, client: Client) -> None:
    signed_in(client, world, "alice")
    units_link = reverse("producers:units", args=[esperanza(world).uuid])
    assert units_link in client.get(reverse("producers:detail", args=[esperanza(world).uuid])).text
    client.force_login(world.users["oscar"])
    kalimbi = world.producers["kalimbi"]
    assert "/units/" not in client.get(reverse("producers:detail", args=[kalimbi.uuid])).text


def test_an_authorised_buyer_without_a_grant_sees_units_withheld_and_no_unit_page(world: World, client: Client) -> None:
    b.authorise(world, "esperanza", "refiner")
    unit = b.unit(esperanza(world))
    signed_in(client, world, "bob")
    detail = client.get(reverse("producers:detail", args=[esperanza(world).uuid])).text
    assert reverse("producers:units", args=[esperanza(world).uuid]) not in detail  # the type is not shared
    page = client.get(reverse("producers:units", args=[esperanza(world).uuid]))
    assert page.status_code == 200
    assert "Pit 3 crew" not in page.text
    assert page.text.count('<p class="withheld">') == 2  # the names, and the numbered list
    assert reverse("assessments:rollup", args=[esperanza(world).uuid]) in page.text
    assert client.post(reverse("producers:units", args=[esperanza(world).uuid]), {"name": "x"}).status_code == 403
    assert client.get(reverse("producers:unit", args=[unit.uuid])).status_code == 404


def test_a_partner_sees_the_units_numbered_on_the_page_and_the_menu_link(world: World, client: Client) -> None:
    sharing.grant(world, "refiner")
    b.unit(esperanza(world))
    signed_in(client, world, "bob")
    detail = client.get(reverse("producers:detail", args=[esperanza(world).uuid])).text
    assert reverse("producers:units", args=[esperanza(world).uuid]) in detail
    page = client.get(reverse("producers:units", args=[esperanza(world).uuid])).text
    assert "Unit 1" in page
    assert "Pit 3 crew" not in page
    assert page.count('<p class="withheld">') == 1  # the names only


def test_a_manager_excludes_and_readmits_a_unit_on_its_page(world: World, client: Client) -> None:
    unit = b.unit(esperanza(world))
    signed_in(client, world, "alice")
    page = client.get(reverse("producers:unit", args=[unit.uuid]))
    assert "Exclude from the supply" in page.text
    assert reverse("assessments:start", args=[esperanza(world).uuid]) + f"?unit={unit.uuid}" in page.text
    response = client.post(
        reverse("producers:unit_exclude", args=[unit.uuid]), {"excluded_on": "2026-04-01", "reason": "Sold outside"}
    )
    assert response.status_code == 302
    page = client.get(reverse("producers:unit", args=[unit.uuid]))
    assert "Excluded since 2026-04-01" in page.text
    assert "Readmit to the supply" in page.text
    response = client.post(
        reverse("producers:unit_readmit", args=[unit.uuid]), {"lifted_on": "2026-05-02", "reason": "Back with us"}
    )
    assert response.status_code == 302
    page = client.get(reverse("producers:unit", args=[unit.uuid]))
    assert "2026-05-02" in page.text
    assert "Back with us" in page.text
    assert "Exclude from the supply" in page.text


def test_the_unit_page_says_when_and_by_whom_each_exclusion_was_recorded(world: World, client: Client) -> None:
    unit = b.unit(esperanza(world))
    today = local_today(esperanza(world))
    backdated = today - dt.timedelta(days=45)
    signed_in(client, world, "mateo")
    response = client.post(
        reverse("producers:unit_exclude", args=[unit.uuid]),
        {"excluded_on": backdated.isoformat(), "reason": "Left before anyone wrote it down"},
    )
    assert response.status_code == 302
    page = client.get(reverse("producers:unit", args=[unit.uuid])).text
    assert f"Excluded from {backdated.isoformat()}, recorded on {today.isoformat()} by Mateo." in page
    assert '<span class="tag warn">recorded later</span>' in page
    assert "more than 30 days after it is marked “recorded later”" in page


def test_an_exclusion_recorded_on_time_is_not_marked(world: World, client: Client) -> None:
    unit = b.unit(esperanza(world))
    today = local_today(esperanza(world))
    services.exclude_unit(actor=world.actor("alice"), unit_uuid=unit.uuid, excluded_on=today, reason="Sold outside")
    page = signed_in(client, world, "fran").get(reverse("producers:unit", args=[unit.uuid])).text
    assert f"Excluded from {today.isoformat()}, recorded on {today.isoformat()} by Alice." in page
    assert '<span class="tag warn">recorded later</span>' not in page


def test_a_bad_exclusion_on_the_page_names_the_field(world: World, client: Client) -> None:
    unit = b.unit(esperanza(world))
    signed_in(client, world, "alice")
    response = client.post(reverse("producers:unit_exclude", args=[unit.uuid]), {"excluded_on": "2026-04-01"})
    assert response.status_code == 400
    assert "This field is required." in response.text
    assert not UnitExclusion.objects.exists()


def test_a_viewer_sees_a_unit_without_the_forms(world: World, client: Client) -> None:
    unit = b.unit(esperanza(world))
    page = signed_in(client, world, "victor").get(reverse("producers:unit", args=[unit.uuid]))
    assert page.status_code == 200
    assert "Exclude from the supply" not in page.text
    assert "Assess this unit" not in page.text


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def _units(world: World, n: int, tag: str) -> None:
    for i in range(n):
        unit = b.unit(esperanza(world), f"Crew {tag}-{i}")
        if i % 2:
            b.exclusion(unit, lifted_on=dt.date(2026, 4, 1) if i % 4 == 1 else None)
        b.member(esperanza(world), f"Member {tag}-{i}")


@pytest.mark.parametrize("name", ["alice", "fran"])
def test_the_units_page_makes_the_same_queries_with_ten_times_the_units(
    world: World, client: Client, name: str
) -> None:
    signed_in(client, world, name)
    url = reverse("producers:units", args=[esperanza(world).uuid])
    _units(world, 2, "a")
    few = _queries(client, url)
    _units(world, 18, "b")
    assert _queries(client, url) == few


def test_the_unit_page_makes_the_same_queries_with_ten_times_the_exclusions(world: World, client: Client) -> None:
    unit = b.unit(esperanza(world))
    signed_in(client, world, "alice")
    url = reverse("producers:unit", args=[unit.uuid])
    b.exclusion(unit, dt.date(2025, 1, 1), lifted_on=dt.date(2025, 1, 2))
    UnitExclusion.objects.update(recorded_by=world.users["alice"])  # names shown: read with the exclusions
    few = _queries(client, url)
    for i in range(2, 11):
        b.exclusion(unit, dt.date(2025, i, 1), lifted_on=dt.date(2025, i, 2))
    UnitExclusion.objects.update(recorded_by=world.users["mateo"])
    assert _queries(client, url) == few
    assert "by Mateo" in client.get(url).text
