"""Sharing use cases: ask for access, answer a request (accept, narrow, decline), grant and revoke,
tighten fields, opt in to the directory. Reading the access log is in ``log.py``, the public
directory in ``directory.py``.

Who may do what (docs/sharing.md):

- the producer's own people read its sharing page and access log (any role); its owners and
  managers grant, answer, revoke, tighten and list;
- an organisation that may know the producer (``Access.KNOWN`` or ``ASSESSOR``: listed in the
  directory, authorised, or already in touch) and is a buyer, verifier or authority asks for
  access (role ≥ member) and may withdraw its own pending request;
- anyone may read the directory (listed producers, public fields only);
- anyone else gets ``NotFound``, never ``NotAllowed``, so guessing uuids reveals nothing.

Dates are the producer's local day (``local_today``): a grant starts today and a revocation
takes effect today (the policy shows nothing from the day of revocation). Every change writes an
audit entry and tells the other side once it commits (in-app and by e-mail, in each person's
language).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from passport.accounts.access import (
    Actor,
    NotAllowed,
    NotFound,
    person_behind,
    require_role,
    require_scope,
    uuid_or_not_found,
)
from passport.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from passport.audit.services import record
from passport.engine import FIXED_FIELDS, PLATFORM_FIELDS, Audience, tightened
from passport.notifications.services import language_of, notify
from passport.producers.access import Access, producer_for
from passport.producers.clock import local_today
from passport.producers.models import Producer

from .models import AccessRequest, DirectoryListing, FieldSetting, Grant, GrantAudience, GrantPurpose, Sensitivity
from .policy import DEFAULT_PURPOSE

READ = "sharing:read"
WRITE = "sharing:write"
ANSWERED_SHOWN = 50
"""Answered requests on the sharing page (pending ones are all shown)."""

# Which audiences an organisation of each kind may ask for or be given, the first being what it
# asks for when it does not say. A facilitator is authorised as an assessor instead (it then
# sees what the producer sees); a producer, a steward or another kind gets no grant.
AUDIENCES_BY_KIND: dict[str, tuple[str, ...]] = {
    OrganisationKind.BUYER: (GrantAudience.ACTUAL_PARTNER, GrantAudience.PROSPECTIVE_PARTNER),
    OrganisationKind.VERIFIER: (GrantAudience.VERIFIER,),
    OrganisationKind.AUTHORITY: (GrantAudience.AUTHORITY,),
}
# How much each audience sees, to tell a narrowing from a widening.
_RANK = {
    GrantAudience.ACTUAL_PARTNER: 3,
    GrantAudience.VERIFIER: 3,
    GrantAudience.PROSPECTIVE_PARTNER: 2,
    GrantAudience.AUTHORITY: 1,
}

# The platform's fields as the producer reads them on its sharing page and access log.
FIELD_LABELS: Mapping[str, str] = {
    "producer.name": gettext_lazy("Name"),
    "producer.region": gettext_lazy("Region"),
    "producer.commodities": gettext_lazy("Minerals"),
    "producer.outcome": gettext_lazy("Outcome of the latest assessment"),
    "producer.passport_status": gettext_lazy("Passport status"),
    "titles": gettext_lazy("Mining titles and permits"),
    "sites.coordinates": gettext_lazy("Sites and their coordinates"),
    "production.figures": gettext_lazy("Production figures"),
    "assessment.answers": gettext_lazy("Assessment answers"),
    "assessment.findings": gettext_lazy("Findings and their actions"),
    "plans": gettext_lazy("Plans and their progress"),
    "members.personal": gettext_lazy("Members' personal data"),
    "units.names": gettext_lazy("Names of the cooperative's units"),
    "evidence.files": gettext_lazy("Evidence files"),
    "exclusions.reasons": gettext_lazy("Why units were excluded"),
}


# --- Checks ------------------------------------------------------------------------------------


def _own(actor: Actor, producer_uuid: object, *, role: str = Role.VIEWER, scope: str = READ) -> Producer:
    """The actor's own producer; NotFound for one it may not know, NotAllowed for one it may
    see but not manage."""
    require_scope(actor, scope)
    producer, access = producer_for(actor, uuid_or_not_found(producer_uuid))
    if access is not Access.OWN:
        raise NotAllowed(_("Only the producer's own people manage what it shares."))
    require_role(actor, role)
    return producer


def _asker(actor: Actor, producer_uuid: object) -> Producer:
    """A producer the actor's organisation may ask for access: one it may know, not its own, and
    the organisation a buyer, verifier or authority; the actor a member or more."""
    producer, access = producer_for(actor, uuid_or_not_found(producer_uuid))
    if access is Access.OWN:
        raise NotAllowed(_("A producer sees its own data; there is nothing to ask."))
    if actor.kind not in AUDIENCES_BY_KIND:
        raise NotAllowed(
            _("Access is given to buyers, verifiers and authorities; the producer authorises a facilitator instead.")
        )
    require_role(actor, Role.MEMBER)
    return producer


def _clean_terms(
    kind: str | None, audience: str, purposes: Iterable[str], until: dt.date | None, today: dt.date
) -> tuple[str, list[str]]:
    """Validated terms of a grant or a request: a ``ValidationError`` naming the field."""
    allowed = AUDIENCES_BY_KIND.get(kind or "", ())
    if not allowed:
        raise ValidationError(
            {
                "organisation": _(
                    "Access is given to buyers, verifiers and authorities; a facilitator is authorised instead."
                )
            }
        )
    if audience not in allowed:
        labels = ", ".join(str(GrantAudience(a).label) for a in allowed)
        raise ValidationError({"audience": _("This organisation may be given: %(labels)s.") % {"labels": labels}})
    chosen = sorted({str(p) for p in purposes})
    if not chosen:
        raise ValidationError({"purposes": _("Choose at least one purpose.")})
    unknown = [p for p in chosen if p not in GrantPurpose.values]
    if unknown:
        raise ValidationError({"purposes": _("Unknown purpose: %(p)s.") % {"p": ", ".join(unknown)}})
    if audience == GrantAudience.AUTHORITY and chosen != [GrantPurpose.STATISTICS]:
        raise ValidationError({"purposes": _("Authorities are given access for statistics only.")})
    if until is not None and until < today:
        raise ValidationError({"until": _("The end date is in the past; leave it empty for no end date.")})
    return audience, chosen


def _still_member(user: User | None, organisation_id: int) -> list[User]:
    """``[user]`` if it is still an active member of the organisation (the person who asked may
    have left it since)."""
    if user is None or not user.is_active:
        return []
    return [user] if Membership.objects.filter(user=user, organisation_id=organisation_id).exists() else []


def _managers(organisation_id: int) -> list[User]:
    rows = Membership.objects.filter(
        organisation_id=organisation_id, role__in=(Role.OWNER, Role.MANAGER), user__is_active=True
    ).select_related("user")
    return [m.user for m in rows.order_by("user_id")]


def _tell(
    users: Iterable[User], *, key: str, link: str, subject: str, body: Sequence[str], **values: str | Promise
) -> None:
    """Each person once, in their own language, after the change commits. ``subject`` and the
    sentences of ``body`` are messages marked with ``gettext_noop``, translated for each person."""
    people = list({user.pk: user for user in users}.values())

    def send() -> None:
        for user in people:
            with translation.override(language_of(user)):
                notify(
                    recipient=user,
                    key=key,
                    subject=capfirst(_(subject) % values),
                    body=" ".join(capfirst(_(sentence) % values) for sentence in body),
                    link=link,
                )

    transaction.on_commit(send)


def _date(day: dt.date | None) -> str | None:
    return day.isoformat() if day is not None else None


# --- Requests ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class RequestOptions:
    """What the request form offers the actor's organisation for this producer."""

    producer: Producer
    audiences: tuple[str, ...]
    purpose: str
    """The purpose an organisation of this kind usually looks for (checked on the form)."""
    pending: AccessRequest | None
    """Its request still waiting for the producer's answer, if any: it cannot send another."""


