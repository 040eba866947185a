"""A person's notifications: in the app, and by e-mail.

The text is written in the recipient's language when the notification is made, so the inbox and
the e-mail say the same thing; a notification is made at most once per ``key`` per person, so a
job that runs again (``passport plans check-deadlines``) never notifies twice.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.utils import timezone

from passport.accounts.models import User


class Notification(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    key = models.CharField(
        max_length=200, help_text="What it is about, e.g. plan:<uuid>:M4-TAX-01:due_soon:2027-05-31; one per person."
    )
    language = models.CharField(max_length=8)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=300, blank=True, help_text="A path on this site.")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering: ClassVar = ["-created_at", "-id"]
        constraints: ClassVar = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_key"),
        ]
        indexes: ClassVar = [
            # The inbox: a person's newest notifications, and the unread count in the header.
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            # The daily retry of e-mails that did not go out (services.unsent): only unsent rows.
            models.Index(
                fields=["created_at"], condition=models.Q(emailed_at__isnull=True), name="notification_unsent"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient}: {self.subject}"
