"""Every page and API operation about a producer × every sharing audience (issue 5, the
authorization matrix), generated from the URL patterns and the OpenAPI document: a new route or
operation without a row in ``MATRIX`` (or in ``NOT_ABOUT_A_PRODUCER``) fails
``test_the_matrix_covers_every_route_and_operation``.

The audiences are those of ``sharing_world`` (producer, facilitator, actual partner, verifier,
prospective partner, authority, expired and revoked grant holders, a stranger who finds
esperanza in the directory, kalimbi's owner for whom esperanza does not exist, anonymous).
The objects are esperanza's planted data (``sharing_world.plant``), the same for every route —
not the apps' route-table builders, several of which authorise a buyer to assess esperanza
(plans need a partner), which would change the audiences under test.

Outcomes: ``OK`` (a page or a redirect, below 400), 403 (may know the object exists, may not do
this), 404 (may not know it exists), ``LOGIN`` (signed out: sent to sign in; 401 from the API).
A cell may allow two outcomes where the rules leave the choice to the app (said in a comment).
GET routes are requested as every audience. Writes (POST-only pages, the API's other methods)
are sent as every audience expected to be refused — a refusal changes nothing — with the data
the apps' route tables send; that they succeed for whom they should is each app's own test.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from passport.sharing.models import AccessRequest, Grant
from tests.web import sharing_world as sw
from tests.world import World

OK, LOGIN = "ok", "login"
Outcome = str | int
Row = dict[str, frozenset[Outcome]]

# Routes and operations that take no producer's object: the site's own pages, a person's account
# (every accounts page: a new one is declared here too), inbox and organisation, lists of what
# the signed-in organisation may see, the public directory.
NOT_ABOUT_A_PRODUCER = frozenset(
    {
        "accounts:login",
        "accounts:logout",
        "accounts:signup",
        "accounts:settings",
        "accounts:new_organisation",
        "accounts:switch",
        "accounts:language",
        "accounts:members",
        "accounts:member_role",
        "accounts:member_remove",
        "accounts:leave",
        "accounts:invitations",
        "accounts:invitation_revoke",
        "accounts:invitation",
        "accounts:api_tokens",
        "accounts:api_token_revoke",
        "accounts:password_reset",
        "accounts:password_reset_done",
        "accounts:password_reset_confirm",
        "accounts:password_reset_complete",
        "site:home",
        "site:healthz",
        "producers:list",
        "producers:new",
        "notifications:inbox",
        "notifications:read",
        "sharing:mine",
        "sharing:directory",
        "get_me",
        "list_organisations",
        "list_producers",
        "register_producer",
        "start_assessment",  # names the producer in its body; tested per role in test_every_route
        "draft_plan",  # names the result in its body; likewise
        "list_notifications",
        "list_my_access",
        "list_directory",
    }
)

GROUPS = {
    "producer": ("producer",),
    "facilitator": ("facilitator",),
    "partners": ("actual_partner", "verifier"),  # the same fields (docs/sharing.md)
    "prospective": ("prospective_partner",),
    "authority": ("authority",),
    "known": ("expired", "revoked", "listed"),  # may know esperanza, see its public fields
    "none": ("none",),
    "anonymous": ("anonymous",),
}


def row(**by_group: Outcome | Iterable[Outcome]) -> Row:
    """Expected outcomes by group of audiences (``GROUPS``); ``outsiders`` sets partners,
    prospective, authority and known at once. Unnamed: none 404, anonymous sent to sign in."""
    values: dict[str, Outcome | Iterable[Outcome]] = {"none": 404, "anonymous": LOGIN}
    if "outsiders" in by_group:
        shared = by_group.pop("outsiders")
        values.update(dict.fromkeys(("partners", "prospective", "authority", "known"), shared))
    values.update(by_group)
    missing = set(GROUPS) - set(values)
    assert not missing, f"row without {missing}"
    out: Row = {}
    for group, value in values.items():
        allowed = frozenset(value) if isinstance(value, (set, frozenset, tuple, list)) else frozenset({value})
        for audience in GROUPS[group]:
            out[audience] = allowed
    return out


# The usual rows.
KNOWN_READ = row(producer=OK, facilitator=OK, outsiders=OK)
"""A producer-level page anyone who may know the producer opens: withheld fields are shown as
withheld (rule 2), never a 404 for a producer the viewer knows (rule 3)."""
PARTNERS_READ = row(producer=OK, facilitator=OK, partners=OK, prospective=404, authority=404, known=404)
"""An object by its uuid whose kind is partners-level (a site, a plan): who does not see that kind
may not know the object exists."""
INSIDE_READ = row(producer=OK, facilitator=OK, outsiders=404)
"""Personal data by its uuid (a unit, an evidence file), or a draft."""
OWN_PAGE = row(producer=OK, facilitator=403, outsiders=403)
# A request or a grant: only its two sides may know it exists (the other side 403, anyone else 404;
# which outsider is the other side depends on the planted row, pinned in passport/sharing/tests).
SIDES_ONLY = row(producer=OK, facilitator=404, outsiders=(403, 404))
"""The producer's own page or action on the producer: whoever may know the producer gets 403."""
OWN_CHANGE_PARTNERS_KIND = row(producer=OK, facilitator=403, partners=403, prospective=404, authority=404, known=404)
"""Changing an object partners see (a title, a site): they get 403, the others may not know it."""
OWN_CHANGE_PERSONAL = row(producer=OK, facilitator=403, outsiders=404)
"""Changing personal data (a member) or a draft: only the facilitator may know it exists."""
PARTY_WRITE = row(producer=OK, facilitator=OK, partners=403, prospective=404, authority=404, known=404)
"""What the plan's parties do (the planted plan's partner is the facilitator): read-only readers
of the plan get 403."""