def request_options(*, actor: Actor, producer_uuid: object) -> RequestOptions:
    """What the actor's organisation may ask the producer for (the request page); NotFound for a
    producer it may not know, NotAllowed for one it may not ask (see ``_asker``)."""
    producer = _asker(actor, producer_uuid)
    assert actor.organisation is not None  # producer_for gives NotFound without one
    assert actor.kind is not None
    pending = AccessRequest.objects.filter(
        producer=producer, organisation=actor.organisation, status=AccessRequest.Status.PENDING
    ).first()
    return RequestOptions(
        producer=producer,
        audiences=AUDIENCES_BY_KIND[actor.kind],
        purpose=DEFAULT_PURPOSE[OrganisationKind(actor.kind)].value,
        pending=pending,
    )


def request_access(
    *,
    actor: Actor,
    producer_uuid: object,
    message: str,
    audience: str | None = None,
    purposes: Sequence[str] | None = None,
    until: dt.date | None = None,
) -> AccessRequest:
    """Ask the producer for access, with a message. ``audience`` and ``purposes`` default to what
    an organisation of the actor's kind usually asks (a buyer: actual partner, for due
    diligence). One pending request per organisation and producer."""
    require_scope(actor, WRITE)
    options = request_options(actor=actor, producer_uuid=producer_uuid)
    producer = options.producer
    assert actor.organisation is not None
    message = message.strip()
    if not message:
        raise ValidationError({"message": _("Say who you are and why you ask: the producer decides on it.")})
    chosen_audience, chosen = _clean_terms(
        actor.kind,
        audience or options.audiences[0],
        [options.purpose] if purposes is None else purposes,
        until,
        local_today(producer),
    )
    already = _("Your organisation already has a request waiting for this producer's answer.")
    if options.pending is not None:
        raise ValidationError(already)
    try:
        with transaction.atomic():
            row = AccessRequest.objects.create(
                producer=producer,
                organisation=actor.organisation,
                requested_by=person_behind(actor),
                audience=chosen_audience,
                purposes=chosen,
                until=until,
                message=message[:2000],
            )
            record(
                actor=actor,
                action="sharing.request",
                object_type="access_request",
                object_id=row.uuid,
                producer=producer.uuid,
                detail={"audience": chosen_audience, "purposes": chosen, "until": _date(until)},
            )
    except IntegrityError:  # another request was sent at the same moment
        raise ValidationError(already) from None
    _tell(
        _managers(producer.organisation_id),
        key=f"sharing.request.{row.uuid}",
        link=reverse("sharing:producer", kwargs={"producer_uuid": producer.uuid}),
        subject=gettext_noop("%(org)s asks to see your data"),
        body=[gettext_noop("%(org)s asks for access to your data on the platform. Their message: %(message)s")],
        org=actor.organisation.name,
        message=row.message[:300],
    )
    return row


