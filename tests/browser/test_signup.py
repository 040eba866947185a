"""A new user registers, creates an organisation and switches the interface to Spanish."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from passport.accounts.models import Membership, User


def test_a_new_user_registers_and_their_organisation_is_created(page: Page, transactional_db: None) -> None:
    page.goto("/")
    page.get_by_role("link", name="Register").first.click()
    page.get_by_label("Your name").fill("Lucía Pérez")
    page.get_by_label("E-mail").fill("lucia@example.org")
    page.get_by_label("Password").fill("vetas-de-oro-2026")
    page.get_by_role("button", name="Register").click()
    expect(page).to_have_url(re.compile(r"/accounts/organisations/new/$"))
    page.get_by_label("Organisation name").fill("Mina El Porvenir")
    page.get_by_label("Kind").select_option("buyer")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Welcome, Lucía Pérez")
    user = User.objects.get(email="lucia@example.org")
    assert user.password.startswith("md5$")  # the tests' fast hasher; production uses argon2
    assert Membership.objects.get(user=user).organisation.name == "Mina El Porvenir"
