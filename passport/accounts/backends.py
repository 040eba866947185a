"""Signing in and loading the signed-in person, with their memberships in the same query."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from .models import Membership, User


class AccountBackend(ModelBackend):
    """Django's model backend (e-mail and password, active users only), except that loading the
    user of a session also loads every membership with its organisation in one query.

    Every signed-in page needs the organisation the person acts for; fetching both together
    saves a query on each request. Memberships are read afresh on every request, so a removed
    member loses access at once."""

    def get_user(self, user_id: Any) -> User | None:
        memberships = list(
            Membership.objects.select_related("user", "organisation")
            .filter(user_id=user_id)
            .order_by("created_at", "id")
        )
        if memberships:
            user = memberships[0].user
            for membership in memberships:
                membership.user = user
        else:
            user = User.objects.filter(pk=user_id).first()  # someone who belongs to no organisation yet
        if user is None or not self.user_can_authenticate(user):
            return None
        user.loaded_memberships = memberships  # type: ignore[attr-defined]
        return user
