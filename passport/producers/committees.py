"""A site's local management committee: when it was formed, its seats and its meetings.

Seat holders, minutes and decisions are members' personal data (``members.personal``); the rest
follows the site (``sites.coordinates``). Reading goes through the sharing lens, changes are the
producer's own people's (member and up), as for the rest of the registry (``services``)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from passport.accounts.access import Actor, NotFound, require_scope, uuid_or_not_found
from passport.accounts.models import Role
from passport.audit.services import record

from . import validation as check
from .fields import PERSONAL, SITES
from .models import Committee, CommitteeSeat, Meeting, Member, Site
from .records import CommitteeOverview
from .services import READ, _child, _permissions, _require_own, seen


def get_committee(*, actor: Actor, site_uuid: object) -> CommitteeOverview:
    """A site's committee (``NotFound`` to a reader whose lens withholds sites): when it was
    formed, the number of seats and the meetings' dates and attendance; who holds each seat and
    the meetings' minutes and decisions only for a reader whose lens shows personal data."""
    require_scope(actor, READ)
    site, access, lens = _child(Site, actor, site_uuid)
    allowed = _permissions(actor, access)
    names = lens.shows(PERSONAL)
    committee = Committee.objects.filter(site=site).first()
    seats = list(committee.seats.select_related("member")) if committee else []
    meetings = []
    if committee:
        shown = (
            committee.meetings.all() if names else committee.meetings.only("uuid", "committee", "held_on", "attendees")
        )
        meetings = list(shown)
    candidates: list[Member] = []
    if allowed.can_edit:
        seated = {seat.member_id for seat in seats}
        candidates = [m for m in Member.objects.filter(producer=site.producer) if m.pk not in seated]
    personal = names and bool(seats or any(m.minutes or m.decisions for m in meetings))
    lens.log(actor, object_type="site", object_id=site.uuid, what=seen(lens, {SITES: True, PERSONAL: personal}))
    return CommitteeOverview(
        site=site,
        allowed=allowed,
        lens=lens,
        committee=committee,
        seat_count=len(seats),
        seats=seats if names else None,
        meetings=meetings,
        candidates=candidates,
    )


def _editable_committee(actor: Actor, site_uuid: object) -> tuple[Site, Committee]:
    site, access, _lens = _child(Site, actor, site_uuid)
    _require_own(actor, access, Role.MEMBER)
    committee, _created = Committee.objects.get_or_create(site=site)
    return site, committee


def _not_in_future(errors: check.Errors, name: str, day: dt.date | None) -> None:
    if day is not None and day > timezone.localdate():
        check.add(errors, name, _("Must not be in the future."))


def update_committee(*, actor: Actor, site_uuid: object, formed_on: dt.date | None) -> Committee:
    errors: check.Errors = {}
    _not_in_future(errors, "formed_on", formed_on)
    with transaction.atomic():
        site, committee = _editable_committee(actor, site_uuid)
        check.raise_if_any(errors)
        committee.formed_on = formed_on
        committee.save(update_fields=["formed_on"])
        record(
            actor=actor,
            action="committee.updated",
            object_type="committee",
            object_id=committee.uuid,
            producer=site.producer.uuid,
            detail={"formed_on": formed_on.isoformat() if formed_on else None},
        )
    return committee


def add_committee_seat(*, actor: Actor, site_uuid: object, member_uuid: object, role: str) -> CommitteeSeat:
    errors: check.Errors = {}
    role = check.text(errors, "role", role, max_length=100, required=True)
    with transaction.atomic():
        site, committee = _editable_committee(actor, site_uuid)
        try:
            member = Member.objects.filter(producer=site.producer, uuid=uuid.UUID(str(member_uuid))).first()
        except ValueError:
            member = None
        if member is None:
            check.add(errors, "member", _("Choose one of this producer's members."))
        elif committee.seats.filter(member=member).exists():
            check.add(errors, "member", _("This member already has a seat."))
        check.raise_if_any(errors)
        assert member is not None
        seat = CommitteeSeat.objects.create(committee=committee, member=member, role=role)
        record(
            actor=actor,
            action="committee.seat_added",
            object_type="committee",
            object_id=committee.uuid,
            producer=site.producer.uuid,
            detail={"member": str(member.uuid), "role": role},
        )
    return seat


def remove_committee_seat(*, actor: Actor, site_uuid: object, member_uuid: object) -> None:
    with transaction.atomic():
        site, committee = _editable_committee(actor, site_uuid)
        seat = committee.seats.filter(member__uuid=uuid_or_not_found(member_uuid)).first()
        if seat is None:
            raise NotFound(_("No such seat."))
        record(
            actor=actor,
            action="committee.seat_removed",
            object_type="committee",
            object_id=committee.uuid,
            producer=site.producer.uuid,
            detail={"member": str(member_uuid), "role": seat.role},
        )
        seat.delete()


def record_meeting(
    *, actor: Actor, site_uuid: object, held_on: dt.date, attendees: int, minutes: str = "", decisions: str = ""
) -> Meeting:
    errors: check.Errors = {}
    _not_in_future(errors, "held_on", held_on)
    if attendees < 0:
        check.add(errors, "attendees", _("Must be zero or more."))
    minutes = check.text(errors, "minutes", minutes, max_length=20000)
    decisions = check.text(errors, "decisions", decisions, max_length=20000)
    with transaction.atomic():
        site, committee = _editable_committee(actor, site_uuid)
        check.raise_if_any(errors)
        meeting = Meeting.objects.create(
            committee=committee, held_on=held_on, attendees=attendees, minutes=minutes, decisions=decisions
        )
        record(
            actor=actor,
            action="meeting.recorded",
            object_type="meeting",
            object_id=meeting.uuid,
            producer=site.producer.uuid,
            detail={"site": str(site.uuid), "held_on": held_on.isoformat(), "attendees": attendees},
        )
    return meeting
