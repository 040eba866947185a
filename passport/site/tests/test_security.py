"""Security settings as deployed: password hashing, `check --deploy`, start-up on bad
environment values, response headers, cookies and CSRF."""

from __future__ import annotations

import ast
import os
import secrets
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.test import Client, override_settings
from django.urls import reverse

from passport.accounts.models import User
from tests.world import PASSWORD, World

ROOT = Path(__file__).resolve().parents[3]
SETTINGS = ROOT / "passport" / "site" / "settings.py"


def production_hashers() -> list[str]:
    """PASSWORD_HASHERS as the settings module writes it (tests swap in a fast hasher at start-up)."""
    tree = ast.parse(SETTINGS.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "PASSWORD_HASHERS" for t in node.targets):
            return list(ast.literal_eval(node.value))
    raise AssertionError("settings.py sets no PASSWORD_HASHERS")


def production_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PASSPORT_", "DATABASE_URL", "DJANGO_"))}
    env.update(
        PASSPORT_DEBUG="0",
        PASSPORT_SECRET_KEY=secrets.token_urlsafe(60)[:60],
        PASSPORT_ALLOWED_HOSTS="passport.example.org",
        PASSPORT_HTTPS="1",
        PASSPORT_DATA_DIR=tempfile.mkdtemp(prefix="passport-deploy-"),
    )
    env.update(extra)
    return env


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )


# --- passwords -----------------------------------------------------------------------------------


def test_argon2_is_the_default_hasher_in_the_settings_module() -> None:
    hashers = production_hashers()
    assert hashers[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"


@pytest.mark.django_db
def test_a_user_created_with_the_production_hashers_gets_an_argon2_hash() -> None:
    with override_settings(PASSWORD_HASHERS=production_hashers()):
        user = User.objects.create_user(email="h@example.org", password=PASSWORD, name="H")
        assert user.password.startswith("argon2$")
        assert identify_hasher(user.password).algorithm == "argon2"
        assert user.check_password(PASSWORD)


# --- deployment checks and start-up ------------------------------------------------------------


def test_check_deploy_passes_with_a_production_environment() -> None:
    # HSTS preload is opted into here: without it Django warns (security.W021); see docs/accounts.md.
    done = manage("check", "--deploy", "--fail-level", "WARNING", env=production_env(PASSPORT_HSTS_PRELOAD="1"))
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("PASSPORT_DEBUG", "maybe"),
        ("PASSPORT_LOGIN_MAX_FAILURES", "x"),
        ("DATABASE_URL", "mysql://user@db.example.org/passport"),
        ("PASSPORT_DEFAULT_STANDARD", "standards/mes-1.0.yaml"),
        ("PASSPORT_TRUSTED_PROXIES", "-1"),
        ("PASSPORT_SITE_URL", "passport.example.org"),
    ],
)
def test_a_bad_environment_value_stops_start_up_naming_the_variable(variable: str, value: str) -> None:
    done = manage("check", env=production_env(**{variable: value}))
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr
    assert variable in done.stderr.strip().splitlines()[-1]


def test_production_refuses_to_start_without_a_secret_key() -> None:
    env = production_env()
    del env["PASSPORT_SECRET_KEY"]
    done = manage("check", env=env)
    assert done.returncode != 0
    assert "PASSPORT_SECRET_KEY" in done.stderr


def test_session_and_csrf_cookies_are_secure_and_http_only_in_production() -> None:
    code = (
        "from django.conf import settings as s; "
        "print(s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_HTTPONLY)"
    )
    done = manage("shell", "-v", "0", "-c", code, env=production_env())
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["True", "True", "True", "True"]


# --- headers, cookies and CSRF on real responses ------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"])
def test_every_html_response_carries_the_security_headers(client: Client, path: str) -> None:
    response = client.get(path)
    assert response["Content-Type"].startswith("text/html")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_signed_in_pages_and_error_pages_carry_them_too(world: World, client: Client) -> None:
    client.force_login(world.users["maria"])
    for path, status in [("/accounts/members/", 200), ("/accounts/tokens/", 403), ("/nowhere/", 404)]:
        response = client.get(path)
        assert response.status_code == status
        assert response["X-Frame-Options"] == "DENY"
        assert "Content-Security-Policy" in response


@pytest.mark.django_db
def test_no_page_uses_inline_script_or_style(world: World, client: Client) -> None:
    client.force_login(world.users["alice"])
    for name in ("members", "invitations", "api_tokens", "settings", "switch"):
        page = client.get(reverse(f"accounts:{name}")).content.decode()
        assert "<script" not in page
        assert "style=" not in page
        assert "<style" not in page


@pytest.mark.django_db
def test_the_session_cookie_is_secure_and_http_only_over_https(world: World) -> None:
    client = Client()
    with override_settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True):
        response = client.post("/accounts/login/", {"email": "alice@example.org", "password": PASSWORD}, secure=True)
        assert response.status_code == 302
        session = response.cookies["sessionid"]
        assert session["secure"] is True
        assert session["httponly"] is True
        assert session["samesite"] == "Lax"
        rotated = response.cookies["csrftoken"]  # signing in gives a new CSRF secret
        assert (rotated["secure"], rotated["httponly"], rotated["samesite"]) == (True, True, "Lax")


@pytest.mark.django_db
def test_a_page_with_a_form_sets_a_locked_down_csrf_cookie() -> None:
    with override_settings(SESSION_COOKIE_SECURE=True, CSRF_COOKIE_SECURE=True):
        page = Client().get("/accounts/login/", secure=True)
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    csrf = page.cookies["csrftoken"]
    assert csrf.value
    assert (csrf["secure"], csrf["httponly"], csrf["samesite"]) == (True, True, "Lax")


@pytest.mark.django_db
def test_csrf_is_enforced_on_post(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"email": "alice@example.org", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in client.session
    page = client.get("/accounts/login/")
    token = page.cookies["csrftoken"].value
    response = client.post(
        "/accounts/login/", {"email": "alice@example.org", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


@pytest.mark.django_db
def test_csrf_is_enforced_on_a_signed_in_post(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["alice"])
    response = client.post(reverse("accounts:member_remove", args=[world.users["victor"].uuid]))
    assert response.status_code == 403
    assert world.users["victor"].memberships.exists()
