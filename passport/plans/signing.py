"""Signing, adoption and new versions.

The producer's owner or manager signs for the producer, the partner's owner or manager for the
partner, each naming the revision it read; the second signature adopts the version. An adopted
version never changes: ``revise`` copies it into the next draft version, which needs both
signatures again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passport.accounts.access import (
    Actor,
    NotAllowed,
    NotFound,
    person_behind,
    require_role,
    require_scope,
    uuid_or_not_found,
)
from passport.accounts.models import Role
from passport.audit.services import record
from passport.engine import Standard, Window, due_date

from . import telling
from .access import WRITE, PlanRole, allowed_to, plan_for, role_towards, with_plan
from .models import Plan, PlanAction, PlanVersion, Signature
from .versions import draft_version, latest_version, local_day, plan_standard, resequence, version_actions


class StaleRevision(ValidationError):
    """The version changed since the signer read it: a signature covers only what was read."""


def _signable(actor: Actor, version_uuid: object) -> tuple[PlanVersion, PlanRole]:
    """The version and the signer's side; NotFound for those who may not read the plan,
    NotAllowed for the facilitator, a read-only reader, and members and viewers."""
    found = with_plan(PlanVersion.objects.all(), "plan").filter(uuid=uuid_or_not_found(version_uuid)).first()
    seat = role_towards(actor, found.plan) if found is not None else None
    if found is None or seat is None:
        raise NotFound(_("No such plan."))
    if seat.role not in (PlanRole.PRODUCER, PlanRole.PARTNER):
        raise NotAllowed(_("The producer and the partner sign the plan."))
    require_role(actor, Role.MANAGER)
    return found, seat.role


def sign(*, actor: Actor, version_uuid: object, revision: int, now: dt.datetime | None = None) -> PlanVersion:
    """Sign a draft version for the actor's organisation (the producer or the partner; owner or
    manager), at the ``revision`` the signer read. The second of the two signatures adopts the
    version on the producer's local date; the first adoption fixes every mandatory deadline:
    first adoption + the standard's window.

    A version that changed since (another revision) is refused with a ``StaleRevision`` on
    ``revision`` and nothing is signed. The version row stays locked from that check to the
    adoption (``select_for_update``; on SQLite the IMMEDIATE transactions of the settings take
    the write lock at BEGIN), so an edit or a signature at the same moment waits, then sees
    this one: two second signatures cannot both adopt, and no edit slips between check and
    signature. The other side is told of a first signature, both sides of an adoption
    (``telling``; e-mailed once the transaction commits)."""
    require_scope(actor, WRITE)
    found, role = _signable(actor, version_uuid)
    plan = found.plan
    standard = plan_standard(plan)
    signer = person_behind(actor)
    assert actor.organisation is not None
    moment = now or timezone.now()
    with transaction.atomic():
        version = draft_version(plan, of=found.pk)
        version.plan = plan
        if version.revision != revision:
            raise StaleRevision(
                {
                    "revision": [
                        _("The plan changed since you opened it (now revision %(n)d): read it again before signing.")
                        % {"n": version.revision}
                    ]
                }
            )
        signed = set(Signature.objects.filter(version=version).values_list("organisation_id", flat=True))
        if actor.organisation.pk in signed:
            raise NotAllowed(_("Your organisation has signed this version already."))
        Signature.objects.create(version=version, organisation=actor.organisation, signed_by=signer, signed_at=moment)
        record(
            actor=actor,
            action="plan.signed",
            object_type="plan_version",
            object_id=version.uuid,
            producer=plan.producer.uuid,
            detail={"plan": str(plan.uuid), "version": version.number, "revision": revision, "for": role.value},
        )
        if signed | {actor.organisation.pk} >= {plan.producer.organisation_id, plan.partner_id}:
            _adopt(actor, plan, version, moment, standard)
            telling.tell_adoption(actor=actor, plan=plan, version=version)
        else:
            telling.tell_signature(actor=actor, plan=plan, version=version)
    return version


def _adopt(actor: Actor, plan: Plan, version: PlanVersion, moment: dt.datetime, standard: Standard) -> None:
    day = local_day(plan.producer, moment)
    version.adopted_on, version.adopted_at = day, moment
    version.save(update_fields=["adopted_on", "adopted_at"])
    first = plan.first_adopted_on is None
    if first:
        plan.first_adopted_on = day
        plan.save(update_fields=["first_adopted_on"])
    assert plan.first_adopted_on is not None
    # Mandatory deadlines run from the first adoption; a later version carries them unchanged.
    undated = list(PlanAction.objects.filter(version=version, mandatory=True, due_on__isnull=True).exclude(window=""))
    for a in undated:
        a.due_on = due_date(Window.parse(a.window), plan.first_adopted_on)
    PlanAction.objects.bulk_update(undated, ["due_on"])
    if undated:  # their reasons now give the date
        resequence(plan, version, version_actions(version), day, standard, positions=False)
    record(
        actor=actor,
        action="plan.adopted",
        object_type="plan_version",
        object_id=version.uuid,
        producer=plan.producer.uuid,
        detail={
            "plan": str(plan.uuid),
            "version": version.number,
            "adopted_on": day.isoformat(),
            "first_adoption": first,
            "deadlines": {a.requirement_id: a.due_on.isoformat() for a in undated if a.due_on},
        },
    )


def revise(*, actor: Actor, plan_uuid: object, summary: str = "") -> PlanVersion:
    """Open the next version as a copy of the adopted one (same actions, owners, due dates and
    marks); it needs both signatures again. Mandatory deadlines are carried over and cannot
    move. Only one version is agreed at a time."""
    require_scope(actor, WRITE)
    plan, seat = plan_for(actor, plan_uuid)
    if not allowed_to(actor, seat, WRITE).edit:
        raise NotAllowed(_("The producer and the partner start new versions of the plan."))
    require_role(actor, Role.MEMBER)
    summary = (summary or "").strip()
    if len(summary) > 300:
        raise ValidationError({"summary": [_("Keep it under %(n)d characters.") % {"n": 300}]})
    author = person_behind(actor)
    with transaction.atomic():
        current = latest_version(plan, lock=True)
        if not current.adopted:
            raise NotAllowed(
                _("Version %(n)d is still being agreed; change it, or sign it, before starting another.")
                % {"n": current.number}
            )
        new = PlanVersion.objects.create(
            plan=plan, number=current.number + 1, strategy=current.strategy, summary=summary, created_by=author
        )
        PlanAction.objects.bulk_create(_copies(version_actions(current), new))
        record(
            actor=actor,
            action="plan.revised",
            object_type="plan_version",
            object_id=new.uuid,
            producer=plan.producer.uuid,
            detail={"plan": str(plan.uuid), "from": current.number, "to": new.number, "summary": summary},
        )
    return new


def _copies(actions: Iterable[PlanAction], version: PlanVersion) -> list[PlanAction]:
    fields = (
        "requirement_id",
        "cell_id",
        "mandatory",
        "window",
        "position",
        "why",
        "owner_id",
        "due_on",
        "done_means",
        "priority",
    )
    return [PlanAction(version=version, **{f: getattr(a, f) for f in fields}) for a in actions]
