"""Which of the sharing policy's platform fields (docs/sharing.md) rules each part of the registry.

Every read of the registry asks the viewer's lens (``passport.sharing.policy``) about these keys;
nothing here decides who sees what, it only names the key each piece of data falls under
(docs/registry.md explains the choices).
"""

from __future__ import annotations

from typing import Final

PROFILE: Final = "assessment.answers"
"""The producer's self-description beyond its public fields — type, subtype, mining methods, legal
status, description — and its members' counts by role and gender. The profile answers the
questions that decide which of the standard's requirements apply (``engine_profile``) and the
counts are what the workforce questions are about, so they are shared with those who see the
assessment's answers (actual partners and verifiers by default), and a producer that keeps its
answers to itself keeps these too."""

TITLES: Final = "titles"
SITES: Final = "sites.coordinates"
"""A site's existence, name, coordinates, place and description, and its committee's
non-personal facts (when formed, how many seats, meeting dates and attendance): a site's name
usually says where it is, so it is no less sensitive than its coordinates."""
PERSONAL: Final = "members.personal"
UNIT_NAMES: Final = "units.names"
EXCLUSION_REASONS: Final = "exclusions.reasons"
FINDINGS: Final = "assessment.findings"
"""Why the producer's page says it no longer meets the entry criteria: the requirements whose
mitigation window lapsed, the units that count for its supply and are not eligible, and the link
to their roll-up (that it no longer does, and since when, goes with its public outcome)."""
UNIT_LIST: Final = FINDINGS
"""The units of a cooperative numbered "Unit 1", "Unit 2", … with their kind and whether they are
excluded from the supply, for viewers who may not see their names: the roll-up shows units the
same way beside their outcomes, which are findings."""

# Where each piece of the registry is read (for docs and tests); the public ones are the
# producer's own public fields.
REGISTRY_FIELDS: Final[dict[str, str]] = {
    "Producer.organisation.name": "producer.name",
    "Producer.country": "producer.region",
    "Producer.subdivision": "producer.region",
    "Producer.municipality": "producer.region",
    "Producer.commodities": "producer.commodities",
    "Producer.type": PROFILE,
    "Producer.subtype": PROFILE,
    "Producer.methods": PROFILE,
    "Producer.legal_status": PROFILE,
    "Producer.description": PROFILE,
    "Member counts": PROFILE,
    "Title.*": TITLES,
    "Site.*": SITES,
    "Committee.formed_on, seat count, Meeting.held_on, Meeting.attendees": SITES,
    "Member.*": PERSONAL,
    "CommitteeSeat.* (who holds a seat, and the role)": PERSONAL,
    "Meeting.minutes, Meeting.decisions": PERSONAL,
    "Unit.name, Unit.member": UNIT_NAMES,
    "Units numbered, their kind and exclusion dates": UNIT_LIST,
    "The standing banner's reasons and roll-up link (a lapsed window, units not eligible)": FINDINGS,
    "The standing banner's outcome and date": "producer.outcome",
    "UnitExclusion.reason, lift_reason, recorded_by, lifted_by": EXCLUSION_REASONS,
}

PUBLIC_KEYS: Final = ("producer.name", "producer.region", "producer.commodities")
"""The public fields a producer list shows (a producer may tighten them too)."""
