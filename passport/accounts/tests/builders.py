"""Small builders for account tests: invitations with their link token, extra members, tokens."""

from __future__ import annotations

import re

from django.core import mail

from passport.accounts import services
from passport.accounts.models import ApiToken, Invitation, Membership, Organisation, User
from tests.world import PASSWORD, World

SITE = "https://passport.example.org/"
ALL_USERS = ("alice", "mateo", "maria", "victor", "oscar", "fran", "bob", "vera", "ana", "stella")
# Who may manage their own organisation (owners and managers): everyone but Maria and Victor.
MANAGERS = frozenset(ALL_USERS) - {"maria", "victor"}


def token_in_last_mail() -> str:
    found = re.search(r"/accounts/invitation/([^/\s]+)/", mail.outbox[-1].body)
    assert found, mail.outbox[-1].body
    return found.group(1)


def invite(
    world: World, *, by: str = "alice", email: str = "new@example.org", role: str = "member"
) -> tuple[Invitation, str]:
    invitation = services.invite_member(actor=world.actor(by), email=email, role=role, site_url=SITE)
    return invitation, token_in_last_mail()


def new_user(name: str, *, email: str | None = None) -> User:
    return User.objects.create_user(email=email or f"{name}@example.org", password=PASSWORD, name=name.title())


def add_member(org: Organisation, name: str, role: str = "member") -> User:
    user = new_user(name)
    Membership.objects.create(user=user, organisation=org, role=role)
    return user


def api_token(
    world: World, *, by: str = "alice", scopes: tuple[str, ...] = ("producers:read",)
) -> tuple[ApiToken, str]:
    return services.create_api_token(actor=world.actor(by), name="field app", scopes=scopes)