def request_to_answer(*, actor: Actor, request_uuid: object) -> AccessRequest:
    """A request to the actor's producer, which the actor may answer (owner or manager)."""
    require_scope(actor, WRITE)
    row = (
        AccessRequest.objects.select_related("producer__organisation", "organisation")
        .filter(uuid=uuid_or_not_found(request_uuid))
        .first()
    )
    if row is None or not _party(actor, row.producer.organisation_id, row.organisation_id):
        raise NotFound(_("No such request."))
    _own(actor, row.producer.uuid, role=Role.MANAGER, scope=WRITE)
    return row


def _party(actor: Actor, *organisation_ids: int) -> bool:
    """Whether the actor's organisation is one of those a request or grant is between: only they
    may know it exists (403 for the side that may not act on it, 404 for everyone else)."""
    return actor.organisation is not None and actor.organisation.pk in organisation_ids


@dataclass(frozen=True)
class Answer:
    request: AccessRequest
    grant: Grant | None


DECISIONS = ("accept", "narrow", "decline")


def answer_request(
    *,
    actor: Actor,
    request_uuid: object,
    decision: str,
    audience: str | None = None,
    purposes: Sequence[str] | None = None,
    until: dt.date | None = None,
    answer: str = "",
) -> Answer:
    """Accept a request as asked (``decision="accept"``), accept it with less access
    (``"narrow"``: a lower audience, fewer purposes, an earlier end; each left out stays as
    asked) or decline it (``"decline"``). The requester is told."""
    require_scope(actor, WRITE)
    with transaction.atomic():
        row = request_to_answer(actor=actor, request_uuid=request_uuid)
        if decision not in DECISIONS:
            raise ValidationError({"decision": _("Choose accept, narrow or decline.")})
        row = (
            AccessRequest.objects.select_for_update()
            .select_related("producer__organisation", "organisation")
            .get(pk=row.pk)
        )
        if row.status != AccessRequest.Status.PENDING:
            raise ValidationError(_("This request was already answered or withdrawn."))
        today = local_today(row.producer)
        grant = None
        if decision == "decline":
            row.status = AccessRequest.Status.DECLINED
        else:
            terms = (row.audience, list(row.purposes), row.until)
            if decision == "narrow":
                terms = _narrowed(row, audience, purposes, until)
            chosen_audience, chosen = _clean_terms(row.organisation.kind, terms[0], terms[1], terms[2], today)
            narrowed = (chosen_audience, chosen, terms[2]) != (row.audience, sorted(row.purposes), row.until)
            row.status = AccessRequest.Status.NARROWED if narrowed else AccessRequest.Status.ACCEPTED
            grant = Grant.objects.create(
                producer=row.producer,
                organisation=row.organisation,
                audience=chosen_audience,
                purposes=chosen,
                granted_on=today,
                until=terms[2],
                granted_by=person_behind(actor),
                request=row,
            )
        row.answered_by = person_behind(actor)
        row.answered_at = timezone.now()
        row.answer = answer.strip()[:2000]
        row.save(update_fields=["status", "answered_by", "answered_at", "answer"])
        record(
            actor=actor,
            action=f"sharing.request.{row.status}",
            object_type="access_request",
            object_id=row.uuid,
            producer=row.producer.uuid,
            detail={"grant": str(grant.uuid) if grant else None},
        )
    subject = {
        AccessRequest.Status.ACCEPTED: gettext_noop("%(producer)s accepted your request for access"),
        AccessRequest.Status.NARROWED: gettext_noop("%(producer)s accepted your request with less access"),
        AccessRequest.Status.DECLINED: gettext_noop("%(producer)s declined your request for access"),
    }[AccessRequest.Status(row.status)]
    body = {
        AccessRequest.Status.ACCEPTED: gettext_noop(
            "%(producer)s accepted your request: you may now see what it shares."
        ),
        AccessRequest.Status.NARROWED: gettext_noop(
            "%(producer)s accepted your request with less access than you asked for: see the terms on the platform."
        ),
        AccessRequest.Status.DECLINED: gettext_noop("%(producer)s declined your request for access."),
    }[AccessRequest.Status(row.status)]
    _tell(
        _managers(row.organisation_id) + _still_member(row.requested_by, row.organisation_id),
        key=f"sharing.answer.{row.uuid}",
        link=reverse("sharing:mine"),
        subject=subject,
        body=[body, gettext_noop("Their answer: %(answer)s")] if row.answer else [body],
        producer=row.producer.organisation.name,
        answer=row.answer[:300],
    )
    return Answer(row, grant)


