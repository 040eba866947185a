"""API tokens: created by owners and managers, shown once, stored hashed, revocable; and the
actor a token becomes names the token and its creator."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from passport.accounts import services
from passport.accounts.access import NotAllowed, NotFound
from passport.accounts.api_auth import BearerToken
from passport.accounts.models import ApiToken, Membership
from passport.accounts.tokens import SCOPES, hash_secret
from passport.audit.models import AuditEntry
from passport.audit.services import record, verify_chain
from tests.world import World, bearer

from .builders import ALL_USERS, MANAGERS, api_token

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", ALL_USERS)
def test_only_owners_and_managers_create_tokens(world: World, name: str) -> None:
    if name not in MANAGERS:
        with pytest.raises(NotAllowed):
            api_token(world, by=name)
        assert not ApiToken.objects.exists()
        return
    token, secret = api_token(world, by=name, scopes=("assessments:read", "producers:read"))
    assert token.organisation == world.actor(name).organisation
    assert token.created_by == world.users[name]
    assert token.scopes == ["assessments:read", "producers:read"]
    assert token.token_hash == hash_secret(secret)
    assert secret.startswith(token.prefix)
    assert len(token.prefix) == 12


@pytest.mark.parametrize(
    ("field", "name", "scopes"),
    [
        ("name", " ", ["producers:read"]),
        ("name", "x" * 101, ["producers:read"]),
        ("scopes", "app", []),
        ("scopes", "app", ["admin"]),
    ],
)
def test_it_rejects_bad_input_naming_the_field(world: World, field: str, name: str, scopes: list[str]) -> None:
    with pytest.raises(ValidationError) as caught:
        services.create_api_token(actor=world.actor("alice"), name=name, scopes=scopes)
    assert field in caught.value.message_dict
    assert not ApiToken.objects.exists()


def test_a_token_cannot_create_tokens(world: World, client: Client) -> None:
    _token, secret = api_token(world, scopes=SCOPES)
    response = client.get("/api/v1/me", **bearer(secret))
    assert response.json()["role"] == "member"
    # The actor a token becomes is a member, below the manager role tokens need.
    request = client.get("/").wsgi_request
    token_actor = BearerToken().authenticate(request, secret)
    assert token_actor is not None
    with pytest.raises(NotAllowed):
        services.create_api_token(actor=token_actor, name="child", scopes=["producers:read"])


@pytest.mark.parametrize("name", ALL_USERS)
def test_only_owners_and_managers_of_its_organisation_revoke_a_token(world: World, name: str) -> None:
    token, _secret = api_token(world, by="alice")
    if name in {"alice", "mateo"}:
        services.revoke_api_token(actor=world.actor(name), token_uuid=token.uuid)
        token.refresh_from_db()
        assert token.revoked_at is not None
        return
    expected = NotFound if name in MANAGERS else NotAllowed
    with pytest.raises(expected):
        services.revoke_api_token(actor=world.actor(name), token_uuid=token.uuid)
    token.refresh_from_db()
    assert token.revoked_at is None


@pytest.mark.parametrize("name", ALL_USERS)
def test_tokens_are_listed_for_owners_and_managers_of_their_organisation(world: World, name: str) -> None:
    api_token(world, by="alice")
    if name not in MANAGERS:
        with pytest.raises(NotAllowed):
            services.list_api_tokens(actor=world.actor(name))
        return
    count = len(services.list_api_tokens(actor=world.actor(name)))
    assert count == (1 if name in {"alice", "mateo"} else 0)


def test_a_revoked_token_no_longer_works(world: World, client: Client) -> None:
    token, secret = api_token(world)
    assert client.get("/api/v1/me", **bearer(secret)).status_code == 200
    services.revoke_api_token(actor=world.actor("mateo"), token_uuid=token.uuid)
    assert client.get("/api/v1/me", **bearer(secret)).status_code == 401


def test_the_token_actor_names_the_token_and_its_creator(world: World, client: Client) -> None:
    token, secret = api_token(world, by="mateo")
    actor = BearerToken().authenticate(client.get("/").wsgi_request, secret)
    assert actor is not None
    assert actor.user is None
    assert actor.token_id == token.uuid
    assert actor.token_creator == world.users["mateo"]
    assert actor.label == f"token {token.prefix} for Cooperativa Minera La Esperanza"


def test_the_audit_log_names_the_person_behind_a_tokens_write(world: World, client: Client) -> None:
    token, secret = api_token(world, by="mateo")
    actor = BearerToken().authenticate(client.get("/").wsgi_request, secret)
    entry = record(actor=actor, action="test.write", detail={"n": 1})
    assert entry.actor_label.startswith(f"token {token.prefix}")
    assert entry.detail == {"n": 1, "token": str(token.uuid), "token_created_by": str(world.users["mateo"].uuid)}
    assert verify_chain().broken_at is None


# --- pages ---------------------------------------------------------------------------------------


def test_the_tokens_page_shows_a_new_secret_once(world: World, signed_in) -> None:  # type: ignore[no-untyped-def]
    client = signed_in("alice")
    url = reverse("accounts:api_tokens")
    response = client.post(url, {"name": "field app", "scopes": ["producers:read", "assessments:write"]})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    token = ApiToken.objects.get()
    secrets_shown = [c for c in re.findall(r"<code>(ptm_[^<…]+)</code>", response.content.decode()) if len(c) > 30]
    assert len(secrets_shown) == 1
    assert hash_secret(secrets_shown[0]) == token.token_hash
    again = client.get(url).content.decode()
    assert secrets_shown[0] not in again
    assert token.prefix in again


def test_the_tokens_page_names_the_missing_scopes(world: World, signed_in) -> None:  # type: ignore[no-untyped-def]
    response = signed_in("alice").post(reverse("accounts:api_tokens"), {"name": "app"})
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_the_tokens_page_revokes(world: World, signed_in) -> None:  # type: ignore[no-untyped-def]
    token, _secret = api_token(world)
    response = signed_in("mateo").post(reverse("accounts:api_token_revoke", args=[token.uuid]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_members_and_viewers_cannot_open_the_tokens_page(world: World, signed_in) -> None:  # type: ignore[no-untyped-def]
    assert signed_in("maria").get(reverse("accounts:api_tokens")).status_code == 403
    assert signed_in("victor").get(reverse("accounts:api_tokens")).status_code == 403


def test_it_records_token_creation_and_revocation(world: World) -> None:
    token, _secret = api_token(world)
    services.revoke_api_token(actor=world.actor("alice"), token_uuid=token.uuid)
    assert list(AuditEntry.objects.values_list("action", flat=True).filter(object_id=str(token.uuid))) == [
        "api_token.created",
        "api_token.revoked",
    ]


# --- a token acts on its creator's authority -------------------------------------------------------


def test_a_token_of_an_owner_or_a_manager_works(world: World, client: Client) -> None:
    for creator in ("alice", "mateo"):
        _token, secret = api_token(world, by=creator)
        assert client.get("/api/v1/me", **bearer(secret)).status_code == 200


@pytest.mark.parametrize("role", ["member", "viewer"])
def test_a_token_is_refused_once_its_creator_is_below_manager(world: World, client: Client, role: str) -> None:
    _token, secret = api_token(world, by="mateo")
    # Changed behind the services' back: the check at each request does not rely on revocation.
    Membership.objects.filter(user=world.users["mateo"]).update(role=role)
    assert client.get("/api/v1/me", **bearer(secret)).status_code == 401


def test_a_token_is_refused_once_its_creator_has_left_the_organisation(world: World, client: Client) -> None:
    _token, secret = api_token(world, by="mateo")
    Membership.objects.filter(user=world.users["mateo"]).delete()
    assert client.get("/api/v1/me", **bearer(secret)).status_code == 401


def test_a_token_whose_creator_account_is_gone_is_refused(world: World, client: Client) -> None:
    _token, secret = api_token(world, by="mateo")
    world.users["mateo"].delete()  # the token's created_by becomes null
    assert client.get("/api/v1/me", **bearer(secret)).status_code == 401


def test_a_token_is_refused_when_its_creator_manages_only_another_organisation(world: World, client: Client) -> None:
    token, secret = api_token(world, by="mateo")
    Membership.objects.filter(user=world.users["mateo"]).delete()
    Membership.objects.create(user=world.users["mateo"], organisation=world.actor("oscar").organisation, role="owner")
    assert ApiToken.objects.get(pk=token.pk).revoked_at is None
    assert client.get("/api/v1/me", **bearer(secret)).status_code == 401


def test_finding_a_token_and_checking_its_creator_is_one_query(
    world: World, client: Client, django_assert_num_queries
) -> None:  # type: ignore[no-untyped-def]
    _token, secret = api_token(world, by="mateo")
    request = client.get("/").wsgi_request
    assert BearerToken().authenticate(request, secret) is not None  # the first use also notes the time
    with django_assert_num_queries(1):
        assert BearerToken().authenticate(request, secret) is not None


def revoked_reasons() -> dict[str, str]:
    return {
        e.object_id: e.detail["reason"] for e in AuditEntry.objects.filter(action="api_token.revoked").order_by("id")
    }


def test_removing_a_member_revokes_the_tokens_they_created_and_audits_it(world: World) -> None:
    mateos, _ = api_token(world, by="mateo")
    alices, _ = api_token(world, by="alice")
    services.remove_member(actor=world.actor("alice"), user_uuid=world.users["mateo"].uuid)
    assert ApiToken.objects.get(pk=mateos.pk).revoked_at is not None
    assert ApiToken.objects.get(pk=alices.pk).revoked_at is None
    assert revoked_reasons() == {str(mateos.uuid): "creator_removed"}
    entry = AuditEntry.objects.get(action="api_token.revoked")
    assert entry.actor_user == world.users["alice"].uuid
    assert verify_chain().broken_at is None


@pytest.mark.parametrize(("role", "revoked"), [("member", True), ("viewer", True), ("owner", False)])
def test_changing_a_creators_role_revokes_their_tokens_only_below_manager(
    world: World, role: str, revoked: bool
) -> None:
    token, _ = api_token(world, by="mateo")
    services.change_member_role(actor=world.actor("alice"), user_uuid=world.users["mateo"].uuid, role=role)
    assert (ApiToken.objects.get(pk=token.pk).revoked_at is not None) is revoked
    assert revoked_reasons() == ({str(token.uuid): "creator_demoted"} if revoked else {})


def test_leaving_revokes_the_tokens_one_created(world: World) -> None:
    token, _ = api_token(world, by="mateo")
    services.leave_organisation(actor=world.actor("mateo"))
    assert ApiToken.objects.get(pk=token.pk).revoked_at is not None
    assert revoked_reasons() == {str(token.uuid): "creator_left"}


def test_an_already_revoked_token_is_not_revoked_twice(world: World) -> None:
    token, _ = api_token(world, by="mateo")
    services.revoke_api_token(actor=world.actor("alice"), token_uuid=token.uuid)
    services.remove_member(actor=world.actor("alice"), user_uuid=world.users["mateo"].uuid)
    assert AuditEntry.objects.filter(action="api_token.revoked").count() == 1
