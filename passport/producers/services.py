"""Producer registry use cases: profile, titles, sites, members, committees and assessors.

Who may do what (docs/registry.md):

- opening a producer needs ``producer_for``: its own people, an organisation it authorised to
  assess it, or one that knows it (``Access.KNOWN``: it holds or held a grant, asked for access,
  or the producer is in the public directory); anyone else gets ``NotFound``;
- what a reader *sees* is its lens's (``passport.sharing.policy.lens_for``), field by field
  (``fields.py`` names the field each piece falls under): a withheld value is ``None`` in the
  result and shown as withheld with the reason. A child record (a site, a title, a member) is
  ``NotFound`` to a reader whose lens withholds that kind of record;
- every read that shows data that is not public to someone outside the producer writes one
  access-log entry (``lens.log``);
- changing sites, members and committees needs the producer's own people with role ≥ member;
  the profile, titles and authorisations need owner or manager.

API tokens additionally need the ``producers:read`` / ``producers:write`` scope.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import replace
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from passport.accounts.access import (
    Actor,
    NotAllowed,
    NotFound,
    require_organisation,
    require_role,
    require_scope,
    uuid_or_not_found,
)
from passport.accounts.models import Organisation, OrganisationKind, Role
from passport.audit.services import record
from passport.engine import NOT_ELIGIBLE
from passport.sharing.models import DirectoryListing
from passport.sharing.policy import Lens, lens_for, preview_lens

from . import validation as check
from .access import Access, access_to, producer_for
from .fields import FINDINGS, PERSONAL, PROFILE, PUBLIC_KEYS, SITES, TITLES
from .models import (
    AgeBand,
    AssessorAuthorisation,
    Commodity,
    Gender,
    IndividualSubtype,
    LegalStatus,
    Member,
    MemberRole,
    Method,
    Producer,
    ProducerType,
    Site,
    Title,
    TitleKind,
)
from .records import (
    AuthorisationList,
    MemberCounts,
    MemberDetails,
    MemberList,
    Permissions,
    Preview,
    ProducerOverview,
    ProducerProfile,
    SiteDetails,
    SiteList,
    SiteOverview,
    StandingBanner,
    TitleDetails,
    TitleList,
)

READ = "producers:read"
WRITE = "producers:write"
PRODUCERS_PER_PAGE = 50
MEMBERS_PER_PAGE = 100
ASSESSOR_KINDS = (OrganisationKind.FACILITATOR, OrganisationKind.BUYER, OrganisationKind.VERIFIER)
# Organisations that may ask a producer for access (passport/sharing/services.py).
REQUESTING_KINDS = frozenset({OrganisationKind.BUYER, OrganisationKind.VERIFIER, OrganisationKind.AUTHORITY})
PREVIEW_PUBLIC = "public"
_Child = TypeVar("_Child", Site, Title, Member)
# Aggregators and processing plants buy or process ore; they need not mine themselves.
_NON_MINING_TYPES = {ProducerType.AGGREGATOR, ProducerType.PROCESSING_PLANT}


# --- Shared checks ---------------------------------------------------------------------------


def _permissions(actor: Actor, access: Access) -> Permissions:
    own = access is Access.OWN
    return Permissions(
        access=access,
        can_edit=own and actor.has_role(Role.MEMBER) and actor.has_scope(WRITE),
        can_manage=own and actor.has_role(Role.MANAGER) and actor.has_scope(WRITE),
        # Viewers read only; the start page decides which kinds the organisation may run.
        can_assess=access.may_assess and actor.has_role(Role.MEMBER),
    )


def _require_own(actor: Actor, access: Access, role: str) -> None:
    require_scope(actor, WRITE)
    if access is not Access.OWN:
        raise NotAllowed(_("Only the producer's own people may change its registry."))
    require_role(actor, role)


def _readable(actor: Actor, producer_uuid: object) -> tuple[Producer, Access, Lens]:
    require_scope(actor, READ)
    producer, access = producer_for(actor, uuid_or_not_found(producer_uuid))
    return producer, access, lens_for(actor, producer, access)


def _writable(actor: Actor, producer_uuid: object, role: str) -> Producer:
    producer, access = producer_for(actor, uuid_or_not_found(producer_uuid))
    _require_own(actor, access, role)
    return producer


# The field each kind of child record falls under: a reader whose lens withholds it may not know
# the record exists.
_CHILD_FIELD = {Site: SITES, Title: TITLES, Member: PERSONAL}


def _child(model: type[_Child], actor: Actor, child_uuid: object) -> tuple[_Child, Access, Lens]:
    """A site, title or member with its producer, if the actor may see that producer and its
    lens shows that kind of record (``NotFound`` otherwise, so uuids reveal nothing)."""
    row = model.objects.select_related("producer__organisation").filter(uuid=uuid_or_not_found(child_uuid)).first()
    access = access_to(actor, row.producer) if row is not None else Access.NONE
    if row is None or access is Access.NONE:
        raise NotFound(_("No such record."))
    lens = lens_for(actor, row.producer, access)
    if not lens.shows(_CHILD_FIELD[model]):
        raise NotFound(_("No such record."))
    return row, access, lens


def seen(lens: Lens, shown: Mapping[str, object]) -> list[str]:
    """What an access-log entry names: those of ``shown``'s keys (field → the data a page showed
    under it) the lens shows, that are not public, and whose data is not empty."""
    return lens.shown_keys(key for key, data in shown.items() if data)


def _member_counts(producer: Producer) -> MemberCounts:
    members = Member.objects.filter(producer=producer).order_by()
    by_role = dict(members.values_list("role").annotate(n=Count("id")).values_list("role", "n"))
    by_gender = dict(members.values_list("gender").annotate(n=Count("id")).values_list("gender", "n"))
    return MemberCounts(total=sum(by_role.values()), by_role=by_role, by_gender=by_gender)


# --- Producers -------------------------------------------------------------------------------


def _clean_profile(profile: ProducerProfile) -> ProducerProfile:
    errors: check.Errors = {}
    kind = check.choice(errors, "type", profile.type, ProducerType.values)
    subtype = check.choice(errors, "subtype", profile.subtype, IndividualSubtype.values, blank=True)
    if subtype and kind != ProducerType.INDIVIDUAL:
        check.add(errors, "subtype", _("Only individual miners have a subtype."))
    commodities = check.choices(errors, "commodities", profile.commodities, Commodity.values)
    if kind in _NON_MINING_TYPES and not profile.methods:
        methods: list[str] = []
    else:
        methods = check.choices(errors, "methods", profile.methods, Method.values)
    country = check.country(errors, "country", profile.country)
    subdivision = check.subdivision(errors, "subdivision", profile.subdivision, country_code=country)
    cleaned = ProducerProfile(
        type=kind,
        subtype=subtype,
        commodities=commodities,
        methods=methods,
        country=country,
        subdivision=subdivision,
        municipality=check.text(errors, "municipality", profile.municipality, max_length=120),
        legal_status=check.choice(errors, "legal_status", profile.legal_status, LegalStatus.values),
        description=check.text(errors, "description", profile.description, max_length=5000),
    )
    check.raise_if_any(errors)
    return cleaned


def _profile_fields(profile: ProducerProfile) -> dict[str, Any]:
    return {
        "type": profile.type,
        "subtype": profile.subtype,
        "commodities": list(profile.commodities),
        "methods": list(profile.methods),
        "country": profile.country,
        "subdivision": profile.subdivision,
        "municipality": profile.municipality,
        "legal_status": profile.legal_status,
        "description": profile.description,
    }


def profile_of(producer: Producer) -> ProducerProfile:
    """The producer's current profile, e.g. to prefill a form or apply a partial change."""
    return ProducerProfile(**{name: getattr(producer, name) for name in ProducerProfile.__dataclass_fields__})


