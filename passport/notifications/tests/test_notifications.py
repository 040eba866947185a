"""Notifications: made once per key, e-mailed in the same words (again when the mail server
failed), read by their recipient only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pytest
from django.core import mail
from django.core.mail import EmailMessage
from django.core.mail.backends import locmem
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from passport.accounts.access import NotAllowed, NotFound
from passport.accounts.services import create_api_token
from passport.notifications import services
from passport.notifications.models import Notification
from tests.route_tables import check_person, check_signed_out
from tests.world import World, bearer

from .builders import notification
from .routes import ROUTES

CASES = [(route, who) for route in ROUTES for who in sorted(ROUTES[route]["allowed"] | {"alice", "bob", "oscar"})]


class FailsFirst(locmem.EmailBackend):
    """A mail server that is down for the first message it is given, then back (the test's
    outbox gets what it accepts). Set ``down`` before each test that uses it."""

    down = True

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        if FailsFirst.down:
            FailsFirst.down = False
            raise ConnectionRefusedError("mail server down")
        return int(super().send_messages(email_messages))


@pytest.fixture
def flaky_mail(settings: object) -> None:
    FailsFirst.down = True
    settings.EMAIL_BACKEND = f"{__name__}.FailsFirst"  # type: ignore[attr-defined]


def test_notify_puts_it_in_the_inbox_and_e_mails_the_same_words(world: World) -> None:
    made = notification(world)
    assert made.emailed_at is not None
    assert made.language == "en"
    [sent] = mail.outbox
    assert (sent.to, sent.subject) == (["alice@example.org"], "Deadline approaching")
    assert sent.body.startswith("MES-SEC-01 is due.")
    assert "/plans/" in sent.body
    assert services.inbox(user=world.users["alice"]) == [made]


def test_e_mails_link_to_the_sites_address_when_it_is_configured(world: World, settings: Any) -> None:
    settings.PASSPORT_SITE_URL = "https://passport.example.org"
    made = notification(world)
    [sent] = mail.outbox
    assert f"https://passport.example.org{made.link}" in sent.body


def test_a_key_reaches_a_person_only_once(world: World) -> None:
    notification(world)
    again = services.notify(recipient=world.users["alice"], key="test:1", subject="Again", body="Again")
    assert again is None
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1
    other = services.notify(recipient=world.users["mateo"], key="test:1", subject="Same key", body="Other person")
    assert other is not None


def test_notify_records_the_recipients_language(world: World) -> None:
    world.users["mateo"].language = "es"
    world.users["mateo"].save(update_fields=["language"])
    made = notification(world, "mateo")
    assert made.language == "es"


def test_a_notification_made_without_e_mail_is_sent_later_once(world: World) -> None:
    made = services.notify(recipient=world.users["alice"], key="k", subject="S", body="B", email=False)
    assert made is not None
    assert mail.outbox == []
    assert services.send_email(made) is True
    assert services.send_email(made) is False
    assert len(mail.outbox) == 1


def test_a_mail_server_failure_keeps_the_notification_unsent(world: World, settings: object) -> None:
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"  # type: ignore[attr-defined]
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # type: ignore[attr-defined]
    made = notification(world)
    made.refresh_from_db()
    assert made.emailed_at is None
    assert services.inbox(user=world.users["alice"]) == [made]


def test_an_e_mail_that_failed_is_sent_again_once(world: World, flaky_mail: None) -> None:
    failed = notification(world, key="a")
    notification(world, key="b")
    assert failed.emailed_at is None
    assert [m.to for m in mail.outbox] == [["alice@example.org"]]  # only the second went out
    since = timezone.now() - services.RESEND_WITHIN
    assert list(services.unsent(since=since)) == [failed]
    assert services.resend_unsent(since=since) == 1
    failed.refresh_from_db()
    assert failed.emailed_at is not None
    assert mail.outbox[-1].subject == failed.subject
    assert services.resend_unsent(since=since) == 0
    assert len(mail.outbox) == 2


def test_old_notifications_and_inactive_people_are_not_e_mailed_again(world: World, flaky_mail: None) -> None:
    old = notification(world, key="old")
    Notification.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    FailsFirst.down = True
    notification(world, "mateo", key="gone")
    world.users["mateo"].is_active = False
    world.users["mateo"].save(update_fields=["is_active"])
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 2
    assert services.resend_unsent(since=timezone.now() - services.RESEND_WITHIN) == 0
    assert len(mail.outbox) == 0


def test_unread_count_and_mark_read(world: World) -> None:
    first = notification(world, key="a")
    notification(world, key="b")
    assert services.unread_count(world.users["alice"]) == 2
    services.mark_read(user=world.users["alice"], notification_uuid=first.uuid)
    assert services.unread_count(world.users["alice"]) == 1


def test_nobody_marks_another_persons_notification(world: World) -> None:
    made = notification(world)
    with pytest.raises(NotFound):
        services.mark_read(user=world.users["mateo"], notification_uuid=made.uuid)
    made.refresh_from_db()
    assert made.read_at is None


def test_an_api_token_has_no_inbox(world: World) -> None:
    token_actor = world.actor("alice").__class__(
        user=None, organisation=world.orgs["esperanza"], role="member", scopes=frozenset()
    )
    with pytest.raises(NotAllowed):
        services.person(token_actor)


# --- Pages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(("route", "who"), CASES, ids=[f"{r}-{w}" for r, w in CASES])
def test_each_person_gets_what_the_route_table_says(world: World, client: Client, route: str, who: str) -> None:
    check_person(client, world, route, ROUTES[route], who)


@pytest.mark.parametrize("route", list(ROUTES))
def test_signed_out_visitors_are_sent_to_sign_in(world: World, client: Client, route: str) -> None:
    check_signed_out(client, world, route, ROUTES[route])


def test_the_inbox_shows_a_persons_own_notifications_only(world: World, client: Client) -> None:
    notification(world, "alice")
    services.notify(recipient=world.users["mateo"], key="m", subject="For Mateo only", body="x")
    client.force_login(world.users["alice"])
    page = client.get(reverse("notifications:inbox")).content.decode()
    assert "Deadline approaching" in page
    assert "For Mateo only" not in page
    assert "1 unread." in page


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(world: World, client: Client) -> None:
    made = notification(world, link="/plans/somewhere/")
    client.force_login(world.users["alice"])
    response = client.post(reverse("notifications:read", kwargs={"uuid": made.uuid}), {"open": "1"})
    assert (response.status_code, response["Location"]) == (302, "/plans/somewhere/")
    made.refresh_from_db()
    assert made.read_at is not None


def test_a_stored_link_to_another_site_is_never_followed(world: World, client: Client) -> None:
    made = notification(world, link="//evil.example/")
    client.force_login(world.users["alice"])
    response = client.post(reverse("notifications:read", kwargs={"uuid": made.uuid}), {"open": "1"})
    assert response["Location"] == reverse("notifications:inbox")


def test_the_read_page_refuses_get(world: World, client: Client) -> None:
    made = notification(world)
    client.force_login(world.users["alice"])
    assert client.get(reverse("notifications:read", kwargs={"uuid": made.uuid})).status_code == 405


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_inbox_makes_the_same_queries_with_1_or_10_notifications(world: World, client: Client) -> None:
    client.force_login(world.users["alice"])
    notification(world, key="k0")
    one = _queries(client, reverse("notifications:inbox"))
    for i in range(1, 10):
        notification(world, key=f"k{i}")
    assert _queries(client, reverse("notifications:inbox")) == one


# --- API -----------------------------------------------------------------------------------


def test_the_api_lists_my_notifications_newest_first(world: World, client: Client) -> None:
    notification(world, key="old")
    newest = notification(world, key="new")
    client.force_login(world.users["alice"])
    body = client.get("/api/v1/notifications").json()
    assert body["unread"] == 2
    assert body["items"][0]["uuid"] == str(newest.uuid)
    assert set(body["items"][0]) == {
        "uuid",
        "subject",
        "body",
        "link",
        "language",
        "created_at",
        "read_at",
        "emailed_at",
    }


def test_the_api_refuses_a_token_because_tokens_are_not_people(world: World, client: Client) -> None:
    _token, secret = create_api_token(actor=world.actor("alice"), name="t", scopes=["plans:read"])
    response = client.get("/api/v1/notifications", **bearer(secret))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_the_api_refuses_an_unknown_parameter(world: World, client: Client) -> None:
    client.force_login(world.users["alice"])
    assert client.get("/api/v1/notifications?limit=0").status_code == 422
