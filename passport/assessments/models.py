"""Assessments, their answers and evidence, and the results the engine gave.

A result is written once when the assessment is submitted and never changed (the database
refuses updates and deletes, see migration 0003); it records the standard version and the
file's SHA-256 it was computed with.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passport.accounts.models import Organisation, User
from passport.producers.models import Producer, Unit
from passport.standards.models import StandardVersion


class AssessmentKind(models.TextChoices):
    SELF = "self", _("Self-assessment")
    BUYER_REVIEW = "buyer_review", _("Buyer review")
    VERIFICATION = "verification", _("Independent verification")


class AssessmentStatus(models.TextChoices):
    DRAFT = "draft", _("In progress")
    SUBMITTED = "submitted", _("Submitted")


class Assessment(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    producer = models.ForeignKey(Producer, on_delete=models.PROTECT, related_name="assessments")
    standard = models.ForeignKey(StandardVersion, on_delete=models.PROTECT, related_name="assessments")
    kind = models.CharField(_("kind"), max_length=20, choices=AssessmentKind.choices)
    conducted_by = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="assessments_conducted",
        help_text="The organisation running it: the producer, its facilitator, a buyer or a verifier.",
    )
    started_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(default=timezone.now)
    status = models.CharField(max_length=10, choices=AssessmentStatus.choices, default=AssessmentStatus.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(User, on_delete=models.PROTECT, null=True, blank=True, related_name="+")
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="assessments",
        help_text="The member or crew of a cooperative assessed on its own; empty for the whole producer.",
    )

    class Meta:
        ordering: ClassVar = ["-started_at", "id"]
        indexes: ClassVar = [
            # A producer's history, newest first.
            models.Index(fields=["producer", "-started_at"], name="assessment_producer_recent"),
        ]
        constraints: ClassVar = [
            models.CheckConstraint(condition=models.Q(kind__in=AssessmentKind.values), name="assessment_kind_valid"),
            models.CheckConstraint(
                condition=models.Q(status=AssessmentStatus.DRAFT, submitted_at__isnull=True)
                | models.Q(status=AssessmentStatus.SUBMITTED, submitted_at__isnull=False),
                name="assessment_submitted_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of {self.producer} ({self.standard.ref})"

    @property
    def is_draft(self) -> bool:
        return self.status == AssessmentStatus.DRAFT


class Answer(models.Model):
    """The current answer to one question; who gave it and when. Earlier values are in the audit log."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    indicator_id = models.CharField(max_length=80)
    value = models.JSONField()
    answered_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    answered_for = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["assessment", "indicator_id"], name="answer_unique_per_question"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id}={self.value!r}"


def evidence_path(instance: Evidence, filename: str) -> str:
    # Stored under the content hash, never the uploader's file name (no path tricks, no collisions).
    return f"evidence/{instance.sha256[:2]}/{instance.sha256}"


class Evidence(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    requirement_id = models.CharField(max_length=80)
    file = models.FileField(upload_to=evidence_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    description = models.CharField(max_length=300, blank=True)
    uploaded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["uploaded_at", "id"]
        indexes: ClassVar = [
            # The evidence shown beside one requirement.
            models.Index(fields=["assessment", "requirement_id"], name="evidence_requirement"),
        ]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.sha256[:12]})"


class Result(models.Model):
    """What the engine said at submission. Written once; never updated or deleted."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    assessment = models.OneToOneField(Assessment, on_delete=models.PROTECT, related_name="result")
    producer = models.ForeignKey(Producer, on_delete=models.PROTECT, related_name="results")
    standard_ref = models.CharField(max_length=80)
    standard_digest = models.CharField(max_length=64)
    as_of = models.DateField()
    outcome = models.CharField(max_length=30)
    classification = models.JSONField(
        help_text="The engine's result (passport.engine.to_dict) in every language of the standard: {lang: result}"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["-created_at", "id"]
        indexes: ClassVar = [
            # A producer's latest result, and its history.
            models.Index(fields=["producer", "-created_at"], name="result_producer_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.producer}: {self.outcome} ({self.standard_ref}, {self.as_of})"


class ResultFinding(models.Model):
    """One requirement's finding in a result, as a row, so history across results is one query."""

    result = models.ForeignKey(Result, on_delete=models.PROTECT, related_name="findings")
    requirement_id = models.CharField(max_length=80)
    module_id = models.CharField(max_length=20)
    level = models.CharField(max_length=40, blank=True)
    action = models.CharField(max_length=40, blank=True)
    outcome = models.CharField(max_length=30)
    deadline = models.DateField(null=True)

    class Meta:
        ordering: ClassVar = ["id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["result", "requirement_id"], name="finding_unique_per_requirement"),
        ]

    def __str__(self) -> str:
        return f"{self.requirement_id}: {self.level or self.outcome}"
