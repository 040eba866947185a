"""Progress pages: one action of a plan (its deadline, notes, evidence, and the form to record
progress), an evidence file, and a producer's progress over time with its chart.

Each view calls the services in ``progress`` and ``deadlines``, which decide who may see or do
what; ``@page`` turns NotFound into 404 and NotAllowed into 403."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from passport.accounts.access import Actor, NotAllowed, NotFound
from passport.accounts.web import page
from passport.assessments.evidence_types import EXTENSIONS
from passport.engine import DeadlineStatus, PassportError, Standard, get_standard, text_in

from . import deadlines, progress
from .chart import part_labels, progress_chart
from .models import ActionStatus

DEADLINE_LABELS = {
    DeadlineStatus.ON_TRACK: (gettext_lazy("on track"), "ok"),
    DeadlineStatus.DUE_SOON: (gettext_lazy("due soon"), "warn"),
    DeadlineStatus.OVERDUE: (gettext_lazy("overdue"), "stop"),
    DeadlineStatus.DONE: (gettext_lazy("done"), "ok"),
    DeadlineStatus.RESOLVED: (gettext_lazy("resolved by a later assessment"), "ok"),
    DeadlineStatus.EXPIRED_REVIEW: (gettext_lazy("window expired: to review"), "stop"),
    DeadlineStatus.NOT_ELIGIBLE: (gettext_lazy("window expired: entry criteria no longer met"), "stop"),
    DeadlineStatus.NO_DEADLINE: (gettext_lazy("no deadline"), ""),
}


def _lang() -> str:
    return (translation.get_language() or "en").split("-")[0]


def _standard(ref: str) -> Standard | None:
    try:
        return get_standard(ref)
    except PassportError:
        return None


# --- One action -------------------------------------------------------------------------------


@page
@require_http_methods(["GET", "POST"])
def action(request: HttpRequest, actor: Actor, plan_uuid: uuid.UUID, requirement_id: str) -> HttpResponse:
    detail = progress.get_action(actor=actor, plan_uuid=plan_uuid, requirement_id=requirement_id)
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        if not detail.can_record:
            raise NotAllowed(_("You may read this action but not record progress on it."))
        try:
            progress.record_progress(
                actor=actor,
                plan_uuid=plan_uuid,
                requirement_id=requirement_id,
                status=request.POST.get("status", ""),
                note=request.POST.get("note", ""),
                files=request.FILES.getlist("files"),
            )
        except ValidationError as exc:
            errors = exc.message_dict
            # At the top too: the form, and its errors, sit below every note of the action.
            messages.error(request, " ".join([_("Progress was not recorded."), *exc.messages]))
        else:
            messages.success(request, _("Progress recorded."))
            return redirect("plans:action", plan_uuid=detail.plan.uuid, requirement_id=requirement_id)
    return _render_action(request, detail, errors)


def _render_action(request: HttpRequest, detail: progress.ActionDetail, errors: dict[str, list[str]]) -> HttpResponse:
    lang = _lang()
    plan = detail.plan
    check = None
    if detail.in_force:
        checked = deadlines.check_plan(plan)
        found = checked and next(
            (c for c in checked.report.checks if c.requirement_id == detail.action.requirement_id), None
        )
        if found:
            label, tag = DEADLINE_LABELS[found.status]
            check = {"status": found.status, "label": label, "tag": tag, "reason": text_in(found.reason, lang)}
    status_labels = dict(ActionStatus.choices)
    standing = deadlines.standing(plan.producer)
    context = {
        "plan": plan,
        "producer": plan.producer,
        "detail": detail,
        "action": detail.action,
        "title": progress.requirement_title(plan.standard_ref, detail.action.requirement_id, lang),
        "why": text_in(detail.action.why, lang) if detail.action.why else "",
        "check": check,
        "status_label": status_labels.get(detail.status, detail.status),
        "statuses": ActionStatus.choices,
        "chosen": request.POST.get("status", detail.status) if errors else detail.status,
        "note": request.POST.get("note", "") if errors else "",
        "notes": [(n, status_labels.get(n.status, n.status)) for n in detail.notes],
        "errors": errors,
        "standing": standing if standing is not None and standing.outcome == "not_eligible" else None,
    }
    return render(request, "plans/action.html", context, status=400 if errors else 200)


@page
@require_safe
def action_evidence(request: HttpRequest, actor: Actor, plan_uuid: uuid.UUID, evidence_uuid: uuid.UUID) -> HttpResponse:
    evidence = progress.get_action_evidence(actor=actor, evidence_uuid=evidence_uuid)
    if evidence.note.plan.uuid != plan_uuid:
        raise NotFound(_("No such evidence."))
    name = f"evidence-{evidence.sha256[:12]}{EXTENSIONS.get(evidence.content_type, '')}"
    response = FileResponse(
        evidence.file.open("rb"), as_attachment=True, filename=name, content_type=evidence.content_type
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response


# --- A producer's progress over time ----------------------------------------------------------


def _outcome_label(standard: Standard | None, outcome: str, lang: str) -> str:
    term = standard.outcome_classes.get(outcome) if standard is not None else None
    return text_in(term.label, lang) if term else _("Incomplete: required answers are missing")


@page
@require_safe
def producer_progress(request: HttpRequest, actor: Actor, producer_uuid: uuid.UUID) -> HttpResponse:
    found = progress.producer_progress(actor=actor, producer_uuid=producer_uuid)
    lang = _lang()
    standards: dict[str, Standard | None] = {}
    rows: list[dict[str, Any]] = []
    for point in found.results or ():
        if point.standard_ref not in standards:
            standards[point.standard_ref] = _standard(point.standard_ref)
        rows.append(
            {
                "point": point,
                "outcome_label": _outcome_label(standards[point.standard_ref], point.outcome, lang),
                "first": not point.compared,
            }
        )
    # The standing's reasons name findings and their deadlines: shown with the findings.
    standing = deadlines.standing(found.producer) if found.shows_findings else None
    context = {
        "producer": found.producer,
        "found": found,
        "lens": found.lens,
        "rows": rows,
        "shown": len(rows),
        "total": found.total_results,
        "capped": found.capped,
        "parts": list(part_labels().items()),
        "chart": progress_chart(found.results) if found.results is not None else "",
        "plans": found.plans,
        "standing": standing if standing is not None and standing.outcome == "not_eligible" else None,
    }
    return render(request, "plans/progress.html", context)
