"""Plan services: drafting, sequencing, the two-signature rule, versions, and who may do what."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from passport.accounts.access import NotAllowed, NotFound
from passport.assessments.tests import builders as assessed
from passport.audit.models import AuditEntry
from passport.engine import get_standard
from passport.plans import services
from passport.plans.access import PlanRole, plan_for
from passport.plans.models import Comment, Plan, PlanVersion, Signature
from passport.producers.models import AssessorAuthorisation
from passport.sharing.tests import builders as sharing
from passport.standards.models import StandardVersion
from tests.world import World

from . import builders as b

LATER = dt.datetime(2027, 1, 10, 12, 0, tzinfo=dt.UTC)


def outcome(call: Callable[[], object]) -> str:
    try:
        call()
    except NotFound:
        return "hidden"
    except NotAllowed:
        return "forbidden"
    return "ok"


def errors_of(call: Callable[[], object]) -> dict[str, list[str]]:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


# --- Drafting ------------------------------------------------------------------------------------


def test_a_drafted_plan_makes_every_mitigate_finding_a_mandatory_action_placed_first(world: World) -> None:
    plan = b.plan(world)
    version = b.latest(plan)
    rows = b.actions(version)
    assert (version.number, version.strategy, version.adopted) == (1, "quick_wins", False)
    assert [a.requirement_id for a in rows[:2]] == list(b.MANDATORY)
    assert [a.mandatory for a in rows] == [True, True] + [False] * (len(rows) - 2)
    assert len(rows) == 14  # two to mitigate, twelve to improve
    assert [a.position for a in rows] == list(range(1, 15))
    assert all(a.window == "P6M" and a.due_on is None for a in rows[:2])
    assert "no date yet" in rows[0].why["en"]  # nobody has agreed a date yet
    assert AuditEntry.objects.filter(action="plan.drafted", object_id=str(plan.uuid)).exists()


def test_the_stored_order_and_reasons_are_the_engines(world: World) -> None:
    from passport.engine import ActionToPlace, sequence  # noqa: PLC0415

    plan = b.plan(world, strategy="benefit_to_miners")
    rows = b.actions(b.latest(plan))
    # Not yet adopted: the mandatory windows are counted from the day of drafting to order them.
    placed = sequence(
        get_standard("mes@1.0"),
        [ActionToPlace(a.requirement_id, a.mandatory, assessed.DAY if a.mandatory else None) for a in rows],
        "benefit_to_miners",
    )
    assert [a.requirement_id for a in rows] == [p.requirement_id for p in placed]
    assert rows[5].why["es"] == placed[5].why["es"]


def test_an_incomplete_result_is_refused_naming_the_missing_answers(world: World) -> None:
    b.authorise(world)
    result = assessed.submitted(world)  # the Nariño answers leave two of esperanza's questions open
    assert result.outcome == "incomplete"
    call = lambda: services.draft_plan(  # noqa: E731
        actor=world.actor("alice"), result_uuid=result.uuid, partner_uuid=world.orgs["refiner"].uuid
    )
    assert "2 required answers are missing" in errors_of(call)["result"][0]
    assert not Plan.objects.exists()


def test_a_result_with_nothing_to_mitigate_or_improve_is_refused(world: World) -> None:
    b.authorise(world)
    result = b.nothing_to_plan(world)
    call = lambda: services.draft_plan(  # noqa: E731
        actor=world.actor("alice"), result_uuid=result.uuid, partner_uuid=world.orgs["refiner"].uuid
    )
    assert errors_of(call)["result"] == ["Nothing to plan: this result has no finding to mitigate or improve."]
    options = services.draft_options(actor=world.actor("alice"), result_uuid=result.uuid)
    assert options.refusal is not None


def test_a_result_that_must_stop_trade_still_gets_a_plan_for_the_rest_and_says_so(world: World) -> None:
    result = b.stopping(world)
    assert result.outcome == "not_eligible"
    plan = b.plan(world, result=result)
    view = services.get_plan(actor=world.actor("alice"), plan_uuid=plan.uuid)
    assert view.stop == ["MES-CHILD-01"]
    assert "MES-CHILD-01" not in {a.requirement_id for a in view.actions}
    assert {a.requirement_id for a in view.actions if a.mandatory} == set(b.MANDATORY)


@pytest.mark.parametrize(
    ("org", "authorised", "accepted"),
    [
        ("refiner", True, True),  # a buyer it authorised
        ("field", True, True),  # its facilitator
        ("refiner", False, False),  # a buyer it never authorised
        ("checkers", True, False),  # a verifier: not a market partner
        ("kalimbi", False, False),  # another producer
    ],
)
def test_the_partner_must_be_a_buyer_or_facilitator_the_producer_authorises(
    world: World, org: str, authorised: bool, accepted: bool
) -> None:
    if authorised and org != "field":
        b.authorise(world, org)
    result = b.submitted(world)
    call = lambda: services.draft_plan(  # noqa: E731
        actor=world.actor("alice"), result_uuid=result.uuid, partner_uuid=world.orgs[org].uuid
    )
    if accepted:
        assert call().partner == world.orgs[org]
    else:
        assert "partner" in errors_of(call)


def test_a_revoked_authorisation_cannot_be_the_partner(world: World) -> None:
    grant = b.authorise(world)
    AssessorAuthorisation.objects.filter(pk=grant.pk).update(revoked_at=timezone.now())
    result = b.submitted(world)
    call = lambda: services.draft_plan(  # noqa: E731
        actor=world.actor("alice"), result_uuid=result.uuid, partner_uuid=world.orgs["refiner"].uuid
    )
    assert "partner" in errors_of(call)


def test_one_result_makes_one_plan_per_partner(world: World) -> None:
    result = b.submitted(world)
    b.plan(world, result=result)
    call = lambda: b.plan(world, result=result)  # noqa: E731
    assert errors_of(call)["partner"] == ["A plan from this result with this partner exists already."]
    assert Plan.objects.count() == 1
    assert AuditEntry.objects.filter(action="plan.drafted").count() == 1
    assert b.plan(world, result=result, partner="field").partner == world.orgs["field"]


def test_the_database_itself_refuses_a_second_plan_from_a_result_with_the_same_partner(world: World) -> None:
    first = b.plan(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(
            producer=first.producer,
            partner=first.partner,
            source_result=first.source_result,
            standard_ref=first.standard_ref,
            created_by=world.users["mateo"],
        )
    assert Plan.objects.count() == 1


# --- The published standard ------------------------------------------------------------------------


def unpublish(ref: str = "mes@1.0") -> None:
    """The file no longer holds the bytes recorded when ``ref`` was published (as if edited since)."""
    StandardVersion.objects.filter(ref=ref).update(digest="0" * 64)


def test_a_plan_is_read_and_changed_with_the_published_standard_of_its_result_and_refused_when_the_file_changed(
    world: World,
) -> None:
    plan = b.plan(world)
    target = b.optional(plan)
    unpublish()
    calls = {
        "read": lambda: services.get_plan(actor=world.actor("alice"), plan_uuid=plan.uuid),
        "read a version": lambda: services.get_version(actor=world.actor("bob"), version_uuid=b.latest(plan).uuid),
        "order": lambda: services.change_strategy(
            actor=world.actor("alice"), plan_uuid=plan.uuid, strategy="benefit_to_miners"
        ),
        "edit": lambda: services.update_action(actor=world.actor("alice"), action_uuid=target.uuid, done_means="x"),
        "priority": lambda: services.mark_priority(actor=world.actor("bob"), action_uuid=target.uuid, priority=True),
        "sign": lambda: b.sign(world, plan),
    }
    for name, call in calls.items():
        with pytest.raises(services.StandardUnusable) as refused:
            call()
        assert "mes@1.0 of this result no longer matches the file it was published with" in str(refused.value), name
    target.refresh_from_db()
    assert (target.done_means, target.priority, b.latest(plan).strategy, b.latest(plan).revision) == (
        "",
        False,
        "quick_wins",
        1,
    )
    assert not Signature.objects.exists()


def test_no_plan_is_drafted_from_a_result_whose_standard_file_changed_since_publication(world: World) -> None:
    b.authorise(world)
    result = b.submitted(world)
    unpublish()
    options = services.draft_options(actor=world.actor("alice"), result_uuid=result.uuid)
    assert options.standard is None
    assert "no longer matches the file it was published with" in (options.refusal or "")
    call = lambda: services.draft_plan(  # noqa: E731
        actor=world.actor("alice"), result_uuid=result.uuid, partner_uuid=world.orgs["refiner"].uuid
    )
    assert "no longer matches the file it was published with" in errors_of(call)["result"][0]
    assert not Plan.objects.exists()


def test_an_unknown_strategy_is_refused_by_name(world: World) -> None:
    b.authorise(world)
    result = b.submitted(world)
    call = lambda: services.draft_plan(  # noqa: E731
        actor=world.actor("alice"), result_uuid=result.uuid, partner_uuid=world.orgs["refiner"].uuid, strategy="fastest"
    )
    assert "strategy" in errors_of(call)


# --- Sequencing and priorities -------------------------------------------------------------------


def test_changing_the_strategy_re_sequences_with_mandatory_actions_still_first(world: World) -> None:
    plan = b.plan(world)
    before = [a.requirement_id for a in b.actions(b.latest(plan))]
    services.change_strategy(actor=world.actor("mateo"), plan_uuid=plan.uuid, strategy="benefit_to_miners")
    rows = b.actions(b.latest(plan))
    assert b.latest(plan).strategy == "benefit_to_miners"
    assert [a.requirement_id for a in rows] != before
    assert [a.requirement_id for a in rows[:2]] == list(b.MANDATORY)
    assert "miners" in rows[2].why["en"]
    assert AuditEntry.objects.filter(action="plan.strategy_changed").count() == 1


def test_with_the_supply_chain_strategy_the_partners_priorities_come_right_after_the_mandatory_actions(
    world: World,
) -> None:
    plan = b.plan(world)
    last_two = [a for a in b.actions(b.latest(plan)) if not a.mandatory][-2:]
    for a in last_two:
        services.mark_priority(actor=world.actor("bob"), action_uuid=a.uuid, priority=True)
    services.change_strategy(actor=world.actor("alice"), plan_uuid=plan.uuid, strategy="supply_chain")
    rows = b.actions(b.latest(plan))
    standard_order = [r.id for r in get_standard("mes@1.0").requirements]
    marked = sorted((a.requirement_id for a in last_two), key=standard_order.index)
    assert [a.requirement_id for a in rows[2:4]] == marked
    assert all(a.priority for a in rows[2:4])
    assert not any(a.priority for a in rows[4:])
    assert "partner marked this a priority" in rows[2].why["en"]


# --- Editing actions -----------------------------------------------------------------------------


def test_an_action_takes_an_owner_a_due_date_and_what_done_means(world: World) -> None:
    plan = b.plan(world)
    rosa = b.member(world)
    target = b.optional(plan)
    services.update_action(
        actor=world.actor("maria"),
        action_uuid=target.uuid,
        owner_uuid=rosa.uuid,
        due_on="2027-03-31",
        done_means="Retorts in use at every entable.",
        as_of=assessed.DAY,
    )
    target.refresh_from_db()
    assert (target.owner, target.due_on, target.done_means) == (
        rosa,
        dt.date(2027, 3, 31),
        "Retorts in use at every entable.",
    )
    entry = AuditEntry.objects.get(action="plan.action_updated")
    assert entry.detail["fields"] == ["done_means", "due_on", "owner"]


def test_the_owner_must_be_a_member_of_the_producer(world: World) -> None:
    plan = b.plan(world)
    stranger = b.member(world, "Jean Bahati", producer="kalimbi")
    call = lambda: services.update_action(  # noqa: E731
        actor=world.actor("alice"), action_uuid=b.optional(plan).uuid, owner_uuid=stranger.uuid
    )
    assert "owner" in errors_of(call)
    assert b.optional(plan).owner is None


def test_a_buyer_partner_edits_an_action_but_does_not_choose_its_owner(world: World) -> None:
    plan = b.plan(world)
    target = b.optional(plan)
    services.update_action(actor=world.actor("bob"), action_uuid=target.uuid, done_means="Lot records we can audit.")
    call = lambda: services.update_action(  # noqa: E731
        actor=world.actor("bob"), action_uuid=target.uuid, owner_uuid=b.member(world).uuid
    )
    assert outcome(call) == "forbidden"
    target.refresh_from_db()
    assert (target.done_means, target.owner) == ("Lot records we can audit.", None)


def test_a_mandatory_actions_due_date_comes_from_the_standard_and_cannot_be_set(world: World) -> None:
    plan = b.plan(world)
    call = lambda: services.update_action(  # noqa: E731
        actor=world.actor("alice"), action_uuid=b.action(plan, "MES-SEC-01").uuid, due_on=dt.date(2027, 12, 31)
    )
    assert "cannot be changed" in errors_of(call)["due_on"][0]
    assert b.action(plan, "MES-SEC-01").due_on is None


def test_a_due_date_in_the_past_is_refused(world: World) -> None:
    plan = b.plan(world)
    call = lambda: services.update_action(  # noqa: E731
        actor=world.actor("alice"), action_uuid=b.optional(plan).uuid, due_on="2026-01-01", as_of=assessed.DAY
    )
    assert "due_on" in errors_of(call)


def test_an_edit_that_changes_nothing_keeps_the_signatures(world: World) -> None:
    plan = b.plan(world)
    b.sign(world, plan)
    edited = services.update_action(actor=world.actor("maria"), action_uuid=b.optional(plan).uuid, done_means="")
    assert edited.signatures_removed == 0  # type: ignore[attr-defined]
    assert Signature.objects.count() == 1


# --- Comments ------------------------------------------------------------------------------------


def test_a_partner_proposes_a_change_on_one_action_and_the_signatures_stay(world: World) -> None:
    plan = b.plan(world)
    b.sign(world, plan)
    comment = services.add_comment(
        actor=world.actor("bob"),
        plan_uuid=plan.uuid,
        text="Could the tax payments be shown by March?",
        requirement_id="MES-TAX-01",
        kind="proposal",
    )
    assert (comment.version, comment.organisation, comment.kind) == (b.latest(plan), world.orgs["refiner"], "proposal")
    assert Signature.objects.count() == 1


def test_a_comment_names_an_action_of_the_plan_or_none(world: World) -> None:
    plan = b.plan(world)
    call = lambda: services.add_comment(  # noqa: E731
        actor=world.actor("alice"), plan_uuid=plan.uuid, text="?", requirement_id="MES-NOPE-01"
    )
    assert "requirement_id" in errors_of(call)
    assert "text" in errors_of(lambda: services.add_comment(actor=world.actor("alice"), plan_uuid=plan.uuid, text="  "))
    assert not Comment.objects.exists()


# --- Signing, adoption, versions ----------------------------------------------------------------


def test_one_signature_does_not_adopt_a_version(world: World) -> None:
    plan = b.plan(world)
    version = b.sign(world, plan, now=b.ADOPTION)
    plan.refresh_from_db()
    assert (version.adopted, plan.first_adopted_on) == (False, None)
    assert b.action(plan, "MES-SEC-01").due_on is None
    assert services.adopted_actions(plan) == []


def test_the_second_signature_adopts_the_version_and_fixes_the_mandatory_deadlines(world: World) -> None:
    plan = b.plan(world)
    version = b.adopt(world, plan)
    plan.refresh_from_db()
    assert (version.adopted_on, version.adopted_at) == (dt.date(2026, 11, 2), b.ADOPTION)
    assert plan.first_adopted_on == dt.date(2026, 11, 2)
    assert {a.requirement_id: a.due_on for a in services.adopted_actions(plan) if a.mandatory} == {
        "MES-SEC-01": dt.date(2027, 5, 2),
        "MES-TAX-01": dt.date(2027, 5, 2),
    }
    assert "by 2027-05-02" in b.action(plan, "MES-SEC-01").why["en"]
    adopted = AuditEntry.objects.get(action="plan.adopted")
    assert adopted.detail["deadlines"] == {"MES-SEC-01": "2027-05-02", "MES-TAX-01": "2027-05-02"}


def test_six_months_from_the_end_of_august_is_the_end_of_february(world: World) -> None:
    plan = b.plan(world)
    b.adopt(world, plan, now=dt.datetime(2026, 8, 31, 15, 0, tzinfo=dt.UTC))
    assert b.action(plan, "MES-SEC-01").due_on == dt.date(2027, 2, 28)


def test_an_edit_after_one_signature_removes_it_and_says_so(world: World) -> None:
    plan = b.plan(world)
    b.sign(world, plan, "bob")
    edited = services.update_action(
        actor=world.actor("maria"), action_uuid=b.optional(plan).uuid, done_means="Seen on site."
    )
    assert edited.signatures_removed == 1  # type: ignore[attr-defined]
    assert not Signature.objects.exists()
    removed = AuditEntry.objects.get(action="plan.signatures_removed")
    assert removed.detail["organisations"] == [str(world.orgs["refiner"].uuid)]
    b.sign(world, plan)
    assert not b.latest(plan).adopted  # Bob must sign again


@pytest.mark.parametrize(
    "edit",
    [
        lambda w, p: services.change_strategy(actor=w.actor("alice"), plan_uuid=p.uuid, strategy="supply_chain"),
        lambda w, p: services.mark_priority(actor=w.actor("bob"), action_uuid=b.optional(p).uuid, priority=True),
    ],
    ids=["strategy", "priority"],
)
def test_a_strategy_or_priority_change_removes_the_signatures_too(world: World, edit: Any) -> None:
    plan = b.plan(world)
    b.sign(world, plan)
    assert edit(world, plan).signatures_removed == 1
    assert not Signature.objects.exists()


@pytest.mark.parametrize(
    "edit",
    [
        lambda w, p: services.change_strategy(actor=w.actor("alice"), plan_uuid=p.uuid, strategy="supply_chain"),
        lambda w, p: services.mark_priority(actor=w.actor("bob"), action_uuid=b.optional(p).uuid, priority=True),
        lambda w, p: services.update_action(actor=w.actor("alice"), action_uuid=b.optional(p).uuid, done_means="x"),
        lambda w, p: b.sign(w, p, "mateo"),
    ],
    ids=["strategy", "priority", "action", "sign-again"],
)
def test_an_adopted_version_refuses_every_change(world: World, edit: Any) -> None:
    plan = b.plan(world)
    b.adopt(world, plan)
    assert outcome(lambda: edit(world, plan)) == "forbidden"
    assert b.latest(plan).strategy == "quick_wins"
    assert Signature.objects.count() == 2


def test_revising_copies_the_adopted_version_into_a_draft_that_needs_both_signatures_again(world: World) -> None:
    plan = b.plan(world)
    rosa = b.member(world)
    services.update_action(
        actor=world.actor("alice"), action_uuid=b.action(plan, "MES-SEC-01").uuid, owner_uuid=rosa.uuid
    )
    v1 = b.adopt(world, plan)
    v2 = services.revise(actor=world.actor("maria"), plan_uuid=plan.uuid, summary="Add the retorts")
    assert (v2.number, v2.adopted, v2.summary) == (2, False, "Add the retorts")
    old, new = b.actions(v1), b.actions(v2)
    fields = ("requirement_id", "position", "mandatory", "owner_id", "due_on", "why", "priority")
    assert [[getattr(a, f) for f in fields] for a in new] == [[getattr(a, f) for f in fields] for a in old]
    assert b.action(plan, "MES-SEC-01").due_on == dt.date(2027, 5, 2)

    b.sign(world, plan, now=LATER)
    assert not PlanVersion.objects.get(pk=v2.pk).adopted
    view = services.get_plan(actor=world.actor("alice"), plan_uuid=plan.uuid)
    assert (view.version, view.adopted) == (v2, v1)  # v1 stays in force until v2 is signed by both

    b.sign(world, plan, "bob", now=LATER)
    plan.refresh_from_db()
    assert PlanVersion.objects.get(pk=v2.pk).adopted_on == dt.date(2027, 1, 10)
    assert plan.first_adopted_on == dt.date(2026, 11, 2)  # the clock did not restart
    assert b.action(plan, "MES-SEC-01").due_on == dt.date(2027, 5, 2)
    assert PlanVersion.objects.get(pk=v1.pk).adopted_on == dt.date(2026, 11, 2)  # v1 kept as it was
    assert len(b.actions(v1)) == len(b.actions(v2))


def test_a_revision_cannot_move_a_mandatory_deadline(world: World) -> None:
    plan = b.plan(world)
    b.adopt(world, plan)
    services.revise(actor=world.actor("alice"), plan_uuid=plan.uuid)
    call = lambda: services.update_action(  # noqa: E731
        actor=world.actor("alice"), action_uuid=b.action(plan, "MES-TAX-01").uuid, due_on="2027-11-02"
    )
    assert "due_on" in errors_of(call)


def test_only_one_version_is_agreed_at_a_time(world: World) -> None:
    plan = b.plan(world)
    assert outcome(lambda: services.revise(actor=world.actor("alice"), plan_uuid=plan.uuid)) == "forbidden"
    b.adopt(world, plan)
    services.revise(actor=world.actor("alice"), plan_uuid=plan.uuid)
    assert outcome(lambda: services.revise(actor=world.actor("alice"), plan_uuid=plan.uuid)) == "forbidden"
    assert PlanVersion.objects.filter(plan=plan).count() == 2


def test_every_change_of_a_draft_makes_a_new_revision_and_a_comment_or_a_no_op_does_not(world: World) -> None:
    plan = b.plan(world)
    target = b.optional(plan)
    assert b.latest(plan).revision == 1
    services.update_action(actor=world.actor("alice"), action_uuid=target.uuid, done_means="Seen on site.")
    services.mark_priority(actor=world.actor("bob"), action_uuid=target.uuid, priority=True)
    services.change_strategy(actor=world.actor("alice"), plan_uuid=plan.uuid, strategy="supply_chain")
    assert b.latest(plan).revision == 4
    services.add_comment(actor=world.actor("bob"), plan_uuid=plan.uuid, text="Agreed.")
    services.update_action(actor=world.actor("alice"), action_uuid=target.uuid, done_means="Seen on site.")
    services.mark_priority(actor=world.actor("bob"), action_uuid=target.uuid, priority=True)
    services.change_strategy(actor=world.actor("alice"), plan_uuid=plan.uuid, strategy="supply_chain")
    assert b.latest(plan).revision == 4


def test_a_signature_for_a_revision_the_version_no_longer_has_is_refused_and_signs_nothing(world: World) -> None:
    plan = b.plan(world)
    version = b.latest(plan)
    for stale in (0, 2):
        call = lambda r=stale: services.sign(actor=world.actor("alice"), version_uuid=version.uuid, revision=r)  # noqa: E731
        assert errors_of(call) == {
            "revision": ["The plan changed since you opened it (now revision 1): read it again before signing."]
        }
    assert not Signature.objects.exists()
    assert not AuditEntry.objects.filter(action="plan.signed").exists()


def test_signing_with_the_revision_read_before_the_other_partys_edit_fails(world: World) -> None:
    plan = b.plan(world)
    read_by_alice = b.latest(plan).revision
    b.sign(world, plan, "bob")
    services.mark_priority(actor=world.actor("bob"), action_uuid=b.optional(plan).uuid, priority=True)
    assert not Signature.objects.exists()  # Bob's own edit removed his signature
    late = lambda: services.sign(  # noqa: E731
        actor=world.actor("alice"), version_uuid=b.latest(plan).uuid, revision=read_by_alice
    )
    assert "now revision 2" in errors_of(late)["revision"][0]
    assert not Signature.objects.exists()
    b.sign(world, plan, "bob")
    version = b.sign(world, plan)  # Alice, having read revision 2
    assert (version.adopted, version.revision) == (True, 2)
    assert AuditEntry.objects.filter(action="plan.signed").latest("id").detail["revision"] == 2


def test_the_revision_check_and_the_signature_hold_the_write_lock_together(world: World) -> None:
    """Two signers at once cannot both pass the check: PostgreSQL locks the version row; SQLite
    takes the database's write lock at BEGIN (IMMEDIATE), before the check reads the revision."""
    plan = b.plan(world)
    with CaptureQueriesContext(connection) as captured:
        b.sign(world, plan)
    if connection.vendor == "sqlite":
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    else:
        assert any("FOR UPDATE" in q["sql"] and "plans_planversion" in q["sql"] for q in captured.captured_queries)


