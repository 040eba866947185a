"""Every accounts URL name, with how to call it and who may use it, for route × role tests.

``ROUTES[name]``:

- ``kwargs(world)``: the URL's arguments (it may create what the route needs, e.g. an invitation);
- ``allowed``: the world's user names (and ``"anonymous"``) for whom the request succeeds — a
  2xx answer, or a redirect that is not to the sign-in page. Anyone else gets 403 or 404, or,
  when anonymous, a redirect to sign in;
- ``method`` (default ``"GET"``) and ``data(world)`` (POST body, default empty).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from passport.accounts import services
from tests.world import World

from .builders import ALL_USERS, MANAGERS, SITE, token_in_last_mail

EVERYONE = frozenset({*ALL_USERS, "anonymous"})
SIGNED_IN = frozenset(ALL_USERS)
ESPERANZA_MANAGERS = frozenset({"alice", "mateo"})
# Everyone but the sole owners of their organisation may leave it.
MAY_LEAVE = frozenset({"mateo", "maria", "victor"})


def _none(world: World) -> dict[str, Any]:
    return {}


def _invitation_token(world: World) -> dict[str, Any]:
    services.invite_member(actor=world.actor("alice"), email="guest@example.org", role="member", site_url=SITE)
    return {"token": token_in_last_mail()}


def _invitation_uuid(world: World) -> dict[str, Any]:
    invitation = services.invite_member(
        actor=world.actor("alice"), email="guest@example.org", role="member", site_url=SITE
    )
    return {"invitation_uuid": invitation.uuid}


def _api_token_uuid(world: World) -> dict[str, Any]:
    token, _secret = services.create_api_token(actor=world.actor("alice"), name="app", scopes=["producers:read"])
    return {"token_uuid": token.uuid}


def _password_reset_link(world: World) -> dict[str, Any]:
    user = world.users["maria"]
    return {"uidb64": urlsafe_base64_encode(force_bytes(user.pk)), "token": default_token_generator.make_token(user)}


def _post(data: dict[str, str]) -> Callable[[World], dict[str, str]]:
    return lambda world: data


ROUTES: dict[str, dict[str, Any]] = {
    "login": {"kwargs": _none, "allowed": EVERYONE},
    "logout": {"kwargs": _none, "allowed": EVERYONE, "method": "POST"},
    "signup": {"kwargs": _none, "allowed": EVERYONE},
    "settings": {"kwargs": _none, "allowed": SIGNED_IN},
    "new_organisation": {"kwargs": _none, "allowed": SIGNED_IN},
    "switch": {"kwargs": _none, "allowed": SIGNED_IN},
    "language": {"kwargs": _none, "allowed": EVERYONE, "method": "POST", "data": _post({"language": "es"})},
    "members": {"kwargs": _none, "allowed": SIGNED_IN},
    "member_role": {
        "kwargs": lambda world: {"user_uuid": world.users["maria"].uuid},
        "allowed": ESPERANZA_MANAGERS,
        "method": "POST",
        "data": _post({"role": "viewer"}),
    },
    "member_remove": {
        "kwargs": lambda world: {"user_uuid": world.users["victor"].uuid},
        "allowed": ESPERANZA_MANAGERS,
        "method": "POST",
    },
    "leave": {"kwargs": _none, "allowed": MAY_LEAVE, "method": "POST"},
    "invitations": {"kwargs": _none, "allowed": MANAGERS},
    "invitation_revoke": {"kwargs": _invitation_uuid, "allowed": ESPERANZA_MANAGERS, "method": "POST"},
    "invitation": {"kwargs": _invitation_token, "allowed": EVERYONE},
    "api_tokens": {"kwargs": _none, "allowed": MANAGERS},
    "api_token_revoke": {"kwargs": _api_token_uuid, "allowed": ESPERANZA_MANAGERS, "method": "POST"},
    "password_reset": {"kwargs": _none, "allowed": EVERYONE},
    "password_reset_done": {"kwargs": _none, "allowed": EVERYONE},
    "password_reset_confirm": {"kwargs": _password_reset_link, "allowed": EVERYONE},
    "password_reset_complete": {"kwargs": _none, "allowed": EVERYONE},
}
