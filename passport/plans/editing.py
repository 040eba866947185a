"""Changing a draft version: its strategy, an action's owner, due date and what "done" means,
and the partner's priority marks.

On a draft version the producer (member and up) and the partner (member and up) edit actions;
the producer (owner, manager) chooses the strategy; the partner (member and up) marks
priorities. Any such edit moves the version to its next revision and removes its signatures
(``versions.content_changed``), in the edit's transaction."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from passport.accounts.access import Actor, NotAllowed, NotFound, require_role, require_scope, uuid_or_not_found
from passport.accounts.models import Role
from passport.audit.services import record
from passport.producers.models import Member, Producer

from .access import WRITE, PlanRole, Seat, allowed_to, plan_for, role_towards, uuid_or_none, with_plan
from .models import Plan, PlanAction, PlanVersion, Strategy
from .versions import (
    MAX_TEXT,
    content_changed,
    draft_version,
    frozen,
    local_day,
    plan_standard,
    resequence,
    version_actions,
)

_UNCHANGED: Any = object()


def change_strategy(*, actor: Actor, plan_uuid: object, strategy: str, as_of: dt.date | None = None) -> PlanVersion:
    """The producer chooses another order for its draft version; the engine re-sequences it
    (mandatory actions stay first), its revision moves on and its signatures are removed."""
    require_scope(actor, WRITE)
    plan, seat = plan_for(actor, plan_uuid)
    if seat.role is not PlanRole.PRODUCER:
        raise NotAllowed(_("The producer chooses the order of its plan."))
    require_role(actor, Role.MANAGER)
    if strategy not in Strategy.values:
        raise ValidationError({"strategy": [_("Choose one of: %(values)s.") % {"values": ", ".join(Strategy.values)}]})
    standard = plan_standard(plan)
    day = as_of or local_day(plan.producer, timezone.now())
    with transaction.atomic():
        version = draft_version(plan)
        removed = 0
        if version.strategy != strategy:
            before = version.strategy
            version.strategy = strategy
            version.save(update_fields=["strategy"])
            resequence(plan, version, version_actions(version), day, standard)
            record(
                actor=actor,
                action="plan.strategy_changed",
                object_type="plan_version",
                object_id=version.uuid,
                producer=plan.producer.uuid,
                detail={"plan": str(plan.uuid), "from": before, "to": strategy},
            )
            removed = content_changed(actor, plan, version, "strategy")
    version.signatures_removed = removed  # type: ignore[attr-defined]
    return version


def _editable_action(actor: Actor, action_uuid: object) -> tuple[PlanAction, Plan, Seat]:
    action = (
        with_plan(PlanAction.objects.select_related("version", "owner"), "version__plan")
        .filter(uuid=uuid_or_not_found(action_uuid))
        .first()
    )
    seat = role_towards(actor, action.version.plan) if action is not None else None
    if action is None or seat is None:
        raise NotFound(_("No such action."))
    return action, action.version.plan, seat


def action_for_editing(*, actor: Actor, action_uuid: object) -> tuple[PlanAction, Seat]:
    """An action of a draft version, if the actor may edit it (for the edit page)."""
    require_scope(actor, WRITE)
    action, _plan, seat = _editable_action(actor, action_uuid)
    if not allowed_to(actor, seat, WRITE).edit:
        raise NotAllowed(_("The producer and the partner edit the plan's actions."))
    require_role(actor, Role.MEMBER)
    if action.version.adopted:
        raise frozen()
    return action, seat


def owner_choices(producer: Producer) -> QuerySet[Member]:
    return Member.objects.filter(producer=producer).order_by("name", "id")


def _action_changes(
    actor: Actor,
    action: PlanAction,
    seat: Seat,
    day: dt.date,
    owner_uuid: object,
    due_on: object,
    done_means: object,
) -> dict[str, object]:
    """The new value of each field given, checked; a ValidationError names every wrong field."""
    plan = action.version.plan
    errors: dict[str, list[str]] = {}
    changes: dict[str, object] = {}
    if owner_uuid is not _UNCHANGED:
        if not allowed_to(actor, seat, WRITE).sees_owners:
            raise NotAllowed(_("Only the producer and its facilitator choose who owns an action."))
        owner = None
        if owner_uuid not in (None, ""):
            owner = owner_choices(plan.producer).filter(uuid=uuid_or_none(owner_uuid)).first()
            if owner is None:
                errors["owner"] = [_("Choose a member of %(producer)s.") % {"producer": plan.producer}]
        changes["owner"] = owner
    if due_on is not _UNCHANGED:
        due = _date_or_error(due_on, errors)
        if action.mandatory and due != action.due_on:
            errors["due_on"] = [
                _(
                    "A mandatory action's deadline comes from the standard (%(window)s from the plan's "
                    "first adoption); it cannot be changed."
                )
                % {"window": action.window}
            ]
        elif due is not None and due < day:
            errors["due_on"] = [_("Choose a date from today on.")]
        changes["due_on"] = due
    if done_means is not _UNCHANGED:
        text = str(done_means or "").strip()
        if len(text) > MAX_TEXT:
            errors["done_means"] = [_("Keep it under %(n)d characters.") % {"n": MAX_TEXT}]
        changes["done_means"] = text
    if errors:
        raise ValidationError(errors)
    return changes


def update_action(
    *,
    actor: Actor,
    action_uuid: object,
    owner_uuid: object = _UNCHANGED,
    due_on: object = _UNCHANGED,
    done_means: object = _UNCHANGED,
    as_of: dt.date | None = None,
) -> PlanAction:
    """Change who owns an action of a draft version, when an optional one is due, and what
    "done" means. Omitted fields stay; ``None`` clears the owner or the due date. A change
    removes the version's signatures; the returned action's ``signatures_removed`` says how many.

    A mandatory action's due date comes from the standard (its window from the first adoption)
    and cannot be set. The owner must be a member of the producer, and only those who may see
    the producer's members (its own people, its facilitator) choose one."""
    action, seat = action_for_editing(actor=actor, action_uuid=action_uuid)
    plan = action.version.plan
    standard = plan_standard(plan)
    day = as_of or local_day(plan.producer, timezone.now())
    changes = _action_changes(actor, action, seat, day, owner_uuid, due_on, done_means)
    changed = sorted(f for f, v in changes.items() if getattr(action, f) != v)
    removed = 0
    if changed:
        with transaction.atomic():
            version = draft_version(plan, of=action.version_id)
            for field, value in changes.items():
                setattr(action, field, value)
            action.save(update_fields=changed)
            if "due_on" in changed:
                resequence(plan, version, version_actions(version), day, standard)
            record(
                actor=actor,
                action="plan.action_updated",
                object_type="plan_action",
                object_id=action.uuid,
                producer=plan.producer.uuid,
                detail={"plan": str(plan.uuid), "requirement": action.requirement_id, "fields": changed},
            )
            removed = content_changed(actor, plan, version, "action")
        action.refresh_from_db(fields=["position", "why"])
    action.signatures_removed = removed  # type: ignore[attr-defined]
    return action


