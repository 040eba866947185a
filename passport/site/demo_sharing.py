"""The demo's sharing, built through the same services people use (docs/sharing.md).

- Nuevo Horizonte (Nariño) shares its data with its buyer, Metales Andinos, as an actual
  partner for due diligence, for a year: the buyer reads its answers and findings, never its
  members' names.
- Mungwe (South Kivu), Nuevo Horizonte and Quebrada Honda are in the public directory (name,
  region, commodities, outcome, passport status only). Piedra Viva is not.
- Metales Andinos found Mungwe in the directory and asked for access as a prospective partner
  for sourcing: the request waits for Mungwe's answer (in French, its owner's language).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from passport.accounts.access import Actor
from passport.accounts.models import Membership, Organisation, Role
from passport.producers.clock import local_today
from passport.producers.models import Producer
from passport.sharing import services as sharing

LISTED = ("narino", "kivu", "taraza")
SHARED_FOR = dt.timedelta(days=365)
REQUEST_MESSAGE = (
    "Metales Andinos buys tin and gold from artisanal producers for export under OECD due diligence. "
    "We found your group in the directory and would like to read your findings before we visit."
)


def _owner(organisation: Organisation) -> Actor:
    membership = Membership.objects.select_related("user", "organisation").get(
        organisation=organisation, role=Role.OWNER
    )
    return Actor.for_membership(membership, user=membership.user)


def build_sharing(*, producers: Mapping[str, Producer], partners: Mapping[str, Organisation]) -> None:
    """``producers`` by producer key (narino, kivu, taraza…); ``partners`` by organisation key (buyer)."""
    buyer = partners["buyer"]
    narino = producers["narino"]
    sharing.grant_access(
        actor=_owner(narino.organisation),
        producer_uuid=narino.uuid,
        organisation_uuid=buyer.uuid,
        audience="actual_partner",
        purposes=["due_diligence"],
        until=local_today(narino) + SHARED_FOR,
    )
    for key in LISTED:
        sharing.set_listed(actor=_owner(producers[key].organisation), producer_uuid=producers[key].uuid, listed=True)
    sharing.request_access(
        actor=_owner(buyer),
        producer_uuid=producers["kivu"].uuid,
        audience="prospective_partner",
        purposes=["sourcing"],
        message=REQUEST_MESSAGE,
    )
