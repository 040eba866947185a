"""How an actor stands towards a producer — the one place other apps ask.

Until sharing rules arrive (grants by audience, see issue 5), access is:

- ``OWN``: the actor acts for the producer's own organisation;
- ``ASSESSOR``: the producer has authorised the actor's organisation to assess it (a
  facilitator, buyer or verifier), and the authorisation is not revoked;
- ``NONE``: anyone else, who may not know the producer exists beyond what is public.
"""

from __future__ import annotations

import enum

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

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
    return Access.ASSESSOR if _authorised(producer.pk, actor.organisation.pk) else Access.NONE


_AUTHORISED_SQL = (
    f"SELECT 1 FROM {AssessorAuthorisation._meta.db_table} "  # noqa: S608 - our own table's name
    "WHERE producer_id = %s AND organisation_id = %s AND revoked_at IS NULL LIMIT 1"
)


def _authorised(producer_id: int, organisation_id: int) -> bool:
    """Whether an active authorisation exists. Asked on nearly every page that shows a producer,
    so written once as plain SQL: building the equivalent ORM query cost more than running it."""
    with connection.cursor() as cursor:
        cursor.execute(_AUTHORISED_SQL, [producer_id, organisation_id])
        return cursor.fetchone() is not None


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
