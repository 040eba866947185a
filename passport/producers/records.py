"""The registry services' typed inputs and read results (re-exported by ``services``).

Inputs are plain values a page, the API or a command builds; results carry the rows to show
and what the actor may do with them, so templates never decide access themselves."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.core.paginator import Page

from .access import Access
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
    access: Access
    can_edit: bool  # sites, members, committees
    can_manage: bool  # profile, titles, authorisations
    sees_personal_data: bool
    can_assess: bool = False  # start an assessment (of a kind the organisation may run)


@dataclass(frozen=True)
class ProducerOverview:
    producer: Producer
    allowed: Permissions
    titles: list[Title]
    sites: list[Site]
    member_counts: MemberCounts


@dataclass(frozen=True)
class SiteOverview:
    site: Site
    allowed: Permissions
    member_count: int


@dataclass(frozen=True)
class MemberList:
    producer: Producer
    allowed: Permissions
    counts: MemberCounts
    page: Page[Member] | None  # None when the actor sees counts only


@dataclass(frozen=True)
class CommitteeOverview:
    site: Site
    allowed: Permissions
    committee: Committee | None
    seat_count: int
    seats: list[CommitteeSeat] | None  # None when the actor sees counts only
    meetings: list[Meeting]
    candidates: list[Member] = field(default_factory=list)  # members who may take a seat


@dataclass(frozen=True)
class AuthorisationList:
    producer: Producer
    allowed: Permissions
    authorisations: list[AssessorAuthorisation]
