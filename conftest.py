"""Test-wide setup (the environment for settings is in ``tests/environment.py``)."""

from __future__ import annotations

import pytest

from tests.world import World, build_world


def pytest_configure() -> None:
    from django.conf import settings  # noqa: PLC0415 - only after pytest-django has configured Django

    # Argon2 is deliberately slow; tests that check hashing itself ask for it explicitly.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db: None) -> World:
    """The named world of ``tests/world.py``."""
    return build_world()
