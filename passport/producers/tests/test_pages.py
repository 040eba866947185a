"""Registry pages: what each person sees, forms that save or name the bad field, no script."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from passport.audit.models import AuditEntry
from passport.producers.models import AssessorAuthorisation, Member, Producer, Site
from passport.sharing.tests import builders as sharing
from tests.world import World

from . import builders as b


def signed_in(client: Client, world: World, name: str) -> Client:
    client.force_login(world.users[name])
    return client


def esperanza(world: World) -> Producer:
    return world.producers["esperanza"]


def test_registering_a_new_organisation_leads_to_the_profile_form(db: None, client: Client) -> None:
    user = b.new_producer_organisation("owner")
    client.force_login(user)
    page = client.get(reverse("producers:new"))
    assert page.status_code == 200
    assert "Register your producer profile" in page.text
    assert 'type="checkbox" name="commodities" value="gold"' in page.text
    response = client.post(
        reverse("producers:new"),
        {
            "type": "association",
            "commodities": ["gold", "gemstones"],
            "methods": ["alluvial"],
            "country": "PE",
            "subdivision": "PE-MDD",
            "legal_status": "in_formalisation",
        },
    )
    created = Producer.objects.get(organisation__name="Asociación El Porvenir")
    assert response.status_code == 302
    assert response["Location"] == reverse("producers:detail", args=[created.uuid])
    assert created.commodities == ["gold", "gemstones"]


def test_the_profile_form_names_the_bad_field_and_saves_nothing(db: None, client: Client) -> None:
    client.force_login(b.new_producer_organisation("owner"))
    response = client.post(
        reverse("producers:new"),
        {
            "type": "association",
            "commodities": ["gold"],
            "methods": ["alluvial"],
            "country": "PE",
            "subdivision": "CO-CAU",
            "legal_status": "formal",
        },
    )
    assert response.status_code == 200
    assert "The subdivision must be in PE." in response.text
    assert not Producer.objects.filter(country="PE").exists()


def test_registered_producers_are_sent_to_their_profile(world: World, client: Client) -> None:
    response = signed_in(client, world, "mateo").get(reverse("producers:new"))
    assert response["Location"] == reverse("producers:detail", args=[esperanza(world).uuid])


def test_the_list_shows_the_producers_the_person_may_open(world: World, client: Client) -> None:
    page = signed_in(client, world, "fran").get(reverse("producers:list"))
    assert "Cooperativa Minera La Esperanza" in page.text
    assert "Kalimbi" not in page.text
    page = client.get(reverse("producers:list"), {"q": "nothing like it"})
    assert "No producer you may see matches." in page.text


def test_the_detail_page_shows_the_profile_and_member_counts(world: World, client: Client) -> None:
    b.member(esperanza(world), "Rosa")
    b.member(esperanza(world), "Luis", gender="man")
    page = signed_in(client, world, "victor").get(reverse("producers:detail", args=[esperanza(world).uuid]))
    assert page.status_code == 200
    assert "Cooperative" in page.text
    assert "Gold" in page.text
    assert "Alluvial, Underground" in page.text
    assert "2 members" in page.text
    assert "Edit the profile" not in page.text
    page = signed_in(client, world, "alice").get(reverse("producers:detail", args=[esperanza(world).uuid]))
    assert "Edit the profile" in page.text
    assert "Who may assess you" in page.text


def test_the_producer_page_links_to_its_assessments(world: World, client: Client) -> None:
    page = signed_in(client, world, "alice").get(reverse("producers:detail", args=[esperanza(world).uuid]))
    assert f'href="{reverse("assessments:start", args=[esperanza(world).uuid])}"' in page.text
    assert f'href="{reverse("assessments:history", args=[esperanza(world).uuid])}"' in page.text


@pytest.mark.parametrize(("who", "shown"), [("maria", True), ("fran", True), ("victor", False)])
def test_the_start_button_is_offered_only_to_those_who_may_start(
    world: World, client: Client, who: str, shown: bool
) -> None:
    client.force_login(world.users[who])
    page = client.get(reverse("producers:detail", args=[world.producers["esperanza"].uuid])).content.decode()
    start = reverse("assessments:start", args=[world.producers["esperanza"].uuid])
    assert (start in page) is shown


def test_pages_carry_no_inline_script_or_style(world: World, client: Client) -> None:
    at = b.site(esperanza(world))
    signed_in(client, world, "alice")
    for url in [
        reverse("producers:detail", args=[esperanza(world).uuid]),
        reverse("producers:edit", args=[esperanza(world).uuid]),
        reverse("producers:site", args=[at.uuid]),
        reverse("producers:committee", args=[at.uuid]),
        reverse("producers:members", args=[esperanza(world).uuid]),
    ]:
        text = client.get(url).text
        assert "<script" not in text
        assert "style=" not in text


def test_the_site_page_links_to_openstreetmap_without_a_map_widget(world: World, client: Client) -> None:
    at = b.site(esperanza(world))
    page = signed_in(client, world, "fran").get(reverse("producers:site", args=[at.uuid]))
    assert "2.934500, -76.697200" in page.text
    assert "https://www.openstreetmap.org/?mlat=2.934500&amp;mlon=-76.697200#map=15/2.934500/-76.697200" in page.text


def test_coordinates_keep_the_dot_in_spanish(world: World, client: Client) -> None:
    at = b.site(esperanza(world))
    world.users["alice"].language = "es"
    world.users["alice"].save()
    page = signed_in(client, world, "alice").get(reverse("producers:site", args=[at.uuid]))
    assert "mlat=2.934500" in page.text
    assert "2.934500, -76.697200" in page.text


def test_adding_a_site_names_the_bad_coordinate(world: World, client: Client) -> None:
    url = reverse("producers:sites", args=[esperanza(world).uuid])
    response = signed_in(client, world, "maria").post(url, {"name": "Mina", "latitude": "95", "longitude": "1"})
    assert response.status_code == 200
    assert "Must be between -90 and 90." in response.text
    assert not Site.objects.exists()
    response = client.post(url, {"name": "Mina", "latitude": "3.1", "longitude": "-76.2"})
    assert response.status_code == 302
    assert Site.objects.get().latitude is not None


def test_a_viewer_may_not_post_a_site(world: World, client: Client) -> None:
    url = reverse("producers:sites", args=[esperanza(world).uuid])
    assert signed_in(client, world, "victor").post(url, {"name": "Mina"}).status_code == 403
    assert not Site.objects.exists()


def test_titles_are_added_edited_and_deleted(world: World, client: Client) -> None:
    signed_in(client, world, "mateo")
    url = reverse("producers:titles", args=[esperanza(world).uuid])
    bad = client.post(
        url, {"kind": "permit", "reference": "R-1", "valid_from": "2025-02-01", "valid_until": "2025-01-01"}
    )
    assert "Must not be before the start date." in bad.text
    assert client.post(url, {"kind": "permit", "reference": "R-1", "valid_from": "2025-01-01"}).status_code == 302
    held = esperanza(world).titles.get()
    edit = reverse("producers:title_edit", args=[held.uuid])
    assert 'value="R-1"' in client.get(edit).text
    client.post(edit, {"kind": "mining_title", "reference": "R-2"})
    held.refresh_from_db()
    assert (held.kind, held.reference) == ("mining_title", "R-2")
    client.post(reverse("producers:title_delete", args=[held.uuid]))
    assert not esperanza(world).titles.exists()


def test_members_are_listed_for_the_producer_and_counted_for_a_partner(world: World, client: Client) -> None:
    b.member(esperanza(world), "Rosa Díaz")
    sharing.grant(world, "refiner")
    url = reverse("producers:members", args=[esperanza(world).uuid])
    assert "Rosa Díaz" in signed_in(client, world, "maria").get(url).text
    page = signed_in(client, world, "bob").get(url)
    assert page.status_code == 200
    assert "Rosa Díaz" not in page.text
    assert "1 member" in page.text
    assert "Withheld: only the producer and its facilitator see members" in page.text


def test_a_buyer_that_asked_for_access_sees_neither_names_nor_counts(world: World, client: Client) -> None:
    b.member(esperanza(world), "Rosa Díaz")
    sharing.request(world, "refiner")
    page = signed_in(client, world, "bob").get(reverse("producers:members", args=[esperanza(world).uuid]))
    assert page.status_code == 200
    assert "Rosa Díaz" not in page.text
    assert "1 member" not in page.text
    assert page.text.count('<p class="withheld">') == 2


def test_a_facilitator_opening_the_member_list_is_logged(world: World, client: Client) -> None:
    b.member(esperanza(world), "Rosa Díaz")
    page = signed_in(client, world, "fran").get(reverse("producers:members", args=[esperanza(world).uuid]))
    assert "Rosa Díaz" in page.text
    assert "The producer can see that you looked at this list." in page.text
    entry = AuditEntry.objects.get(action="view.confidential")
    assert (entry.producer, entry.actor_user) == (esperanza(world).uuid, world.users["fran"].uuid)


def test_members_are_added_and_edited_with_a_site(world: World, client: Client) -> None:
    at = b.site(esperanza(world))
    signed_in(client, world, "maria")
    new = reverse("producers:member_new", args=[esperanza(world).uuid])
    assert "La Quebrada" in client.get(new).text
    response = client.post(new, {"name": "Luz", "role": "selector", "gender": "woman", "site": str(at.uuid)})
    assert response.status_code == 302
    added = Member.objects.get()
    assert added.site == at
    edit = reverse("producers:member_edit", args=[added.uuid])
    client.post(edit, {"name": "Luz Marina", "role": "selector", "gender": "woman", "age_band": "40_59", "site": ""})
    added.refresh_from_db()
    assert (added.name, added.age_band, added.site) == ("Luz Marina", "40_59", None)
    client.post(reverse("producers:member_delete", args=[added.uuid]))
    assert not Member.objects.exists()


def test_the_committee_page_gives_seats_and_records_meetings(world: World, client: Client) -> None:
    at = b.site(esperanza(world))
    rosa = b.member(esperanza(world), "Rosa Díaz")
    signed_in(client, world, "maria")
    url = reverse("producers:committee", args=[at.uuid])
    client.post(url, {"form": "seat", "member": str(rosa.uuid), "role": "presidenta"})
    client.post(url, {"form": "formed", "formed_on": "2025-01-15"})
    bad = client.post(reverse("producers:meeting_new", args=[at.uuid]), {"held_on": "2025-02-01", "attendees": "-3"})
    assert bad.status_code == 200
    assert "errorlist" in bad.text
    done = client.post(
        reverse("producers:meeting_new", args=[at.uuid]),
        {"held_on": "2025-02-01", "attendees": "11", "decisions": "Buy retorts."},
    )
    assert done.status_code == 302
    page = client.get(url)
    assert "presidenta" in page.text
    assert "formed on 2025-01-15" in page.text
    assert "Buy retorts." in page.text
    client.post(reverse("producers:seat_remove", args=[at.uuid]), {"member": str(rosa.uuid)})
    assert "No seats yet." in client.get(url).text


def test_a_verifier_sees_the_committee_without_names_or_minutes(world: World, client: Client) -> None:
    sharing.grant(world, "checkers")
    at = b.site(esperanza(world))
    b.committee(at, seated=(b.member(esperanza(world), "Rosa Díaz"),), meetings=1)
    page = signed_in(client, world, "vera").get(reverse("producers:committee", args=[at.uuid]))
    assert "1 seat" in page.text
    assert "9 attendees" in page.text
    assert "Rosa" not in page.text
    assert "Met Rosa." not in page.text
    assert "Withheld" in page.text


def test_the_producer_finds_and_authorises_a_buyer_then_revokes_it(world: World, client: Client) -> None:
    signed_in(client, world, "alice")
    url = reverse("producers:authorisations", args=[esperanza(world).uuid])
    page = client.get(url, {"q": "refin"})
    assert "Refinería del Sur" in page.text
    assert "Ministerio" not in client.get(url, {"q": "minis"}).text
    client.post(url, {"organisation": str(world.orgs["refiner"].uuid)})
    assert AssessorAuthorisation.objects.filter(organisation=world.orgs["refiner"], revoked_at__isnull=True).exists()
    again = client.post(url, {"organisation": str(world.orgs["refiner"].uuid)})
    assert again.status_code == 400
    assert "already authorised" in again.text
    client.post(
        reverse("producers:authorisation_revoke", args=[esperanza(world).uuid]),
        {"organisation": str(world.orgs["refiner"].uuid)},
    )
    assert not AssessorAuthorisation.objects.filter(
        organisation=world.orgs["refiner"], revoked_at__isnull=True
    ).exists()
    assert "revoked on" in client.get(url).text


def test_a_viewer_sees_the_authorisations_without_the_search(world: World, client: Client) -> None:
    page = signed_in(client, world, "victor").get(
        reverse("producers:authorisations", args=[esperanza(world).uuid]), {"q": "refin"}
    )
    assert "Alianza de Campo" in page.text
    assert "Refinería" not in page.text


@pytest.mark.parametrize("language", ["es", "fr"])
def test_pages_render_in_every_language(world: World, client: Client, language: str) -> None:
    world.users["alice"].language = language
    world.users["alice"].save()
    page = signed_in(client, world, "alice").get(reverse("producers:detail", args=[esperanza(world).uuid]))
    assert page.status_code == 200
    assert f'lang="{language}"' in page.text
