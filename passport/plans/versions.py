"""What every change of a plan shares: its latest version, the draft version a change locks,
the published standard it follows, the order the engine gives it, and what an edit does to the
version (a new revision, and the signatures it had removed).

Only the latest version of a plan may change, and only while it is a draft (decision 0012):
an adopted version never changes.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Sequence
from typing import Any

from django.db.models import F
from django.utils.translation import gettext as _

from passport.accounts.access import Actor, NotAllowed
from passport.assessments.models import Result
from passport.audit.services import record
from passport.engine import (
    ActionToPlace,
    PassportError,
    Standard,
    Window,
    due_date,
    local_date,
    sequence,
)
from passport.producers.clock import zone_of
from passport.producers.models import Producer
from passport.standards.services import load_published

from .models import Plan, PlanAction, PlanVersion, Signature

logger = logging.getLogger(__name__)
MAX_TEXT = 2000


def local_day(producer: Producer, moment: dt.datetime) -> dt.date:
    """The date where the producer works at ``moment`` (the day it signs there)."""
    return local_date(moment, zone_of(producer))


def latest_version(plan: Plan, *, lock: bool = False) -> PlanVersion:
    rows = PlanVersion.objects.filter(plan=plan).order_by("-number")
    if lock:
        rows = rows.select_for_update()
    version = rows.first()
    assert version is not None, "every plan has a version"
    return version


def frozen() -> NotAllowed:
    return NotAllowed(_("This version is adopted and can no longer change; start a new version to change the plan."))


def draft_version(plan: Plan, of: int | None = None) -> PlanVersion:
    """The plan's draft version, locked for this transaction. NotAllowed when the latest version
    is adopted (an adopted version never changes: revise the plan first), or when the version
    ``of`` (a pk) is not that draft."""
    version = latest_version(plan, lock=True)
    if version.adopted or (of is not None and version.pk != of):
        raise frozen()
    return version


class StandardUnusable(NotAllowed):
    """The standard a result was made with no longer holds the bytes it was published with (or
    its file is gone): nothing may be read or decided from it until the operators restore it."""


def published_standard(result: Result) -> Standard:
    """The published standard ``result`` was made with (its assessment's version), checked
    against the digest recorded when it was published. ``result.assessment.standard`` should be
    loaded with the result (``access.with_plan`` does it for a plan's result)."""
    version = result.assessment.standard
    try:
        return load_published(version)
    except PassportError:
        logger.exception("standard %s of result %s cannot be used for plans", version.ref, result.uuid)
        raise StandardUnusable(
            _(
                "The standard %(ref)s of this result no longer matches the file it was published with: "
                "its plans cannot be drafted, read or changed until the platform's operators restore it."
            )
            % {"ref": version.ref}
        ) from None


def plan_standard(plan: Plan) -> Standard:
    """The published standard of the result the plan was drafted from."""
    return published_standard(plan.source_result)


def version_actions(version: PlanVersion) -> list[PlanAction]:
    return list(PlanAction.objects.filter(version=version).order_by("position", "id"))


# --- Sequencing --------------------------------------------------------------------------------


def _due_for_order(action: PlanAction, start: dt.date) -> dt.date | None:
    """The due date that orders an action. Before the first adoption a mandatory action has no
    date yet; its window counted from ``start`` orders it exactly as its real date will, since
    every mandatory window runs from the same day."""
    if action.due_on is not None or not action.mandatory or not action.window:
        return action.due_on
    return due_date(Window.parse(action.window), start)


def resequence(
    plan: Plan,
    version: PlanVersion,
    actions: Sequence[PlanAction],
    as_of: dt.date,
    standard: Standard,
    *,
    positions: bool = True,
) -> None:
    """Store the positions and reasons the engine gives for the version's strategy.

    The order uses ``_due_for_order``; the reasons use the real dates, so an undated mandatory
    action says "within six months of the plan's adoption", not a date nobody agreed. At
    adoption only the reasons are refreshed (``positions=False``): the signed order stays."""
    start = plan.first_adopted_on or as_of
    strategy = version.strategy

    def placed(due: Callable[[PlanAction], dt.date | None]) -> dict[str, Any]:
        to_place = [ActionToPlace(a.requirement_id, a.mandatory, due(a), a.priority) for a in actions]
        return {p.requirement_id: p for p in sequence(standard, to_place, strategy)}

    reasons = placed(lambda a: a.due_on)
    order = placed(lambda a: _due_for_order(a, start)) if positions else reasons
    for row in actions:
        if positions:
            row.position = order[row.requirement_id].position
        row.why = dict(reasons[row.requirement_id].why)
    PlanAction.objects.bulk_update(actions, ["position", "why"] if positions else ["why"])


# --- What an edit does -------------------------------------------------------------------------


def content_changed(actor: Actor, plan: Plan, version: PlanVersion, because: str) -> int:
    """A draft version's content changed (call in the change's transaction): its revision moves
    on, so a signer who read the previous one is refused, and the signatures it had no longer
    cover it. Returns how many signatures were removed (the page says so)."""
    PlanVersion.objects.filter(pk=version.pk).update(revision=F("revision") + 1)
    version.refresh_from_db(fields=["revision"])
    signed = list(Signature.objects.filter(version=version).select_related("organisation"))
    if not signed:
        return 0
    Signature.objects.filter(version=version).delete()
    record(
        actor=actor,
        action="plan.signatures_removed",
        object_type="plan_version",
        object_id=version.uuid,
        producer=plan.producer.uuid,
        detail={
            "plan": str(plan.uuid),
            "because": because,
            "revision": version.revision,
            "organisations": [str(s.organisation.uuid) for s in signed],
        },
    )
    return len(signed)