def test_an_organisation_signs_a_version_once_and_only_the_latest(world: World) -> None:
    plan = b.plan(world)
    b.sign(world, plan)
    assert outcome(lambda: b.sign(world, plan, "mateo")) == "forbidden"
    v1 = b.latest(plan)
    b.sign(world, plan, "bob")
    services.revise(actor=world.actor("alice"), plan_uuid=plan.uuid)
    Signature.objects.filter(version=v1).delete()  # even were v1's signatures gone, it is not the latest
    assert (
        outcome(lambda: services.sign(actor=world.actor("alice"), version_uuid=v1.uuid, revision=v1.revision))
        == "forbidden"
    )


# --- Who reads -----------------------------------------------------------------------------------


def test_a_partner_whose_authorisation_is_revoked_no_longer_reads_the_plan(world: World) -> None:
    plan = b.plan(world)
    assert plan_for(world.actor("bob"), plan.uuid)[1].role is PlanRole.PARTNER
    AssessorAuthorisation.objects.filter(organisation=world.orgs["refiner"]).update(revoked_at=timezone.now())
    assert outcome(lambda: services.get_plan(actor=world.actor("bob"), plan_uuid=plan.uuid)) == "hidden"


def test_a_partner_that_only_knows_the_producer_is_no_party_even_if_it_asked_for_access(world: World) -> None:
    plan = b.plan(world)
    AssessorAuthorisation.objects.filter(organisation=world.orgs["refiner"]).update(revoked_at=timezone.now())
    sharing.request(world, "refiner")  # Access.KNOWN now, but no grant shows it the plans
    assert outcome(lambda: services.get_plan(actor=world.actor("bob"), plan_uuid=plan.uuid)) == "hidden"


