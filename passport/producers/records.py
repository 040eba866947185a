"""The registry services' typed inputs and read results (re-exported by ``services``).

Inputs are plain values a page, the API or a command builds; results carry the rows to show,
what the actor may do with them, and the viewer's ``lens``. A value the lens withholds is
``None`` in a result (never an empty list), so a template or the API cannot show it by mistake
and shows the withheld marker with the lens's reason instead."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from django.core.paginator import Page

from passport.accounts.models import Organisation
from passport.sharing.policy import Lens

from .access import Access

if TYPE_CHECKING:  # plans depends on producers, not back
    from passport.plans.deadlines import Standing
from .models import (
    AssessorAuthorisation,
    Committee,
    CommitteeSeat,
    Gender,
    Meeting,
    Member,
    MemberRole,
    Producer,
    Site,
    Title,
)

# --- Inputs ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class ProducerProfile:
    type: str
    commodities: Sequence[str]
    methods: Sequence[str]
    country: str
    legal_status: str
    subtype: str = ""
    subdivision: str = ""
    municipality: str = ""
    description: str = ""


@dataclass(frozen=True)
class TitleDetails:
    kind: str
    reference: str
    issued_by: str = ""
    valid_from: dt.date | None = None
    valid_until: dt.date | None = None


@dataclass(frozen=True)
class SiteDetails:
    name: str
    latitude: object = None
    longitude: object = None
    subdivision: str = ""
    municipality: str = ""
    description: str = ""


@dataclass(frozen=True)
class MemberDetails:
    name: str
    role: str
    gender: str = Gender.UNDISCLOSED
    age_band: str = ""
    site: uuid.UUID | str | None = None


# --- Read results ----------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberCounts:
    """What anyone who may see the producer learns about its members: no names, no ages."""

    total: int
    by_role: dict[str, int]
    by_gender: dict[str, int]

    @property
    def role_rows(self) -> list[tuple[str, int]]:
        return [(str(label), self.by_role[code]) for code, label in MemberRole.choices if code in self.by_role]

    @property
    def gender_rows(self) -> list[tuple[str, int]]:
        return [(str(label), self.by_gender[code]) for code, label in Gender.choices if code in self.by_gender]


@dataclass(frozen=True)
class Permissions:
    """What the actor may do; what it may see is its ``Lens``'s."""

    access: Access
    can_edit: bool  # sites, members, committees
    can_manage: bool  # profile, titles, authorisations
    can_assess: bool = False  # start an assessment (of a kind the organisation may run)


@dataclass(frozen=True)
class Preview:
    """The producer's own people look at its page as another organisation (or the public) sees it."""

    organisation: Organisation | None
    """None: as the public sees it."""
    opens: bool = True
    """Whether that organisation may open the page at all (``Access.NONE`` gets 404: the preview
    then shows what it would see if it could)."""


@dataclass(frozen=True)
class StandingBanner:
    """The producer no longer meets the entry criteria (a lapsed mitigation window, or units that
    count for its supply): the banner on its page."""

    standing: Standing
    """Its ``reasons`` and ``link`` are empty when ``reasons_shown`` is false."""
    reasons_shown: bool
    """Whether the reader sees why (the lapsed requirements, the units not eligible, the link to
    their roll-up): those are findings (``assessment.findings``). The outcome and since when are
    public, as the latest result's outcome."""


@dataclass(frozen=True)
class ProducerOverview:
    producer: Producer
    allowed: Permissions
    lens: Lens
    titles: list[Title] | None  # None: withheld
    sites: list[Site] | None  # None: withheld
    member_counts: MemberCounts | None  # None: withheld
    preview: Preview | None = None
    can_request: bool = False
    """A buyer, verifier or authority outside the producer may ask it for access."""
    standing: StandingBanner | None = None
    """Asked for by the page only (``get_producer(with_standing=True)``): None when the producer
    meets the entry criteria, has no result yet, or the reader's lens withholds its outcome."""


@dataclass(frozen=True)
class TitleList:
    producer: Producer
    allowed: Permissions
    lens: Lens
    titles: list[Title] | None  # None: withheld


@dataclass(frozen=True)
class SiteList:
    producer: Producer
    allowed: Permissions
    lens: Lens
    sites: list[Site] | None  # None: withheld


@dataclass(frozen=True)
class SiteOverview:
    site: Site
    allowed: Permissions
    lens: Lens
    member_count: int | None  # None: withheld


@dataclass(frozen=True)
class MemberList:
    producer: Producer
    allowed: Permissions
    lens: Lens
    counts: MemberCounts | None  # None: withheld
    page: Page[Member] | None  # None: names withheld


@dataclass(frozen=True)
class CommitteeOverview:
    site: Site
    allowed: Permissions
    lens: Lens
    committee: Committee | None
    seat_count: int
    seats: list[CommitteeSeat] | None  # None: who holds them is withheld
    meetings: list[Meeting]
    """Dates and attendance; minutes and decisions only when ``seats`` is not None."""
    candidates: list[Member] = field(default_factory=list)  # members who may take a seat


@dataclass(frozen=True)
class AuthorisationList:
    producer: Producer
    allowed: Permissions
    authorisations: list[AssessorAuthorisation]