def narrower_audiences(row: AccessRequest) -> list[str]:
    """The audiences a request may be narrowed to: those its organisation may be given that see
    no more than the one asked for."""
    asked = _RANK[GrantAudience(row.audience)]
    return [a for a in AUDIENCES_BY_KIND.get(row.organisation.kind, ()) if _RANK[GrantAudience(a)] <= asked]


def _narrowed(
    row: AccessRequest, audience: str | None, purposes: Sequence[str] | None, until: dt.date | None
) -> tuple[str, list[str], dt.date | None]:
    """Narrowing never gives more than was asked: an audience that sees no more, purposes among
    those asked, an end no later than the one asked. What is left out (None) stays as asked."""
    audience = audience or row.audience
    if audience not in GrantAudience.values or _RANK[GrantAudience(audience)] > _RANK[GrantAudience(row.audience)]:
        raise ValidationError({"audience": _("Narrowing gives less access than was asked, never more.")})
    chosen = list(row.purposes) if purposes is None else list(purposes)
    if not set(chosen) <= set(row.purposes):
        raise ValidationError({"purposes": _("Narrowing keeps some of the purposes asked for, and adds none.")})
    until = until if until is not None else row.until
    if row.until is not None and until is not None and until > row.until:
        raise ValidationError(
            {"until": _("Narrowing ends the access on or before %(day)s, as asked.") % {"day": row.until.isoformat()}}
        )
    return audience, chosen, until