def test_guessed_and_malformed_uuids_are_not_found(world: World) -> None:
    b.plan(world)
    for guess in ("00000000-0000-0000-0000-000000000000", "not-a-uuid"):
        assert outcome(lambda g=guess: services.get_plan(actor=world.actor("alice"), plan_uuid=g)) == "hidden"


def test_owners_names_are_for_the_producer_and_its_facilitator_and_outside_reads_are_logged(world: World) -> None:
    plan = b.plan(world)
    seen = {
        n: services.get_plan(actor=world.actor(n), plan_uuid=plan.uuid).sees_owners for n in ("alice", "fran", "bob")
    }
    assert seen == {"alice": True, "fran": True, "bob": False}
    logged = AuditEntry.objects.filter(action="view.confidential", object_id=str(plan.uuid))
    assert sorted(e.actor_label.split("@")[0] for e in logged) == ["bob", "fran"]


def test_a_buyer_lists_only_the_plans_it_is_partner_of(world: World) -> None:
    result = b.submitted(world)
    b.plan(world, result=result)
    b.plan(world, result=result, partner="field")

    def listed(who: str) -> list[str]:
        found = services.list_plans(actor=world.actor(who), producer_uuid=world.producers["esperanza"].uuid)
        assert found.plans is not None
        return [s.plan.partner.name for s in found.plans]

    assert sorted(listed("alice")) == sorted(listed("fran")) == ["Alianza de Campo", "Refinería del Sur"]
    assert listed("bob") == ["Refinería del Sur"]
    # Without a grant that shows it the plans, the others are withheld (the page says why).
    assert services.list_plans(actor=world.actor("bob"), producer_uuid=world.producers["esperanza"].uuid).withheld


