"""Assessment pages: start, overview, one module's questions and evidence, submit, result, history.

Every page calls a service, which decides who may see or change what; the views only read the
form, call the service and render."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods, require_safe

from passport.accounts.access import Actor, NotAllowed, NotFound
from passport.accounts.web import page
from passport.engine import Decision, ModuleQuestions, PassportError, Standard, get_standard, text_in
from passport.producers.units import list_units, may_have_units

from . import history as assessment_history
from . import reading, services
from .evidence_types import EXTENSIONS
from .forms import fields_for, read_module_answers
from .models import AssessmentKind
from .rollup import unit_of_assessment, unit_of_result


def _lang() -> str:
    return (translation.get_language() or "en").split("-")[0]


@page
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, actor: Actor, producer_uuid: str) -> HttpResponse:
    producer, kinds = services.list_startable_kinds(actor=actor, producer_uuid=producer_uuid)
    if not kinds:
        raise NotAllowed(_("You may not start an assessment of this producer."))
    errors: list[str] = []
    if request.method == "POST":
        try:
            assessment = services.start_assessment(
                actor=actor,
                producer_uuid=producer.uuid,
                kind=request.POST.get("kind", ""),
                unit_uuid=request.POST.get("unit") or None,
            )
        except ValidationError as exc:
            errors = [m for ms in exc.message_dict.values() for m in ms]
        else:
            return redirect("assessments:overview", uuid=assessment.uuid)
    choices = [(k, AssessmentKind(k).label) for k in kinds]
    # A cooperative's or association's units, for those who may assess them (self-assessments).
    units = []
    if AssessmentKind.SELF in kinds and may_have_units(producer):
        units = [row.unit for row in list_units(actor=actor, producer_uuid=producer.uuid).rows]
    chosen = request.POST.get("unit") or request.GET.get("unit", "")
    context = {"producer": producer, "choices": choices, "errors": errors, "units": units, "chosen_unit": chosen}
    return render(request, "assessments/start.html", context, status=400 if errors else 200)


def _withheld_in(detail: services.AssessmentDetail, module: ModuleQuestions) -> list[Decision]:
    """The decisions withholding answers to ``module``'s questions: those shown, and those
    waiting on a withheld trigger."""
    asked = [q.id for r in module.requirements for q in r.questions]
    asked += [i.id for r in module.requirements for i in r.pending]
    return [detail.withheld_answers[i] for i in asked if i in detail.withheld_answers]


def _module_links(detail: services.AssessmentDetail, lang: str) -> list[dict[str, Any]]:
    return [
        {
            "id": m.module.id,
            "title": text_in(m.module.title, lang),
            "shown": m.shown,
            "answered": m.answered,
            "complete": m.complete,
            "withheld": len(_withheld_in(detail, m)),
        }
        for m in detail.questionnaire.modules
    ]


@page
@require_safe
def overview(request: HttpRequest, actor: Actor, uuid: str) -> HttpResponse:
    detail = services.get_assessment(actor=actor, assessment_uuid=uuid, with_evidence=False)
    modules = _module_links(detail, _lang())
    resume = next((m for m in modules if not m["complete"]), None)
    context = {"detail": detail, "assessment": detail.assessment, "modules": modules, "resume": resume}
    context["unit_name"] = unit_of_assessment(sight=detail.sight, assessment=detail.assessment)
    context["assessor_withheld"] = detail.sight.assessor_withheld(detail.assessment.conducted_by_id)
    return render(request, "assessments/overview.html", context)


def _next_module(detail: services.AssessmentDetail, module_id: str) -> str | None:
    ids = [m.module.id for m in detail.questionnaire.modules]
    position = ids.index(module_id)
    return ids[position + 1] if position + 1 < len(ids) else None


def _find_module(detail: services.AssessmentDetail, module_id: str) -> ModuleQuestions:
    try:
        return detail.questionnaire.module(module_id)
    except KeyError:
        raise NotFound(_("No such module in this assessment.")) from None


@page
@require_http_methods(["GET", "POST"])
def module(request: HttpRequest, actor: Actor, uuid: str, module_id: str) -> HttpResponse:
    detail = services.get_assessment(actor=actor, assessment_uuid=uuid)
    questions = _find_module(detail, module_id)
    errors: dict[str, list[str]] = {}
    upload_errors: dict[str, list[str]] = {}
    posted = None
    if request.method == "POST":
        if not detail.can_edit:
            raise NotAllowed(_("You may read this assessment but not change it."))
        posted = request.POST
        errors = _save(actor, detail, questions, request.POST)
        if not errors:
            # Answers first, so a refused file never costs the person what they typed.
            upload_errors, attached = _attach_files(request, actor, detail, questions)
            detail = services.get_assessment(actor=actor, assessment_uuid=uuid, audit=False)
            posted = None
            if not upload_errors:
                messages.success(request, _saved_message(attached))
                following = _next_module(detail, module_id) if "next" in request.POST else None
                if "next" in request.POST and following is None:
                    return redirect("assessments:overview", uuid=detail.assessment.uuid)
                target = following or module_id
                return redirect("assessments:module", uuid=detail.assessment.uuid, module_id=target)
    return _render_module(request, detail, questions, posted, errors, upload_errors)


def _saved_message(attached: int) -> str:
    if not attached:
        return _("Answers saved.")
    return ngettext("Answers saved and %(n)d file attached.", "Answers saved and %(n)d files attached.", attached) % {
        "n": attached
    }


def _save(actor: Actor, detail: services.AssessmentDetail, questions: ModuleQuestions, data: Any) -> dict[str, Any]:
    values, errors = read_module_answers(questions, data)
    if errors:
        return errors
    try:
        services.save_answers(actor=actor, assessment_uuid=detail.assessment.uuid, answers=values)
    except ValidationError as exc:
        return dict(exc.message_dict)
    return {}


def _attach_files(
    request: HttpRequest, actor: Actor, detail: services.AssessmentDetail, questions: ModuleQuestions
) -> tuple[dict[str, list[str]], int]:
    """Attach the file chosen beside each requirement, if any; refusals by requirement."""
    refused: dict[str, list[str]] = {}
    attached = 0
    for r in questions.requirements:
        uploaded = request.FILES.get(f"file-{r.requirement.id}")
        if uploaded is None:
            continue
        try:
            services.attach_evidence(
                actor=actor,
                assessment_uuid=detail.assessment.uuid,
                requirement_id=r.requirement.id,
                uploaded_file=uploaded,
                description=request.POST.get(f"description-{r.requirement.id}", ""),
            )
        except ValidationError as exc:
            refused[r.requirement.id] = [m for ms in exc.message_dict.values() for m in ms]
        else:
            attached += 1
    return refused, attached


def _render_module(
    request: HttpRequest,
    detail: services.AssessmentDetail,
    questions: ModuleQuestions,
    posted: Any,
    errors: dict[str, list[str]],
    upload_errors: dict[str, list[str]],
) -> HttpResponse:
    lang = _lang()
    evidence_by_requirement: dict[str, list[Any]] = {}
    for e in detail.evidence:
        evidence_by_requirement.setdefault(e.requirement_id, []).append(e)
    withheld = _withheld_in(detail, questions)
    # Every answer of the module withheld: one marker for the module, per reason, with how many.
    whole_module = bool(withheld) and all(
        q.id in detail.withheld_answers for r in questions.requirements for q in r.questions
    )
    requirements = [
        {
            "id": r.requirement.id,
            "title": text_in(r.requirement.title, lang),
            "intent": text_in(r.requirement.intent, lang),
            "fields": []
            if whole_module
            else fields_for(r.questions, lang, posted=posted, errors=errors, withheld=detail.withheld_answers),
            "pending": len(r.pending) if detail.sight.full else 0,
            "evidence": evidence_by_requirement.get(r.requirement.id, []),
            "upload_errors": upload_errors.get(r.requirement.id, []),
        }
        for r in questions.requirements
    ]
    context = {
        "module_withheld": _by_reason(withheld) if whole_module else [],
        "evidence_withheld": detail.evidence_withheld,
        "detail": detail,
        "assessment": detail.assessment,
        "module": questions.module,
        "module_title": text_in(questions.module.title, lang),
        "modules": _module_links(detail, lang),
        "requirements": requirements,
        "has_errors": bool(errors),
        "has_upload_errors": bool(upload_errors),
        "is_last": _next_module(detail, questions.module.id) is None,
    }
    status = 400 if errors or upload_errors else 200
    return render(request, "assessments/module.html", context, status=status)


def _by_reason(decisions: list[Decision]) -> list[tuple[Decision, int]]:
    """One decision per distinct reason, with how many answers it withholds."""
    counted: dict[str, tuple[Decision, int]] = {}
    for d in decisions:
        key = d.reason["en"]
        first, n = counted.get(key, (d, 0))
        counted[key] = (first, n + 1)
    return list(counted.values())


@page
@require_safe
def evidence(request: HttpRequest, actor: Actor, uuid: str) -> HttpResponse:
    row = services.get_evidence(actor=actor, evidence_uuid=uuid)
    name = f"evidence-{row.sha256[:12]}{EXTENSIONS.get(row.content_type, '')}"
    response = FileResponse(row.file.open("rb"), as_attachment=True, filename=name, content_type=row.content_type)
    response.headers["Cache-Control"] = "private, no-store"
    return response


@page
@require_http_methods(["GET", "POST"])
def submit(request: HttpRequest, actor: Actor, uuid: str) -> HttpResponse:
    detail = services.get_assessment(actor=actor, assessment_uuid=uuid)
    if not detail.can_edit:
        raise NotAllowed(_("You may not submit this assessment."))
    if request.method == "POST":
        result = services.submit_assessment(actor=actor, assessment_uuid=detail.assessment.uuid)
        return redirect("assessments:result", uuid=result.uuid)
    lang = _lang()
    missing = [
        {
            "id": m.module.id,
            "title": text_in(m.module.title, lang),
            "questions": [text_in(detail.standard.indicators[i].question, lang) for i in m.unanswered_required],
            "pending": sum(len(r.pending) for r in m.requirements),
        }
        for m in detail.questionnaire.modules
        if not m.complete
    ]
    return render(request, "assessments/submit.html", {"assessment": detail.assessment, "missing": missing})


def _standard_or_none(standard_ref: str) -> Standard | None:
    try:
        return get_standard(standard_ref)
    except PassportError:
        return None


def _labels(standard: Standard | None, lang: str) -> tuple[dict[str, str], dict[str, str]]:
    """Level and module titles of the result's standard, in ``lang`` (ids if it is gone)."""
    if standard is None:
        return {}, {}
    levels = {ident: text_in(term.label, lang) for ident, term in standard.levels.items()}
    modules = {m.id: text_in(m.title, lang) for m in standard.modules}
    return levels, modules


