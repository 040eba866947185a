"""Pages for a cooperative's units: the list (with the form to add one), one unit with its
results and exclusions, and the forms that exclude it from the supply or readmit it. The services
in ``units.py`` decide who may see or change what."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from passport.accounts.access import Actor, NotAllowed
from passport.accounts.web import apply_errors, page
from passport.assessments import rollup
from passport.assessments import services as assessments

from . import units as services
from .forms import ExclusionForm, ReadmitForm, UnitForm


def _need(allowed: bool) -> None:
    if not allowed:
        raise NotAllowed(_("You may look at this but not change it."))


@require_http_methods(["GET", "POST"])
@page
def units(request: HttpRequest, actor: Actor, producer_uuid: uuid.UUID) -> HttpResponse:
    """GET lists the units; POST adds one (owner or manager)."""
    listing = services.list_units(actor=actor, producer_uuid=producer_uuid)
    form = UnitForm(request.POST or None, members=listing.members)
    status = 200
    if request.method == "POST":
        _need(listing.allowed.can_manage)
        if form.is_valid():
            try:
                unit = services.add_unit(
                    actor=actor, producer_uuid=producer_uuid, details=services.UnitDetails(**form.cleaned_data)
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("Unit added."))
                return redirect("producers:unit", unit.uuid)
        status = 400
    context = {"o": listing, "producer": listing.producer, "lens": listing.lens, "form": form}
    return render(request, "producers/units.html", context, status=status)


def _render_unit(
    request: HttpRequest,
    actor: Actor,
    overview: services.UnitOverview,
    exclude_form: ExclusionForm | None = None,
    readmit_form: ReadmitForm | None = None,
    status: int = 200,
) -> HttpResponse:
    lang = (translation.get_language() or "en").split("-")[0]
    results = rollup.latest_results_of(overview.unit)
    labels = rollup.outcome_labels([r.standard_ref for r in results], lang)
    _producer, kinds = assessments.list_startable_kinds(actor=actor, producer_uuid=overview.producer.uuid)
    context: dict[str, Any] = {
        "o": overview,
        "unit": overview.unit,
        "producer": overview.producer,
        "lens": overview.lens,
        "results": [{"result": r, "label": labels[(r.standard_ref, r.outcome)]} for r in results],
        "can_assess": "self" in kinds,
        "recorded_later_days": services.RECORDED_LATER_DAYS,
        "exclude_form": exclude_form or ExclusionForm(initial={"excluded_on": overview.as_of}),
        "readmit_form": readmit_form or ReadmitForm(initial={"lifted_on": overview.as_of}),
    }
    return render(request, "producers/unit.html", context, status=status)


@require_safe
@page
def unit_detail(request: HttpRequest, actor: Actor, unit_uuid: uuid.UUID) -> HttpResponse:
    return _render_unit(request, actor, services.get_unit(actor=actor, unit_uuid=unit_uuid))


@require_POST
@page
def unit_exclude(request: HttpRequest, actor: Actor, unit_uuid: uuid.UUID) -> HttpResponse:
    overview = services.get_unit(actor=actor, unit_uuid=unit_uuid)
    _need(overview.allowed.can_manage)
    form = ExclusionForm(request.POST)
    if form.is_valid():
        try:
            services.exclude_unit(actor=actor, unit_uuid=unit_uuid, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The unit is excluded from the supply; its results no longer count."))
            return redirect("producers:unit", unit_uuid)
    return _render_unit(request, actor, overview, exclude_form=form, status=400)


@require_POST
@page
def unit_readmit(request: HttpRequest, actor: Actor, unit_uuid: uuid.UUID) -> HttpResponse:
    overview = services.get_unit(actor=actor, unit_uuid=unit_uuid)
    _need(overview.allowed.can_manage)
    form = ReadmitForm(request.POST)
    if form.is_valid():
        try:
            services.readmit_unit(actor=actor, unit_uuid=unit_uuid, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The unit is back in the supply; its results count again."))
            return redirect("producers:unit", unit_uuid)
    return _render_unit(request, actor, overview, readmit_form=form, status=400)
