"""How API requests become actors: a bearer token, or the browser's session (with CSRF)."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from .access import Actor
from .models import ApiToken, Membership, Role
from .tokens import PREFIX, hash_secret
from .web import actor_for, client_ip


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Actor | None:
        if not token.startswith(PREFIX):
            return None
        # A token acts on its creator's authority: it stops working as soon as they are no longer
        # an owner or manager of its organisation (checked here, in the same query, even if the
        # revocation on removal or demotion was missed).
        creator_may_manage = Membership.objects.filter(
            user=OuterRef("created_by"), organisation=OuterRef("organisation"), role__in=(Role.OWNER, Role.MANAGER)
        )
        row = (
            ApiToken.objects.select_related("organisation", "created_by")
            .filter(Exists(creator_may_manage), token_hash=hash_secret(token), revoked_at__isnull=True)
            .first()
        )
        if row is None:
            return None
        now = timezone.now()
        if row.last_used_at is None or (now - row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=row.pk).update(last_used_at=now)
        return Actor(
            user=None,
            organisation=row.organisation,
            role="member",
            scopes=frozenset(row.scopes),
            ip=client_ip(request),
            token_id=row.uuid,
            token_prefix=row.prefix,
            token_creator=row.created_by,
        )


class SessionActor(APIKeyCookie):
    """The signed-in browser session; ninja's cookie auth checks CSRF on unsafe methods."""

    param_name = "sessionid"

    def authenticate(self, request: HttpRequest, key: Any) -> Actor | None:
        if not request.user.is_authenticated:
            return None
        return actor_for(request)
