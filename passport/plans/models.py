"""Improvement plans agreed between a producer and a market partner.

A ``Plan`` is drafted from one submitted result and agreed with one partner organisation (a buyer
or the producer's facilitator). Its content lives in numbered ``PlanVersion`` rows: a version is
adopted when both the producer and the partner have signed it; changing an adopted plan makes a
new version that needs both signatures again. Every version is kept. While a version is being
agreed, each change of its content moves its ``revision`` and removes its signatures; a signer
names the revision it read, so nobody signs content they have not seen.

Mandatory (mitigate-within-window) deadlines run from the plan's *first* adoption
(``Plan.first_adopted_on``) and a later version cannot move them: re-signing must not restart the
six-month clock of OECD Annex II. Progress (notes, evidence, done) belongs to the plan and the
requirement, so it carries across versions.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passport.accounts.models import Organisation, User
from passport.assessments.models import Result
from passport.producers.models import Member, Producer


class Strategy(models.TextChoices):
    QUICK_WINS = "quick_wins", _("Quick wins first")
    SUPPLY_CHAIN = "supply_chain", _("What the supply chain needs most")
    BENEFIT_TO_MINERS = "benefit_to_miners", _("What benefits miners most")
    EARLIEST_DEADLINE = "earliest_deadline", _("Earliest deadline first")


class Plan(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    producer = models.ForeignKey(Producer, on_delete=models.PROTECT, related_name="plans")
    partner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="plans_as_partner",
        help_text="The buyer or facilitator who agrees the plan with the producer.",
    )
    source_result = models.ForeignKey(Result, on_delete=models.PROTECT, related_name="plans")
    standard_ref = models.CharField(max_length=80)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    first_adopted_on = models.DateField(
        null=True, blank=True, help_text="Set once, when version 1 is adopted; mandatory deadlines run from it."
    )

    class Meta:
        ordering: ClassVar = ["-created_at", "id"]
        constraints: ClassVar = [
            # One result makes at most one plan per partner, even when two drafts race.
            models.UniqueConstraint(fields=["source_result", "partner"], name="plan_once_per_result_and_partner"),
        ]
        indexes: ClassVar = [
            # A producer's plans, newest first.
            models.Index(fields=["producer", "-created_at"], name="plan_producer_recent"),
            # The deadline check walks adopted plans only.
            models.Index(fields=["first_adopted_on"], name="plan_adopted"),
        ]

    def __str__(self) -> str:
        return f"Plan of {self.producer} with {self.partner}"


class PlanVersion(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    strategy = models.CharField(_("sequencing"), max_length=20, choices=Strategy.choices)
    summary = models.CharField(_("what changed"), max_length=300, blank=True)
    created_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    adopted_on = models.DateField(null=True, blank=True)
    adopted_at = models.DateTimeField(null=True, blank=True)
    revision = models.PositiveIntegerField(
        default=1,
        help_text="Moves by one at every change of the draft's content; a signature names the revision it covers.",
    )

    class Meta:
        ordering: ClassVar = ["plan", "-number"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_number_unique"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="plan_version_number_positive"),
            models.CheckConstraint(condition=models.Q(revision__gte=1), name="plan_version_revision_positive"),
            models.CheckConstraint(
                condition=models.Q(strategy__in=Strategy.values), name="plan_version_strategy_valid"
            ),
            models.CheckConstraint(
                condition=models.Q(adopted_on__isnull=True, adopted_at__isnull=True)
                | models.Q(adopted_on__isnull=False, adopted_at__isnull=False),
                name="plan_version_adopted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"

    @property
    def adopted(self) -> bool:
        return self.adopted_on is not None


class PlanAction(models.Model):
    """One action of one version: what to do about one requirement's finding."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="actions")
    requirement_id = models.CharField(max_length=80)
    cell_id = models.CharField(max_length=80)
    mandatory = models.BooleanField(help_text="A mitigate-within-window finding: its deadline comes from the standard.")
    window = models.CharField(max_length=20, blank=True, help_text="The standard's window, ISO 8601 (e.g. P6M).")
    position = models.PositiveIntegerField()
    why = models.JSONField(default=dict, help_text="Why it sits at this position: {lang: text}, from the engine.")
    owner = models.ForeignKey(
        Member, on_delete=models.SET_NULL, null=True, blank=True, related_name="plan_actions", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due"), null=True, blank=True)
    done_means = models.TextField(_("done means"), blank=True)
    priority = models.BooleanField(_("partner priority"), default=False)

    class Meta:
        ordering: ClassVar = ["version", "position"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["version", "requirement_id"], name="plan_action_one_per_requirement"),
        ]

    def __str__(self) -> str:
        return f"{self.requirement_id} ({'mandatory' if self.mandatory else 'optional'})"