def withdraw_request(*, actor: Actor, request_uuid: object) -> AccessRequest:
    """The requesting organisation takes back its pending request."""
    require_scope(actor, WRITE)
    row = (
        AccessRequest.objects.select_related("producer__organisation", "organisation")
        .filter(uuid=uuid_or_not_found(request_uuid))
        .first()
    )
    if row is None or actor.organisation is None:
        raise NotFound(_("No such request."))
    if row.producer.organisation_id == actor.organisation.pk:
        raise NotAllowed(_("Only the organisation that asked may withdraw its request; answer it instead."))
    if row.organisation_id != actor.organisation.pk:
        raise NotFound(_("No such request."))
    require_role(actor, Role.MEMBER)
    with transaction.atomic():
        updated = AccessRequest.objects.filter(pk=row.pk, status=AccessRequest.Status.PENDING).update(
            status=AccessRequest.Status.WITHDRAWN, answered_at=timezone.now()
        )
        if not updated:
            raise ValidationError(_("This request was already answered or withdrawn."))
        record(
            actor=actor,
            action="sharing.request.withdrawn",
            object_type="access_request",
            object_id=row.uuid,
            producer=row.producer.uuid,
        )
    row.refresh_from_db()
    _tell(
        _managers(row.producer.organisation_id),
        key=f"sharing.withdrawn.{row.uuid}",
        link=reverse("sharing:producer", kwargs={"producer_uuid": row.producer.uuid}),
        subject=gettext_noop("%(org)s withdrew its request for access"),
        body=[gettext_noop("%(org)s withdrew its request for access to your data; there is nothing to answer.")],
        org=row.organisation.name,
    )
    return row


# --- Grants ------------------------------------------------------------------------------------


def grant_choices() -> list[Organisation]:
    """The organisations a producer may give access to, by name: buyers, verifiers, authorities."""
    return list(Organisation.objects.filter(kind__in=list(AUDIENCES_BY_KIND)).order_by("name", "id"))


def grant_access(
    *,
    actor: Actor,
    producer_uuid: object,
    organisation_uuid: object,
    audience: str,
    purposes: Sequence[str],
    until: dt.date | None = None,
) -> Grant:
    """The producer gives an organisation access without being asked."""
    producer = _own(actor, producer_uuid, role=Role.MANAGER, scope=WRITE)
    try:
        wanted = uuid_or_not_found(organisation_uuid)
    except NotFound:
        wanted = None
    organisation = Organisation.objects.filter(uuid=wanted).first() if wanted else None
    if organisation is None or organisation.pk == producer.organisation_id:
        raise ValidationError({"organisation": _("Choose another organisation registered on the platform.")})
    today = local_today(producer)
    audience, chosen = _clean_terms(organisation.kind, audience, purposes, until, today)
    with transaction.atomic():
        grant = Grant.objects.create(
            producer=producer,
            organisation=organisation,
            audience=audience,
            purposes=chosen,
            granted_on=today,
            until=until,
            granted_by=person_behind(actor),
        )
        record(
            actor=actor,
            action="sharing.grant",
            object_type="grant",
            object_id=grant.uuid,
            producer=producer.uuid,
            detail={
                "organisation": str(organisation.uuid),
                "audience": audience,
                "purposes": chosen,
                "until": _date(until),
            },
        )
    _tell(
        _managers(organisation.pk),
        key=f"sharing.grant.{grant.uuid}",
        link=reverse("sharing:mine"),
        subject=gettext_noop("%(producer)s shared its data with you"),
        body=[gettext_noop("%(producer)s gave your organisation access to its data on the platform.")],
        producer=producer.organisation.name,
    )
    return grant


def grant_to_revoke(*, actor: Actor, grant_uuid: object) -> Grant:
    """A grant of the actor's producer, which the actor may revoke (owner or manager)."""
    require_scope(actor, WRITE)
    grant = (
        Grant.objects.select_related("producer__organisation", "organisation")
        .filter(uuid=uuid_or_not_found(grant_uuid))
        .first()
    )
    if grant is None or not _party(actor, grant.producer.organisation_id, grant.organisation_id):
        raise NotFound(_("No such grant."))
    _own(actor, grant.producer.uuid, role=Role.MANAGER, scope=WRITE)
    return grant


