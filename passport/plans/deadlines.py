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

Each run first e-mails again the notifications of the last seven days whose e-mail failed
(``notifications.services.resend_unsent``). A dry run (``dry_run=True``) does the whole check in
a transaction that is rolled back and sends nothing: it reports what a run would find and do.

A ``not_eligible`` event is the re-classification: the producer's standing (``standing``) is
``not_eligible`` with the event's reason until an assessment that no longer finds the risk. A new
assessment of the whole producer is classified with its adopted plans' dates (``plan_states``),
so one submitted after a window lapsed, still finding the risk, is itself ``not_eligible``.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from passport.accounts.models import Membership, Role, User
from passport.assessments.models import Answer, Result, ResultFinding
from passport.audit.services import record
from passport.engine import (
    INCOMPLETE,
    NOT_ELIGIBLE,
    DeadlineCheck,
    DeadlineReport,
    DeadlineStatus,
    PassportError,
    PlanState,
    Standard,
    TrackedAction,
    UnitOutcome,
    check_deadlines,
    classify,
    get_standard,
    roll_up,
    text_in,
)
from passport.notifications.models import Notification
from passport.notifications.services import RESEND_WITHIN, language_of, notify, resend_unsent, send_email, unsent
from passport.producers.access import engine_profile
from passport.producers.clock import local_today
from passport.producers.models import AssessorAuthorisation, Producer, Unit
from passport.producers.units import exclusions_on, may_have_units
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


def _earliest(adoptions: Iterable[tuple[str, dt.date]]) -> dict[str, PlanState]:
    """(requirement, adopted on) pairs as the engine's plan state: a requirement that several
    plans name runs from the earliest adoption, so a second plan cannot restart its window."""
    earliest: dict[str, dt.date] = {}
    for requirement_id, adopted_on in adoptions:
        if requirement_id not in earliest or adopted_on < earliest[requirement_id]:
            earliest[requirement_id] = adopted_on
    return {requirement_id: PlanState(adopted_on=day) for requirement_id, day in earliest.items()}


