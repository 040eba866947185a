"""Registering published standards and loading the compiled version an assessment is pinned to."""

from __future__ import annotations

from django.db import transaction

from passport.engine import PassportError, Standard, get_standard

from .models import StandardVersion


class StandardChanged(PassportError):
    """The file for a published version no longer has the bytes it was published with."""


def publish_standard(*, ref: str) -> StandardVersion:
    """Record ``ref`` (e.g. ``mes@1.0``) as published. Idempotent for the same file; refuses a
    file whose bytes differ from the ones published under the same version."""
    standard = get_standard(ref)
    if standard.status != "published":
        raise PassportError(f"{ref}: status is {standard.status!r}; only published versions can be used")
    with transaction.atomic():
        row, created = StandardVersion.objects.get_or_create(
            ref=standard.ref,
            defaults={
                "standard_id": standard.id,
                "version": standard.version,
                "digest": standard.digest,
                "title": dict(standard.title) if not isinstance(standard.title, str) else {"en": standard.title},
                "published_on": standard.published_on,
            },
        )
    if not created and row.digest != standard.digest:
        raise StandardChanged(
            f"{standard.path}: differs from the published {ref} "
            f"(sha256 {row.digest[:12]}…, file {standard.digest[:12]}…); "
            "publish a new version instead of editing a published one"
        )
    return row


def load_published(version: StandardVersion) -> Standard:
    """The compiled standard for a published row, checking the file is still the published one."""
    standard = get_standard(version.ref)
    if standard.digest != version.digest:
        raise StandardChanged(f"{standard.path}: differs from the published {version.ref}")
    return standard
