"""The lens (``passport/sharing/policy.py``): what each audience of the world sees of esperanza,
which purpose it looks for, previews, the access log it writes, and the withheld marker."""

from __future__ import annotations

import datetime as dt

import pytest
from django.template import Context, Template
from django.utils import translation

from passport.audit.models import AuditEntry
from passport.engine import Audience, Purpose
from passport.producers.clock import local_today
from passport.sharing.policy import anonymous_lens, lens_for, preview_lens, withheld_map
from tests.world import World

from . import builders as b

PUBLIC = ["producer.name", "producer.region", "producer.commodities", "producer.outcome", "producer.passport_status"]
PARTNERS = ["titles", "sites.coordinates", "production.figures", "assessment.answers", "plans"]
PERSONAL = ["members.personal", "units.names", "evidence.files", "exclusions.reasons"]
EVERY_KEY = [*PUBLIC, *PARTNERS, "assessment.findings", *PERSONAL]


def today(world: World) -> dt.date:
    return local_today(world.producers["esperanza"])


def seen(world: World, who: str) -> set[str]:
    lens = lens_for(world.actor(who), world.producers["esperanza"])
    return {key for key in EVERY_KEY if lens.shows(key)}


# --- Each audience -------------------------------------------------------------------------------


def test_the_producers_own_people_see_everything_as_the_producer(world: World) -> None:
    lens = lens_for(world.actor("victor"), world.producers["esperanza"])
    assert (lens.audience, lens.inside, lens.grant) == (Audience.PRODUCER, True, None)
    assert seen(world, "victor") == set(EVERY_KEY)


def test_the_authorised_facilitator_sees_everything_as_the_facilitator(world: World) -> None:
    lens = lens_for(world.actor("fran"), world.producers["esperanza"])
    assert (lens.audience, lens.inside, lens.purpose) == (Audience.FACILITATOR, True, Purpose.SUPPORT)
    assert seen(world, "fran") == set(EVERY_KEY)


def test_an_actual_partner_sees_public_and_partners_fields_never_personal_data(world: World) -> None:
    grant = b.grant(world, "refiner")
    lens = lens_for(world.actor("bob"), world.producers["esperanza"])
    assert (lens.audience, lens.grant, lens.purpose, lens.inside) == (
        Audience.ACTUAL_PARTNER,
        grant,
        Purpose.DUE_DILIGENCE,
        False,
    )
    assert seen(world, "bob") == {*PUBLIC, *PARTNERS, "assessment.findings"}
    assert lens.reason("members.personal").startswith("Withheld: only the producer and its facilitator")


def test_a_prospective_partner_sees_public_fields_and_the_findings(world: World) -> None:
    b.grant(world, "refiner", audience="prospective_partner", purposes=["sourcing"])
    lens = lens_for(world.actor("bob"), world.producers["esperanza"])
    assert (lens.audience, lens.purpose) == (Audience.PROSPECTIVE_PARTNER, Purpose.SOURCING)
    assert seen(world, "bob") == {*PUBLIC, "assessment.findings"}
    assert "only actual partners and verifiers see the mining titles" in lens.reason("titles")


def test_a_verifier_sees_what_an_actual_partner_sees(world: World) -> None:
    b.grant(world, "checkers")
    lens = lens_for(world.actor("vera"), world.producers["esperanza"])
    assert (lens.audience, lens.purpose) == (Audience.VERIFIER, Purpose.VERIFICATION)
    assert seen(world, "vera") == {*PUBLIC, *PARTNERS, "assessment.findings"}


def test_an_authority_sees_public_fields_only(world: World) -> None:
    b.grant(world, "ministry")
    lens = lens_for(world.actor("ana"), world.producers["esperanza"])
    assert (lens.audience, lens.purpose) == (Audience.AUTHORITY, Purpose.STATISTICS)
    assert seen(world, "ana") == set(PUBLIC)
    assert "authorities receive statistics as aggregates" in lens.reason("titles")


def test_an_organisation_that_knows_the_producer_without_a_grant_is_the_public(world: World) -> None:
    b.listed(world)
    lens = lens_for(world.actor("bob"), world.producers["esperanza"])
    assert (lens.audience, lens.grant) == (Audience.PUBLIC, None)
    assert seen(world, "bob") == set(PUBLIC)
    assert lens.reason("titles").endswith("and Refinería del Sur holds no grant.")


