"""The deadline check: every adopted plan against its producer's latest assessment, on the
producer's own date; what it finds is recorded once and told to the people concerned.

For each plan with a first adoption the check takes the producer's latest submitted result,
re-classifies its answers on the producer's local date with the plan's adoption date as the
start of each mandatory window (the engine decides whether a window expired), and asks the
engine where each action of the latest adopted version stands (``passport.engine.check_deadlines``).

Each finding that needs someone's attention — due soon, overdue, expired for review, expired
so the producer no longer meets the entry criteria — becomes one ``DeadlineEvent`` per (plan,
requirement, kind, due date). Running the check again, the same day or later, finds the row and
does nothing: no second event, no second notification. A new event is written in the audit
log and notified, in each person's language, to the producer's owners and managers and to the
partner's (while the producer still authorises the partner).

A ``not_eligible`` event is the re-classification: until a later assessment is submitted, the
producer's standing (``standing``) is ``not_eligible`` with the event's reason.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from passport.accounts.models import Membership, Role, User
from passport.assessments.models import Answer, Result
from passport.audit.services import record
from passport.engine import (
    DeadlineCheck,
    DeadlineReport,
    DeadlineStatus,
    PassportError,
    PlanState,
    Standard,
    TrackedAction,
    check_deadlines,
    classify,
    text_in,
)
from passport.notifications.models import Notification
from passport.notifications.services import language_of, notify, send_email
from passport.producers.access import engine_profile
from passport.producers.clock import local_today
from passport.producers.models import AssessorAuthorisation, Producer
from passport.standards.services import load_published

from .models import ActionStatus, DeadlineEvent, DeadlineEventKind, Plan, PlanAction
from .progress import adopted_actions_of, statuses_of

logger = logging.getLogger(__name__)

WARN_DAYS = 30
BATCH = 200

# The statuses that are recorded and notified, as event kinds.
EVENT_KINDS: Mapping[DeadlineStatus, str] = {
    DeadlineStatus.DUE_SOON: DeadlineEventKind.DUE_SOON,
    DeadlineStatus.OVERDUE: DeadlineEventKind.OVERDUE,
    DeadlineStatus.EXPIRED_REVIEW: DeadlineEventKind.EXPIRED_REVIEW,
    DeadlineStatus.NOT_ELIGIBLE: DeadlineEventKind.NOT_ELIGIBLE,
}


# --- Evaluating plans --------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanCheck:
    """One plan checked on its producer's date."""

    plan: Plan
    result: Result
    """The latest submitted result it was checked against."""
    standard: Standard
    actions: Sequence[PlanAction]
    """The latest adopted version's actions."""
    report: DeadlineReport

    def action(self, requirement_id: str) -> PlanAction:
        return next(a for a in self.actions if a.requirement_id == requirement_id)


class _Loaded:
    """What checking a batch of plans needs, in a fixed number of queries."""

    def __init__(self, plans: Sequence[Plan]) -> None:
        ids = [p.pk for p in plans]
        producer_ids = {p.producer_id for p in plans}
        newest = (
            Result.objects.filter(producer=OuterRef("producer"), assessment__unit__isnull=True)
            .order_by("-created_at", "-id")
            .values("pk")[:1]
        )
        latest = (
            Result.objects.filter(producer_id__in=producer_ids, pk=Subquery(newest))
            .select_related("assessment__standard")
            .defer("classification")
        )
        self.latest: dict[int, Result] = {r.producer_id: r for r in latest}
        assessment_ids = {r.assessment_id for r in self.latest.values()} | {
            p.source_result.assessment_id for p in plans
        }
        self.answers: dict[int, dict[str, object]] = {}
        for assessment_id, indicator, value in Answer.objects.filter(assessment_id__in=assessment_ids).values_list(
            "assessment_id", "indicator_id", "value"
        ):
            self.answers.setdefault(assessment_id, {})[indicator] = value
        self.actions = adopted_actions_of(ids)
        self.statuses = statuses_of(ids)


def _plans() -> Iterator[list[Plan]]:
    """Every adopted plan, in batches (by id, so a long run never holds them all)."""
    rows = (
        Plan.objects.filter(first_adopted_on__isnull=False)
        .select_related("producer__organisation", "partner", "source_result__assessment__standard")
        .defer("source_result__classification")
        .order_by("id")
    )
    last = 0
    while True:
        batch = list(rows.filter(id__gt=last)[:BATCH])
        if not batch:
            return
        yield batch
        last = batch[-1].pk


