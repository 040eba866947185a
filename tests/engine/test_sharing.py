"""The sharing policy: who sees which field of a producer, for what purpose, on which day.

The producer is Cooperativa La Esperanza. Apoyo Minero is its authorised facilitator, Refinería
del Sur its buyer (an actual partner), Comercializadora Andina a prospective buyer, Verifica SAS
its verifier and the Agencia Nacional de Minería an authority. The decision table of
docs/sharing.md is written out once below and checked for every kind of field; then grants on
their edges, reasons, tightening, and properties on random grants: without a grant a viewer sees
exactly the public fields, tightening never shows a field to anyone new, and the order of the
grants never matters.
"""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from passport.engine import (
    FIXED_FIELDS,
    PLATFORM_FIELDS,
    Audience,
    Decision,
    FieldRule,
    Grant,
    Purpose,
    Viewer,
    audience_of,
    decide,
    tightened,
)
from passport.engine.schema import Visibility

from .conftest import ROOT

SHARING_DOC = (ROOT / "docs" / "sharing.md").read_text(encoding="utf-8")
LANGUAGES = ("en", "es", "fr")
WITHHELD = {"en": "Withheld: ", "es": "No compartido: ", "fr": "Non partagé : "}

PRODUCER = "Cooperativa La Esperanza"
FACILITATOR = "Apoyo Minero"
BUYER = "Refinería del Sur"
PROSPECT = "Comercializadora Andina"
VERIFIER = "Verifica SAS"
AUTHORITY = "Agencia Nacional de Minería"

GRANTED = dt.date(2026, 7, 1)
UNTIL = dt.date(2027, 6, 30)
TODAY = dt.date(2027, 1, 15)
DAY = dt.timedelta(days=1)

PUBLIC, PARTNERS, CONFIDENTIAL = Visibility.PUBLIC, Visibility.PARTNERS, Visibility.CONFIDENTIAL
DUE_DILIGENCE, SOURCING, SUPPORT = Purpose.DUE_DILIGENCE, Purpose.SOURCING, Purpose.SUPPORT

TITLES = PLATFORM_FIELDS["titles"]
FINDINGS = PLATFORM_FIELDS["assessment.findings"]
MEMBERS = PLATFORM_FIELDS["members.personal"]


def grant(
    organisation: str = BUYER,
    audience: Audience = Audience.ACTUAL_PARTNER,
    purposes: frozenset[Purpose] = frozenset({DUE_DILIGENCE}),
    granted_on: dt.date = GRANTED,
    until: dt.date | None = UNTIL,
    revoked_on: dt.date | None = None,
) -> Grant:
    return Grant(organisation, audience, purposes, granted_on, until, revoked_on)


# Each audience as the policy meets it: a viewer, the producer's grants and the purpose asked.
AS_AUDIENCE: dict[Audience, tuple[Viewer, tuple[Grant, ...], Purpose]] = {
    Audience.PRODUCER: (Viewer(PRODUCER, own=True), (), DUE_DILIGENCE),
    Audience.FACILITATOR: (Viewer(FACILITATOR, authorised_facilitator=True), (), SUPPORT),
    Audience.ACTUAL_PARTNER: (Viewer(BUYER), (grant(),), DUE_DILIGENCE),
    Audience.PROSPECTIVE_PARTNER: (
        Viewer(PROSPECT),
        (grant(PROSPECT, Audience.PROSPECTIVE_PARTNER, frozenset({SOURCING})),),
        SOURCING,
    ),
    Audience.VERIFIER: (
        Viewer(VERIFIER),
        (grant(VERIFIER, Audience.VERIFIER, frozenset({Purpose.VERIFICATION})),),
        Purpose.VERIFICATION,
    ),
    Audience.AUTHORITY: (
        Viewer(AUTHORITY),
        (grant(AUTHORITY, Audience.AUTHORITY, frozenset({Purpose.STATISTICS})),),
        Purpose.STATISTICS,
    ),
    Audience.PUBLIC: (Viewer(None), (), DUE_DILIGENCE),
}


