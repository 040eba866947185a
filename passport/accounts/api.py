"""API endpoints of this app (mounted under /api/v1/ by passport.site.api): who is calling, and
the organisations they act for."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import LimitOffsetPagination, paginate

from . import services
from .access import Actor
from .models import Organisation

router = Router(tags=["organisations"])


class UserOut(Schema):
    uuid: uuid.UUID
    name: str
    email: str


class OrganisationOut(Schema):
    uuid: uuid.UUID
    name: str
    kind: str
    country: str = Field(description="ISO 3166-1 alpha-2, or empty")
    role: str | None = Field(description="The caller's role in it")


class TokenOut(Schema):
    uuid: uuid.UUID
    prefix: str


class MeOut(Schema):
    user: UserOut | None = Field(description="The signed-in person; null for an API token")
    organisation: OrganisationOut | None = Field(description="The organisation the caller acts for")
    role: str | None
    scopes: list[str] | None = Field(description="A token's scopes; null for a person (limited by role only)")
    token: TokenOut | None = Field(description="The API token used, if any")


def _organisation_out(org: Organisation, role: str | None) -> OrganisationOut:
    return OrganisationOut(uuid=org.uuid, name=org.name, kind=org.kind, country=org.country, role=role)


@router.get("/me", response=MeOut, operation_id="get_me", summary="Who is calling")
def me(request: HttpRequest) -> MeOut:
    actor: Actor = request.auth  # type: ignore[attr-defined]
    user = actor.user
    return MeOut(
        user=UserOut(uuid=user.uuid, name=user.name, email=user.email) if user else None,
        organisation=_organisation_out(actor.organisation, actor.role) if actor.organisation else None,
        role=actor.role,
        scopes=sorted(actor.scopes) if actor.scopes is not None else None,
        token=TokenOut(uuid=actor.token_id, prefix=actor.token_prefix or "") if actor.token_id else None,
    )


@router.get(
    "/organisations",
    response=list[OrganisationOut],
    operation_id="list_organisations",
    summary="The organisations the caller may act for (a token: its own)",
)
@paginate(LimitOffsetPagination)
def list_organisations(request: HttpRequest) -> QuerySet[Organisation]:
    return services.list_organisations(actor=request.auth)  # type: ignore[attr-defined]


@router.get(
    "/organisations/{organisation_uuid}",
    response=OrganisationOut,
    operation_id="get_organisation",
    summary="One of the caller's organisations (404 for any other)",
)
def get_organisation(request: HttpRequest, organisation_uuid: uuid.UUID) -> OrganisationOut:
    org = services.get_organisation(actor=request.auth, organisation_uuid=organisation_uuid)  # type: ignore[attr-defined]
    return _organisation_out(org, org.role)  # type: ignore[attr-defined]