def _check_one(
    plan: Plan, loaded: _Loaded, standards: dict[str, Standard], day: dt.date, warn_days: int
) -> PlanCheck | None:
    actions = loaded.actions.get(plan.pk, [])
    if not actions or plan.first_adopted_on is None:
        return None
    latest = loaded.latest.get(plan.producer_id)
    if latest is None or (latest.created_at, latest.pk) < (plan.source_result.created_at, plan.source_result.pk):
        latest = plan.source_result
    version = latest.assessment.standard
    if version.ref not in standards:
        standards[version.ref] = load_published(version)
    standard = standards[version.ref]
    known = {r.id for r in standard.requirements}
    tracked = [a for a in actions if a.requirement_id in known]
    if len(tracked) < len(actions):
        # The latest assessment is under a version without these requirements: nothing to judge.
        gone = sorted(a.requirement_id for a in actions if a.requirement_id not in known)
        logger.warning("plan %s: %s not in %s; not checked", plan.uuid, ", ".join(gone), version.ref)
    statuses = loaded.statuses.get(plan.pk, {})
    adopted = PlanState(adopted_on=plan.first_adopted_on)
    classification = classify(
        standard,
        engine_profile(plan.producer),
        loaded.answers.get(latest.assessment_id, {}),
        {a.requirement_id: adopted for a in tracked if a.mandatory},
        day,
    )
    report = check_deadlines(
        standard,
        [
            TrackedAction(a.requirement_id, a.mandatory, a.due_on, statuses.get(a.requirement_id) == ActionStatus.DONE)
            for a in tracked
        ],
        classification,
        day,
        warn_days,
    )
    return PlanCheck(plan=plan, result=latest, standard=standard, actions=tracked, report=report)


def check_plan(
    plan: Plan, *, now: dt.datetime | None = None, as_of: dt.date | None = None, warn_days: int = WARN_DAYS
) -> PlanCheck | None:
    """Where one plan's actions stand today (the producer's date) or on ``as_of``, without
    recording anything; None for a plan not adopted. For pages that show deadlines."""
    plan = (
        Plan.objects.select_related("producer__organisation", "partner", "source_result__assessment__standard")
        .defer("source_result__classification")
        .get(pk=plan.pk)
    )
    day = as_of or local_today(plan.producer, now)
    return _check_one(plan, _Loaded([plan]), {}, day, warn_days)


# --- The scheduled check -----------------------------------------------------------------------


@dataclass
class CheckSummary:
    """What one run found (the state on the day) and what it did (new events, notifications)."""

    plans: int = 0
    due_soon: int = 0
    overdue: int = 0
    expired_review: int = 0
    not_eligible: set[int] = field(default_factory=set)
    """Producers that no longer meet the entry criteria."""
    events: int = 0
    notifications: int = 0
    failures: list[str] = field(default_factory=list)
    """Plans that could not be checked, each as ``plan <uuid>: why``."""

    def describe(self) -> str:
        """One line, e.g. "3 plans checked: 1 warning, 1 overdue, 1 producer no longer meets entry
        criteria; 3 new events, 4 notifications"."""
        found = [
            ngettext("%(n)d warning", "%(n)d warnings", self.due_soon) % {"n": self.due_soon},
            ngettext("%(n)d overdue", "%(n)d overdue", self.overdue) % {"n": self.overdue},
            ngettext("%(n)d to review", "%(n)d to review", self.expired_review) % {"n": self.expired_review},
            ngettext(
                "%(n)d producer no longer meets entry criteria",
                "%(n)d producers no longer meet entry criteria",
                len(self.not_eligible),
            )
            % {"n": len(self.not_eligible)},
        ]
        done = [
            ngettext("%(n)d new event", "%(n)d new events", self.events) % {"n": self.events},
            ngettext("%(n)d notification", "%(n)d notifications", self.notifications) % {"n": self.notifications},
        ]
        head = ngettext("%(n)d plan checked", "%(n)d plans checked", self.plans) % {"n": self.plans}
        line = f"{head}: {', '.join(found)}; {', '.join(done)}"
        if self.failures:
            line += "; " + ngettext("%(n)d plan failed", "%(n)d plans failed", len(self.failures)) % {
                "n": len(self.failures)
            }
        return line