def decide_as(audience: Audience, rule: FieldRule, day: dt.date = TODAY) -> Decision:
    viewer, grants, purpose = AS_AUDIENCE[audience]
    return decide(viewer, rule, grants, purpose, day)


def seen_by(rule: FieldRule) -> set[Audience]:
    return {audience for audience in Audience if decide_as(audience, rule).visible}


# --- the decision table ---------------------------------------------------------------------------

Y, N = True, False
# The table of docs/sharing.md, by kind of field:
#                               public  partners  partners,     confidential  personal
#                                                 prospective
SEES: dict[Audience, tuple[bool, bool, bool, bool, bool]] = {
    Audience.PRODUCER: (Y, Y, Y, Y, Y),
    Audience.FACILITATOR: (Y, Y, Y, Y, Y),
    Audience.ACTUAL_PARTNER: (Y, Y, Y, N, N),
    Audience.VERIFIER: (Y, Y, Y, N, N),
    Audience.PROSPECTIVE_PARTNER: (Y, N, Y, N, N),
    Audience.AUTHORITY: (Y, N, N, N, N),
    Audience.PUBLIC: (Y, N, N, N, N),
}


def column(sensitivity: Visibility, personal: bool, prospective: bool) -> int:
    """The column of SEES a field falls in (``prospective`` only matters on a partners field)."""
    if personal:
        return 4
    if sensitivity is CONFIDENTIAL:
        return 3
    if sensitivity is PARTNERS:
        return 2 if prospective else 1
    return 0


COMBINATIONS = list(itertools.product(Audience, Visibility, (False, True), (False, True)))
VALID = [c for c in COMBINATIONS if not c[2] or c[1] is CONFIDENTIAL]
INVALID = [c for c in COMBINATIONS if c not in VALID]


def combination_id(combination: tuple[Audience, Visibility, bool, bool]) -> str:
    audience, sensitivity, personal, prospective = combination
    return "-".join([audience, sensitivity, *(["personal"] if personal else []), *(["prospective"] * prospective)])


@pytest.mark.parametrize(
    ("audience", "sensitivity", "personal", "prospective"), VALID, ids=[combination_id(c) for c in VALID]
)
def test_the_decision_table(audience: Audience, sensitivity: Visibility, personal: bool, prospective: bool) -> None:
    rule = FieldRule("some.field", sensitivity, personal=personal, prospective=prospective)
    decision = decide_as(audience, rule)
    assert decision.visible is SEES[audience][column(sensitivity, personal, prospective)]
    assert decision.audience is audience
    expected_grant = AS_AUDIENCE[audience][1][0] if AS_AUDIENCE[audience][1] else None
    assert decision.grant == expected_grant
    assert set(decision.reason) == set(LANGUAGES)
    for lang in LANGUAGES:
        assert decision.reason[lang].strip()
        # A withheld field says so: it is never shown as absent or as "no".
        assert decision.reason[lang].startswith(WITHHELD[lang]) is not decision.visible


@pytest.mark.parametrize(
    ("audience", "sensitivity", "personal", "prospective"), INVALID, ids=[combination_id(c) for c in INVALID]
)
def test_personal_data_cannot_be_anything_but_confidential(
    audience: Audience, sensitivity: Visibility, personal: bool, prospective: bool
) -> None:
    with pytest.raises(ValueError, match=rf"field 'members\.extra' is personal data.*never '{sensitivity.value}'"):
        FieldRule("members.extra", sensitivity, personal=personal, prospective=prospective)


def test_the_table_covers_every_audience_and_kind_of_field() -> None:
    assert set(SEES) == set(Audience) == set(AS_AUDIENCE)
    # Per audience: public and partners × prospective (2 + 2), confidential × personal × prospective (4).
    assert len(VALID) == 7 * (2 + 2 + 4)
    assert len(INVALID) == 7 * 4  # personal and public or partners, × prospective
    assert {column(s, p, q) for _, s, p, q in VALID} == {0, 1, 2, 3, 4}


