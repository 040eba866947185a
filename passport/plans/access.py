"""How an actor stands towards a plan — the one place the plan pages, the API and the progress
pages ask.

A plan is read by three kinds of organisation and nobody else:

- ``PRODUCER``: the producer's own people, any role;
- ``PARTNER``: the organisation the plan is agreed with, while the producer still authorises it
  (revoking the authorisation ends its access to the plan at once);
- ``FACILITATOR``: a facilitator the producer authorises, which is not the partner (it helps
  the producer and may comment, but it does not sign).

Everyone else gets ``NotFound``, never ``NotAllowed``, so guessing uuids reveals nothing.

Also here, for every plan use case: the API scopes, who a write is recorded as, and the audit of
reads by someone outside the producer.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from typing import TypeVar

from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

from passport.accounts.access import Actor, NotFound, require_scope, uuid_or_not_found
from passport.accounts.models import OrganisationKind, Role
from passport.audit.services import record_view
from passport.producers.access import Access, access_to, sees_personal_data

from .models import Plan

M = TypeVar("M", bound=Model)
READ = "plans:read"
WRITE = "plans:write"


class PlanRole(enum.Enum):
    PRODUCER = "producer"
    PARTNER = "partner"
    FACILITATOR = "facilitator"


def role_towards(actor: Actor, plan: Plan) -> PlanRole | None:
    """The actor's role towards ``plan`` (its producer and partner loaded), or None. One query at
    most (none for the producer's own people)."""
    if actor.organisation is None:
        return None
    access = access_to(actor, plan.producer)
    if access is Access.OWN:
        return PlanRole.PRODUCER
    if access is Access.NONE:
        return None
    if actor.organisation.pk == plan.partner_id:
        return PlanRole.PARTNER
    if actor.kind == OrganisationKind.FACILITATOR:
        return PlanRole.FACILITATOR
    return None


def with_plan(rows: QuerySet[M], to_plan: str = "") -> QuerySet[M]:
    """``rows`` with the plan (at the relation path ``to_plan``, or the rows themselves) joined to
    what every plan use case reads: the producer, the partner, the source result and the
    published standard version it was made with — in the same query."""
    prefix = f"{to_plan}__" if to_plan else ""
    return rows.select_related(
        f"{prefix}producer__organisation", f"{prefix}partner", f"{prefix}source_result__assessment__standard"
    ).defer(f"{prefix}source_result__classification")  # large, and plan pages show the result's date only


def plan_for(actor: Actor, plan_uuid: object) -> tuple[Plan, PlanRole]:
    """The plan with this uuid and the actor's role towards it; NotFound for anyone who may not
    read it, and for a malformed or unknown uuid."""
    plan = with_plan(Plan.objects.all()).filter(uuid=uuid_or_not_found(plan_uuid)).first()
    role = role_towards(actor, plan) if plan is not None else None
    if plan is None or role is None:
        raise NotFound(_("No such plan."))
    return plan, role


@dataclass(frozen=True)
class Allowed:
    """What an actor may do with a plan, by its role and its role in its own organisation (the
    services enforce each rule; pages use this to show only the forms that will work)."""

    edit: bool
    """Edit a draft version's actions, and start a new version: the producer and the partner,
    member and up."""
    sign: bool
    """Sign for its side: the producer's or the partner's owner or manager."""
    change_strategy: bool
    """Choose the order of the improvements: the producer's owner or manager."""
    mark_priority: bool
    """Say what the supply chain needs most: the partner, member and up."""
    comment: bool
    """Comment and propose changes: every reader from member up (viewers read only)."""
    sees_owners: bool
    """Action owners are the producer's members, personal data (decision 0010): its own people
    and its facilitator see their names."""


def allowed_to(actor: Actor, role: PlanRole, write_scope: str = "plans:write") -> Allowed:
    writes = actor.has_scope(write_scope)
    member, manager = writes and actor.has_role(Role.MEMBER), writes and actor.has_role(Role.MANAGER)
    sides = role in (PlanRole.PRODUCER, PlanRole.PARTNER)
    return Allowed(
        edit=sides and member,
        sign=sides and manager,
        change_strategy=role is PlanRole.PRODUCER and manager,
        mark_priority=role is PlanRole.PARTNER and member,
        comment=member,
        sees_owners=sees_personal_data(actor, Access.OWN if role is PlanRole.PRODUCER else Access.ASSESSOR),
    )


def readable(actor: Actor, plan_uuid: object) -> tuple[Plan, PlanRole]:
    """``plan_for`` for a read: the token needs ``plans:read``."""
    require_scope(actor, READ)
    return plan_for(actor, plan_uuid)


def audit_view(actor: Actor, plan: Plan, role: PlanRole, object_type: str, object_id: object) -> None:
    """Someone outside the producer read its plan: the producer can see who and when."""
    if role is not PlanRole.PRODUCER:
        record_view(
            actor=actor,
            object_type=object_type,
            object_id=object_id,
            producer=plan.producer.uuid,
        )


def uuid_or_none(value: object) -> uuid.UUID | None:
    """A uuid from a form or a body, or None when it is malformed (the caller names the field)."""
    try:
        return uuid_or_not_found(value)
    except NotFound:
        return None
