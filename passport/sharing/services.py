"""Sharing use cases: ask for access, answer a request (accept, narrow, decline), grant and revoke,
tighten fields, opt in to the directory, read the access log.

Who may do what (docs/sharing.md):

- the producer's own people read its sharing page and access log (any role); its owners and
  managers grant, answer, revoke, tighten and list;
- an organisation that may know the producer (``Access.KNOWN`` or ``ASSESSOR``: listed in the
  directory, authorised, or already in touch) and is a buyer, verifier or authority asks for
  access (role ≥ member) and may withdraw its own pending request;
- anyone else gets ``NotFound``, never ``NotAllowed``, so guessing uuids reveals nothing.

Dates are the producer's local day (``local_today``): a grant starts today and a revocation
takes effect today (the policy shows nothing from the day of revocation). Every change writes an
audit entry and tells the other side (in-app and by e-mail, in each person's language).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone, translation
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
from passport.accounts.models import Membership, Organisation, OrganisationKind, Role, User
from passport.audit.models import AuditEntry
from passport.audit.services import VIEW_CONFIDENTIAL, record
from passport.engine import PLATFORM_FIELDS, Audience, tightened
from passport.notifications.services import language_of, notify
from passport.producers.access import Access, producer_for
from passport.producers.clock import local_today
from passport.producers.models import Producer

from .models import AccessRequest, DirectoryListing, FieldSetting, Grant, GrantAudience, GrantPurpose, Sensitivity

READ = "sharing:read"
WRITE = "sharing:write"
LOG_PAGE = 100

# Which audiences an organisation of each kind may ask for or be given. A facilitator is
# authorised as an assessor instead (it then sees what the producer sees); a producer, a steward
# or another kind gets no grant.
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


def _managers(organisation_id: int) -> list[User]:
    rows = Membership.objects.filter(
        organisation_id=organisation_id, role__in=(Role.OWNER, Role.MANAGER), user__is_active=True
    ).select_related("user")
    return [m.user for m in rows.order_by("user_id")]


def _tell(users: Iterable[User], *, key: str, link: str, subject: str, body: str, **values: str) -> None:
    """Each person in their own language, after the change commits."""

    def send() -> None:
        for user in users:
            with translation.override(language_of(user)):
                notify(recipient=user, key=key, subject=_(subject) % values, body=_(body) % values, link=link)

    transaction.on_commit(send)


# --- Requests ----------------------------------------------------------------------------------


def request_access(
    *,
    actor: Actor,
    producer_uuid: object,
    audience: str,
    purposes: Sequence[str],
    message: str,
    until: dt.date | None = None,
) -> AccessRequest:
    """Ask the producer for access, with a message. One pending request per organisation."""
    require_scope(actor, WRITE)
    producer, access = producer_for(actor, uuid_or_not_found(producer_uuid))
    if access is Access.OWN:
        raise NotAllowed(_("A producer sees its own data; there is nothing to ask."))
    require_role(actor, Role.MEMBER)
    assert actor.organisation is not None  # producer_for gives NotFound without one
    message = message.strip()
    if not message:
        raise ValidationError({"message": _("Say who you are and why you ask: the producer decides on it.")})
    audience, chosen = _clean_terms(actor.kind, audience, purposes, until, local_today(producer))
    try:
        with transaction.atomic():
            row = AccessRequest.objects.create(
                producer=producer,
                organisation=actor.organisation,
                requested_by=person_behind(actor),
                audience=audience,
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
                detail={"audience": audience, "purposes": chosen, "until": until.isoformat() if until else None},
            )
    except IntegrityError:
        raise ValidationError(
            {"message": _("Your organisation already has a request waiting for this producer's answer.")}
        ) from None
    _tell(
        _managers(producer.organisation_id),
        key=f"sharing.request.{row.uuid}",
        link=reverse("sharing:producer", kwargs={"producer_uuid": producer.uuid}),
        subject="%(org)s asks to see your data",
        body="%(org)s asks for access to your data on the platform. Their message: %(message)s",
        org=actor.organisation.name,
        message=row.message[:300],
    )
    return row


def _request_of_producer(actor: Actor, request_uuid: object) -> AccessRequest:
    row = (
        AccessRequest.objects.select_related("producer__organisation", "organisation")
        .filter(uuid=uuid_or_not_found(request_uuid))
        .first()
    )
    if row is None:
        raise NotFound(_("No such request."))
    _own(actor, row.producer.uuid, role=Role.MANAGER, scope=WRITE)
    return row


@dataclass(frozen=True)
class Answer:
    request: AccessRequest
    grant: Grant | None


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
    (``"narrow"``: a lower audience, fewer purposes, an earlier end) or decline it
    (``"decline"``). The requester is told."""
    if decision not in ("accept", "narrow", "decline"):
        raise ValidationError({"decision": _("Choose accept, narrow or decline.")})
    with transaction.atomic():
        row = _request_of_producer(actor, request_uuid)
        row = (
            AccessRequest.objects.select_for_update()
            .select_related("producer__organisation", "organisation")
            .get(pk=row.pk)
        )
        if row.status != AccessRequest.Status.PENDING:
            raise NotAllowed(_("This request was already answered."))
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
        AccessRequest.Status.ACCEPTED: "%(producer)s accepted your request for access",
        AccessRequest.Status.NARROWED: "%(producer)s accepted your request with less access",
        AccessRequest.Status.DECLINED: "%(producer)s declined your request for access",
    }[AccessRequest.Status(row.status)]
    _tell(
        _managers(row.organisation_id) + ([row.requested_by] if row.requested_by else []),
        key=f"sharing.answer.{row.uuid}",
        link=reverse("sharing:mine"),
        subject=subject,
        body=subject + ". %(answer)s",
        producer=row.producer.organisation.name,
        answer=row.answer,
    )
    return Answer(row, grant)