def producer_registration_for(*, actor: Actor) -> Producer | None:
    """Whether the actor may register its organisation's producer profile: NotAllowed if not,
    the existing profile if it was already registered, None when it is still to do."""
    require_scope(actor, WRITE)
    org = require_organisation(actor, kinds=[OrganisationKind.PRODUCER])
    require_role(actor, Role.MANAGER)
    return Producer.objects.filter(organisation=org).first()


def register_producer(*, actor: Actor, profile: ProducerProfile) -> Producer:
    """The producer profile of the actor's own producer organisation (once)."""
    if producer_registration_for(actor=actor) is not None:
        raise NotAllowed(_("This organisation already has a producer profile."))
    assert actor.organisation is not None
    cleaned = _clean_profile(profile)
    with transaction.atomic():
        producer = Producer.objects.create(organisation=actor.organisation, **_profile_fields(cleaned))
        record(
            actor=actor,
            action="producer.registered",
            object_type="producer",
            object_id=producer.uuid,
            producer=producer.uuid,
            detail=_profile_fields(cleaned),
        )
    return producer


def update_producer(*, actor: Actor, producer_uuid: object, profile: ProducerProfile) -> Producer:
    producer = _writable(actor, producer_uuid, Role.MANAGER)
    new = _profile_fields(_clean_profile(profile))
    changed = {name: value for name, value in new.items() if getattr(producer, name) != value}
    if not changed:
        return producer
    with transaction.atomic():
        for name, value in changed.items():
            setattr(producer, name, value)
        producer.updated_at = timezone.now()
        producer.save(update_fields=[*changed, "updated_at"])
        record(
            actor=actor,
            action="producer.updated",
            object_type="producer",
            object_id=producer.uuid,
            producer=producer.uuid,
            detail={"changed": changed},
        )
    return producer


