"""Test-wide setup (the environment for settings is in ``tests/environment.py``)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.conf import settings
from django.db import connection
from django.utils import translation

from passport.audit.append_only import allow_purge, forbid_purge
from tests.world import World, build_world


def pytest_configure() -> None:
    # Argon2 is deliberately slow; tests that check hashing itself ask for it explicitly.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db: None) -> World:
    """The named world of ``tests/world.py``."""
    return build_world()


@pytest.fixture(autouse=True)
def _append_only_between_transactional_tests(request: pytest.FixtureRequest) -> Iterator[None]:
    """Transactional tests (live server, browser) end with a flush of every table, which the
    append-only triggers refuse; lift them just for that flush and restore them before each test."""
    if "transactional_db" not in request.fixturenames and "live_server" not in request.fixturenames:
        yield
        return
    request.getfixturevalue("transactional_db")
    forbid_purge(connection)
    yield
    allow_purge(connection)


@pytest.fixture(autouse=True)
def _english_unless_a_test_says_otherwise() -> Iterator[None]:
    """Each test starts in the default language: a page rendered in Spanish by one test must not
    leave the next test's messages in Spanish (the active language is per thread)."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
