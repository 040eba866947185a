"""Assessment pages: the module form, evidence, submission, results, history.

Who gets each route is checked, with exact statuses, by tests/web/test_every_route.py from
the table in routes.py."""

from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from passport.assessments import services
from passport.assessments.forms import unit_label
from passport.assessments.models import Answer, Assessment, Evidence, Result
from passport.engine import get_standard
from tests.world import World

from .builders import DAY, answered, jpeg_bytes, mo_bytes, start, submitted, upload


def client_for(world: World, who: str, language: str = "") -> Client:
    client = Client()
    user = world.users[who]
    if language:
        user.language = language
        user.save(update_fields=["language"])
    client.force_login(user)
    return client


def test_signed_out_people_are_sent_to_sign_in(world: World) -> None:
    assessment = start(world)
    response = Client().get(reverse("assessments:overview", kwargs={"uuid": assessment.uuid}))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


def test_starting_from_the_page_creates_a_draft_and_opens_it(world: World) -> None:
    client = client_for(world, "maria")
    url = reverse("assessments:start", kwargs={"producer_uuid": world.producers["esperanza"].uuid})
    response = client.post(url, {"kind": "self"})
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("assessments:overview", kwargs={"uuid": assessment.uuid})


def module_url(assessment: Assessment, module_id: str = "M1") -> str:
    return reverse("assessments:module", kwargs={"uuid": assessment.uuid, "module_id": module_id})


def test_save_keeps_you_on_the_page_and_the_follow_up_question_appears(world: World) -> None:
    assessment = start(world)
    client = client_for(world, "alice")
    before = client.get(module_url(assessment)).content.decode()
    assert 'name="supply_chain_sketch"' in before
    assert 'name="supply_chain_reviewed_12m"' not in before
    response = client.post(module_url(assessment), {"supply_chain_sketch": "partial", "save": "1"})
    assert response["Location"] == module_url(assessment)
    after = client.get(module_url(assessment)).content.decode()
    assert 'name="supply_chain_reviewed_12m"' in after
    assert 'value="partial" checked' in after


def test_save_and_next_goes_to_the_next_module(world: World) -> None:
    assessment = start(world)
    response = client_for(world, "alice").post(module_url(assessment), {"member_register": "yes", "next": "1"})
    assert response["Location"] == module_url(assessment, "M2")
    assert Answer.objects.get(indicator_id="member_register").value is True


