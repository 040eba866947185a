"""How an actor stands towards a producer — the one place other apps ask.

Until sharing rules arrive (grants by audience, see issue 5), access is:

- ``OWN``: the actor acts for the producer's own organisation;
- ``ASSESSOR``: the producer has authorised the actor's organisation to assess it (a
  facilitator, buyer or verifier), and the authorisation is not revoked;
- ``NONE``: anyone else, who may not know the producer exists beyond what is public.
"""

from __future__ import annotations

import enum

from django.db.models import Exists, OuterRef, Q, QuerySet, Value

from passport.accounts.access import Actor, NotFound
from passport.engine import Producer as EngineProducer

from .models import AssessorAuthorisation, Producer


class Access(enum.Enum):
    OWN = "own"
    ASSESSOR = "assessor"
    NONE = "none"


# Which assessment kinds an authorised organisation of each kind may run.
ASSESSMENT_KINDS_BY_ORGANISATION = {
    "producer": frozenset({"self"}),
    "facilitator": frozenset({"self"}),
    "buyer": frozenset({"buyer_review"}),
    "verifier": frozenset({"verification"}),
}


def access_to(actor: Actor, producer: Producer) -> Access:
    """One query at most (none for the producer's own organisation)."""
    if actor.organisation is None:
        return Access.NONE
    if producer.organisation_id == actor.organisation.pk:
        return Access.OWN
    authorised = AssessorAuthorisation.objects.filter(
        producer=producer, organisation=actor.organisation, revoked_at__isnull=True
    ).exists()
    return Access.ASSESSOR if authorised else Access.NONE


def authorised_annotation(actor: Actor, producer_path: str = "producer") -> Exists | Value:
    """An annotation saying whether the actor's organisation is an authorised assessor of the row's
    producer (at ``producer_path``), so a lookup and its access check are one query."""
    if actor.organisation is None:
        return Value(False)
    return Exists(
        AssessorAuthorisation.objects.filter(
            producer=OuterRef(f"{producer_path}_id" if "__" not in producer_path else producer_path),
            organisation=actor.organisation,
            revoked_at__isnull=True,
        )
    )


def access_given(actor: Actor, producer: Producer, *, authorised: bool) -> Access:
    """``access_to`` from an ``authorised_annotation`` already loaded with the row."""
    if actor.organisation is None:
        return Access.NONE
    if producer.organisation_id == actor.organisation.pk:
        return Access.OWN
    return Access.ASSESSOR if authorised else Access.NONE


def accessible_producers(actor: Actor) -> QuerySet[Producer]:
    """Producers the actor's organisation may open: its own, and those that authorised it.

    A correlated EXISTS rather than a join, so no DISTINCT is needed and a list ordered by name
    can stop after one page instead of de-duplicating every visible producer first."""
    if actor.organisation is None:
        return Producer.objects.none()
    org = actor.organisation
    authorised = AssessorAuthorisation.objects.filter(
        producer=OuterRef("pk"), organisation=org, revoked_at__isnull=True
    )
    return Producer.objects.filter(Q(organisation=org) | Exists(authorised))


def producer_for(actor: Actor, producer_uuid: object) -> tuple[Producer, Access]:
    """The producer with this uuid if the actor may open it; NotFound otherwise (never 403, so
    guessing uuids reveals nothing)."""
    producer = Producer.objects.select_related("organisation").filter(uuid=producer_uuid).first()
    if producer is None:
        raise NotFound("no such producer")
    access = access_to(actor, producer)
    if access is Access.NONE:
        raise NotFound("no such producer")
    return producer, access


def engine_profile(producer: Producer) -> EngineProducer:
    """The profile the classification engine needs, from the registry row."""
    return EngineProducer(
        type=producer.type,
        subtype=producer.subtype or None,
        commodities=frozenset(producer.commodities),
        methods=frozenset(producer.methods),
        country=producer.country or None,
        name=producer.organisation.name,
        subdivision=producer.subdivision or None,
        municipality=producer.municipality or None,
    )


def sees_personal_data(actor: Actor, access: Access) -> bool:
    """Members' names, ages and roles are confidential by default: the producer's own people and
    an authorised facilitator (who works with the members in the field) see them; an authorised
    buyer or verifier sees counts only. Sharing grants (issue 5) will widen this per audience."""
    if access is Access.OWN:
        return True
    return access is Access.ASSESSOR and actor.kind == "facilitator"
