"""Sharing pages: the producer's sharing page and access log, an organisation's request for access
and what it holds, and the public directory. Each view reads the form, calls one service and
renders; the services decide who may do what (``@page`` turns NotFound into 404 and NotAllowed
into 403). A refused form shows the page again, with the reason by the form and at the top."""

from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from passport.accounts.access import Actor, NotAllowed
from passport.accounts.web import apply_errors, page
from passport.engine import FIXED_FIELDS, PLATFORM_FIELDS, PassportError, get_standard, text_in
from passport.engine.schema import Visibility
from passport.producers.clock import local_today, zone_of
from passport.producers.models import Commodity

from . import directory as public_directory
from . import log as access_log
from . import services
from .forms import AnswerForm, DirectoryFilter, FieldForm, GrantForm, RequestForm
from .models import AccessRequest, Grant, GrantAudience, Sensitivity
from .policy import lens_for

GET_POST = require_http_methods(["GET", "POST"])


def _lang() -> str:
    return (translation.get_language() or "en").split("-")[0]


def _to_producer(producer_uuid: object, anchor: str) -> HttpResponse:
    return redirect(reverse("sharing:producer", kwargs={"producer_uuid": producer_uuid}) + f"#{anchor}")


def _purposes(values: list[str]) -> str:
    return ", ".join(services.purpose_label(p) for p in values)


# --- The producer's sharing page ------------------------------------------------------------------


def _grant_row(grant: Grant, today: dt.date) -> dict[str, Any]:
    return {
        "grant": grant,
        "state": services.grant_state(grant, today),
        "audience": services.audience_label(grant.audience),
        "purposes": _purposes(grant.purposes),
    }


def _field_rows(overview: services.SharingOverview, forms: dict[str, FieldForm]) -> list[dict[str, Any]]:
    rows = []
    for key, rule in PLATFORM_FIELDS.items():
        now = services.effective_sensitivity(key, overview.settings)
        choices = services.field_choices(key)
        form = forms.get(key)
        fixed = key in FIXED_FIELDS
        if form is None and overview.can_manage and not rule.personal and not fixed:
            form = FieldForm(initial={"key": key, "sensitivity": now}, choices=choices, auto_id=f"f-{key}-%s")
        if form is not None:
            form.fields["sensitivity"].widget.attrs["aria-label"] = str(services.FIELD_LABELS[key])
        rows.append(
            {
                "key": key,
                "label": services.FIELD_LABELS[key],
                "default": Sensitivity(rule.sensitivity.value).label,
                "now": Sensitivity(now).label,
                "tightened": now != rule.sensitivity.value,
                "personal": rule.personal,
                "prospective": rule.prospective and rule.sensitivity is Visibility.PARTNERS,
                "fixed": fixed,
                "form": form if not rule.personal and not fixed else None,
            }
        )
    return rows


def _render_producer(
    request: HttpRequest,
    overview: services.SharingOverview,
    *,
    answer_forms: dict[uuid.UUID, AnswerForm] | None = None,
    grant_form: GrantForm | None = None,
    field_forms: dict[str, FieldForm] | None = None,
    status: int = 200,
) -> HttpResponse:
    answer_forms = answer_forms or {}
    requests = []
    for row in overview.requests:
        pending = row.status == AccessRequest.Status.PENDING
        form = None
        if pending and overview.can_manage:
            form = answer_forms.get(row.uuid) or AnswerForm(request=row, audiences=services.narrower_audiences(row))
        requests.append(
            {
                "request": row,
                "pending": pending,
                "audience": services.audience_label(row.audience),
                "purposes": _purposes(row.purposes),
                "status": AccessRequest.Status(row.status).label,
                "form": form,
            }
        )
    grants = [_grant_row(g, overview.today) for g in overview.grants]
    context = {
        "overview": overview,
        "producer": overview.producer,
        "active": [g for g in grants if g["state"] in ("active", "upcoming")],
        "ended": [g for g in grants if g["state"] in ("ended", "revoked")],
        "requests": requests,
        "pending_count": sum(1 for r in requests if r["pending"]),
        "grant_form": grant_form
        or (GrantForm(organisations=services.grant_choices()) if overview.can_manage else None),
        "fields": _field_rows(overview, field_forms or {}),
        "previews": services.preview_choices(overview.producer),
    }
    return render(request, "sharing/producer.html", context, status=status)


def _managed(actor: Actor, producer_uuid: uuid.UUID) -> services.SharingOverview:
    """The sharing page of a producer the actor manages: a refused form is shown on it again."""
    overview = services.sharing_overview(actor=actor, producer_uuid=producer_uuid)
    if not overview.can_manage:
        raise NotAllowed(_("Only the producer's owners and managers change what it shares."))
    return overview