MATRIX: dict[str, Row] = {
    # --- The registry (docs/registry.md, "Pages for each reader") ---
    "producers:detail": KNOWN_READ,
    "producers:titles": KNOWN_READ,
    "producers:sites": KNOWN_READ,
    "producers:members": KNOWN_READ,
    "producers:units": KNOWN_READ,
    "producers:edit": OWN_PAGE,
    "producers:member_new": OWN_PAGE,
    "producers:authorisations": OWN_PAGE,
    "producers:authorisation_revoke": OWN_PAGE,
    "producers:site": PARTNERS_READ,
    "producers:committee": PARTNERS_READ,
    "producers:title_edit": OWN_CHANGE_PARTNERS_KIND,
    "producers:title_delete": OWN_CHANGE_PARTNERS_KIND,
    "producers:site_edit": OWN_CHANGE_PARTNERS_KIND,
    "producers:meeting_new": OWN_CHANGE_PARTNERS_KIND,
    "producers:seat_remove": OWN_CHANGE_PARTNERS_KIND,
    "producers:member_edit": OWN_CHANGE_PERSONAL,
    "producers:member_delete": OWN_CHANGE_PERSONAL,
    "producers:unit": INSIDE_READ,
    "producers:unit_exclude": OWN_CHANGE_PERSONAL,
    "producers:unit_readmit": OWN_CHANGE_PERSONAL,
    # --- Assessments (the planted one is submitted; drafts are the producer's and facilitator's) ---
    "assessments:start": row(producer=OK, facilitator=OK, outsiders=403),  # assessing needs authorisation
    "assessments:history": KNOWN_READ,
    "assessments:overview": KNOWN_READ,
    "assessments:module": KNOWN_READ,
    "assessments:result": KNOWN_READ,
    "assessments:evidence": INSIDE_READ,  # evidence files are personal data
    "assessments:submit": row(producer=OK, facilitator=403, outsiders=404),  # a draft
    # The roll-up numbers units for readers who may not see their names; the benchmark ranks
    # units by name, so it may be refused (403) to a reader who knows the producer.
    "assessments:rollup": KNOWN_READ,
    "assessments:benchmark": row(producer=OK, facilitator=OK, outsiders=(OK, 403)),
    # --- Plans (docs/plans.md): the planted plan is adopted, with the facilitator as partner ---
    "plans:list": KNOWN_READ,
    "plans:progress": KNOWN_READ,
    "plans:detail": PARTNERS_READ,
    "plans:version": PARTNERS_READ,
    # An action's page: read-only readers of the plan may open it or not (the app's choice).
    "plans:action": row(producer=OK, facilitator=OK, partners=(OK, 404), prospective=404, authority=404, known=404),
    "plans:action_evidence": INSIDE_READ,  # evidence files are personal data
    # Nobody changes an adopted version's actions (403 for its parties, who know it).
    "plans:action_edit": row(producer=403, facilitator=403, partners=403, prospective=404, authority=404, known=404),
    "plans:new": row(
        producer=OK, facilitator=OK, partners=(403, 404), prospective=(403, 404), authority=(403, 404), known=(403, 404)
    ),
    "plans:strategy": OWN_CHANGE_PARTNERS_KIND,
    "plans:priority": OWN_CHANGE_PARTNERS_KIND,
    "plans:comment": PARTY_WRITE,
    "plans:sign": OWN_CHANGE_PARTNERS_KIND,
    "plans:revise": PARTY_WRITE,
    # --- Sharing (docs/sharing.md) ---
    "sharing:producer": OWN_PAGE,
    "sharing:log": OWN_PAGE,
    # Buyers, verifiers and authorities who know the producer ask; the producer's side may not.
    "sharing:request": row(producer=403, facilitator=403, outsiders=OK),
    "sharing:grant": OWN_PAGE,
    "sharing:field": OWN_PAGE,
    "sharing:listing": OWN_PAGE,
    "sharing:revoke": SIDES_ONLY,
    "sharing:answer": SIDES_ONLY,
    # The planted request is the prospective partner's: only it withdraws it.
    "sharing:withdraw": row(producer=403, facilitator=(403, 404), outsiders=(403, 404), prospective=OK),
    # --- The API: the same rules as the pages that show the same data ---
    "get_organisation": row(producer=OK, facilitator=404, outsiders=404),  # an organisation's own record
    "get_producer": KNOWN_READ,
    "update_producer": OWN_PAGE,
    "list_sites": KNOWN_READ,
    "add_site": OWN_PAGE,
    "get_site": PARTNERS_READ,
    "list_units": KNOWN_READ,
    "get_assessment": KNOWN_READ,
    "save_answers": row(producer=OK, facilitator=403, outsiders=404),
    "submit_assessment": row(producer=OK, facilitator=403, outsiders=404),
    "get_result": KNOWN_READ,
    "list_producer_assessments": KNOWN_READ,
    "list_producer_results": KNOWN_READ,
    "get_rollup": KNOWN_READ,
    "list_producer_plans": KNOWN_READ,
    "get_plan": PARTNERS_READ,
    "change_plan_strategy": OWN_CHANGE_PARTNERS_KIND,
    "update_plan_action": row(producer=403, facilitator=403, partners=403, prospective=404, authority=404, known=404),
    "sign_plan_version": OWN_CHANGE_PARTNERS_KIND,
    "add_plan_comment": PARTY_WRITE,
    "revise_plan": PARTY_WRITE,
    "record_action_progress": PARTY_WRITE,
    "get_plan_action": row(producer=OK, facilitator=OK, partners=(OK, 404), prospective=404, authority=404, known=404),
    "get_producer_progress": KNOWN_READ,
    "get_sharing": OWN_PAGE,
    "get_access_log": OWN_PAGE,
    "request_access": row(producer=403, facilitator=403, outsiders=OK),
    "answer_access_request": SIDES_ONLY,
    "withdraw_access_request": row(producer=403, facilitator=(403, 404), outsiders=(403, 404), prospective=OK),
    "grant_access": OWN_PAGE,
    "revoke_grant": SIDES_ONLY,
    "set_field_sensitivity": OWN_PAGE,
    "set_listing": OWN_PAGE,
}


