"""Units of a cooperative or association: members or crews assessed one by one, and their
exclusions from the organisation's supply (docs/cooperatives.md).

Who may do what:

- only cooperatives and associations have units: they are organisations of many producing
  members, whose results roll up to the organisation's; anyone else is assessed as a whole;
- what a reader sees is its lens's (``passport.sharing.policy``): a unit's name may be a
  person's, so names (``units.names``) and exclusion reasons and who recorded them
  (``exclusions.reasons``) are personal data, seen by the producer's own people and its
  authorised facilitator only. Anyone else who may open the producer gets the list with the
  names withheld and the units numbered "Unit 1", "Unit 2", … in the order they were added, as
  on the roll-up, with their kind and exclusion dates, when its lens shows the findings
  (``assessment.findings``; otherwise that is withheld too); one unit's page is ``NotFound`` to
  a reader who may not see names. Every read that shows data that is not public to someone
  outside the producer writes one access-log entry (``lens.log``);
- adding units, excluding them from the supply and readmitting them: the producer's own owner
  or manager. Exclusions are never deleted: lifting one records the day and the reason.

"Today" is the producer's date (``clock.local_today``): an exclusion or readmission may not run
from a later day. It may run from an earlier one (a unit may have left the supply before anyone
wrote it down), but every exclusion shows when it was recorded and by whom, and one recorded more
than ``RECORDED_LATER_DAYS`` after the day it runs from is marked "recorded later".

Audit entries name the fields that changed and the dates, never names or reasons: the log is
append-only and those may be personal data.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from passport.accounts.access import Actor, NotAllowed, NotFound, person_behind, require_scope, uuid_or_not_found
from passport.accounts.models import Role
from passport.audit.services import record
from passport.engine import local_date
from passport.sharing.policy import Lens, lens_for

from . import validation as check
from .access import Access, access_to
from .clock import local_today, zone_of
from .fields import EXCLUSION_REASONS, UNIT_LIST, UNIT_NAMES
from .models import Member, Producer, ProducerType, Unit, UnitExclusion, UnitKind
from .records import Permissions
from .services import READ, _permissions, _readable, _require_own, _writable, seen

UNIT_PRODUCER_TYPES = frozenset({ProducerType.COOPERATIVE.value, ProducerType.ASSOCIATION.value})
REASON_MAX = 2000
RECORDED_LATER_DAYS = 30
"""An exclusion recorded more than this many days after the day it runs from is marked "recorded
later" wherever it is shown: backdating is allowed (a unit may have left the supply before anyone
wrote it down), never silent."""


@dataclass(frozen=True)
class UnitDetails:
    name: str
    kind: str
    member: uuid.UUID | str | None = None


@dataclass(frozen=True)
class Recording:
    """When, and by whom, an exclusion was written down, beside the day it runs from."""

    on: dt.date
    """The producer's date when it was recorded."""
    by: str | None
    """Who recorded it, for readers who see personal data; None for others (or when unknown)."""
    later: bool
    """Recorded more than ``RECORDED_LATER_DAYS`` after its ``excluded_on``: backdated."""


def recording_of(exclusion: UnitExclusion, producer: Producer, *, names: bool) -> Recording:
    """How ``exclusion`` was recorded (``recorded_by`` must be loaded when ``names``)."""
    on = local_date(exclusion.recorded_at, zone_of(producer))
    by = exclusion.recorded_by.name if names and exclusion.recorded_by_id is not None else None
    return Recording(on=on, by=by, later=(on - exclusion.excluded_on).days > RECORDED_LATER_DAYS)


@dataclass(frozen=True)
class UnitRow:
    unit: Unit
    exclusion: UnitExclusion | None
    """The exclusion in force on the day asked, if any."""
    number: int = 0
    """Its place in the order units were added (1, 2, …): how readers who may not see names know it."""
    named: bool = True
    """Whether the reader sees its name (and may open its page)."""

    @property
    def excluded(self) -> bool:
        return self.exclusion is not None

    @property
    def name(self) -> str | None:
        return self.unit.name if self.named else None


@dataclass(frozen=True)
class UnitList:
    producer: Producer
    allowed: Permissions
    lens: Lens
    as_of: dt.date
    rows: list[UnitRow] | None
    """None: withheld (the reader's lens shows neither names nor findings)."""
    may_have_units: bool
    members: list[Member]
    """Members a new unit of kind member may be linked to (for those who may add units)."""

    @property
    def names_shown(self) -> bool:
        return self.lens.shows(UNIT_NAMES)


@dataclass(frozen=True)
class UnitOverview:
    unit: Unit
    allowed: Permissions
    lens: Lens
    as_of: dt.date
    exclusion: UnitExclusion | None
    history: list[UnitExclusion]
    """Every exclusion of the unit, the latest first."""

    @property
    def producer(self) -> Producer:
        return self.unit.producer  # type: ignore[no-any-return]

    @property
    def reasons_shown(self) -> bool:
        return self.lens.shows(EXCLUSION_REASONS)

    @property
    def recorded(self) -> list[tuple[UnitExclusion, Recording]]:
        """``history`` with how each exclusion was recorded (by whom only if reasons are shown)."""
        names = self.reasons_shown
        return [(e, recording_of(e, self.producer, names=names)) for e in self.history]