def _refused(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@require_safe
@page
def producer(request: HttpRequest, actor: Actor, producer_uuid: uuid.UUID) -> HttpResponse:
    return _render_producer(request, services.sharing_overview(actor=actor, producer_uuid=producer_uuid))


@require_POST
@page
def answer(request: HttpRequest, actor: Actor, request_uuid: uuid.UUID) -> HttpResponse:
    row = services.request_to_answer(actor=actor, request_uuid=request_uuid)
    form = AnswerForm(request.POST, request=row, audiences=services.narrower_audiences(row))
    if form.is_valid():
        data = form.cleaned_data
        narrow = data["decision"] == "narrow"
        try:
            answered = services.answer_request(
                actor=actor,
                request_uuid=row.uuid,
                decision=data["decision"],
                audience=(data["audience"] or None) if narrow else None,
                purposes=data["purposes"] if narrow else None,
                until=data["until"] if narrow else None,
                answer=data["answer"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            _refused(request, exc)
        else:
            done = {
                AccessRequest.Status.ACCEPTED: _("Request accepted: %(org)s now has access."),
                AccessRequest.Status.NARROWED: _("Request accepted with less access: %(org)s now has access."),
                AccessRequest.Status.DECLINED: _("Request declined. %(org)s has been told."),
            }[AccessRequest.Status(answered.request.status)]
            messages.success(request, done % {"org": row.organisation.name})
            return _to_producer(row.producer.uuid, "requests")
    else:
        messages.error(request, _("The request was not answered: see the reasons by the form."))
    overview = services.sharing_overview(actor=actor, producer_uuid=row.producer.uuid)
    return _render_producer(request, overview, answer_forms={row.uuid: form}, status=400)


@require_POST
@page
def grant(request: HttpRequest, actor: Actor, producer_uuid: uuid.UUID) -> HttpResponse:
    overview = _managed(actor, producer_uuid)
    form = GrantForm(request.POST, organisations=services.grant_choices())
    if form.is_valid():
        data = form.cleaned_data
        try:
            given = services.grant_access(
                actor=actor,
                producer_uuid=producer_uuid,
                organisation_uuid=data["organisation"],
                audience=data["audience"],
                purposes=data["purposes"],
                until=data["until"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            _refused(request, exc)
        else:
            messages.success(request, _("Access given to %(org)s.") % {"org": given.organisation.name})
            return _to_producer(producer_uuid, "grants")
    else:
        messages.error(request, _("No access was given: see the reasons by the form."))
    return _render_producer(request, overview, grant_form=form, status=400)


@require_POST
@page
def revoke(request: HttpRequest, actor: Actor, grant_uuid: uuid.UUID) -> HttpResponse:
    found = services.grant_to_revoke(actor=actor, grant_uuid=grant_uuid)
    try:
        revoked = services.revoke_grant(actor=actor, grant_uuid=grant_uuid)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            _("Access of %(org)s revoked: from today it sees only what the public sees.")
            % {"org": revoked.organisation.name},
        )
    return _to_producer(found.producer.uuid, "grants")


@require_POST
@page
def field(request: HttpRequest, actor: Actor, producer_uuid: uuid.UUID) -> HttpResponse:
    overview = _managed(actor, producer_uuid)
    form = FieldForm(request.POST)
    if form.is_valid():
        key = form.cleaned_data["key"]
        try:
            services.set_field(
                actor=actor, producer_uuid=producer_uuid, key=key, sensitivity=form.cleaned_data["sensitivity"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
            _refused(request, exc)
            if key in PLATFORM_FIELDS:
                form.fields["sensitivity"].choices = [(c, Sensitivity(c).label) for c in services.field_choices(key)]
        else:
            label = services.FIELD_LABELS[key]
            messages.success(
                request,
                _("%(field)s: now seen by %(who)s.")
                % {"field": label, "who": Sensitivity(form.cleaned_data["sensitivity"]).label},
            )
            return _to_producer(producer_uuid, "fields")
        forms = {key: form} if key in PLATFORM_FIELDS else {}
        return _render_producer(request, overview, field_forms=forms, status=400)
    messages.error(request, _("Nothing changed: choose who sees the field."))
    return _render_producer(request, overview, status=400)


@require_POST
@page
def listing(request: HttpRequest, actor: Actor, producer_uuid: uuid.UUID) -> HttpResponse:
    listed = services.set_listed(actor=actor, producer_uuid=producer_uuid, listed=request.POST.get("listed") == "1")
    messages.success(
        request,
        _("Listed in the public directory: name, region, minerals, outcome and passport status.")
        if listed
        else _("No longer listed in the public directory."),
    )
    return _to_producer(producer_uuid, "directory")


# --- The access log -----------------------------------------------------------------------------


def _before(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@require_safe
@page
def log(request: HttpRequest, actor: Actor, producer_uuid: uuid.UUID) -> HttpResponse:
    producer, entries, more = access_log.access_log(
        actor=actor, producer_uuid=producer_uuid, before=_before(request.GET.get("before")), limit=access_log.LOG_PAGE
    )
    zone = zoneinfo.ZoneInfo(zone_of(producer))
    rows = [
        {
            "entry": e,
            "at": timezone.localtime(e.at, zone),
            "what": access_log.what_labels(e.what),
            "audience": services.audience_label(e.audience),
            "purpose": services.purpose_label(e.purpose),
            "basis": access_log.BASES.get(e.basis or ""),
        }
        for e in entries
    ]
    context = {
        "producer": producer,
        "rows": rows,
        "zone": zone.key,
        "more": more,
        "first_page": request.GET.get("before") is None,
    }
    return render(request, "sharing/log.html", context)


# --- An organisation asks, and what it holds ------------------------------------------------------


@GET_POST
@page
def request_access(request: HttpRequest, actor: Actor, producer_uuid: uuid.UUID) -> HttpResponse:
    options = services.request_options(actor=actor, producer_uuid=producer_uuid)
    initial = {"audience": options.audiences[0], "purposes": [options.purpose]}
    form = RequestForm(request.POST or None, audiences=options.audiences, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.request_access(
                actor=actor,
                producer_uuid=producer_uuid,
                audience=data["audience"],
                purposes=data["purposes"],
                until=data["until"],
                message=data["message"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Request sent to %(producer)s. You will be told when it answers.")
                % {"producer": options.producer.organisation.name},
            )
            return redirect("sharing:mine")
    lens = lens_for(actor, options.producer)
    context = {
        "producer": options.producer,
        "options": options,
        "form": form,
        "standing": services.audience_label(lens.audience.value),
        "grant": lens.grant,
    }
    return render(request, "sharing/request.html", context, status=400 if form.errors else 200)


@require_POST
@page
def withdraw(request: HttpRequest, actor: Actor, request_uuid: uuid.UUID) -> HttpResponse:
    try:
        row = services.withdraw_request(actor=actor, request_uuid=request_uuid)
    except ValidationError as exc:
        _refused(request, exc)
    else:
        messages.success(
            request,
            _("Request to %(producer)s withdrawn.") % {"producer": row.producer.organisation.name},
        )
    return redirect("sharing:mine")


@require_safe
@page
def mine(request: HttpRequest, actor: Actor) -> HttpResponse:
    held = services.held_by(actor=actor)
    requests = [
        {
            "request": r,
            "pending": r.status == AccessRequest.Status.PENDING,
            "status": AccessRequest.Status(r.status).label,
            "audience": services.audience_label(r.audience),
            "purposes": _purposes(r.purposes),
        }
        for r in held.requests
    ]
    grants = [_grant_row(g, local_today(g.producer)) for g in held.grants]
    return render(request, "sharing/mine.html", {"requests": requests, "grants": grants})


# --- The public directory -----------------------------------------------------------------------


def _outcome_label(standard_ref: str | None, outcome: str | None, lang: str) -> str:
    if not outcome:
        return ""
    try:
        term = get_standard(standard_ref or "").outcome_classes.get(outcome)
    except PassportError:
        term = None
    return text_in(term.label, lang) if term else _("Incomplete: required answers are missing")


def _page_number(value: str | None) -> int:
    try:
        return max(1, int(value or 1))
    except ValueError:
        return 1


@require_safe
def directory(request: HttpRequest) -> HttpResponse:
    """Public: producers that chose to be listed, with their public fields only."""
    filters = DirectoryFilter(request.GET or None, commodities=[(str(v), str(label)) for v, label in Commodity.choices])
    chosen = filters.values()
    number = _page_number(request.GET.get("page"))
    size = public_directory.DIRECTORY_PAGE
    found = public_directory.directory_page(**chosen, limit=size, offset=(number - 1) * size)
    lang = _lang()
    commodity_labels = dict(Commodity.choices)
    cards = [
        {
            "item": item,
            "lens": item.lens,
            "producer": item.producer,
            "region": " · ".join(
                part for part in (item.producer.country, item.producer.subdivision, item.producer.municipality) if part
            ),
            "commodities": ", ".join(str(commodity_labels.get(c, c)) for c in item.producer.commodities),
            "outcome": item.outcome,
            "outcome_label": _outcome_label(item.standard, item.outcome, lang),
        }
        for item in found.items
    ]
    query = urlencode({k: v for k, v in chosen.items() if v})
    context = {
        "filters": filters,
        "cards": cards,
        "count": found.count,
        "number": number,
        "has_previous": number > 1,
        "has_next": number * size < found.count,
        "query": query,
        "signed_in": request.user.is_authenticated,
        "audiences": GrantAudience,
    }
    return render(request, "sharing/directory.html", context)
