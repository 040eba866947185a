"""A facilitator runs a self-assessment with a producer that authorised it in the browser."""

from __future__ import annotations

from collections.abc import Callable

from playwright.sync_api import Page, expect

from passport.assessments.models import Answer, Assessment
from passport.producers.models import AssessorAuthorisation
from tests.world import World

from .builders import answer, sign_in

KALIMBI = "Groupe des creuseurs de Kalimbi"
OPERATION_SHEET = {  # requirement MES-ORG-01, as the facilitator notes it down with the diggers
    "workers_count": 64,
    "site_description": "Puits et tranchées de cassitérite sur la colline, à deux heures de marche de Kalehe.",
    "site_in_cahra": True,
    "member_register": False,
    "site_location_recorded": True,
}


def authorise_field_alliance(page: Page) -> None:
    """Oscar, owner of the Kalimbi group, authorises the facilitator from the producer's pages."""
    sign_in(page, "oscar@example.org")
    page.goto("/producers/")
    page.get_by_role("main").get_by_role("link", name=KALIMBI).click()
    page.get_by_role("link", name="Who may assess you").click()
    expect(page.get_by_text("You have authorised nobody.")).to_be_visible()
    page.get_by_label("Name of the facilitator, buyer or verifier").fill("Alianza")
    page.get_by_role("button", name="Search").click()
    page.locator("form", has_text="Alianza de Campo").get_by_role("button", name="Authorise").click()
    expect(page.get_by_text("Alianza de Campo may now assess you.")).to_be_visible()
    expect(page.get_by_role("row", name="Alianza de Campo")).to_contain_text("active")


def test_a_facilitator_assesses_a_producer_that_authorised_it(
    page: Page, open_page: Callable[..., Page], transactional_db: None, world: World
) -> None:
    fran = open_page()
    sign_in(fran, "fran@example.org")
    fran.goto("/producers/")
    expect(fran.get_by_role("main").get_by_role("link", name="Cooperativa Minera La Esperanza")).to_be_visible()
    expect(fran.get_by_role("main").get_by_role("link", name=KALIMBI)).to_have_count(0)  # not authorised yet

    authorise_field_alliance(page)
    grant = AssessorAuthorisation.objects.get(producer=world.producers["kalimbi"], revoked_at__isnull=True)
    assert (grant.organisation, grant.granted_by) == (world.orgs["field"], world.users["oscar"])

    fran.reload()
    fran.get_by_role("main").get_by_role("link", name=KALIMBI).click()
    fran.get_by_role("main").get_by_role("link", name="Start an assessment").click()
    expect(fran.get_by_label("Self-assessment")).to_be_checked()
    fran.get_by_role("button", name="Start").click()
    expect(fran.get_by_role("heading", level=1)).to_have_text(f"Self-assessment: {KALIMBI}")
    expect(fran.get_by_text("conducted by Alianza de Campo")).to_be_visible()

    fran.get_by_role("main").get_by_role("link", name="M1 · Affiliation and management system").click()
    for ident, value in OPERATION_SHEET.items():
        answer(fran, ident, value)
    fran.locator("button[name=save]").click()
    expect(fran.locator("#q-site_in_cahra input[value=yes]")).to_be_checked()

    assessment = Assessment.objects.get(producer=world.producers["kalimbi"])
    assert (assessment.kind, assessment.conducted_by, assessment.started_by) == (
        "self",
        world.orgs["field"],
        world.users["fran"],
    )
    answers = Answer.objects.filter(assessment=assessment)
    assert {a.indicator_id: a.value for a in answers} == OPERATION_SHEET
    assert {(a.answered_by, a.answered_for) for a in answers} == {(world.users["fran"], world.orgs["field"])}

    page.get_by_role("navigation", name="Producer").get_by_role("link", name=KALIMBI).click()
    page.get_by_role("link", name="Assessment history").click()
    expect(page.locator(".card", has_text="Self-assessment")).to_contain_text("Alianza de Campo")
