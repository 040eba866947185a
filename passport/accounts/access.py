"""Who is acting, for which organisation, and the checks every service shares.

Services take an ``Actor`` and decide; views and API endpoints only build the actor and turn
``NotAllowed`` into 403 and ``NotFound`` into 404. An object the actor may not know exists is
``NotFound``, never ``NotAllowed``, so guessing identifiers reveals nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import ROLE_RANK, Membership, Organisation, Role, User


class NotAllowed(Exception):
    """The actor is known but may not do this."""


class NotFound(Exception):
    """No such object, or none the actor may know about."""


@dataclass(frozen=True)
class Actor:
    """A person acting for one organisation with one role; or an API token for an organisation.

    ``user`` is None for an API token, which acts with the ``member`` role limited by its
    ``scopes``; ``scopes`` is None for a signed-in person (people are limited by role only).
    For a token, ``token_id`` (the ApiToken's uuid), ``token_prefix`` and ``token_creator`` say
    which token acted and who created it, so the audit log can name the person behind a write."""

    user: User | None
    organisation: Organisation | None
    role: str | None
    scopes: frozenset[str] | None = None
    ip: str | None = None
    token_id: uuid.UUID | None = None
    token_prefix: str | None = None
    token_creator: User | None = None

    @classmethod
    def for_membership(cls, membership: Membership | None, *, user: User, ip: str | None = None) -> Actor:
        if membership is None:
            return cls(user=user, organisation=None, role=None, ip=ip)
        return cls(user=user, organisation=membership.organisation, role=membership.role, ip=ip)

    @property
    def kind(self) -> str | None:
        return self.organisation.kind if self.organisation else None

    @property
    def is_token(self) -> bool:
        return self.token_id is not None

    @property
    def label(self) -> str:
        if self.user:
            who = self.user.email
        elif self.token_prefix:
            who = f"token {self.token_prefix}"
        else:
            who = "api-token"
        return f"{who} for {self.organisation.name}" if self.organisation else who

    def has_role(self, role: str) -> bool:
        return self.role is not None and ROLE_RANK[Role(self.role)] >= ROLE_RANK[Role(role)]

    def has_scope(self, scope: str) -> bool:
        return self.scopes is None or scope in self.scopes


def person_behind(actor: Actor) -> User:
    """The person a write is recorded as: the signed-in user, or the person who created the API
    token. A token without a known creator cannot write (nobody would answer for it)."""
    if actor.user is not None:
        return actor.user
    if actor.token_creator is None:
        raise NotAllowed(
            _("This API token has no known creator to record as the author; use a token created by a person.")
        )
    return actor.token_creator


def uuid_or_not_found(value: object) -> uuid.UUID:
    """An identifier from a URL or a request; a malformed one is simply not found."""
    try:
        return value if isinstance(value, uuid.UUID) else uuid.UUID(str(value))
    except ValueError as exc:
        raise NotFound("no such record") from exc


def require_organisation(actor: Actor, *, kinds: Iterable[str] | None = None) -> Organisation:
    """The actor's organisation, which must be of one of ``kinds`` when given."""
    if actor.organisation is None:
        raise NotAllowed("choose an organisation to act for first")
    if kinds is not None and actor.organisation.kind not in set(kinds):
        raise NotAllowed(f"{actor.organisation.kind} organisations may not do this")
    return actor.organisation


def require_role(actor: Actor, role: str) -> None:
    if not actor.has_role(role):
        raise NotAllowed(f"needs the {role} role or higher")


def require_scope(actor: Actor, scope: str) -> None:
    if not actor.has_scope(scope):
        raise NotAllowed(f"this API token lacks the {scope!r} scope")
