"""Account use cases: registering, signing in (throttled), organisations and switching between them."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.utils import timezone

from passport.audit.services import record

from .access import Actor, NotAllowed, NotFound
from .models import LoginFailure, Membership, Organisation, OrganisationKind, Role, User


class TooManyAttempts(Exception):
    """Sign-in refused until the throttling window has passed."""


def register_user(*, email: str, name: str, password: str, language: str = "") -> User:
    """A new person. The password must pass the configured validators (ValidationError otherwise)."""
    email = email.strip().lower()
    candidate = User(email=email, name=name.strip(), language=language)
    validate_password(password, user=candidate)
    with transaction.atomic():
        user = User.objects.create_user(email=email, password=password, name=name.strip(), language=language)
        record(
            actor=Actor(user=user, organisation=None, role=None),
            action="user.registered",
            object_type="user",
            object_id=user.uuid,
        )
    return user


def sign_in(*, email: str, password: str, ip: str | None) -> User | None:
    """The user for these credentials, or None. Raises TooManyAttempts after too many recent
    failures for this e-mail or from this address (counted in the database, across workers)."""
    email = email.strip().lower()
    since = timezone.now() - dt.timedelta(seconds=settings.PASSPORT_LOGIN_WINDOW_SECONDS)
    limit = settings.PASSPORT_LOGIN_MAX_FAILURES
    recent = LoginFailure.objects.filter(at__gte=since)
    if recent.filter(email=email).count() >= limit or (ip and recent.filter(ip=ip).count() >= limit * 4):
        raise TooManyAttempts
    user = authenticate(username=email, password=password)
    if user is None:
        LoginFailure.objects.create(email=email, ip=ip)
        return None
    LoginFailure.objects.filter(email=email).delete()
    return user  # type: ignore[return-value]


def create_organisation(*, user: User, name: str, kind: str, country: str = "") -> Organisation:
    """A new organisation with ``user`` as its owner."""
    if kind not in OrganisationKind.values:
        raise NotAllowed(f"unknown organisation kind {kind!r}")
    with transaction.atomic():
        org = Organisation.objects.create(name=name.strip(), kind=kind, country=country.upper())
        Membership.objects.create(user=user, organisation=org, role=Role.OWNER)
        record(
            actor=Actor(user=user, organisation=org, role=Role.OWNER),
            action="organisation.created",
            object_type="organisation",
            object_id=org.uuid,
            detail={"name": org.name, "kind": kind},
        )
    return org


def membership_to_switch_to(*, user: User, organisation_uuid: str) -> Membership:
    """The user's membership of that organisation (NotFound if they have none)."""
    found = (
        Membership.objects.select_related("organisation")
        .filter(user=user, organisation__uuid=organisation_uuid)
        .first()
    )
    if found is None:
        raise NotFound("no such organisation among yours")
    return found


def set_language(*, user: User, language: str) -> None:
    if language not in {code for code, _ in settings.LANGUAGES}:
        raise NotAllowed(f"unsupported language {language!r}")
    User.objects.filter(pk=user.pk).update(language=language)
    user.language = language
