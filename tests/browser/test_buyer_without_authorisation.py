"""A buyer the producer never authorised cannot open its answers, even with their addresses."""

from __future__ import annotations

from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from playwright.sync_api import Page, expect

from passport.assessments.models import Result
from passport.assessments.services import attach_evidence, start_assessment, submit_assessment
from tests.world import World

from .builders import answer_the_rest, example_answers, sign_in, tiny_png

ESPERANZA = "Cooperativa Minera La Esperanza"


def submitted_self_assessment(world: World) -> Result:
    """Esperanza's self-assessment with every answer of a Nariño gold cooperative and a photo."""
    alice = world.actor("alice")
    assessment = start_assessment(actor=alice, producer_uuid=world.producers["esperanza"].uuid, kind="self")
    answer_the_rest(actor=alice, assessment=assessment, example="co-narino-cooperative")
    photo = SimpleUploadedFile("libro-de-ventas.png", tiny_png(), content_type="image/png")
    attach_evidence(actor=alice, assessment_uuid=assessment.uuid, requirement_id="MES-ORG-06", uploaded_file=photo)
    return submit_assessment(actor=alice, assessment_uuid=assessment.uuid)


def copied_addresses(result: Result) -> dict[str, str]:
    assessment = result.assessment
    return {
        "overview": reverse("assessments:overview", kwargs={"uuid": assessment.uuid}),
        "module with the child-labour answers": reverse(
            "assessments:module", kwargs={"uuid": assessment.uuid, "module_id": "M3"}
        ),
        "evidence": reverse("assessments:evidence", kwargs={"uuid": assessment.evidence.get().uuid}),
        "result": reverse("assessments:result", kwargs={"uuid": result.uuid}),
        "history": reverse("assessments:history", kwargs={"producer_uuid": result.producer.uuid}),
        "producer": reverse("producers:detail", kwargs={"producer_uuid": result.producer.uuid}),
    }


def test_a_buyer_gets_not_found_for_the_assessment_pages_of_a_producer_that_did_not_authorise_it(
    page: Page, open_page: Callable[..., Page], transactional_db: None, world: World
) -> None:
    addresses = copied_addresses(submitted_self_assessment(world))
    site_description = str(example_answers("co-narino-cooperative")["site_description"])

    alice = open_page()  # the producer's owner: the same addresses open for her
    sign_in(alice, "alice@example.org")
    for name, address in addresses.items():
        response = alice.context.request.get(address)
        assert response.status == 200, name
    alice.goto(addresses["module with the child-labour answers"])
    expect(alice.get_by_role("heading", level=1)).to_contain_text("M3")

    sign_in(page, "bob@example.org")
    for name, address in addresses.items():
        response = page.goto(address)
        assert response is not None, name
        assert response.status == 404, name
        expect(page.get_by_role("heading", level=1)).to_have_text("Not found")
        expect(page.get_by_role("main")).not_to_contain_text(ESPERANZA)
        expect(page.get_by_role("main")).not_to_contain_text(site_description[:40])

    page.get_by_role("link", name="Passport to Markets").click()
    page.get_by_role("link", name="Producers", exact=True).click()
    expect(page.get_by_text("No producer you may see matches.")).to_be_visible()
    page.get_by_label("Name contains").fill("Esperanza")
    page.get_by_role("button", name="Search").click()
    expect(page.get_by_text("No producer you may see matches.")).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text(ESPERANZA)