def test_a_wrong_answer_is_shown_next_to_its_question_and_nothing_is_saved(world: World) -> None:
    assessment = start(world)
    response = client_for(world, "alice").post(
        module_url(assessment), {"member_register": "yes", "workers_count": "many", "save": "1"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    question = page.index('id="q-workers_count"')
    assert page.index("Enter a whole number.") > question
    assert 'value="many"' in page  # what was typed stays in the field
    assert not Answer.objects.exists()


def test_a_viewer_sees_the_questions_but_cannot_post(world: World) -> None:
    assessment = start(world)
    client = client_for(world, "victor")
    page = client.get(module_url(assessment)).content.decode()
    assert "disabled" in page
    assert 'name="save"' not in page
    assert client.post(module_url(assessment), {"member_register": "yes"}).status_code == 403
    assert not Answer.objects.exists()


def test_the_module_page_is_in_the_users_language(world: World) -> None:
    assessment = start(world)
    page = client_for(world, "alice", "es").get(module_url(assessment, "M4")).content.decode()
    question = get_standard("mes@1.0").indicators["security_present"].question
    assert question["es"] in page
    assert question["en"] not in page


def test_a_unit_word_is_shown_in_the_readers_language_and_a_symbol_as_it_is(
    world: World, settings, tmp_path: Path
) -> None:
    # A Spanish catalog holding the unit word, as the translators will compile it.
    folder = tmp_path / "es" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "django.mo").write_bytes(mo_bytes({"people": "personas"}))
    settings.LOCALE_PATHS = [tmp_path, *settings.LOCALE_PATHS]
    assessment = start(world)
    page = client_for(world, "maria", language="es").get(module_url(assessment, "M1")).content.decode()
    assert "(personas)" in page
    assert "(people)" not in page
    assert "(g)" in page  # grams are a symbol in every language


def test_an_unknown_unit_is_shown_as_the_standard_writes_it() -> None:
    assert (unit_label("bags"), unit_label("kg"), unit_label(None)) == ("bags", "kg", "")


def test_evidence_is_uploaded_from_the_module_page_and_downloaded_as_an_attachment(world: World) -> None:
    assessment = start(world)
    client = client_for(world, "alice")
    content = jpeg_bytes()
    response = client.post(
        module_url(assessment),
        {"file-MES-ORG-01": upload(content, "x.jpg"), "description-MES-ORG-01": "register", "save": "1"},
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    download = client_for(world, "fran").get(reverse("assessments:evidence", kwargs={"uuid": evidence.uuid}))
    assert download.status_code == 200
    assert download["Content-Type"] == "image/jpeg"
    assert download["Content-Disposition"].startswith("attachment;")
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == evidence.sha256


def test_a_refused_upload_is_explained_beside_its_requirement_and_the_answers_are_kept(world: World) -> None:
    assessment = start(world)
    response = client_for(world, "alice").post(
        module_url(assessment),
        {"leadership_structure": "formal", "file-MES-ORG-01": upload(b"<html></html>", "x.jpg"), "save": "1"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Your answers were saved, but a file could not be attached." in page
    section = page[page.index('id="evidence-MES-ORG-01"') :]
    assert "Only photos (JPEG, PNG, WebP) and PDF documents are accepted." in section[: section.index("</div>")]
    assert not Evidence.objects.exists()
    assert assessment.answers.get(indicator_id="leadership_structure").value == "formal"


def test_saving_says_so(world: World) -> None:
    assessment = start(world)
    client = client_for(world, "alice")
    response = client.post(module_url(assessment), {"leadership_structure": "formal", "save": "1"}, follow=True)
    assert "Answers saved." in response.content.decode()


def test_the_submit_page_shows_what_is_missing_then_submits(world: World) -> None:
    assessment = start(world)
    client = client_for(world, "alice")
    url = reverse("assessments:submit", kwargs={"uuid": assessment.uuid})
    page = client.get(url).content.decode()
    question = get_standard("mes@1.0").indicators["member_register"].question["en"]
    assert question in page
    response = client.post(url)
    result = Result.objects.get()
    assert response["Location"] == reverse("assessments:result", kwargs={"uuid": result.uuid})
    assert result.outcome == "incomplete"


def test_the_result_page_shows_the_outcome_in_spanish_for_a_spanish_user(world: World) -> None:
    result = submitted(world)
    page = client_for(world, "alice", "es").get(reverse("assessments:result", kwargs={"uuid": result.uuid}))
    text = page.content.decode()
    assert result.classification["es"]["outcome_label"] in text
    assert result.classification["en"]["outcome_label"] not in text
    assert result.standard_digest in text


def test_the_result_page_lists_what_must_stop_now(world: World) -> None:
    assessment = answered(world)
    services.save_answers(actor=world.actor("alice"), assessment_uuid=assessment.uuid, answers={"forced_labour": True})
    result = services.submit_assessment(actor=world.actor("alice"), assessment_uuid=assessment.uuid, as_of=DAY)
    page = client_for(world, "alice").get(reverse("assessments:result", kwargs={"uuid": result.uuid})).content.decode()
    assert "Must stop now" in page
    finding = next(f for f in result.classification["en"]["findings"] if f["action"] == "disengage_immediately")
    assert finding["title"] in page


def _compressed_size(response_bytes: bytes) -> int:
    return len(gzip.compress(response_bytes))


@pytest.mark.parametrize("page", ["module", "result"])
def test_module_and_result_pages_stay_under_100_kb_compressed_with_their_css(world: World, page: str) -> None:
    result = submitted(world)
    draft = answered(world)
    client = client_for(world, "alice")
    longest_module = module_url(draft, "M5")
    url = longest_module if page == "module" else reverse("assessments:result", kwargs={"uuid": result.uuid})
    html = client.get(url).content
    css = (Path(settings.BASE_DIR) / "passport/site/static/passport/site.css").read_bytes()
    assert _compressed_size(html) + _compressed_size(css) < 100_000


# --- Constant query counts -------------------------------------------------------------------


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_module_page_makes_the_same_queries_with_ten_times_the_answers_and_evidence(world: World) -> None:
    assessment = start(world)
    client = client_for(world, "fran")
    actor = world.actor("alice")
    services.save_answers(actor=actor, assessment_uuid=assessment.uuid, answers={"member_register": True})
    services.attach_evidence(
        actor=actor, assessment_uuid=assessment.uuid, requirement_id="MES-ORG-01", uploaded_file=upload(jpeg_bytes())
    )
    small = _queries(client, module_url(assessment))
    answered_answers = {"supply_chain_sketch": "complete", "supply_chain_reviewed_12m": True, "policy_adopted": True}
    answered_answers |= {"workers_count": 40, "site_in_cahra": False, "site_location_recorded": True}
    answered_answers |= {"leadership_structure": "formal", "responsible_person": True, "complaints_channel": "none"}
    services.save_answers(actor=actor, assessment_uuid=assessment.uuid, answers=answered_answers)
    for n in range(9):
        services.attach_evidence(
            actor=actor,
            assessment_uuid=assessment.uuid,
            requirement_id="MES-ORG-01",
            uploaded_file=upload(jpeg_bytes() + bytes([n])),
        )
    assert _queries(client, module_url(assessment)) == small


def test_the_result_page_makes_the_same_queries_whatever_the_number_of_results(world: World) -> None:
    first = submitted(world)
    client = client_for(world, "fran")
    small = _queries(client, reverse("assessments:result", kwargs={"uuid": first.uuid}))
    for _ in range(8):
        submitted(world)
    last = submitted(world)
    # Both first views: the explanation is read once, then its rendering is kept.
    assert _queries(client, reverse("assessments:result", kwargs={"uuid": last.uuid})) == small
    assert _queries(client, reverse("assessments:result", kwargs={"uuid": last.uuid})) == small - 1


def test_the_history_page_makes_the_same_queries_with_ten_times_the_assessments(world: World) -> None:
    submitted(world)
    submitted(world)  # two results: the page compares them, which the facilitator's view logs
    start(world)
    client = client_for(world, "fran")
    url = reverse("assessments:history", kwargs={"producer_uuid": world.producers["esperanza"].uuid})
    small = _queries(client, url)
    for _ in range(9):
        submitted(world)
        start(world)
    assert _queries(client, url) == small
    assert client.get(url).content.decode().count('class="card"') == 21