@page
@require_safe
def result(request: HttpRequest, actor: Actor, uuid: str) -> HttpResponse:
    summary = services.get_result_summary(actor=actor, result_uuid=uuid)  # checks access, logs the view
    lang = _lang()
    sight = summary.sight
    if not sight.shows(reading.FINDINGS):
        body = _withheld_body(summary, lang)
    else:
        seen = _Seen(summary, _standard_or_none(summary.standard_ref), lang)
        if summary.outcome_withheld is None:
            body = _result_body(seen)
        else:  # the producer tightened its outcome but shares the findings: rendered for this reader
            context = _result_context(seen, services.result_explanation(summary=summary))
            context["outcome_withheld"] = summary.outcome_withheld
            body = render_to_string("assessments/_result_body.html", context)
    unit_name = unit_of_result(summary=summary)
    # Plans are agreed for the organisation, drafted by its managers or its facilitator (the plans
    # service decides; this only spares others a button that would refuse them).
    may_draft = not unit_name and actor.kind in ("producer", "facilitator") and actor.has_role("manager")
    return render(
        request,
        "assessments/result.html",
        {"result": summary, "body": body, "unit_name": unit_name, "may_draft_plan": may_draft},
    )


@dataclass(frozen=True)
class _Seen:
    """A result for one reader who sees its findings: the standard it was made with (None if the
    file is gone), and the requirements whose findings' reasons it reads without the answers
    (``Sight.answers_withheld_in``: some of their answers are withheld from it)."""

    summary: services.ResultSummary
    standard: Standard | None
    lang: str

    @cached_property
    def without_answers(self) -> frozenset[str] | None:
        return self.summary.sight.answers_withheld_in(self.standard)

    @property
    def variant(self) -> str:
        """One cache entry per set of requirements read without the answers."""
        if self.without_answers is None:
            return "plain"
        if not self.without_answers:
            return "full"
        return hashlib.sha256(",".join(sorted(self.without_answers)).encode()).hexdigest()[:16]