# --- grants: when they are active ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("until", "revoked_on", "day", "active"),
    [
        pytest.param(None, None, GRANTED - DAY, False, id="the-day-before-it-is-granted"),
        pytest.param(None, None, GRANTED, True, id="from-the-day-it-is-granted"),
        pytest.param(None, None, dt.date(2040, 1, 1), True, id="without-end"),
        pytest.param(UNTIL, None, UNTIL, True, id="until-is-inclusive"),
        pytest.param(UNTIL, None, UNTIL + DAY, False, id="the-day-after-until"),
        pytest.param(GRANTED, None, GRANTED, True, id="a-one-day-grant"),
        pytest.param(None, dt.date(2027, 3, 1), dt.date(2027, 2, 28), True, id="the-day-before-revocation"),
        pytest.param(None, dt.date(2027, 3, 1), dt.date(2027, 3, 1), False, id="revocation-is-exclusive"),
        pytest.param(None, GRANTED, GRANTED, False, id="revoked-the-day-it-is-granted"),
        pytest.param(UNTIL, dt.date(2027, 3, 1), dt.date(2027, 4, 1), False, id="revoked-before-until"),
    ],
)
def test_a_grant_is_active_from_its_start_through_until_and_before_its_revocation(
    until: dt.date | None, revoked_on: dt.date | None, day: dt.date, active: bool
) -> None:
    given_grant = grant(until=until, revoked_on=revoked_on)
    assert given_grant.active_on(day) is active
    assert decide(Viewer(BUYER), TITLES, [given_grant], DUE_DILIGENCE, day).visible is active


def test_a_revoked_grant_withholds_from_the_day_of_revocation() -> None:
    revoked = grant(until=None, revoked_on=dt.date(2027, 3, 1))
    before = decide(Viewer(BUYER), TITLES, [revoked], DUE_DILIGENCE, dt.date(2027, 2, 28))
    on_the_day = decide(Viewer(BUYER), TITLES, [revoked], DUE_DILIGENCE, dt.date(2027, 3, 1))
    assert (before.visible, before.audience) == (True, Audience.ACTUAL_PARTNER)
    assert (on_the_day.visible, on_the_day.audience, on_the_day.grant) == (False, Audience.PUBLIC, None)
    assert on_the_day.reason == {
        "en": "Withheld: the producer revoked the grant to Refinería del Sur on 2027-03-01.",
        "es": "No compartido: el productor revocó el acceso de Refinería del Sur el 2027-03-01.",
        "fr": "Non partagé : le producteur a révoqué l'accès de Refinería del Sur le 2027-03-01.",
    }


def test_a_grant_revoked_the_day_it_was_given_never_shows_anything() -> None:
    never = grant(revoked_on=GRANTED)
    for day in (GRANTED - DAY, GRANTED, TODAY):
        assert not decide(Viewer(BUYER), TITLES, [never], DUE_DILIGENCE, day).visible
    assert decide(Viewer(BUYER), TITLES, [never], DUE_DILIGENCE, TODAY).reason["en"] == (
        "Withheld: the producer revoked the grant to Refinería del Sur on 2026-07-01."
    )


def test_an_expired_grant_says_when_it_ended() -> None:
    expired = grant(until=dt.date(2027, 1, 31))
    decision = decide(Viewer(BUYER), TITLES, [expired], DUE_DILIGENCE, dt.date(2027, 2, 1))
    assert not decision.visible
    assert decision.reason["en"] == "Withheld: the grant to Refinería del Sur ended on 2027-01-31."
    assert decision.reason["es"] == "No compartido: el acceso de Refinería del Sur terminó el 2027-01-31."
    assert decision.reason["fr"] == "Non partagé : l'accès de Refinería del Sur a pris fin le 2027-01-31."


def test_a_grant_that_expired_before_a_later_revocation_date_ended_rather_than_was_revoked() -> None:
    expired = grant(until=dt.date(2027, 1, 31), revoked_on=dt.date(2027, 2, 1))
    decision = decide(Viewer(BUYER), TITLES, [expired], DUE_DILIGENCE, dt.date(2027, 3, 1))
    assert decision.reason["en"] == "Withheld: the grant to Refinería del Sur ended on 2027-01-31."


