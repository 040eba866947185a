"""What a producer shares, with whom, for what: grants, access requests, tightened fields and
the public directory. The policy that reads them is ``passport.engine.sharing`` (decision 0015);
``passport.sharing.policy`` builds its inputs from these rows (decision 0016)."""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from passport.accounts.models import Organisation, User
from passport.producers.models import Producer


class GrantAudience(models.TextChoices):
    """The audiences a grant can give (the producer and its facilitator need none)."""

    ACTUAL_PARTNER = "actual_partner", _("Actual partner")
    PROSPECTIVE_PARTNER = "prospective_partner", _("Prospective partner")
    VERIFIER = "verifier", _("Verifier")
    AUTHORITY = "authority", _("Authority (statistics only)")


class GrantPurpose(models.TextChoices):
    DUE_DILIGENCE = "due_diligence", _("Due diligence")
    SOURCING = "sourcing", _("Sourcing")
    VERIFICATION = "verification", _("Verification")
    SUPPORT = "support", _("Support")
    STATISTICS = "statistics", _("Statistics")


class Sensitivity(models.TextChoices):
    CONFIDENTIAL = "confidential", _("Confidential")
    PARTNERS = "partners", _("Partners")
    PUBLIC = "public", _("Public")


class AccessRequest(models.Model):
    """An organisation asks a producer for access, with a message; the producer accepts it as
    asked, narrows it (a lower audience, fewer purposes, an earlier end) or declines it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the producer")
        ACCEPTED = "accepted", _("Accepted")
        NARROWED = "narrowed", _("Accepted with less access")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="access_requests")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="access_requests")
    requested_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    audience = models.CharField(_("access asked for"), max_length=20, choices=GrantAudience.choices)
    purposes = models.JSONField(_("purposes"), default=list)
    until = models.DateField(_("until"), null=True, blank=True)
    message = models.TextField(_("message"), max_length=2000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    answered_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    answer = models.TextField(_("answer"), max_length=2000, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "id"]
        constraints: ClassVar = [
            # One open request per organisation and producer, even when two are sent at once.
            models.UniqueConstraint(
                fields=["producer", "organisation"],
                condition=models.Q(status="pending"),
                name="access_request_one_pending",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["organisation", "-created_at"], name="access_request_by_org")]

    def __str__(self) -> str:
        return f"{self.organisation} asks {self.producer} ({self.status})"


class Grant(models.Model):
    """The producer lets one organisation see its data at one audience level, for stated purposes,
    from a day, optionally until a day (inclusive); revoking it ends it the day it is revoked."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="grants")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="grants_held")
    audience = models.CharField(_("access"), max_length=20, choices=GrantAudience.choices)
    purposes = models.JSONField(_("purposes"), default=list)
    granted_on = models.DateField(_("from"))
    until = models.DateField(_("until"), null=True, blank=True)
    revoked_on = models.DateField(null=True, blank=True)
    granted_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    request = models.ForeignKey(AccessRequest, on_delete=models.SET_NULL, null=True, blank=True, related_name="grants")

    class Meta:
        ordering: ClassVar = ["-granted_at", "id"]
        indexes: ClassVar = [
            # "Which grants does this organisation hold on this producer?" — asked on every page.
            models.Index(fields=["producer", "organisation"], name="grant_producer_org"),
            models.Index(fields=["organisation", "revoked_on"], name="grant_holder"),
        ]

    def __str__(self) -> str:
        return f"{self.producer} grants {self.organisation} {self.audience}"


class FieldSetting(models.Model):
    """A producer's stricter sensitivity for one of the platform's fields (never looser: the
    policy ignores a looser one, ``passport.engine.tightened``)."""

    producer = models.ForeignKey(Producer, on_delete=models.CASCADE, related_name="field_settings")
    key = models.CharField(max_length=40)
    sensitivity = models.CharField(max_length=12, choices=Sensitivity.choices)
    changed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [models.UniqueConstraint(fields=["producer", "key"], name="field_setting_once")]

    def __str__(self) -> str:
        return f"{self.producer}: {self.key} {self.sensitivity}"


class DirectoryListing(models.Model):
    """The producer opted in to the public directory (public fields only); deleting the row opts out."""

    producer = models.OneToOneField(Producer, on_delete=models.CASCADE, related_name="listing")
    listed_at = models.DateTimeField(default=timezone.now)
    listed_by = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")

    def __str__(self) -> str:
        return f"{self.producer} (listed)"