def revoke_grant(*, actor: Actor, grant_uuid: object) -> Grant:
    """End a grant at once: from today, the organisation sees what the public sees."""
    grant = grant_to_revoke(actor=actor, grant_uuid=grant_uuid)
    producer = grant.producer
    today = local_today(producer)
    with transaction.atomic():
        # A grant that has not started yet is revoked on its first day: it never starts.
        updated = Grant.objects.filter(pk=grant.pk, revoked_on__isnull=True).update(
            revoked_on=max(today, grant.granted_on), revoked_by=person_behind(actor)
        )
        if not updated:
            raise ValidationError(_("This grant was already revoked."))
        record(actor=actor, action="sharing.revoke", object_type="grant", object_id=grant.uuid, producer=producer.uuid)
    grant.refresh_from_db()
    _tell(
        _managers(grant.organisation_id),
        key=f"sharing.revoke.{grant.uuid}",
        link=reverse("sharing:mine"),
        subject=gettext_noop("%(producer)s stopped sharing its data with you"),
        body=[gettext_noop("%(producer)s revoked your organisation's access to its data on the platform.")],
        producer=producer.organisation.name,
    )
    return grant


# --- Fields and the directory --------------------------------------------------------------------

_STRICTNESS = {Sensitivity.PUBLIC: 0, Sensitivity.PARTNERS: 1, Sensitivity.CONFIDENTIAL: 2}


def field_choices(key: str) -> list[str]:
    """The sensitivities a producer may choose for ``key``: its default and each stricter one; only
    the default for a field it cannot tighten (``FIXED_FIELDS``: its name)."""
    default = Sensitivity(PLATFORM_FIELDS[key].sensitivity.value)
    if key in FIXED_FIELDS:
        return [default.value]
    return sorted((s.value for s in Sensitivity if _STRICTNESS[s] >= _STRICTNESS[default]), key=_strictness)


def _strictness(value: str) -> int:
    return _STRICTNESS[Sensitivity(value)]


def set_field(*, actor: Actor, producer_uuid: object, key: str, sensitivity: str) -> FieldSetting | None:
    """Make one of the platform's fields stricter than its default, or back to the default
    (``sensitivity`` equal to it). Asking for a looser one than the default is refused, naming
    the field; personal data is confidential and stays so."""
    producer = _own(actor, producer_uuid, role=Role.MANAGER, scope=WRITE)
    if key not in PLATFORM_FIELDS:
        raise ValidationError({"key": _("Unknown field: %(key)s.") % {"key": key}})
    if sensitivity not in Sensitivity.values:
        raise ValidationError({"sensitivity": _("Choose confidential, partners or public.")})
    default = PLATFORM_FIELDS[key]
    if key in FIXED_FIELDS and sensitivity != default.sensitivity.value:
        raise ValidationError(
            {
                "sensitivity": _(
                    "Your name stays visible to those who may know you; to keep it from strangers, "
                    "stay out of the public directory."
                )
            }
        )
    if tightened(default, sensitivity).sensitivity.value != sensitivity:
        raise ValidationError(
            {
                "sensitivity": _("%(field)s cannot be looser than its default (%(default)s).")
                % {"field": FIELD_LABELS[key], "default": Sensitivity(default.sensitivity.value).label}
            }
        )
    with transaction.atomic():
        if sensitivity == default.sensitivity.value:
            FieldSetting.objects.filter(producer=producer, key=key).delete()
            row = None
        else:
            row, _created = FieldSetting.objects.update_or_create(
                producer=producer,
                key=key,
                defaults={"sensitivity": sensitivity, "changed_by": person_behind(actor), "changed_at": timezone.now()},
            )
        record(
            actor=actor,
            action="sharing.field",
            object_type="producer",
            object_id=producer.uuid,
            producer=producer.uuid,
            detail={"key": key, "sensitivity": sensitivity},
        )
    return row


def set_listed(*, actor: Actor, producer_uuid: object, listed: bool) -> bool:
    """Opt in to the public directory (name, region, commodities, outcome, passport status), or out."""
    producer = _own(actor, producer_uuid, role=Role.MANAGER, scope=WRITE)
    with transaction.atomic():
        if listed:
            DirectoryListing.objects.get_or_create(producer=producer, defaults={"listed_by": person_behind(actor)})
        else:
            DirectoryListing.objects.filter(producer=producer).delete()
        record(
            actor=actor,
            action="sharing.listed" if listed else "sharing.unlisted",
            object_type="producer",
            object_id=producer.uuid,
            producer=producer.uuid,
        )
    return listed


# --- Reading -------------------------------------------------------------------------------------


