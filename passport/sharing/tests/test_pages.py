"""The sharing pages end to end through the test client: a buyer finds a producer in the
directory and asks, the producer narrows, the buyer sees what it holds, the producer revokes;
granting, tightening fields, listing, the access log and the directory, in English and Spanish.

Who gets each route, with exact statuses, is checked from the table in routes.py."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from passport.assessments import services
from passport.assessments.services import get_assessment
from passport.assessments.tests import builders as assessed
from passport.audit.models import AuditEntry
from passport.sharing import directory as public_directory
from passport.sharing import log as access_log
from passport.sharing.models import AccessRequest, DirectoryListing, FieldSetting, Grant
from passport.sharing.policy import lens_for
from tests.world import World

from . import builders as b


def client_for(world: World, who: str) -> Client:
    client = Client()
    client.force_login(world.users[who])
    return client


def html_of(client: Client, url: str, status: int = 200) -> str:
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return response.content.decode()


def sharing_url(world: World) -> str:
    return reverse("sharing:producer", args=[world.producers["esperanza"].uuid])


def fields_table(page: str) -> str:
    return page.split('id="fields"')[1].split('id="directory"', maxsplit=1)[0]


# --- The whole flow ------------------------------------------------------------------------------


def test_a_buyer_asks_the_producer_narrows_then_revokes(world: World) -> None:
    esperanza = world.producers["esperanza"]
    b.listed(world)
    bob, alice = client_for(world, "bob"), client_for(world, "alice")

    # Bob finds esperanza in the directory and opens the request form.
    assert reverse("producers:detail", args=[esperanza.uuid]) in html_of(bob, reverse("sharing:directory"))
    form = html_of(bob, reverse("sharing:request", args=[esperanza.uuid]))
    assert "Today you see its data as: Public." in form
    assert 'value="actual_partner"' in form
    assert 'value="prospective_partner"' in form
    assert 'value="verifier"' not in form  # a buyer asks as a buyer
    response = bob.post(
        reverse("sharing:request", args=[esperanza.uuid]),
        {"audience": "actual_partner", "purposes": ["due_diligence", "sourcing"], "message": "We buy from Cauca."},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("sharing:mine")
    mine = html_of(bob, reverse("sharing:mine"))
    assert "Waiting for the producer" in mine
    assert "Withdraw" in mine

    # Alice reads it on her sharing page and gives less: prospective partner, sourcing only.
    page = html_of(alice, sharing_url(world))
    assert "We buy from Cauca." in page
    assert "1 request waits for your answer." in page
    pending = AccessRequest.objects.get()
    response = alice.post(
        reverse("sharing:answer", args=[pending.uuid]),
        {
            "decision": "narrow",
            "audience": "prospective_partner",
            "purposes": ["sourcing"],
            "until": "",
            "answer": "Let us start with the findings.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == sharing_url(world) + "#requests"
    grant = Grant.objects.get()
    assert (grant.audience, grant.purposes) == ("prospective_partner", ["sourcing"])
    page = html_of(alice, sharing_url(world))
    assert "Request accepted with less access: Refinería del Sur now has access." in page
    assert "Prospective partner" in page
    assert "Revoke" in page

    # Bob sees what he holds and the answer.
    mine = html_of(bob, reverse("sharing:mine"))
    assert "Accepted with less access" in mine
    assert "Let us start with the findings." in mine
    assert "active" in mine
    assert lens_for(world.actor("bob"), esperanza).shows("assessment.findings")

    # Alice revokes: from today Bob is the public again.
    response = alice.post(reverse("sharing:revoke", args=[grant.uuid]))
    assert response.status_code == 302
    page = html_of(alice, sharing_url(world))
    assert "from today it sees only what the public sees" in page
    assert f"Revoked on {grant.granted_on:%Y-%m-%d}" in page
    assert "No organisation has access beyond your public fields." in page
    assert not lens_for(world.actor("bob"), esperanza).shows("assessment.findings")
    assert "revoked on" in html_of(bob, reverse("sharing:mine"))


def test_a_request_without_a_message_is_refused_by_the_field(world: World) -> None:
    b.listed(world)
    response = client_for(world, "bob").post(
        reverse("sharing:request", args=[world.producers["esperanza"].uuid]),
        {"audience": "actual_partner", "purposes": ["due_diligence"], "message": ""},
    )
    assert response.status_code == 400
    assert "This field is required." in response.content.decode()
    assert not AccessRequest.objects.exists()


def test_a_pending_request_is_shown_instead_of_the_form_and_can_be_withdrawn(world: World) -> None:
    b.listed(world)
    pending = b.request(world, "refiner")
    bob = client_for(world, "bob")
    page = html_of(bob, reverse("sharing:request", args=[world.producers["esperanza"].uuid]))
    assert "waits for the producer's answer" in page
    assert "Send the request" not in page
    response = bob.post(reverse("sharing:withdraw", args=[pending.uuid]))
    assert response.status_code == 302
    assert "Request to Cooperativa Minera La Esperanza withdrawn." in html_of(bob, reverse("sharing:mine"))
    again = bob.post(reverse("sharing:withdraw", args=[pending.uuid]))
    assert again.status_code == 302
    assert "already answered or withdrawn" in html_of(bob, reverse("sharing:mine"))


def test_narrowing_that_would_widen_is_refused_by_the_form_and_nothing_is_given(world: World) -> None:
    pending = b.request(world, "refiner", audience="prospective_partner", purposes=["sourcing"])
    AccessRequest.objects.filter(pk=pending.pk).update(until=dt.date(2099, 1, 31))
    client = client_for(world, "mateo")
    later = client.post(
        reverse("sharing:answer", args=[pending.uuid]),
        {"decision": "narrow", "purposes": ["sourcing"], "audience": "prospective_partner", "until": "2099-02-01"},
    )
    assert later.status_code == 400
    html = later.content.decode()
    assert html.count("Narrowing ends the access on or before 2099-01-31, as asked.") == 2  # top, and by the field
    assert "Accept with these changes" in html  # the form again, with what was chosen
    more = client.post(
        reverse("sharing:answer", args=[pending.uuid]),
        {"decision": "narrow", "purposes": ["sourcing", "due_diligence"], "audience": "actual_partner"},
    )
    assert more.status_code == 400  # the form offers no more than was asked
    assert "Select a valid choice" in more.content.decode()
    assert not Grant.objects.exists()


def test_answering_twice_says_the_request_was_already_answered(world: World) -> None:
    pending = b.request(world, "refiner")
    client = client_for(world, "alice")
    client.post(reverse("sharing:answer", args=[pending.uuid]), {"decision": "accept"})
    again = client.post(reverse("sharing:answer", args=[pending.uuid]), {"decision": "decline"})
    assert again.status_code == 400
    assert "This request was already answered or withdrawn." in again.content.decode()
    assert Grant.objects.count() == 1


def test_a_malformed_answer_is_refused_and_nothing_changes(world: World) -> None:
    pending = b.request(world, "refiner")
    response = client_for(world, "alice").post(
        reverse("sharing:answer", args=[pending.uuid]), {"decision": "narrow", "until": "soon"}
    )
    assert response.status_code == 400
    assert "The request was not answered: see the reasons by the form." in response.content.decode()
    pending.refresh_from_db()
    assert pending.status == "pending"


def test_declining_says_the_requester_was_told(world: World) -> None:
    pending = b.request(world, "refiner")
    client = client_for(world, "alice")
    client.post(reverse("sharing:answer", args=[pending.uuid]), {"decision": "decline", "answer": "No, thanks."})
    page = html_of(client, sharing_url(world))
    assert "Request declined. Refinería del Sur has been told." in page
    assert "No, thanks." in page
    assert "1 request waits" not in page


def test_a_viewer_reads_the_sharing_page_without_any_form(world: World) -> None:
    b.request(world, "refiner")
    b.grant(world, "checkers")
    page = html_of(client_for(world, "victor"), sharing_url(world))
    assert "Independent Checks Ltd" in page
    assert "Refinería del Sur" in page
    assert "Accept as asked" not in page
    assert "Revoke" not in page
    assert "Give an organisation access" not in page
    assert "List in the directory" not in page


# --- Granting, fields, listing, preview ----------------------------------------------------------


def test_the_producer_grants_an_organisation_chosen_by_name(world: World) -> None:
    client = client_for(world, "alice")
    page = html_of(client, sharing_url(world))
    assert "Independent Checks Ltd · Verifier" in page
    assert "Groupe des creuseurs de Kalimbi" not in page  # producers are not offered
    assert "Alianza de Campo" not in page  # nor facilitators
    response = client.post(
        reverse("sharing:grant", args=[world.producers["esperanza"].uuid]),
        {
            "organisation": str(world.orgs["checkers"].uuid),
            "audience": "verifier",
            "purposes": ["verification"],
            "until": "2099-12-31",
        },
    )
    assert response.status_code == 302
    grant = Grant.objects.get()
    assert (grant.organisation, grant.until) == (world.orgs["checkers"], dt.date(2099, 12, 31))
    assert "Access given to Independent Checks Ltd." in html_of(client, sharing_url(world))


def test_a_grant_the_organisation_may_not_get_is_refused_by_the_field(world: World) -> None:
    response = client_for(world, "alice").post(
        reverse("sharing:grant", args=[world.producers["esperanza"].uuid]),
        {"organisation": str(world.orgs["refiner"].uuid), "audience": "verifier", "purposes": ["verification"]},
    )
    assert response.status_code == 400
    assert "This organisation may be given: Actual partner, Prospective partner." in response.content.decode()
    assert not Grant.objects.exists()


def test_the_fields_table_shows_defaults_tightens_and_refuses_a_looser_setting(world: World) -> None:
    client = client_for(world, "alice")
    page = html_of(client, sharing_url(world))
    assert page.count("Confidential — personal data, always") == 4
    url = reverse("sharing:field", args=[world.producers["esperanza"].uuid])
    assert client.post(url, {"key": "titles", "sensitivity": "confidential"}).status_code == 302
    assert FieldSetting.objects.get().sensitivity == "confidential"
    assert "Mining titles and permits: now seen by Confidential." in html_of(client, sharing_url(world))
    refused = client.post(url, {"key": "sites.coordinates", "sensitivity": "public"})
    assert refused.status_code == 400
    assert "Sites and their coordinates cannot be looser than its default (Partners)." in refused.content.decode()
    assert FieldSetting.objects.count() == 1


def test_a_viewer_sees_field_settings_as_words(world: World) -> None:
    b.tighten(world, "titles", "confidential")
    page = html_of(client_for(world, "victor"), sharing_url(world))
    assert "stricter than the default" in page
    assert "<select" not in fields_table(page)


def test_the_name_row_says_it_is_public_and_offers_no_form(world: World) -> None:
    table = fields_table(html_of(client_for(world, "alice"), sharing_url(world)))
    [name_row] = [row for row in table.split("<tr>") if ">Name</td>" in row]
    assert "Public — your name is how organisations know you" in name_row
    assert "<form" not in name_row
    assert 'value="producer.name"' not in table
    assert 'value="producer.region"' in table  # the other public fields may be tightened


def test_tightening_the_name_is_refused_on_the_page_and_nothing_changes(world: World) -> None:
    url = reverse("sharing:field", args=[world.producers["esperanza"].uuid])
    refused = client_for(world, "alice").post(url, {"key": "producer.name", "sensitivity": "partners"})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Your name stays visible to those who may know you" in page
    assert "Public — your name is how organisations know you" in page
    assert not FieldSetting.objects.exists()


def test_listing_and_unlisting_from_the_sharing_page(world: World) -> None:
    client = client_for(world, "mateo")
    url = reverse("sharing:listing", args=[world.producers["esperanza"].uuid])
    assert "You are not listed in the public directory." in html_of(client, sharing_url(world))
    client.post(url, {"listed": "1"})
    assert DirectoryListing.objects.exists()
    assert "You are listed in the public directory" in html_of(client, sharing_url(world))
    client.post(url, {"listed": "0"})
    assert not DirectoryListing.objects.exists()


def test_the_preview_form_offers_the_public_and_organisations_that_hold_or_held_access(world: World) -> None:
    b.grant(world, "refiner", revoked_on=dt.date(2026, 1, 1), granted_on=dt.date(2025, 1, 1))
    page = html_of(client_for(world, "alice"), sharing_url(world))
    form = page.split('id="preview"')[1]
    assert f'action="{reverse("producers:detail", args=[world.producers["esperanza"].uuid])}"' in form
    assert 'name="as"' in form
    assert '<option value="public">' in form
    assert f'<option value="{world.orgs["refiner"].uuid}">Refinería del Sur</option>' in form
    assert "Independent Checks Ltd" not in form


def test_the_sharing_page_in_spanish(world: World) -> None:
    world.users["alice"].language = "es"
    world.users["alice"].save()
    page = html_of(client_for(world, "alice"), sharing_url(world))
    assert '<html lang="es">' in page
    assert "Notificaciones" in page


# --- The access log ------------------------------------------------------------------------------


def test_the_access_log_shows_who_saw_what_when_in_local_time_and_under_which_grant(world: World) -> None:
    esperanza = world.producers["esperanza"]
    grant = b.grant(world, "refiner", granted_on=dt.date(2026, 2, 1))
    lens = lens_for(world.actor("bob"), esperanza)
    lens.log(world.actor("bob"), object_type="producer", object_id=esperanza.uuid, what=["titles", "answers.x"])
    page = html_of(client_for(world, "victor"), reverse("sharing:log", args=[esperanza.uuid]))
    assert "times in America/Bogota" in page
    assert "Bob" in page
    assert "Refinería del Sur" in page
    assert "Answers, Mining titles and permits" in page
    assert "Actual partner" in page
    assert "Due diligence" in page
    assert "access given on 2026-02-01" in page
    assert grant.granted_on.isoformat() in page
    assert 'class="stack"' in page


def test_an_empty_access_log_says_so(world: World) -> None:
    page = html_of(client_for(world, "alice"), reverse("sharing:log", args=[world.producers["esperanza"].uuid]))
    assert "Nobody outside your organisation and its facilitator has seen your data that is not public." in page


def test_the_access_log_pages_with_before(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(access_log, "LOG_PAGE", 2)
    esperanza = world.producers["esperanza"]
    b.grant(world, "refiner")
    lens = lens_for(world.actor("bob"), esperanza)
    for key in ("titles", "plans", "production.figures"):
        lens.log(world.actor("bob"), object_type="producer", object_id=esperanza.uuid, what=[key])
    client = client_for(world, "alice")
    first = html_of(client, reverse("sharing:log", args=[esperanza.uuid]))
    assert "Production figures" in first
    assert "Plans and their progress" in first
    assert "Mining titles" not in first
    older = first.split('href="?before=')[1].split('"')[0]
    second = html_of(client, reverse("sharing:log", args=[esperanza.uuid]) + f"?before={older}")
    assert "Mining titles and permits" in second
    assert "Production figures" not in second
    assert 'href="?before=' not in second  # the last page
    assert "Newest" in second
    assert "No older entries." in html_of(client, reverse("sharing:log", args=[esperanza.uuid]) + "?before=1")


# --- The directory -------------------------------------------------------------------------------


def test_the_directory_shows_listed_producers_public_fields_to_anyone(world: World) -> None:
    b.listed(world)
    result = assessed.submitted(world)
    page = html_of(Client(), reverse("sharing:directory"))
    assert "Cooperativa Minera La Esperanza" in page
    assert "Groupe des creuseurs de Kalimbi" not in page  # not listed
    assert "CO · CO-CAU · Suárez" in page
    assert "Gold" in page
    assert f'class="outcome small {result.outcome}"' in page
    assert "No passport issued" in page
    assert reverse("producers:detail", args=[world.producers["esperanza"].uuid]) not in page  # signed out: no link
    assert "to open a producer's page and ask it for access" in page


def test_signed_in_visitors_get_a_link_to_the_producers_page(world: World) -> None:
    b.listed(world)
    page = html_of(client_for(world, "oscar"), reverse("sharing:directory"))
    assert reverse("producers:detail", args=[world.producers["esperanza"].uuid]) in page
    assert "Not assessed yet" in page


def test_a_tightened_public_field_is_shown_withheld_in_the_directory_in_the_visitors_language(
    world: World,
) -> None:
    b.listed(world)
    b.tighten(world, "producer.region", "partners")
    page = html_of(Client(), reverse("sharing:directory"))
    assert "Suárez" not in page
    assert "CO-CAU" not in page
    assert '<p class="withheld">Withheld: ' in page
    assert "only organisations the producer has granted access see the producer&#x27;s region" in page
    spanish = Client(HTTP_ACCEPT_LANGUAGE="es")
    page = html_of(spanish, reverse("sharing:directory"))
    assert "No compartido: solo las organizaciones a las que el productor dio acceso ven la región del productor" in (
        page
    )
    assert "Suárez" not in page


def test_the_directory_filters_and_pages(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(public_directory, "DIRECTORY_PAGE", 1)
    b.listed(world)
    b.listed(world, "kalimbi")
    client = Client()
    tin = html_of(client, reverse("sharing:directory") + "?commodity=tin")
    assert "Groupe des creuseurs de Kalimbi" in tin
    assert "Cooperativa Minera La Esperanza" not in tin
    first = html_of(client, reverse("sharing:directory") + "?country=")
    assert "Cooperativa Minera La Esperanza" in first
    assert "Groupe des creuseurs" not in first
    assert "page=2" in first
    second = html_of(client, reverse("sharing:directory") + "?page=2")
    assert "Groupe des creuseurs de Kalimbi" in second
    assert "Previous" in second
    nothing = html_of(client, reverse("sharing:directory") + "?q=nobody&commodity=not-a-mineral")
    assert "No listed producer matches." in nothing  # the bad mineral is ignored, the name still applies


def test_the_home_page_links_to_the_directory_and_to_sharing(world: World) -> None:
    assert reverse("sharing:directory") in html_of(Client(), reverse("site:home"))
    assert sharing_url(world) in html_of(client_for(world, "alice"), reverse("site:home"))
    assert reverse("sharing:mine") in html_of(client_for(world, "bob"), reverse("site:home"))


def test_the_sharing_page_costs_the_same_queries_whatever_the_number_of_grants_and_requests(world: World) -> None:
    client = client_for(world, "alice")

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            html_of(client, sharing_url(world))
        return len(captured)

    b.grant(world, "refiner")
    b.request(world, "checkers")
    few = queries()
    b.grant(world, "ministry")
    b.grant(world, "refiner", audience="prospective_partner", purposes=["sourcing"])
    b.request(world, "refiner")
    assert queries() == few


def test_a_producer_is_named_to_an_organisation_that_may_know_it_whatever_was_stored_for_its_name(
    world: World,
) -> None:
    b.listed(world)
    b.tighten(world, "producer.name", "partners")  # stored before the name became fixed: ignored
    vera = client_for(world, "vera")
    form = html_of(vera, reverse("sharing:request", args=[world.producers["esperanza"].uuid]))
    assert "Ask Cooperativa Minera La Esperanza for access" in form
    assert '<p class="withheld">' not in form
    vera.post(
        reverse("sharing:request", args=[world.producers["esperanza"].uuid]),
        {"audience": "verifier", "purposes": ["verification"], "message": "We verify."},
    )
    mine = html_of(vera, reverse("sharing:mine"))
    assert "Request sent to Cooperativa Minera La Esperanza." in mine
    assert '<p class="withheld">' not in mine
    directory = html_of(Client(), reverse("sharing:directory"))
    assert "<h2>Cooperativa Minera La Esperanza</h2>" in directory


def test_a_buyer_reading_its_own_review_is_in_the_log_as_the_conducting_organisation(world: World) -> None:
    """Without a grant, Bob reads the review his organisation conducts: the producer's log says
    on what basis, on the page and in the API."""
    esperanza = world.producers["esperanza"]
    assessed.authorise(world, "bob")
    review = assessed.start(world, "bob", kind="buyer_review")
    services.save_answers(actor=world.actor("bob"), assessment_uuid=review.uuid, answers={"site_description": "Pit"})
    get_assessment(actor=world.actor("bob"), assessment_uuid=review.uuid)
    entry = AuditEntry.objects.get(action="view.confidential", object_id=str(review.uuid))
    assert (entry.detail["basis"], entry.detail["grant"]) == ("conducting_organisation", None)
    page = html_of(client_for(world, "alice"), reverse("sharing:log", args=[esperanza.uuid]))
    assert "as the organisation conducting the assessment" in page
    api = client_for(world, "alice").get(f"/api/v1/producers/{esperanza.uuid}/access-log").json()
    assert [item["basis"] for item in api["items"]] == ["conducting_organisation"]
