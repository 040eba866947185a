"""Invitations: who may send them, the e-mail, accepting from the link, expiry and withdrawal."""

from __future__ import annotations

import datetime as dt
from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from passport.accounts import services
from passport.accounts.access import NotAllowed, NotFound
from passport.accounts.middleware import SESSION_KEY
from passport.accounts.models import Invitation, Membership
from passport.accounts.tokens import hash_secret
from passport.audit.models import AuditEntry
from passport.audit.services import verify_chain
from tests.world import PASSWORD, World

from .builders import ALL_USERS, MANAGERS, SITE, add_member, invite, new_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ALL_USERS)
def test_only_owners_and_managers_may_invite(world: World, name: str) -> None:
    if name in MANAGERS:
        invitation, _token = invite(world, by=name)
        assert invitation.organisation == world.actor(name).organisation
        assert mail.outbox[-1].to == ["new@example.org"]
    else:
        with pytest.raises(NotAllowed):
            invite(world, by=name)
        assert not Invitation.objects.exists()
        assert mail.outbox == []


def test_a_manager_cannot_invite_an_owner(world: World) -> None:
    with pytest.raises(NotAllowed):
        invite(world, by="mateo", role="owner")
    assert not Invitation.objects.exists()


def test_an_owner_may_invite_an_owner(world: World) -> None:
    invitation, _token = invite(world, by="alice", role="owner")
    assert invitation.role == "owner"


def test_it_stores_only_the_hash_of_the_link_token(world: World) -> None:
    invitation, token = invite(world)
    assert invitation.token_hash == hash_secret(token)
    assert token not in invitation.token_hash
    assert mail.outbox[-1].body.count(f"{SITE}accounts/invitation/{token}/") == 1


def test_the_invitation_expires_after_fourteen_days(world: World) -> None:
    invitation, _token = invite(world)
    assert invitation.expires_at - invitation.created_at == dt.timedelta(days=14)


@pytest.mark.parametrize(
    ("field", "email", "role"), [("email", "not-an-address", "member"), ("role", "x@y.org", "boss")]
)
def test_it_rejects_bad_input_naming_the_field(world: World, field: str, email: str, role: str) -> None:
    with pytest.raises(ValidationError) as caught:
        invite(world, email=email, role=role)
    assert field in caught.value.message_dict
    assert not Invitation.objects.exists()