# --- Who may do what, for every person of the world ----------------------------------------------

ME = {"alice", "mateo"}
EDITORS = {"alice", "mateo", "maria"}


def _use_cases() -> dict[str, tuple[Callable[[Any, World, Plan], object], set[str]]]:
    return {
        "read": (lambda a, w, p: services.get_plan(actor=a, plan_uuid=p.uuid), b.READERS),
        "list": (
            lambda a, w, p: services.list_plans(actor=a, producer_uuid=w.producers["esperanza"].uuid),
            b.READERS,
        ),
        "strategy": (
            lambda a, w, p: services.change_strategy(actor=a, plan_uuid=p.uuid, strategy="supply_chain"),
            ME,
        ),
        "edit": (
            lambda a, w, p: services.update_action(actor=a, action_uuid=b.optional(p).uuid, done_means="ok"),
            EDITORS | {"bob"},
        ),
        "priority": (
            lambda a, w, p: services.mark_priority(actor=a, action_uuid=b.optional(p).uuid, priority=True),
            {"bob"},
        ),
        "comment": (
            lambda a, w, p: services.add_comment(actor=a, plan_uuid=p.uuid, text="Agreed."),
            EDITORS | {"bob", "fran"},
        ),
        "sign": (
            lambda a, w, p: services.sign(actor=a, version_uuid=b.latest(p).uuid, revision=b.latest(p).revision),
            ME | {"bob"},
        ),
    }