def _preview(actor: Actor, producer: Producer, access: Access, preview_as: object) -> Preview | None:
    """Whom the producer's own people asked to see the page as: ``"public"`` or an
    organisation's uuid. Anyone else's ``preview_as`` is ignored; a bad one is a ValidationError."""
    if not preview_as or access is not Access.OWN:
        return None
    if str(preview_as) == PREVIEW_PUBLIC:
        return Preview(None)
    try:
        target = Organisation.objects.filter(uuid=uuid.UUID(str(preview_as))).first()
    except ValueError:
        target = None
    if target is None:
        raise ValidationError({"as": [_("There is no such organisation to preview your page as.")]})
    if target.pk == producer.organisation_id:
        raise ValidationError({"as": [_("That is your own organisation: this page is what it sees.")]})
    return Preview(target)


def get_producer(
    *, actor: Actor, producer_uuid: object, preview_as: object = None, with_standing: bool = False
) -> ProducerOverview:
    """The producer's profile, titles, sites and member counts as the actor's lens shows them.
    With ``preview_as`` (the producer's own people only: ``"public"`` or an organisation's uuid)
    as that organisation's lens shows them instead, logging nothing; ``ValidationError`` when
    there is no such organisation to preview as. With ``with_standing`` (the page) also the
    producer's standing when it no longer meets the entry criteria (``_standing``)."""
    producer, access, lens = _readable(actor, producer_uuid)
    allowed = _permissions(actor, access)
    preview = _preview(actor, producer, access, preview_as)
    if preview is not None:
        lens = preview_lens(producer, preview.organisation)
        seen_as = Actor(user=None, organisation=preview.organisation, role=None)
        allowed = Permissions(access=access_to(seen_as, producer), can_edit=False, can_manage=False)
        if not _opens(producer, preview.organisation, allowed.access):
            preview = Preview(preview.organisation, opens=False)
    titles = list(producer.titles.all()) if lens.shows(TITLES) else None
    sites = list(producer.sites.all()) if lens.shows(SITES) else None
    counts = _member_counts(producer) if lens.shows(PROFILE) else None
    standing = _standing(producer, lens) if with_standing else None
    shown: dict[str, object] = dict.fromkeys(PUBLIC_KEYS, True)  # ``seen`` drops those still public
    shown |= {PROFILE: True, TITLES: titles, SITES: sites, FINDINGS: standing is not None and standing.reasons_shown}
    lens.log(actor, object_type="producer", object_id=producer.uuid, what=seen(lens, shown))
    return ProducerOverview(
        producer=producer,
        allowed=allowed,
        lens=lens,
        titles=titles,
        sites=sites,
        member_counts=counts,
        preview=preview,
        can_request=(
            preview is None and not lens.inside and actor.kind in REQUESTING_KINDS and actor.has_role(Role.MEMBER)
        ),
        standing=standing,
    )


