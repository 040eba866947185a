"""The public directory: producers that chose to be listed, with what the public sees of them
(name, region, minerals, latest outcome, passport status). Anyone may read it, signed in or not."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet, Subquery

from passport.assessments.models import Result
from passport.producers.models import Producer

from .models import FieldSetting, Sensitivity
from .policy import Lens, lens_from_rows

DIRECTORY_PAGE = 20


def directory(*, country: str = "", commodity: str = "", q: str = "") -> QuerySet[Producer]:
    """Producers listed in the public directory, by name, each with its latest organisation-level
    result's outcome and standard (``latest_outcome``, ``latest_standard``: one query, no N+1).

    A filter only matches a producer on a field the public sees: one that tightened its region or
    minerals is not found by them (finding it would tell the value). Its name is always public
    (``FIXED_FIELDS``): a search by name finds it whatever its settings."""
    latest = Result.objects.filter(producer=OuterRef("pk"), assessment__unit__isnull=True).order_by(
        "-created_at", "-id"
    )
    rows = (
        Producer.objects.filter(listing__isnull=False)
        .select_related("organisation")
        .annotate(
            latest_outcome=Subquery(latest.values("outcome")[:1]),
            latest_standard=Subquery(latest.values("standard_ref")[:1]),
        )
        .order_by("organisation__name", "id")
    )
    if country:
        rows = _public_only(rows.filter(country=country.strip().upper()[:2]), "producer.region")
    if commodity:
        value = commodity.strip()[:30]
        if connection.vendor == "postgresql":
            rows = rows.filter(commodities__contains=[value])
        else:  # a whole value of the JSON list, quoted as SQLite stores it
            rows = rows.filter(commodities__icontains=f'"{value}"')
        rows = _public_only(rows, "producer.commodities")
    if q.strip():
        rows = rows.filter(organisation__name__icontains=q.strip()[:100])
    return rows


def _public_only(rows: QuerySet[Producer], key: str) -> QuerySet[Producer]:
    tightened_here = FieldSetting.objects.filter(producer=OuterRef("pk"), key=key).exclude(
        sensitivity=Sensitivity.PUBLIC
    )
    return rows.exclude(Exists(tightened_here))


@dataclass(frozen=True)
class Listed:
    """One producer of the directory, with the lens of a visitor who is not signed in."""

    producer: Producer
    lens: Lens
    outcome: str | None
    standard: str | None


@dataclass(frozen=True)
class DirectoryPage:
    items: list[Listed]
    count: int


def directory_page(
    *, country: str = "", commodity: str = "", q: str = "", limit: int = DIRECTORY_PAGE, offset: int = 0
) -> DirectoryPage:
    """One page of the directory: three queries whatever its length (the count, the producers
    with their outcomes, their tightened fields)."""
    rows = directory(country=country, commodity=commodity, q=q)
    count = rows.count()
    producers = list(rows[offset : offset + limit])
    settings: dict[int, dict[str, str]] = {p.pk: {} for p in producers}
    for producer_id, key, sensitivity in FieldSetting.objects.filter(producer__in=producers).values_list(
        "producer_id", "key", "sensitivity"
    ):
        settings[producer_id][key] = sensitivity
    items = [
        Listed(
            producer=p,
            lens=public_lens(p, settings[p.pk]),
            outcome=p.latest_outcome,  # type: ignore[attr-defined]
            standard=p.latest_standard,  # type: ignore[attr-defined]
        )
        for p in producers
    ]
    return DirectoryPage(items, count)


def public_lens(producer: Producer, settings: Mapping[str, str]) -> Lens:
    """``policy.anonymous_lens(producer)`` with the producer's tightened fields already loaded, so
    a page of the directory asks for them once, not once per producer (a test checks the two
    decide alike)."""
    return lens_from_rows(producer, None, own=False, facilitator=False, grant_rows=(), settings=settings)