def may_have_units(producer: Producer) -> bool:
    return producer.type in UNIT_PRODUCER_TYPES


def in_force(exclusion: UnitExclusion, day: dt.date) -> bool:
    """Whether the unit was out of the supply on ``day``: excluded on or before it, and not
    readmitted on or before it."""
    return exclusion.excluded_on <= day and (exclusion.lifted_on is None or exclusion.lifted_on > day)


def in_force_filter(day: dt.date, prefix: str = "") -> Q:
    """``in_force`` as a filter on exclusions (``prefix`` to reach them from another model)."""
    return Q(**{f"{prefix}excluded_on__lte": day}) & (
        Q(**{f"{prefix}lifted_on__isnull": True}) | Q(**{f"{prefix}lifted_on__gt": day})
    )


def exclusions_on(producer: Producer, day: dt.date) -> dict[int, UnitExclusion]:
    """The exclusion in force on ``day`` for each of the producer's excluded units, in one query."""
    rows = (
        UnitExclusion.objects.filter(in_force_filter(day), unit__producer=producer)
        .select_related("recorded_by")
        .order_by("excluded_on", "id")
    )
    return {row.unit_id: row for row in rows}


def _unit(actor: Actor, unit_uuid: object) -> tuple[Unit, Access, Lens]:
    """A unit with its producer, if the actor may open the producer and its lens shows units'
    names (``NotFound`` otherwise: readers who may not see names know units by number only)."""
    row = (
        Unit.objects.select_related("producer__organisation", "member")
        .filter(uuid=uuid_or_not_found(unit_uuid))
        .first()
    )
    access = access_to(actor, row.producer) if row is not None else Access.NONE
    if row is None or access is Access.NONE:
        raise NotFound(_("No such unit."))
    lens = lens_for(actor, row.producer, access)
    if not lens.shows(UNIT_NAMES):
        raise NotFound(_("No such unit."))
    return row, access, lens


# --- Reading ---------------------------------------------------------------------------------


def list_units(*, actor: Actor, producer_uuid: object, as_of: dt.date | None = None) -> UnitList:
    """The producer's units with the exclusion in force on ``as_of`` (the producer's today by
    default): named for readers whose lens shows units' names, numbered for those whose lens
    shows the findings, withheld (``rows`` None) for the others."""
    producer, access, lens = _readable(actor, producer_uuid)
    allowed = _permissions(actor, access)
    day = as_of or local_today(producer)
    named = lens.shows(UNIT_NAMES)
    rows = None
    if named or lens.shows(UNIT_LIST):
        units = list(Unit.objects.filter(producer=producer).select_related("member").order_by("created_at", "id"))
        excluded = exclusions_on(producer, day)
        rows = [UnitRow(u, excluded.get(u.pk), number=n, named=named) for n, u in enumerate(units, start=1)]
    members = []
    if allowed.can_manage and may_have_units(producer):
        members = list(Member.objects.filter(producer=producer).order_by("name", "id"))
    key = UNIT_NAMES if named else UNIT_LIST
    lens.log(actor, object_type="producer", object_id=producer.uuid, what=seen(lens, {key: rows}))
    return UnitList(
        producer=producer,
        allowed=allowed,
        lens=lens,
        as_of=day,
        rows=rows,
        may_have_units=may_have_units(producer),
        members=members,
    )


def get_unit(*, actor: Actor, unit_uuid: object, as_of: dt.date | None = None) -> UnitOverview:
    """A unit with its exclusion history and the exclusion in force on ``as_of`` (the producer's today)."""
    require_scope(actor, READ)
    unit, access, lens = _unit(actor, unit_uuid)
    day = as_of or local_today(unit.producer)
    history = list(UnitExclusion.objects.filter(unit=unit).select_related("recorded_by", "lifted_by"))
    lens.log(
        actor,
        object_type="unit",
        object_id=unit.uuid,
        what=seen(lens, {UNIT_NAMES: True, EXCLUSION_REASONS: history}),
    )
    return UnitOverview(
        unit=unit,
        allowed=_permissions(actor, access),
        lens=lens,
        as_of=day,
        exclusion=next((e for e in history if in_force(e, day)), None),
        history=history,
    )


# --- Changing --------------------------------------------------------------------------------


def _clean_unit(details: UnitDetails, producer: Producer) -> tuple[str, str, Member | None]:
    errors: check.Errors = {}
    name = check.text(errors, "name", details.name, max_length=200, required=True)
    kind = check.choice(errors, "kind", details.kind, UnitKind.values)
    member = None
    if details.member:
        try:
            member = Member.objects.filter(producer=producer, uuid=uuid.UUID(str(details.member))).first()
        except ValueError:
            member = None
        if member is None:
            check.add(errors, "member", _("Choose one of this producer's members."))
        elif kind != UnitKind.MEMBER:
            check.add(errors, "member", _("Only a unit of kind “member” is one of your members; a crew is not."))
    if name and Unit.objects.filter(producer=producer, name=name).exists():
        check.add(errors, "name", _("Another unit already has this name."))
    check.raise_if_any(errors)
    return name, kind, member


