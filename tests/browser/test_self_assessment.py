"""A producer's first self-assessment, walked in the browser from sign-up to a result in Spanish."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from django.utils import translation
from django.utils.translation import ngettext
from playwright.sync_api import Page, expect

from passport.accounts.access import Actor
from passport.accounts.models import Membership, User
from passport.assessments.models import Answer, Assessment, Evidence, Result, ResultFinding
from passport.producers.models import Producer

from .builders import answer, answer_the_rest, in_spanish, tiny_png, uuid_in

# Module M1 as a gold cooperative of La Llanada (Nariño) answers it (examples/co-narino-cooperative.yaml),
# except its supply-chain sketch, which misses some steps. The follow-ups are answered below.
M1_FIRST_ANSWERS = {
    "workers_count": 150,
    "site_description": "Vetas de oro trabajadas por doce unidades con socavón propio; molienda en entables.",
    "site_in_cahra": False,
    "member_register": True,
    "site_location_recorded": True,
    "leadership_structure": "formal",
    "responsible_person": True,
    "policy_adopted": True,
    "complaints_channel": "documented",
    "production_records": "complete",
    "declared_monthly_output_g": 2100,
    "output_basis": "weighed",
    "results_shared_with_members": True,
    "summary_shared_with_buyers": True,
}
M1_FOLLOW_UPS = {"policy_communicated": "some_members", "complaints_answered": True, "records_kept_2y": True}

SKETCH = (
    "¿Hay un dibujo o una descripción escrita de cómo va el mineral desde los frentes de trabajo hasta el comprador?"
)
SKETCH_REVIEWED = "¿Se revisó y actualizó el croquis en los últimos 12 meses?"


def register_producer(page: Page) -> None:
    """Sign up, register the organisation as a producer, and describe how it mines."""
    page.goto("/")
    page.get_by_role("link", name="Register").first.click()
    page.get_by_label("Your name").fill("Rosa Quiñones")
    page.get_by_label("E-mail").fill("rosa@llanada.example.org")
    page.get_by_label("Password").fill("socavon-de-oro-2026")
    page.get_by_role("button", name="Register").click()
    page.get_by_label("Organisation name").fill("Cooperativa Multiactiva de Mineros de La Llanada")
    page.get_by_label("Kind").select_option("producer")
    page.get_by_label("Country (ISO code, e.g. CO)").fill("CO")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Register your producer profile")
    page.get_by_label("Type of producer").select_option("cooperative")
    page.get_by_label("Gold").check()
    page.get_by_label("Underground").check()
    page.get_by_label("Department, province or state").fill("CO-NAR")
    page.get_by_label("Municipality").fill("La Llanada")
    page.get_by_label("Legal status").select_option("formal")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cooperativa Multiactiva de Mineros de La Llanada")


def answer_module_one(page: Page) -> None:
    """The shown questions, then the follow-ups that appear once their triggers are saved."""
    for ident, value in M1_FIRST_ANSWERS.items():
        answer(page, ident, value)
    sketch = page.get_by_role("group", name=SKETCH)
    sketch.get_by_label("Sí, pero faltan algunos pasos").check()
    expect(page.get_by_text(SKETCH_REVIEWED)).to_have_count(0)  # asked only once a sketch exists
    page.locator("button[name=save]").click()

    expect(page.get_by_role("group", name=SKETCH_REVIEWED)).to_be_visible()
    for ident in [*M1_FOLLOW_UPS, "supply_chain_reviewed_12m"]:
        expect(page.locator(f"#q-{ident}")).to_be_visible()
    expect(sketch.get_by_label("Sí, pero faltan algunos pasos")).to_be_checked()
    page.get_by_role("group", name=SKETCH_REVIEWED).get_by_label(in_spanish("No"), exact=True).check()
    for ident, value in M1_FOLLOW_UPS.items():
        answer(page, ident, value)
    page.locator("button[name=save]").click()
    expect(page.locator("#q-records_kept_2y input[value=yes]")).to_be_checked()


def attach_photo(page: Page, photo: Path) -> None:
    page.locator("#file-MES-ORG-03").set_input_files(photo)
    page.locator("#description-MES-ORG-03").fill("Croquis pintado en la pared de la bodega")
    page.locator("button[name=save]").click()
    with translation.override("es"):
        saved = ngettext("Answers saved and %(n)d file attached.", "Answers saved and %(n)d files attached.", 1)
    expect(page.get_by_text(saved % {"n": 1})).to_be_visible()


def test_a_producer_self_assesses_in_spanish_and_reads_its_result(
    page: Page, transactional_db: None, tmp_path: Path
) -> None:
    register_producer(page)
    user = User.objects.get(email="rosa@llanada.example.org")
    producer = Producer.objects.select_related("organisation").get(organisation__memberships__user=user)
    assert (producer.type, producer.commodities, producer.methods) == ("cooperative", ["gold"], ["underground"])

    page.get_by_role("button", name="Español").click()
    expect(page.locator("html")).to_have_attribute("lang", "es")
    user.refresh_from_db()
    assert user.language == "es"

    page.get_by_role("link", name=in_spanish("Start an assessment")).click()
    expect(page.get_by_label(in_spanish("Self-assessment"))).to_be_checked()
    page.get_by_role("button", name=in_spanish("Start"), exact=True).click()
    assessment = Assessment.objects.get(producer=producer)
    assert (assessment.kind, assessment.conducted_by_id, assessment.started_by_id) == (
        "self",
        producer.organisation_id,
        user.pk,
    )
    expect(page).to_have_url(re.compile(rf"/assessments/{assessment.uuid}/$"))

    page.get_by_role("link", name="M1 · Afiliación y sistema de gestión").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("M1 · Afiliación y sistema de gestión")
    answer_module_one(page)
    answers = {a.indicator_id: a for a in Answer.objects.filter(assessment=assessment)}
    assert answers["supply_chain_sketch"].value == "partial"
    assert answers["supply_chain_reviewed_12m"].value is False
    assert len(answers) == len(M1_FIRST_ANSWERS) + len(M1_FOLLOW_UPS) + 2
    assert {(a.answered_by_id, a.answered_for_id) for a in answers.values()} == {(user.pk, producer.organisation_id)}

    photo = tmp_path / "croquis.png"
    photo.write_bytes(tiny_png())
    attach_photo(page, photo)
    evidence = Evidence.objects.get(assessment=assessment)
    assert evidence.sha256 == hashlib.sha256(photo.read_bytes()).hexdigest()
    assert (evidence.requirement_id, evidence.content_type, evidence.size) == (
        "MES-ORG-03",
        "image/png",
        len(photo.read_bytes()),
    )
    with page.expect_download() as download:
        page.get_by_role("link", name="croquis.png").click()
    assert Path(download.value.path()).read_bytes() == photo.read_bytes()

    membership = Membership.objects.get(user=user)
    actor = Actor(user=user, organisation=membership.organisation, role=membership.role)
    assert answer_the_rest(actor=actor, assessment=assessment, example="co-narino-cooperative") > 40

    page.get_by_role("link", name=in_spanish("Overview"), exact=True).click()
    page.get_by_role("link", name=in_spanish("Submit…")).click()
    expect(page.get_by_text(in_spanish("Every question is answered."))).to_be_visible()
    page.get_by_role("button", name=in_spanish("Submit"), exact=True).click()

    result = Result.objects.get(assessment=assessment)
    expect(page).to_have_url(re.compile(rf"/assessments/results/{result.uuid}/$"))
    assert uuid_in(page.url) == str(result.uuid)
    expect(page.locator(".outcome")).to_have_text("Cumple los criterios de entrada y avanza")
    sketch_finding = page.locator("li", has_text="Croquis de la cadena de suministro interna")
    expect(sketch_finding).to_contain_text("El croquis existe, pero le faltan pasos.")
    expect(sketch_finding).to_contain_text("En proceso")  # level L2's Spanish label
    assessment.refresh_from_db()
    assert (assessment.status, assessment.submitted_by_id) == ("submitted", user.pk)
    assert result.outcome == "eligible"
    finding = ResultFinding.objects.get(result=result, requirement_id="MES-ORG-03")
    assert (finding.level, finding.action) == ("L2", "improve")
