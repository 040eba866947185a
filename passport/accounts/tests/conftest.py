from __future__ import annotations

import pytest
from django.test import Client

from tests.world import World


@pytest.fixture
def signed_in(client: Client, world: World):  # type: ignore[no-untyped-def]
    """``signed_in("alice")`` gives a test client signed in as that person of the world."""

    def sign_in(name: str) -> Client:
        client.force_login(world.users[name])
        return client

    return sign_in