def grant_state(grant: Grant, day: dt.date) -> str:
    """``active``, ``upcoming`` (starts later), ``ended`` (its end date passed) or ``revoked``."""
    if grant.revoked_on is not None and grant.revoked_on <= max(day, grant.granted_on):
        return "revoked"
    if day < grant.granted_on:
        return "upcoming"
    if grant.until is not None and grant.until < day:
        return "ended"
    return "active"


_STATE_ORDER = {"active": 0, "upcoming": 1, "ended": 2, "revoked": 2}


def _by_state(grants: Iterable[Grant], day: dt.date) -> list[Grant]:
    """Active grants first, then those that start later, then ended and revoked ones; newest
    first within each (sorted here: NULLs sort differently on SQLite and PostgreSQL)."""
    newest = sorted(grants, key=lambda g: (g.granted_at, g.pk), reverse=True)
    return sorted(newest, key=lambda g: _STATE_ORDER[grant_state(g, day)])


@dataclass(frozen=True)
class SharingOverview:
    producer: Producer
    can_manage: bool
    today: dt.date
    grants: list[Grant]
    """Active first, then starting later, then ended or revoked."""
    requests: list[AccessRequest]
    """Every pending request, then the latest answered ones."""
    settings: dict[str, str]
    listed: bool


def sharing_overview(*, actor: Actor, producer_uuid: object) -> SharingOverview:
    """The producer's sharing page: its grants (active first), requests (pending first), field
    settings and directory listing."""
    producer = _own(actor, producer_uuid)
    today = local_today(producer)
    grants = Grant.objects.filter(producer=producer).select_related("producer__organisation", "organisation", "request")
    requests = AccessRequest.objects.filter(producer=producer).select_related(
        "producer__organisation", "organisation", "requested_by"
    )
    pending = list(requests.filter(status=AccessRequest.Status.PENDING).order_by("created_at", "id"))
    answered = list(
        requests.exclude(status=AccessRequest.Status.PENDING).order_by("-created_at", "-id")[:ANSWERED_SHOWN]
    )
    return SharingOverview(
        producer=producer,
        can_manage=actor.has_role(Role.MANAGER) and actor.has_scope(WRITE),
        today=today,
        grants=_by_state(grants, today),
        requests=pending + answered,
        settings=dict(FieldSetting.objects.filter(producer=producer).values_list("key", "sensitivity")),
        listed=DirectoryListing.objects.filter(producer=producer).exists(),
    )


def effective_sensitivity(key: str, settings: Mapping[str, str]) -> str:
    """The sensitivity the policy applies to ``key`` given the producer's settings."""
    return tightened(PLATFORM_FIELDS[key], settings.get(key)).sensitivity.value


@dataclass(frozen=True)
class Held:
    """What an organisation asked for and was given."""

    requests: list[AccessRequest]
    grants: list[Grant]


def held_by(*, actor: Actor) -> Held:
    """The actor's organisation's requests (newest first) and grants (active first): two queries
    whatever their number."""
    require_scope(actor, READ)
    if actor.organisation is None:
        raise NotAllowed(_("Act for an organisation to ask producers for access."))
    org = actor.organisation
    requests = AccessRequest.objects.filter(organisation=org).select_related(
        "producer__organisation", "organisation", "requested_by"
    )
    grants = Grant.objects.filter(organisation=org).select_related("producer__organisation", "organisation", "request")
    asked = list(requests.order_by("-created_at", "-id")[:200])
    newest = list(grants.order_by("-granted_at", "-id")[:200])
    return Held(
        requests=asked,
        grants=sorted(newest, key=lambda g: _STATE_ORDER[grant_state(g, local_today(g.producer))]),
    )


def audience_label(value: str | None) -> str:
    if not value:
        return ""
    if value in GrantAudience.values:
        return str(GrantAudience(value).label)
    return {
        Audience.PRODUCER.value: _("The producer"),
        Audience.FACILITATOR.value: _("Facilitator"),
        Audience.PUBLIC.value: _("Public"),
    }.get(value, value)


def purpose_label(value: str | None) -> str:
    if not value:
        return ""
    return str(GrantPurpose(value).label) if value in GrantPurpose.values else value


def preview_choices(producer: Producer) -> list[Organisation]:
    """The organisations that hold or held a grant of the producer, by name: whom it may preview
    its pages as (besides the public)."""
    held = Grant.objects.filter(producer=producer).values("organisation_id")
    return list(Organisation.objects.filter(pk__in=held).order_by("name", "id"))
