"""Members: listing, changing roles, removing, leaving; an organisation always keeps an owner."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from passport.accounts import services
from passport.accounts.access import Actor, NotAllowed, NotFound
from passport.accounts.middleware import SESSION_KEY
from passport.accounts.models import Membership
from passport.audit.models import AuditEntry
from tests.world import World

from .builders import ALL_USERS, MANAGERS, add_member

pytestmark = pytest.mark.django_db


def role_of(world: World, name: str) -> str | None:
    found = Membership.objects.filter(user=world.users[name], organisation=world.orgs["esperanza"]).first()
    return found.role if found else None


@pytest.mark.parametrize("name", ALL_USERS)
def test_every_member_sees_their_own_organisations_members(world: World, name: str) -> None:
    emails = {m.user.email for m in services.list_members(actor=world.actor(name))}
    assert f"{name}@example.org" in emails
    if world.actor(name).organisation == world.orgs["esperanza"]:
        assert emails == {f"{n}@example.org" for n in ("alice", "mateo", "maria", "victor")}
    else:
        assert len(emails) == 1


def test_members_are_listed_owners_first(world: World) -> None:
    roles = [m.role for m in services.list_members(actor=world.actor("victor"))]
    assert roles == ["owner", "manager", "member", "viewer"]


def test_an_actor_without_organisation_cannot_list_members(world: World) -> None:
    with pytest.raises(NotAllowed):
        services.list_members(actor=Actor(user=world.users["alice"], organisation=None, role=None))


@pytest.mark.parametrize("name", ALL_USERS)
def test_only_owners_and_managers_change_roles_in_their_own_organisation(world: World, name: str) -> None:
    target = world.users["maria"].uuid
    if name in {"alice", "mateo"}:
        services.change_member_role(actor=world.actor(name), user_uuid=target, role="viewer")
        assert role_of(world, "maria") == "viewer"
        entry = AuditEntry.objects.get(action="membership.role_changed")
        assert entry.detail == {"email": "maria@example.org", "from": "member", "to": "viewer"}
        return
    expected = NotFound if name in MANAGERS else NotAllowed  # Maria is not in their organisation
    with pytest.raises(expected):
        services.change_member_role(actor=world.actor(name), user_uuid=target, role="viewer")
    assert role_of(world, "maria") == "member"


def test_a_manager_cannot_make_an_owner(world: World) -> None:
    with pytest.raises(NotAllowed):
        services.change_member_role(actor=world.actor("mateo"), user_uuid=world.users["maria"].uuid, role="owner")
    assert role_of(world, "maria") == "member"


def test_a_manager_cannot_unmake_an_owner(world: World) -> None:
    add_member(world.orgs["esperanza"], "olga", role="owner")
    with pytest.raises(NotAllowed):
        services.change_member_role(actor=world.actor("mateo"), user_uuid=world.users["alice"].uuid, role="member")
    assert role_of(world, "alice") == "owner"


def test_an_owner_makes_another_owner_and_may_then_step_down(world: World) -> None:
    services.change_member_role(actor=world.actor("alice"), user_uuid=world.users["mateo"].uuid, role="owner")
    services.change_member_role(actor=world.actor("alice"), user_uuid=world.users["alice"].uuid, role="manager")
    assert (role_of(world, "mateo"), role_of(world, "alice")) == ("owner", "manager")


def test_the_last_owner_can_never_be_demoted(world: World) -> None:
    with pytest.raises(NotAllowed, match="at least one owner"):
        services.change_member_role(actor=world.actor("alice"), user_uuid=world.users["alice"].uuid, role="manager")
    assert role_of(world, "alice") == "owner"


def test_it_rejects_an_unknown_role_naming_the_field(world: World) -> None:
    with pytest.raises(ValidationError) as caught:
        services.change_member_role(actor=world.actor("alice"), user_uuid=world.users["maria"].uuid, role="king")
    assert "role" in caught.value.message_dict


@pytest.mark.parametrize("name", ALL_USERS)
def test_only_owners_and_managers_remove_members_of_their_own_organisation(world: World, name: str) -> None:
    target = world.users["victor"].uuid
    if name in {"alice", "mateo"}:
        services.remove_member(actor=world.actor(name), user_uuid=target)
        assert role_of(world, "victor") is None
        assert AuditEntry.objects.filter(action="membership.removed").count() == 1
        return
    expected = NotFound if name in MANAGERS else NotAllowed
    with pytest.raises(expected):
        services.remove_member(actor=world.actor(name), user_uuid=target)
    assert role_of(world, "victor") == "viewer"


def test_a_manager_cannot_remove_an_owner(world: World) -> None:
    add_member(world.orgs["esperanza"], "olga", role="owner")
    with pytest.raises(NotAllowed):
        services.remove_member(actor=world.actor("mateo"), user_uuid=world.users["alice"].uuid)
    assert role_of(world, "alice") == "owner"


def test_the_last_owner_can_never_be_removed(world: World) -> None:
    with pytest.raises(NotAllowed):
        services.remove_member(actor=world.actor("alice"), user_uuid=world.users["alice"].uuid)
    assert role_of(world, "alice") == "owner"


def test_an_owner_removes_another_owner(world: World) -> None:
    olga = add_member(world.orgs["esperanza"], "olga", role="owner")
    services.remove_member(actor=world.actor("alice"), user_uuid=olga.uuid)
    assert not Membership.objects.filter(user=olga).exists()


@pytest.mark.parametrize("name", ALL_USERS)
def test_everyone_but_a_last_owner_may_leave(world: World, name: str) -> None:
    last_owner = world.actor(name).role == "owner"
    if last_owner:
        with pytest.raises(NotAllowed):
            services.leave_organisation(actor=world.actor(name))
        assert Membership.objects.filter(user=world.users[name]).exists()
        return
    services.leave_organisation(actor=world.actor(name))
    assert not Membership.objects.filter(user=world.users[name]).exists()
    assert AuditEntry.objects.filter(action="membership.left").count() == 1


def test_an_owner_may_leave_once_another_owner_exists(world: World) -> None:
    add_member(world.orgs["kalimbi"], "otto", role="owner")
    services.leave_organisation(actor=world.actor("oscar"))
    assert not Membership.objects.filter(user=world.users["oscar"]).exists()


# --- pages ---------------------------------------------------------------------------------------


def test_the_members_page_offers_changes_only_to_managers(world: World, signed_in) -> None:  # type: ignore[no-untyped-def]
    page = signed_in("maria").get(reverse("accounts:members")).content.decode()
    assert "mateo@example.org" in page
    assert "Change role" not in page
    page = signed_in("mateo").get(reverse("accounts:members")).content.decode()
    assert "Change role" in page
    assert 'value="owner"' not in page  # a manager is not offered the owner role


def test_the_members_page_changes_a_role(world: World, signed_in) -> None:  # type: ignore[no-untyped-def]
    url = reverse("accounts:member_role", args=[world.users["maria"].uuid])
    assert signed_in("alice").post(url, {"role": "manager"}).status_code == 302
    assert role_of(world, "maria") == "manager"


def test_the_members_page_names_a_bad_role(world: World, signed_in) -> None:  # type: ignore[no-untyped-def]
    url = reverse("accounts:member_role", args=[world.users["maria"].uuid])
    response = signed_in("alice").post(url, {"role": "king"})
    assert response.status_code == 400
    assert "Role:" in response.content.decode()
    assert role_of(world, "maria") == "member"


def test_a_member_cannot_change_roles_through_the_page(world: World, signed_in) -> None:  # type: ignore[no-untyped-def]
    url = reverse("accounts:member_role", args=[world.users["victor"].uuid])
    assert signed_in("maria").post(url, {"role": "owner"}).status_code == 403
    assert role_of(world, "victor") == "viewer"


def test_the_page_refuses_to_demote_the_last_owner(world: World, signed_in) -> None:  # type: ignore[no-untyped-def]
    url = reverse("accounts:member_role", args=[world.users["alice"].uuid])
    response = signed_in("alice").post(url, {"role": "member"})
    assert response.status_code == 403
    assert role_of(world, "alice") == "owner"


def test_removing_someone_of_another_organisation_is_404(world: World, signed_in) -> None:  # type: ignore[no-untyped-def]
    url = reverse("accounts:member_remove", args=[world.users["oscar"].uuid])
    assert signed_in("alice").post(url).status_code == 404
    assert Membership.objects.filter(user=world.users["oscar"]).exists()


def test_leaving_through_the_page_forgets_the_chosen_organisation(world: World, signed_in) -> None:  # type: ignore[no-untyped-def]
    client = signed_in("maria")
    session = client.session
    session[SESSION_KEY] = str(world.orgs["esperanza"].uuid)
    session.save()
    assert client.post(reverse("accounts:leave")).status_code == 302
    assert SESSION_KEY not in client.session
    assert role_of(world, "maria") is None


def test_the_members_page_makes_the_same_queries_for_ten_times_the_members(world: World, signed_in) -> None:  # type: ignore[no-untyped-def]
    client = signed_in("alice")
    url = reverse("accounts:members")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    for i in range(3):
        add_member(world.orgs["esperanza"], f"few{i}")
    few = queries()
    for i in range(27):
        add_member(world.orgs["esperanza"], f"many{i}")
    assert queries() == few
