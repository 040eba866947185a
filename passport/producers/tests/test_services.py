"""Registry services for every person of the world: allowed, NotAllowed, or NotFound."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from passport.accounts.access import Actor, NotAllowed, NotFound
from passport.audit.models import AuditEntry
from passport.producers import committees, services
from passport.producers.models import AssessorAuthorisation, Member, Producer, Site, Title
from passport.sharing.tests import builders as sharing
from tests.world import World

from . import builders as b


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


# --- Every role of the world, per use case -------------------------------------------------------


@pytest.mark.parametrize("name", b.EVERYONE)
def test_reading_a_producer_needs_access_to_it(world: World, name: str) -> None:
    got = outcome(lambda: services.get_producer(actor=world.actor(name), producer_uuid=esperanza(world).uuid))
    assert got == b.expected(name, b.VISIBLE)


@pytest.mark.parametrize("name", b.EVERYONE)
def test_only_owners_and_managers_change_the_profile(world: World, name: str) -> None:
    call = lambda: services.update_producer(  # noqa: E731
        actor=world.actor(name), producer_uuid=esperanza(world).uuid, profile=b.profile(municipality="Buenos Aires")
    )
    assert outcome(call) == b.expected(name, b.MANAGERS)
    changed = Producer.objects.get(pk=esperanza(world).pk).municipality == "Buenos Aires"
    assert changed == (name in b.MANAGERS)


@pytest.mark.parametrize("name", b.EVERYONE)
def test_only_owners_and_managers_add_titles(world: World, name: str) -> None:
    details = services.TitleDetails(kind="permit", reference="P-1")
    call = lambda: services.add_title(actor=world.actor(name), producer_uuid=esperanza(world).uuid, details=details)  # noqa: E731
    assert outcome(call) == b.expected(name, b.MANAGERS)


@pytest.mark.parametrize("name", b.EVERYONE)
def test_only_owners_and_managers_update_and_delete_titles(world: World, name: str) -> None:
    held = b.title(esperanza(world))
    details = services.TitleDetails(kind="permit", reference="P-2")
    assert outcome(
        lambda: services.update_title(actor=world.actor(name), title_uuid=held.uuid, details=details)
    ) == b.expected(name, b.MANAGERS)
    assert outcome(lambda: services.delete_title(actor=world.actor(name), title_uuid=held.uuid)) == b.expected(
        name, b.MANAGERS
    )
    assert Title.objects.filter(pk=held.pk).exists() == (name not in b.MANAGERS)


@pytest.mark.parametrize("name", b.EVERYONE)
def test_the_producers_own_people_from_member_up_add_and_update_sites(world: World, name: str) -> None:
    details = services.SiteDetails(name="Mina Nueva", latitude="2.5", longitude="-76.5")
    call = lambda: services.add_site(actor=world.actor(name), producer_uuid=esperanza(world).uuid, details=details)  # noqa: E731
    assert outcome(call) == b.expected(name, b.EDITORS)
    existing = b.site(esperanza(world))
    call = lambda: services.update_site(actor=world.actor(name), site_uuid=existing.uuid, details=details)  # noqa: E731
    assert outcome(call) == b.expected(name, b.EDITORS)


@pytest.mark.parametrize("name", b.EVERYONE)
def test_the_producers_own_people_from_member_up_manage_members(world: World, name: str) -> None:
    details = services.MemberDetails(name="Luz Ortiz", role="panner", gender="woman")
    call = lambda: services.add_member(actor=world.actor(name), producer_uuid=esperanza(world).uuid, details=details)  # noqa: E731
    assert outcome(call) == b.expected(name, b.EDITORS)
    existing = b.member(esperanza(world))
    call = lambda: services.update_member(actor=world.actor(name), member_uuid=existing.uuid, details=details)  # noqa: E731
    assert outcome(call) == b.expected(name, b.EDITORS)
    assert outcome(lambda: services.delete_member(actor=world.actor(name), member_uuid=existing.uuid)) == b.expected(
        name, b.EDITORS
    )


@pytest.mark.parametrize("name", b.EVERYONE)
def test_the_producers_own_people_from_member_up_run_the_committee(world: World, name: str) -> None:
    at = b.site(esperanza(world))
    who = b.member(esperanza(world))
    actor = world.actor(name)
    assert outcome(
        lambda: committees.add_committee_seat(actor=actor, site_uuid=at.uuid, member_uuid=who.uuid, role="president")
    ) == b.expected(name, b.EDITORS)
    assert outcome(
        lambda: committees.record_meeting(actor=actor, site_uuid=at.uuid, held_on=dt.date(2025, 5, 1), attendees=12)
    ) == b.expected(name, b.EDITORS)
    assert outcome(
        lambda: committees.update_committee(actor=actor, site_uuid=at.uuid, formed_on=dt.date(2025, 1, 1))
    ) == b.expected(name, b.EDITORS)


@pytest.mark.parametrize("name", b.EVERYONE)
def test_only_owners_and_managers_authorise_and_revoke_assessors(world: World, name: str) -> None:
    actor = world.actor(name)
    producer = esperanza(world).uuid
    refiner = world.orgs["refiner"].uuid
    got = outcome(lambda: services.authorise_assessor(actor=actor, producer_uuid=producer, organisation_uuid=refiner))
    assert got == b.expected(name, b.MANAGERS)
    field = world.orgs["field"].uuid
    got = outcome(lambda: services.revoke_assessor(actor=actor, producer_uuid=producer, organisation_uuid=field))
    assert got == b.expected(name, b.MANAGERS)


@pytest.mark.parametrize("name", b.EVERYONE)
def test_only_the_producers_own_people_see_whom_it_authorised(world: World, name: str) -> None:
    got = outcome(lambda: services.list_authorisations(actor=world.actor(name), producer_uuid=esperanza(world).uuid))
    assert got == b.expected(name, b.ESPERANZA_OWN)


@pytest.mark.parametrize("name", b.EVERYONE)
def test_nobody_in_the_world_may_register_another_profile(world: World, name: str) -> None:
    # Esperanza and Kalimbi are registered already; every other organisation is not a producer.
    with pytest.raises(NotAllowed):
        services.register_producer(actor=world.actor(name), profile=b.profile())


# --- Registering -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["owner", "manager"])
def test_an_owner_or_manager_registers_the_profile_once(db: None, role: str) -> None:
    user = b.new_producer_organisation(role)
    membership = user.memberships.get()
    actor = Actor(user=user, organisation=membership.organisation, role=role)
    created = services.register_producer(actor=actor, profile=b.profile(country="pe", subdivision="pe-cus"))
    assert (created.country, created.subdivision) == ("PE", "PE-CUS")
    assert AuditEntry.objects.filter(action="producer.registered", producer=created.uuid).count() == 1
    with pytest.raises(NotAllowed):
        services.register_producer(actor=actor, profile=b.profile(country="PE", subdivision=""))


@pytest.mark.parametrize("role", ["member", "viewer"])
def test_it_rejects_registration_by_members_and_viewers(db: None, role: str) -> None:
    user = b.new_producer_organisation(role)
    actor = Actor(user=user, organisation=user.memberships.get().organisation, role=role)
    with pytest.raises(NotAllowed):
        services.register_producer(actor=actor, profile=b.profile(country="PE", subdivision=""))


def test_it_rejects_registration_without_an_organisation(world: World) -> None:
    actor = Actor(user=world.users["alice"], organisation=None, role=None)
    with pytest.raises(NotAllowed):
        services.register_producer(actor=actor, profile=b.profile())


# --- Validation: the field is named and nothing changes -------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"type": "mine"}, "type"),
        ({"subtype": "barequero"}, "subtype"),
        ({"type": "individual", "subtype": "panner"}, "subtype"),
        ({"commodities": []}, "commodities"),
        ({"commodities": ["gold", "copper"]}, "commodities"),
        ({"methods": []}, "methods"),
        ({"methods": ["dredging"]}, "methods"),
        ({"country": "COL"}, "country"),
        ({"country": "C0"}, "country"),
        ({"country": ""}, "country"),
        ({"subdivision": "PE-CUS"}, "subdivision"),
        ({"subdivision": "CO_CAU"}, "subdivision"),
        ({"subdivision": "CO-CAUC"}, "subdivision"),
        ({"legal_status": "legal"}, "legal_status"),
        ({"municipality": "x" * 121}, "municipality"),
    ],
)
def test_it_rejects_an_invalid_profile_naming_the_field(world: World, changes: dict, field: str) -> None:
    before = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as caught:
        services.update_producer(
            actor=world.actor("alice"), producer_uuid=esperanza(world).uuid, profile=b.profile(**changes)
        )
    assert field in caught.value.message_dict
    assert Producer.objects.get(pk=esperanza(world).pk).subdivision == "CO-CAU"
    assert AuditEntry.objects.count() == before


def test_it_accepts_a_barequero_and_a_plant_without_methods(world: World) -> None:
    actor = world.actor("alice")
    uuid = esperanza(world).uuid
    services.update_producer(actor=actor, producer_uuid=uuid, profile=b.profile(type="individual", subtype="barequero"))
    assert Producer.objects.get(uuid=uuid).subtype == "barequero"
    services.update_producer(actor=actor, producer_uuid=uuid, profile=b.profile(type="processing_plant", methods=[]))
    assert Producer.objects.get(uuid=uuid).methods == []


def test_it_rejects_a_title_that_ends_before_it_starts(world: World) -> None:
    details = services.TitleDetails(
        kind="permit", reference="P-1", valid_from=dt.date(2025, 1, 2), valid_until=dt.date(2025, 1, 1)
    )
    with pytest.raises(ValidationError) as caught:
        services.add_title(actor=world.actor("alice"), producer_uuid=esperanza(world).uuid, details=details)
    assert "valid_until" in caught.value.message_dict
    assert not Title.objects.exists()


@pytest.mark.parametrize(
    ("latitude", "longitude", "field"),
    [
        ("90.000001", "0", "latitude"),
        ("-91", "0", "latitude"),
        ("0", "180.5", "longitude"),
        ("0", "-181", "longitude"),
        ("north", "0", "latitude"),
        ("NaN", "0", "latitude"),
        ("2.5", "", "longitude"),
        ("", "-76", "latitude"),
    ],
)
def test_it_rejects_coordinates_out_of_range(world: World, latitude: str, longitude: str, field: str) -> None:
    details = services.SiteDetails(name="Mina", latitude=latitude, longitude=longitude)
    with pytest.raises(ValidationError) as caught:
        services.add_site(actor=world.actor("maria"), producer_uuid=esperanza(world).uuid, details=details)
    assert field in caught.value.message_dict
    assert not Site.objects.exists()


def test_it_keeps_coordinates_at_the_edges_to_six_places(world: World) -> None:
    details = services.SiteDetails(name="Edge", latitude="-90", longitude="179.1234567")
    added = services.add_site(actor=world.actor("maria"), producer_uuid=esperanza(world).uuid, details=details)
    added.refresh_from_db()
    assert (added.latitude, added.longitude) == (Decimal("-90"), Decimal("179.123457"))


def test_it_rejects_a_site_subdivision_in_another_country(world: World) -> None:
    details = services.SiteDetails(name="Mina", subdivision="CD-SK")
    with pytest.raises(ValidationError) as caught:
        services.add_site(actor=world.actor("alice"), producer_uuid=esperanza(world).uuid, details=details)
    assert "subdivision" in caught.value.message_dict


def test_it_rejects_a_member_at_another_producers_site(world: World) -> None:
    elsewhere = b.site(world.producers["kalimbi"])
    details = services.MemberDetails(name="Jean", role="excavator", site=elsewhere.uuid)
    with pytest.raises(ValidationError) as caught:
        services.add_member(actor=world.actor("alice"), producer_uuid=esperanza(world).uuid, details=details)
    assert set(caught.value.message_dict) == {"site"}
    assert not Member.objects.exists()


@pytest.mark.parametrize(
    ("details", "field"),
    [
        (services.MemberDetails(name="", role="panner"), "name"),
        (services.MemberDetails(name="Ana", role="boss"), "role"),
        (services.MemberDetails(name="Ana", role="panner", gender="x"), "gender"),
        (services.MemberDetails(name="Ana", role="panner", age_band="12"), "age_band"),
        (services.MemberDetails(name="Ana", role="panner", site="not-a-uuid"), "site"),
    ],
)
def test_it_rejects_invalid_member_details(world: World, details: services.MemberDetails, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.add_member(actor=world.actor("maria"), producer_uuid=esperanza(world).uuid, details=details)
    assert field in caught.value.message_dict


def test_it_rejects_a_seat_for_someone_outside_the_producer_or_twice(world: World) -> None:
    at = b.site(esperanza(world))
    outsider = b.member(world.producers["kalimbi"], "Jean")
    insider = b.member(esperanza(world))
    actor = world.actor("maria")
    with pytest.raises(ValidationError) as caught:
        committees.add_committee_seat(actor=actor, site_uuid=at.uuid, member_uuid=outsider.uuid, role="president")
    assert "member" in caught.value.message_dict
    committees.add_committee_seat(actor=actor, site_uuid=at.uuid, member_uuid=insider.uuid, role="president")
    with pytest.raises(ValidationError):
        committees.add_committee_seat(actor=actor, site_uuid=at.uuid, member_uuid=insider.uuid, role="treasurer")
    with pytest.raises(ValidationError) as caught:
        committees.add_committee_seat(actor=actor, site_uuid=at.uuid, member_uuid=insider.uuid, role=" ")
    assert "role" in caught.value.message_dict


def test_it_rejects_a_meeting_in_the_future_or_with_negative_attendance(world: World) -> None:
    at = b.site(esperanza(world))
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    with pytest.raises(ValidationError) as caught:
        committees.record_meeting(actor=world.actor("maria"), site_uuid=at.uuid, held_on=tomorrow, attendees=-1)
    assert set(caught.value.message_dict) == {"held_on", "attendees"}
    assert not hasattr(Site.objects.get(pk=at.pk), "committee")


@pytest.mark.parametrize("org_key", ["ministry", "steward", "kalimbi"])
def test_it_rejects_authorising_an_organisation_that_does_not_assess(world: World, org_key: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.authorise_assessor(
            actor=world.actor("alice"), producer_uuid=esperanza(world).uuid, organisation_uuid=world.orgs[org_key].uuid
        )
    assert "organisation" in caught.value.message_dict


@pytest.mark.parametrize("target", ["not-a-uuid", "6b0c3c3e-0000-4000-8000-000000000000"])
def test_it_rejects_authorising_an_unknown_organisation(world: World, target: str) -> None:
    with pytest.raises(ValidationError) as caught:
        services.authorise_assessor(
            actor=world.actor("alice"), producer_uuid=esperanza(world).uuid, organisation_uuid=target
        )
    assert "organisation" in caught.value.message_dict


def test_it_rejects_authorising_the_same_organisation_twice(world: World) -> None:
    with pytest.raises(ValidationError):
        services.authorise_assessor(
            actor=world.actor("alice"), producer_uuid=esperanza(world).uuid, organisation_uuid=world.orgs["field"].uuid
        )


# --- Visibility and the confidential-view log ---------------------------------------------------


def test_a_buyer_with_a_partner_grant_sees_the_profile_titles_sites_and_member_counts_only(world: World) -> None:
    grant = sharing.grant(world, "refiner")
    b.title(esperanza(world))
    b.site(esperanza(world))
    b.member(esperanza(world), "Rosa", role="panner", gender="woman")
    b.member(esperanza(world), "Luis", role="panner", gender="man")
    bob = world.actor("bob")
    overview = services.get_producer(actor=bob, producer_uuid=esperanza(world).uuid)
    assert overview.titles is not None
    assert overview.sites is not None
    assert (len(overview.titles), len(overview.sites)) == (1, 1)
    listing = services.list_members(actor=bob, producer_uuid=esperanza(world).uuid)
    assert listing.page is None
    assert listing.counts is not None
    assert listing.counts.by_role == {"panner": 2}
    assert listing.counts.by_gender == {"woman": 1, "man": 1}
    entries = [e.detail for e in AuditEntry.objects.filter(action="view.confidential").order_by("id")]
    assert entries == [
        {
            "audience": "actual_partner",
            "purpose": "due_diligence",
            "grant": str(grant.uuid),
            "what": ["assessment.answers", "sites.coordinates", "titles"],
        },
        {
            "audience": "actual_partner",
            "purpose": "due_diligence",
            "grant": str(grant.uuid),
            "what": ["assessment.answers"],
        },
    ]


def test_an_authorised_buyer_without_a_grant_sees_the_public_fields_only(world: World) -> None:
    b.authorise(world, "esperanza", "refiner")
    b.title(esperanza(world))
    b.member(esperanza(world))
    bob = world.actor("bob")
    overview = services.get_producer(actor=bob, producer_uuid=esperanza(world).uuid)
    assert (overview.titles, overview.sites, overview.member_counts) == (None, None, None)
    assert overview.allowed.access.value == "assessor"
    assert overview.allowed.can_assess  # it may still run a buyer review: assessing is not seeing
    assert services.list_members(actor=bob, producer_uuid=esperanza(world).uuid).counts is None
    assert not AuditEntry.objects.filter(action="view.confidential").exists()


def test_a_verifier_with_a_grant_sees_committee_seats_as_a_count(world: World) -> None:
    sharing.grant(world, "checkers")
    at = b.site(esperanza(world))
    b.committee(at, seated=(b.member(esperanza(world)),), meetings=1)
    seen = committees.get_committee(actor=world.actor("vera"), site_uuid=at.uuid)
    assert (seen.seat_count, seen.seats, len(seen.meetings)) == (1, None, 1)
    assert AuditEntry.objects.get(action="view.confidential").detail["what"] == ["sites.coordinates"]


def test_a_reader_who_may_not_see_sites_does_not_find_a_sites_committee(world: World) -> None:
    sharing.grant(world, "ministry")
    at = b.site(esperanza(world))
    with pytest.raises(NotFound):
        committees.get_committee(actor=world.actor("ana"), site_uuid=at.uuid)
    with pytest.raises(NotFound):
        services.get_site(actor=world.actor("ana"), site_uuid=at.uuid)


def test_a_facilitators_view_of_members_is_logged_for_the_producer(world: World) -> None:
    b.member(esperanza(world))
    listing = services.list_members(actor=world.actor("fran"), producer_uuid=esperanza(world).uuid)
    assert listing.page is not None
    assert [m.name for m in listing.page.object_list] == ["Rosa Díaz"]
    entry = AuditEntry.objects.get(action="view.confidential")
    assert entry.producer == esperanza(world).uuid
    assert (entry.object_type, entry.object_id) == ("producer", str(esperanza(world).uuid))
    assert entry.detail == {
        "audience": "facilitator",
        "purpose": "support",
        "grant": None,
        "what": ["assessment.answers", "members.personal"],
    }
    assert entry.organisation == world.orgs["field"].uuid


def test_a_facilitators_view_of_committee_seats_is_logged(world: World) -> None:
    at = b.site(esperanza(world))
    b.committee(at, seated=(b.member(esperanza(world)),))
    seen = committees.get_committee(actor=world.actor("fran"), site_uuid=at.uuid)
    assert seen.seats is not None
    assert seen.seats[0].member.name == "Rosa Díaz"
    entry = AuditEntry.objects.get(action="view.confidential")
    assert (entry.object_type, entry.object_id) == ("site", str(at.uuid))
    assert entry.detail["what"] == ["members.personal", "sites.coordinates"]


def test_the_producers_own_views_of_members_are_not_logged(world: World) -> None:
    b.member(esperanza(world))
    for name in b.ESPERANZA_OWN:
        assert services.list_members(actor=world.actor(name), producer_uuid=esperanza(world).uuid).page is not None
    assert not AuditEntry.objects.filter(action="view.confidential").exists()


def test_revoking_an_assessor_ends_its_access_at_once(world: World) -> None:
    services.revoke_assessor(
        actor=world.actor("mateo"), producer_uuid=esperanza(world).uuid, organisation_uuid=world.orgs["field"].uuid
    )
    with pytest.raises(NotFound):
        services.get_producer(actor=world.actor("fran"), producer_uuid=esperanza(world).uuid)
    grant = AssessorAuthorisation.objects.get(organisation=world.orgs["field"])
    assert grant.revoked_by == world.users["mateo"]
    with pytest.raises(NotFound):
        services.revoke_assessor(
            actor=world.actor("mateo"), producer_uuid=esperanza(world).uuid, organisation_uuid=world.orgs["field"].uuid
        )


def test_an_authorised_buyer_may_read_but_not_change(world: World) -> None:
    b.authorise(world, "esperanza", "refiner")
    bob = world.actor("bob")
    with pytest.raises(NotAllowed):
        services.add_site(actor=bob, producer_uuid=esperanza(world).uuid, details=services.SiteDetails(name="x"))


def test_search_finds_assessor_organisations_by_name_only_of_assessing_kinds(world: World) -> None:
    alice = world.actor("alice")
    found = services.find_assessor_organisations(actor=alice, producer_uuid=esperanza(world).uuid, query="re")
    assert [o.name for o in found] == ["Refinería del Sur"]
    assert services.find_assessor_organisations(actor=alice, producer_uuid=esperanza(world).uuid, query="m") == []
    with pytest.raises(NotAllowed):
        services.find_assessor_organisations(
            actor=world.actor("maria"), producer_uuid=esperanza(world).uuid, query="re"
        )


def test_tokens_need_the_read_and_write_scopes(world: World) -> None:
    org = world.orgs["esperanza"]
    reader = Actor(user=None, organisation=org, role="member", scopes=frozenset({"producers:read"}))
    services.get_producer(actor=reader, producer_uuid=esperanza(world).uuid)
    with pytest.raises(NotAllowed):
        services.add_site(actor=reader, producer_uuid=esperanza(world).uuid, details=services.SiteDetails(name="x"))
    nothing = Actor(user=None, organisation=org, role="member", scopes=frozenset())
    with pytest.raises(NotAllowed):
        services.get_producer(actor=nothing, producer_uuid=esperanza(world).uuid)


# --- Audit entries for every change ----------------------------------------------------------------


def test_every_change_writes_one_audit_entry_in_the_producers_log(world: World) -> None:
    alice = world.actor("alice")
    p = esperanza(world).uuid
    services.update_producer(
        actor=alice, producer_uuid=p, profile=b.profile(municipality="Suárez", subdivision="CO-CAU")
    )
    held = services.add_title(actor=alice, producer_uuid=p, details=services.TitleDetails(kind="permit", reference="1"))
    services.update_title(
        actor=alice, title_uuid=held.uuid, details=services.TitleDetails(kind="permit", reference="2")
    )
    services.delete_title(actor=alice, title_uuid=held.uuid)
    at = services.add_site(actor=alice, producer_uuid=p, details=services.SiteDetails(name="A"))
    services.update_site(actor=alice, site_uuid=at.uuid, details=services.SiteDetails(name="B"))
    who = services.add_member(actor=alice, producer_uuid=p, details=services.MemberDetails(name="Rosa", role="leader"))
    services.update_member(
        actor=alice, member_uuid=who.uuid, details=services.MemberDetails(name="Rosa", role="panner")
    )
    committees.add_committee_seat(actor=alice, site_uuid=at.uuid, member_uuid=who.uuid, role="president")
    committees.update_committee(actor=alice, site_uuid=at.uuid, formed_on=dt.date(2025, 1, 1))
    committees.record_meeting(actor=alice, site_uuid=at.uuid, held_on=dt.date(2025, 2, 1), attendees=4)
    committees.remove_committee_seat(actor=alice, site_uuid=at.uuid, member_uuid=who.uuid)
    services.delete_member(actor=alice, member_uuid=who.uuid)
    services.authorise_assessor(actor=alice, producer_uuid=p, organisation_uuid=world.orgs["refiner"].uuid)
    services.revoke_assessor(actor=alice, producer_uuid=p, organisation_uuid=world.orgs["refiner"].uuid)
    actions = list(AuditEntry.objects.filter(producer=p).values_list("action", flat=True))
    assert actions == [
        "producer.updated",
        "title.added",
        "title.updated",
        "title.deleted",
        "site.added",
        "site.updated",
        "member.added",
        "member.updated",
        "committee.seat_added",
        "committee.updated",
        "meeting.recorded",
        "committee.seat_removed",
        "member.deleted",
        "assessor.authorised",
        "assessor.revoked",
    ]
    assert "Rosa" not in str(list(AuditEntry.objects.values_list("detail", flat=True)))


def test_an_unchanged_profile_writes_nothing(world: World) -> None:
    services.update_producer(
        actor=world.actor("alice"),
        producer_uuid=esperanza(world).uuid,
        profile=services.profile_of(esperanza(world)),
    )
    assert not AuditEntry.objects.filter(action="producer.updated").exists()


def test_a_bad_uuid_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        services.get_producer(actor=world.actor("alice"), producer_uuid="nope")
    with pytest.raises(NotFound):
        services.get_site(actor=world.actor("alice"), site_uuid="00000000-0000-0000-0000-000000000000")
