"""Sharing use cases through their service functions: asking for access, answering (accept,
narrow, decline), withdrawing, granting, revoking, tightening fields, the directory listing, the
access log and the directory itself; who may do each, and who is told."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from passport.accounts.access import Actor, NotAllowed, NotFound
from passport.accounts.models import Membership, User
from passport.assessments.tests import builders as assessed
from passport.audit.models import AuditEntry
from passport.notifications.models import Notification
from passport.producers.access import Access, access_to
from passport.producers.clock import local_today
from passport.producers.tests import builders as registry
from passport.sharing import services
from passport.sharing.directory import directory, directory_page
from passport.sharing.log import access_log, what_labels
from passport.sharing.models import AccessRequest, DirectoryListing, FieldSetting, Grant
from passport.sharing.policy import anonymous_lens, lens_for
from tests.world import World

from . import builders as b

MESSAGE = "Refinería del Sur buys gold from Cauca; we would like to review your assessment."


def esperanza(world: World) -> Any:
    return world.producers["esperanza"]


def ask(world: World, who: str = "bob", **terms: Any) -> AccessRequest:
    return services.request_access(
        actor=world.actor(who), producer_uuid=esperanza(world).uuid, message=terms.pop("message", MESSAGE), **terms
    )


def fields_of(exc: pytest.ExceptionInfo[ValidationError]) -> set[str]:
    return set(exc.value.message_dict)


def sees_titles(world: World, who: str) -> bool:
    return lens_for(world.actor(who), esperanza(world)).shows("titles")


# --- Asking for access -------------------------------------------------------------------------


def test_a_buyer_that_found_the_producer_in_the_directory_asks_with_a_message(world: World) -> None:
    b.listed(world)
    row = ask(world, audience="prospective_partner", purposes=["sourcing"], until=dt.date(2099, 1, 31))
    assert (row.status, row.audience, row.purposes, row.until) == (
        "pending",
        "prospective_partner",
        ["sourcing"],
        dt.date(2099, 1, 31),
    )
    assert row.requested_by == world.users["bob"]
    assert AuditEntry.objects.get(action="sharing.request").object_id == str(row.uuid)


@pytest.mark.parametrize(
    ("who", "audience", "purpose"),
    [
        ("bob", "actual_partner", "due_diligence"),
        ("vera", "verifier", "verification"),
        ("ana", "authority", "statistics"),
    ],
)
def test_without_terms_an_organisation_asks_what_its_kind_usually_needs(
    world: World, who: str, audience: str, purpose: str
) -> None:
    b.listed(world)
    row = ask(world, who)
    assert (row.audience, row.purposes, row.until) == (audience, [purpose], None)


@pytest.mark.parametrize(
    ("terms", "field"),
    [
        ({"message": "   "}, "message"),
        ({"audience": "verifier"}, "audience"),
        ({"purposes": []}, "purposes"),
        ({"purposes": ["gossip"]}, "purposes"),
        ({"until": dt.date(2000, 1, 1)}, "until"),
    ],
)
def test_a_request_with_bad_terms_is_refused_naming_the_field(world: World, terms: dict[str, Any], field: str) -> None:
    b.listed(world)
    with pytest.raises(ValidationError) as refused:
        ask(world, **terms)
    assert fields_of(refused) == {field}
    assert not AccessRequest.objects.exists()


def test_an_authority_asks_for_statistics_only(world: World) -> None:
    b.listed(world)
    with pytest.raises(ValidationError) as refused:
        ask(world, "ana", purposes=["due_diligence"])
    assert fields_of(refused) == {"purposes"}


def test_an_organisation_has_one_pending_request_per_producer(world: World) -> None:
    b.listed(world)
    ask(world)
    with pytest.raises(ValidationError, match="already has a request waiting"):
        ask(world, audience="prospective_partner")
    assert AccessRequest.objects.count() == 1


def test_after_withdrawing_an_organisation_may_ask_again(world: World) -> None:
    b.listed(world)
    first = ask(world)
    services.withdraw_request(actor=world.actor("bob"), request_uuid=first.uuid)
    second = ask(world, audience="prospective_partner")
    assert second.status == "pending"


def test_a_producer_the_organisation_may_not_know_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        ask(world)  # esperanza is neither listed nor in touch with refiner
    with pytest.raises(NotFound):
        services.request_access(actor=world.actor("bob"), producer_uuid="not-a-uuid", message=MESSAGE)


@pytest.mark.parametrize("who", ["alice", "fran", "oscar", "stella"])
def test_the_producer_itself_its_facilitator_and_other_kinds_may_not_ask(world: World, who: str) -> None:
    b.listed(world)
    with pytest.raises(NotAllowed):
        ask(world, who)


def test_a_viewer_of_a_buyer_may_not_ask(world: World) -> None:
    b.listed(world)
    viewer = User.objects.create_user(email="quiet@example.org", password="x", name="Quiet")
    Membership.objects.create(user=viewer, organisation=world.orgs["refiner"], role="viewer")
    actor = Actor(user=viewer, organisation=world.orgs["refiner"], role="viewer")
    with pytest.raises(NotAllowed):
        services.request_access(actor=actor, producer_uuid=esperanza(world).uuid, message=MESSAGE)


def test_the_producers_managers_are_told_of_a_request_in_their_language_after_it_commits(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    world.users["mateo"].language = "es"
    world.users["mateo"].save()
    b.listed(world)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ask(world)
        assert not Notification.objects.exists()  # nothing is sent before the request is saved
    for callback in callbacks:
        callback()
    told = {n.recipient.email: n for n in Notification.objects.all()}
    assert set(told) == {"alice@example.org", "mateo@example.org"}  # owners and managers, not Maria
    assert told["mateo@example.org"].language == "es"
    assert "Refinería del Sur" in told["alice@example.org"].subject
    assert MESSAGE in told["alice@example.org"].body
    assert sorted(m.to[0] for m in mail.outbox) == ["alice@example.org", "mateo@example.org"]


# --- Answering -----------------------------------------------------------------------------------


def answer(world: World, row: AccessRequest, decision: str, who: str = "alice", **terms: Any) -> services.Answer:
    return services.answer_request(actor=world.actor(who), request_uuid=row.uuid, decision=decision, **terms)


def test_accepting_gives_a_grant_on_the_terms_asked_from_the_producers_today(world: World) -> None:
    row = b.request(world, "refiner", purposes=["due_diligence", "sourcing"])
    done = answer(world, row, "accept", answer="Welcome.")
    assert done.request.status == "accepted"
    assert done.request.answer == "Welcome."
    grant = done.grant
    assert grant is not None
    assert (grant.audience, grant.purposes, grant.until, grant.request) == (
        "actual_partner",
        ["due_diligence", "sourcing"],
        None,
        row,
    )
    assert grant.granted_on == local_today(esperanza(world))
    assert sees_titles(world, "bob")


def test_narrowing_gives_less_and_says_so(world: World) -> None:
    row = b.request(world, "refiner", purposes=["due_diligence", "sourcing"])
    AccessRequest.objects.filter(pk=row.pk).update(until=dt.date(2099, 12, 31))
    row.refresh_from_db()
    done = answer(
        world, row, "narrow", audience="prospective_partner", purposes=["sourcing"], until=dt.date(2099, 6, 30)
    )
    assert done.request.status == "narrowed"
    assert done.grant is not None
    assert (done.grant.audience, done.grant.purposes, done.grant.until) == (
        "prospective_partner",
        ["sourcing"],
        dt.date(2099, 6, 30),
    )
    lens = lens_for(world.actor("bob"), esperanza(world))
    assert not lens.shows("titles")
    assert lens.shows("assessment.findings")  # prospective partners see the findings


def test_narrowing_leaves_what_it_does_not_change_as_asked(world: World) -> None:
    row = b.request(world, "refiner", purposes=["due_diligence", "sourcing"])
    AccessRequest.objects.filter(pk=row.pk).update(until=dt.date(2099, 12, 31))
    row.refresh_from_db()
    done = answer(world, row, "narrow", purposes=["due_diligence"])
    assert done.grant is not None
    assert (done.grant.audience, done.grant.until) == ("actual_partner", dt.date(2099, 12, 31))


def test_narrowing_to_the_terms_asked_is_an_acceptance(world: World) -> None:
    row = b.request(world, "refiner")
    assert answer(world, row, "narrow", audience="actual_partner", purposes=["due_diligence"]).request.status == (
        "accepted"
    )


@pytest.mark.parametrize(
    ("asked", "terms", "field"),
    [
        ({"audience": "prospective_partner"}, {"audience": "actual_partner"}, "audience"),
        ({}, {"purposes": ["due_diligence", "sourcing"]}, "purposes"),
        ({}, {"purposes": []}, "purposes"),
        ({"until": dt.date(2099, 1, 31)}, {"until": dt.date(2099, 2, 1)}, "until"),
        ({}, {"audience": "verifier"}, "audience"),  # a buyer is never a verifier
    ],
)
def test_narrowing_never_widens(world: World, asked: dict[str, Any], terms: dict[str, Any], field: str) -> None:
    row = b.request(world, "refiner", **{k: v for k, v in asked.items() if k != "until"})
    if "until" in asked:
        AccessRequest.objects.filter(pk=row.pk).update(until=asked["until"])
        row.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        answer(world, row, "narrow", **terms)
    assert fields_of(refused) == {field}
    assert not Grant.objects.exists()
    row.refresh_from_db()
    assert row.status == "pending"


def test_declining_gives_nothing_and_tells_the_requester_once(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    row = b.request(world, "refiner")
    with django_capture_on_commit_callbacks(execute=True):
        done = answer(world, row, "decline", answer="Not this season.")
    assert done.request.status == "declined"
    assert done.grant is None
    assert not Grant.objects.exists()
    told = Notification.objects.get()  # Bob asked and owns refiner: told once, not twice
    assert told.recipient == world.users["bob"]
    assert "declined" in told.subject
    assert "Not this season." in told.body


def test_a_request_is_answered_once(world: World) -> None:
    row = b.request(world, "refiner")
    answer(world, row, "accept")
    with pytest.raises(ValidationError, match="already answered"):
        answer(world, row, "decline")
    assert Grant.objects.count() == 1


def test_an_unknown_decision_is_refused_naming_it(world: World) -> None:
    row = b.request(world, "refiner")
    with pytest.raises(ValidationError) as refused:
        answer(world, row, "maybe")
    assert fields_of(refused) == {"decision"}


@pytest.mark.parametrize(("who", "error"), [("maria", NotAllowed), ("bob", NotAllowed), ("vera", NotFound)])
def test_only_the_producers_owners_and_managers_answer(world: World, who: str, error: type[Exception]) -> None:
    row = b.request(world, "refiner")
    with pytest.raises(error):
        answer(world, row, "accept", who=who)


# --- Withdrawing ---------------------------------------------------------------------------------


def test_the_requester_withdraws_its_pending_request_and_the_producer_is_told(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    row = b.request(world, "refiner")
    with django_capture_on_commit_callbacks(execute=True):
        withdrawn = services.withdraw_request(actor=world.actor("bob"), request_uuid=row.uuid)
    assert withdrawn.status == "withdrawn"
    assert {n.recipient.email for n in Notification.objects.all()} == {"alice@example.org", "mateo@example.org"}
    with pytest.raises(ValidationError, match="already answered or withdrawn"):
        services.withdraw_request(actor=world.actor("bob"), request_uuid=row.uuid)


def test_an_answered_request_cannot_be_withdrawn(world: World) -> None:
    row = b.request(world, "refiner")
    answer(world, row, "accept")
    with pytest.raises(ValidationError):
        services.withdraw_request(actor=world.actor("bob"), request_uuid=row.uuid)


@pytest.mark.parametrize(("who", "error"), [("alice", NotAllowed), ("vera", NotFound), ("oscar", NotFound)])
def test_only_the_organisation_that_asked_withdraws(world: World, who: str, error: type[Exception]) -> None:
    row = b.request(world, "refiner")
    with pytest.raises(error):
        services.withdraw_request(actor=world.actor(who), request_uuid=row.uuid)


# --- Granting and revoking -----------------------------------------------------------------------


def give(world: World, org: str = "checkers", who: str = "alice", **terms: Any) -> Grant:
    terms = {"audience": "verifier", "purposes": ["verification"], **terms}
    return services.grant_access(
        actor=world.actor(who),
        producer_uuid=esperanza(world).uuid,
        organisation_uuid=world.orgs[org].uuid,
        **terms,
    )


def test_the_producer_grants_a_verifier_access_from_today_and_it_is_told(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    assert not sees_titles(world, "vera")
    with django_capture_on_commit_callbacks(execute=True):
        grant = give(world, until=dt.date(2099, 1, 1))
    assert (grant.granted_on, grant.until, grant.granted_by) == (
        local_today(esperanza(world)),
        dt.date(2099, 1, 1),
        world.users["alice"],
    )
    assert sees_titles(world, "vera")
    assert access_to(world.actor("vera"), esperanza(world)) is Access.KNOWN
    assert [n.recipient.email for n in Notification.objects.all()] == ["vera@example.org"]


@pytest.mark.parametrize(
    ("org", "terms", "field"),
    [
        ("kalimbi", {}, "organisation"),  # a producer gets no grant
        ("field", {}, "organisation"),  # a facilitator is authorised instead
        ("esperanza", {}, "organisation"),  # itself
        ("refiner", {}, "audience"),  # a buyer is no verifier
        ("ministry", {"audience": "authority", "purposes": ["due_diligence"]}, "purposes"),
        ("checkers", {"purposes": []}, "purposes"),
        ("checkers", {"until": dt.date(2000, 1, 1)}, "until"),
    ],
)
def test_a_grant_with_bad_terms_is_refused_naming_the_field(
    world: World, org: str, terms: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        give(world, org, **terms)
    assert fields_of(refused) == {field}
    assert not Grant.objects.exists()


def test_an_unknown_organisation_is_refused_on_the_organisation_field(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        services.grant_access(
            actor=world.actor("alice"),
            producer_uuid=esperanza(world).uuid,
            organisation_uuid="not-a-uuid",
            audience="verifier",
            purposes=["verification"],
        )
    assert fields_of(refused) == {"organisation"}


@pytest.mark.parametrize(("who", "error"), [("maria", NotAllowed), ("fran", NotAllowed), ("vera", NotFound)])
def test_only_the_producers_owners_and_managers_grant(world: World, who: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        give(world, who=who)


def test_a_revocation_takes_effect_the_same_local_day(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    grant = b.grant(world, "refiner", granted_on=local_today(esperanza(world)) - dt.timedelta(days=30))
    assert sees_titles(world, "bob")
    with django_capture_on_commit_callbacks(execute=True):
        revoked = services.revoke_grant(actor=world.actor("mateo"), grant_uuid=grant.uuid)
    assert revoked.revoked_on == local_today(esperanza(world))
    assert revoked.revoked_by == world.users["mateo"]
    lens = lens_for(world.actor("bob"), esperanza(world))
    assert lens.shows("producer.name")
    assert not lens.shows("titles")
    assert "revoked" in lens.reason("titles")
    assert [n.recipient.email for n in Notification.objects.all()] == ["bob@example.org"]
    with pytest.raises(ValidationError, match="already revoked"):
        services.revoke_grant(actor=world.actor("mateo"), grant_uuid=grant.uuid)


def test_revoking_a_grant_that_has_not_started_means_it_never_starts(world: World) -> None:
    later = local_today(esperanza(world)) + dt.timedelta(days=10)
    grant = b.grant(world, "refiner", granted_on=later)
    revoked = services.revoke_grant(actor=world.actor("alice"), grant_uuid=grant.uuid)
    assert revoked.revoked_on == later
    assert not lens_for(world.actor("bob"), esperanza(world), day=later).shows("titles")


@pytest.mark.parametrize(("who", "error"), [("victor", NotAllowed), ("bob", NotAllowed), ("vera", NotFound)])
def test_only_the_producers_owners_and_managers_revoke(world: World, who: str, error: type[Exception]) -> None:
    grant = b.grant(world, "refiner")
    with pytest.raises(error):
        services.revoke_grant(actor=world.actor(who), grant_uuid=grant.uuid)
    grant.refresh_from_db()
    assert grant.revoked_on is None


# --- Fields and the directory listing ------------------------------------------------------------


def test_a_tightened_field_is_withheld_from_partners_and_reset_to_its_default(world: World) -> None:
    b.grant(world, "refiner")
    services.set_field(
        actor=world.actor("alice"), producer_uuid=esperanza(world).uuid, key="titles", sensitivity="confidential"
    )
    assert not sees_titles(world, "bob")
    assert FieldSetting.objects.get().sensitivity == "confidential"
    services.set_field(
        actor=world.actor("alice"), producer_uuid=esperanza(world).uuid, key="titles", sensitivity="partners"
    )
    assert not FieldSetting.objects.exists()
    assert sees_titles(world, "bob")
    assert [e.detail for e in AuditEntry.objects.filter(action="sharing.field")] == [
        {"key": "titles", "sensitivity": "confidential"},
        {"key": "titles", "sensitivity": "partners"},
    ]


@pytest.mark.parametrize(
    ("key", "sensitivity", "field"),
    [
        ("titles", "public", "sensitivity"),
        ("members.personal", "partners", "sensitivity"),
        ("members.personal", "public", "sensitivity"),
        ("titles", "private", "sensitivity"),
        ("secrets", "confidential", "key"),
    ],
)
def test_a_looser_or_unknown_setting_is_refused_naming_the_field(
    world: World, key: str, sensitivity: str, field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        services.set_field(
            actor=world.actor("alice"), producer_uuid=esperanza(world).uuid, key=key, sensitivity=sensitivity
        )
    assert fields_of(refused) == {field}
    assert not FieldSetting.objects.exists()


def test_the_refusal_of_a_looser_setting_names_the_field_in_words(world: World) -> None:
    with pytest.raises(ValidationError, match="Mining titles and permits cannot be looser than its default"):
        services.set_field(
            actor=world.actor("alice"), producer_uuid=esperanza(world).uuid, key="titles", sensitivity="public"
        )


@pytest.mark.parametrize("sensitivity", ["partners", "confidential"])
def test_the_producers_name_cannot_be_tightened_and_nothing_changes(world: World, sensitivity: str) -> None:
    with pytest.raises(ValidationError, match="Your name stays visible to those who may know you") as refused:
        services.set_field(
            actor=world.actor("alice"),
            producer_uuid=esperanza(world).uuid,
            key="producer.name",
            sensitivity=sensitivity,
        )
    assert fields_of(refused) == {"sensitivity"}
    assert not FieldSetting.objects.exists()
    assert not AuditEntry.objects.filter(action="sharing.field").exists()
    assert anonymous_lens(esperanza(world)).shows("producer.name")


def test_an_organisation_is_told_the_producers_name_whatever_was_stored_for_it(
    world: World, django_capture_on_commit_callbacks: Callable[..., Any]
) -> None:
    b.tighten(world, "producer.name", "partners")  # stored before the name became fixed: ignored
    declined = b.request(world, "ministry")
    with django_capture_on_commit_callbacks(execute=True):
        answer(world, declined, "decline")
    [told] = Notification.objects.filter(recipient=world.users["ana"])
    assert told.subject == "Cooperativa Minera La Esperanza declined your request for access"


def test_field_choices_are_the_default_and_stricter_ones() -> None:
    assert services.field_choices("producer.region") == ["public", "partners", "confidential"]
    assert services.field_choices("producer.name") == ["public"]  # the name cannot be tightened
    assert services.field_choices("titles") == ["partners", "confidential"]
    assert services.field_choices("members.personal") == ["confidential"]


@pytest.mark.parametrize(("who", "error"), [("maria", NotAllowed), ("fran", NotAllowed), ("bob", NotFound)])
def test_only_the_producers_owners_and_managers_change_fields_and_the_listing(
    world: World, who: str, error: type[Exception]
) -> None:
    with pytest.raises(error):
        services.set_field(
            actor=world.actor(who), producer_uuid=esperanza(world).uuid, key="titles", sensitivity="confidential"
        )
    with pytest.raises(error):
        services.set_listed(actor=world.actor(who), producer_uuid=esperanza(world).uuid, listed=True)


def test_listing_makes_the_producer_known_to_every_organisation_and_unlisting_undoes_it(world: World) -> None:
    oscar = world.actor("oscar")
    assert access_to(oscar, esperanza(world)) is Access.NONE
    services.set_listed(actor=world.actor("alice"), producer_uuid=esperanza(world).uuid, listed=True)
    services.set_listed(actor=world.actor("alice"), producer_uuid=esperanza(world).uuid, listed=True)  # idempotent
    assert DirectoryListing.objects.get().listed_by == world.users["alice"]
    assert access_to(oscar, esperanza(world)) is Access.KNOWN
    services.set_listed(actor=world.actor("mateo"), producer_uuid=esperanza(world).uuid, listed=False)
    assert access_to(oscar, esperanza(world)) is Access.NONE
    assert [e.action for e in AuditEntry.objects.filter(action__startswith="sharing.")] == [
        "sharing.listed",
        "sharing.listed",
        "sharing.unlisted",
    ]


# --- The sharing overview and what an organisation holds -----------------------------------------


def test_the_overview_lists_active_grants_first_and_pending_requests_first(world: World) -> None:
    today = local_today(esperanza(world))
    ended = b.grant(world, "refiner", granted_on=today - dt.timedelta(days=60), until=today - dt.timedelta(days=1))
    revoked = b.grant(world, "ministry", granted_on=today - dt.timedelta(days=9), revoked_on=today)
    active = b.grant(world, "checkers", granted_on=today - dt.timedelta(days=90))
    upcoming = b.grant(world, "refiner", granted_on=today + dt.timedelta(days=5))
    answered = b.request(world, "ministry")
    answer(world, answered, "decline")
    pending = b.request(world, "refiner")
    overview = services.sharing_overview(actor=world.actor("victor"), producer_uuid=esperanza(world).uuid)
    assert overview.grants[:2] == [active, upcoming]
    assert set(overview.grants[2:]) == {ended, revoked}
    assert [services.grant_state(g, today) for g in overview.grants[:2]] == ["active", "upcoming"]
    assert {services.grant_state(g, today) for g in overview.grants[2:]} == {"ended", "revoked"}
    assert overview.requests == [pending, answered]
    assert not overview.can_manage  # Victor is a viewer
    assert services.sharing_overview(actor=world.actor("mateo"), producer_uuid=esperanza(world).uuid).can_manage


def test_an_organisation_sees_its_requests_and_grants_and_nothing_of_others(world: World) -> None:
    mine = b.request(world, "refiner")
    held = b.grant(world, "refiner")
    b.grant(world, "checkers")
    found = services.held_by(actor=world.actor("bob"))
    assert (found.requests, found.grants) == ([mine], [held])
    assert services.held_by(actor=world.actor("oscar")) == services.Held([], [])


# --- The access log ------------------------------------------------------------------------------


def log_views(world: World, count: int, who: str = "bob") -> None:
    lens = lens_for(world.actor(who), esperanza(world))
    for n in range(count):
        lens.log(world.actor(who), object_type="producer", object_id=esperanza(world).uuid, what=["titles", f"{n}"])


def test_the_access_log_names_who_what_and_the_grant_newest_first_a_page_at_a_time(world: World) -> None:
    grant = b.grant(world, "refiner", granted_on=dt.date(2026, 1, 5))
    log_views(world, 5)
    producer, first, more = access_log(actor=world.actor("victor"), producer_uuid=esperanza(world).uuid, limit=2)
    assert producer == esperanza(world)
    assert [e.what for e in first] == [["4", "titles"], ["3", "titles"]]
    entry = first[0]
    assert (entry.who, entry.organisation, entry.audience, entry.purpose) == (
        "Bob",
        "Refinería del Sur",
        "actual_partner",
        "due_diligence",
    )
    assert (entry.grant, entry.grant_on) == (str(grant.uuid), dt.date(2026, 1, 5))
    _producer, second, more = access_log(
        actor=world.actor("victor"), producer_uuid=esperanza(world).uuid, limit=2, before=more
    )
    assert [e.what for e in second] == [["2", "titles"], ["1", "titles"]]
    _producer, last, more = access_log(
        actor=world.actor("victor"), producer_uuid=esperanza(world).uuid, limit=2, before=more
    )
    assert ([e.what for e in last], more) == ([["0", "titles"]], None)


def test_the_access_log_costs_the_same_queries_whatever_its_length(world: World) -> None:
    b.grant(world, "refiner")
    b.grant(world, "checkers")
    log_views(world, 2)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            access_log(actor=world.actor("alice"), producer_uuid=esperanza(world).uuid)
        return len(captured)

    few = queries()
    log_views(world, 6, "vera")
    assert queries() == few


def test_other_audit_entries_are_not_in_the_access_log(world: World) -> None:
    b.listed(world)
    ask(world)  # an audit entry about esperanza, not a view
    assert access_log(actor=world.actor("alice"), producer_uuid=esperanza(world).uuid)[1] == []


@pytest.mark.parametrize(("who", "error"), [("fran", NotAllowed), ("vera", NotFound)])
def test_only_the_producers_own_people_read_its_access_log(world: World, who: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        access_log(actor=world.actor(who), producer_uuid=esperanza(world).uuid)


def test_what_was_seen_reads_as_words_with_answers_once() -> None:
    assert what_labels(["titles", "answers.a", "answers.b", "assessment.answers", "members"]) == [
        "Mining titles and permits",
        "Answers",
        "members",
    ]


# --- The directory -------------------------------------------------------------------------------


def test_the_directory_lists_only_listed_producers_by_name(world: World) -> None:
    assert not directory().exists()
    b.listed(world, "kalimbi")
    b.listed(world)
    assert list(directory()) == [esperanza(world), world.producers["kalimbi"]]


@pytest.mark.parametrize(
    ("filters", "found"),
    [
        ({"country": "co"}, ["esperanza"]),
        ({"country": "CD"}, ["kalimbi"]),
        ({"commodity": "tin"}, ["kalimbi"]),
        ({"commodity": "gol"}, []),  # whole values only
        ({"q": "esperanza"}, ["esperanza"]),
        ({"q": "KALIMBI", "country": "CD"}, ["kalimbi"]),
        ({"q": "nobody"}, []),
    ],
)
def test_the_directory_filters_by_country_commodity_and_name(
    world: World, filters: dict[str, str], found: list[str]
) -> None:
    b.listed(world)
    b.listed(world, "kalimbi")
    assert list(directory(**filters)) == [world.producers[k] for k in found]


@pytest.mark.parametrize(
    ("key", "filters"),
    [
        ("producer.region", {"country": "CO"}),
        ("producer.commodities", {"commodity": "gold"}),
    ],
)
def test_a_filter_never_finds_a_producer_by_a_field_it_does_not_show_the_public(
    world: World, key: str, filters: dict[str, str]
) -> None:
    b.listed(world)
    assert list(directory(**filters)) == [esperanza(world)]
    b.tighten(world, key, "partners")
    assert list(directory(**filters)) == []
    assert list(directory()) == [esperanza(world)]  # still listed, the value withheld


def test_the_directory_shows_the_latest_organisation_result_not_a_units(world: World) -> None:
    b.listed(world)
    result = assessed.submitted(world)
    unit = registry.unit(esperanza(world), "Bocamina El Tesoro")
    draft = assessed.services.start_assessment(
        actor=world.actor("alice"), producer_uuid=esperanza(world).uuid, kind="self", unit_uuid=unit.uuid
    )
    assessed.services.submit_assessment(actor=world.actor("alice"), assessment_uuid=draft.uuid, as_of=assessed.DAY)
    page = directory_page()
    assert page.count == 1
    assert (page.items[0].outcome, page.items[0].standard) == (result.outcome, result.standard_ref)


def test_a_page_of_the_directory_costs_three_queries_whatever_its_length(world: World) -> None:
    b.listed(world)
    b.listed(world, "kalimbi")
    b.tighten(world, "producer.region", "partners")
    with CaptureQueriesContext(connection) as captured:
        page = directory_page()
        for item in page.items:
            item.lens.shows("producer.region")
    assert len(captured) == 3
    assert [item.lens.shows("producer.region") for item in page.items] == [False, True]


def test_the_directorys_lens_decides_as_the_anonymous_lens(world: World) -> None:
    b.listed(world)
    b.tighten(world, "producer.commodities", "partners")
    b.tighten(world, "titles", "confidential")
    listed = directory_page().items[0].lens
    anonymous = anonymous_lens(esperanza(world))
    for key in services.FIELD_LABELS:
        assert listed.decision(key) == anonymous.decision(key), key
    assert (listed.purpose, listed.day, listed.audience) == (anonymous.purpose, anonymous.day, anonymous.audience)


def test_a_search_by_name_finds_a_producer_whatever_was_stored_for_its_name(world: World) -> None:
    b.listed(world)
    b.tighten(world, "producer.name", "partners")  # stored before the name became fixed: ignored
    assert list(directory(q="Esperanza")) == [esperanza(world)]
    assert directory_page(q="Esperanza").items[0].lens.shows("producer.name")


def test_a_request_or_grant_is_not_found_for_an_organisation_that_is_neither_side(world: World) -> None:
    """Vera's organisation knows esperanza (it is listed) but Bob's request and grant are none of
    its business: 404, not 403; Bob's own side gets 403 (it knows them, may not act on them)."""
    b.listed(world)
    asked = b.request(world, "refiner")
    given = b.grant(world, "refiner")
    assert access_to(world.actor("vera"), world.producers["esperanza"]) is Access.KNOWN
    with pytest.raises(NotFound):
        services.request_to_answer(actor=world.actor("vera"), request_uuid=asked.uuid)
    with pytest.raises(NotFound):
        services.grant_to_revoke(actor=world.actor("vera"), grant_uuid=given.uuid)
    with pytest.raises(NotAllowed):
        services.request_to_answer(actor=world.actor("bob"), request_uuid=asked.uuid)
    with pytest.raises(NotAllowed):
        services.grant_to_revoke(actor=world.actor("bob"), grant_uuid=given.uuid)


def test_the_answer_is_not_sent_to_a_requester_who_left_the_organisation(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    asked = b.request(world, "checkers")  # asked by Vera, the verifier's owner
    helper = User.objects.create_user(email="nina@example.org", password="x" * 12, name="Nina")
    Membership.objects.create(user=helper, organisation=world.orgs["checkers"], role="member")
    AccessRequest.objects.filter(pk=asked.pk).update(requested_by=helper)
    Membership.objects.filter(user=helper).delete()  # Nina has left the verifier
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_request(actor=world.actor("alice"), request_uuid=asked.uuid, decision="decline")
    told = set(
        Notification.objects.filter(key=f"sharing.answer.{asked.uuid}").values_list("recipient__email", flat=True)
    )
    assert told == {"vera@example.org"}