@pytest.mark.parametrize(
    ("shift", "words"),
    [
        ({"granted_on": -30, "until": -1}, "ended on"),
        ({"granted_on": -30, "revoked_on": 0}, "revoked the grant"),
        ({"granted_on": 3}, "starts on"),
    ],
)
def test_an_expired_revoked_or_future_grant_shows_public_fields_only_and_says_why(
    world: World, shift: dict[str, int], words: str
) -> None:
    days = {k: today(world) + dt.timedelta(days=v) for k, v in shift.items()}
    b.grant(world, "refiner", **days)  # type: ignore[arg-type]
    lens = lens_for(world.actor("bob"), world.producers["esperanza"])
    assert lens.audience is Audience.PUBLIC
    assert seen(world, "bob") == set(PUBLIC)
    assert words in lens.reason("titles")


def test_a_grant_is_active_through_its_last_day(world: World) -> None:
    b.grant(world, "refiner", granted_on=today(world) - dt.timedelta(days=3), until=today(world))
    assert lens_for(world.actor("bob"), world.producers["esperanza"]).shows("titles")
    later = today(world) + dt.timedelta(days=1)
    assert not lens_for(world.actor("bob"), world.producers["esperanza"], day=later).shows("titles")


def test_another_organisations_grant_gives_nothing(world: World) -> None:
    b.grant(world, "checkers")
    b.listed(world)
    assert seen(world, "bob") == set(PUBLIC)


def test_a_visitor_who_is_not_signed_in_sees_public_fields(world: World) -> None:
    lens = anonymous_lens(world.producers["esperanza"])
    assert lens.audience is Audience.PUBLIC
    assert {k for k in EVERY_KEY if lens.shows(k)} == set(PUBLIC)
    assert (
        lens.reason("titles") == "Withheld: only organisations the producer has granted access see the mining titles."
    )


def test_a_tightened_public_field_is_withheld_from_the_public(world: World) -> None:
    b.tighten(world, "producer.region", "partners")
    b.grant(world, "refiner")
    assert not anonymous_lens(world.producers["esperanza"]).shows("producer.region")
    assert lens_for(world.actor("bob"), world.producers["esperanza"]).shows("producer.region")


def test_a_looser_stored_setting_never_loosens_a_field(world: World) -> None:
    b.tighten(world, "members.personal", "public")  # refused by the service; ignored if stored anyway
    b.grant(world, "refiner")
    assert not lens_for(world.actor("bob"), world.producers["esperanza"]).shows("members.personal")


# --- The purpose ---------------------------------------------------------------------------------


def test_a_viewer_looks_for_the_purpose_its_grants_cover(world: World) -> None:
    b.grant(world, "refiner", purposes=["sourcing"])
    lens = lens_for(world.actor("bob"), world.producers["esperanza"])
    assert (lens.purpose, lens.audience) == (Purpose.SOURCING, Audience.ACTUAL_PARTNER)


def test_the_purpose_giving_the_strongest_audience_wins(world: World) -> None:
    b.grant(world, "refiner", audience="prospective_partner", purposes=["due_diligence"])
    b.grant(world, "refiner", audience="actual_partner", purposes=["support"])
    lens = lens_for(world.actor("bob"), world.producers["esperanza"])
    assert (lens.purpose, lens.audience) == (Purpose.SUPPORT, Audience.ACTUAL_PARTNER)


def test_without_a_grant_a_viewer_looks_for_its_usual_purpose(world: World) -> None:
    b.listed(world)
    assert lens_for(world.actor("bob"), world.producers["esperanza"]).purpose is Purpose.DUE_DILIGENCE
    assert lens_for(world.actor("vera"), world.producers["esperanza"]).purpose is Purpose.VERIFICATION


def test_a_purpose_asked_for_is_used_and_a_grant_for_another_gives_nothing(world: World) -> None:
    b.grant(world, "refiner")
    lens = lens_for(world.actor("bob"), world.producers["esperanza"], purpose="sourcing")
    assert (lens.purpose, lens.audience) == (Purpose.SOURCING, Audience.PUBLIC)
    assert "covers due diligence, not sourcing" in lens.reason("titles")


# --- Answers -------------------------------------------------------------------------------------


def test_an_answer_follows_its_indicator_tightened_by_the_producers_answers_setting(world: World) -> None:
    b.grant(world, "refiner")
    lens = lens_for(world.actor("bob"), world.producers["esperanza"])
    assert lens.answer("taxes_paid", "partners").visible
    assert not lens.answer("armed_groups", "confidential").visible
    assert lens.answer("name", "public").visible
    b.tighten(world, "assessment.answers", "confidential")
    tightened = lens_for(world.actor("bob"), world.producers["esperanza"])
    assert not tightened.answer("taxes_paid", "partners").visible
    assert not tightened.answer("name", "public").visible  # every answer is confidential now


# --- Previews and the access log ----------------------------------------------------------------


