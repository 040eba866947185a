"""Plan pages: a producer's plans, drafting one from a result, the plan and its versions, and the
small forms that change a draft version. Each view reads the form, calls one service and renders;
the services decide who may do what (``@page`` turns NotFound into 404 and NotAllowed into 403).

A form of the plan page that is refused shows the page again with the reason twice: at the top
(a message, which ``base.html`` shows above the content) and by the form. Each form posts to its
address with its own anchor (``…/comments/#comment``), so the browser lands on the form, not on
the top of a long page."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from passport.accounts.access import Actor, NotAllowed
from passport.accounts.web import apply_errors, page
from passport.engine import Window, text_in

from . import deadlines, services
from .access import allowed_to
from .forms import ActionForm, CommentForm, DraftForm, ReviseForm, SignForm, StrategyForm
from .models import ActionStatus, CommentKind, Strategy
from .progress import latest_statuses

GET_POST = require_http_methods(["GET", "POST"])


def _lang() -> str:
    return (translation.get_language() or "en").split("-")[0]


def _plan_at(plan_uuid: object, anchor: str) -> HttpResponseRedirect:
    """Back to the plan page, at ``anchor`` (a redirect without one would keep the form's)."""
    return redirect(reverse("plans:detail", kwargs={"plan_uuid": plan_uuid}) + f"#{anchor}")


def _say_refused(request: HttpRequest, form: Form, summary: str) -> None:
    """A refused form's problems at the top of the page too, each after its field's label; the
    form keeps them by its fields."""
    problems = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = str(field.label) if field is not None and field.label and not field.widget.is_hidden else ""
        problems += [_("%(field)s: %(problem)s") % {"field": label, "problem": e} if label else e for e in errors]
    messages.error(request, " ".join([summary, *problems]))


def _standing(view: services.PlanView) -> deadlines.Standing | None:
    """The producer's standing when it no longer meets the entry criteria (else None)."""
    found = deadlines.standing(view.plan.producer)
    return found if found is not None and found.outcome == "not_eligible" else None


def _signatures_removed(request: HttpRequest, changed: Any) -> None:
    removed = getattr(changed, "signatures_removed", 0)
    if removed:
        messages.warning(
            request,
            ngettext(
                "The version changed, so its signature was removed: both sides sign again.",
                "The version changed, so its %(n)d signatures were removed: both sides sign again.",
                removed,
            )
            % {"n": removed},
        )


# --- A producer's plans, and drafting one -------------------------------------------------------


@require_safe
@page
def plan_list(request: HttpRequest, actor: Actor, producer_uuid: uuid.UUID) -> HttpResponse:
    found = services.list_plans(actor=actor, producer_uuid=producer_uuid)
    context = {"producer": found.producer, "plans": found.plans, "lens": found.lens, "listed": found}
    return render(request, "plans/list.html", context)


@GET_POST
@page
def plan_new(request: HttpRequest, actor: Actor, result_uuid: uuid.UUID) -> HttpResponse:
    options = services.draft_options(actor=actor, result_uuid=result_uuid)
    form = DraftForm(request.POST or None, partners=options.partners)
    if request.method == "POST" and options.refusal is None and form.is_valid():
        try:
            plan = services.draft_plan(
                actor=actor,
                result_uuid=options.result.uuid,
                partner_uuid=form.cleaned_data["partner"],
                strategy=form.cleaned_data["strategy"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Plan drafted. Agree it with your partner, then both sign it."))
            return redirect("plans:detail", plan.uuid)
    titles = services.requirement_titles(options.standard, _lang()) if options.standard else {}
    context = {
        "options": options,
        "result": options.result,
        "producer": options.result.producer,
        "own": actor.organisation is not None and actor.organisation.pk == options.result.producer.organisation_id,
        "form": form,
        "stop": [titles.get(r, r) for r in options.stop],
    }
    return render(request, "plans/new.html", context, status=400 if form.errors else 200)


# --- The plan and its versions -----------------------------------------------------------------


def _after_adoption(window: str) -> str:
    """A mandatory action's deadline before the plan is adopted, in words."""
    try:
        parsed = Window.parse(window)
    except ValueError:
        return window
    parts = [
        ngettext("%(n)d year", "%(n)d years", parsed.years) % {"n": parsed.years} if parsed.years else "",
        ngettext("%(n)d month", "%(n)d months", parsed.months) % {"n": parsed.months} if parsed.months else "",
        ngettext("%(n)d day", "%(n)d days", parsed.days) % {"n": parsed.days} if parsed.days else "",
    ]
    return _("%(duration)s after both sides first sign the plan") % {"duration": " ".join(p for p in parts if p)}


def _action_rows(view: services.PlanView, lang: str, statuses: dict[str, str]) -> list[dict[str, Any]]:
    titles = services.requirement_titles(view.standard, lang)
    labels = dict(ActionStatus.choices)
    rows = []
    for a in view.actions:
        status = statuses.get(a.requirement_id, ActionStatus.NOT_STARTED)
        rows.append(
            {
                "action": a,
                "title": titles.get(a.requirement_id, a.requirement_id),
                "why": text_in(a.why, lang) if a.why else "",
                "status": status,
                "status_label": labels.get(status, status),
                "due_words": _after_adoption(a.window) if a.mandatory and a.window else "",
            }
        )
    return rows


def _render_plan(
    request: HttpRequest,
    view: services.PlanView,
    *,
    comment_form: CommentForm | None = None,
    revise_form: ReviseForm | None = None,
    strategy_form: StrategyForm | None = None,
    sign_errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    lang = _lang()
    titles = services.requirement_titles(view.standard, lang)
    statuses = latest_statuses(view.plan)  # progress belongs to the plan, whatever the version
    choices = [(a.requirement_id, titles.get(a.requirement_id, a.requirement_id)) for a in view.actions]
    context = {
        "view": view,
        "plan": view.plan,
        "version": view.version,
        "producer": view.plan.producer,
        "actions": _action_rows(view, lang, statuses),
        "comments": [
            {"comment": c, "title": titles.get(c.requirement_id, c.requirement_id) if c.requirement_id else ""}
            for c in view.comments
        ],
        "stop": [titles.get(r, r) for r in view.stop],
        "strategy_label": Strategy(view.version.strategy).label,
        "strategy_form": strategy_form or StrategyForm(initial={"strategy": view.version.strategy}),
        "comment_form": comment_form or CommentForm(actions=choices),
        "revise_form": revise_form or ReviseForm(),
        "sign_errors": sign_errors or [],
        "proposal": CommentKind.PROPOSAL,
        "standing": _standing(view),
    }
    return render(request, "plans/detail.html", context, status=status)


@require_safe
@page
def plan_detail(request: HttpRequest, actor: Actor, plan_uuid: uuid.UUID) -> HttpResponse:
    return _render_plan(request, services.get_plan(actor=actor, plan_uuid=plan_uuid))


@require_safe
@page
def version(request: HttpRequest, actor: Actor, version_uuid: uuid.UUID) -> HttpResponse:
    view = services.get_version(actor=actor, version_uuid=version_uuid)
    return _render_plan(request, view)


def _refused(
    request: HttpRequest, actor: Actor, plan_uuid: object, exc: ValidationError, status: int, **forms: Any
) -> HttpResponse:
    """The plan page again, as it is now, saying why the change was refused (nothing changed): at
    the top, and by the form (``forms`` as ``_render_plan`` takes them)."""
    for message in exc.messages:
        messages.error(request, message)
    return _render_plan(request, services.get_plan(actor=actor, plan_uuid=plan_uuid), status=status, **forms)


@require_POST
@page
def strategy(request: HttpRequest, actor: Actor, plan_uuid: uuid.UUID) -> HttpResponse:
    try:
        chosen = services.change_strategy(actor=actor, plan_uuid=plan_uuid, strategy=request.POST.get("strategy", ""))
    except ValidationError as exc:
        form = StrategyForm(request.POST)
        if form.is_valid():  # else the form says it by the field itself
            apply_errors(form, exc)
        return _refused(request, actor, plan_uuid, exc, 400, strategy_form=form)
    messages.success(request, _("Order changed to: %(strategy)s.") % {"strategy": Strategy(chosen.strategy).label})
    _signatures_removed(request, chosen)
    return _plan_at(plan_uuid, "strategy")


@GET_POST
@page
def action_edit(request: HttpRequest, actor: Actor, action_uuid: uuid.UUID) -> HttpResponse:
    action, seat = services.action_for_editing(actor=actor, action_uuid=action_uuid)
    plan = action.version.plan
    members = services.owner_choices(plan.producer) if allowed_to(actor, seat).sees_owners else None
    initial = {
        "owner": str(action.owner.uuid) if action.owner else "",
        "due_on": action.due_on,
        "done_means": action.done_means,
    }
    form = ActionForm(request.POST or None, initial=initial, members=members, mandatory=action.mandatory)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.fields}
        if "owner" in changes:
            changes["owner_uuid"] = changes.pop("owner") or None
        try:
            changed = services.update_action(actor=actor, action_uuid=action.uuid, **changes)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Action saved."))
            _signatures_removed(request, changed)
            return redirect("plans:detail", plan.uuid)
    standard = services.plan_standard(plan)
    context = {
        "form": form,
        "action": action,
        "plan": plan,
        "producer": plan.producer,
        "title": services.requirement_titles(standard, _lang()).get(action.requirement_id, action.requirement_id),
    }
    return render(request, "plans/edit_action.html", context, status=400 if form.errors else 200)


@require_POST
@page
def priority(request: HttpRequest, actor: Actor, action_uuid: uuid.UUID) -> HttpResponse:
    marked = request.POST.get("priority") == "1"
    action = services.mark_priority(actor=actor, action_uuid=action_uuid, priority=marked)
    messages.success(request, _("Marked as a priority.") if marked else _("No longer marked as a priority."))
    _signatures_removed(request, action)
    return redirect("plans:detail", action.version.plan.uuid)


@require_POST
@page
def comment(request: HttpRequest, actor: Actor, plan_uuid: uuid.UUID) -> HttpResponse:
    view = services.get_plan(actor=actor, plan_uuid=plan_uuid)
    if not view.can_comment:
        raise NotAllowed(_("You may read this plan but not comment on it."))
    titles = services.requirement_titles(view.standard, _lang())
    form = CommentForm(
        request.POST, actions=[(a.requirement_id, titles.get(a.requirement_id, "")) for a in view.actions]
    )
    if form.is_valid():
        try:
            added = services.add_comment(actor=actor, plan_uuid=plan_uuid, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Comment added."))
            return _plan_at(plan_uuid, f"c-{added.uuid}")
    _say_refused(request, form, _("The comment was not added."))
    return _render_plan(request, view, comment_form=form, status=400)


@require_POST
@page
def sign(request: HttpRequest, actor: Actor, version_uuid: uuid.UUID) -> HttpResponse:
    form = SignForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(_("Read the plan again, then sign it: the page did not say which revision you read."))
        signed = services.sign(actor=actor, version_uuid=version_uuid, revision=form.cleaned_data["revision"])
    except ValidationError as exc:
        plan_uuid = services.get_version(actor=actor, version_uuid=version_uuid).plan.uuid
        status = 409 if isinstance(exc, services.StaleRevision) else 400
        return _refused(request, actor, plan_uuid, exc, status, sign_errors=exc.messages)
    if signed.adopted:
        messages.success(
            request,
            _("Signed. Both sides have signed: version %(n)d is adopted and in force.") % {"n": signed.number},
        )
    else:
        messages.success(request, _("Signed. The plan is adopted when the other side signs too."))
    return _plan_at(signed.plan.uuid, "signatures")


@require_POST
@page
def revise(request: HttpRequest, actor: Actor, plan_uuid: uuid.UUID) -> HttpResponse:
    form = ReviseForm(request.POST)
    if form.is_valid():
        try:
            new = services.revise(actor=actor, plan_uuid=plan_uuid, summary=form.cleaned_data["summary"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Version %(n)d started from the plan in force. Change it, then both sides sign it.")
                % {"n": new.number},
            )
            return _plan_at(plan_uuid, "in-force")
    _say_refused(request, form, _("No new version was started."))
    return _render_plan(request, services.get_plan(actor=actor, plan_uuid=plan_uuid), revise_form=form, status=400)
