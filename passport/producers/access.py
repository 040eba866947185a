"""How an actor stands towards a producer — the one place other apps ask.

Access says whether the actor may *know* the producer and what it may *do*; what it may *see*
is the sharing policy's (``passport.sharing.policy.lens_for``, decision 0016):

- ``OWN``: the actor acts for the producer's own organisation;
- ``ASSESSOR``: the producer has authorised the actor's organisation to assess it (a
  facilitator, buyer or verifier), and the authorisation is not revoked;
- ``KNOWN``: the producer has granted the actor's organisation access (even one that has ended),
  the organisation has asked it for access, or the producer is listed in the public directory:
  the actor may open its pages and sees what its grants show;
- ``NONE``: anyone else, for whom the producer does not exist (404, never 403).
"""

from __future__ import annotations

import datetime as dt
import enum

from django.db import connection
from django.db.models import Exists, OuterRef, Q, QuerySet

from passport.accounts.access import Actor, NotFound
from passport.engine import Producer as EngineProducer
from passport.sharing.models import AccessRequest, DirectoryListing, Grant

from .models import AssessorAuthorisation, Producer


class Access(enum.Enum):
    OWN = "own"
    ASSESSOR = "assessor"
    KNOWN = "known"
    NONE = "none"

    @property
    def may_assess(self) -> bool:
        """Own people self-assess; an authorised assessor runs its kind of assessment."""
        return self in (Access.OWN, Access.ASSESSOR)


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
    return _standing(producer.pk, actor.organisation.pk)


_AUTH, _GRANT = AssessorAuthorisation._meta.db_table, Grant._meta.db_table
_REQUEST, _LISTING = AccessRequest._meta.db_table, DirectoryListing._meta.db_table
_STANDING_SQL = (
    f"SELECT EXISTS(SELECT 1 FROM {_AUTH} WHERE producer_id = %s AND organisation_id = %s AND revoked_at IS NULL), "  # noqa: S608 - our own tables' names
    f"EXISTS(SELECT 1 FROM {_GRANT} WHERE producer_id = %s AND organisation_id = %s) "
    f"OR EXISTS(SELECT 1 FROM {_REQUEST} WHERE producer_id = %s AND organisation_id = %s) "
    f"OR EXISTS(SELECT 1 FROM {_LISTING} WHERE producer_id = %s)"
)


def _standing(producer_id: int, organisation_id: int) -> Access:
    """Authorised, known or neither. Asked on nearly every page that shows a producer, so written
    once as plain SQL: building the equivalent ORM query cost more than running it."""
    pair = [producer_id, organisation_id]
    with connection.cursor() as cursor:
        cursor.execute(_STANDING_SQL, [*pair, *pair, *pair, producer_id])
        authorised, known = cursor.fetchone()
    if authorised:
        return Access.ASSESSOR
    return Access.KNOWN if known else Access.NONE


def accessible_producers(actor: Actor) -> QuerySet[Producer]:
    """Producers the actor's organisation works with: its own, those that authorised it, and
    those that granted it access not revoked nor ended (listed producers are in the directory).

    Correlated EXISTS rather than joins, so no DISTINCT is needed and a list ordered by name
    can stop after one page instead of de-duplicating every visible producer first."""
    if actor.organisation is None:
        return Producer.objects.none()
    org = actor.organisation
    authorised = AssessorAuthorisation.objects.filter(
        producer=OuterRef("pk"), organisation=org, revoked_at__isnull=True
    )
    granted = Grant.objects.filter(producer=OuterRef("pk"), organisation=org, revoked_on__isnull=True).filter(
        Q(until__isnull=True) | Q(until__gte=dt.date.today() - dt.timedelta(days=1))
    )
    return Producer.objects.filter(Q(organisation=org) | Exists(authorised) | Exists(granted))


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


def is_facilitator(actor: Actor, access: Access) -> bool:
    """The producer's authorised facilitator (who runs its self-assessments and works with the
    members in the field): the sharing policy's ``facilitator`` audience."""
    return access is Access.ASSESSOR and actor.kind == "facilitator"