def _opens(producer: Producer, organisation: Organisation | None, access: Access) -> bool:
    """Whether the organisation previewed (``None``: the public) may open the producer at all:
    the public only when the producer is listed in the public directory."""
    if organisation is None:
        return DirectoryListing.objects.filter(producer=producer).exists()
    return access is not Access.NONE


def _standing(producer: Producer, lens: Lens) -> StandingBanner | None:
    """Where the producer stands, when a lapsed mitigation window or its units make it no longer
    meet the entry criteria (None otherwise, or when the lens withholds its outcome). That it no
    longer does, and since when, goes with the outcome (public); why — the lapsed requirements,
    the units not eligible and the link to their roll-up — is findings (``assessment.findings``),
    kept from a reader whose lens withholds them, as the progress page does."""
    if not lens.shows("producer.outcome"):
        return None
    # The plans app owns the rule; plans depends on producers, not back.
    from passport.plans.deadlines import standing  # noqa: PLC0415

    now = standing(producer)
    if now is None or now.outcome != NOT_ELIGIBLE:
        return None
    if lens.shows(FINDINGS):
        return StandingBanner(now, reasons_shown=True)
    return StandingBanner(replace(now, reasons=[], link=None), reasons_shown=False)


def producer_for_editing(*, actor: Actor, producer_uuid: object) -> Producer:
    """The producer to prefill its profile form; only its owners and managers get it."""
    return _writable(actor, producer_uuid, Role.MANAGER)


# --- Titles ----------------------------------------------------------------------------------


def _clean_title(details: TitleDetails) -> dict[str, Any]:
    errors: check.Errors = {}
    cleaned = {
        "kind": check.choice(errors, "kind", details.kind, TitleKind.values),
        "reference": check.text(errors, "reference", details.reference, max_length=120, required=True),
        "issued_by": check.text(errors, "issued_by", details.issued_by, max_length=200),
        "valid_from": details.valid_from,
        "valid_until": details.valid_until,
    }
    check.dates_ordered(errors, details.valid_from, details.valid_until, end_field="valid_until")
    check.raise_if_any(errors)
    return cleaned


def _title_detail(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in fields.items()}


def list_titles(*, actor: Actor, producer_uuid: object) -> TitleList:
    """The producer's titles and permits, if the actor's lens shows them."""
    producer, access, lens = _readable(actor, producer_uuid)
    titles = list(producer.titles.all()) if lens.shows(TITLES) else None
    lens.log(actor, object_type="producer", object_id=producer.uuid, what=seen(lens, {TITLES: titles}))
    return TitleList(producer=producer, allowed=_permissions(actor, access), lens=lens, titles=titles)


def title_for_editing(*, actor: Actor, title_uuid: object) -> Title:
    """A title to prefill its edit form; only those who may change it get it."""
    title, access, _lens = _child(Title, actor, title_uuid)
    _require_own(actor, access, Role.MANAGER)
    return title


def add_title(*, actor: Actor, producer_uuid: object, details: TitleDetails) -> Title:
    producer = _writable(actor, producer_uuid, Role.MANAGER)
    fields = _clean_title(details)
    with transaction.atomic():
        title = Title.objects.create(producer=producer, **fields)
        record(
            actor=actor,
            action="title.added",
            object_type="title",
            object_id=title.uuid,
            producer=producer.uuid,
            detail=_title_detail(fields),
        )
    return title


