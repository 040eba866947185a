"""Builders for notification tests."""

from __future__ import annotations

from passport.notifications import services
from passport.notifications.models import Notification
from tests.world import World


def notification(world: World, who: str = "alice", key: str = "test:1", link: str = "/plans/") -> Notification:
    made = services.notify(
        recipient=world.users[who], key=key, subject="Deadline approaching", body="MES-SEC-01 is due.", link=link
    )
    assert made is not None
    return made