def test_it_refuses_to_invite_a_current_member(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        invite(world, email="MARIA@example.org")
    assert "email" in caught.value.message_dict


def test_a_new_invitation_to_the_same_address_replaces_the_pending_one(world: World) -> None:
    first, first_token = invite(world)
    _second, second_token = invite(world)
    first.refresh_from_db()
    assert first.revoked_at is not None
    with pytest.raises(services.InvitationUnusable):
        services.invitation_for_token(token=first_token)
    assert services.invitation_for_token(token=second_token).role == "member"


def test_replacing_an_invitation_audits_the_withdrawal(world: World) -> None:
    first, _ = invite(world, by="mateo")
    second, _ = invite(world, by="mateo")
    withdrawn = AuditEntry.objects.get(action="invitation.revoked")
    assert (withdrawn.object_id, withdrawn.detail) == (str(first.uuid), {"email": first.email, "reason": "replaced"})
    assert withdrawn.actor_user == world.users["mateo"].uuid
    sent = AuditEntry.objects.filter(action="invitation.sent").order_by("id").values_list("object_id", flat=True)
    assert list(sent) == [str(first.uuid), str(second.uuid)]
    assert verify_chain().broken_at is None


def test_a_manager_cannot_replace_a_pending_owner_invitation(world: World) -> None:
    owners, owners_token = invite(world, by="alice", role="owner")
    sent = len(mail.outbox)
    with pytest.raises(NotAllowed):
        invite(world, by="mateo", email=owners.email, role="member")
    assert services.invitation_for_token(token=owners_token).role == "owner"  # still pending
    assert Invitation.objects.count() == 1
    assert len(mail.outbox) == sent
    assert not AuditEntry.objects.filter(action="invitation.revoked").exists()


def test_an_owner_may_replace_a_pending_owner_invitation(world: World) -> None:
    owners, owners_token = invite(world, by="alice", role="owner")
    invite(world, by="alice", email=owners.email, role="member")
    with pytest.raises(services.InvitationUnusable):
        services.invitation_for_token(token=owners_token)


def test_a_manager_may_replace_an_expired_owner_invitation(world: World) -> None:
    owners, _ = invite(world, by="alice", role="owner")
    later = timezone.now() + dt.timedelta(days=services.INVITATION_DAYS, seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later):
        invite(world, by="mateo", email=owners.email, role="member")
    owners.refresh_from_db()
    assert owners.revoked_at == later


@pytest.mark.parametrize(
    ("chosen", "inviters", "written_in"),
    [("es", "fr", "es"), (None, "fr", "fr"), (None, "", "en"), ("xx", "", "en")],
)
def test_the_mail_is_written_in_the_chosen_language_else_the_inviters(
    world: World, chosen: str | None, inviters: str, written_in: str
) -> None:
    world.users["alice"].language = inviters
    with mock.patch("passport.accounts.services.translation.override") as override:
        services.invite_member(
            actor=world.actor("alice"), email="x@example.org", role="member", site_url=SITE, language=chosen
        )
    override.assert_called_once_with(written_in)
    assert "Cooperativa Minera La Esperanza" in mail.outbox[-1].subject


@pytest.mark.parametrize("name", ALL_USERS)
def test_any_signed_in_person_holding_the_link_may_accept_it(world: World, name: str) -> None:
    invitation, token = invite(world, by="oscar", email="someone.else@example.org", role="viewer")
    if name == "oscar":
        with pytest.raises(services.InvitationUnusable):
            services.accept_invitation(user=world.users[name], token=token)
        return
    membership = services.accept_invitation(user=world.users[name], token=token)
    assert membership.organisation == world.orgs["kalimbi"]
    assert membership.role == "viewer"
    invitation.refresh_from_db()
    assert invitation.accepted_by == world.users[name]
    entry = AuditEntry.objects.get(action="invitation.accepted")
    assert entry.detail["invited_email"] == "someone.else@example.org"
    assert entry.detail["accepted_by"] == f"{name}@example.org"


def test_a_link_works_only_once(world: World) -> None:
    _invitation, token = invite(world, by="oscar")
    services.accept_invitation(user=world.users["bob"], token=token)
    with pytest.raises(services.InvitationUnusable):
        services.accept_invitation(user=world.users["vera"], token=token)
    assert not Membership.objects.filter(user=world.users["vera"], organisation=world.orgs["kalimbi"]).exists()


def test_an_expired_link_is_refused(world: World) -> None:
    _invitation, token = invite(world)
    later = timezone.now() + dt.timedelta(days=14, seconds=1)
    with mock.patch("django.utils.timezone.now", return_value=later), pytest.raises(services.InvitationUnusable):
        services.accept_invitation(user=world.users["bob"], token=token)


def test_an_unknown_link_is_not_found(world: World) -> None:
    with pytest.raises(NotFound):
        services.accept_invitation(user=world.users["bob"], token="made-up")


def test_a_new_person_registers_and_joins_from_the_link(world: World) -> None:
    _invitation, token = invite(world, role="manager")
    membership = services.register_and_accept_invitation(
        token=token, email="new@example.org", name="Nuevo", password=PASSWORD
    )
    assert membership.user.email == "new@example.org"
    assert membership.role == "manager"
    assert verify_chain().broken_at is None


def test_registering_from_the_link_with_a_taken_address_changes_nothing(world: World) -> None:
    invitation, token = invite(world)
    with pytest.raises(ValidationError) as caught:
        services.register_and_accept_invitation(token=token, email="bob@example.org", name="B", password=PASSWORD)
    assert "email" in caught.value.message_dict
    invitation.refresh_from_db()
    assert invitation.accepted_at is None


@pytest.mark.parametrize("name", ALL_USERS)
def test_only_owners_and_managers_of_the_organisation_may_withdraw(world: World, name: str) -> None:
    invitation, _token = invite(world, by="alice")
    if name in {"alice", "mateo"}:
        services.revoke_invitation(actor=world.actor(name), invitation_uuid=invitation.uuid)
        invitation.refresh_from_db()
        assert invitation.revoked_at is not None
        return
    expected = NotFound if name in MANAGERS else NotAllowed  # other organisations do not see it
    with pytest.raises(expected):
        services.revoke_invitation(actor=world.actor(name), invitation_uuid=invitation.uuid)
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_a_manager_cannot_withdraw_an_invitation_to_become_owner(world: World) -> None:
    invitation, _token = invite(world, by="alice", role="owner")
    with pytest.raises(NotAllowed):
        services.revoke_invitation(actor=world.actor("mateo"), invitation_uuid=invitation.uuid)


@pytest.mark.parametrize("name", ALL_USERS)
def test_pending_invitations_are_listed_for_owners_and_managers_only(world: World, name: str) -> None:
    invite(world, by="alice", email="a@example.org")
    _accepted, token = invite(world, by="alice", email="b@example.org")
    services.accept_invitation(user=new_user("b"), token=token)
    if name not in MANAGERS:
        with pytest.raises(NotAllowed):
            services.pending_invitations(actor=world.actor(name))
        return
    emails = [i.email for i in services.pending_invitations(actor=world.actor(name))]
    assert emails == (["a@example.org"] if name in {"alice", "mateo"} else [])


# --- pages ---------------------------------------------------------------------------------------


def test_the_invitations_page_sends_an_invitation(world: World, signed_in) -> None:  # type: ignore[no-untyped-def]
    client = signed_in("mateo")
    response = client.post(
        reverse("accounts:invitations"), {"email": "n@example.org", "role": "member", "language": "en"}
    )
    assert response.status_code == 302
    assert Invitation.objects.get().email == "n@example.org"
    assert "http://testserver/accounts/invitation/" in mail.outbox[-1].body


def test_the_invitations_page_does_not_offer_owner_to_a_manager(world: World, signed_in) -> None:  # type: ignore[no-untyped-def]
    client = signed_in("mateo")
    response = client.post(
        reverse("accounts:invitations"), {"email": "n@example.org", "role": "owner", "language": "en"}
    )
    assert response.status_code == 400
    assert 'value="owner"' not in response.content.decode()
    assert not Invitation.objects.exists()


def test_the_invitations_page_tells_a_manager_an_owner_invitation_is_pending(world: World, signed_in) -> None:  # type: ignore[no-untyped-def]
    owners, _ = invite(world, by="alice", email="n@example.org", role="owner")
    response = signed_in("mateo").post(
        reverse("accounts:invitations"), {"email": "n@example.org", "role": "member", "language": "en"}
    )
    assert response.status_code == 403
    assert "An owner invitation to this address is pending" in response.content.decode()
    assert list(Invitation.objects.all()) == [owners]


def test_the_invitations_page_names_the_bad_field(world: World, signed_in) -> None:  # type: ignore[no-untyped-def]
    response = signed_in("alice").post(
        reverse("accounts:invitations"), {"email": "maria@example.org", "role": "member", "language": "en"}
    )
    assert response.status_code == 400
    assert "already a member" in response.content.decode()


def test_a_signed_in_person_accepts_on_the_link_page(world: World, signed_in) -> None:  # type: ignore[no-untyped-def]
    _invitation, token = invite(world, by="oscar")
    client = signed_in("bob")
    url = reverse("accounts:invitation", args=[token])
    assert "Groupe des creuseurs de Kalimbi" in client.get(url).content.decode()
    response = client.post(url)
    assert response.status_code == 302
    assert client.session[SESSION_KEY] == str(world.orgs["kalimbi"].uuid)
    assert Membership.objects.filter(user=world.users["bob"], organisation=world.orgs["kalimbi"]).exists()


def test_a_visitor_registers_on_the_link_page(world: World, client: Client) -> None:
    _invitation, token = invite(world)
    url = reverse("accounts:invitation", args=[token])
    page = client.get(url).content.decode()
    assert 'value="new@example.org"' in page
    response = client.post(url, {"name": "Nueva", "email": "new@example.org", "password": PASSWORD})
    assert response.status_code == 302
    member = Membership.objects.get(user__email="new@example.org")
    assert member.organisation == world.orgs["esperanza"]
    assert client.get(reverse("accounts:members")).status_code == 200  # signed in


def test_the_link_page_refuses_a_weak_password_and_creates_nothing(world: World, client: Client) -> None:
    _invitation, token = invite(world)
    url = reverse("accounts:invitation", args=[token])
    response = client.post(url, {"name": "Nueva", "email": "new@example.org", "password": "1234567890"})
    assert response.status_code == 400
    assert "numeric" in response.content.decode()
    assert not Membership.objects.filter(user__email="new@example.org").exists()


def test_a_used_link_page_says_so(world: World, client: Client) -> None:
    _invitation, token = invite(world)
    services.accept_invitation(user=add_member(world.orgs["kalimbi"], "zed"), token=token)
    response = client.get(reverse("accounts:invitation", args=[token]))
    assert response.status_code == 410
    assert "already been accepted" in response.content.decode()


def test_an_unknown_link_page_is_404(world: World, client: Client) -> None:
    assert client.get(reverse("accounts:invitation", args=["nope"])).status_code == 404