def update_title(*, actor: Actor, title_uuid: object, details: TitleDetails) -> Title:
    title, access, _lens = _child(Title, actor, title_uuid)
    _require_own(actor, access, Role.MANAGER)
    fields = _clean_title(details)
    with transaction.atomic():
        Title.objects.filter(pk=title.pk).update(**fields)
        record(
            actor=actor,
            action="title.updated",
            object_type="title",
            object_id=title.uuid,
            producer=title.producer.uuid,
            detail=_title_detail(fields),
        )
    title.refresh_from_db()
    return title


def delete_title(*, actor: Actor, title_uuid: object) -> None:
    title, access, _lens = _child(Title, actor, title_uuid)
    _require_own(actor, access, Role.MANAGER)
    with transaction.atomic():
        record(
            actor=actor,
            action="title.deleted",
            object_type="title",
            object_id=title.uuid,
            producer=title.producer.uuid,
            detail={"kind": title.kind, "reference": title.reference},
        )
        title.delete()


# --- Sites -----------------------------------------------------------------------------------


def _clean_site(details: SiteDetails, producer: Producer) -> dict[str, Any]:
    errors: check.Errors = {}
    latitude = check.coordinate(errors, "latitude", details.latitude, limit=90)
    longitude = check.coordinate(errors, "longitude", details.longitude, limit=180)
    if (latitude is None) != (longitude is None) and not errors:
        check.add(errors, "longitude" if longitude is None else "latitude", _("Give both coordinates, or neither."))
    cleaned = {
        "name": check.text(errors, "name", details.name, max_length=200, required=True),
        "latitude": latitude,
        "longitude": longitude,
        "subdivision": check.subdivision(errors, "subdivision", details.subdivision, country_code=producer.country),
        "municipality": check.text(errors, "municipality", details.municipality, max_length=120),
        "description": check.text(errors, "description", details.description, max_length=5000),
    }
    check.raise_if_any(errors)
    return cleaned


def _site_detail(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: (str(v) if v is not None and k in {"latitude", "longitude"} else v) for k, v in fields.items()}


def list_sites(*, actor: Actor, producer_uuid: object) -> SiteList:
    """The producer's sites, if the actor's lens shows them."""
    producer, access, lens = _readable(actor, producer_uuid)
    sites = list(producer.sites.select_related("producer").order_by("name", "id")) if lens.shows(SITES) else None
    lens.log(actor, object_type="producer", object_id=producer.uuid, what=seen(lens, {SITES: sites}))
    return SiteList(producer=producer, allowed=_permissions(actor, access), lens=lens, sites=sites)


def get_site(*, actor: Actor, site_uuid: object) -> SiteOverview:
    """One site (``NotFound`` to a reader whose lens withholds sites) and how many members work there."""
    require_scope(actor, READ)
    site, access, lens = _child(Site, actor, site_uuid)
    count = site.members.count() if lens.shows(PROFILE) else None
    lens.log(actor, object_type="site", object_id=site.uuid, what=seen(lens, {SITES: True, PROFILE: count is not None}))
    return SiteOverview(site=site, allowed=_permissions(actor, access), lens=lens, member_count=count)


def site_for_editing(*, actor: Actor, site_uuid: object) -> Site:
    site, access, _lens = _child(Site, actor, site_uuid)
    _require_own(actor, access, Role.MEMBER)
    return site


def add_site(*, actor: Actor, producer_uuid: object, details: SiteDetails) -> Site:
    producer = _writable(actor, producer_uuid, Role.MEMBER)
    fields = _clean_site(details, producer)
    with transaction.atomic():
        site = Site.objects.create(producer=producer, **fields)
        record(
            actor=actor,
            action="site.added",
            object_type="site",
            object_id=site.uuid,
            producer=producer.uuid,
            detail=_site_detail(fields),
        )
    return site


