"""The client's address behind reverse proxies: read from X-Forwarded-For only as many hops as
PASSPORT_TRUSTED_PROXIES says, so throttling and the audit log see clients, not the proxy."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client, RequestFactory, override_settings

from passport.accounts.web import client_ip
from passport.audit.models import AuditEntry
from tests.world import PASSWORD, World

ROOT = Path(__file__).resolve().parents[3]
PROXY = "127.0.0.1"


def address(*, hops: int, forwarded: str | None, remote: str = PROXY) -> str | None:
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    request = RequestFactory().get("/", REMOTE_ADDR=remote, **headers)
    with override_settings(PASSPORT_TRUSTED_PROXIES=hops):
        return client_ip(request)


@pytest.mark.parametrize(
    ("hops", "forwarded", "expected"),
    [
        (0, "203.0.113.7", PROXY),  # no proxy trusted: the header is the client's own words
        (1, None, PROXY),
        (1, "203.0.113.7", "203.0.113.7"),
        (1, "10.6.6.6, 203.0.113.7", "203.0.113.7"),  # the client wrote the left entry itself
        (2, "10.6.6.6, 203.0.113.7, 198.51.100.2", "203.0.113.7"),
        (2, "203.0.113.7", PROXY),  # fewer entries than proxies: something is misconfigured
        (1, "not-an-address", PROXY),
        (1, "203.0.113.7, ", PROXY),
        (1, "", PROXY),
        (1, " 2001:DB8::1 ", "2001:db8::1"),
    ],
)
def test_it_reads_the_client_that_many_hops_from_the_right(hops: int, forwarded: str | None, expected: str) -> None:
    assert address(hops=hops, forwarded=forwarded) == expected


def test_without_a_remote_address_or_a_usable_header_the_address_is_unknown() -> None:
    assert address(hops=1, forwarded="garbage", remote="") is None


def sign_in_via_proxy(client: Client, email: str, password: str, *, client_address: str) -> int:
    # nginx's $proxy_add_x_forwarded_for appends the address it saw to whatever the client sent.
    response = client.post(
        "/accounts/login/",
        {"email": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=f"10.0.0.99, {client_address}",
    )
    return response.status_code


@pytest.mark.django_db
@override_settings(PASSPORT_TRUSTED_PROXIES=1)
def test_behind_one_proxy_throttling_locks_out_only_the_guessing_client(world: World, client: Client) -> None:
    for i in range(20):  # the per-address limit, spread over e-mails
        assert sign_in_via_proxy(client, f"guess{i}@example.org", "wrong", client_address="203.0.113.66") == 400
    assert sign_in_via_proxy(client, "bob@example.org", PASSWORD, client_address="203.0.113.66") == 429
    assert sign_in_via_proxy(client, "bob@example.org", PASSWORD, client_address="198.51.100.5") == 302


@pytest.mark.django_db
@override_settings(PASSPORT_TRUSTED_PROXIES=1)
def test_behind_one_proxy_the_audit_log_records_the_clients_address(world: World, client: Client) -> None:
    assert sign_in_via_proxy(client, "alice@example.org", PASSWORD, client_address="198.51.100.5") == 302
    assert AuditEntry.objects.get(action="user.signed_in").ip == "198.51.100.5"


def settings_value(env_value: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PASSPORT_", "DATABASE_URL", "DJANGO_"))}
    env |= {"PASSPORT_DEBUG": "1", "PASSPORT_DATA_DIR": str(data_dir), "PASSPORT_TRUSTED_PROXIES": env_value}
    env["DJANGO_SETTINGS_MODULE"] = "passport.site.settings"
    code = "from django.conf import settings; print(settings.PASSPORT_TRUSTED_PROXIES)"
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, check=False)


def test_the_setting_comes_from_the_environment(tmp_path: Path) -> None:
    done = settings_value("2", tmp_path)
    assert (done.returncode, done.stdout) == (0, "2\n"), done.stderr


def test_a_negative_number_of_proxies_stops_start_up_naming_the_variable(tmp_path: Path) -> None:
    done = settings_value("-1", tmp_path)
    assert done.returncode != 0
    assert "PASSPORT_TRUSTED_PROXIES='-1': must be at least 0" in done.stderr