def test_a_grant_not_started_yet_says_when_it_starts() -> None:
    upcoming = grant(granted_on=dt.date(2027, 5, 1))
    decision = decide(Viewer(BUYER), TITLES, [upcoming], DUE_DILIGENCE, TODAY)
    assert not decision.visible
    assert decision.reason["en"] == "Withheld: the grant to Refinería del Sur starts on 2027-05-01."


# --- grants: purposes, several grants, other organisations --------------------------------------------


def test_a_grant_for_another_purpose_withholds_and_says_what_it_covers() -> None:
    both = grant(purposes=frozenset({SUPPORT, DUE_DILIGENCE}))
    decision = decide(Viewer(BUYER), TITLES, [both], SOURCING, TODAY)
    assert (decision.visible, decision.audience, decision.grant) == (False, Audience.PUBLIC, None)
    assert audience_of(Viewer(BUYER), [both], TODAY, SOURCING) == (Audience.PUBLIC, None)
    assert decision.reason == {
        "en": "Withheld: the grant to Refinería del Sur covers due diligence and support, not sourcing.",
        "es": "No compartido: el acceso de Refinería del Sur cubre la debida diligencia y el acompañamiento, no el "
        "abastecimiento.",
        "fr": "Non partagé : l'accès de Refinería del Sur couvre le devoir de diligence et l'accompagnement, pas "
        "l'approvisionnement.",
    }


def test_a_public_field_is_shown_whatever_the_purpose() -> None:
    name = PLATFORM_FIELDS["producer.name"]
    decision = decide(Viewer(BUYER), name, [grant()], SOURCING, TODAY)
    assert decision.visible
    assert decision.reason["en"] == "Public: anyone may see the producer's name."


def test_the_strongest_active_grant_covering_the_purpose_wins() -> None:
    prospective = grant(audience=Audience.PROSPECTIVE_PARTNER)
    verifier = grant(audience=Audience.VERIFIER)
    partner = grant(until=dt.date(2027, 3, 31))
    for grants in itertools.permutations([prospective, verifier, partner]):
        assert audience_of(Viewer(BUYER), grants, TODAY, DUE_DILIGENCE) == (Audience.ACTUAL_PARTNER, partner)
    # Once the partner grant has ended, the verifier grant is the strongest left.
    assert audience_of(Viewer(BUYER), [prospective, verifier, partner], dt.date(2027, 4, 1), DUE_DILIGENCE) == (
        Audience.VERIFIER,
        verifier,
    )


def test_a_revoked_partner_grant_leaves_the_prospective_one() -> None:
    partner = grant(revoked_on=dt.date(2027, 1, 10))
    prospective = grant(audience=Audience.PROSPECTIVE_PARTNER, until=None)
    titles = decide(Viewer(BUYER), TITLES, [partner, prospective], DUE_DILIGENCE, TODAY)
    findings = decide(Viewer(BUYER), FINDINGS, [partner, prospective], DUE_DILIGENCE, TODAY)
    assert (titles.visible, titles.audience, titles.grant) == (False, Audience.PROSPECTIVE_PARTNER, prospective)
    assert titles.reason["en"] == (
        "Withheld: Refinería del Sur holds a prospective-partner grant, and only actual partners and verifiers "
        "see the mining titles."
    )
    assert findings.visible
    assert findings.reason["en"] == (
        "Shared with prospective partners: Refinería del Sur holds a prospective-partner grant for due diligence, "
        "with no end date, and prospective partners may see the findings and their actions."
    )


def test_among_grants_of_one_audience_the_one_lasting_longest_is_named() -> None:
    short = grant(until=dt.date(2027, 3, 31))
    open_ended = grant(until=None, granted_on=dt.date(2026, 12, 1))
    for grants in ([short, open_ended], [open_ended, short]):
        decision = decide(Viewer(BUYER), TITLES, grants, DUE_DILIGENCE, TODAY)
        assert decision.grant == open_ended
        assert decision.reason["en"] == (
            "Shared with partners: Refinería del Sur holds a partner grant for due diligence, with no end date."
        )