CASES = [(case, name) for case in _use_cases() for name in b.EVERYONE]


@pytest.mark.parametrize(("case", "name"), CASES, ids=[f"{c}-{n}" for c, n in CASES])
def test_who_may_do_what(world: World, case: str, name: str) -> None:
    call, allowed = _use_cases()[case]
    plan = b.plan(world)
    got = outcome(lambda: call(world.actor(name), world, plan))
    expected = "ok" if name in allowed else "forbidden" if name in b.READERS else "hidden"
    assert got == expected


@pytest.mark.parametrize("name", b.EVERYONE)
def test_who_may_draft_a_plan(world: World, name: str) -> None:
    b.authorise(world)
    result = b.submitted(world)
    call = lambda: services.draft_plan(  # noqa: E731
        actor=world.actor(name), result_uuid=result.uuid, partner_uuid=world.orgs["refiner"].uuid
    )
    # Readers of the result: esperanza's people, its facilitator and the buyer it authorised.
    expected = "ok" if name in {"alice", "mateo", "fran"} else "forbidden" if name in b.READERS else "hidden"
    assert outcome(call) == expected
    assert Plan.objects.exists() == (expected == "ok")


@pytest.mark.parametrize("name", b.EVERYONE)
def test_who_may_start_a_new_version(world: World, name: str) -> None:
    plan = b.plan(world)
    b.adopt(world, plan)
    expected = "ok" if name in EDITORS | {"bob"} else "forbidden" if name in b.READERS else "hidden"
    assert outcome(lambda: services.revise(actor=world.actor(name), plan_uuid=plan.uuid)) == expected


def test_the_adoption_date_is_the_producers_local_date(world: World) -> None:
    plan = b.plan(world)
    # 03:00 in London on 1 March is still 28 February in Bogotá, where esperanza signs.
    version = b.adopt(world, plan, now=dt.datetime(2027, 3, 1, 3, 0, tzinfo=dt.UTC))
    assert version.adopted_on == dt.date(2027, 2, 28)
    assert b.action(plan, "MES-SEC-01").due_on == dt.date(2027, 8, 28)