def _result_body(seen: _Seen) -> str:
    """The explanation part of a result page, rendered once per process, language and set of
    requirements whose reasons are read without the answers.

    A result never changes after submission (the database refuses updates), so its rendering in
    one language never changes either; the page around it (names, who is looking) is live. Only
    for readers who see the outcome and the findings: the others get ``_withheld_body``."""
    summary = seen.summary
    key = f"assessments:result-body:{summary.uuid}:{summary.standard_digest}:{seen.lang}:{seen.variant}"
    body: str | None = cache.get(key)
    if body is None:
        explanation = services.result_explanation(summary=summary)
        body = render_to_string("assessments/_result_body.html", _result_context(seen, explanation))
        cache.set(key, body, timeout=None)
    return mark_safe(body)  # noqa: S308 - our own template's output, escaped when rendered


def _withheld_body(summary: services.ResultSummary, lang: str) -> str:
    """The explanation part for a reader who does not see all of it: the outcome (or why it is
    withheld), the findings marked withheld with the reason, the standard. Rendered each time:
    the reasons name the reader's grant."""
    context = {
        "result": summary,
        "outcome_label": _outcome_label(summary.standard_ref, summary.outcome, lang),
        "outcome_withheld": summary.outcome_withheld,
        "findings_withheld": summary.sight.withheld(reading.FINDINGS),
    }
    return render_to_string("assessments/_result_withheld.html", context)