def test_the_partner_reason_names_the_organisation_the_purpose_and_the_end() -> None:
    decision = decide(Viewer(BUYER), TITLES, [grant()], DUE_DILIGENCE, TODAY)
    assert decision.reason == {
        "en": "Shared with partners: Refinería del Sur holds a partner grant for due diligence until 2027-06-30.",
        "es": "Compartido con socios: Refinería del Sur tiene acceso de socio para la debida diligencia hasta el "
        "2027-06-30.",
        "fr": "Partagé avec les partenaires : Refinería del Sur dispose d'un accès de partenaire pour le devoir de "
        "diligence jusqu'au 2027-06-30.",
    }


def test_a_grant_ends_where_a_later_revocation_ends_it() -> None:
    revoked_later = grant(until=None, revoked_on=dt.date(2027, 3, 1))
    decision = decide(Viewer(BUYER), TITLES, [revoked_later], DUE_DILIGENCE, TODAY)
    assert decision.reason["en"].endswith("for due diligence until 2027-02-28.")


def test_another_organisations_grant_gives_nothing() -> None:
    decision = decide(Viewer(PROSPECT), TITLES, [grant()], DUE_DILIGENCE, TODAY)
    assert (decision.visible, decision.audience, decision.grant) == (False, Audience.PUBLIC, None)
    assert decision.reason["en"] == (
        "Withheld: only organisations the producer has granted access see the mining titles, and Comercializadora "
        "Andina holds no grant."
    )


def test_an_anonymous_visitor_is_told_that_only_granted_organisations_see_a_partners_field() -> None:
    decision = decide(Viewer(None), TITLES, [grant()], DUE_DILIGENCE, TODAY)
    assert (
        decision.reason["en"] == "Withheld: only organisations the producer has granted access see the mining titles."
    )


def test_an_authority_sees_public_fields_only() -> None:
    viewer, grants, purpose = AS_AUDIENCE[Audience.AUTHORITY]
    decision = decide(viewer, PLATFORM_FIELDS["production.figures"], grants, purpose, TODAY)
    assert (decision.visible, decision.audience) == (False, Audience.AUTHORITY)
    assert decision.reason["en"] == (
        "Withheld: Agencia Nacional de Minería holds an authority grant, which shows public information only; "
        "authorities receive statistics as aggregates."
    )


def test_the_producer_and_its_facilitator_see_everything_whatever_the_grants_say() -> None:
    expired = grant(PRODUCER, until=dt.date(2026, 8, 1))
    own = decide(Viewer(PRODUCER, own=True), MEMBERS, [expired], SOURCING, TODAY)
    facilitator = decide(Viewer(FACILITATOR, authorised_facilitator=True), MEMBERS, [], SOURCING, TODAY)
    assert (own.visible, own.audience, own.grant) == (True, Audience.PRODUCER, None)
    assert (facilitator.visible, facilitator.audience, facilitator.grant) == (True, Audience.FACILITATOR, None)
    assert own.reason["en"] == "Shown: Cooperativa La Esperanza acts for the producer, which sees all its own data."
    assert facilitator.reason["en"] == (
        "Shown: Apoyo Minero is the producer's authorised facilitator, which sees what the producer sees."
    )


def test_a_partner_never_sees_personal_data_and_is_told_why() -> None:
    decision = decide(Viewer(BUYER), MEMBERS, [grant()], DUE_DILIGENCE, TODAY)
    assert (decision.visible, decision.audience) == (False, Audience.ACTUAL_PARTNER)
    assert decision.reason == {
        "en": "Withheld: only the producer and its facilitator see members' personal data.",
        "es": "No compartido: solo el productor y su facilitador ven los datos personales de los miembros.",
        "fr": "Non partagé : seuls le producteur et son facilitateur voient les données personnelles des membres.",
    }


