"""Loading the signed-in person loads their memberships in the same query, read afresh each time."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from passport.accounts.backends import AccountBackend
from passport.accounts.models import Membership, User
from tests.world import World


def test_it_loads_the_user_with_every_membership_in_one_query(world: World, django_assert_num_queries: object) -> None:
    alice = world.users["alice"]
    with django_assert_num_queries(1):  # type: ignore[operator]
        loaded = AccountBackend().get_user(alice.pk)
    assert loaded == alice
    assert [m.organisation.name for m in loaded.loaded_memberships] == ["Cooperativa Minera La Esperanza"]
    assert loaded.loaded_memberships[0].user is loaded


@pytest.mark.django_db
def test_it_loads_someone_who_belongs_to_no_organisation_yet() -> None:
    lone = User.objects.create_user(email="lone@example.org", password="x" * 12, name="Lone")
    loaded = AccountBackend().get_user(lone.pk)
    assert loaded == lone
    assert loaded.loaded_memberships == []


def test_it_refuses_an_inactive_user(world: World) -> None:
    User.objects.filter(pk=world.users["alice"].pk).update(is_active=False)
    assert AccountBackend().get_user(world.users["alice"].pk) is None


def test_a_removed_member_loses_the_organisation_on_the_next_request(world: World, client: Client) -> None:
    client.force_login(world.users["victor"])
    producer_page = reverse("producers:detail", kwargs={"producer_uuid": world.producers["esperanza"].uuid})
    assert client.get(producer_page).status_code == 200
    Membership.objects.filter(user=world.users["victor"]).delete()
    assert client.get(producer_page).status_code == 404
