"""Sign-up, registering an organisation, signing in with throttling, and password reset."""

from __future__ import annotations

import datetime as dt
import re
from unittest import mock

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from passport.accounts import services
from passport.accounts.middleware import SESSION_KEY
from passport.accounts.models import LoginFailure, Membership, Organisation, User
from passport.audit.models import AuditEntry
from tests.world import PASSWORD, World

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


def sign_in_post(client: Client, email: str, password: str, ip: str = "10.0.0.1") -> int:
    response = client.post(LOGIN, {"email": email, "password": password}, REMOTE_ADDR=ip)
    return response.status_code


# --- sign-up and the organisation ------------------------------------------------------------


def test_a_visitor_signs_up_then_registers_a_producer(client: Client) -> None:
    response = client.post(
        reverse("accounts:signup"), {"name": "Rosa", "email": "Rosa@Example.org", "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:new_organisation")
    user = User.objects.get(email="rosa@example.org")
    response = client.post(
        reverse("accounts:new_organisation"), {"name": "Mina Rosa", "kind": "producer", "country": "pe"}
    )
    assert response.status_code == 302
    org = Organisation.objects.get(name="Mina Rosa")
    assert org.country == "PE"
    assert Membership.objects.get(user=user, organisation=org).role == "owner"
    assert client.session[SESSION_KEY] == str(org.uuid)
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["user.registered", "organisation.created"]


def test_sign_up_with_a_taken_address_names_the_field_and_creates_nothing(world: World, client: Client) -> None:
    response = client.post(
        reverse("accounts:signup"), {"name": "A", "email": "ALICE@example.org", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "already uses this e-mail" in response.content.decode()
    assert User.objects.filter(email="alice@example.org").count() == 1


def test_sign_up_refuses_a_common_password(client: Client) -> None:
    response = client.post(
        reverse("accounts:signup"), {"name": "A", "email": "a@example.org", "password": "password123"}
    )
    assert "too common" in response.content.decode()
    assert not User.objects.exists()


def test_register_user_names_the_password_field() -> None:
    with pytest.raises(ValidationError) as caught:
        services.register_user(email="x@example.org", name="X", password="1234567890")
    assert list(caught.value.message_dict) == ["password"]


def test_an_organisation_country_must_be_two_letters(world: World, client: Client) -> None:
    client.force_login(world.users["bob"])
    response = client.post(reverse("accounts:new_organisation"), {"name": "X", "kind": "buyer", "country": "1A"})
    assert response.status_code == 200
    assert "two-letter ISO code" in response.content.decode()
    assert not Organisation.objects.filter(name="X").exists()


def test_registering_an_organisation_needs_sign_in(client: Client) -> None:
    response = client.get(reverse("accounts:new_organisation"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_a_non_producer_organisation_goes_home(world: World, client: Client) -> None:
    client.force_login(world.users["bob"])
    response = client.post(reverse("accounts:new_organisation"), {"name": "Trader", "kind": "buyer", "country": ""})
    assert response["Location"] == reverse("site:home")


# --- sign-in and throttling --------------------------------------------------------------------


def test_it_signs_in_with_the_right_password(world: World, client: Client) -> None:
    assert sign_in_post(client, "Alice@example.org", PASSWORD) == 302
    assert client.session["_auth_user_id"] == str(world.users["alice"].pk)


def test_a_wrong_password_is_400_and_counted(world: World, client: Client) -> None:
    assert sign_in_post(client, "alice@example.org", "wrong") == 400
    assert LoginFailure.objects.filter(email="alice@example.org", ip="10.0.0.1").count() == 1


def test_the_sixth_attempt_after_five_failures_is_refused_even_with_the_right_password(
    world: World, client: Client
) -> None:
    assert settings.PASSPORT_LOGIN_MAX_FAILURES == 5
    for _ in range(5):
        assert sign_in_post(client, "alice@example.org", "wrong") == 400
    assert sign_in_post(client, "alice@example.org", PASSWORD) == 429
    assert "_auth_user_id" not in client.session


def test_throttling_counts_failures_per_address_across_e_mails(world: World, client: Client) -> None:
    for i in range(20):  # four times the per-e-mail limit, never five on one e-mail
        assert sign_in_post(client, f"guess{i}@example.org", "wrong", ip="10.9.9.9") == 400
    assert sign_in_post(client, "bob@example.org", PASSWORD, ip="10.9.9.9") == 429
    assert sign_in_post(client, "bob@example.org", PASSWORD, ip="10.1.1.1") == 302


def test_throttling_ends_when_the_window_has_passed(world: World, client: Client) -> None:
    for _ in range(5):
        sign_in_post(client, "alice@example.org", "wrong")
    assert sign_in_post(client, "alice@example.org", PASSWORD) == 429
    later = timezone.now() + dt.timedelta(seconds=settings.PASSPORT_LOGIN_WINDOW_SECONDS + 1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        assert sign_in_post(client, "alice@example.org", PASSWORD) == 302


def test_a_success_clears_the_failures_for_that_e_mail(world: World) -> None:
    for _ in range(4):
        services.sign_in(email="alice@example.org", password="wrong", ip=None)
    assert services.sign_in(email="alice@example.org", password=PASSWORD, ip=None) == world.users["alice"]
    assert not LoginFailure.objects.filter(email="alice@example.org").exists()


def test_sign_in_refuses_an_outside_next_url(world: World, client: Client) -> None:
    response = client.post(LOGIN, {"email": "alice@example.org", "password": PASSWORD, "next": "https://evil.example/"})
    assert response["Location"] == "/"


# --- password reset ----------------------------------------------------------------------------


def test_the_sign_in_page_links_to_password_reset(client: Client) -> None:
    assert reverse("accounts:password_reset") in client.get(LOGIN).content.decode()


def test_a_person_resets_their_password_from_the_e_mailed_link(world: World, client: Client) -> None:
    response = client.post(reverse("accounts:password_reset"), {"email": "Maria@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox[-1].to == ["maria@example.org"]
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    form_page = client.get(link.group(1), follow=True)
    assert form_page.status_code == 200
    new = "a brand new passphrase 42"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done["Location"] == reverse("accounts:password_reset_complete")
    assert User.objects.get(email="maria@example.org").check_password(new)
    assert client.get(link.group(1)).context["validlink"] is False  # the link works once


def test_password_reset_for_an_unknown_address_sends_nothing_but_looks_the_same(client: Client) -> None:
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


# --- throttling that cannot be raced, and its table kept small --------------------------------------


def test_attempts_in_flight_together_never_get_past_the_limit(world: World) -> None:
    """Each attempt, while its password is being checked, starts another one, as parallel
    requests would: only the first five may reach the password check."""
    checked: list[str] = []
    refused: list[str] = []

    def check_password_while_another_attempt_starts(**credentials: str) -> None:
        checked.append(credentials["username"])
        if len(checked) < 20:  # the old count-then-check order would let all twenty through
            try:
                services.sign_in(email="alice@example.org", password="wrong", ip="10.0.0.7")
            except services.TooManyAttempts:
                refused.append("alice@example.org")

    with mock.patch.object(services, "authenticate", side_effect=check_password_while_another_attempt_starts):
        assert services.sign_in(email="alice@example.org", password="wrong", ip="10.0.0.7") is None
    assert len(checked) == settings.PASSPORT_LOGIN_MAX_FAILURES
    assert refused == ["alice@example.org"]
    assert LoginFailure.objects.filter(email="alice@example.org").count() == settings.PASSPORT_LOGIN_MAX_FAILURES


def test_the_count_includes_the_attempt_being_made(world: World) -> None:
    for _ in range(settings.PASSPORT_LOGIN_MAX_FAILURES - 1):
        services.sign_in(email="alice@example.org", password="wrong", ip=None)
    # The fifth attempt is the last one allowed: four recorded failures and itself.
    assert services.sign_in(email="alice@example.org", password="wrong", ip=None) is None
    with pytest.raises(services.TooManyAttempts):
        services.sign_in(email="alice@example.org", password=PASSWORD, ip=None)


def test_refused_attempts_do_not_extend_the_lock_out(world: World) -> None:
    for _ in range(5):
        services.sign_in(email="alice@example.org", password="wrong", ip="10.0.0.1")
    for _ in range(3):
        with pytest.raises(services.TooManyAttempts):
            services.sign_in(email="alice@example.org", password=PASSWORD, ip="10.0.0.1")
    assert LoginFailure.objects.filter(email="alice@example.org").count() == 5


def test_a_success_deletes_its_own_attempt_and_the_earlier_failures_only_for_that_e_mail(world: World) -> None:
    for _ in range(2):
        services.sign_in(email="alice@example.org", password="wrong", ip="10.0.0.1")
    services.sign_in(email="bob@example.org", password="wrong", ip="10.0.0.1")
    assert services.sign_in(email="alice@example.org", password=PASSWORD, ip="10.0.0.1") == world.users["alice"]
    assert list(LoginFailure.objects.values_list("email", flat=True)) == ["bob@example.org"]


def test_an_attempt_deletes_failures_older_than_the_window(world: World) -> None:
    window = dt.timedelta(seconds=settings.PASSPORT_LOGIN_WINDOW_SECONDS)
    now = timezone.now()
    LoginFailure.objects.create(email="old@example.org", ip="10.0.0.2", at=now - window - dt.timedelta(seconds=5))
    LoginFailure.objects.create(email="recent@example.org", ip="10.0.0.2", at=now - window + dt.timedelta(seconds=60))
    with mock.patch("django.utils.timezone.now", return_value=now):
        services.sign_in(email="alice@example.org", password="wrong", ip="10.0.0.1")
    assert sorted(LoginFailure.objects.values_list("email", flat=True)) == ["alice@example.org", "recent@example.org"]


# --- sign-in, sign-out and password reset in the audit log ----------------------------------------


def actions_about(user: User) -> list[tuple[str, str | None]]:
    return list(AuditEntry.objects.filter(object_id=str(user.uuid)).order_by("id").values_list("action", "ip"))


def test_a_sign_in_and_a_sign_out_are_audited_with_the_address(world: World, client: Client) -> None:
    alice = world.users["alice"]
    assert sign_in_post(client, "alice@example.org", PASSWORD, ip="10.4.4.4") == 302
    assert client.post(reverse("accounts:logout"), REMOTE_ADDR="10.4.4.5").status_code == 302
    assert "_auth_user_id" not in client.session
    assert actions_about(alice) == [("user.signed_in", "10.4.4.4"), ("user.signed_out", "10.4.4.5")]
    entry = AuditEntry.objects.get(action="user.signed_in")
    assert (entry.actor_user, entry.object_type) == (alice.uuid, "user")


def test_a_failed_sign_in_and_an_anonymous_sign_out_write_nothing_to_the_audit_log(
    world: World, client: Client
) -> None:
    assert sign_in_post(client, "alice@example.org", "wrong") == 400
    assert client.post(reverse("accounts:logout")).status_code == 302
    assert not AuditEntry.objects.exists()


def test_a_completed_password_reset_is_audited_with_the_address(world: World, client: Client) -> None:
    client.post(reverse("accounts:password_reset"), {"email": "maria@example.org"})
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    form_page = client.get(link.group(1), follow=True)
    assert not AuditEntry.objects.exists()  # asking for the link and opening it change nothing
    new = "a brand new passphrase 42"
    client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, REMOTE_ADDR="10.7.7.7")
    assert actions_about(world.users["maria"]) == [("user.password_reset", "10.7.7.7")]


def test_a_refused_new_password_writes_nothing_to_the_audit_log(world: World, client: Client) -> None:
    client.post(reverse("accounts:password_reset"), {"email": "maria@example.org"})
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    form_page = client.get(link.group(1), follow=True)
    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": "short", "new_password2": "short"})
    assert response.status_code == 200
    assert not AuditEntry.objects.exists()