def add_unit(*, actor: Actor, producer_uuid: object, details: UnitDetails) -> Unit:
    """A member or crew of a cooperative or association, to be assessed on its own."""
    producer = _writable(actor, producer_uuid, Role.MANAGER)
    if not may_have_units(producer):
        raise NotAllowed(
            _(
                "Only cooperatives and associations have units: their members or crews are assessed one by one "
                "and the results roll up to the organisation. This producer is assessed as a whole."
            )
        )
    name, kind, member = _clean_unit(details, producer)
    try:
        with transaction.atomic():
            unit = Unit.objects.create(producer=producer, name=name, kind=kind, member=member)
            record(
                actor=actor,
                action="unit.added",
                object_type="unit",
                object_id=unit.uuid,
                producer=producer.uuid,
                detail={"kind": kind, "fields": sorted(["name", "kind", *(["member"] if member else [])])},
            )
    except IntegrityError:  # the same name added at the same moment by someone else
        raise ValidationError({"name": [_("Another unit already has this name.")]}) from None
    return unit


def _check_day(errors: check.Errors, field: str, day: dt.date | None, today: dt.date) -> None:
    if day is None:
        check.add(errors, field, _("This field is required."))
    elif day > today:
        check.add(errors, field, _("Must not be in the future."))


def exclude_unit(
    *, actor: Actor, unit_uuid: object, excluded_on: dt.date | None, reason: str, today: dt.date | None = None
) -> UnitExclusion:
    """Take a unit out of the organisation's supply from ``excluded_on``: from that day its
    results no longer count in the roll-up. The reason is required and kept."""
    unit, access, _lens = _unit(actor, unit_uuid)
    _require_own(actor, access, Role.MANAGER)
    today = today or local_today(unit.producer)
    errors: check.Errors = {}
    _check_day(errors, "excluded_on", excluded_on, today)
    reason = check.text(errors, "reason", reason, max_length=REASON_MAX, required=True)
    with transaction.atomic():
        history = list(UnitExclusion.objects.select_for_update().filter(unit=unit))
        if any(e.lifted_on is None for e in history):
            check.add(errors, "unit", _("This unit is already excluded; readmit it first."))
        last_lifted = max((e.lifted_on for e in history if e.lifted_on is not None), default=None)
        if excluded_on is not None and last_lifted is not None and excluded_on < last_lifted:
            message = _("Must not be before the unit was last readmitted (%(day)s).")
            check.add(errors, "excluded_on", message % {"day": last_lifted.isoformat()})
        check.raise_if_any(errors)
        assert excluded_on is not None
        exclusion = UnitExclusion.objects.create(
            unit=unit, excluded_on=excluded_on, reason=reason, recorded_by=person_behind(actor)
        )
        record(
            actor=actor,
            action="unit.excluded",
            object_type="unit",
            object_id=unit.uuid,
            producer=unit.producer.uuid,
            detail={"exclusion": str(exclusion.uuid), "excluded_on": excluded_on.isoformat(), "fields": ["reason"]},
        )
    return exclusion


def readmit_unit(
    *, actor: Actor, unit_uuid: object, lifted_on: dt.date | None, reason: str, today: dt.date | None = None
) -> UnitExclusion:
    """Lift the unit's exclusion from ``lifted_on``: from that day its results count again."""
    unit, access, _lens = _unit(actor, unit_uuid)
    _require_own(actor, access, Role.MANAGER)
    today = today or local_today(unit.producer)
    errors: check.Errors = {}
    _check_day(errors, "lifted_on", lifted_on, today)
    reason = check.text(errors, "reason", reason, max_length=REASON_MAX, required=True)
    with transaction.atomic():
        exclusion = UnitExclusion.objects.select_for_update().filter(unit=unit, lifted_on__isnull=True).first()
        if exclusion is None:
            check.add(errors, "unit", _("This unit is not excluded."))
        elif lifted_on is not None and lifted_on < exclusion.excluded_on:
            message = _("Must not be before the unit was excluded (%(day)s).")
            check.add(errors, "lifted_on", message % {"day": exclusion.excluded_on.isoformat()})
        check.raise_if_any(errors)
        assert exclusion is not None
        assert lifted_on is not None
        exclusion.lifted_on, exclusion.lifted_by, exclusion.lift_reason = lifted_on, person_behind(actor), reason
        exclusion.save(update_fields=["lifted_on", "lifted_by", "lift_reason"])
        record(
            actor=actor,
            action="unit.readmitted",
            object_type="unit",
            object_id=unit.uuid,
            producer=unit.producer.uuid,
            detail={"exclusion": str(exclusion.uuid), "lifted_on": lifted_on.isoformat(), "fields": ["lift_reason"]},
        )
    return exclusion