def test_a_preview_decides_as_the_organisation_would_and_logs_nothing(world: World) -> None:
    b.grant(world, "refiner", audience="prospective_partner", purposes=["sourcing"])
    preview = preview_lens(world.producers["esperanza"], world.orgs["refiner"])
    real = lens_for(world.actor("bob"), world.producers["esperanza"])
    assert preview.preview
    assert [preview.decision(k) for k in EVERY_KEY] == [real.decision(k) for k in EVERY_KEY]
    preview.log(world.actor("alice"), object_type="producer", object_id="x", what=["assessment.findings"])
    assert not AuditEntry.objects.exists()


def test_a_preview_as_the_facilitator_or_the_public(world: World) -> None:
    assert preview_lens(world.producers["esperanza"], world.orgs["field"]).audience is Audience.FACILITATOR
    public = preview_lens(world.producers["esperanza"], None)
    assert (public.audience, public.preview) == (Audience.PUBLIC, True)


def test_a_view_from_outside_writes_one_entry_naming_the_grant_audience_purpose_and_what(world: World) -> None:
    grant = b.grant(world, "refiner")
    lens = lens_for(world.actor("bob"), world.producers["esperanza"])
    lens.log(
        world.actor("bob"),
        object_type="producer",
        object_id=world.producers["esperanza"].uuid,
        what=["titles", "answers.taxes_paid", "titles", ""],
    )
    entry = AuditEntry.objects.get()
    assert entry.action == "view.confidential"
    assert entry.producer == world.producers["esperanza"].uuid
    assert entry.organisation == world.orgs["refiner"].uuid
    assert entry.detail == {
        "audience": "actual_partner",
        "purpose": "due_diligence",
        "grant": str(grant.uuid),
        "what": ["answers.taxes_paid", "titles"],
    }


def test_the_facilitators_views_are_logged_without_a_grant(world: World) -> None:
    lens = lens_for(world.actor("fran"), world.producers["esperanza"])
    lens.log(world.actor("fran"), object_type="producer", object_id="x", what=lens.shown_keys(EVERY_KEY))
    entry = AuditEntry.objects.get()
    assert (entry.detail["audience"], entry.detail["grant"]) == ("facilitator", None)
    assert set(entry.detail["what"]) == set(EVERY_KEY) - set(PUBLIC)


def test_nothing_is_logged_for_own_people_or_when_nothing_beyond_public_was_shown(world: World) -> None:
    own = lens_for(world.actor("alice"), world.producers["esperanza"])
    own.log(world.actor("alice"), object_type="producer", object_id="x", what=["members.personal"])
    b.listed(world)
    public = lens_for(world.actor("bob"), world.producers["esperanza"])
    public.log(world.actor("bob"), object_type="producer", object_id="x", what=public.shown_keys(EVERY_KEY))
    public.log(world.actor("bob"), object_type="producer", object_id="x", what=[])
    assert not AuditEntry.objects.exists()


def test_withheld_map_names_each_withheld_key_with_its_reason_in_the_active_language(world: World) -> None:
    b.grant(world, "refiner", audience="prospective_partner", purposes=["sourcing"])
    lens = lens_for(world.actor("bob"), world.producers["esperanza"])
    assert set(withheld_map(lens, EVERY_KEY)) == {*PARTNERS, *PERSONAL}
    with translation.override("es"):
        assert withheld_map(lens, ["titles"])["titles"].startswith("No compartido:")


# --- The withheld marker -------------------------------------------------------------------------

MARKER = Template("{% load sharing %}{% withheld lens key %}|{% if lens|shows:key %}shown{% endif %}")


def test_the_withheld_tag_renders_the_reason_or_nothing(world: World) -> None:
    lens = anonymous_lens(world.producers["esperanza"])
    withheld = MARKER.render(Context({"lens": lens, "key": "titles"}))
    assert '<p class="withheld">Withheld: ' in withheld
    assert "only organisations the producer has granted access see the mining titles" in withheld
    assert withheld.endswith("|")
    assert MARKER.render(Context({"lens": lens, "key": "producer.name"})) == "|shown"


def test_the_withheld_tag_speaks_the_pages_language(world: World) -> None:
    lens = anonymous_lens(world.producers["esperanza"])
    with translation.override("es"):
        html = MARKER.render(Context({"lens": lens, "key": "titles"}))
    assert "No compartido: solo las organizaciones a las que el productor dio acceso ven los títulos mineros" in html


def test_withheld_because_renders_a_decision_in_hand(world: World) -> None:
    lens = anonymous_lens(world.producers["esperanza"])
    template = Template("{% load sharing %}{% withheld_because decision %}[{{ decision|reason }}]")
    html = template.render(Context({"decision": lens.answer("armed_groups", "confidential")}))
    assert '<p class="withheld">Withheld: the producer shares' in html
    assert "[Withheld: the producer shares this information with no one but its facilitator.]" in html