def plan_states(producer: Producer) -> dict[str, PlanState]:
    """When each of the producer's mandatory windows started: each mandatory action of the latest
    adopted version of every adopted plan, from the plan's first adoption (the earliest when plans
    share a requirement). For classifying a new assessment of the producer as a whole, so that it
    carries the due dates and, once a window has lapsed with the risk still there, the standard's
    consequence. Two queries."""
    adopted = dict(
        Plan.objects.filter(producer=producer, first_adopted_on__isnull=False).values_list("pk", "first_adopted_on")
    )
    if not adopted:
        return {}
    actions = adopted_actions_of(list(adopted))
    return _earliest(
        (action.requirement_id, adopted[plan_id])
        for plan_id, plan_actions in actions.items()
        for action in plan_actions
        if action.mandatory
    )


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
    adopted_on = plan.first_adopted_on
    classification = classify(
        standard,
        engine_profile(plan.producer),
        loaded.answers.get(latest.assessment_id, {}),
        _earliest((a.requirement_id, adopted_on) for a in tracked if a.mandatory),
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
    resent: int = 0
    """E-mails of earlier notifications that had failed, sent this time."""
    failures: list[str] = field(default_factory=list)
    """Plans that could not be checked, each as ``plan <uuid>: why``."""
    dry_run: bool = False
    """Nothing was kept or sent: the counts say what a run would have done."""

    def describe(self) -> str:
        """One line, e.g. "3 plans checked: 1 warning, 1 overdue, 1 producer no longer meets entry
        criteria; 3 new events, 4 notifications, 1 e-mail re-sent" (the e-mails only when some
        were), prefixed "Dry run: nothing recorded or sent." for a dry run."""
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
        if self.resent:
            done.append(ngettext("%(n)d e-mail re-sent", "%(n)d e-mails re-sent", self.resent) % {"n": self.resent})
        head = ngettext("%(n)d plan checked", "%(n)d plans checked", self.plans) % {"n": self.plans}
        line = f"{head}: {', '.join(found)}; {', '.join(done)}"
        if self.failures:
            line += "; " + ngettext("%(n)d plan failed", "%(n)d plans failed", len(self.failures)) % {
                "n": len(self.failures)
            }
        if self.dry_run:
            line = f"{_('Dry run: nothing recorded or sent.')} {line}"
        return line


def latest_as_of(now: dt.datetime | None = None) -> dt.date:
    """The latest date a check that records and notifies may be run as of: today in UTC plus a
    day, so that the date already reached east of UTC (up to UTC+14) is allowed. A later date
    would record deadlines as passed, and tell people so, before they are: only a dry run may
    look ahead. For the commands; the service itself accepts any date (tests travel in time)."""
    return (now or timezone.now()).astimezone(dt.UTC).date() + dt.timedelta(days=1)


def future_as_of_problem(as_of: dt.date, *, now: dt.datetime | None = None) -> str | None:
    """Why ``as_of`` may not be used for a check that records and notifies, or None when it may."""
    latest = latest_as_of(now)
    if as_of <= latest:
        return None
    return (
        f"--as-of: {as_of.isoformat()} is later than today (at most {latest.isoformat()}, today somewhere "
        "on Earth); a check on it would record deadlines as passed and notify people before they are. "
        "Add --dry-run to see what it would find on that day without recording or sending anything."
    )


def check_all_deadlines(
    *,
    now: dt.datetime | None = None,
    as_of: dt.date | None = None,
    warn_days: int = WARN_DAYS,
    progress: Callable[[int, int], None] | None = None,
    dry_run: bool = False,
) -> CheckSummary:
    """Check every adopted plan (see the module's docstring). ``as_of`` fixes the date for every
    producer; otherwise each producer's local date at ``now`` (default: the current time).
    ``progress(checked, total)`` is called after each plan. A fixed number of queries per batch
    of plans, plus a few per new event and per e-mail re-sent.

    ``dry_run``: the same check inside a transaction that is rolled back, sending no e-mail and
    writing no audit entry (whose lock would otherwise be held until the end of the run), so the
    summary says what a run would find and do, and nothing is kept or sent."""
    if warn_days < 0:
        raise ValueError(f"warn_days must be 0 or more, not {warn_days}")
    now = now or timezone.now()
    if not dry_run:
        return _check_all(now, as_of, warn_days, progress, dry_run=False)
    with transaction.atomic():
        summary = _check_all(now, as_of, warn_days, progress, dry_run=True)
        transaction.set_rollback(True)
    return summary


def _check_all(
    now: dt.datetime,
    as_of: dt.date | None,
    warn_days: int,
    progress: Callable[[int, int], None] | None,
    *,
    dry_run: bool,
) -> CheckSummary:
    summary = CheckSummary(dry_run=dry_run)
    # E-mails that failed before go first, so those of this run's new events are not counted twice.
    since = now - RESEND_WITHIN
    summary.resent = unsent(since=since).count() if dry_run else resend_unsent(since=since)
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
                _record_new(checked, known, people, summary, dry_run=dry_run)
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
    checked: PlanCheck,
    known: set[tuple[int, str, str, dt.date]],
    people: _Recipients,
    summary: CheckSummary,
    *,
    dry_run: bool,
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
                if not dry_run:
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
        if dry_run:
            # Inside the dry run's transaction the block above committed nothing: send nothing.
            continue
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

# The findings that still carry a lapsed window's risk: to mitigate, or to disengage from because
# the window lapsed (a new assessment classified with the plan's dates says so itself).
RISK_ACTIONS = ("mitigate", "disengage_immediately")


@dataclass(frozen=True)
class Standing:
    outcome: str
    since: dt.date
    reasons: list[str]
    """Why, in the active language: the recorded reasons of a re-classification and, for a
    cooperative or association, that units counting for its supply do not meet the entry criteria
    (else empty). Never a unit's name: it may be a person's, and every reader of the producer
    sees these."""
    result: Result
    """The producer's latest result as a whole (not a unit's)."""
    link: str | None = None
    """Where to read more when units are why: the roll-up page (shown to readers who see findings)."""


def standing(producer: Producer, *, now: dt.datetime | None = None) -> Standing | None:
    """Where the producer stands now. ``not_eligible`` when any of these holds, else its latest
    result's outcome (None before any result of the producer as a whole):

    - its latest result's outcome is ``not_eligible``;
    - the deadline check found a mitigation window lapsed (a ``not_eligible`` event) and no
      assessment since has stopped finding that risk: the latest still finds it to mitigate or
      to disengage from. Only an assessment that no longer finds it ends the re-classification;
    - for a cooperative or association, the roll-up of the units that count for its supply is
      ``not_eligible`` on the producer's local date at ``now``.

    A fixed number of queries: two, plus four for a cooperative or association."""
    latest = (
        Result.objects.filter(producer=producer, assessment__unit__isnull=True)  # the organisation's, not a unit's
        .defer("classification")
        .order_by("-created_at", "-id")
        .first()
    )
    if latest is None:
        return None
    events = _lapsed(producer, latest)
    units = _units_not_eligible(producer, local_today(producer, now))
    lang = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
    reasons = list(dict.fromkeys(text_in(e.reason, lang) for e in events))  # several plans, one reason
    since = [e.as_of for e in events]
    if latest.outcome == NOT_ELIGIBLE:
        since.append(latest.as_of)
    link = None
    if units is not None:
        count, first = units
        reasons.append(
            ngettext(
                "A unit that counts for the organisation's supply does not meet the entry criteria; "
                "the roll-up of its units shows why.",
                "%(n)d units that count for the organisation's supply do not meet the entry criteria; "
                "the roll-up of its units shows why.",
                count,
            )
            % {"n": count}
        )
        since.append(first)
        link = reverse("assessments:rollup", kwargs={"producer_uuid": producer.uuid})
    if not since:
        return Standing(outcome=latest.outcome, since=latest.as_of, reasons=[], result=latest)
    return Standing(outcome=NOT_ELIGIBLE, since=min(since), reasons=reasons, result=latest, link=link)


def _lapsed(producer: Producer, latest: Result) -> list[DeadlineEvent]:
    """The producer's ``not_eligible`` events still in force: the latest result still finds the
    requirement's risk, and no result since the event's has stopped finding it. One query."""
    still_found = ResultFinding.objects.filter(result=latest, action__in=RISK_ACTIONS).values("requirement_id")
    after_event = Q(created_at__gt=OuterRef("result__created_at")) | Q(
        created_at=OuterRef("result__created_at"), pk__gt=OuterRef("result_id")
    )
    risk_found = ResultFinding.objects.filter(
        result=OuterRef("pk"), requirement_id=OuterRef(OuterRef("requirement_id")), action__in=RISK_ACTIONS
    )
    ended = (
        Result.objects.filter(producer=producer, assessment__unit__isnull=True)
        .filter(after_event)
        .exclude(Exists(risk_found))
    )
    rows = DeadlineEvent.objects.filter(
        plan__producer=producer, kind=DeadlineEventKind.NOT_ELIGIBLE, requirement_id__in=Subquery(still_found)
    ).exclude(Exists(ended))
    return list(rows.only("as_of", "reason").order_by("as_of", "id"))


def _units_not_eligible(producer: Producer, day: dt.date) -> tuple[int, dt.date] | None:
    """How many units counting for the producer's supply make its roll-up ``not_eligible`` on
    ``day``, and the earliest of their results' dates; None when the roll-up is not. The same
    reading as the roll-up page (``passport.assessments.rollup``): each unit's latest result on or
    before ``day`` for the standard version of the most recent unit result, exclusions in force on
    ``day``; the rule is the engine's ``roll_up``. No query for producers that cannot have units;
    four otherwise."""
    if not may_have_units(producer):
        return None
    unit_results = Result.objects.filter(producer=producer, assessment__unit__isnull=False, as_of__lte=day)
    ref = unit_results.order_by("-created_at", "-id").values_list("standard_ref", flat=True).first()
    if ref is None:
        return None
    newest = (
        Result.objects.filter(assessment__unit=OuterRef("pk"), standard_ref=ref, as_of__lte=day)
        .order_by("-created_at", "-id")
        .values("pk")[:1]
    )
    units = list(
        Unit.objects.filter(producer=producer)
        .annotate(result_id=Subquery(newest))
        .order_by("created_at", "id")
        .values_list("pk", "uuid", "result_id")
    )
    ids = [result_id for _pk, _uuid, result_id in units if result_id is not None]
    results = {
        pk: (outcome, as_of)
        for pk, outcome, as_of in Result.objects.filter(pk__in=ids).values_list("pk", "outcome", "as_of")
    }
    excluded = exclusions_on(producer, day)
    outcomes = [
        UnitOutcome(
            unit_id=str(unit_uuid),
            name=str(unit_uuid),  # never shown: the reasons above name no unit
            outcome=results[result_id][0] if result_id in results else INCOMPLETE,
            findings={},
            excluded=pk in excluded,
        )
        for pk, unit_uuid, result_id in units
    ]
    try:
        rolled = roll_up(get_standard(ref), outcomes)
    except PassportError:
        logger.exception("standing of producer %s: standard %s unavailable; units not rolled up", producer.uuid, ref)
        return None
    if rolled.outcome != NOT_ELIGIBLE:
        return None
    dates = [
        results[result_id][1]
        for pk, _uuid, result_id in units
        if pk not in excluded and result_id in results and results[result_id][0] == NOT_ELIGIBLE
    ]
    return len(dates), min(dates)