def test_a_confidential_field_that_is_not_personal_says_the_producer_keeps_it() -> None:
    secret = FieldRule("answers.illegal_tax", CONFIDENTIAL)
    decision = decide(Viewer(BUYER), secret, [grant()], DUE_DILIGENCE, TODAY)
    assert decision.reason["en"] == "Withheld: the producer shares this information with no one but its facilitator."


def test_a_purpose_may_be_given_by_its_value_and_an_unknown_one_is_refused() -> None:
    assert decide(Viewer(BUYER), TITLES, [grant()], "due_diligence", TODAY).visible
    with pytest.raises(ValueError, match=r"unknown purpose 'marketing'; use one of: due_diligence, sourcing"):
        decide(Viewer(BUYER), TITLES, [grant()], "marketing", TODAY)


# --- what can and cannot be said ------------------------------------------------------------------------


def test_a_grant_may_be_given_with_values_and_keeps_them_as_enums() -> None:
    made = Grant(BUYER, "actual_partner", {"due_diligence", "sourcing"}, GRANTED)  # type: ignore[arg-type]
    assert made.audience is Audience.ACTUAL_PARTNER
    assert made.purposes == frozenset({DUE_DILIGENCE, SOURCING})
    assert isinstance(made.purposes, frozenset)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"organisation": " "}, "a grant names the organisation"),
        ({"audience": Audience.PRODUCER}, r"gives 'producer', which no grant gives; use one of: actual_partner"),
        ({"audience": Audience.FACILITATOR}, "gives 'facilitator', which no grant gives"),
        ({"audience": Audience.PUBLIC}, "gives 'public', which no grant gives"),
        ({"audience": "owner"}, r"the grant to 'Refinería del Sur': unknown audience 'owner'"),
        ({"purposes": frozenset()}, "names no purpose"),
        ({"purposes": frozenset({"marketing"})}, r"the grant to 'Refinería del Sur': unknown purpose 'marketing'"),
        ({"audience": Audience.AUTHORITY}, "authorities are granted access for statistics only"),
        ({"until": GRANTED - DAY}, "ends on 2026-06-30 before it starts on 2026-07-01"),
        ({"revoked_on": GRANTED - DAY}, "is revoked on 2026-06-30 before it starts on 2026-07-01"),
    ],
)
def test_a_grant_that_cannot_be_given_is_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        grant(**kwargs)  # type: ignore[arg-type]


@pytest.mark.parametrize("flags", [{"own": True}, {"authorised_facilitator": True}])
def test_a_viewer_acting_for_the_producer_names_its_organisation(flags: dict[str, bool]) -> None:
    with pytest.raises(ValueError, match="names its organisation"):
        Viewer(None, **flags)


def test_a_field_rule_needs_a_key_and_a_known_sensitivity() -> None:
    with pytest.raises(ValueError, match="needs a key"):
        FieldRule("", PUBLIC)
    with pytest.raises(ValueError, match=r"field 'titles': unknown sensitivity 'secret'; use one of: confidential"):
        FieldRule("titles", "secret")  # type: ignore[arg-type]
    assert FieldRule("titles", "partners").sensitivity is PARTNERS  # type: ignore[arg-type]


# --- the platform's fields ------------------------------------------------------------------------------


PLATFORM_DEFAULTS = [
    ("producer.name", PUBLIC, False, False),
    ("producer.region", PUBLIC, False, False),
    ("producer.commodities", PUBLIC, False, False),
    ("producer.outcome", PUBLIC, False, False),
    ("producer.passport_status", PUBLIC, False, False),
    ("titles", PARTNERS, False, False),
    ("sites.coordinates", PARTNERS, False, False),
    ("production.figures", PARTNERS, False, False),
    ("assessment.answers", PARTNERS, False, False),
    ("assessment.findings", PARTNERS, False, True),
    ("plans", PARTNERS, False, False),
    ("members.personal", CONFIDENTIAL, True, False),
    ("units.names", CONFIDENTIAL, True, False),
    ("evidence.files", CONFIDENTIAL, True, False),
    ("exclusions.reasons", CONFIDENTIAL, True, False),
]