def update_site(*, actor: Actor, site_uuid: object, details: SiteDetails) -> Site:
    site, access, _lens = _child(Site, actor, site_uuid)
    _require_own(actor, access, Role.MEMBER)
    fields = _clean_site(details, site.producer)
    with transaction.atomic():
        Site.objects.filter(pk=site.pk).update(**fields)
        record(
            actor=actor,
            action="site.updated",
            object_type="site",
            object_id=site.uuid,
            producer=site.producer.uuid,
            detail=_site_detail(fields),
        )
    site.refresh_from_db()
    return site


# --- Members (personal data) -----------------------------------------------------------------


def _clean_member(details: MemberDetails, producer: Producer) -> dict[str, Any]:
    errors: check.Errors = {}
    site = None
    if details.site:
        try:
            site = Site.objects.filter(producer=producer, uuid=uuid.UUID(str(details.site))).first()
        except ValueError:
            site = None
        if site is None:
            check.add(errors, "site", _("Choose one of this producer's sites."))
    cleaned = {
        "name": check.text(errors, "name", details.name, max_length=200, required=True),
        "role": check.choice(errors, "role", details.role, MemberRole.values),
        "gender": check.choice(errors, "gender", details.gender, Gender.values),
        "age_band": check.choice(errors, "age_band", details.age_band, AgeBand.values, blank=True),
        "site": site,
    }
    check.raise_if_any(errors)
    return cleaned


def list_members(*, actor: Actor, producer_uuid: object, page: object = 1) -> MemberList:
    """Members with their personal data and counts by role and gender, as far as the actor's lens
    shows them (personal data: the producer's own people and its authorised facilitator only)."""
    producer, access, lens = _readable(actor, producer_uuid)
    counts = _member_counts(producer) if lens.shows(PROFILE) else None
    members_page = None
    if lens.shows(PERSONAL):
        rows = Member.objects.filter(producer=producer).select_related("site").order_by("name", "id")
        members_page = Paginator(rows, MEMBERS_PER_PAGE).get_page(page)
    names = members_page is not None and bool(members_page.object_list)
    lens.log(
        actor, object_type="producer", object_id=producer.uuid, what=seen(lens, {PROFILE: counts, PERSONAL: names})
    )
    return MemberList(
        producer=producer, allowed=_permissions(actor, access), lens=lens, counts=counts, page=members_page
    )


def member_form_sites(*, actor: Actor, producer_uuid: object) -> tuple[Producer, list[Site]]:
    """The producer and its sites, for the form that adds a member (its own people, member and up)."""
    producer = _writable(actor, producer_uuid, Role.MEMBER)
    return producer, list(producer.sites.order_by("name", "id"))


def member_for_editing(*, actor: Actor, member_uuid: object) -> Member:
    """A member to prefill the edit form; only the producer's own people (role ≥ member) get it,
    so no view outside the producer happens here."""
    member, access, _lens = _child(Member, actor, member_uuid)
    _require_own(actor, access, Role.MEMBER)
    return member


def add_member(*, actor: Actor, producer_uuid: object, details: MemberDetails) -> Member:
    producer = _writable(actor, producer_uuid, Role.MEMBER)
    fields = _clean_member(details, producer)
    with transaction.atomic():
        member = Member.objects.create(producer=producer, **fields)
        # Personal data stays out of the append-only log: only which fields were set.
        record(
            actor=actor,
            action="member.added",
            object_type="member",
            object_id=member.uuid,
            producer=producer.uuid,
            detail={"fields": sorted(k for k, v in fields.items() if v)},
        )
    return member


def update_member(*, actor: Actor, member_uuid: object, details: MemberDetails) -> Member:
    member, access, _lens = _child(Member, actor, member_uuid)
    _require_own(actor, access, Role.MEMBER)
    fields = _clean_member(details, member.producer)
    changed = sorted(k for k, v in fields.items() if getattr(member, k) != v)
    with transaction.atomic():
        Member.objects.filter(pk=member.pk).update(**fields)
        record(
            actor=actor,
            action="member.updated",
            object_type="member",
            object_id=member.uuid,
            producer=member.producer.uuid,
            detail={"changed": changed},
        )
    member.refresh_from_db()
    return member


