"""The standing banner on the producer's page: that the producer no longer meets the entry
criteria, and since when, goes with its outcome (public); why — the lapsed requirements, the units
not eligible, the link to their roll-up — is findings (``assessment.findings``), shown only to a
reader whose lens shows them and then named in the page's access-log entry."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from passport.audit.models import AuditEntry
from passport.plans import deadlines
from passport.plans.tests.test_standing import DISENGAGE, assessed, cooperative, lapsed
from passport.sharing.models import Grant
from passport.sharing.policy import lens_for
from passport.sharing.tests import builders as sharing
from tests.world import World

from . import builders as b
from .test_sharing import _ago

FINDINGS = "assessment.findings"
ROLL_UP = "roll-up</a>"

# reader: (who, what makes the producer known to it, whether its lens shows findings)
READERS: dict[str, tuple[str, Callable[[World], object], bool]] = {
    "own": ("alice", lambda w: None, True),
    "facilitator": ("fran", lambda w: None, True),
    "actual_partner": ("bob", lambda w: sharing.grant(w, "refiner"), True),
    "verifier": ("vera", lambda w: sharing.grant(w, "checkers"), True),
    "prospective_partner": (
        "bob",
        lambda w: sharing.grant(w, "refiner", audience="prospective_partner", purposes=["sourcing"]),
        True,
    ),
    "authority": ("ana", lambda w: sharing.grant(w, "ministry"), False),
    "listed_in_the_directory": ("vera", sharing.listed, False),
    "authorised_without_a_grant": ("bob", lambda w: b.authorise(w, "esperanza", "refiner"), False),
    "expired_grant": ("bob", lambda w: sharing.grant(w, "refiner", granted_on=_ago(w, 60), until=_ago(w, 1)), False),
    "revoked_grant": (
        "bob",
        lambda w: sharing.grant(w, "refiner", granted_on=_ago(w, 60), revoked_on=_ago(w, 0)),
        False,
    ),
}


def detail(world: World, client: Client, who: str, **params: str) -> str:
    client.force_login(world.users[who])
    response = client.get(reverse("producers:detail", args=[world.producers["esperanza"].uuid]), params)
    assert response.status_code == 200
    return response.text


def logged(world: World) -> list[list[str]]:
    return [e.detail["what"] for e in AuditEntry.objects.filter(action="view.confidential")]


@pytest.mark.parametrize("reader", READERS)
def test_only_a_reader_who_sees_findings_sees_why_a_lapsed_window_ended_eligibility(
    world: World, client: Client, reader: str
) -> None:
    lapsed(world)
    who, setup, sees = READERS[reader]
    setup(world)
    standing = deadlines.standing(world.producers["esperanza"])
    assert standing is not None
    assert standing.reasons
    html = detail(world, client, who)
    # Every reader sees that it no longer meets the entry criteria, and since when.
    assert 'id="standing"' in html
    assert f"Does not meet the entry criteria since {standing.since:%Y-%m-%d}." in html
    for reason in standing.reasons:
        assert (escape(reason) in html) == sees
    assert ("MES-SEC-01" in html) == sees  # the lapsed requirement's id
    assert ("Public or private security forces" in html) == sees  # and its title
    assert ("2028-02-29" in html) == sees  # and the window's deadline
    lens = lens_for(world.actor(who), world.producers["esperanza"])
    assert lens.shows(FINDINGS) == sees
    if sees:
        assert 'id="standing-why"' not in html
    else:
        assert 'id="standing-why"' in html
        assert escape(lens.reason(FINDINGS)) in html
    entries = logged(world)
    if reader == "own":
        assert entries == []
    elif sees:
        (what,) = entries
        assert FINDINGS in what
    else:
        assert all(FINDINGS not in what for what in entries)


def test_a_partner_sees_the_units_reason_and_the_roll_up_link_an_authority_does_not(
    world: World, client: Client
) -> None:
    cooperative(world)
    assessed(world, b.unit(world.producers["esperanza"], "Cuadrilla de Rosa Díaz"), DISENGAGE)
    units_reason = "A unit that counts for the organisation&#x27;s supply does not meet the entry criteria"
    sharing.grant(world, "refiner")
    sharing.grant(world, "ministry")
    partner = detail(world, client, "bob")
    assert units_reason in partner
    assert ROLL_UP in partner
    assert reverse("assessments:rollup", kwargs={"producer_uuid": world.producers["esperanza"].uuid}) in partner
    assert "Rosa" not in partner
    authority = detail(world, client, "ana")
    assert 'id="standing"' in authority
    assert units_reason not in authority
    assert ROLL_UP not in authority
    assert 'id="standing-why"' in authority


def test_the_preview_as_the_public_shows_no_reasons_and_logs_nothing(world: World, client: Client) -> None:
    lapsed(world)
    own = detail(world, client, "alice")
    assert "MES-SEC-01" in own
    preview = detail(world, client, "alice", **{"as": "public"})
    assert 'id="standing"' in preview
    assert "MES-SEC-01" not in preview
    assert 'id="standing-why"' in preview
    assert logged(world) == []


def test_no_banner_while_the_producer_meets_the_entry_criteria(world: World, client: Client) -> None:
    cooperative(world)
    grant: Grant = sharing.grant(world, "ministry")
    assert grant.audience == "authority"
    html = detail(world, client, "ana")
    assert 'id="standing"' not in html
    assert 'id="standing-why"' not in html