def check_all_deadlines(
    *,
    now: dt.datetime | None = None,
    as_of: dt.date | None = None,
    warn_days: int = WARN_DAYS,
    progress: Callable[[int, int], None] | None = None,
) -> CheckSummary:
    """Check every adopted plan (see the module's docstring). ``as_of`` fixes the date for every
    producer; otherwise each producer's local date at ``now`` (default: the current time).
    ``progress(checked, total)`` is called after each plan. A fixed number of queries per batch
    of plans, plus a few per new event."""
    if warn_days < 0:
        raise ValueError(f"warn_days must be 0 or more, not {warn_days}")
    now = now or timezone.now()
    summary = CheckSummary()
    total = Plan.objects.filter(first_adopted_on__isnull=False).count()
    standards: dict[str, Standard] = {}
    for batch in _plans():
        loaded = _Loaded(batch)
        known = _known_events(batch)
        people = _Recipients(batch)
        for plan in batch:
            day = as_of or local_today(plan.producer, now)
            try:
                checked = _check_one(plan, loaded, standards, day, warn_days)
            except (PassportError, ValueError) as exc:
                # One plan that cannot be checked (its standard file changed, a requirement gone)
                # must not stop the check of the others; it is reported and logged.
                logger.exception("deadline check of plan %s failed", plan.uuid)
                summary.failures.append(f"plan {plan.uuid}: {exc}")
                checked = None
            summary.plans += 1
            if checked is not None:
                _count(summary, checked)
                _record_new(checked, known, people, summary)
            if progress is not None:
                progress(summary.plans, total)
    return summary


def _count(summary: CheckSummary, checked: PlanCheck) -> None:
    for check in checked.report.checks:
        if check.status is DeadlineStatus.DUE_SOON:
            summary.due_soon += 1
        elif check.status is DeadlineStatus.OVERDUE:
            summary.overdue += 1
        elif check.status is DeadlineStatus.EXPIRED_REVIEW:
            summary.expired_review += 1
        elif check.status is DeadlineStatus.NOT_ELIGIBLE:
            summary.not_eligible.add(checked.plan.producer_id)


def _known_events(plans: Sequence[Plan]) -> set[tuple[int, str, str, dt.date]]:
    rows = DeadlineEvent.objects.filter(plan__in=plans).values_list("plan_id", "requirement_id", "kind", "due_on")
    return set(rows)


def _record_new(
    checked: PlanCheck, known: set[tuple[int, str, str, dt.date]], people: _Recipients, summary: CheckSummary
) -> None:
    plan = checked.plan
    for check in checked.report.checks:
        kind = EVENT_KINDS.get(check.status)
        if kind is None or check.due is None or (plan.pk, check.requirement_id, kind, check.due) in known:
            continue
        action = checked.action(check.requirement_id)
        sent: list[Notification] = []
        try:
            with transaction.atomic():
                event = DeadlineEvent.objects.create(
                    plan=plan,
                    version=action.version,
                    requirement_id=check.requirement_id,
                    kind=kind,
                    due_on=check.due,
                    as_of=checked.report.as_of,
                    reason=dict(check.reason),
                    result=checked.result,
                )
                _audit(checked, event, check)
                for user, sees_names in people.of(plan):
                    made = _notify(user, sees_names, checked, event, check)
                    if made is not None:
                        sent.append(made)
        except IntegrityError:
            continue  # another run recorded it meanwhile: it notified, not us
        known.add((plan.pk, check.requirement_id, kind, check.due))
        summary.events += 1
        summary.notifications += len(sent)
        for notification in sent:  # after the commit: a rolled-back event sends nothing
            send_email(notification)


def _audit(checked: PlanCheck, event: DeadlineEvent, check: DeadlineCheck) -> None:
    detail: dict[str, object] = {
        "requirement": event.requirement_id,
        "due_on": event.due_on.isoformat(),
        "as_of": event.as_of.isoformat(),
        "result": str(checked.result.uuid),
        "reason": check.reason.get("en", ""),
    }
    if event.kind == DeadlineEventKind.NOT_ELIGIBLE:
        detail["outcome"] = checked.report.outcome
    record(
        actor=None,
        action=f"deadline.{event.kind}",
        object_type="plan",
        object_id=checked.plan.uuid,
        producer=checked.plan.producer.uuid,
        detail=detail,
    )