def _narrowed(
    row: AccessRequest, audience: str | None, purposes: Sequence[str] | None, until: dt.date | None
) -> tuple[str, list[str], dt.date | None]:
    """Narrowing never gives more than was asked: an audience that sees no more, purposes among
    those asked, an end no later than the one asked."""
    audience = audience or row.audience
    if audience not in GrantAudience.values or _RANK[GrantAudience(audience)] > _RANK[GrantAudience(row.audience)]:
        raise ValidationError({"audience": _("Narrowing gives less access than was asked, never more.")})
    chosen = list(purposes) if purposes is not None else list(row.purposes)
    if not set(chosen) <= set(row.purposes):
        raise ValidationError({"purposes": _("Narrowing keeps some of the purposes asked for, and adds none.")})
    if row.until is not None and (until is None or until > row.until):
        raise ValidationError(
            {"until": _("Narrowing ends the access on or before %(day)s, as asked.") % {"day": row.until}}
        )
    return audience, chosen, until


def withdraw_request(*, actor: Actor, request_uuid: object) -> AccessRequest:
    """The requesting organisation takes back its pending request."""
    require_scope(actor, WRITE)
    row = AccessRequest.objects.select_related("producer").filter(uuid=uuid_or_not_found(request_uuid)).first()
    if row is None or actor.organisation is None or row.organisation_id != actor.organisation.pk:
        raise NotFound(_("No such request."))
    require_role(actor, Role.MEMBER)
    with transaction.atomic():
        updated = AccessRequest.objects.filter(pk=row.pk, status=AccessRequest.Status.PENDING).update(
            status=AccessRequest.Status.WITHDRAWN, answered_at=timezone.now()
        )
        if not updated:
            raise NotAllowed(_("This request was already answered."))
        record(
            actor=actor,
            action="sharing.request.withdrawn",
            object_type="access_request",
            object_id=row.uuid,
            producer=row.producer.uuid,
        )
    row.refresh_from_db()
    return row


# --- Grants ------------------------------------------------------------------------------------


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
    organisation = Organisation.objects.filter(uuid=uuid_or_not_found(organisation_uuid)).first()
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
            detail={"organisation": str(organisation.uuid), "audience": audience, "purposes": chosen},
        )
    _tell(
        _managers(organisation.pk),
        key=f"sharing.grant.{grant.uuid}",
        link=reverse("sharing:mine"),
        subject="%(producer)s shared its data with you",
        body="%(producer)s gave your organisation access to its data on the platform.",
        producer=producer.organisation.name,
    )
    return grant


def revoke_grant(*, actor: Actor, grant_uuid: object) -> Grant:
    """End a grant at once: from today, the organisation sees what the public sees."""
    require_scope(actor, WRITE)
    grant = (
        Grant.objects.select_related("producer__organisation", "organisation")
        .filter(uuid=uuid_or_not_found(grant_uuid))
        .first()
    )
    if grant is None:
        raise NotFound(_("No such grant."))
    producer = _own(actor, grant.producer.uuid, role=Role.MANAGER, scope=WRITE)
    today = local_today(producer)
    with transaction.atomic():
        updated = Grant.objects.filter(pk=grant.pk, revoked_on__isnull=True).update(
            revoked_on=max(today, grant.granted_on), revoked_by=person_behind(actor)
        )
        if not updated:
            raise NotAllowed(_("This grant was already revoked."))
        record(actor=actor, action="sharing.revoke", object_type="grant", object_id=grant.uuid, producer=producer.uuid)
    grant.refresh_from_db()
    _tell(
        _managers(grant.organisation_id),
        key=f"sharing.revoke.{grant.uuid}",
        link=reverse("sharing:mine"),
        subject="%(producer)s stopped sharing its data with you",
        body="%(producer)s revoked your organisation's access to its data on the platform.",
        producer=producer.organisation.name,
    )
    return grant


