"""A producer and its buyer agree an improvement plan in their browsers: drafted from a result,
a priority and a proposal from the buyer, a signature refused on a page read before that
change, a new order, both signatures, and the deadline set."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.utils import timezone
from playwright.sync_api import Page, expect

from passport.audit.models import AuditEntry
from passport.engine import Window, due_date
from passport.plans import services
from passport.plans.models import Plan, PlanAction, Signature
from passport.plans.tests import builders as plans
from tests.world import World

from .builders import sign_in

PARTNER = "Refinería del Sur"
CHEMICALS = "Cyanide and other chemicals"  # an improvement that quick wins place last


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def draft(page: Page, result_uuid: object) -> None:
    """Alice, owner of esperanza, drafts the plan with the buyer, on a phone-sized screen."""
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, "alice@example.org")
    page.goto(f"/plans/new/{result_uuid}/")
    page.get_by_label(f"{PARTNER} · Buyer").check()
    expect(page.get_by_label("Quick wins first")).to_be_checked()
    page.get_by_role("button", name="Draft the plan").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Plan with {PARTNER}")
    expect(page.locator("#in-force")).to_contain_text("No version is in force yet")
    first = page.locator("ol.plan > li").first
    expect(first).to_contain_text("mandatory")
    expect(first).to_contain_text("6 months after both sides first sign the plan")
    no_sideways_scroll(page)


def prioritise_propose_and_sign(bob: Page, plan_url: str) -> None:
    """Bob, the buyer, marks a priority, proposes a change and signs."""
    sign_in(bob, "bob@example.org")
    bob.goto(plan_url)
    expect(bob.locator("ol.plan > li").last).to_contain_text(CHEMICALS)
    bob.get_by_role("button", name=f"Mark as priority: {CHEMICALS}").click()
    expect(bob.get_by_text("Marked as a priority.")).to_be_visible()
    bob.get_by_label("Message").fill("Our refinery needs the cyanide handled first.")
    bob.get_by_label("Proposed change").check()
    bob.get_by_label("About").select_option(label=CHEMICALS)
    bob.get_by_role("button", name="Add", exact=True).click()
    expect(bob.get_by_text("Comment added.")).to_be_visible()
    bob.get_by_role("button", name="Sign version 1").click()
    expect(bob.get_by_text("The plan is adopted when the other side signs too.")).to_be_visible()


def sign_what_was_read_before_the_change(page: Page) -> None:
    """Alice's page still shows revision 1: signing it is refused, and the page shows the plan as
    it is now."""
    expect(page.locator("#revision")).to_have_text("Revision 1")
    page.get_by_role("button", name="Sign version 1").click()
    for where in (".messages", "#sign"):  # at the top, and by the button the browser lands on
        expect(page.locator(where)).to_contain_text("The plan changed since you opened it (now revision 2)")
    expect(page.locator("#revision")).to_have_text("Revision 2")


def order_by_the_supply_chain(page: Page, plan_url: str) -> None:
    """Alice reads the proposal and orders the plan by what the supply chain needs."""
    page.goto(plan_url)
    expect(page.get_by_text("Our refinery needs the cyanide handled first.")).to_be_visible()
    page.get_by_label("What the supply chain needs most").check()
    page.get_by_role("button", name="Change the order").click()
    expect(page.get_by_text("its signature was removed: both sides sign again")).to_be_visible()
    third = page.locator("ol.plan > li").nth(2)
    expect(third).to_contain_text(f"3. {CHEMICALS}")
    expect(third).to_contain_text("partner priority")
    expect(page.locator("#revision")).to_have_text("Revision 3")


def test_a_producer_and_its_buyer_agree_and_sign_a_plan(
    page: Page, open_page: Callable[..., Page], transactional_db: None, world: World
) -> None:
    plans.authorise(world)  # esperanza authorises the buyer (refiner)
    result = plans.submitted(world)  # two risks to mitigate, improvements to plan
    assert result.outcome == "eligible_with_mitigation"

    draft(page, result.uuid)
    plan = Plan.objects.get()
    plan_url = page.url
    bob = open_page()
    prioritise_propose_and_sign(bob, plan_url)
    assert Signature.objects.filter(organisation=world.orgs["refiner"]).exists()

    sign_what_was_read_before_the_change(page)
    assert list(Signature.objects.values_list("organisation__name", flat=True)) == [PARTNER]

    order_by_the_supply_chain(page, plan_url)  # Bob's signature no longer covers the version
    assert not Signature.objects.exists()
    assert AuditEntry.objects.filter(action="plan.signatures_removed").count() == 1

    # Both sign, each in their own browser; the second signature adopts the plan.
    page.get_by_role("button", name="Sign version 1").click()
    expect(page.get_by_text("The plan is adopted when the other side signs too.")).to_be_visible()
    bob.reload()
    bob.get_by_role("button", name="Sign version 1").click()
    expect(bob.get_by_text("version 1 is adopted and in force")).to_be_visible()

    adopted_on = services.local_day(world.producers["esperanza"], timezone.now())
    due = due_date(Window.parse("P6M"), adopted_on)
    page.reload()
    expect(page.locator("#in-force")).to_contain_text(f"Version 1 is in force: adopted on {adopted_on:%Y-%m-%d}.")
    for requirement in plans.MANDATORY:
        expect(page.locator(f"#action-{requirement}")).to_contain_text(due.strftime("%Y-%m-%d"))
    expect(page.get_by_role("button", name=re.compile("Sign version"))).to_have_count(0)
    no_sideways_scroll(page)
    assert {a.due_on for a in PlanAction.objects.filter(version__plan=plan, mandatory=True)} == {due}