class _Recipients:
    """The producer's and the partner's owners and managers, for a batch of plans (two queries).

    The partner is told only while the producer still authorises it; member names (the action's
    owner) are shown to the producer's people and to a facilitator partner only (decision 0010)."""

    def __init__(self, plans: Sequence[Plan]) -> None:
        orgs = {p.producer.organisation_id for p in plans} | {p.partner_id for p in plans}
        self.people: dict[int, list[User]] = {}
        memberships = Membership.objects.filter(
            organisation_id__in=orgs, role__in=(Role.OWNER, Role.MANAGER), user__is_active=True
        ).select_related("user")
        for m in memberships.order_by("organisation_id", "user_id"):
            self.people.setdefault(m.organisation_id, []).append(m.user)
        self.authorised = set(
            AssessorAuthorisation.objects.filter(
                producer_id__in={p.producer_id for p in plans},
                organisation_id__in={p.partner_id for p in plans},
                revoked_at__isnull=True,
            ).values_list("producer_id", "organisation_id")
        )

    def of(self, plan: Plan) -> list[tuple[User, bool]]:
        found = [(u, True) for u in self.people.get(plan.producer.organisation_id, [])]
        if (plan.producer_id, plan.partner_id) in self.authorised:
            sees_names = plan.partner.kind == "facilitator"
            found += [(u, sees_names) for u in self.people.get(plan.partner_id, []) if u not in {f[0] for f in found}]
        return found


def _subject(event: DeadlineEvent, requirement: str, producer: str) -> str:
    if event.kind == DeadlineEventKind.DUE_SOON:
        return _("Deadline approaching: %(requirement)s (%(producer)s)") % {
            "requirement": requirement,
            "producer": producer,
        }
    if event.kind == DeadlineEventKind.OVERDUE:
        return _("Overdue: %(requirement)s (%(producer)s)") % {"requirement": requirement, "producer": producer}
    if event.kind == DeadlineEventKind.EXPIRED_REVIEW:
        return _("Window expired, to review: %(requirement)s (%(producer)s)") % {
            "requirement": requirement,
            "producer": producer,
        }
    return _("%(producer)s no longer meets the entry criteria") % {"producer": producer}


def _notify(
    user: User, sees_names: bool, checked: PlanCheck, event: DeadlineEvent, check: DeadlineCheck
) -> Notification | None:
    lang = language_of(user)
    plan = checked.plan
    producer = plan.producer.organisation.name
    action = checked.action(event.requirement_id)
    with translation.override(lang):
        title = text_in(checked.standard.requirement(event.requirement_id).title, lang)
        requirement = f"{event.requirement_id} {title}"
        lines = [check.reason.get(lang) or check.reason.get("en", ""), ""]
        lines.append(_("Producer: %(producer)s") % {"producer": producer})
        lines.append(_("Due: %(due)s") % {"due": event.due_on.isoformat()})
        if action.owner is None:
            lines.append(_("No one is named yet to carry out this action."))
        elif sees_names:
            lines.append(_("Carried out by: %(owner)s") % {"owner": action.owner.name})
        return notify(
            recipient=user,
            key=f"plan:{plan.uuid}:{event.requirement_id}:{event.kind}:{event.due_on.isoformat()}",
            subject=_subject(event, requirement, producer),
            body="\n".join(lines),
            link=reverse("plans:detail", kwargs={"plan_uuid": plan.uuid}),
            email=False,
        )


# --- A producer's standing ---------------------------------------------------------------------


@dataclass(frozen=True)
class Standing:
    outcome: str
    since: dt.date
    reasons: list[str]
    """Why, in the active language: the recorded reasons of a re-classification (else empty)."""
    result: Result


def standing(producer: Producer) -> Standing | None:
    """The producer's outcome now: its latest result's, unless the deadline check found a
    mitigation window expired against that same result (no assessment since), which makes it
    ``not_eligible`` with the recorded reason. None before any result. Two queries."""
    latest = (
        Result.objects.filter(producer=producer, assessment__unit__isnull=True)  # the organisation's, not a unit's
        .defer("classification")
        .order_by("-created_at", "-id")
        .first()
    )
    if latest is None:
        return None
    events = list(
        DeadlineEvent.objects.filter(plan__producer=producer, kind=DeadlineEventKind.NOT_ELIGIBLE, result=latest)
        .only("as_of", "reason")
        .order_by("as_of", "id")
    )
    if not events:
        return Standing(outcome=latest.outcome, since=latest.as_of, reasons=[], result=latest)
    lang = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    reasons = [text_in(e.reason, lang) for e in events]
    return Standing(outcome="not_eligible", since=events[0].as_of, reasons=reasons, result=latest)
