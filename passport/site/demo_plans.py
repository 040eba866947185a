"""The demo's plans and units, built through the same services people use.

- Mungwe (South Kivu) agreed a plan with its facilitator two weeks after its self-assessment:
  the soldiers' levy (MES-SEC-01) must be mitigated within six months of adoption, so
  ``passport plans check-deadlines --as-of`` a day after that window shows the consequence.
- Nuevo Horizonte (Nariño) is agreeing a plan with its buyer: the buyer marked its priorities
  and commented, the cooperative signed, the buyer has yet to sign.
- Nuevo Horizonte's two crews were assessed one by one: San Isidro with best practice on
  mercury, safety and explosives, El Diviso still burning amalgam in the open, so the roll-up
  and the benchmark pair them (the Nariño pilot of the seed notes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from passport.accounts.access import Actor
from passport.accounts.models import Membership, Organisation, Role
from passport.assessments.services import save_answers, start_assessment, submit_assessment
from passport.plans import services as plans
from passport.plans.models import Plan, PlanVersion, Strategy
from passport.producers.models import Producer, Unit, UnitKind

# Best practice at San Isidro where El Diviso lags (the example's answers are El Diviso's).
BEST_PRACTICE = {
    "hg_practice": "concentrate_retort",
    "hg_storage": "sealed_locked",
    "hg_exposure_protection": True,
    "ppe_use": "all",
    "ground_support": "systematic",
    "explosives_storage_secure": True,
}
CREWS = (("Cuadrilla Bocamina San Isidro", BEST_PRACTICE), ("Cuadrilla Bocamina El Diviso", {}))
ADOPTED_AFTER = dt.timedelta(days=14)  # the Kivu plan is adopted two weeks after its assessment


def owner_of(organisation: Organisation) -> Actor:
    membership = Membership.objects.select_related("user", "organisation").get(
        organisation=organisation, role=Role.OWNER
    )
    return Actor.for_membership(membership, user=membership.user)


def build_plans_and_units(
    *,
    producers: Mapping[str, Producer],
    partners: Mapping[str, Organisation],
    results: Mapping[str, str],
    answers: Mapping[str, Mapping[str, Any]],
    assessed_on: Mapping[str, dt.date],
) -> None:
    """``producers``/``results``/``answers``/``assessed_on`` by producer key (kivu, narino);
    ``partners`` by organisation key (facilitator_cd, buyer)."""
    _adopted_plan(producers["kivu"], partners["facilitator_cd"], results["kivu"], assessed_on["kivu"])
    _plan_being_agreed(producers["narino"], partners["buyer"], results["narino"])
    _crews(producers["narino"], answers["narino"], assessed_on["narino"])


def _adopted_plan(producer: Producer, partner: Organisation, result_uuid: str, assessed_on: dt.date) -> Plan:
    mine, theirs = owner_of(producer.organisation), owner_of(partner)
    plan = plans.draft_plan(actor=mine, result_uuid=result_uuid, partner_uuid=partner.uuid)
    version = plan.versions.get()
    # Noon UTC on the day, so the producer's local date is that day in every time zone it may be in.
    signed = timezone.make_aware(dt.datetime.combine(assessed_on + ADOPTED_AFTER, dt.time(12)), dt.UTC)
    # The story is a plan drafted a week after the assessment, not on the day the demo is loaded.
    drafted = signed - dt.timedelta(days=7)
    Plan.objects.filter(pk=plan.pk).update(created_at=drafted)
    PlanVersion.objects.filter(pk=version.pk).update(created_at=drafted)
    plans.sign(actor=mine, version_uuid=version.uuid, revision=version.revision, now=signed)
    plans.sign(actor=theirs, version_uuid=version.uuid, revision=version.revision, now=signed)
    return plan


def _plan_being_agreed(producer: Producer, buyer: Organisation, result_uuid: str) -> Plan:
    mine, theirs = owner_of(producer.organisation), owner_of(buyer)
    plan = plans.draft_plan(
        actor=mine, result_uuid=result_uuid, partner_uuid=buyer.uuid, strategy=Strategy.SUPPLY_CHAIN
    )
    version = plan.versions.get()
    wanted = [a for a in version.actions.order_by("position") if a.requirement_id.startswith("MES-HG")]
    for action in wanted[:2]:
        plans.mark_priority(actor=theirs, action_uuid=action.uuid, priority=True)
    plans.add_comment(
        actor=theirs,
        plan_uuid=plan.uuid,
        text=(
            "Nuestro refinador pide primero el manejo del mercurio: retortas en todas las bocaminas y el "
            "mercurio guardado bajo llave. Podemos apoyar con la compra de dos retortas."
        ),
    )
    version.refresh_from_db(fields=["revision"])  # the priorities made new revisions
    plans.sign(actor=mine, version_uuid=version.uuid, revision=version.revision)
    return plan


def _crews(producer: Producer, answers: Mapping[str, Any], assessed_on: dt.date) -> None:
    mine = owner_of(producer.organisation)
    for name, changes in CREWS:
        crew = Unit.objects.create(producer=producer, name=name, kind=UnitKind.CREW)
        started = start_assessment(actor=mine, producer_uuid=producer.uuid, kind="self", unit_uuid=crew.uuid)
        save_answers(actor=mine, assessment_uuid=started.uuid, answers={**answers, **changes})
        submit_assessment(actor=mine, assessment_uuid=started.uuid, as_of=assessed_on)