def everything() -> dict[str, sw.Route]:
    return {**sw.pages(), **sw.operations()}


def test_the_matrix_covers_every_route_and_operation() -> None:
    enumerated = set(everything())
    about_producers = {name for name, route in everything().items() if sw.about_a_producer(route)}
    assert set(MATRIX) & NOT_ABOUT_A_PRODUCER == set(), "a route in both the matrix and NOT_ABOUT_A_PRODUCER"
    without = about_producers - set(MATRIX) - NOT_ABOUT_A_PRODUCER
    assert without == set(), "routes about a producer without a row in MATRIX (tests/web/test_sharing_matrix.py)"
    undeclared = enumerated - set(MATRIX) - NOT_ABOUT_A_PRODUCER
    assert undeclared == set(), "declare these in MATRIX or NOT_ABOUT_A_PRODUCER"
    assert enumerated >= NOT_ABOUT_A_PRODUCER, f"gone: {NOT_ABOUT_A_PRODUCER - enumerated}"
    assert set(MATRIX) <= enumerated, f"rows for routes that no longer exist: {set(MATRIX) - enumerated}"
    for name, cells in MATRIX.items():
        assert set(cells) == set(sw.AUDIENCES), f"{name}: a cell for every audience"


# --- Running a row --------------------------------------------------------------------------------