def _date_or_error(value: object, errors: dict[str, list[str]]) -> dt.date | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        errors["due_on"] = [_("Give a date as YYYY-MM-DD.")]
        return None


def mark_priority(*, actor: Actor, action_uuid: object, priority: bool, as_of: dt.date | None = None) -> PlanAction:
    """The partner marks (or unmarks) an action as a priority of its supply chain. With the
    "supply chain" strategy the order follows these marks. Removes the version's signatures."""
    require_scope(actor, WRITE)
    action, plan, seat = _editable_action(actor, action_uuid)
    if seat.role is not PlanRole.PARTNER:
        raise NotAllowed(_("The partner marks its priorities."))
    require_role(actor, Role.MEMBER)
    standard = plan_standard(plan)
    day = as_of or local_day(plan.producer, timezone.now())
    removed = 0
    with transaction.atomic():
        version = draft_version(plan, of=action.version_id)
        if action.priority != priority:
            action.priority = priority
            action.save(update_fields=["priority"])
            resequence(plan, version, version_actions(version), day, standard)
            record(
                actor=actor,
                action="plan.priority_marked",
                object_type="plan_action",
                object_id=action.uuid,
                producer=plan.producer.uuid,
                detail={"plan": str(plan.uuid), "requirement": action.requirement_id, "priority": priority},
            )
            removed = content_changed(actor, plan, version, "priority")
            action.refresh_from_db(fields=["position", "why"])
    action.signatures_removed = removed  # type: ignore[attr-defined]
    return action
