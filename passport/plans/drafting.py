"""Drafting a plan from a submitted result with a partner: who may, with whom, from which
results, and the actions the result's findings make.

Drafting needs owner or manager of the producer, or of a facilitator it authorises (acting with
it); the partner must be a buyer or facilitator the producer authorises."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from passport.accounts.access import (
    Actor,
    NotAllowed,
    NotFound,
    person_behind,
    require_role,
    require_scope,
    uuid_or_not_found,
)
from passport.accounts.models import Organisation, OrganisationKind, Role, User
from passport.assessments.models import Result
from passport.audit.services import record
from passport.engine import INCOMPLETE, Classification, Finding, Standard, draft_actions
from passport.producers.access import Access, access_to, is_facilitator
from passport.producers.models import AssessorAuthorisation, Producer

from .access import WRITE, uuid_or_none
from .models import Plan, PlanAction, PlanVersion, Strategy
from .versions import StandardUnusable, local_day, published_standard, resequence

PARTNER_KINDS = (OrganisationKind.BUYER, OrganisationKind.FACILITATOR)
DISENGAGE = "disengage_immediately"


@dataclass(frozen=True)
class DraftOptions:
    """What the "new plan" page offers for one result."""

    result: Result
    partners: Sequence[Organisation]
    refusal: str | None
    """Why no plan can be drafted from this result, in plain words (None when one can)."""
    stop: Sequence[str]
    """Requirements whose finding says trade must stop (disengage), by id."""
    standard: Standard | None
    """The published standard the result was made with (None when its file no longer matches)."""


def _standard_of(result: Result) -> tuple[Standard | None, str | None]:
    """The result's published standard, or why it cannot be used (a refusal on ``result``)."""
    try:
        return published_standard(result), None
    except StandardUnusable as exc:
        return None, str(exc)


def _result_for_drafting(actor: Actor, result_uuid: object) -> Result:
    result = (
        Result.objects.select_related("producer__organisation", "assessment__standard")
        .filter(uuid=uuid_or_not_found(result_uuid))
        .first()
    )
    access = access_to(actor, result.producer) if result is not None else Access.NONE
    if result is None or access is Access.NONE:
        raise NotFound(_("No such result."))
    # Drafting is acting with the producer: its people or its authorised facilitator (an
    # organisation that only may know the producer, Access.KNOWN, is refused).
    acting_with = access is Access.OWN or is_facilitator(actor, access)
    if not acting_with:
        raise NotAllowed(_("Only the producer, or a facilitator it authorised, drafts its plans."))
    require_role(actor, Role.MANAGER)
    return result


def _partners(producer: Producer) -> QuerySet[Organisation]:
    """Buyers and facilitators the producer authorises now."""
    authorised = AssessorAuthorisation.objects.filter(
        producer=producer, organisation=OuterRef("pk"), revoked_at__isnull=True
    )
    return Organisation.objects.filter(Exists(authorised), kind__in=PARTNER_KINDS).order_by("name", "id")


def _refusal(result: Result, standard: Standard | None = None) -> str | None:
    if result.assessment.unit_id is not None:
        # Deadlines are checked against the organisation's own latest result; a unit's result
        # counts through the roll-up and the benchmark instead.
        return _(
            "This is the result of one unit. Plans are agreed for the whole organisation: draft it "
            "from the organisation's own result; the roll-up and the benchmark show the units."
        )
    if result.outcome == INCOMPLETE:
        missing = len(_stored_findings(result).get("missing", []))
        return ngettext(
            "This result is incomplete: %(n)d required answer is missing. Answer it in a new "
            "assessment and submit it; a plan needs a complete result.",
            "This result is incomplete: %(n)d required answers are missing. Answer them in a new "
            "assessment and submit it; a plan needs a complete result.",
            missing,
        ) % {"n": missing}
    if not _plannable(result):
        return _("Nothing to plan: this result has no finding to mitigate or improve.")
    if standard is not None and standard.digest != result.standard_digest:
        return _("The standard file changed since this result was made; assess again to draft a plan.")
    return None


def _stored_findings(result: Result) -> dict[str, Any]:
    data = result.classification
    found = data.get("en") or next(iter(data.values()), {})
    return found if isinstance(found, dict) else {}


def _plannable(result: Result) -> bool:
    return any(f.get("action") in ("mitigate", "improve") for f in _stored_findings(result).get("findings", []))


def _stop(result: Result) -> list[str]:
    return [f["requirement"] for f in _stored_findings(result).get("findings", []) if f.get("action") == DISENGAGE]