@pytest.mark.parametrize(("key", "sensitivity", "personal", "prospective"), PLATFORM_DEFAULTS)
def test_the_platform_fields_have_their_documented_defaults(
    key: str, sensitivity: Visibility, personal: bool, prospective: bool
) -> None:
    assert PLATFORM_FIELDS[key] == FieldRule(key, sensitivity, personal=personal, prospective=prospective)
    assert f"`{key}`" in SHARING_DOC, f"docs/sharing.md does not document the platform field `{key}`"


def test_the_platform_fields_are_exactly_those_documented() -> None:
    assert list(PLATFORM_FIELDS) == [key for key, *_ in PLATFORM_DEFAULTS]
    assert all(key == rule.key for key, rule in PLATFORM_FIELDS.items())


@pytest.mark.parametrize("key", list(PLATFORM_FIELDS))
def test_every_platform_field_is_named_in_its_reasons(key: str) -> None:
    for audience in (Audience.PUBLIC, Audience.PROSPECTIVE_PARTNER):
        reason = decide_as(audience, PLATFORM_FIELDS[key]).reason
        for lang, generic in (("en", "this information"), ("es", "esta información"), ("fr", "cette information")):
            assert generic not in reason[lang]


@pytest.mark.parametrize(
    ("rule", "requested", "expected"),
    [
        pytest.param(TITLES, None, PARTNERS, id="no-override"),
        pytest.param(TITLES, CONFIDENTIAL, CONFIDENTIAL, id="partners-to-confidential"),
        pytest.param(TITLES, "confidential", CONFIDENTIAL, id="by-value"),
        pytest.param(TITLES, PARTNERS, PARTNERS, id="the-same"),
        pytest.param(TITLES, PUBLIC, PARTNERS, id="looser-is-ignored"),
        pytest.param(PLATFORM_FIELDS["producer.region"], PARTNERS, PARTNERS, id="public-to-partners"),
        pytest.param(MEMBERS, PUBLIC, CONFIDENTIAL, id="personal-data-never-public"),
        pytest.param(MEMBERS, PARTNERS, CONFIDENTIAL, id="personal-data-never-partners"),
    ],
)
def test_a_producer_may_tighten_a_field_but_never_loosen_it(
    rule: FieldRule, requested: Visibility | str | None, expected: Visibility
) -> None:
    result = tightened(rule, requested)
    assert result.sensitivity is expected
    assert (result.key, result.personal, result.prospective) == (rule.key, rule.personal, rule.prospective)


def test_a_refused_override_is_told_apart_by_its_sensitivity() -> None:
    assert tightened(TITLES, PUBLIC).sensitivity != PUBLIC
    assert tightened(TITLES, PUBLIC) is TITLES


@pytest.mark.parametrize("requested", ["partners", "confidential"])
def test_the_producers_name_cannot_be_tightened(requested: str) -> None:
    assert frozenset({"producer.name"}) == FIXED_FIELDS
    rule = PLATFORM_FIELDS["producer.name"]
    assert tightened(rule, requested) == rule
    stranger = decide(Viewer("Refinería del Sur"), tightened(rule, requested), [], "due_diligence", TODAY)
    assert stranger.visible


def test_tightening_to_a_value_that_is_no_sensitivity_names_the_field() -> None:
    with pytest.raises(ValueError, match=r"field 'titles': unknown sensitivity 'private'"):
        tightened(TITLES, "private")


def test_tightening_the_findings_hides_them_from_prospective_partners() -> None:
    assert Audience.PROSPECTIVE_PARTNER in seen_by(FINDINGS)
    assert seen_by(tightened(FINDINGS, CONFIDENTIAL)) == {Audience.PRODUCER, Audience.FACILITATOR}


# --- properties ------------------------------------------------------------------------------------------

ORGANISATIONS = (BUYER, PROSPECT, VERIFIER, AUTHORITY, FACILITATOR)
GRANTED_AUDIENCES = (Audience.ACTUAL_PARTNER, Audience.VERIFIER, Audience.PROSPECTIVE_PARTNER, Audience.AUTHORITY)
ANY_ORGANISATION = st.sampled_from(ORGANISATIONS)
days = st.dates(dt.date(2026, 1, 1), dt.date(2028, 12, 31))