class Signature(models.Model):
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="signatures")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    signed_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    signed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["signed_at", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["version", "organisation"], name="signature_once_per_organisation"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} signed {self.version}"


class CommentKind(models.TextChoices):
    COMMENT = "comment", _("Comment")
    PROPOSAL = "proposal", _("Proposed change")


class Comment(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="comments")
    requirement_id = models.CharField(max_length=80, blank=True, help_text="Blank: about the whole plan.")
    kind = models.CharField(max_length=10, choices=CommentKind.choices, default=CommentKind.COMMENT)
    text = models.TextField(_("comment"))
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["created_at", "id"]
        constraints: ClassVar = [
            models.CheckConstraint(condition=models.Q(kind__in=CommentKind.values), name="comment_kind_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.author}: {self.text[:40]}"


class ActionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class ProgressNote(models.Model):
    """Progress on one requirement's action, kept with the plan so it survives new versions."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="progress_notes")
    requirement_id = models.CharField(max_length=80)
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices)
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["created_at", "id"]
        indexes: ClassVar = [
            # The latest status of each action of a plan.
            models.Index(fields=["plan", "requirement_id", "-created_at"], name="progress_latest"),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(condition=models.Q(status__in=ActionStatus.values), name="progress_status_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.requirement_id}: {self.status}"


def action_evidence_path(instance: ActionEvidence, filename: str) -> str:
    # Stored under the content hash, like assessment evidence.
    return f"plan-evidence/{instance.sha256[:2]}/{instance.sha256}"


class ActionEvidence(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    note = models.ForeignKey(ProgressNote, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to=action_evidence_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.sha256[:12]})"


class DeadlineEventKind(models.TextChoices):
    DUE_SOON = "due_soon", _("Deadline approaching")
    OVERDUE = "overdue", _("Overdue")
    EXPIRED_REVIEW = "expired_review", _("Window expired: review")
    NOT_ELIGIBLE = "not_eligible", _("Window expired: does not meet entry criteria")


class DeadlineEvent(models.Model):
    """What the deadline check found, once per (plan, requirement, kind, due date): re-running the
    check finds the row and does nothing. ``not_eligible`` events re-classify the producer."""

    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="deadline_events")
    version = models.ForeignKey(PlanVersion, on_delete=models.PROTECT, related_name="+")
    requirement_id = models.CharField(max_length=80)
    kind = models.CharField(max_length=20, choices=DeadlineEventKind.choices)
    due_on = models.DateField()
    as_of = models.DateField(help_text="The day the check ran for (the producer's local date).")
    reason = models.JSONField(help_text="{lang: text}: why, in plain words.")
    result = models.ForeignKey(
        Result, on_delete=models.PROTECT, related_name="+", help_text="The latest result the check looked at."
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-created_at", "id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["plan", "requirement_id", "kind", "due_on"], name="deadline_event_once"),
            models.CheckConstraint(
                condition=models.Q(kind__in=DeadlineEventKind.values), name="deadline_event_kind_valid"
            ),
        ]
        indexes: ClassVar = [
            # A producer's standing: its re-classifications.
            models.Index(fields=["plan", "kind"], name="deadline_event_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.plan}: {self.requirement_id} {self.kind} ({self.due_on})"
