"""The registry read through the sharing lens, for every audience: what each page and API read
shows, what it shows as withheld (the marker and the policy's reason; the value absent from the
bytes), the access-log entry it writes, and the producer's preview of its page as another
organisation sees it."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from passport.audit.models import AuditEntry
from passport.producers.clock import local_today
from passport.producers.fields import EXCLUSION_REASONS, PERSONAL, PROFILE, SITES, TITLES, UNIT_LIST, UNIT_NAMES
from passport.producers.models import Producer
from passport.sharing.models import Grant
from passport.sharing.policy import lens_for, preview_lens
from passport.sharing.tests import builders as sharing
from tests.world import World, bearer

from . import builders as b

# Values planted in esperanza's registry, each under the field that rules it.
PLANTED = {
    PROFILE: ["Canary description 7f3", "2 members"],
    TITLES: ["CANARY-REF-51"],
    SITES: ["Canary Pit 88", "2.934500"],
    PERSONAL: ["Rosa Canarias", "Canary minutes 42", "canary-presidenta"],
    UNIT_NAMES: ["Canary Crew 9"],
    EXCLUSION_REASONS: ["Canary reason 3"],
}
EVERY_FIELD = {PROFILE, TITLES, SITES, PERSONAL, UNIT_NAMES, UNIT_LIST, EXCLUSION_REASONS}
PARTNERS = {PROFILE, TITLES, SITES, UNIT_LIST}
PUBLIC_ONLY: set[str] = set()


@dataclass(frozen=True)
class Audience:
    who: str
    setup: Callable[[World], Grant | None]
    shows: set[str]


def _none(world: World) -> None:
    return None


def _ago(world: World, days: int) -> dt.date:
    return local_today(world.producers["esperanza"]) - dt.timedelta(days=days)


AUDIENCES: dict[str, Audience] = {
    "own": Audience("alice", _none, EVERY_FIELD),
    "facilitator": Audience("fran", _none, EVERY_FIELD),
    "actual_partner": Audience("bob", lambda w: sharing.grant(w, "refiner"), PARTNERS),
    "verifier": Audience("vera", lambda w: sharing.grant(w, "checkers"), PARTNERS),
    "prospective_partner": Audience(
        "bob",
        lambda w: sharing.grant(w, "refiner", audience="prospective_partner", purposes=["sourcing"]),
        {UNIT_LIST},
    ),
    "authority": Audience("ana", lambda w: sharing.grant(w, "ministry"), PUBLIC_ONLY),
    "asked_for_access": Audience("bob", lambda w: sharing.request(w, "refiner") and None, PUBLIC_ONLY),
    "listed_in_the_directory": Audience("vera", lambda w: sharing.listed(w) and None, PUBLIC_ONLY),
    "authorised_without_a_grant": Audience("bob", lambda w: b.authorise(w, "esperanza", "refiner") and None, set()),
    "expired_grant": Audience(
        "bob", lambda w: sharing.grant(w, "refiner", granted_on=_ago(w, 60), until=_ago(w, 1)), PUBLIC_ONLY
    ),
    "revoked_grant": Audience(
        "bob", lambda w: sharing.grant(w, "refiner", granted_on=_ago(w, 60), revoked_on=_ago(w, 0)), PUBLIC_ONLY
    ),
}
ACTIVE_GRANT = {"actual_partner", "verifier", "prospective_partner", "authority"}


def used(audience: str, grant: Grant | None) -> str | None:
    """The grant uuid a read names: only an active grant is one the reader sees through."""
    return str(grant.uuid) if grant is not None and audience in ACTIVE_GRANT else None


@dataclass(frozen=True)
class Planted:
    producer: Producer
    site: Any
    member: Any
    unit: Any


def plant(world: World) -> Planted:
    producer = world.producers["esperanza"]
    Producer.objects.filter(pk=producer.pk).update(description="Canary description 7f3")
    producer.refresh_from_db()
    b.title(producer, "CANARY-REF-51")
    at = b.site(producer, "Canary Pit 88")
    rosa = b.member(producer, "Rosa Canarias", site=at)
    b.member(producer, "Luis Otero", gender="man")
    committee = b.committee(at, seated=(rosa,))
    committee.seats.update(role="canary-presidenta")
    committee.meetings.create(held_on=dt.date(2026, 4, 1), attendees=7, minutes="Canary minutes 42")
    crew = b.unit(producer, "Canary Crew 9")
    b.exclusion(crew, reason="Canary reason 3")
    return Planted(producer, at, rosa, crew)


PAGES: dict[str, tuple[Callable[[Planted], str], set[str], str | None]] = {
    # page: (url, the fields it shows, the field a reader must see to know the record exists)
    "detail": (lambda p: reverse("producers:detail", args=[p.producer.uuid]), {PROFILE, TITLES, SITES}, None),
    "titles": (lambda p: reverse("producers:titles", args=[p.producer.uuid]), {TITLES}, None),
    "sites": (lambda p: reverse("producers:sites", args=[p.producer.uuid]), {SITES}, None),
    "members": (lambda p: reverse("producers:members", args=[p.producer.uuid]), {PROFILE, PERSONAL}, None),
    "units": (lambda p: reverse("producers:units", args=[p.producer.uuid]), {UNIT_NAMES, UNIT_LIST}, None),
    "site": (lambda p: reverse("producers:site", args=[p.site.uuid]), {SITES, PROFILE}, SITES),
    "committee": (lambda p: reverse("producers:committee", args=[p.site.uuid]), {SITES, PERSONAL}, SITES),
    "unit": (lambda p: reverse("producers:unit", args=[p.unit.uuid]), {UNIT_NAMES, EXCLUSION_REASONS}, UNIT_NAMES),
}
# The planted values each page shows when the reader's lens shows their field.
SHOWN_ON = {
    "detail": {PROFILE: ["Canary description 7f3", "2 members"], TITLES: ["CANARY-REF-51"], SITES: PLANTED[SITES]},
    "titles": {TITLES: ["CANARY-REF-51"]},
    "sites": {SITES: PLANTED[SITES]},
    "members": {PROFILE: ["2 members"], PERSONAL: ["Rosa Canarias"]},
    "units": {UNIT_NAMES: ["Canary Crew 9"]},
    "site": {SITES: PLANTED[SITES], PROFILE: ["1 member works here"]},
    "committee": {SITES: ["Canary Pit 88"], PERSONAL: PLANTED[PERSONAL]},
    "unit": {UNIT_NAMES: ["Canary Crew 9"], EXCLUSION_REASONS: ["Canary reason 3"]},
}
CASES = [(audience, name) for audience in AUDIENCES for name in PAGES]


def _withheld_on(page: str, shows: set[str]) -> set[str]:
    """The fields a page shows as withheld to a reader who sees ``shows``."""
    keys = PAGES[page][1] - shows
    if page == "units":
        keys = set() if UNIT_NAMES in shows else ({UNIT_NAMES} | ({UNIT_LIST} - shows))
    return keys


def _logged(page: str, shows: set[str]) -> list[str]:
    """What the access-log entry of a page view names (empty: no entry)."""
    keys = PAGES[page][1] & shows
    if page == "units":
        keys = {UNIT_NAMES} if UNIT_NAMES in shows else keys
    return sorted(keys)


def markers(html: str) -> list[str]:
    """The reasons of the withheld markers on a page, in order."""
    return re.findall(r'<p class="withheld">(.*?)</p>', html)


@pytest.mark.parametrize(("audience", "page"), CASES, ids=[f"{a}-{p}" for a, p in CASES])
def test_each_page_shows_each_audience_what_its_lens_shows_and_withholds_the_rest(
    world: World, client: Client, audience: str, page: str
) -> None:
    spec = AUDIENCES[audience]
    planted = plant(world)
    grant = spec.setup(world)
    url, _fields, needs = PAGES[page]
    client.force_login(world.users[spec.who])
    response = client.get(url(planted))
    if needs is not None and needs not in spec.shows:
        assert response.status_code == 404
        assert not AuditEntry.objects.filter(action="view.confidential").exists()
        return
    assert response.status_code == 200
    html = response.text
    for key, values in PLANTED.items():
        if key not in spec.shows:
            assert not [value for value in values if value in html], key
    for key, values in SHOWN_ON[page].items():
        if key in spec.shows:
            assert all(value in html for value in values), key
    lens = lens_for(world.actor(spec.who), planted.producer)
    withheld = _withheld_on(page, spec.shows)
    shown_reasons = markers(html)
    for key in withheld:
        assert escape(lens.reason(key)) in shown_reasons, key
    assert len(shown_reasons) >= len(withheld)
    assert ("Withheld" in html) == bool(withheld)
    entries = list(AuditEntry.objects.filter(action="view.confidential"))
    what = _logged(page, spec.shows)
    if audience == "own" or not what:
        assert entries == []
    else:
        (entry,) = entries
        assert entry.producer == planted.producer.uuid
        assert entry.actor_user == world.users[spec.who].uuid
        assert entry.detail["what"] == what
        assert entry.detail["audience"] == lens.audience.value
        assert entry.detail["grant"] == used(audience, grant)


def test_a_prospective_partner_sees_the_units_numbered_and_no_names(world: World, client: Client) -> None:
    planted = plant(world)
    b.unit(planted.producer, "Second Canary Crew")
    AUDIENCES["prospective_partner"].setup(world)
    client.force_login(world.users["bob"])
    html = client.get(reverse("producers:units", args=[planted.producer.uuid])).text
    assert "Unit 1" in html
    assert "Unit 2" in html
    assert "Excluded since 2026-03-01" in html
    assert "Canary Crew" not in html
    assert str(planted.unit.uuid) not in html  # no link to a unit's page
    (entry,) = AuditEntry.objects.filter(action="view.confidential")
    assert entry.detail["what"] == [UNIT_LIST]


def test_personal_data_stays_inside_whatever_the_producer_grants(world: World, client: Client) -> None:
    """Even an actual partner with every purpose sees no member, unit name or exclusion reason."""
    planted = plant(world)
    sharing.grant(world, "refiner", purposes=["due_diligence", "sourcing", "verification", "support"])
    client.force_login(world.users["bob"])
    for page, (url, _fields, _needs) in PAGES.items():
        html = client.get(url(planted)).text
        for key in (PERSONAL, UNIT_NAMES, EXCLUSION_REASONS):
            for value in PLANTED[key]:
                assert value not in html, (page, value)


def test_a_producer_that_tightens_its_titles_withholds_them_from_a_partner(world: World, client: Client) -> None:
    planted = plant(world)
    sharing.grant(world, "refiner")
    sharing.tighten(world, "titles", "confidential")
    client.force_login(world.users["bob"])
    html = client.get(reverse("producers:titles", args=[planted.producer.uuid])).text
    assert "CANARY-REF-51" not in html
    assert "Withheld" in html
    assert not AuditEntry.objects.filter(action="view.confidential").exists()
    detail = client.get(reverse("producers:detail", args=[planted.producer.uuid])).text
    assert "CANARY-REF-51" not in detail
    assert "Canary Pit 88" in detail


def test_an_empty_list_is_not_shown_as_withheld_and_a_withheld_one_not_as_empty(world: World, client: Client) -> None:
    producer = world.producers["esperanza"]
    sharing.grant(world, "refiner")
    client.force_login(world.users["bob"])
    html = client.get(reverse("producers:titles", args=[producer.uuid])).text
    assert "No titles recorded." in html
    assert "Withheld" not in html
    sharing.grant(world, "ministry")
    client.force_login(world.users["ana"])
    html = client.get(reverse("producers:titles", args=[producer.uuid])).text
    assert "No titles recorded." not in html
    assert "Withheld" in html


@pytest.mark.parametrize("who", ["oscar", "bob", "vera", "ana", "stella"])
def test_those_who_cannot_know_the_producer_get_404_everywhere(world: World, client: Client, who: str) -> None:
    planted = plant(world)
    client.force_login(world.users[who])
    for page, (url, _fields, _needs) in PAGES.items():
        assert client.get(url(planted)).status_code == 404, page


# --- The detail page: who the reader is to the producer, and what it may do -----------------------


def test_a_partner_is_told_under_which_grant_it_sees_the_producer(world: World, client: Client) -> None:
    sharing.grant(world, "refiner", until=dt.date(2030, 6, 30))
    client.force_login(world.users["bob"])
    html = client.get(reverse("producers:detail", args=[world.producers["esperanza"].uuid])).text
    assert "You see this producer as: Actual partner, for due diligence, under its grant until 2030-06-30." in html
    assert reverse("sharing:request", args=[world.producers["esperanza"].uuid]) in html


def test_a_reader_without_a_grant_is_told_so_and_may_ask_for_access(world: World, client: Client) -> None:
    sharing.listed(world)
    client.force_login(world.users["vera"])
    html = client.get(reverse("producers:detail", args=[world.producers["esperanza"].uuid])).text
    assert "It has not shared more than its public information with your organisation." in html
    assert "Cooperativa Minera La Esperanza" in html  # public: the name, region and commodities
    assert "Gold" in html
    assert "CO-CAU" in html
    assert "Cooperative" not in html  # the type is part of the profile shared with partners
    assert "Request access" in html


@pytest.mark.parametrize("who", ["alice", "fran"])
def test_no_request_button_inside_the_producer(world: World, client: Client, who: str) -> None:
    client.force_login(world.users[who])
    html = client.get(reverse("producers:detail", args=[world.producers["esperanza"].uuid])).text
    assert "Request access" not in html


def test_the_producers_own_people_get_links_to_sharing_and_the_access_log(world: World, client: Client) -> None:
    producer = world.producers["esperanza"]
    client.force_login(world.users["victor"])
    html = client.get(reverse("producers:detail", args=[producer.uuid])).text
    assert reverse("sharing:producer", args=[producer.uuid]) in html
    assert reverse("sharing:log", args=[producer.uuid]) in html
    assert "You see this producer as" not in html
    sharing.grant(world, "refiner")
    client.force_login(world.users["bob"])
    html = client.get(reverse("producers:detail", args=[producer.uuid])).text
    assert reverse("sharing:log", args=[producer.uuid]) not in html


# --- The producer's preview ---------------------------------------------------------------------


def _content(html: str) -> str:
    """The page without the preview banner and what the reader may do (links differ by design)."""
    html = html.split("<main", 1)[1].split("</main>", 1)[0]
    html = re.sub(r'<div class="preview-banner".*?</div>', "", html, flags=re.S)
    return re.sub(r'<ul class="actions">.*?</ul>', "", html, flags=re.S)


@pytest.mark.parametrize(
    "audience", ["actual_partner", "prospective_partner", "verifier", "authority", "expired_grant"]
)
def test_the_preview_shows_exactly_what_that_organisation_sees(world: World, client: Client, audience: str) -> None:
    spec = AUDIENCES[audience]
    planted = plant(world)
    spec.setup(world)
    url = reverse("producers:detail", args=[planted.producer.uuid])
    client.force_login(world.users[spec.who])
    theirs = client.get(url).text
    before = AuditEntry.objects.filter(action="view.confidential").count()
    organisation = world.users[spec.who].memberships.get().organisation
    client.force_login(world.users["alice"])
    preview = client.get(url, {"as": str(organisation.uuid)}).text
    assert 'class="preview-banner"' in preview
    assert f"This is what {escape(organisation.name)} sees" in preview
    assert markers(preview) == markers(theirs)
    for values in PLANTED.values():
        for value in values:
            assert (value in preview) == (value in theirs), value
    assert _content(preview) == _content(theirs)
    assert AuditEntry.objects.filter(action="view.confidential").count() == before


def test_the_preview_as_the_public_shows_the_public_fields_only(world: World, client: Client) -> None:
    planted = plant(world)
    client.force_login(world.users["mateo"])
    html = client.get(reverse("producers:detail", args=[planted.producer.uuid]), {"as": "public"}).text
    assert "This is what the public sees" in html
    for key in (PROFILE, TITLES, SITES):
        assert escape(preview_lens(planted.producer, None).reason(key)) in markers(html)
        for value in PLANTED[key]:
            assert value not in html
    assert "Cooperativa Minera La Esperanza" in html
    assert not AuditEntry.objects.filter(action="view.confidential").exists()


def test_the_preview_as_an_organisation_that_cannot_open_the_page_says_so(world: World, client: Client) -> None:
    planted = plant(world)
    client.force_login(world.users["alice"])
    url = reverse("producers:detail", args=[planted.producer.uuid])
    html = client.get(url, {"as": world.orgs["ministry"].uuid}).text
    assert "Ministerio de Minas cannot open your page at all" in html
    assert "CANARY-REF-51" not in html
    sharing.request(world, "ministry")
    assert "cannot open your page" not in client.get(url, {"as": world.orgs["ministry"].uuid}).text


def test_the_preview_as_the_facilitator_shows_everything_and_logs_nothing(world: World, client: Client) -> None:
    planted = plant(world)
    client.force_login(world.users["alice"])
    html = client.get(reverse("producers:detail", args=[planted.producer.uuid]), {"as": world.orgs["field"].uuid}).text
    assert "This is what Alianza de Campo sees" in html
    assert "CANARY-REF-51" in html
    assert markers(html) == []
    assert not AuditEntry.objects.filter(action="view.confidential").exists()


@pytest.mark.parametrize("value", ["not-a-uuid", "6b0c3c3e-0000-4000-8000-000000000000", "OWN"])
def test_an_unknown_preview_gives_a_message_and_the_producers_own_page(
    world: World, client: Client, value: str
) -> None:
    planted = plant(world)
    if value == "OWN":
        value = str(world.orgs["esperanza"].uuid)
    client.force_login(world.users["alice"])
    html = client.get(reverse("producers:detail", args=[planted.producer.uuid]), {"as": value}).text
    assert 'class="preview-banner"' not in html
    assert "CANARY-REF-51" in html
    assert "Edit the profile" in html
    assert ("no such organisation" in html) or ("your own organisation" in html)


def test_others_cannot_preview_their_way_to_more(world: World, client: Client) -> None:
    planted = plant(world)
    sharing.grant(world, "ministry")
    client.force_login(world.users["ana"])
    url = reverse("producers:detail", args=[planted.producer.uuid])
    plain = client.get(url).text
    for value in (str(world.orgs["field"].uuid), "public"):
        html = client.get(url, {"as": value}).text
        assert 'class="preview-banner"' not in html
        assert markers(html) == markers(plain)
        assert "CANARY-REF-51" not in html


# --- The API ---------------------------------------------------------------------------------


API_CASES = ["own", "facilitator", "actual_partner", "prospective_partner", "verifier", "authority", "expired_grant"]


def _token_of(world: World, who: str) -> str:
    org_key = {"alice": "esperanza", "fran": "field", "bob": "refiner", "vera": "checkers", "ana": "ministry"}[who]
    return b.token(world, org_key, "producers:read")


@pytest.mark.parametrize("audience", API_CASES)
def test_the_api_gives_withheld_values_as_null_with_the_reason(world: World, client: Client, audience: str) -> None:
    spec = AUDIENCES[audience]
    planted = plant(world)
    grant = spec.setup(world)
    secret = _token_of(world, spec.who)
    response = client.get(f"/api/v1/producers/{planted.producer.uuid}", **bearer(secret))
    assert response.status_code == 200
    body = response.json()
    lens = lens_for(world.actor(spec.who), planted.producer)
    assert body["name"] == "Cooperativa Minera La Esperanza"
    assert body["audience"] == lens.audience.value
    assert body["grant"] == used(audience, grant)
    for key in (PROFILE, TITLES, SITES):
        if key in spec.shows:
            assert key not in body["withheld"]
        else:
            assert body["withheld"][key] == lens.reason(key)
    assert (body["description"] is None) == (PROFILE not in spec.shows)
    assert (body["legal_status"] is None) == (PROFILE not in spec.shows)
    assert (body["member_counts"] is None) == (PROFILE not in spec.shows)
    assert (body["titles"] is None) == (TITLES not in spec.shows)
    assert (body["sites"] is None) == (SITES not in spec.shows)
    for key, values in PLANTED.items():
        if key not in spec.shows:
            assert not any(value in response.text for value in values), key
    entries = AuditEntry.objects.filter(action="view.confidential")
    if audience == "own" or not ({PROFILE, TITLES, SITES} & spec.shows):
        assert not entries.exists()
    else:
        assert entries.get().detail["grant"] == used(audience, grant)


@pytest.mark.parametrize("audience", API_CASES)
def test_the_api_lists_sites_units_and_opens_a_site_as_the_lens_says(
    world: World, client: Client, audience: str
) -> None:
    spec = AUDIENCES[audience]
    planted = plant(world)
    spec.setup(world)
    secret = _token_of(world, spec.who)
    lens = lens_for(world.actor(spec.who), planted.producer)
    sites = client.get(f"/api/v1/producers/{planted.producer.uuid}/sites", **bearer(secret)).json()
    site = client.get(f"/api/v1/sites/{planted.site.uuid}", **bearer(secret))
    units = client.get(f"/api/v1/producers/{planted.producer.uuid}/units", **bearer(secret)).json()
    if SITES in spec.shows:
        assert [s["name"] for s in sites["items"]] == ["Canary Pit 88"]
        assert sites["withheld"] == {}
        assert site.status_code == 200
    else:
        assert (sites["items"], sites["count"]) == (None, None)
        assert sites["withheld"] == {SITES: lens.reason(SITES)}
        assert site.status_code == 404
    if UNIT_NAMES in spec.shows:
        assert [u["name"] for u in units["units"]] == ["Canary Crew 9"]
        assert units["withheld"] == {}
    elif UNIT_LIST in spec.shows:
        assert [(u["number"], u["name"], u["uuid"], u["excluded"]) for u in units["units"]] == [(1, None, None, True)]
        assert units["withheld"] == {UNIT_NAMES: lens.reason(UNIT_NAMES)}
    else:
        assert units["units"] is None
        assert set(units["withheld"]) == {UNIT_NAMES, UNIT_LIST}


def test_the_api_reason_follows_the_request_language(world: World, client: Client) -> None:
    planted = plant(world)
    sharing.grant(world, "ministry")
    secret = _token_of(world, "ana")
    body = client.get(f"/api/v1/producers/{planted.producer.uuid}", HTTP_ACCEPT_LANGUAGE="es", **bearer(secret)).json()
    assert body["withheld"][TITLES].startswith("No compartido")


def test_a_producer_that_tightens_a_public_field_withholds_it_in_lists_too(world: World, client: Client) -> None:
    sharing.grant(world, "ministry")
    sharing.tighten(world, "producer.region", "partners")
    sharing.tighten(world, "producer.name", "confidential")  # ignored: the name is fixed (FIXED_FIELDS)
    secret = _token_of(world, "ana")
    listed = client.get("/api/v1/producers", **bearer(secret)).json()
    (item,) = listed["items"]
    assert item["name"] == "Cooperativa Minera La Esperanza"
    assert (item["country"], item["subdivision"], item["municipality"]) == (None, None, None)
    assert set(item["withheld"]) == {"producer.region"}
    assert item["commodities"] == ["gold"]
    assert "Suárez" not in str(listed)
    assert client.get("/api/v1/producers", {"country": "CO"}, **bearer(secret)).json()["items"] == []
    client.force_login(world.users["ana"])
    page = client.get(reverse("producers:list")).text
    assert "Suárez" not in page
    assert "Withheld" in page
    client.force_login(world.users["alice"])
    assert "Suárez" in client.get(reverse("producers:list")).text


def test_the_preview_as_the_public_says_the_public_cannot_open_a_page_not_in_the_directory(
    world: World, client: Client
) -> None:
    planted = plant(world)
    client.force_login(world.users["alice"])
    url = reverse("producers:detail", args=[planted.producer.uuid])
    cannot = "The public cannot open your page at all"
    html = client.get(url, {"as": "public"}).text
    assert "This is what the public sees" in html
    assert cannot in html
    assert "CANARY-REF-51" not in html
    sharing.listed(world)
    html = client.get(url, {"as": "public"}).text
    assert "This is what the public sees" in html
    assert cannot not in html


@pytest.mark.parametrize(("who", "logged"), [("bob", ["producer.commodities", "producer.region"]), ("ana", [])])
def test_a_tightened_public_field_shown_to_a_partner_is_in_the_access_log(
    world: World, client: Client, who: str, logged: list[str]
) -> None:
    sharing.grant(world, "refiner")
    sharing.grant(world, "ministry")
    sharing.tighten(world, "producer.region", "partners")
    sharing.tighten(world, "producer.commodities", "partners")
    producer = world.producers["esperanza"]
    client.force_login(world.users[who])
    html = client.get(reverse("producers:detail", args=[producer.uuid])).text
    assert ("Suárez" in html) == bool(logged)
    entries = [e.detail["what"] for e in AuditEntry.objects.filter(action="view.confidential")]
    for key in ("producer.region", "producer.commodities"):
        assert all((key in what) == (key in logged) for what in entries)
    if logged:
        (what,) = entries
        assert set(logged) <= set(what)
        assert "producer.name" not in what  # still public: never logged
    secret = _token_of(world, who)
    before = AuditEntry.objects.filter(action="view.confidential").count()
    body = client.get(f"/api/v1/producers/{producer.uuid}", **bearer(secret)).json()
    assert (body["country"] is not None) == bool(logged)
    api_entries = [e.detail["what"] for e in AuditEntry.objects.filter(action="view.confidential").order_by("id")]
    api_entries = api_entries[before:]
    assert all(set(logged) <= set(what) for what in api_entries)
    assert bool(api_entries) == bool(logged)


def test_a_public_field_left_public_is_not_in_the_access_log(world: World, client: Client) -> None:
    sharing.grant(world, "refiner")
    client.force_login(world.users["bob"])
    client.get(reverse("producers:detail", args=[world.producers["esperanza"].uuid]))
    (entry,) = AuditEntry.objects.filter(action="view.confidential")
    assert not {"producer.name", "producer.region", "producer.commodities"} & set(entry.detail["what"])
