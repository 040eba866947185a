"""One row per change or view of confidential data. Rows are never updated or deleted: the
database refuses it (triggers in migration 0002), and each row carries the hash of the one
before it, so an edit made behind the database's back is found by ``passport audit verify``."""

from __future__ import annotations

from typing import ClassVar

from django.db import models


class AuditEntry(models.Model):
    at = models.DateTimeField()
    actor_user = models.UUIDField(null=True, help_text="User uuid (kept if the user is deleted)")
    actor_label = models.CharField(max_length=300)
    organisation = models.UUIDField(null=True, help_text="Organisation the actor acted for")
    ip = models.GenericIPAddressField(null=True)
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    producer = models.UUIDField(null=True, help_text="The producer whose data this concerns")
    detail = models.JSONField(default=dict)
    # Unique: each entry follows exactly one other, so two appends that raced on the same
    # predecessor cannot both land (the loser retries; see services.record).
    previous_hash = models.CharField(max_length=64, unique=True)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        ordering: ClassVar = ["id"]
        indexes: ClassVar = [
            # A producer's own access log lists its entries newest first.
            models.Index(fields=["producer", "-id"], name="audit_producer_recent"),
            # An object's history.
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.at:%Y-%m-%d %H:%M:%S} {self.actor_label} {self.action} {self.object_type}"