# --- Fields and the directory --------------------------------------------------------------------


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
    if tightened(default, sensitivity).sensitivity.value != sensitivity:
        raise ValidationError(
            {
                "sensitivity": _("%(field)s cannot be looser than its default (%(default)s).")
                % {"field": key, "default": Sensitivity(default.sensitivity.value).label}
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


@dataclass(frozen=True)
class SharingOverview:
    producer: Producer
    can_manage: bool
    today: dt.date
    grants: list[Grant]
    requests: list[AccessRequest]
    settings: dict[str, str]
    listed: bool


def sharing_overview(*, actor: Actor, producer_uuid: object) -> SharingOverview:
    """The producer's sharing page: its grants (active first), requests (pending first), field
    settings and directory listing."""
    producer = _own(actor, producer_uuid)
    grants = list(
        Grant.objects.filter(producer=producer)
        .select_related("organisation")
        .order_by("revoked_on", "-granted_at", "id")
    )
    requests = list(
        AccessRequest.objects.filter(producer=producer)
        .select_related("organisation")
        .order_by("-created_at", "id")[:100]
    )
    requests.sort(key=lambda r: r.status != AccessRequest.Status.PENDING)
    return SharingOverview(
        producer=producer,
        can_manage=actor.has_role(Role.MANAGER) and actor.has_scope(WRITE),
        today=local_today(producer),
        grants=grants,
        requests=requests,
        settings=dict(FieldSetting.objects.filter(producer=producer).values_list("key", "sensitivity")),
        listed=DirectoryListing.objects.filter(producer=producer).exists(),
    )


def is_active(grant: Grant, day: dt.date) -> bool:
    return (
        grant.granted_on <= day
        and (grant.until is None or day <= grant.until)
        and (grant.revoked_on is None or day < grant.revoked_on)
    )


@dataclass(frozen=True)
class Held:
    """What an organisation asked for and was given."""

    requests: list[AccessRequest]
    grants: list[Grant]


def held_by(*, actor: Actor) -> Held:
    """The actor's organisation's requests and grants, newest first."""
    require_scope(actor, READ)
    if actor.organisation is None:
        raise NotAllowed(_("Act for an organisation to ask producers for access."))
    org = actor.organisation
    return Held(
        requests=list(AccessRequest.objects.filter(organisation=org).select_related("producer__organisation")[:200]),
        grants=list(Grant.objects.filter(organisation=org).select_related("producer__organisation")[:200]),
    )


@dataclass(frozen=True)
class LogEntry:
    at: dt.datetime
    who: str
    organisation: str
    what: list[str]
    object_type: str
    object_id: str
    audience: str | None
    purpose: str | None
    grant: str | None


def access_log(
    *, actor: Actor, producer_uuid: object, before: int | None = None
) -> tuple[Producer, list[LogEntry], int | None]:
    """Who outside the producer saw its data that is not public, newest first, a page at a time
    (``before``: the id to continue from). Returns the next page's ``before`` (None at the end)."""
    producer = _own(actor, producer_uuid)
    rows = AuditEntry.objects.filter(producer=producer.uuid, action=VIEW_CONFIDENTIAL).order_by("-id")
    if before is not None:
        rows = rows.filter(id__lt=before)
    page = list(rows[: LOG_PAGE + 1])
    names = dict(
        Organisation.objects.filter(uuid__in={r.organisation for r in page if r.organisation}).values_list(
            "uuid", "name"
        )
    )
    entries = [
        LogEntry(
            at=r.at,
            who=r.actor_label,
            organisation=names.get(r.organisation, "") if r.organisation else "",
            what=_what(r.detail),
            object_type=r.object_type,
            object_id=r.object_id,
            audience=r.detail.get("audience"),
            purpose=r.detail.get("purpose"),
            grant=r.detail.get("grant"),
        )
        for r in page[:LOG_PAGE]
    ]
    more = page[LOG_PAGE - 1].id if len(page) > LOG_PAGE else None
    return producer, entries, more


def _what(detail: dict[str, object]) -> list[str]:
    """Older entries name one thing as text; newer ones list the fields shown."""
    value = detail.get("what")
    if isinstance(value, str):
        return [value]
    return [str(v) for v in value] if isinstance(value, list) else []


def directory(*, country: str = "", commodity: str = "", q: str = "") -> QuerySet[Producer]:
    """Producers listed in the public directory, by name; anyone may read it (public fields only)."""
    rows = (
        Producer.objects.filter(listing__isnull=False)
        .select_related("organisation")
        .order_by("organisation__name", "id")
    )
    if country:
        rows = rows.filter(country=country.upper()[:2])
    if commodity:
        quoted = f'"{commodity[:30]}"'  # a whole value of the JSON list, on either database
        rows = (
            rows.filter(commodities__contains=[commodity])
            if _json_contains()
            else rows.filter(commodities__icontains=quoted)
        )
    if q:
        rows = rows.filter(organisation__name__icontains=q[:100])
    return rows


def _json_contains() -> bool:
    return connection.vendor == "postgresql"


def audience_label(value: str | None) -> str:
    if not value:
        return ""
    if value in GrantAudience.values:
        return str(GrantAudience(value).label)
    return {Audience.FACILITATOR.value: _("Facilitator"), Audience.PUBLIC.value: _("Public")}.get(value, value)