def delete_member(*, actor: Actor, member_uuid: object) -> None:
    member, access, _lens = _child(Member, actor, member_uuid)
    _require_own(actor, access, Role.MEMBER)
    with transaction.atomic():
        record(
            actor=actor,
            action="member.deleted",
            object_type="member",
            object_id=member.uuid,
            producer=member.producer.uuid,
        )
        member.delete()


# --- Assessor authorisations -----------------------------------------------------------------


def list_authorisations(*, actor: Actor, producer_uuid: object) -> AuthorisationList:
    """Who the producer has authorised, active first; only the producer's own people may know."""
    require_scope(actor, READ)
    producer, access = producer_for(actor, uuid_or_not_found(producer_uuid))
    if access is not Access.OWN:
        raise NotAllowed(_("Only the producer's own people see whom it has authorised."))
    rows = producer.authorisations.select_related("organisation", "granted_by", "revoked_by")
    ordered = sorted(rows, key=lambda a: (a.revoked_at is not None, a.organisation.name, -a.granted_at.timestamp()))
    return AuthorisationList(producer=producer, allowed=_permissions(actor, access), authorisations=ordered)


def find_assessor_organisations(*, actor: Actor, producer_uuid: object, query: str) -> list[Organisation]:
    """Facilitators, buyers and verifiers whose name contains ``query`` (at most 20)."""
    _writable(actor, producer_uuid, Role.MANAGER)
    if len(query.strip()) < 2:
        return []
    found = Organisation.objects.filter(kind__in=ASSESSOR_KINDS, name__icontains=query.strip())
    return list(found.order_by("name", "id")[:20])


def authorise_assessor(*, actor: Actor, producer_uuid: object, organisation_uuid: object) -> AssessorAuthorisation:
    producer = _writable(actor, producer_uuid, Role.MANAGER)
    try:
        target = Organisation.objects.filter(uuid=uuid.UUID(str(organisation_uuid))).first()
    except ValueError:
        target = None
    errors: check.Errors = {}
    if target is None:
        check.add(errors, "organisation", _("No such organisation."))
    elif target.kind not in ASSESSOR_KINDS:
        check.add(errors, "organisation", _("Only facilitators, buyers and verifiers can be authorised."))
    elif producer.authorisations.filter(organisation=target, revoked_at__isnull=True).exists():
        check.add(errors, "organisation", _("This organisation is already authorised."))
    check.raise_if_any(errors)
    assert target is not None
    with transaction.atomic():
        grant = AssessorAuthorisation.objects.create(producer=producer, organisation=target, granted_by=actor.user)
        record(
            actor=actor,
            action="assessor.authorised",
            object_type="organisation",
            object_id=target.uuid,
            producer=producer.uuid,
            detail={"organisation": target.name, "kind": target.kind},
        )
    return grant


def revoke_assessor(*, actor: Actor, producer_uuid: object, organisation_uuid: object) -> None:
    producer = _writable(actor, producer_uuid, Role.MANAGER)
    with transaction.atomic():
        grant = (
            producer.authorisations.select_related("organisation")
            .filter(organisation__uuid=uuid_or_not_found(organisation_uuid), revoked_at__isnull=True)
            .first()
        )
        if grant is None:
            raise NotFound(_("No active authorisation for that organisation."))
        grant.revoked_at = timezone.now()
        grant.revoked_by = actor.user
        grant.save(update_fields=["revoked_at", "revoked_by"])
        record(
            actor=actor,
            action="assessor.revoked",
            object_type="organisation",
            object_id=grant.organisation.uuid,
            producer=producer.uuid,
            detail={"organisation": grant.organisation.name, "kind": grant.organisation.kind},
        )
