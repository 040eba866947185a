"""Sharing in two browsers: a buyer finds a producer in the directory and asks for access, the
producer grants it partner access, the buyer reads the shared answers, the producer revokes the
grant, the buyer sees them withheld, and the producer's access log shows the buyer's views —
then the producer reads its sharing page in Spanish."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from passport.assessments.tests import builders as assessments
from passport.audit.models import AuditEntry
from passport.sharing.models import AccessRequest, Grant
from passport.sharing.tests.builders import listed
from tests.world import World

from .builders import in_spanish, sign_in

PRODUCER = "Cooperativa Minera La Esperanza"
BUYER = "Refinería del Sur"
SITE_WORDS = "Underground gold veins"  # the start of the example's site description (partners)


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def ask_for_access(bob: Page) -> None:
    """Bob, the buyer, finds the cooperative in the public directory and asks, on a phone."""
    bob.set_viewport_size({"width": 360, "height": 740})
    sign_in(bob, "bob@example.org")
    bob.goto("/directory/")
    bob.get_by_role("link", name=PRODUCER).click()
    expect(bob.get_by_role("heading", level=1)).to_contain_text(PRODUCER)
    expect(bob.locator(".withheld").first).to_be_visible()  # titles and sites: withheld, not "none"
    bob.get_by_role("link", name="Request access").click()
    bob.get_by_label("Actual partner").check()
    bob.get_by_label("Due diligence").check()
    bob.get_by_label("Message").fill("We refine gold from Cauca and review each supplier's assessment.")
    bob.get_by_role("button", name="Send the request").click()
    expect(bob.locator(".messages")).to_be_visible()
    no_sideways_scroll(bob)


def grant_as_asked(page: Page, producer_uuid: object) -> None:
    """Alice, the cooperative's owner, reads the request on her sharing page and accepts it."""
    page.set_viewport_size({"width": 360, "height": 740})
    sign_in(page, "alice@example.org")
    page.goto(f"/sharing/{producer_uuid}/")
    request = page.locator(".card", has_text=BUYER).first
    expect(request).to_contain_text("We refine gold from Cauca")
    request.get_by_role("button", name="Accept as asked").click()
    expect(page.locator("#grants")).to_be_visible()
    expect(page.locator("table").first).to_contain_text(BUYER)
    no_sideways_scroll(page)


def answers_page(assessment_uuid: object) -> str:
    return f"/assessments/{assessment_uuid}/modules/M1/"


def test_a_buyer_asks_the_producer_grants_then_revokes_and_the_log_shows_the_views(
    page: Page, open_page: Callable[..., Page], transactional_db: None, world: World
) -> None:
    esperanza = world.producers["esperanza"]
    listed(world)
    result = assessments.submitted(world)
    module = answers_page(result.assessment.uuid)

    bob = open_page()
    ask_for_access(bob)
    assert AccessRequest.objects.get().status == "pending"
    bob.goto(module)  # may know the producer now, sees no answer yet
    expect(bob.locator("#q-site_description .withheld")).to_contain_text("holds no grant")
    expect(bob.get_by_text(SITE_WORDS)).to_have_count(0)

    grant_as_asked(page, esperanza.uuid)
    grant = Grant.objects.get()
    assert (grant.audience, grant.purposes, grant.revoked_on) == ("actual_partner", ["due_diligence"], None)

    bob.goto(module)
    expect(bob.get_by_text(SITE_WORDS)).to_be_visible()
    views = AuditEntry.objects.filter(action="view.confidential", producer=esperanza.uuid)
    assert views.filter(detail__grant=str(grant.uuid)).exists()

    page.goto(f"/sharing/{esperanza.uuid}/")
    page.get_by_role("button", name="Revoke").click()
    expect(page.get_by_text("Revoked on")).to_be_visible()

    bob.goto(module)
    expect(bob.get_by_text(SITE_WORDS)).to_have_count(0)
    expect(bob.locator("#q-site_description .withheld")).to_contain_text("revoked the grant")
    no_sideways_scroll(bob)

    page.goto(f"/sharing/{esperanza.uuid}/log/")
    log = page.locator("main")
    expect(log).to_contain_text(BUYER)
    expect(log).to_contain_text("Actual partner")
    no_sideways_scroll(page)

    # The same sharing page, in Spanish.
    page.goto(f"/sharing/{esperanza.uuid}/")
    page.get_by_role("button", name="Español").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(in_spanish("What you share, and with whom"))
    expect(page.locator("main")).to_contain_text(in_spanish("Access log"))