def draft_options(*, actor: Actor, result_uuid: object) -> DraftOptions:
    """The partners a plan may be agreed with, and why none can be drafted (if so)."""
    require_scope(actor, WRITE)
    result = _result_for_drafting(actor, result_uuid)
    standard, unusable = _standard_of(result)
    return DraftOptions(
        result=result,
        partners=list(_partners(result.producer)),
        refusal=unusable or _refusal(result, standard),
        stop=_stop(result),
        standard=standard,
    )


def classification_of(result: Result, standard: Standard) -> Classification:
    """The classification a result recorded, rebuilt from its stored findings: each finding from
    the very cell it matched, so a plan follows the result even if the producer's profile or
    answers have moved on since."""
    stored = _stored_findings(result)
    findings = []
    for f in stored.get("findings", []):
        if not f.get("cell"):
            continue
        requirement = standard.requirement(f["requirement"])
        cell = next(c for c in requirement.cells if c.id == f["cell"])
        findings.append(Finding.for_cell(requirement, cell))
    return Classification.make(
        standard=result.standard_ref,
        standard_digest=result.standard_digest,
        as_of=result.as_of,
        outcome=result.outcome,
        findings=tuple(findings),
        edd_flags=(),
        missing=(),
        module_order=tuple(m.id for m in standard.modules),
    )


def _draft_errors(
    result: Result, partner: Organisation | None, strategy: str, standard: Standard | None, unusable: str | None
) -> None:
    """Refuse a draft with every reason at once, each on its field."""
    errors: dict[str, list[str]] = {}
    if strategy not in Strategy.values:
        errors["strategy"] = [_("Choose one of: %(values)s.") % {"values": ", ".join(Strategy.values)}]
    if partner is None:
        errors["partner"] = [_("Choose a buyer or facilitator that you have authorised to assess you.")]
    refusal = unusable or _refusal(result, standard)
    if refusal:
        errors["result"] = [refusal]
    if errors:
        raise ValidationError(errors)


def _created(result: Result, partner: Organisation, author: User) -> Plan:
    """The plan row. The database refuses a second plan from the result with the same partner
    (even one drafted a moment ago in another request), and so does this, on ``partner``."""
    try:
        with transaction.atomic():  # a savepoint: the caller's transaction stays usable
            return Plan.objects.create(
                producer=result.producer,
                partner=partner,
                source_result=result,
                standard_ref=result.standard_ref,
                created_by=author,
            )
    except IntegrityError:
        raise ValidationError({"partner": [_("A plan from this result with this partner exists already.")]}) from None


def draft_plan(
    *,
    actor: Actor,
    result_uuid: object,
    partner_uuid: object,
    strategy: str = Strategy.QUICK_WINS,
    as_of: dt.date | None = None,
) -> Plan:
    """A plan with its version 1, drafted from a submitted result with one partner.

    Every mitigate finding becomes a mandatory action (its due date is fixed when the plan is
    first adopted), every improve finding an optional one; the engine orders them by
    ``strategy``, mandatory first. A result that is incomplete, or has nothing to mitigate or
    improve, or whose standard file no longer matches the published one, is refused with a
    ValidationError on ``result``; a partner that already has a plan from this result, on
    ``partner`` (the database's constraint decides, so two drafts at once cannot both pass)."""
    require_scope(actor, WRITE)
    result = _result_for_drafting(actor, result_uuid)
    producer = result.producer
    partner = _partners(producer).filter(uuid=uuid_or_none(partner_uuid)).first()
    standard, unusable = _standard_of(result)
    _draft_errors(result, partner, strategy, standard, unusable)
    assert partner is not None
    assert standard is not None
    author = person_behind(actor)
    drafted = draft_actions(standard, classification_of(result, standard))
    day = as_of or local_day(producer, timezone.now())
    with transaction.atomic():
        plan = _created(result, partner, author)
        version = PlanVersion.objects.create(plan=plan, number=1, strategy=strategy, created_by=author)
        actions = PlanAction.objects.bulk_create(
            PlanAction(
                version=version,
                requirement_id=d.requirement_id,
                cell_id=d.cell_id,
                mandatory=d.mandatory,
                window=d.window.text if d.window else "",
                position=i,
            )
            for i, d in enumerate(drafted, start=1)
        )
        resequence(plan, version, actions, day, standard)
        record(
            actor=actor,
            action="plan.drafted",
            object_type="plan",
            object_id=plan.uuid,
            producer=producer.uuid,
            detail={
                "result": str(result.uuid),
                "partner": str(partner.uuid),
                "strategy": strategy,
                "mandatory": sum(1 for d in drafted if d.mandatory),
                "optional": sum(1 for d in drafted if not d.mandatory),
            },
        )
    return plan
