"""A standard version the platform has published. The file's SHA-256 is recorded so an edited
file is refused instead of silently changing what past assessments meant."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils import timezone


class StandardVersion(models.Model):
    ref = models.CharField(max_length=80, unique=True, help_text="id@version, e.g. mes@1.0")
    standard_id = models.CharField(max_length=60)
    version = models.CharField(max_length=20)
    digest = models.CharField(max_length=64, help_text="SHA-256 of the published file")
    title = models.JSONField(help_text="Title per language")
    published_on = models.DateField(null=True)
    registered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering: ClassVar = ["standard_id", "version"]

    def __str__(self) -> str:
        return self.ref