def _result_context(seen: _Seen, explanation: dict[str, Any]) -> dict[str, object]:
    lang = seen.lang
    data = explanation.get(lang) or explanation.get("en") or next(iter(explanation.values()))
    levels, modules = _labels(seen.standard, lang)
    shown = reading.findings_seen(seen.standard, data["findings"], seen.without_answers, lang)
    findings = [{**f, "level_label": levels.get(f["level"] or "", f["level"])} for f in shown]
    return {
        "result": seen.summary,
        "data": data,
        "stop": [f for f in findings if f["action"] == "disengage_immediately"],
        "mitigate": [f for f in findings if f["action"] == "mitigate"],
        "improve": [f for f in findings if f["action"] == "improve"],
        "undecided": [f for f in findings if f["action"] is None],
        "modules": modules,
    }


_MOVEMENTS = {
    assessment_history.IMPROVED: gettext_lazy("improved"),
    assessment_history.UNCHANGED: gettext_lazy("unchanged"),
    assessment_history.REGRESSED: gettext_lazy("regressed"),
    assessment_history.NOT_COMPARABLE: gettext_lazy("not comparable"),
}
_MOVEMENT_TAGS = {assessment_history.IMPROVED: "ok", assessment_history.REGRESSED: "stop"}


def _outcome_label(standard_ref: str, outcome: str, lang: str) -> str:
    try:
        term = get_standard(standard_ref).outcome_classes.get(outcome)
    except PassportError:
        term = None
    return text_in(term.label, lang) if term else _("Incomplete: required answers are missing")


@page
@require_safe
def history(request: HttpRequest, actor: Actor, producer_uuid: str) -> HttpResponse:
    found = assessment_history.history(actor=actor, producer_uuid=producer_uuid)
    lang = _lang()
    entries = [
        {
            "assessment": e.assessment,
            "result": e.result,
            "outcome_label": _outcome_label(e.result.standard_ref, e.result.outcome, lang)
            if e.result and not e.outcome_withheld
            else "",
            "outcome_withheld": e.outcome_withheld,
            "assessor_withheld": e.assessor_withheld,
            "movements_withheld": e.movements_withheld,
            "improved": e.count(assessment_history.IMPROVED),
            "unchanged": e.count(assessment_history.UNCHANGED),
            "regressed": e.count(assessment_history.REGRESSED),
            "movements": [(r, _MOVEMENTS[m], _MOVEMENT_TAGS.get(m, "")) for r, m in sorted(e.movements.items())],
        }
        for e in found.entries
    ]
    context = {
        "producer": found.producer,
        "entries": entries,
        "units_withheld": found.units_withheld,
        "units_withheld_because": found.units_withheld_because,
    }
    return render(request, "assessments/history.html", context)