@st.composite
def grants(draw: st.DrawFn, organisation: st.SearchStrategy[str] = ANY_ORGANISATION) -> Grant:
    audience = draw(st.sampled_from(GRANTED_AUDIENCES))
    if audience is Audience.AUTHORITY:
        purposes = frozenset({Purpose.STATISTICS})
    else:
        purposes = draw(st.frozensets(st.sampled_from(Purpose), min_size=1))
    granted_on = draw(days)
    later = st.dates(granted_on, granted_on + dt.timedelta(days=900))
    return Grant(draw(organisation), audience, purposes, granted_on, draw(st.none() | later), draw(st.none() | later))


@st.composite
def rules(draw: st.DrawFn) -> FieldRule:
    personal = draw(st.booleans())
    sensitivity = CONFIDENTIAL if personal else draw(st.sampled_from(Visibility))
    key = draw(st.sampled_from([*PLATFORM_FIELDS, "answers.security_present"]))
    return FieldRule(key, sensitivity, personal=personal, prospective=draw(st.booleans()))


@settings(max_examples=200, deadline=None)
@given(
    organisation=st.none() | st.sampled_from(ORGANISATIONS),
    drawn=st.lists(grants(), max_size=6),
    rule=rules(),
    purpose=st.sampled_from(Purpose),
    day=days,
)
def test_without_a_usable_grant_a_viewer_sees_exactly_the_public_fields(
    organisation: str | None, drawn: list[Grant], rule: FieldRule, purpose: Purpose, day: dt.date
) -> None:
    # Grants to others, and the viewer's own grants that are inactive or for another purpose.
    others = [g for g in drawn if not (g.organisation == organisation and g.active_on(day) and purpose in g.purposes)]
    decision = decide(Viewer(organisation), rule, others, purpose, day)
    assert decision.visible is (rule.sensitivity is PUBLIC)
    assert (decision.audience, decision.grant) == (Audience.PUBLIC, None)
    assert all(decision.reason[lang] for lang in LANGUAGES)


@settings(max_examples=200, deadline=None)
@given(rule=rules(), requested=st.none() | st.sampled_from(Visibility))
def test_tightening_never_shows_a_field_to_anyone_new(rule: FieldRule, requested: Visibility | None) -> None:
    after = tightened(rule, requested)
    assert seen_by(after) <= seen_by(rule)
    strictest = max(rule.sensitivity, requested or PUBLIC, key=[PUBLIC, PARTNERS, CONFIDENTIAL].index)
    assert after.sensitivity is (rule.sensitivity if rule.key in FIXED_FIELDS else strictest)
    assert (after.key, after.personal, after.prospective) == (rule.key, rule.personal, rule.prospective)


@settings(max_examples=100, deadline=None)
@given(
    drawn=st.lists(grants(st.just(BUYER)), max_size=5),
    rule=rules(),
    purpose=st.sampled_from(Purpose),
    day=days,
    data=st.data(),
)
def test_the_order_of_the_grants_never_matters(
    drawn: list[Grant], rule: FieldRule, purpose: Purpose, day: dt.date, data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(drawn))
    assert decide(Viewer(BUYER), rule, shuffled, purpose, day) == decide(Viewer(BUYER), rule, drawn, purpose, day)


@settings(max_examples=100, deadline=None)
@given(drawn=st.lists(grants(st.just(BUYER)), max_size=5), purpose=st.sampled_from(Purpose), day=days)
def test_a_partners_field_is_shown_exactly_when_a_partner_or_verifier_grant_is_usable(
    drawn: list[Grant], purpose: Purpose, day: dt.date
) -> None:
    usable = {g.audience for g in drawn if g.active_on(day) and purpose in g.purposes}
    expected = bool(usable & {Audience.ACTUAL_PARTNER, Audience.VERIFIER})
    assert decide(Viewer(BUYER), TITLES, drawn, purpose, day).visible is expected