def matrix_world() -> tuple[World, dict[str, Any]]:
    """The sharing world with esperanza's data planted; the sharing routes name the actual
    partner's grant and a pending request of the prospective partner (for an actual partner's
    access, which changes nothing until it is answered)."""
    world = sw.build_sharing_world()
    objects = sw.plant(world, "esperanza", partner="field")
    objects["grant"] = Grant.objects.get(producer=world.producers["esperanza"], organisation=world.orgs["refiner"])
    objects["access_request"] = AccessRequest.objects.create(
        producer=world.producers["esperanza"],
        organisation=world.orgs["andina"],
        requested_by=world.users["pia"],
        audience="actual_partner",
        purposes=["sourcing"],
        message="We would like to buy from you regularly.",
    )
    return world, objects


def outcome(response: Any, api: bool) -> Outcome:
    status = response.status_code
    if api and status == 401:
        return LOGIN
    if not api and status == 302 and reverse("accounts:login") in response["Location"]:
        return LOGIN
    return OK if status < 400 else status


def ask(client: Client, world: World, route: sw.Route, objects: dict[str, Any]) -> tuple[bool, Any]:
    """``(is a write, the response)``; a write runs in a savepoint that is rolled back."""
    url = route.urls(objects)[0]
    with transaction.atomic():
        if route.api:
            body = "" if route.method == "GET" else sw.api_body(route, world, objects)
            response = client.generic(route.method, url, body, content_type="application/json")
            write = route.method != "GET"
        else:
            response = client.get(url)
            write = response.status_code == 405
            if write:
                response = client.post(url, sw.post_data(route, world, objects))
        transaction.set_rollback(True)
    return write, response


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_route_answers_each_audience_as_the_matrix_says(db: None, client: Client, name: str) -> None:
    route = everything()[name]
    world, objects = matrix_world()
    wrong = []
    # The listed audience last: listing esperanza makes every organisation know it.
    for audience in sorted(sw.AUDIENCES, key=lambda a: sw.AUDIENCES[a].listed):
        seat = sw.AUDIENCES[audience]
        if seat.listed and not objects.get("listed"):
            objects["listed"] = sw.list_in_directory(world)
        client.logout()
        if seat.user is not None:
            client.force_login(world.users[seat.user])
        expected = MATRIX[name][audience]
        write, response = ask(client, world, route, objects)
        if write and OK in expected:
            continue  # each app's own route table checks that a write succeeds for whom it should
        got = outcome(response, route.api)
        if got not in expected:
            wrong.append(f"{audience} ({seat.user or 'anonymous'}): {got}, expected {' or '.join(map(str, expected))}")
    assert wrong == [], f"{name} {route.template}:\n" + "\n".join(wrong)
